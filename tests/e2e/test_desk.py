"""In Chromium: nothing an editor types is lost. The article form autosaves a few seconds
after typing stops; closing the tab, or a session that ends while the editor types, loses
nothing: the form opened again offers the text back. Two editors of the same article see each
other, and the one who did not save is offered to reload."""

import time

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.urls import reverse

from news.models import Article, Rubric
from portal.desk import presence
from portal.models import EditDraft
from portal.typography import typeset
from tests.e2e.support import axe_violations, editor_data, log_in_to_admin

pytestmark = pytest.mark.e2e

PASSWORD = "Redaktor-chernovik-2026"
OFFER = "Восстановить несохранённые изменения от "


@pytest.fixture
def article(transactional_db, django_user_model, settings):
    for username, first, last in [("ivanova", "Ирина", "Иванова"), ("petrov", "Пётр", "Петров")]:
        user = django_user_model.objects.create_superuser(
            username, f"{username}@example.org", PASSWORD
        )
        user.first_name, user.last_name = first, last
        user.save()
    return Article.objects.create(
        title="Итоги визита делегации",
        slug="itogi-vizita",
        lead="Гости познакомились с городом.",
        body="<p>Делегация провела в Алчевске два дня.</p>",
        rubric=Rubric.objects.create(name="Партнёрство", slug="partnerstvo"),
        status=Article.Status.DRAFT,
    )


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def autosave_url(article):
    return reverse("admin:news_article_autosave", args=[article.pk])


def open_the_form(page, article):
    page.goto(change_url(article))
    page.locator(".ck-editor__editable p").first.wait_for()


def leave(page, article, username):
    """Leave the form and wait until its last beat («I am gone») is answered, so that no
    request of it is still being answered when the test's database is emptied."""
    page.goto(reverse("admin:index"))
    user = User.objects.get(username=username)
    deadline = time.monotonic() + 10
    while str(user.pk) in (cache.get(presence._key(article)) or {}):
        assert time.monotonic() < deadline, "the form did not say it was left"
        time.sleep(0.1)
    time.sleep(0.2)


def type_at_the_end(page, text):
    page.locator(".ck-editor__editable p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(text)


def restore_the_offer(page, expected):
    offer = page.locator(".desk__offer", has_text=expected)
    offer.wait_for()
    page.locator(".ck-editor__editable p").first.wait_for()
    assert page.locator("#desk-offer-title").inner_text().startswith(OFFER)
    assert expected in offer.inner_text()
    page.get_by_role("button", name="Восстановить", exact=True).click()
    offer.wait_for(state="detached")


def test_the_text_survives_closing_the_tab(live_server, new_context, screenshots, article, axe_js):
    context = new_context(base_url=live_server.url, axe=True)
    page = context.new_page()
    log_in_to_admin(page, "ivanova", PASSWORD)
    open_the_form(page, article)

    with page.expect_response(lambda r: r.url.endswith(autosave_url(article))) as saved:
        type_at_the_end(page, " Гости уехали в пятницу.")
    assert saved.value.status == 200
    page.locator(".desk__status", has_text="Черновик сохранён в ").wait_for()
    page.close()  # the tab is closed without saving

    page = context.new_page()
    open_the_form(page, article)
    screenshots(page, "offer")
    # The desk's blocks (the rest of Django's admin page has violations of its own).
    assert axe_violations(page, include="#desk") == []
    restore_the_offer(page, "уехали в пятницу.")
    assert "Гости уехали в пятницу." in editor_data(page)
    article.refresh_from_db()
    assert "пятницу" not in article.body  # restored into the form, not saved

    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    article.refresh_from_db()
    assert "Гости уехали в&nbsp;пятницу." in article.body  # typeset on save
    assert not EditDraft.objects.exists()
    assert page.locator(".desk__offer").count() == 0
    leave(page, article, "ivanova")


def test_the_text_survives_a_session_that_ended(live_server, new_context, screenshots, article):
    page = new_context(base_url=live_server.url).new_page()
    log_in_to_admin(page, "ivanova", PASSWORD)
    open_the_form(page, article)
    with page.expect_response(lambda r: r.url.endswith(autosave_url(article))) as saved:
        type_at_the_end(page, " Первая часть.")
    assert saved.value.status == 200

    Session.objects.all().delete()  # the session ends on the server while she types
    with page.expect_response(lambda r: r.url.endswith(autosave_url(article))) as refused:
        type_at_the_end(page, " Вторая часть.")
    assert refused.value.status == 403
    page.locator(".desk__status", has_text="Сеанс работы завершён.").wait_for()
    screenshots(page, "session-ended")

    log_in_to_admin(page, "ivanova", PASSWORD)
    open_the_form(page, article)
    # The copy kept in the browser is handed to the server and offered with the rest.
    restore_the_offer(page, "Вторая часть.")
    screenshots(page, "restored")
    body = editor_data(page)
    assert "Первая часть." in body and "Вторая часть." in body
    leave(page, article, "ivanova")


def test_two_editors_see_each_other_and_the_reload_notice(
    live_server, new_context, screenshots, article, settings, axe_js
):
    settings.DESK_HEARTBEAT_SECONDS = 1
    hers = new_context(base_url=live_server.url, axe=True).new_page()
    his = new_context(base_url=live_server.url).new_page()
    log_in_to_admin(hers, "ivanova", PASSWORD)
    log_in_to_admin(his, "petrov", PASSWORD)
    open_the_form(hers, article)
    open_the_form(his, article)

    assert his.locator(".desk__editing").inner_text() == "Сейчас редактирует: Иванова И."
    hers.locator(".desk__editing", has_text="Сейчас редактирует: Петров П.").wait_for()

    his.fill("#id_lead", "Гости из Тореза познакомились с городом.")
    his.click("input[name=_continue]")
    his.locator(".messagelist .success").wait_for()

    notice = hers.locator(".desk__notice")
    notice.wait_for()
    assert "Петров П." in notice.inner_text()
    screenshots(hers, "reload-notice")
    assert axe_violations(hers, include="#desk") == []
    notice.get_by_role("button", name="Перезагрузить страницу").click()
    hers.wait_for_load_state()
    hers.locator(".ck-editor__editable p").first.wait_for()
    assert hers.locator("#id_lead").input_value() == typeset(
        "Гости из Тореза познакомились с городом."
    )
    assert hers.locator("input[name=version]").input_value() == "2"

    leave(his, article, "petrov")  # he leaves: gone from her page
    hers.locator(".desk__editing").wait_for(state="hidden")
    leave(hers, article, "ivanova")

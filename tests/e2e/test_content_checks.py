"""In Chromium: the chief editor cannot publish an article with an empty heading; the checks
panel beside the form says why, and the refused save lists the problem."""

import pytest
from django.urls import reverse

from news.models import Article, Rubric
from tests.e2e.support import log_in_to_admin

pytestmark = pytest.mark.e2e

PASSWORD = "Glavred-proverka-2026"


@pytest.fixture
def article(transactional_db, django_user_model, settings):
    django_user_model.objects.create_superuser("glavred", "g@example.org", PASSWORD)
    return Article.objects.create(
        title="Итоги визита делегации",
        lead="Гости познакомились с городом.",
        body="<p>Делегация провела в Алчевске два дня.</p><h2>Программа визита</h2>",
        rubric=Rubric.objects.create(name="Партнёрство", slug="partnerstvo"),
        status=Article.Status.DRAFT,
    )


def test_a_check_blocks_publishing_an_article_with_an_empty_heading(
    live_server, new_context, screenshots, article
):
    page = new_context(base_url=live_server.url).new_page()
    log_in_to_admin(page, "glavred", PASSWORD)
    page.goto(reverse("admin:news_article_change", args=[article.pk]), wait_until="networkidle")
    assert page.locator(".content-checks__ok").inner_text() == "Замечаний нет."

    # The editor adds a heading and leaves it empty, then tries to publish.
    editable = page.locator(".ck-editor__editable")
    editable.locator("h2").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.type("Текст второго дня.")
    page.keyboard.press("Enter")
    page.locator(".ck-heading-dropdown button").first.click()
    page.locator(".ck-heading-dropdown .ck-list__item", has_text="Заголовок 2").first.click()
    page.select_option("#id_status", Article.Status.PUBLISHED)
    page.click("input[name=_save]")

    page.locator(".errornote").wait_for()
    screenshots(page, "publishing-refused")
    errors = page.locator(".errorlist.nonfield").inner_text()
    assert "Статью нельзя опубликовать, пока не исправлено:" in errors
    assert "Заголовок 2-го уровня пуст" in errors
    panel = page.locator(".content-checks__list--errors").inner_text()
    assert "Заголовок 2-го уровня пуст" in panel
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

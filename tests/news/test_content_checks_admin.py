"""The content checks in the article admin and the publishing services: errors refuse
publishing and submitting for review with the list of problems (in Russian), warnings do not;
both are shown beside the form."""

import pytest
from django.urls import reverse

from news.models import Article
from news.services import ContentNotReady, publish_article, submit_for_review
from tests.support import form_data, page

EMPTY_HEADING = "<h2></h2><p>Текст новости.</p>"
VAGUE_LINK = '<p>Программа форума — <a href="https://forum.example/">здесь</a>.</p>'


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def post_form(client, article, **changes):
    data = form_data(page(client.get(change_url(article))), "article_form")
    data.update(changes)
    return client.post(change_url(article), data)


def errors_of(response) -> str:
    tree = page(response)
    return " ".join(
        " ".join(element.text_content().split())
        for element in tree.xpath("//*[contains(@class, 'errorlist')]")
    )


@pytest.fixture
def draft(make_article):
    return make_article("Черновик о форуме", status=Article.Status.DRAFT)


def test_publishing_an_article_with_an_empty_heading_is_refused_with_the_list(
    editor_client, draft
):
    response = post_form(editor_client, draft, body=EMPTY_HEADING, status="published")

    assert response.status_code == 200
    errors = errors_of(response)
    assert "Статью нельзя опубликовать, пока не исправлено:" in errors
    assert "Заголовок 2-го уровня пуст: напишите его текст или удалите его." in errors
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert "<h2>" not in draft.body


def test_every_error_is_listed(editor_client, draft):
    response = post_form(
        editor_client,
        draft,
        title="Очень длинный заголовок новости " * 4,
        body=EMPTY_HEADING,
        status="published",
    )

    errors = errors_of(response)
    assert "Заголовок 2-го уровня пуст" in errors
    assert "Заголовок слишком длинный (знаков: 127)" in errors


def test_a_warning_does_not_block_publishing(editor_client, draft):
    response = post_form(editor_client, draft, body=VAGUE_LINK, status="published")

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED


def test_a_draft_with_errors_can_still_be_saved(editor_client, draft):
    response = post_form(editor_client, draft, body=EMPTY_HEADING)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT and "<h2>" in draft.body


def test_an_author_cannot_submit_an_article_with_errors_for_review(login, author, rubric):
    article = Article.objects.create(
        title="Заметка автора",
        lead="Коротко.",
        body="<p>Текст.</p>",
        rubric=rubric,
        created_by=author,
    )
    client = login(author)

    refused = post_form(client, article, body=EMPTY_HEADING, review_action="submit")
    accepted = post_form(client, article, body=VAGUE_LINK, review_action="submit")

    assert "Статью нельзя отправить на согласование, пока не исправлено:" in errors_of(refused)
    assert accepted.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_the_chief_editor_cannot_approve_an_article_with_errors(login, chief, make_article):
    article = make_article("На согласовании", status=Article.Status.REVIEW, body=EMPTY_HEADING)

    response = post_form(login(chief), article, review_action="approve")

    assert "Статью нельзя опубликовать, пока не исправлено:" in errors_of(response)
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW


def test_the_publish_action_skips_articles_with_errors_and_says_why(editor_client, make_article):
    broken = make_article("Сломанная", status=Article.Status.DRAFT, body=EMPTY_HEADING)
    fine = make_article("Исправная", status=Article.Status.DRAFT)

    response = editor_client.post(
        reverse("admin:news_article_changelist"),
        {"action": "publish_selected", "_selected_action": [broken.pk, fine.pk], "index": 0},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert (
        "«Сломанная»: Статью нельзя опубликовать, пока не исправлено: Заголовок 2-го уровня "
        "пуст: напишите его текст или удалите его."
    ) in messages
    assert "1 статья опубликована." in messages
    broken.refresh_from_db()
    fine.refresh_from_db()
    assert broken.status == Article.Status.DRAFT and fine.status == Article.Status.PUBLISHED


def test_the_services_refuse_people_but_not_the_system(editor, make_article):
    article = make_article("Без анонса", status=Article.Status.DRAFT, lead="")

    with pytest.raises(ContentNotReady) as refusal:
        publish_article(article, by=editor)
    assert refusal.value.report.errors[0].code == "no_lead"
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    with pytest.raises(ContentNotReady):
        submit_for_review(article, by=editor)

    publish_article(article)  # an import or a command: by=None
    assert article.status == Article.Status.PUBLISHED


def test_the_panel_shows_errors_warnings_and_reading_time_on_the_change_form(
    editor_client, make_article
):
    article = make_article(
        "Статья с замечаниями", status=Article.Status.DRAFT, body=EMPTY_HEADING + VAGUE_LINK
    )

    tree = page(editor_client.get(change_url(article)))

    panel = tree.xpath("//section[contains(@class, 'content-checks')]")
    assert len(panel) == 1
    assert panel[0].xpath("string(h2)") == "Проверка перед публикацией"
    assert panel[0].xpath(".//ul[contains(@class, '--errors')]/li/@data-check") == [
        "empty_heading"
    ]
    assert panel[0].xpath(".//ul[contains(@class, '--warnings')]/li/@data-check") == ["vague_link"]
    summary = panel[0].xpath("string(.//p[@class='content-checks__summary'])")
    assert summary == "8 слов, чтение — около 1 мин."
    # In the publishing column, before the review buttons.
    assert panel[0].getparent().get("class") == "article-form__side"


def test_the_panel_says_so_when_all_is_well(editor_client, make_article):
    article = make_article("Хорошая статья", status=Article.Status.DRAFT)

    tree = page(editor_client.get(change_url(article)))

    assert tree.xpath("string(//p[@class='content-checks__ok'])") == "Замечаний нет."


def test_a_refused_form_shows_the_checks_of_what_was_submitted(editor_client, draft):
    response = post_form(editor_client, draft, body=EMPTY_HEADING, status="published")

    codes = page(response).xpath("//section[contains(@class, 'content-checks')]//li/@data-check")
    assert codes == ["empty_heading"]


def test_the_add_form_has_no_panel_until_something_is_submitted(editor_client):
    tree = page(editor_client.get(reverse("admin:news_article_add")))

    assert not tree.xpath("//section[contains(@class, 'content-checks')]")

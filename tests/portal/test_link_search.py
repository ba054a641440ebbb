"""The link picker's search (portal.views.editor_link_search) and its place under every
rich-text editor (portal.fields.RichTextWidget): staff find public pages of every kind by
their words and get their titles and addresses; nothing that readers cannot open is offered."""

import pytest
from django.urls import reverse

from news.models import Article
from tests.support import page

URL = reverse("portal:editor-link-search")


def found(client, words):
    response = client.get(URL, {"q": words})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_staff_find_public_news_by_their_words(editor_client, make_article):
    article = make_article("Фестиваль побратимов в Торезе")
    make_article("Черновик о фестивале побратимов", status=Article.Status.DRAFT)
    make_article("Новость о другом")

    answer = found(editor_client, "фестиваль побратимов")

    assert [(r["title"], r["url"]) for r in answer["results"]] == [
        (article.title, article.get_absolute_url())
    ]
    assert answer["results"][0]["kind"] == "Новости"


def test_agreements_and_events_are_found_too(editor_client, make_agreement, make_event):
    agreement = make_agreement("Соглашение о побратимских связях с Торезом")
    event = make_event("Визит делегации Тореза")
    make_agreement("Черновик соглашения с Торезом", is_published=False)

    answer = found(editor_client, "Торез")

    urls = {result["url"] for result in answer["results"]}
    assert agreement.get_absolute_url() in urls
    assert event.get_absolute_url() in urls
    assert all("Черновик" not in result["title"] for result in answer["results"])


def test_nothing_found_says_so(editor_client, db):
    answer = found(editor_client, "несуществующееслово")

    assert answer["results"] == []
    assert answer["message"] == "На сайте ничего не найдено."


@pytest.mark.parametrize("words", ["", "   ", "а" * 5000, "\x00", "<script>"])
def test_odd_queries_are_answered_without_an_error(editor_client, db, words):
    assert isinstance(found(editor_client, words)["results"], list)


def test_the_answer_is_not_cached(editor_client, db):
    response = editor_client.get(URL, {"q": "Торез"})

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_visitors_and_readers_are_sent_to_log_in(client, django_user_model):
    response = client.get(URL, {"q": "Торез"})
    assert response.status_code == 302
    reader = django_user_model.objects.create_user("chitatel", password="x")
    client.force_login(reader)
    assert client.get(URL, {"q": "Торез"}).status_code == 302


def test_every_rich_text_editor_of_the_admin_has_the_picker(editor_client, make_agreement):
    agreement = make_agreement()
    for url in (
        reverse("admin:news_article_add"),
        reverse("admin:partnerships_agreement_change", args=[agreement.pk]),
    ):
        tree = page(editor_client.get(url))
        pickers = tree.xpath("//div[contains(@class, 'link-picker')]")
        assert pickers, url
        for picker in pickers:
            assert picker.get("data-search-url") == URL
            assert tree.get_element_by_id(picker.get("data-link-picker-for")).tag == "textarea"
            assert picker.get("hidden") is not None, "shown by its script only"
        assert any(src.endswith("portal/link_picker.js") for src in tree.xpath("//script/@src"))

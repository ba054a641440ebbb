"""The live preview beside the article form (portal.live_preview, news.live_preview): the form
as typed, posted to the preview, is shown in the public design without being saved; only this
site may frame it; only those who may edit the article see it."""

import pytest
from django.urls import reverse

from news.models import Article, Tag
from tests.support import form_data, page


def words(tree, path):
    """The text at ``path``, its spaces (the typographer's no-break ones too) made plain."""
    return " ".join(tree.xpath(f"string({path})").split())


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def preview_url(article=None):
    if article is None:
        return reverse("admin:news_article_live_preview")
    return reverse("admin:news_article_live_preview", kwargs={"object_id": article.pk})


def typed(client, article, **changes):
    """The change form's data as the browser would post it, with the editor's changes."""
    data = form_data(page(client.get(change_url(article))), "article_form")
    data.update(changes)
    return data


@pytest.fixture
def draft(make_article):
    return make_article(
        "Черновик о визите",
        status=Article.Status.DRAFT,
        body="<p>Текст, сохранённый раньше.</p>",
    )


def test_the_preview_shows_the_form_as_typed_and_saves_nothing(editor_client, draft):
    data = typed(
        editor_client,
        draft,
        title="Делегация Тореза в Алчевске",
        lead="Гости провели в городе два дня.",
        body="<p>Только что написанный абзац.</p>",
    )

    response = editor_client.post(preview_url(draft), data)

    tree = page(response)
    assert words(tree, "//h1") == "Делегация Тореза в Алчевске"
    assert "Только что написанный абзац." in words(tree, "//*[contains(@class, 'article__body')]")
    assert "Гости провели в городе два дня." in words(tree, "//*[@class='article__lead']")
    assert tree.xpath("//*[@class='preview-banner']"), "says it is a preview"
    draft.refresh_from_db()
    assert draft.title == "Черновик о визите"
    assert draft.body == "<p>Текст, сохранённый раньше.</p>"


def test_only_this_site_may_frame_the_preview_and_nobody_caches_or_indexes_it(
    editor_client, draft
):
    response = editor_client.post(preview_url(draft), typed(editor_client, draft))

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = {
        part.split()[0]: part.split()[1:]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_other_pages_still_refuse_every_frame(editor_client, draft):
    form = editor_client.get(change_url(draft))
    article = editor_client.get(reverse("news:preview", args=[draft.pk]))
    for response in (form, article):
        assert response["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    # The admin may frame its own pages (the preview), no one else's but the video players.
    assert "'self'" in form["Content-Security-Policy"].split("frame-src")[1].split(";")[0]


def test_the_text_is_sanitised_as_saving_would(editor_client, draft):
    data = typed(
        editor_client,
        draft,
        body='<p onclick="steal()">Абзац</p><script>steal()</script><img src="x" onerror="steal()" alt="x">',
    )

    response = editor_client.post(preview_url(draft), data)

    body = response.content.decode()
    assert "steal()" not in body
    assert "<p>Абзац</p>" in body


def test_the_checks_of_the_text_as_typed_come_with_the_preview(editor_client, draft):
    data = typed(editor_client, draft, body="<h2></h2><p>Текст.</p>")

    tree = page(editor_client.post(preview_url(draft), data))

    template = tree.get_element_by_id("live-preview-checks")
    errors = " ".join(template.xpath(".//*[@data-check]/text()"))
    assert "Заголовок 2-го уровня пуст" in errors


def test_the_tags_chosen_in_the_form_are_shown(editor_client, draft):
    tag = Tag.objects.create(name="Торез", slug="torez")
    data = typed(editor_client, draft, tags=[str(tag.pk)])

    tree = page(editor_client.post(preview_url(draft), data))

    assert tree.xpath("//*[@class='tags']//a/text()") == ["#Торез"]
    assert not draft.tags.exists()


def test_a_new_article_is_previewed_before_it_has_a_rubric_or_a_title(editor_client):
    tree = page(editor_client.get(reverse("admin:news_article_add")))
    data = form_data(tree, "article_form")
    data.update(lead="Анонс будущей новости.", body="<p>Первый абзац.</p>")

    response = editor_client.post(preview_url(), data)

    tree = page(response)
    assert words(tree, "//h1") == "Статья без заголовка"
    assert "Первый абзац." in response.content.decode()
    assert not Article.objects.exists()


def test_half_typed_fields_never_break_the_preview(editor_client, draft):
    data = typed(
        editor_client,
        draft,
        publish_at_0="31.02.20",
        publish_at_1="25:99",
        rubric="999999",
        title="",
        slug="не адрес",
    )

    response = editor_client.post(preview_url(draft), data)

    assert response.status_code == 200


def test_the_form_offers_the_live_preview_with_its_script(editor_client, draft):
    tree = page(editor_client.get(change_url(draft)))

    panel = tree.xpath("//section[contains(@class, 'live-preview')]")[0]
    assert panel.get("data-live-preview-url") == preview_url(draft)
    assert panel.get("hidden") is not None, "shown by its script only"
    frame = panel.xpath(".//iframe")[0]
    assert frame.get("title")
    assert [button.get("data-preview-width") for button in panel.xpath(".//button")] == [
        "375",
        "1280",
    ]
    scripts = tree.xpath("//script/@src")
    assert any(src.endswith("portal/live_preview.js") for src in scripts)
    add = page(editor_client.get(reverse("admin:news_article_add")))
    assert add.xpath(f"//section[@data-live-preview-url='{preview_url()}']")


def test_the_preview_is_only_posted(editor_client, draft):
    assert editor_client.get(preview_url(draft)).status_code == 405


def test_an_author_previews_their_own_draft_only(login, author, other_author, make_article):
    own = make_article("Своя заметка", status=Article.Status.DRAFT, created_by=author)
    theirs = make_article("Чужая заметка", status=Article.Status.DRAFT, created_by=other_author)
    client = login(author)

    data = typed(client, own, title="Своя заметка, исправленная")
    assert words(page(client.post(preview_url(own), data)), "//h1") == "Своя заметка, исправленная"
    refused = client.post(preview_url(theirs), data)
    assert refused.status_code in (403, 404)
    assert "Чужая заметка" not in refused.content.decode()


def test_a_visitor_is_sent_to_log_in(client, draft):
    response = client.post(preview_url(draft), {"title": "x"})

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.django_db
def test_a_missing_article_is_not_found(editor_client):
    url = reverse("admin:news_article_live_preview", kwargs={"object_id": 987654})
    assert editor_client.post(url, {}).status_code == 404

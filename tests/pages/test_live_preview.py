"""The live preview beside the page form (pages.live_preview): the page as typed, in the public
design, unsaved; framed by this site only."""

from django.urls import reverse

from pages.models import Page
from tests.support import form_data, page


def test_the_page_form_previews_what_is_typed_without_saving(editor_client, make_page):
    about = make_page("О городе", body="<p>Сохранённый текст.</p>", status="draft")
    make_page("История", parent=about)
    url = reverse("admin:pages_page_change", args=[about.pk])
    tree = page(editor_client.get(url))
    panel = tree.xpath("//section[contains(@class, 'live-preview')]")[0]
    preview_url = reverse("admin:pages_page_live_preview", kwargs={"object_id": about.pk})
    assert panel.get("data-live-preview-url") == preview_url
    data = form_data(tree, "page_form")
    data.update(title="Об Алчевске", body="<p>Новый текст.</p><script>x()</script>")

    response = editor_client.post(preview_url, data)

    shown = page(response)
    assert shown.xpath("string(//h1)").strip() == "Об Алчевске"
    assert "Новый текст." in shown.xpath("string(//*[contains(@class, 'article__body')])")
    assert "x()" not in response.content.decode()
    assert shown.xpath("//nav[@aria-labelledby='subpages-title']//a/text()") == ["История"]
    assert shown.xpath("//meta[@name='robots']/@content") == ["noindex, nofollow"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    about.refresh_from_db()
    assert about.title == "О городе"
    assert about.body == "<p>Сохранённый текст.</p>"


def test_a_new_page_is_previewed_too(editor_client, db):
    tree = page(editor_client.get(reverse("admin:pages_page_add")))
    data = form_data(tree, "page_form")
    data.update(body="<p>Черновой текст.</p>")

    response = editor_client.post(reverse("admin:pages_page_live_preview"), data)

    assert "Черновой текст." in page(response).xpath("string(//main)")
    assert not Page.objects.exists()

"""The live preview beside the event form (partnerships.live_preview): the event page as typed,
with the partners chosen in the form, unsaved; framed by this site only."""

from django.urls import reverse

from partnerships.models import Event
from tests.support import form_data, page


def words(tree, path):
    """The text at ``path``, its spaces (the typographer's no-break ones too) made plain."""
    return " ".join(tree.xpath(f"string({path})").split())


def test_the_event_form_previews_what_is_typed_without_saving(editor_client, make_event, torez):
    event = make_event("Визит делегации", description="<p>Сохранённое описание.</p>")
    url = reverse("admin:partnerships_event_change", args=[event.pk])
    tree = page(editor_client.get(url))
    preview_url = reverse("admin:partnerships_event_live_preview", kwargs={"object_id": event.pk})
    assert tree.xpath(f"//section[@data-live-preview-url='{preview_url}']")
    data = form_data(tree, "event_form")
    data.update(
        title="Ответный визит делегации Тореза",
        description='<p>Новое описание.</p><img src="x" onerror="steal()" alt="">',
        partners=[str(torez.pk)],
    )

    response = editor_client.post(preview_url, data)

    shown = page(response)
    assert words(shown, "//h1") == "Ответный визит делегации Тореза"
    assert "Новое описание." in words(shown, "//*[contains(@class, 'rich-text')]")
    assert "steal()" not in response.content.decode()
    assert torez.name in words(shown, "//dl[@class='facts']")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    event.refresh_from_db()
    assert event.title == "Визит делегации"
    assert not event.partners.exists()


def test_a_new_event_is_previewed_too(editor_client, db):
    tree = page(editor_client.get(reverse("admin:partnerships_event_add")))
    data = form_data(tree, "event_form")
    data.update(description="<p>Черновое описание.</p>")

    response = editor_client.post(reverse("admin:partnerships_event_live_preview"), data)

    assert "Черновое описание." in page(response).xpath("string(//main)")
    assert not Event.objects.exists()

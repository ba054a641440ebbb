"""Documents and photos of the register are kept when the admin refuses a save
(portal.kept_uploads; the news and site settings cases are in tests/portal)."""

from django.urls import reverse

from tests.support import form_data, page


def test_an_agreement_document_survives_an_error_in_its_own_row(
    editor_client, make_agreement, pdf_upload
):
    agreement = make_agreement()
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    data = form_data(page(editor_client.get(url)), "agreement_form")
    data.update(
        {
            "title": "Соглашение о сотрудничестве",
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": "Текст соглашения",
            "documents-0-file": pdf_upload(),
        }
    )

    refused = editor_client.post(url, data)

    assert refused.status_code == 200
    corrected = form_data(page(refused), "agreement_form")
    corrected["documents-0-order"] = "1"
    assert editor_client.post(url, corrected).status_code == 302
    assert agreement.documents.get().file


def test_an_event_photo_survives_a_form_error(editor_client, make_event, library_image):
    event = make_event()
    photo = library_image("vizit.jpg")
    url = reverse("admin:partnerships_event_change", args=[event.pk])
    data = form_data(page(editor_client.get(url)), "event_form")
    data.update(
        {
            "title": "",
            "photos-TOTAL_FORMS": "1",
            "photos-0-order": "0",
            "photos-0-image": photo.pk,  # chosen from the media library
            "photos-0-alt": "Фото визита",
        }
    )

    refused = editor_client.post(url, data)

    assert refused.status_code == 200
    corrected = form_data(page(refused), "event_form")
    corrected["title"] = "Визит делегации"
    assert editor_client.post(url, corrected).status_code == 302
    assert event.photos.get().image == photo

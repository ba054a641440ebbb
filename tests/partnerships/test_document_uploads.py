"""An agreement's documents are uploaded through the agreement's admin page: a PDF that
would act on opening is refused there with the form shown again, never stored, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships.models import AgreementDocument
from tests.support import form_data, page, pdf_bytes, pdf_with_object_stream

pytestmark = pytest.mark.django_db

HOSTILE = {
    "URI on opening": pdf_bytes(catalog=b"/OpenAction << /S /URI /URI (https://evil.example/) >>"),
    "script in an object stream": pdf_with_object_stream(
        b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>"
    ),
    "unreadable": b"%PDF-1.7\n" + b"[" * 50_000 + b"\n%%EOF\n",
    "not a PDF": b"<![foo[ <html>",
}


def post_document(editor_client, agreement, content):
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    data = form_data(page(editor_client.get(url)), "agreement_form")
    data.update(
        {
            "documents-TOTAL_FORMS": "1",
            "documents-0-title": "Скан соглашения",
            "documents-0-kind": AgreementDocument.Kind.SIGNED_TEXT,
            "documents-0-order": "1",
            "documents-0-file": SimpleUploadedFile("скан.pdf", content, "application/pdf"),
        }
    )
    return editor_client.post(url, data)


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_pdf_is_refused_in_the_admin(editor_client, make_agreement, settings, case):
    response = post_document(editor_client, make_agreement(), HOSTILE[case])

    assert response.status_code == 200
    errors = page(response).xpath(
        "//*[@id='documents-group']//ul[contains(@class, 'errorlist')]/li/text()"
    )
    assert len(errors) == 1 and "PDF" in errors[0]
    assert not AgreementDocument.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_a_passive_pdf_is_stored_from_the_admin(editor_client, make_agreement):
    response = post_document(editor_client, make_agreement(), pdf_bytes())

    assert response.status_code == 302
    assert AgreementDocument.objects.get().file.name.endswith("skan.pdf")

"""The documents' admin: the screen-reader warnings after an upload and on the list, the
explicit «no longer in force» of a repealed document, and who may edit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Document, DocumentLink
from portal import roles
from tests.documents.conftest import SCANNED_PDF, TAGGED_TEXT_PDF, UNTAGGED_TEXT_PDF
from tests.support import form_data, page

pytestmark = pytest.mark.django_db


def change_url(document):
    return reverse("admin:documents_document_change", args=[document.pk])


def post_file(client, document, content, **extra):
    url = change_url(document)
    data = form_data(page(client.get(url)), "document_form")
    data.pop("file", None)
    data.update({"file": SimpleUploadedFile("скан.pdf", content, "application/pdf"), **extra})
    return client.post(url, data, follow=True)


@pytest.mark.parametrize(
    ("content", "warned"),
    [
        (SCANNED_PDF, ["нет текстового слоя", "документ без тегов"]),
        (UNTAGGED_TEXT_PDF, ["документ без тегов"]),
        (TAGGED_TEXT_PDF, []),
    ],
    ids=["scan", "untagged", "tagged"],
)
def test_the_editor_is_warned_after_uploading_a_pdf_screen_readers_cannot_read(
    editor_client, make_document, content, warned
):
    document = make_document()
    response = post_file(editor_client, document, content)
    assert response.status_code == 200
    messages = [str(message) for message in response.context["messages"]]
    document.refresh_from_db()
    assert document.file
    warnings = [m for m in messages if "программами экранного доступа" in m]
    if warned:
        assert len(warnings) == 1
        assert all(problem in warnings[0] for problem in warned)
    else:
        assert warnings == []


def test_the_change_form_repeats_the_warning_until_text_is_given(
    editor_client, make_document, pdf_upload
):
    document = make_document(file=pdf_upload(SCANNED_PDF), text="")
    page_text = editor_client.get(change_url(document)).content.decode()
    assert "нет текстового слоя" in page_text
    assert "Добавьте текст документа" in page_text


def test_a_hostile_pdf_is_refused_as_for_agreements(editor_client, make_document):
    document = make_document()
    hostile = TAGGED_TEXT_PDF.replace(
        b"/MarkInfo", b"/OpenAction << /S /JavaScript /JS (x) >> /MarkInfo"
    )
    response = post_file(editor_client, document, hostile)
    assert response.status_code == 200
    document.refresh_from_db()
    assert not document.file


def test_the_list_filter_inaccessible_to_blind_readers(editor_client, make_document, pdf_upload):
    make_document("Скан без текста", file=pdf_upload(SCANNED_PDF))
    make_document("Скан с текстом", file=pdf_upload(SCANNED_PDF), text="<p>Текст</p>")
    make_document("Размеченный PDF", file=pdf_upload(TAGGED_TEXT_PDF))
    url = reverse("admin:documents_document_changelist")
    listing = editor_client.get(url, {"accessible": "no"}).content.decode()
    assert "недоступные для незрячих" in listing
    assert "Скан без текста" in listing
    assert "Скан с текстом" not in listing
    assert "Размеченный PDF" not in listing


def inline_data(client, document, **fields):
    data = form_data(page(client.get(change_url(document))), "document_form")
    data.update(
        {
            "outgoing_links-TOTAL_FORMS": "1",
            "outgoing_links-0-kind": fields.get("kind", DocumentLink.Kind.REPEALS),
            "outgoing_links-0-target": str(fields["target"].pk),
        }
    )
    if fields.get("mark"):
        data["outgoing_links-0-mark_repealed"] = "on"
    return data


def test_repealing_marks_the_target_only_when_asked(editor_client, make_document):
    old = make_document("Старый порядок", number="215")
    new = make_document("Новый порядок", number="398")
    editor_client.post(change_url(new), inline_data(editor_client, new, target=old))
    old.refresh_from_db()
    assert DocumentLink.objects.filter(source=new, target=old, kind="repeals").exists()
    assert old.status == Document.Status.IN_FORCE

    other = make_document("Ещё один старый", number="216")
    editor_client.post(change_url(new), inline_data(editor_client, new, target=other, mark=True))
    other.refresh_from_db()
    assert other.status == Document.Status.REPEALED


def test_only_a_repeal_can_mark_the_target(editor_client, make_document):
    old = make_document("Старый", number="1")
    new = make_document("Новый", number="2")
    data = inline_data(editor_client, new, target=old, kind=DocumentLink.Kind.AMENDS, mark=True)
    response = editor_client.post(change_url(new), data)
    assert response.status_code == 200  # the form again, with the error
    old.refresh_from_db()
    assert old.status == Document.Status.IN_FORCE


def test_the_chief_editor_keeps_the_documents_and_authors_do_not(
    client, make_document, django_user_model
):
    document = make_document()
    groups = roles.sync_roles()
    for role, expected in ((roles.CHIEF_EDITOR, 200), (roles.AUTHOR, 403)):
        user = django_user_model.objects.create_user(role, password="x", is_staff=True)
        user.groups.add(groups[role])
        client.force_login(user)
        assert client.get(change_url(document)).status_code == expected, role
        assert user.has_perm("documents.change_document") == (expected == 200)

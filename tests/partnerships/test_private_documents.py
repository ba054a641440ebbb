"""An agreement's documents live in the private storage and are served by a view that checks
the agreement: to everyone while it is public, to those who may change agreements before;
never at a /media/ address."""

import importlib
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from partnerships.models import AgreementDocument
from tests.support import pdf_bytes

pytestmark = pytest.mark.django_db

CONTENT = pdf_bytes()
TITLE = "Текст соглашения (скан)"


@pytest.fixture
def make_document(make_agreement, pdf_upload):
    def build(**agreement_fields):
        agreement = make_agreement(**agreement_fields)
        return AgreementDocument.objects.create(
            agreement=agreement, title=TITLE, file=pdf_upload(content=CONTENT)
        )

    return build


def files_under(root):
    return sorted(p.name for p in root.rglob("*.pdf")) if root.exists() else []


def test_a_document_is_stored_outside_the_public_media(make_document, settings):
    document = make_document(is_published=False)
    assert files_under(settings.MEDIA_ROOT) == []
    assert files_under(settings.PRIVATE_MEDIA_ROOT) == [document.file.filename]
    assert not document.file.url.startswith(settings.MEDIA_URL)
    assert document.file.url == f"/partnerships/documents/{document.pk}/{document.file.filename}"


def test_a_draft_agreements_document_is_not_found_by_the_public(client, make_document):
    document = make_document(is_published=False)
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(f"/media/{document.file.name}").status_code == 404


def test_staff_who_may_not_change_agreements_do_not_get_it(
    client, make_document, django_user_model
):
    document = make_document(is_published=False)
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_editors_get_a_draft_agreements_document_uncached(editor_client, make_document):
    document = make_document(is_published=False)
    response = editor_client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    cache_control = response["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control
    assert "public" not in cache_control


def test_a_public_agreements_document_is_served_to_anyone(client, make_document):
    document = make_document()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # RFC 6266 with RFC 5987's encoding of the Russian name.
    assert response["Content-Disposition"] == f"inline; filename*=utf-8''{quote(TITLE + '.pdf')}"
    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]


def test_a_public_document_unchanged_since_it_was_fetched_answers_304(client, make_document):
    document = make_document()
    first = client.get(document.get_absolute_url())
    again = client.get(
        document.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]}
    )
    assert again.status_code == 304
    assert "public" in again["Cache-Control"]
    document.agreement.is_published = False
    document.agreement.save()
    hidden = client.get(
        document.get_absolute_url(), headers={"if-modified-since": first["Last-Modified"]}
    )
    assert hidden.status_code == 404


def test_unpublishing_the_agreement_withdraws_its_document(client, make_document):
    document = make_document()
    assert client.get(document.get_absolute_url()).status_code == 200
    document.agreement.is_published = False
    document.agreement.save()
    assert client.get(document.get_absolute_url()).status_code == 404


def test_wrong_addresses_and_missing_files_are_404(client, make_document):
    document = make_document()
    assert client.get(f"/partnerships/documents/{document.pk}/other.pdf").status_code == 404
    assert client.get(f"/partnerships/documents/{document.pk + 1}/x.pdf").status_code == 404
    document.file.storage.delete(document.file.name)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_the_agreement_page_and_the_api_link_to_the_view(client, make_document):
    document = make_document(slug="soglashenie")
    page = client.get("/partnerships/soglashenie/").content.decode()
    assert f'href="{document.get_absolute_url()}"' in page
    assert "/media/" not in page.split('id="documents-title"')[1].split("</section>")[0]
    (listed,) = client.get("/api/agreements/soglashenie/").json()["documents"]
    assert listed["url"] == f"http://testserver{document.get_absolute_url()}"


MIGRATION = "partnerships.migrations.0007_documents_in_private_storage"


def test_the_migration_moves_existing_files_from_the_public_media(client, make_document, settings):
    document = make_document()
    # As before the migration: the file in the public media storage.
    private, public = storages["private"], storages["default"]
    public_name = public.save(document.file.name, ContentFile(CONTENT))
    private.delete(document.file.name)
    taken = private.save(document.file.name, ContentFile(b"another file of that name"))
    AgreementDocument.objects.filter(pk=document.pk).update(file=public_name)
    state = MigrationExecutor(connection).loader.project_state(
        ("partnerships", "0007_documents_in_private_storage")
    )

    importlib.import_module(MIGRATION).to_private(state.apps, None)

    document.refresh_from_db()
    assert not public.exists(public_name)
    assert files_under(settings.MEDIA_ROOT) == []
    assert document.file.name != taken  # the name was taken there: it got another
    assert private.open(document.file.name).read() == CONTENT
    assert private.open(taken).read() == b"another file of that name"
    response = client.get(document.get_absolute_url())
    assert b"".join(response.streaming_content) == CONTENT


def test_a_private_folder_inside_the_public_media_is_an_error(settings, tmp_path):
    from portal.checks import check_private_media_root

    assert check_private_media_root(None) == []
    settings.PRIVATE_MEDIA_ROOT = settings.MEDIA_ROOT / "private"
    assert [error.id for error in check_private_media_root(None)] == ["vestnik.E002"]

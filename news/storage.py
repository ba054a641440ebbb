"""Where a document uploaded for an import (``ImportRun``) waits for the worker:
``IMPORT_UPLOADS_ROOT``, never under ``MEDIA_ROOT`` (it is not public), read by the worker
from the same folder — on a disk the web servers and workers share when they run on
different machines."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class ImportUploadStorage(FileSystemStorage):
    @cached_property
    def base_location(self):
        return settings.IMPORT_UPLOADS_ROOT

    def url(self, name):
        raise ValueError("Uploaded import documents have no public address.")

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "IMPORT_UPLOADS_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


_storage = ImportUploadStorage()


def import_uploads() -> ImportUploadStorage:
    """The storage of ``ImportRun.source_file`` (a callable, so migrations name no folder)."""
    return _storage


def delete_upload(sender, instance, **kwargs):
    """``post_delete`` of an import: its uploaded document goes with it."""
    if instance.source_file:
        instance.source_file.delete(save=False)


FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})
_FIRST_ELEMENT = re.compile(rb"<(?![?!])([A-Za-z][\w:.-]*)")


def validate_feed_document(upload) -> None:
    """Refuse an upload whose first element is not a feed's (RSS, Atom, RDF, WordPress WXR):
    an SVG or HTML page named .xml is never stored, whatever its name or content type."""
    upload.seek(0)
    head = upload.read(64 * 1024)
    upload.seek(0)
    found = _FIRST_ELEMENT.search(head)
    if not found or found.group(1).decode("ascii", "replace").lower() not in FEED_ROOTS:
        raise ValidationError(
            _("This is not an RSS or Atom feed or a WordPress export (WXR) in XML."),
            code="not_a_feed",
        )

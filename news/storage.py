"""Where a document uploaded for an import (``ImportRun``) waits for the worker:
``IMPORT_UPLOADS_ROOT``, never under ``MEDIA_ROOT`` (it is not public), read by the worker
from the same folder — on a disk the web servers and workers share when they run on
different machines."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


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

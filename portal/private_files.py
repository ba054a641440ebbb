"""Files of records that can be unpublished (an agreement's scanned text): kept in the
``private`` storage (``STORAGES["private"]``) and served only by a view that checks the record.

Public media is served as is by the reverse proxy from ``MEDIA_ROOT``, to anyone who knows the
address, so a draft agreement's PDF must never be there. The private storage is a Django
storage alias like ``default``: a folder outside ``MEDIA_ROOT`` by default
(``DJANGO_PRIVATE_MEDIA_ROOT``), or a prefix of an S3-compatible bucket whose objects are
private (``DJANGO_S3_BUCKET``: ``portal.media_storage.PrivateMediaStorage``). Its files have
no public address: a field using it (``PrivateFileMixin``) answers ``.url`` with its record's
download view, which streams the file from the storage through ``private_file_response`` —
never a redirect to a signed URL, which would stay valid after the record is unpublished.
"""

from pathlib import PurePath
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control
from django.utils.functional import LazyObject, cached_property, empty
from django.utils.http import http_date
from django.views.static import was_modified_since

PRIVATE_STORAGE_ALIAS = "private"
# A public document may be kept by browsers and proxies for an hour, then revalidated: an
# unpublished one stops being served from shared caches soon after.
PUBLIC_MAX_AGE = 60 * 60


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder outside MEDIA_ROOT (``settings.PRIVATE_MEDIA_ROOT``), with no URL of its own."""

    @cached_property
    def base_location(self) -> str:
        # FileSystemStorage's own attribute (the location given), unknown to django-stubs.
        location = self._location  # type: ignore[attr-defined]
        return self._value_or_setting(location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name: str | None) -> str:
        raise ValueError("Files in the private storage have no public URL.")

    def _clear_cached_properties(self, setting: Any, **kwargs: Any) -> None:
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
        super()._clear_cached_properties(setting, **kwargs)


class _PrivateStorage(LazyObject):
    """``storages["private"]``, looked up when first used, and again after ``STORAGES``
    changes (as Django's ``default_storage`` is): a field keeps this object from import."""

    _wrapped: Any  # the storage, or ``empty`` until looked up

    def _setup(self) -> None:
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


_private_storage = _PrivateStorage()


def private_storage() -> Storage:
    """The field's ``storage`` callable (kept as such in migrations)."""
    return cast(Storage, _private_storage)


def _storages_changed(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        _private_storage._wrapped = empty


setting_changed.connect(_storages_changed, dispatch_uid="portal.private_files.storages")


class PrivateFieldFile(FieldFile):
    @property
    def url(self) -> str:
        """The record's download view: the file itself has no public address."""
        self._require_file()  # type: ignore[attr-defined]  # FieldFile's, not in django-stubs
        download_url: str = self.instance.get_absolute_url()  # type: ignore[attr-defined]
        return download_url

    @property
    def filename(self) -> str:
        return PurePath(cast(str, self.name)).name


# For the type checker the mixin is what it is mixed into, a file field.
if TYPE_CHECKING:
    _MixedInto = FileField
else:
    _MixedInto = object


class PrivateFileMixin(_MixedInto):
    """For a FileField whose files go to the private storage; the model defines
    ``get_absolute_url()`` (its download view)."""

    attr_class = PrivateFieldFile

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("storage", private_storage)
        super().__init__(*args, **kwargs)


def private_file_response(
    request: HttpRequest,
    field_file: FieldFile,
    *,
    download_name: str,
    content_type: str,
    public: bool,
) -> HttpResponseBase:
    """Stream ``field_file`` inline, named ``download_name`` (any letters: Django encodes the
    name per RFC 6266/5987). Only when ``public`` may anyone cache it: for an hour, then
    revalidated by its Last-Modified (a 304 while unchanged)."""
    response: HttpResponseBase
    if public:
        name = cast(str, field_file.name)
        modified = int(field_file.storage.get_modified_time(name).timestamp())
        if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
            response = HttpResponseNotModified()
        else:
            response = FileResponse(
                field_file.open("rb"), filename=download_name, content_type=content_type
            )
        response["Last-Modified"] = http_date(modified)
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        response = FileResponse(
            field_file.open("rb"), filename=download_name, content_type=content_type
        )
        patch_cache_control(response, private=True, no_store=True, max_age=0)
    response["X-Content-Type-Options"] = "nosniff"
    return response

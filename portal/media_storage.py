"""Media in an S3-compatible bucket: django-storages' S3 backend, as the site needs it.

Used when ``DJANGO_S3_BUCKET`` is set (``config/media.py`` builds the two entries of
``STORAGES``); the disk stays the embedded default.

- ``PublicMediaStorage`` (``default``): uploads and renditions, objects readable by anyone
  (the public ACL). Renditions are sent with a year's immutable ``Cache-Control``: a
  rendition's name is derived from its source's name and its spec (imagekit's
  ``source_name_as_path``), and a source's name is never given to other content, because
  nothing is overwritten (``file_overwrite`` off: a second ``photo.jpg`` becomes
  ``photo_a1b2c3.jpg``, as on disk).
- ``PrivateMediaStorage`` (``private``): documents of records that can be unpublished,
  objects with the private ACL and no address of their own; the site reads them and serves
  them through the record's view (``portal.private_files``).

Both list, read and replace their objects for the backups (``portal.backup``). Ours over the
library's ``url()``: a public object's address is ``base_url`` and its name, as on disk, with
no botocore call for each ``<img>`` of a page.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any
from urllib.parse import urljoin

from botocore.config import Config
from botocore.exceptions import ClientError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

# Renditions never change under their name; other uploads are re-checked after a day.
RENDITION_CACHE_CONTROL = "public, max-age=31536000, immutable"
UPLOAD_CACHE_CONTROL = "public, max-age=86400"
DELETE_BATCH = 1000  # the most objects S3's DeleteObjects takes at once


@dataclass(frozen=True)
class StoredObject:
    name: str  # relative to the storage's prefix, as Django names it
    size: int
    modified: datetime


class BucketStorage(S3Storage):
    # A new upload never replaces an object of the same name (django-storages' default does).
    file_overwrite = False
    # Files read whole (a document being served, an image being resized) spill to a
    # temporary file above this size instead of staying in memory.
    max_memory_size = 2 * 1024 * 1024
    client_config: Any  # botocore's Config, set by the library from its settings

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # Checksums only where S3 requires them: several S3-compatible services refuse the
        # CRC32 that botocore (since 1.36) adds to every upload by default.
        self.client_config = self.client_config.merge(
            Config(
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            )
        )

    def relative_name(self, name: str) -> str:
        """``name`` without the storage's prefix (the library passes either form)."""
        prefix = f"{self.location.strip('/')}/" if self.location else ""
        return name[len(prefix) :] if prefix and name.startswith(prefix) else name

    def get_modified_time(self, name: str) -> datetime:
        try:
            modified: datetime = super().get_modified_time(name)
        except ClientError as error:
            if _not_found(error):
                raise FileNotFoundError(name) from error
            raise
        return modified

    def objects(self) -> Iterator[StoredObject]:
        """Every object under the storage's prefix, in key order."""
        prefix = f"{self.location.strip('/')}/" if self.location else ""
        pages = self.connection.meta.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket_name, Prefix=prefix
        )
        for page in pages:
            for entry in page.get("Contents", ()):
                name = entry["Key"][len(prefix) :]
                if name and not name.endswith("/"):
                    yield StoredObject(name, entry["Size"], entry["LastModified"])

    def read_stream(self, name: str) -> IO[bytes]:
        """The object's body, read from the network as it is consumed."""
        key = self._normalize_name(clean_name(name))
        body: IO[bytes] = self.bucket.Object(key).get()["Body"]
        return body

    def replace(self, name: str, content: IO[bytes]) -> None:
        """Write ``content`` under exactly ``name``, over any object there, with the
        parameters a new upload of that name gets (ACL, Cache-Control, Content-Type)."""
        key = self._normalize_name(clean_name(name))
        parameters = self._get_write_parameters(key, content)
        self.bucket.Object(key).upload_fileobj(
            content, ExtraArgs=parameters, Config=self.transfer_config
        )

    def delete_many(self, names: Iterable[str]) -> None:
        keys = [{"Key": self._normalize_name(clean_name(name))} for name in names]
        client = self.connection.meta.client
        for start in range(0, len(keys), DELETE_BATCH):
            client.delete_objects(
                Bucket=self.bucket_name,
                Delete={"Objects": keys[start : start + DELETE_BATCH], "Quiet": True},
            )


class PublicMediaStorage(BucketStorage):
    def get_default_settings(self) -> dict[str, Any]:
        return {**super().get_default_settings(), "base_url": None}

    def get_object_parameters(self, name: str) -> dict[str, Any]:
        parameters: dict[str, Any] = super().get_object_parameters(name)
        renditions = f"{settings.IMAGEKIT_CACHEFILE_DIR.strip('/')}/"
        is_rendition = self.relative_name(name).startswith(renditions)
        parameters.setdefault(
            "CacheControl", RENDITION_CACHE_CONTROL if is_rendition else UPLOAD_CACHE_CONTROL
        )
        return parameters

    def url(
        self,
        name: str,
        parameters: dict[str, Any] | None = None,
        expire: int | None = None,
        http_method: str | None = None,
    ) -> str:
        base = self.base_url or settings.MEDIA_URL
        return urljoin(base, filepath_to_uri(clean_name(name)).lstrip("/"))


class PrivateMediaStorage(BucketStorage):
    def url(
        self,
        name: str,
        parameters: dict[str, Any] | None = None,
        expire: int | None = None,
        http_method: str | None = None,
    ) -> str:
        raise ValueError("Files in the private storage have no public URL.")


def _not_found(error: ClientError) -> bool:
    status: int = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    return status == 404

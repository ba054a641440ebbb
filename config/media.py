"""Where uploads live: this machine's disk (the embedded default) or an S3-compatible bucket.

``bucket_storages()`` turns the ``DJANGO_S3_*`` settings into the ``default`` and ``private``
entries of ``STORAGES`` (``portal.media_storage``) and the public address of the media. It
imports nothing from boto3, so a site on disk never loads it.
"""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

ADDRESSING_STYLES = ("path", "virtual")


@dataclass(frozen=True)
class BucketMedia:
    storages: dict[str, dict[str, Any]]
    media_url: str


def bucket_url(
    endpoint_url: str,
    bucket: str,
    prefix: str,
    *,
    addressing_style: str = "path",
    custom_domain: str = "",
) -> str:
    """The public address of the objects under ``prefix``, ending in a slash.

    ``custom_domain`` (a host, or a host and a path, with or without ``https://``) stands for
    the bucket's root, as a CDN or the site's own reverse proxy in front of the bucket does."""
    if custom_domain:
        base = custom_domain if "://" in custom_domain else f"https://{custom_domain}"
    elif addressing_style == "virtual":
        parts = urlsplit(endpoint_url)
        base = f"{parts.scheme}://{bucket}.{parts.netloc}"
    else:
        base = f"{endpoint_url.rstrip('/')}/{bucket}"
    base = base.rstrip("/")
    return f"{base}/{prefix}/" if prefix else f"{base}/"


def bucket_storages(
    *,
    bucket: str,
    endpoint_url: str,
    access_key: str = "",
    secret_key: str = "",
    region: str = "",
    media_prefix: str = "media",
    private_bucket: str = "",
    private_prefix: str = "private",
    custom_domain: str = "",
    addressing_style: str = "path",
    public_acl: str = "public-read",
    private_acl: str = "private",
    media_url: str = "",
) -> BucketMedia:
    """Public media (uploads, renditions) under ``media_prefix`` of ``bucket``, readable by
    anyone; the private storage under ``private_prefix`` of ``private_bucket`` (the same
    bucket unless given), whose objects only the site reads."""
    if not endpoint_url:
        raise ImproperlyConfigured(
            "DJANGO_S3_ENDPOINT_URL must be set with DJANGO_S3_BUCKET, e.g. "
            "https://storage.example.ru or http://127.0.0.1:9000 for MinIO."
        )
    if addressing_style not in ADDRESSING_STYLES:
        raise ImproperlyConfigured("DJANGO_S3_ADDRESSING_STYLE must be 'path' or 'virtual'.")
    media_prefix, private_prefix = media_prefix.strip("/"), private_prefix.strip("/")
    private_bucket = private_bucket or bucket
    if private_bucket == bucket and (
        _within(private_prefix, media_prefix) or _within(media_prefix, private_prefix)
    ):
        raise ImproperlyConfigured(
            f"DJANGO_S3_PRIVATE_PREFIX ({private_prefix or 'the whole bucket'}) and "
            f"DJANGO_S3_MEDIA_PREFIX ({media_prefix or 'the whole bucket'}) overlap in one "
            "bucket: agreements' documents could be public, and a restore of one would delete "
            "the other's files. Give each its own prefix, or the private files their own "
            "bucket (DJANGO_S3_PRIVATE_BUCKET)."
        )
    connection = {
        "endpoint_url": endpoint_url,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region or None,
        "addressing_style": addressing_style,
        "signature_version": "s3v4",
    }
    public_url = media_url or bucket_url(
        endpoint_url,
        bucket,
        media_prefix,
        addressing_style=addressing_style,
        custom_domain=custom_domain,
    )
    return BucketMedia(
        storages={
            "default": {
                "BACKEND": "portal.media_storage.PublicMediaStorage",
                "OPTIONS": {
                    **connection,
                    "bucket_name": bucket,
                    "location": media_prefix,
                    "default_acl": public_acl or None,
                    "base_url": public_url,
                },
            },
            "private": {
                "BACKEND": "portal.media_storage.PrivateMediaStorage",
                "OPTIONS": {
                    **connection,
                    "bucket_name": private_bucket,
                    "location": private_prefix,
                    "default_acl": private_acl or None,
                },
            },
        },
        media_url=public_url,
    )


def _within(inner: str, outer: str) -> bool:
    return not outer or inner == outer or inner.startswith(f"{outer}/")

"""``DJANGO_S3_*`` put the media in a bucket; without them it stays on the disk."""

import pytest

from tests.portal.test_settings import start_django, started

pytestmark = pytest.mark.s3

REPORT = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "from django.core.files.storage import storages; "
    "print(json.dumps({'media_url': s.MEDIA_URL, 'serve_media': s.SERVE_MEDIA, "
    "'img_src': list(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']), "
    "'default': type(storages['default']).__name__, 'private': type(storages['private']).__name__, "
    "'default_location': getattr(storages['default'], 'location', ''), "
    "'private_location': getattr(storages['private'], 'location', ''), "
    "'private_bucket': getattr(storages['private'], 'bucket_name', ''), "
    "'acls': [getattr(storages[a], 'default_acl', None) for a in ('default', 'private')], "
    "'url': storages['default'].url('news/2026/12/foto.jpg')}))"
)
BUCKET = {
    "DJANGO_DEBUG": "1",
    "DJANGO_S3_BUCKET": "vestnik-media",
    "DJANGO_S3_ENDPOINT_URL": "https://storage.example.ru",
    "DJANGO_S3_ACCESS_KEY_ID": "key",
    "DJANGO_S3_SECRET_ACCESS_KEY": "secret",
}


def test_without_a_bucket_media_stays_on_the_disk():
    report = started(start_django(REPORT, DJANGO_DEBUG="1"))
    assert report["default"] == "FileSystemStorage"
    assert report["private"] == "PrivateFileSystemStorage"
    assert report["media_url"] == "/media/"
    assert report["url"] == "/media/news/2026/12/foto.jpg"


def test_a_bucket_holds_the_public_and_the_private_media_apart():
    report = started(start_django(REPORT, **BUCKET))
    assert (report["default"], report["private"]) == ("PublicMediaStorage", "PrivateMediaStorage")
    assert (report["default_location"], report["private_location"]) == ("media", "private")
    assert report["private_bucket"] == "vestnik-media"
    assert report["acls"] == ["public-read", "private"]
    assert report["media_url"] == "https://storage.example.ru/vestnik-media/media/"
    assert report["url"] == "https://storage.example.ru/vestnik-media/media/news/2026/12/foto.jpg"
    assert "https://storage.example.ru" in report["img_src"]
    assert report["serve_media"] is False  # the disk's /media/ is not served


@pytest.mark.parametrize(
    ("extra", "media_url"),
    [
        ({"DJANGO_S3_CUSTOM_DOMAIN": "media.example.ru"}, "https://media.example.ru/media/"),
        (
            {"DJANGO_S3_ADDRESSING_STYLE": "virtual"},
            "https://vestnik-media.storage.example.ru/media/",
        ),
        ({"DJANGO_MEDIA_URL": "https://cdn.example.ru/m/"}, "https://cdn.example.ru/m/"),
    ],
    ids=["custom domain", "virtual-hosted", "MEDIA_URL given"],
)
def test_the_public_address_of_the_media(extra, media_url):
    report = started(start_django(REPORT, **BUCKET, **extra))
    assert report["media_url"] == media_url
    assert report["url"] == f"{media_url}news/2026/12/foto.jpg"


@pytest.mark.parametrize(
    "extra",
    [
        {"DJANGO_S3_PRIVATE_PREFIX": "media/private"},
        {"DJANGO_S3_MEDIA_PREFIX": ""},
        {"DJANGO_S3_ENDPOINT_URL": ""},
    ],
    ids=["private inside public", "public is the whole bucket", "no endpoint"],
)
def test_a_configuration_that_would_expose_documents_refuses_to_start(extra):
    result = start_django(REPORT, **{**BUCKET, **extra})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_a_private_bucket_of_its_own_may_use_the_whole_bucket():
    report = started(
        start_django(
            REPORT,
            **BUCKET,
            DJANGO_S3_PRIVATE_BUCKET="vestnik-private",
            DJANGO_S3_PRIVATE_PREFIX="",
        )
    )
    assert (report["private_bucket"], report["private_location"]) == ("vestnik-private", "")

"""``DJANGO_S3_*`` put the media in a bucket; without them it stays on the disk."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.media import bucket_storages
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
    ("options", "media_url"),
    [
        ({"custom_domain": "media.example.ru"}, "https://media.example.ru/media/"),
        ({"custom_domain": "http://127.0.0.1:8080/s3"}, "http://127.0.0.1:8080/s3/media/"),
        ({"addressing_style": "virtual"}, "https://vestnik-media.storage.example.ru/media/"),
        ({"media_url": "https://cdn.example.ru/m/"}, "https://cdn.example.ru/m/"),
        (
            {"media_prefix": "", "private_bucket": "other"},
            "https://storage.example.ru/vestnik-media/",
        ),
    ],
    ids=[
        "custom domain",
        "custom domain and path",
        "virtual-hosted",
        "MEDIA_URL given",
        "no prefix",
    ],
)
def test_the_public_address_of_the_media(options, media_url):
    media = bucket_storages(
        bucket="vestnik-media", endpoint_url="https://storage.example.ru", **options
    )
    assert media.media_url == media_url
    assert media.storages["default"]["OPTIONS"]["base_url"] == media_url


@pytest.mark.parametrize(
    "options",
    [
        {"private_prefix": "media/private"},
        {"media_prefix": ""},
        {"private_prefix": ""},
        {"endpoint_url": ""},
        {"addressing_style": "dns"},
    ],
    ids=[
        "private inside public",
        "public is the whole bucket",
        "private is the whole bucket",
        "no endpoint",
        "unknown style",
    ],
)
def test_a_configuration_that_would_expose_documents_refuses_to_start(options):
    with pytest.raises(ImproperlyConfigured):
        bucket_storages(
            **{"bucket": "vestnik-media", "endpoint_url": "https://storage.example.ru", **options}
        )


def test_a_private_bucket_of_its_own_may_use_the_whole_bucket():
    media = bucket_storages(
        bucket="vestnik-media",
        endpoint_url="https://storage.example.ru",
        private_bucket="vestnik-private",
        private_prefix="",
    )
    private = media.storages["private"]["OPTIONS"]
    assert (private["bucket_name"], private["location"]) == ("vestnik-private", "")

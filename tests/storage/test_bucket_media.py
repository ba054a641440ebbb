"""Media in an S3-compatible bucket (moto's server on loopback, tests/storage/conftest.py):
uploads through the admin land in the bucket, renditions made by the worker too, with a
year's cache headers, and pages point at the bucket; agreements' documents stay private
objects, served only through the site's view; deleting a file removes its object."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from media.models import Image as LibraryImage
from news.models import Article
from partnerships.models import AgreementDocument
from portal.media_storage import RENDITION_CACHE_CONTROL, UPLOAD_CACHE_CONTROL
from tests.channels.conftest import run_tasks
from tests.portal.test_uploads import add_article, upload
from tests.storage.conftest import anonymous_get
from tests.support import make_image_bytes, page, pdf_bytes

pytestmark = [pytest.mark.s3, pytest.mark.django_db(transaction=True)]

PDF = pdf_bytes()


@pytest.fixture
def article_from_admin(s3_media, editor_client, rubric):
    """An article saved through the admin with a 1200×800 lead image, then published."""
    response = add_article(
        editor_client,
        rubric,
        lead_image_upload=upload("Площадь.jpg", make_image_bytes(1200, 800)),
    )
    assert response.status_code == 302
    Article.objects.update(status=Article.Status.PUBLISHED, publish_at=timezone.now())
    return Article.objects.get()


def lead_picture(client, article):
    cache.clear()
    tree = page(client.get(article.get_absolute_url()))
    [picture] = tree.xpath("//figure[contains(@class, 'article__figure')]/picture")
    return picture


def picture_urls(picture) -> list[str]:
    urls = [picture.xpath(".//img/@src")[0]]
    for srcset in picture.xpath(".//source/@srcset | .//img/@srcset"):
        urls += [candidate.split()[0] for candidate in srcset.split(", ")]
    return urls


def test_an_upload_through_the_admin_is_stored_in_the_bucket(
    article_from_admin, s3_media, settings
):
    key = f"media/{article_from_admin.lead_image.name}"
    assert s3_media.keys() == [key]
    assert not (settings.MEDIA_ROOT).exists(), "nothing is written to the app server's disk"
    assert article_from_admin.lead_image.url == s3_media.url(key)
    assert (article_from_admin.lead_image.width, article_from_admin.lead_image.height) == (
        1200,
        800,
    )

    status, headers, body = anonymous_get(article_from_admin.lead_image.url)
    assert status == 200
    assert body == s3_media.read(key)
    assert headers["Content-Type"] == "image/jpeg"
    assert headers["Cache-Control"] == UPLOAD_CACHE_CONTROL


def test_the_worker_puts_the_renditions_in_the_bucket_with_long_cache_headers(
    article_from_admin, s3_media, client
):
    picture = lead_picture(client, article_from_admin)
    assert picture_urls(picture) == [article_from_admin.lead_image.url]  # until they are made

    run_tasks()

    renditions = s3_media.keys("media/renditions/")
    # 160, 320, 480, 960, 1200 (not upscaled) × WebP, JPEG, and the four focal-point crops
    assert len(renditions) == 14
    for key in renditions:
        assert s3_media.head(key)["CacheControl"] == RENDITION_CACHE_CONTROL
    urls = picture_urls(lead_picture(client, article_from_admin))
    assert len(urls) == 11  # the fallback <img> and two srcsets of five
    assert set(urls) <= {s3_media.url(key) for key in renditions}
    for url in urls:
        status, headers, _body = anonymous_get(url)
        assert status == 200, url
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert urlsplit(urls[0]).path.endswith(".jpg")


def test_a_second_upload_of_the_same_name_does_not_replace_the_first(s3_media, db):
    first = LibraryImage(file=ContentFile(make_image_bytes(64, 48), name="foto.jpg"))
    first.save()
    second = LibraryImage(file=ContentFile(make_image_bytes(48, 64), name="foto.jpg"))
    second.save()

    assert first.file.name != second.file.name
    assert len(s3_media.keys("media/")) == 2
    first.refresh_from_db()
    assert (first.width, first.height) == (64, 48)


def test_deleting_a_file_removes_its_object(s3_media, make_article, make_agreement, pdf_upload):
    image = LibraryImage(file=ContentFile(make_image_bytes(64, 48), name="foto.jpg"))
    image.save()
    document = AgreementDocument.objects.create(
        agreement=make_agreement(), title="Текст", file=pdf_upload(content=PDF)
    )
    assert len(s3_media.keys()) == 2

    image.file.delete(save=True)
    document.file.delete(save=False)

    assert s3_media.keys() == []


@pytest.fixture
def make_document(s3_media, make_agreement, pdf_upload):
    def build(**agreement_fields):
        return AgreementDocument.objects.create(
            agreement=make_agreement(**agreement_fields),
            title="Текст соглашения (скан)",
            file=pdf_upload(content=PDF),
        )

    return build


def test_a_draft_agreements_document_is_a_private_object_served_to_editors_only(
    make_document, s3_media, editor_client
):
    document = make_document(is_published=False)
    key = f"private/{document.file.name}"
    assert s3_media.keys() == [key]
    assert s3_media.read(key) == PDF

    status, _headers, body = anonymous_get(s3_media.url(key))
    assert status == 403, "the object itself is not readable without credentials"
    assert PDF not in body
    assert Client().get(document.get_absolute_url()).status_code == 404

    response = editor_client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "no-store" in response["Cache-Control"]


def test_a_published_agreements_document_is_served_by_the_site_and_only_by_it(
    make_document, s3_media, client
):
    document = make_document()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Length"] == str(len(PDF))
    assert "public" in response["Cache-Control"]

    revalidated = client.get(
        document.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert revalidated.status_code == 304
    # Still private in the bucket: unpublishing the agreement withdraws it at once.
    assert anonymous_get(s3_media.url(f"private/{document.file.name}"))[0] == 403
    document.agreement.is_published = False
    document.agreement.save()
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_document_missing_from_the_bucket_is_404(make_document, s3_media, client):
    document = make_document()
    s3_media.client.delete_object(Bucket=s3_media.name, Key=f"private/{document.file.name}")
    assert client.get(document.get_absolute_url()).status_code == 404


def test_an_image_uploaded_in_the_text_editor_is_in_the_bucket(s3_media, editor_client):
    response = editor_client.post(
        reverse("portal:editor-image-upload"),
        {"upload": upload("Фото в тексте.jpg", make_image_bytes(64, 48))},
    )
    assert response.status_code == 200
    url = response.json()["url"]
    [key] = s3_media.keys("media/media/")  # the library's folder
    assert url == s3_media.url(key)
    status, headers, _body = anonymous_get(url)
    assert (status, headers["Content-Type"]) == (200, "image/jpeg")

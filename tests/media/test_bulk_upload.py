"""Bulk upload: many photos, each file's outcome on its own, then a gallery in one step."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media.models import Image
from news.models import GalleryPhoto
from tests.support import make_image_bytes, page

pytestmark = pytest.mark.django_db

PAGE = reverse("admin:media_image_bulk_upload")
ONE_FILE = reverse("admin:media_image_bulk_upload_file")
ADD_PHOTOS = reverse("admin:news_article_add_photos")


def photo(name, color=(200, 30, 30), **image):
    return SimpleUploadedFile(name, make_image_bytes(color=color, **image), "image/jpeg")


def not_an_image(name="notes.jpg"):
    return SimpleUploadedFile(name, b"these are not pixels", "image/jpeg")


def test_one_file_is_added_and_described_for_the_page(editor_client, editor):
    response = editor_client.post(ONE_FILE, {"file": photo("Сцена.jpg")})

    assert response.status_code == 200
    answer = response.json()
    image = Image.objects.get()
    assert answer["ok"] is True
    assert answer["id"] == image.pk
    assert answer["duplicate"] is False
    assert answer["thumbnail"] == image.url  # until the renditions are made
    assert image.uploaded_by == editor


def test_a_bad_file_gets_its_own_error_in_russian(editor_client):
    response = editor_client.post(ONE_FILE, {"file": not_an_image()})

    assert response.status_code == 400
    answer = response.json()
    assert answer["ok"] is False
    assert answer["name"] == "notes.jpg"
    assert "изображени" in answer["error"]
    assert not Image.objects.exists()


def test_a_file_already_in_the_library_gives_the_existing_image(editor_client):
    first = editor_client.post(ONE_FILE, {"file": photo("a.jpg")}).json()

    again = editor_client.post(ONE_FILE, {"file": photo("a-copy.jpg")}).json()

    assert again["ok"] is True
    assert again["duplicate"] is True
    assert again["id"] == first["id"]
    assert "уже есть в библиотеке" in again["message"].lower()
    assert Image.objects.count() == 1


def test_without_javascript_the_form_posts_every_file_and_lists_each_outcome(editor_client):
    files = [photo("one.jpg"), photo("two.jpg", color=(30, 30, 200)), not_an_image("bad.jpg")]

    response = editor_client.post(PAGE, {"files": files})

    assert response.status_code == 200
    tree = page(response)
    rows = [row.text_content() for row in tree.xpath("//li[@class='bulk-upload__item']")]
    assert [row.split()[0] for row in rows] == ["one.jpg", "two.jpg", "bad.jpg"]
    assert tree.xpath("//li[@class='bulk-upload__item'][3]//*[@class='bulk-upload__error']")
    assert Image.objects.count() == 2
    ids = tree.xpath("//form[@data-bulk-collect]//input[@name='images']/@value")
    assert sorted(ids) == sorted(str(pk) for pk in Image.objects.values_list("pk", flat=True))
    assert tree.xpath(f"//form[@data-bulk-collect]//button[@formaction='{ADD_PHOTOS}']")


def test_the_page_is_our_own_script_with_a_form_that_works_without_it(editor_client):
    tree = page(editor_client.get(PAGE))

    [form] = tree.xpath("//form[@data-bulk-upload]")
    assert form.get("enctype") == "multipart/form-data"
    assert form.get("data-upload-url") == ONE_FILE
    assert form.xpath(".//input[@type='file' and @multiple and @name='files']")
    sources = [script.get("src") for script in tree.xpath("//script")]
    assert any(src and src.endswith("media/bulk_upload.js") for src in sources)
    assert None not in sources  # no inline script


def test_the_uploaded_photos_join_a_gallery_in_one_step(
    editor_client, make_article, library_image
):
    article = make_article()
    GalleryPhoto.objects.create(
        article=article, image=library_image("old.jpg"), alt="Старое", order=5
    )
    first = library_image("a.jpg", alt="Сцена фестиваля", caption="Фото: пресс-служба")
    second = library_image("b.jpg")

    chooser = page(editor_client.get(ADD_PHOTOS, {"images": [first.pk, second.pk]}))
    assert len(chooser.xpath("//ul[@class='bulk-upload__list']/li/img")) == 2
    response = editor_client.post(
        ADD_PHOTOS, {"article": article.pk, "images": [first.pk, second.pk]}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse(
        "admin:news_article_change", args=[article.pk]
    )
    photos = list(article.photos.order_by("order"))
    assert [(photo.image, photo.order) for photo in photos[1:]] == [(first, 6), (second, 7)]
    assert photos[1].alt == "Сцена фестиваля"
    assert photos[1].caption == "Фото: пресс-служба"
    text = page(response).text_content()
    assert "2 фотографии добавлены в галерею" in text
    assert "без описания" in text or "нет описания" in text


def test_staff_without_the_library_get_no_upload(client, make_staff):
    from portal import roles

    client.force_login(make_staff("duty", roles.DUTY_OFFICER))

    assert client.post(ONE_FILE, {"file": photo("a.jpg")}).status_code == 403
    assert client.get(PAGE).status_code == 403
    assert not Image.objects.exists()

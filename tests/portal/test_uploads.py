"""Uploaded images: refused with a clear Russian message unless real and within the limits;
stored without metadata, upright, and served as responsive renditions (made by a task:
tests/portal/test_renditions.py)."""

import io
import json
import os
import shutil
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageDraw

from media.models import Image as LibraryImage
from news.models import Article
from portal import renditions
from portal.images import validate_image_file
from tests.support import form_data, make_image_bytes, page

NOT_AN_IMAGE = (
    "Файл не является изображением или повреждён. Загрузите изображение JPEG, PNG, WebP или GIF."
)
TOO_LARGE = "Изображение слишком большое: %(size)s. Допустимо не более %(limit)s."
TOO_MANY_PIXELS = (
    "В изображении слишком много пикселей; допустимо не более %(limit)s мегапикселей."
)
NOT_ACCEPTED_FORMAT = "Изображения формата %(format)s не принимаются."

GPS_IFD = 0x8825
ORIENTATION = 0x0112
ROTATED_90_CLOCKWISE = 6
BOMB_SIDE = 20_000


@cache
def decompression_bomb() -> bytes:
    """A valid PNG of 20000×20000 black pixels: 400 megapixels in a file of a few dozen KB."""
    row = b"\x00" + bytes(BOMB_SIDE // 8)  # filter byte + one bit per pixel
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(BOMB_SIDE)) + compressor.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", BOMB_SIDE, BOMB_SIDE, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def noisy_jpeg(width=200, height=200) -> bytes:
    """A photo-like JPEG that does not compress to almost nothing."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), os.urandom(width * height * 3)).save(buffer, "JPEG")
    return buffer.getvalue()


def truncated(content: bytes) -> bytes:
    return content[: len(content) // 2]


def phone_photo_with_gps() -> bytes:
    """A 64×48 JPEG as a phone stores it: sideways with an orientation tag, GPS position on.

    A red square marks the top-left corner of the stored pixels; turned upright (90° clockwise)
    it belongs in the top-right corner.
    """
    image = Image.new("RGB", (64, 48), (20, 40, 220))
    ImageDraw.Draw(image).rectangle([0, 0, 15, 15], fill=(230, 20, 20))
    exif = Image.Exif()
    exif[ORIENTATION] = ROTATED_90_CLOCKWISE
    exif[0x010F] = "Телефон"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (48.0, 28.0, 12.0), 3: "E", 4: (38.0, 48.0, 7.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    content = buffer.getvalue()
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(GPS_IFD)[1] == "N"
    return content


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def media_path(settings, url: str) -> Path:
    assert url.startswith(django_settings.MEDIA_URL), url
    return Path(settings.MEDIA_ROOT) / url.removeprefix(django_settings.MEDIA_URL)


def assert_upright_without_metadata(content: bytes) -> None:
    image = Image.open(io.BytesIO(content))
    assert image.size == (48, 64)
    assert not image.getexif()
    assert b"Exif" not in content
    red, _green, blue = image.convert("RGB").getpixel((40, 6))
    assert red > 150 and blue < 100, "the marked corner should now be top right"
    red, _green, blue = image.convert("RGB").getpixel((6, 6))
    assert blue > 150 and red < 100


@dataclass(frozen=True)
class BadUpload:
    build: Callable[[], SimpleUploadedFile]
    code: str
    message: Callable[[bytes], str]
    limits: dict = field(default_factory=dict)


def not_an_image(content: bytes) -> str:
    return NOT_AN_IMAGE


REJECTED_UPLOADS = {
    "text renamed to .jpg": BadUpload(
        lambda: upload("photo.jpg", "Это не фотография, а текст.".encode()),
        "not_an_image",
        not_an_image,
    ),
    "truncated JPEG": BadUpload(
        lambda: upload("photo.jpg", truncated(make_image_bytes(800, 600))),
        "not_an_image",
        not_an_image,
    ),
    "truncated PNG": BadUpload(
        lambda: upload("photo.png", truncated(make_image_bytes(800, 600, image_format="PNG"))),
        "not_an_image",
        not_an_image,
    ),
    "file over the size limit": BadUpload(
        lambda: upload("photo.jpg", noisy_jpeg()),
        "image_too_large",
        lambda content: TOO_LARGE % {"size": filesizeformat(len(content)), "limit": "2,0\xa0КБ"},
        {"IMAGE_UPLOAD_MAX_BYTES": 2048},
    ),
    "too many pixels": BadUpload(
        lambda: upload("photo.png", make_image_bytes(2500, 2100, image_format="PNG")),
        "image_too_many_pixels",
        lambda content: TOO_MANY_PIXELS % {"limit": 5},
        {"IMAGE_UPLOAD_MAX_PIXELS": 5_000_000},
    ),
    "decompression bomb": BadUpload(
        lambda: upload("bomb.png", decompression_bomb()),
        "image_too_many_pixels",
        lambda content: TOO_MANY_PIXELS % {"limit": 40},
    ),
}


@pytest.fixture(params=REJECTED_UPLOADS)
def bad_upload(request, settings) -> tuple[SimpleUploadedFile, str, str]:
    """A file that must be refused, with its error code and the Russian message to expect."""
    case = REJECTED_UPLOADS[request.param]
    for name, value in case.limits.items():
        setattr(settings, name, value)
    file = case.build()
    with translation.override("ru"):
        message = case.message(file.read())
    file.seek(0)
    return file, case.code, message


def test_the_decompression_bomb_is_a_tiny_file_declaring_a_huge_image(monkeypatch):
    content = decompression_bomb()
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)

    image = Image.open(io.BytesIO(content))

    assert len(content) < 100_000
    assert image.format == "PNG"
    assert image.size == (BOMB_SIDE, BOMB_SIDE)


def test_validation_refuses_bad_uploads_with_a_russian_message(bad_upload):
    file, code, message = bad_upload

    with translation.override("ru"), pytest.raises(ValidationError) as raised:
        validate_image_file(file)

    assert raised.value.code == code
    with translation.override("ru"):
        assert raised.value.messages == [message]


def test_a_bomb_is_refused_under_the_default_limits():
    with translation.override("ru"), pytest.raises(ValidationError) as raised:
        validate_image_file(upload("bomb.png", decompression_bomb()))

    assert raised.value.code == "image_too_many_pixels"
    with translation.override("ru"):
        assert raised.value.messages == [TOO_MANY_PIXELS % {"limit": 40}]


@pytest.mark.parametrize("image_format", ["BMP", "TIFF"])
def test_validation_refuses_formats_browsers_do_not_show(image_format):
    file = upload("picture.img", make_image_bytes(image_format=image_format))

    with translation.override("ru"), pytest.raises(ValidationError) as raised:
        validate_image_file(file)

    assert raised.value.code == "image_format"
    with translation.override("ru"):
        assert raised.value.messages[0].startswith(NOT_ACCEPTED_FORMAT % {"format": image_format})


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_validation_accepts_real_images_and_leaves_the_file_readable(image_format):
    content = make_image_bytes(image_format=image_format)
    file = upload("picture", content)

    validate_image_file(file)

    assert file.read() == content


def add_article(editor_client, rubric, **fields):
    url = reverse("admin:news_article_add")
    data = form_data(page(editor_client.get(url)), "article_form")
    data.update(
        title="Новость с фотографией",
        lead="Описание новости.",
        body="<p>Текст новости.</p>",
        rubric=rubric.pk,
        lead_image_alt="Глава города на форуме",
    )
    data.update(fields)
    return editor_client.post(url, data)


def field_errors(response, field: str) -> list[str]:
    tree = page(response)
    return [
        item.text_content()
        for item in tree.xpath(
            f"//*[contains(@class, 'field-{field}')]//ul[contains(@class, 'errorlist')]/li"
        )
    ]


def test_the_admin_refuses_a_bad_lead_image_and_saves_nothing(
    editor_client, rubric, settings, bad_upload
):
    file, _code, message = bad_upload

    response = add_article(editor_client, rubric, lead_image_upload=file)

    assert response.status_code == 200
    assert field_errors(response, "lead_image_upload") == [message]
    assert not Article.objects.exists()
    assert stored_files(settings) == []


def test_the_media_library_refuses_a_bomb(editor_client, settings):
    response = editor_client.post(
        reverse("admin:media_image_add"),
        {"file": upload("bomb.png", decompression_bomb()), "title": "Панорама города"},
    )

    assert response.status_code == 200
    assert TOO_MANY_PIXELS % {"limit": 40} in response.content.decode()
    assert not LibraryImage.objects.exists()
    assert stored_files(settings) == []


def test_the_admin_stores_a_phone_photo_upright_and_without_metadata(editor_client, rubric):
    response = add_article(
        editor_client, rubric, lead_image_upload=upload("IMG_0042.JPG", phone_photo_with_gps())
    )

    assert response.status_code == 302, field_errors(response, "lead_image_upload")
    article = Article.objects.get()
    stored_size = Article.objects.values_list("lead_image__width", "lead_image__height").get()
    assert stored_size == (48, 64)
    with article.lead_image.file.open("rb") as stored:
        assert_upright_without_metadata(stored.read())


def test_an_image_saved_in_code_is_stripped_as_well(db):
    image = LibraryImage(file=upload("Фото с телефона.jpg", phone_photo_with_gps()))
    image.save()

    with image.file.open("rb") as stored:
        assert_upright_without_metadata(stored.read())
    assert Path(image.file.name).name == "foto-s-telefona.jpg"


def test_a_lead_image_requires_alt_text(editor_client, rubric):
    response = add_article(
        editor_client,
        rubric,
        lead_image_upload=upload("photo.jpg", make_image_bytes()),
        lead_image_alt="",
    )

    assert response.status_code == 200
    assert field_errors(response, "lead_image_alt")
    assert not Article.objects.exists()


@pytest.fixture
def landscape_article(make_article, library_image):
    """An article with a 1200×800 lead image: wider than two rendition widths, narrower than one;
    its renditions made as the worker makes them (tests/portal/test_renditions.py runs one)."""
    image = library_image("landscape.jpg", width=1200, height=800)
    renditions.make("media.image", image.pk, "file", image.file.name)
    return make_article(lead_image=image, lead_image_alt="Площадь Ленина")


@pytest.mark.parametrize(
    ("width", "image_format", "expected_width"),
    [
        (480, "webp", 480),
        (480, "jpeg", 480),
        (960, "webp", 960),
        (960, "jpeg", 960),
        (1600, "webp", 1200),
        (1600, "jpeg", 1200),
    ],
)
def test_renditions_are_made_without_upscaling(
    landscape_article, width, image_format, expected_width
):
    rendition = getattr(landscape_article.lead_image, f"file_{width}_{image_format}")

    assert rendition.storage.exists(rendition.name)
    with rendition.storage.open(rendition.name) as stored:
        image = Image.open(stored)
        assert image.format == image_format.upper()
        assert image.size == (expected_width, expected_width * 2 // 3)
        assert not image.getexif()


def test_the_article_page_serves_a_responsive_picture(client, landscape_article, settings):
    tree = page(client.get(landscape_article.get_absolute_url()))

    # lxml's HTML parser nests <img> inside <source>, hence the descendant axes.
    picture = tree.xpath("//figure[contains(@class, 'article__figure')]/picture")[0]
    webp = picture.xpath(".//source[@type='image/webp']/@srcset")[0]
    img = picture.xpath(".//img")[0]
    widths = ["160w", "320w", "480w", "960w", "1200w"]  # the library's, not upscaled
    assert [candidate.split()[1] for candidate in webp.split(", ")] == widths
    assert [candidate.split()[1] for candidate in img.get("srcset").split(", ")] == widths
    assert (img.get("width"), img.get("height")) == ("960", "640")
    assert img.get("alt") == "Площадь Ленина"
    for url in [candidate.split()[0] for candidate in f"{webp}, {img.get('srcset')}".split(", ")]:
        assert media_path(settings, url).is_file(), url
    assert media_path(settings, img.get("src")).is_file()


def test_renditions_are_not_generated_during_a_public_request(client, landscape_article, settings):
    renditions = Path(settings.MEDIA_ROOT) / django_settings.IMAGEKIT_CACHEFILE_DIR
    shutil.rmtree(renditions)

    assert client.get(landscape_article.get_absolute_url()).status_code == 200
    assert client.get("/").status_code == 200

    assert not renditions.exists()


@pytest.fixture
def editor_upload_url():
    return reverse("portal:editor-image-upload")


@pytest.mark.parametrize("visitor", ["anonymous", "registered non-staff"])
def test_the_editor_upload_refuses_everyone_but_staff(
    client, django_user_model, settings, editor_upload_url, visitor
):
    if visitor == "registered non-staff":
        client.force_login(django_user_model.objects.create_user("reader"))

    response = client.post(editor_upload_url, {"upload": upload("photo.jpg", make_image_bytes())})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert stored_files(settings) == []


def test_the_editor_upload_accepts_only_post(editor_client, editor_upload_url):
    assert editor_client.get(editor_upload_url).status_code == 405


def test_the_editor_upload_refuses_a_non_image_with_a_json_error(
    editor_client, settings, editor_upload_url
):
    response = editor_client.post(editor_upload_url, {"upload": upload("photo.jpg", b"<?php ?>")})

    assert response.status_code == 400
    assert response.json() == {"error": {"message": NOT_AN_IMAGE}}
    assert stored_files(settings) == []


def test_the_editor_upload_refuses_a_bomb_with_a_json_error(
    editor_client, settings, editor_upload_url
):
    response = editor_client.post(
        editor_upload_url, {"upload": upload("bomb.png", decompression_bomb())}
    )

    assert response.status_code == 400
    assert response.json() == {"error": {"message": TOO_MANY_PIXELS % {"limit": 40}}}
    assert stored_files(settings) == []


def test_the_editor_upload_without_a_file_is_a_json_error(editor_client, editor_upload_url):
    response = editor_client.post(editor_upload_url)

    assert response.status_code == 400
    assert response.json() == {"error": {"message": "Файл не был отправлен."}}


def test_the_editor_upload_stores_a_stripped_upright_image(
    editor_client, settings, editor_upload_url
):
    response = editor_client.post(
        editor_upload_url, {"upload": upload("IMG_0042.JPG", phone_photo_with_gps())}
    )

    assert response.status_code == 200
    url = json.loads(response.content)["url"]
    assert url.startswith(f"{django_settings.MEDIA_URL}media/")  # into the library
    assert_upright_without_metadata(media_path(settings, url).read_bytes())


def test_the_rich_text_editor_uploads_to_the_validating_endpoint(editor_client, editor_upload_url):
    tree = page(editor_client.get(reverse("admin:news_article_add")))

    assert tree.xpath("//input[@data-upload-url]/@data-upload-url") == [editor_upload_url]


def test_no_other_upload_address_stores_images_unstripped(editor_client, settings):
    editor_client.post(
        "/ckeditor5/image_upload/", {"upload": upload("IMG_0042.jpg", phone_photo_with_gps())}
    )

    for path in stored_files(settings):
        assert b"Exif" not in path.read_bytes(), path

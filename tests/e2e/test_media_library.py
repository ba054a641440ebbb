"""The media library in a real browser: an editor drops several photos at once, sees each
file's outcome (a bad one with its own error in Russian) and puts the good ones in an
article's gallery in one step; an editor clicks the important point of a photo and the
article's Open Graph preview keeps it. The library's admin pages have no axe violations."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage

from media.models import Image
from news.models import Article, GalleryPhoto, Rubric
from portal import renditions
from tests.e2e.support import axe_violations, log_in_to_admin
from tests.support import make_image_bytes

pytestmark = pytest.mark.e2e

PASSWORD = "Redaktor-biblioteka-2026"
RED = (230, 20, 20)


@pytest.fixture
def editor(django_user_model, settings):
    return django_user_model.objects.create_superuser("library", "library@example.org", PASSWORD)


@pytest.fixture
def article(transactional_db):
    rubric = Rubric.objects.create(name="Культура", slug="kultura")
    return Article.objects.create(
        title="Фестиваль дружбы городов",
        lead="Коллективы Алчевска выступили в Торезе.",
        body="<p>Текст.</p>",
        rubric=rubric,
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )


def payload(name, content, mime="image/jpeg"):
    return {"name": name, "mimeType": mime, "buffer": content}


def assert_accessible(page, what):
    violations = axe_violations(page)
    assert violations == [], f"{what}: " + "\n".join(violations)


def test_bulk_upload_then_a_gallery_in_one_step(
    live_server, new_context, screenshots, editor, article, axe_js
):
    page = new_context(base_url=live_server.url, axe=True).new_page()
    log_in_to_admin(page, "library", PASSWORD)
    page.goto(reverse("admin:media_image_bulk_upload"))
    assert_accessible(page, "the bulk upload page")

    page.set_input_files(
        "input[type=file][name=files]",
        [
            payload("stage.jpg", make_image_bytes(640, 480, color=(200, 40, 40))),
            payload("hall.jpg", make_image_bytes(640, 480, color=(40, 40, 200))),
            payload("notes.jpg", b"not a picture at all"),
        ],
    )

    page.locator("[data-bulk-summary]", has_text="2 / 3").wait_for()
    failed = page.locator(".bulk-upload__item", has_text="notes.jpg")
    assert "изображени" in failed.locator(".bulk-upload__error").inner_text()
    assert page.locator(".bulk-upload__item img").count() == 2
    assert Image.objects.count() == 2
    screenshots(page, "uploaded")
    assert_accessible(page, "the bulk upload page after the uploads")

    page.get_by_role("button", name="Добавить в галерею статьи").click()
    page.wait_for_url("**" + reverse("admin:news_article_add_photos") + "*")
    assert_accessible(page, "the page adding photos to a gallery")
    page.fill("#id_article", str(article.pk))
    page.click("input[type=submit]")
    page.locator(".messagelist .success").wait_for()
    screenshots(page, "gallery")

    photos = GalleryPhoto.objects.filter(article=article).order_by("order")
    assert sorted(photo.image.title for photo in photos) == ["hall", "stage"]


def spotted_jpeg() -> bytes:
    """A grey 1600×600 picture with a red square in its top left corner."""
    picture = PILImage.new("RGB", (1600, 600), (128, 128, 128))
    picture.paste(RED, (0, 0, 100, 100))
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def has_red(content: bytes) -> bool:
    with PILImage.open(io.BytesIO(content)) as picture:
        pixels = picture.convert("RGB").tobytes()  # red, green, blue, one byte each
    return any(
        red > 180 and green < 80 and blue < 80
        for red, green, blue in zip(pixels[0::3], pixels[1::3], pixels[2::3], strict=True)
    )


def test_the_focal_point_clicked_stays_in_the_open_graph_image(
    live_server, new_context, screenshots, editor, article, axe_js
):
    image = Image(file=SimpleUploadedFile("spot.jpg", spotted_jpeg()), alt="Красный знак")
    image.save()
    article.lead_image, article.lead_image_alt = image, "Красный знак"
    article.save()
    renditions.make("media.image", image.pk, "file", image.file.name)
    page = new_context(base_url=live_server.url, axe=True).new_page()

    preview_before = page.request.get(og_image_of(page, article)).body()
    assert not has_red(preview_before)  # centred: the corner is cut off

    log_in_to_admin(page, "library", PASSWORD)
    page.goto(reverse("admin:media_image_change", args=[image.pk]))
    assert_accessible(page, "the image's page")
    picture = page.locator("[data-focal-point] img")
    box = picture.bounding_box()
    picture.click(position={"x": box["width"] * 0.03, "y": box["height"] * 0.08})
    assert 0 < float(page.input_value("#id_focal_x")) < 0.06
    assert 0.04 < float(page.input_value("#id_focal_y")) < 0.12
    assert page.locator(".focal-point__marker").is_visible()
    screenshots(page, "focal-point")
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()

    image.refresh_from_db()
    renditions.make("media.image", image.pk, "file", image.file.name)  # what the worker does
    preview = page.request.get(og_image_of(page, article))
    assert preview.ok
    assert has_red(preview.body())


def og_image_of(page, article) -> str:
    from django.core.cache import cache

    cache.clear()
    page.goto(article.get_absolute_url())
    return page.locator("meta[property='og:image']").get_attribute("content")


def test_the_librarys_list_has_no_axe_violations(
    live_server, new_context, editor, transactional_db, axe_js
):
    for number in range(3):
        picture = Image(
            file=SimpleUploadedFile(
                f"photo-{number}.jpg", make_image_bytes(color=(number * 60, 90, 90))
            ),
            title=f"Снимок {number}",
        )
        picture.save()
    page = new_context(base_url=live_server.url, axe=True).new_page()
    log_in_to_admin(page, "library", PASSWORD)

    page.goto(reverse("admin:media_image_changelist"))
    assert page.locator("#result_list img").count() == 3
    assert_accessible(page, "the library's list")
    page.goto(reverse("admin:media_image_add"))
    assert_accessible(page, "the upload form")

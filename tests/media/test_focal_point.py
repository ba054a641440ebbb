"""Crops (16:9 cards, 1:1, the 1200×630 Open Graph preview) keep the focal point in frame."""

import io

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from media.crops import CROPS
from media.models import Image
from portal import renditions
from portal.images import crop_attname
from tests.portal.test_uploads import media_path
from tests.support import page

pytestmark = pytest.mark.django_db

RED = (230, 20, 20)


def spotted_jpeg(width=1600, height=600, spot=(0, 0, 100, 100)) -> bytes:
    """A grey picture with one red square (``spot``: left, top, right, bottom)."""
    picture = PILImage.new("RGB", (width, height), (128, 128, 128))
    picture.paste(RED, spot)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=95)
    return buffer.getvalue()


def spotted_image(**fields) -> Image:
    image = Image(file=SimpleUploadedFile("spot.jpg", spotted_jpeg()), alt="Снимок", **fields)
    image.save()
    renditions.make("media.image", image.pk, "file", image.file.name)
    image.refresh_from_db()
    return image


def has_red(picture: PILImage.Image) -> bool:
    pixels = picture.convert("RGB").tobytes()  # red, green, blue, one byte each
    return any(
        red > 180 and green < 80 and blue < 80
        for red, green, blue in zip(pixels[0::3], pixels[1::3], pixels[2::3], strict=True)
    )


def crop_of(image: Image, crop: str) -> PILImage.Image:
    spec = getattr(image, crop_attname("file", crop))
    with spec.storage.open(spec.name, "rb") as file:
        picture = PILImage.open(file)
        picture.load()
    return picture


@pytest.mark.parametrize("crop", list(CROPS))
def test_every_crop_keeps_the_focal_point_in_frame(crop):
    image = spotted_image(focal_x=0.03, focal_y=0.08)

    picture = crop_of(image, crop)

    assert picture.size == CROPS[crop]
    assert has_red(picture)


@pytest.mark.parametrize("crop", list(CROPS))
def test_without_a_focal_point_the_crop_is_centred(crop):
    image = spotted_image()

    assert not has_red(crop_of(image, crop))  # the corner is cut off


def test_the_article_page_offers_the_focal_crop_as_its_open_graph_image(client, make_article):
    image = spotted_image(focal_x=0.03, focal_y=0.08)
    article = make_article("Новость со снимком", lead_image=image, lead_image_alt="Снимок")
    cache.clear()

    tree = page(client.get(article.get_absolute_url()))

    [og_image] = tree.xpath("//meta[@property='og:image']/@content")
    path = og_image.removeprefix("http://testserver")
    assert path == getattr(image, crop_attname("file", "og")).url
    from django.conf import settings

    with PILImage.open(media_path(settings, path)) as preview:
        assert preview.size == (1200, 630)
        assert has_red(preview)


def test_a_new_focal_point_makes_new_crops_off_the_request(editor_client):
    image = spotted_image()
    DBTaskResult.objects.all().delete()
    url = reverse("admin:media_image_change", args=[image.pk])

    response = editor_client.post(
        url,
        {"title": image.title, "alt": image.alt, "focal_x": "0.03", "focal_y": "0.08", "tags": []},
    )

    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.03, 0.08)
    assert image.file_renditions_of == ""  # the page shows plain renditions until they are made
    assert DBTaskResult.objects.count() == 1
    renditions.make("media.image", image.pk, "file", image.file.name)
    image.refresh_from_db()
    assert has_red(crop_of(image, "og"))


def test_the_focal_point_is_checked(editor_client, library_image):
    image = library_image()
    url = reverse("admin:media_image_change", args=[image.pk])

    response = editor_client.post(
        url, {"title": "Снимок", "alt": "", "focal_x": "1.5", "focal_y": "", "tags": []}
    )

    assert response.status_code == 200
    image.refresh_from_db()
    assert image.focal_x is None


def test_the_picker_is_our_own_script_and_works_as_two_fields_without_it(
    editor_client, library_image
):
    image = library_image()

    tree = page(editor_client.get(reverse("admin:media_image_change", args=[image.pk])))

    assert tree.xpath("//div[@data-focal-point]/img")
    assert tree.xpath("//input[@name='focal_x' and @type='number']")
    assert tree.xpath("//input[@name='focal_y' and @type='number']")
    scripts = tree.xpath("//script")
    assert any(script.get("src", "").endswith("media/focal_point.js") for script in scripts)
    assert all(script.get("src") or script.get("type") == "application/json" for script in scripts)


def test_the_news_cards_show_the_16_9_crops_that_keep_the_focal_point(client, make_article):
    image = spotted_image(focal_x=0.03, focal_y=0.08)
    make_article("Новость со снимком", lead_image=image, lead_image_alt="Снимок")
    cache.clear()

    tree = page(client.get(reverse("news:list")))

    [img] = tree.xpath("//article[contains(@class, 'card')]//img")
    assert img.get("srcset") == (
        f"{getattr(image, crop_attname('file', 'card_480')).url} 480w, "
        f"{getattr(image, crop_attname('file', 'card')).url} 960w"
    )
    assert (img.get("width"), img.get("height")) == ("960", "540")
    from django.conf import settings

    with PILImage.open(media_path(settings, img.get("src"))) as card:
        assert has_red(card)

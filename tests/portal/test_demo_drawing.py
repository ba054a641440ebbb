"""The demo's drawn pictures (portal.demo_drawing): reproducible, the right sizes, real shapes."""

import io

import pypdf
import pytest
from PIL import Image

from portal.demo_drawing import (
    EMBLEMS,
    HEIGHT,
    SCENES,
    WIDTH,
    alt_text,
    coat_of_arms_png,
    document_pdf,
    illustration_jpeg,
)

GOLD_ON_BLUE = ((11, 79, 138), (250, 200, 40))


@pytest.mark.parametrize("scene", sorted(SCENES))
def test_a_scene_is_a_large_jpeg_drawn_the_same_every_time(scene):
    picture = illustration_jpeg(scene, seed=3, caption="12")

    assert picture == illustration_jpeg(scene, seed=3, caption="12")
    image = Image.open(io.BytesIO(picture))
    assert (image.format, image.mode, image.size) == ("JPEG", "RGB", (WIDTH, HEIGHT))
    # A scene, not a flat fill: many distinct colours.
    assert len(image.convert("P", palette=Image.Palette.ADAPTIVE).getcolors()) > 32


def test_seeds_vary_the_city_but_each_seed_is_kept():
    assert illustration_jpeg("city", seed=1) != illustration_jpeg("city", seed=2)
    assert illustration_jpeg("city", seed=2) == illustration_jpeg("city", seed=2)


def test_lettering_shows_in_the_picture_and_in_its_alt_text():
    plain = illustration_jpeg("signing", seed=0)
    lettered = illustration_jpeg("signing", seed=0, caption="Инвестиционный\nфорум")

    assert plain != lettered
    assert alt_text("signing") == SCENES["signing"].alt
    assert alt_text("signing", "Инвестиционный\nфорум").endswith("надпись «Инвестиционный форум»")


@pytest.mark.parametrize("emblem", sorted(EMBLEMS))
def test_a_coat_of_arms_is_a_pointed_shield_not_a_circle(emblem):
    picture = coat_of_arms_png(*GOLD_ON_BLUE, emblem)

    assert picture == coat_of_arms_png(*GOLD_ON_BLUE, emblem)
    image = Image.open(io.BytesIO(picture))
    assert (image.format, image.mode, image.size) == ("PNG", "RGBA", (320, 380))
    alpha = image.getchannel("A")
    # Square top corners (a circle would leave them empty) and a point at the base.
    assert alpha.getpixel((12, 12)) == 255 and alpha.getpixel((307, 12)) == 255
    assert alpha.getpixel((12, 370)) == 0 and alpha.getpixel((307, 370)) == 0
    assert alpha.getpixel((160, 366)) == 255
    # The chief (top band) carries the charge's colour, the middle the emblem on the field.
    assert image.getpixel((60, 40))[:3] == GOLD_ON_BLUE[1]


def test_the_document_is_a_one_page_pdf_headed_by_its_title():
    pdf = document_pdf("Соглашение об установлении побратимских связей")

    assert pdf == document_pdf("Соглашение об установлении побратимских связей")
    assert pdf != document_pdf("Меморандум")
    assert len(pypdf.PdfReader(io.BytesIO(pdf)).pages) == 1

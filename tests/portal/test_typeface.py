"""The self-hosted typeface (static/fonts, static/css/fonts.css): served by the site itself as
WOFF2, preloaded, covering Russian text, and no stylesheet names another server."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from fontTools.ttLib import TTFont

from tests.support import page

STATIC = Path(settings.BASE_DIR) / "static"
FONTS = sorted((STATIC / "fonts").glob("*.woff2"))
PRESS_RELEASE = Path(settings.BASE_DIR) / "news" / "demo_data" / "press-release-twinning.ru.txt"


def test_there_are_regular_italic_and_bold_faces_with_their_licence():
    names = {font.name for font in FONTS}
    assert {"vestnik-sans-regular.woff2", "vestnik-sans-italic.woff2"} <= names
    assert {"vestnik-sans-bold.woff2", "vestnik-serif-bold.woff2"} <= names
    assert "ParaType" in (STATIC / "fonts" / "LICENSE.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("font", FONTS, ids=lambda font: font.name)
def test_a_face_is_served_as_woff2(client, font):
    target = settings.STATIC_ROOT / "fonts"
    target.mkdir(exist_ok=True)
    shutil.copy(font, target)

    response = client.get(f"/static/fonts/{font.name}")

    assert response.status_code == 200
    assert response["Content-Type"] == "font/woff2"
    assert b"".join(response.streaming_content)[:4] == b"wOF2"


@pytest.mark.parametrize("font", FONTS, ids=lambda font: font.name)
def test_a_face_has_every_character_of_russian_news(font):
    text = PRESS_RELEASE.read_text(encoding="utf-8") + "«Ёлка» — № 5, 100 ₽… „ё“ Ґ"
    covered = TTFont(font).getBestCmap()

    missing = {char for char in text if not char.isspace() and ord(char) not in covered}
    assert not missing
    # A subset: no Greek, no Vietnamese, no box drawing.
    assert len(covered) < 400


@pytest.mark.django_db
def test_every_page_preloads_the_body_face_named_in_the_stylesheet(client):
    tree = page(client.get(reverse("news:home")))

    (preload,) = tree.xpath("//head/link[@rel='preload'][@as='font']")
    assert preload.get("type") == "font/woff2"
    assert preload.get("crossorigin") is not None
    assert preload.get("href").endswith("/fonts/vestnik-sans-regular.woff2")
    stylesheets = tree.xpath("//head/link[@rel='stylesheet']/@href")
    assert stylesheets[0].endswith("/css/fonts.css")
    assert 'url("../fonts/vestnik-sans-regular.woff2")' in (STATIC / "css/fonts.css").read_text()


@pytest.mark.parametrize("css", sorted((STATIC / "css").glob("*.css")), ids=lambda css: css.name)
def test_a_stylesheet_names_no_other_server(css):
    text = css.read_text(encoding="utf-8")

    assert "@import" not in text
    for target in re.findall(r"url\(\s*['\"]?([^'\")]+)", text):
        assert not re.match(r"(?i)^([a-z][a-z0-9+.-]*:|//)", target), target
        assert (css.parent / target).resolve().is_file(), target
    assert "font-display: swap" in text or "@font-face" not in text


@pytest.mark.django_db
def test_the_admin_and_its_editor_use_the_sites_type(client):
    editor = get_user_model().objects.create_superuser("glavred", "glavred@example.org", "x")
    client.force_login(editor)

    tree = page(client.get(reverse("admin:news_article_add")))

    stylesheets = " ".join(tree.xpath("//head/link[@rel='stylesheet']/@href"))
    for name in ("css/fonts.css", "css/admin.css", "css/editor.css"):
        assert name in stylesheets

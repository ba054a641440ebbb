"""The site's own typeface in a real browser: the body face is loaded from the site on the home
page (no other server is asked), and the visually impaired mode keeps plain sans type."""

import pytest

from tests.e2e.support import VISION_MODES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

LOADED_FACES = """async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((face) => face.status === 'loaded')
        .map((face) => `${face.family} ${face.weight} ${face.style}`);
}"""


def test_the_home_page_loads_the_sites_own_face_from_the_site(demo_site, new_context):
    page = new_context(base_url=demo_site.url).new_page()
    font_requests = []
    page.on(
        "request",
        lambda request: request.resource_type == "font" and font_requests.append(request.url),
    )

    page.goto("/", wait_until="networkidle")

    assert "Vestnik Sans 400 normal" in page.evaluate(LOADED_FACES)
    assert font_requests and all(url.startswith(demo_site.url) for url in font_requests)
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Vestnik Sans"')
    assert page.evaluate(
        "getComputedStyle(document.querySelector('h1, h2')).fontFamily"
    ).startswith('"Vestnik Serif"')


def test_the_vision_mode_keeps_sans_type_for_headings_too(demo_site, new_context):
    vision = VISION_MODES["white on black, large type, no images, wide spacing"]
    page = new_context(base_url=demo_site.url, vision=vision).new_page()

    page.goto(demo_site.pages["article"], wait_until="networkidle")

    assert page.evaluate(
        "getComputedStyle(document.querySelector('main h1')).fontFamily"
    ).startswith('"Vestnik Sans"')

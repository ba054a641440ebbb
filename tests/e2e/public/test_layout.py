"""Responsive from 320 px to wide screens: no page type scrolls sideways, in the normal design
and with the largest type of the visually impaired mode. On paper, articles and agreements
keep their content and lose the site's navigation."""

import pytest

from tests.e2e.support import VISION_MODES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

LARGEST_TYPE = VISION_MODES["dark blue on light blue, largest type, wide spacing"]
SCREEN_CHROME = [".site-header", ".site-nav", ".site-footer", ".vision-panel", ".skip-link"]


@pytest.mark.parametrize(
    ("width", "vision"),
    [(320, None), (320, LARGEST_TYPE), (768, None), (1920, None)],
    ids=["320px", "320px, largest type", "768px", "1920px"],
)
def test_no_page_type_scrolls_sideways(demo_site, new_context, width, vision):
    page = new_context(
        base_url=demo_site.url, vision=vision, viewport={"width": width, "height": 800}
    ).new_page()
    too_wide = {}
    for name, url in demo_site.pages.items():
        page.goto(url)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide[name] = scroll_width
    assert not too_wide, f"wider than {width}px: {too_wide}"


@pytest.mark.parametrize(
    "vision",
    [None, VISION_MODES["white on black, large type, no images, wide spacing"]],
    ids=["normal", "white on black"],
)
def test_articles_and_agreements_print_without_the_site_around_them(
    demo_site, new_context, screenshots, vision
):
    page = new_context(base_url=demo_site.url, vision=vision).new_page()
    for name in ["article", "agreement"]:
        page.goto(demo_site.pages[name])
        page.emulate_media(media="print")
        for selector in SCREEN_CHROME:
            assert not page.locator(selector).first.is_visible(), (name, selector)
        assert page.locator("main h1").is_visible()
        # Black on white on paper, whatever the colours on screen.
        assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") in {
            "rgb(255, 255, 255)",
            "rgba(0, 0, 0, 0)",
        }
        if name == "agreement":
            for selector in [
                ".facts",
                ".party-list",
                ".signatory-list",
                ".timeline",
                ".plan__items",
            ]:
                assert page.locator(selector).first.is_visible(), selector
        else:
            assert page.locator(".article__body").is_visible()
        (screenshots.folder / f"{name}.pdf").write_bytes(page.pdf(format="A4"))
        screenshots(page, f"{name}-printed")

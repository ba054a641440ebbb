"""Responsive from 320 px to wide screens: no page type scrolls sideways, in the normal design
and with the largest type of the visually impaired mode. On paper, articles and agreements
keep their content and lose the site's navigation."""

import pytest

from tests.e2e.support import PHONE, VISION_MODES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

LARGEST_TYPE = VISION_MODES["dark blue on light blue, largest type, wide spacing"]
SCREEN_CHROME = [
    ".site-header",
    ".site-nav",
    ".site-footer",
    ".vision-panel",
    ".skip-link",
    ".share",
]


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
    from partnerships.models import Agreement, CooperationPlan

    # The press release's agreement has only a draft plan (never public): the plan's table is
    # checked on the agreement with an approved one.
    planned = Agreement.objects.public().filter(plans__in=CooperationPlan.objects.public())
    pages = {**demo_site.pages, "agreement with a plan": planned.first().get_absolute_url()}
    page = new_context(base_url=demo_site.url, vision=vision).new_page()
    for name in ["article", "agreement", "agreement with a plan"]:
        page.goto(pages[name])
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
            for selector in [".facts", ".party-list", ".signatory-list", ".timeline"]:
                assert page.locator(selector).first.is_visible(), selector
        elif name == "agreement with a plan":
            assert page.locator(".plan__items").first.is_visible()
        else:
            assert page.locator(".article__body").is_visible()
        (screenshots.folder / f"{name}.pdf").write_bytes(page.pdf(format="A4"))
        screenshots(page, f"{name}-printed")


# The empty height below the shortest column of the featured block: the columns' bottom
# edges (the lowest card of each column) should end together.
FEATURED_GAP_JS = """() => {
  const cards = [...document.querySelectorAll('.featured__grid > .card')];
  const bottoms = {};
  for (const card of cards) {
    const box = card.getBoundingClientRect();
    const column = Math.round(box.left);
    bottoms[column] = Math.max(bottoms[column] || 0, box.bottom);
  }
  const edges = Object.values(bottoms);
  return {cards: cards.length, columns: edges.length, gap: Math.max(...edges) - Math.min(...edges)};
}"""


@pytest.mark.parametrize("width", [1024, 1280, 1920])
def test_the_featured_block_leaves_no_empty_space_beside_a_tall_card(
    demo_site, new_context, screenshots, width
):
    page = new_context(base_url=demo_site.url, viewport={"width": width, "height": 900}).new_page()
    page.goto(demo_site.pages["home"])
    screenshots(page, f"featured-{width}px")

    featured = page.evaluate(FEATURED_GAP_JS)

    assert featured["cards"] >= 2 and featured["columns"] == 2, featured
    assert featured["gap"] <= 50, featured


def test_the_search_buttons_text_stays_on_one_line_with_the_largest_type_on_a_phone(
    demo_site, new_context, screenshots
):
    page = new_context(base_url=demo_site.url, vision=LARGEST_TYPE, viewport=PHONE).new_page()
    page.goto(demo_site.pages["search results"])
    buttons = page.get_by_role("button", name="Найти")
    buttons.first.scroll_into_view_if_needed()
    screenshots(page, "search-largest-type", full_page=False)

    assert buttons.count() == 2  # in the header and in the search page's form
    for index in range(buttons.count()):
        button = buttons.nth(index)
        lines = button.evaluate(
            """button => {
              const range = document.createRange();
              range.selectNodeContents(button);
              const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
              return {lines: tops.size, scroll: button.scrollWidth, client: button.clientWidth};
            }"""
        )
        assert lines["lines"] == 1 and lines["scroll"] <= lines["client"], (index, lines)

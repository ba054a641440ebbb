"""Keyboard only: the skip link comes first and takes the reader to the content; Tab walks
every link and field in reading order, each visibly focused, and never gets stuck; the mode for
visually impaired readers is switched on and set up without a mouse."""

import pytest

from tests.e2e.support import VISION_MODES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

FOCUSABLE_IN_ORDER = """() => [...document.querySelectorAll(
    'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), '
    + 'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])'
  )].filter((element) => element.getClientRects().length > 0)
    .map((element, index) => {
      element.dataset.tabProbe = index;
      return element.outerHTML.slice(0, 120);
    })"""
FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return {
    index: Number(element.dataset.tabProbe),
    html: element.outerHTML.slice(0, 120),
    onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
      && box.top < innerHeight && box.left < innerWidth,
    indicated: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
      || style.boxShadow !== "none",
  };
}"""


def tab_through(page) -> list[dict]:
    """Press Tab until focus leaves the page; what was focused, in order."""
    expected = page.evaluate(FOCUSABLE_IN_ORDER)
    visited = []
    for _ in range(len(expected) + 3):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        if visited and focused["index"] == visited[-1]["index"]:
            pytest.fail(f"focus is stuck on {focused['html']}")
        visited.append(focused)
    else:
        pytest.fail("Tab never left the page: a keyboard trap")
    order = [item["index"] for item in visited]
    assert order == list(range(len(expected))), (
        f"Tab order is not the reading order: {order}, {[item['html'] for item in visited]}"
    )
    return visited


@pytest.mark.parametrize(
    ("name", "vision"),
    [
        ("home", None),
        ("article", None),
        ("register", None),
        ("agreement", None),
        ("home", VISION_MODES["white on black, large type, no images, wide spacing"]),
    ],
    ids=["home", "article", "register", "agreement", "home, visually impaired mode"],
)
def test_tab_reaches_everything_in_order_with_visible_focus(demo_site, new_context, name, vision):
    page = new_context(base_url=demo_site.url, vision=vision).new_page()
    page.goto(demo_site.pages[name])

    visited = tab_through(page)

    assert "skip-link" in visited[0]["html"]
    unseen = [item["html"] for item in visited if not (item["onScreen"] and item["indicated"])]
    assert not unseen, f"focused but not visibly: {unseen}"


def test_the_skip_link_takes_the_reader_to_the_content(demo_site, new_context, screenshots):
    page = new_context(base_url=demo_site.url).new_page()
    page.goto(demo_site.pages["article"])

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    screenshots(page, "skip-link-focused", full_page=False)
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_the_visually_impaired_mode_by_keyboard_alone(demo_site, new_context, screenshots):
    page = new_context(base_url=demo_site.url).new_page()
    page.goto(demo_site.pages["article"])

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")
    assert "vision-panel__toggle" in page.evaluate("document.activeElement.className")
    screenshots(page, "toggle-focused", full_page=False)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == demo_site.url + demo_site.pages["article"]
    classes = page.evaluate("document.documentElement.className").split()
    assert {"vision", "vision-size-2", "vision-bw"} <= set(classes)
    screenshots(page, "mode-on", full_page=False)

    # On to «white on black»: Tab through the panel, Enter on the swatch.
    for _ in range(12):
        page.keyboard.press("Tab")
        if "scheme=wb" in (page.evaluate("document.activeElement.getAttribute('href')") or ""):
            break
    else:
        pytest.fail("no «white on black» link in the panel")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "vision-wb" in page.evaluate("document.documentElement.className")
    current = page.locator(".vision-panel [aria-current='true']")
    assert current.count() == 2  # one type size and one colour scheme are marked as chosen
    assert "scheme=wb" in current.nth(1).get_attribute("href")
    screenshots(page, "white-on-black", full_page=False)

    # Remembered: the next page comes in the same mode.
    page.goto(demo_site.pages["agreement"])
    assert "vision-wb" in page.evaluate("document.documentElement.className")

    page.locator(".vision-panel__off").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "vision" not in page.evaluate("document.documentElement.className")

"""The header's menu and the news list on a phone and on a desktop: at 375 px the menu is a
closed button that opens on a tap (no JavaScript), the news list and the home page's latest news
are compact (a thumbnail to the left of each title) and the rubrics fold away; at 1280 px the
whole menu shows."""

import pytest
from django.utils.translation import gettext as _

from tests.e2e.support import DESKTOP, PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

MENU = ".site-header .site-nav"
THUMBNAILS_BESIDE_TITLES_JS = """(list) => [...document.querySelectorAll(`${list} .card`)]
  .filter(card => card.querySelector('img'))
  .map(card => {
    const image = card.querySelector('img').getBoundingClientRect();
    const title = card.querySelector('.card__title').getBoundingClientRect();
    return {image: [image.left, image.right, image.top, image.bottom, image.width],
            title: [title.left, title.right, title.top, title.bottom]};
  })"""


@pytest.mark.parametrize("javascript", [True, False], ids=["with JavaScript", "without"])
def test_on_a_phone_the_menu_is_a_button_that_opens_it(
    demo_site, new_context, screenshots, javascript
):
    page = new_context(
        base_url=demo_site.url, viewport=PHONE, java_script_enabled=javascript
    ).new_page()
    page.goto(demo_site.pages["news list"])
    button = page.locator(".site-header summary")
    links = page.locator(f"{MENU} a")

    assert button.is_visible() and button.inner_text() == _("Menu")
    assert links.count() >= 4 and not links.first.is_visible()
    screenshots(page, "menu-closed", full_page=False)

    button.click()

    assert all(links.nth(index).is_visible() for index in range(links.count()))
    assert page.locator(f"{MENU} a[aria-current='page']").inner_text() == "Новости"
    screenshots(page, "menu-open", full_page=False)
    button.click()
    assert not links.first.is_visible()


def test_on_a_phone_the_news_list_is_compact_and_the_rubrics_fold_away(
    demo_site, new_context, screenshots
):
    page = new_context(base_url=demo_site.url, viewport=PHONE).new_page()
    for name in ["news list", "rubric", "month archive"]:
        page.goto(demo_site.pages[name])
        assert_thumbnails_beside_titles(page, ".article-list", name)
        sidebar_links = page.locator(".sidebar a")
        assert not sidebar_links.first.is_visible(), name
        page.locator(".sidebar summary").click()
        assert sidebar_links.first.is_visible(), name
    screenshots(page, "compact-list")


def test_on_a_phone_the_home_pages_latest_news_are_compact(demo_site, new_context, screenshots):
    page = new_context(base_url=demo_site.url, viewport=PHONE).new_page()
    page.goto(demo_site.pages["home"])
    assert len(assert_thumbnails_beside_titles(page, ".phone-list", "home")) >= 3
    page.locator("#latest-title").scroll_into_view_if_needed()
    screenshots(page, "home-latest-news", full_page=False)


def assert_thumbnails_beside_titles(page, list_selector, name):
    cards = page.evaluate(THUMBNAILS_BESIDE_TITLES_JS, list_selector)
    assert cards, name
    for card in cards:
        _image_left, image_right, image_top, image_bottom, image_width = card["image"]
        title_left, _title_right, title_top, _title_bottom = card["title"]
        assert image_right <= title_left, (name, card)  # the thumbnail to the left
        assert image_top <= title_top < image_bottom, (name, card)  # beside the title
        assert image_width <= PHONE["width"] / 3, (name, card)
    return cards


def test_on_a_phone_the_filters_fold_behind_a_button(demo_site, new_context):
    page = new_context(base_url=demo_site.url, viewport=PHONE).new_page()
    page.goto(demo_site.pages["register"])
    fields = page.locator(".filter-form select").first

    assert not fields.is_visible()
    page.locator(".filter-fold summary").click()
    assert fields.is_visible()


def test_on_a_desktop_the_whole_menu_shows_without_a_button(demo_site, new_context, screenshots):
    page = new_context(base_url=demo_site.url, viewport=DESKTOP).new_page()
    page.goto(demo_site.pages["news list"])
    links = page.locator(f"{MENU} a")

    assert not page.locator(".site-header summary").is_visible()
    assert links.count() >= 4
    assert all(links.nth(index).is_visible() for index in range(links.count()))
    # One row, beside one another.
    tops = {round(links.nth(index).bounding_box()["y"]) for index in range(links.count())}
    assert len(tops) == 1, tops
    # The sidebar and the filters are open too.
    assert page.locator(".sidebar a").first.is_visible()
    assert not page.locator(".sidebar summary").is_visible()
    page.goto(demo_site.pages["register"])
    assert page.locator(".filter-form select").first.is_visible()
    screenshots(page, "desktop", full_page=False)

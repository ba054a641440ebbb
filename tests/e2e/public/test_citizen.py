"""A citizen on a phone follows the partnership story from the home page: the news, the press
release, the agreement it reports, one of the agreement's events, and adds that event to the
phone's calendar."""

import pytest
from icalendar import Calendar

from partnerships.models import Agreement
from tests.e2e.support import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

ARTICLE = "Алчевск стал городом-побратимом Тореза Донецкой Народной Республики"
AGREEMENT = "Соглашение об установлении побратимских связей между городами Алчевск и Торез"


def assert_fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways: {width}px"


def test_from_the_home_page_to_the_calendar_on_a_phone(demo_site, new_context, screenshots):
    context = new_context(base_url=demo_site.url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()

    page.goto("/")
    assert_fits_the_phone(page)
    screenshots(page, "home")

    page.locator(".site-header summary").tap()  # the menu folds behind its button
    page.locator(".site-nav a[href='/news/']").tap()
    page.wait_for_url("**/news/")
    assert_fits_the_phone(page)
    screenshots(page, "news")

    page.locator(".sidebar summary").tap()  # and so do the rubrics
    page.locator(".sidebar").get_by_role("link", name="Партнёрство").tap()
    page.get_by_role("link", name=ARTICLE).first.tap()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == ARTICLE
    assert_fits_the_phone(page)
    screenshots(page, "article")

    page.locator(".article-partnerships").get_by_role("link", name=AGREEMENT).tap()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == AGREEMENT
    assert_fits_the_phone(page)
    screenshots(page, "agreement")

    agreement = Agreement.objects.get(title=AGREEMENT)
    signing = agreement.events.get(title__startswith="Подписание")
    page.locator(".timeline").get_by_role("link", name=signing.title).tap()
    page.wait_for_url("**" + signing.get_absolute_url())
    assert_fits_the_phone(page)
    screenshots(page, "event")

    with page.expect_download() as download:
        page.locator(".event__calendar a").tap()
    saved = screenshots.folder / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"{signing.slug}.ics"
    (entry,) = Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(entry["SUMMARY"]) == signing.title
    assert entry.decoded("DTSTART") == signing.starts_on

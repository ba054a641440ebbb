"""The header, the main menu and the footer of every public page, as a reader gets them:
the coat of arms and the office's full name, a menu that folds behind a button without
JavaScript, and a footer with the contacts, the pages about the site and the official links."""

import datetime
from collections import defaultdict

import lxml.html
import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import hooks
from portal.demo_drawing import coat_of_arms_png
from portal.models import SiteSettings
from portal.navigation import Link
from tests.clock import MOSCOW
from tests.support import page

pytestmark = pytest.mark.django_db

PAGES = ["/", "/news/", "/partnerships/", "/events/", "/search/?q=город", "/privacy/"]


@pytest.fixture
def official_site(db):
    site = SiteSettings.get_solo()
    site.city_name = "Алчевск"
    site.region = "Луганская Народная Республика"
    site.office_name = "Информационный отдел администрации города Алчевска"
    site.address = "пр. Ленина, 48"
    site.phone = "+7 (857) 422-00-00"
    site.email = "press@alchevsk.example"
    site.working_hours = "Пн–Пт 8:00–17:00"
    site.vk_url = "https://vk.com/alchevsk"
    site.ok_url = "https://ok.ru/alchevsk"
    site.telegram_url = "https://t.me/alchevsk"
    site.administration_url = "https://alchevsk.example/"
    site.feedback_url = "https://pos.gosuslugi.ru/form/?opaId=123"
    site.logo.save("arms.png", ContentFile(coat_of_arms_png((0, 0, 200), (250, 200, 0))))
    return SiteSettings.get_solo()


@pytest.fixture
def scratch_hooks(monkeypatch):
    copy = defaultdict(list, {name: list(fns) for name, fns in hooks._hooks.items()})
    monkeypatch.setattr(hooks, "_hooks", copy)


def menu(tree):
    return [
        (link.text_content(), link.get("href"), link.get("aria-current"))
        for link in tree.xpath("//header//nav[@class='site-nav']//a")
    ]


def test_the_header_shows_the_coat_of_arms_and_the_offices_full_name(client, official_site):
    for url in PAGES:
        tree = page(client.get(url))
        (brand,) = tree.xpath("//header//a[@class='brand']")
        assert brand.get("href") == "/"
        (emblem,) = brand.xpath(".//img")
        assert emblem.get("src") == official_site.logo.url and emblem.get("alt") == ""
        assert brand.xpath("string(.//*[@class='brand__office'])") == official_site.office_name
        assert (
            brand.xpath("string(.//*[@class='brand__place'])")
            == "Алчевск, Луганская Народная Республика"
        ), url
        assert tree.xpath("//header//form[@role='search']/@action") == [reverse("portal:search")]


def test_the_menu_folds_behind_a_button_that_needs_no_javascript(client, official_site):
    tree = page(client.get("/news/"))

    (fold,) = tree.xpath("//header//details[.//nav[@class='site-nav']]")
    assert fold.get("open") is None  # closed until the reader opens it (on a phone)
    assert fold.xpath("string(summary)") == _("Menu")
    assert fold.xpath("nav/@aria-label") == [_("Main navigation")]
    assert tree.xpath("//script[not(@type='application/ld+json')]") == []


def test_the_menu_lists_every_section_in_order_and_marks_the_current_one(client, official_site):
    assert menu(page(client.get("/news/"))) == [
        (_("News"), "/news/", "page"),
        (_("Partnerships"), "/partnerships/", None),
        (_("Partners"), "/partnerships/partners/", None),
        (_("Events"), "/events/", None),
        (_("Documents"), "/documents/", None),
        (_("Appeals"), official_site.feedback_url, None),
    ]
    assert [current for *_link, current in menu(page(client.get("/")))] == [None] * 6


def test_without_a_feedback_address_the_menu_has_no_appeals_item(client):
    labels = [label for label, _url, _current in menu(page(client.get("/")))]

    assert labels == [_("News"), _("Partnerships"), _("Partners"), _("Events"), _("Documents")]


@pytest.mark.usefixtures("scratch_hooks")
def test_an_app_adds_its_items_to_the_menu_where_their_order_places_them(client):
    @hooks.register(hooks.MAIN_MENU_ITEMS)
    def city_pages():
        return [Link("О городе", "/o-gorode/", order=5), Link("Контакты", "/kontakty/", order=50)]

    # No such page yet: the site's 404 page has the menu too, its section marked current.
    response = client.get("/o-gorode/istoriya/")
    assert response.status_code == 404
    assert menu(lxml.html.fromstring(response.content.decode())) == [
        ("О городе", "/o-gorode/", "page"),
        (_("News"), "/news/", None),
        (_("Partnerships"), "/partnerships/", None),
        (_("Partners"), "/partnerships/partners/", None),
        (_("Events"), "/events/", None),
        (_("Documents"), "/documents/", None),
        ("Контакты", "/kontakty/", None),
    ]


def test_the_footer_gives_the_contacts_the_pages_about_the_site_and_the_official_links(
    client, official_site
):
    for url in PAGES:
        (footer,) = page(client.get(url)).xpath("//footer[@class='site-footer']")
        text = footer.text_content()
        for shown in ["пр. Ленина, 48", "+7 (857) 422-00-00", "Пн–Пт 8:00–17:00"]:
            assert shown in text, (url, shown)
        links = {link.get("href"): link.text_content() for link in footer.xpath(".//a")}
        assert links["mailto:press@alchevsk.example"] == "press@alchevsk.example"
        assert links["tel:+7(857)422-00-00"] == "+7 (857) 422-00-00"
        assert links[reverse("portal:privacy")] == _("Personal data processing policy")
        assert links[reverse("portal:accessibility")] == _("Accessibility statement")
        assert links[reverse("portal:site-map")] == _("Site map")
        assert links[reverse("portal:feeds")]
        assert links["https://alchevsk.example/"] == _("Website of the city administration")
        assert links[official_site.feedback_url] == _("Send an appeal")
        assert links["https://vk.com/alchevsk"] == _("VK")
        assert links["https://ok.ru/alchevsk"] == _("Odnoklassniki")
        assert links["https://t.me/alchevsk"] == "Telegram"
    # A plain link to the feedback platform: nothing of it is loaded into the page.
    tree = page(client.get("/"))
    assert not tree.xpath("//script[@src] | //iframe")


def test_the_footer_leaves_out_the_links_the_settings_do_not_have(client):
    (footer,) = page(client.get("/")).xpath("//footer")
    hrefs = footer.xpath(".//a/@href")

    assert reverse("portal:privacy") in hrefs and reverse("portal:site-map") in hrefs
    assert not [href for href in hrefs if href.startswith(("http", "mailto:", "tel:"))]
    assert not footer.xpath(".//*[@id='footer-appeal']")


def test_the_copyright_year_is_the_year_in_moscow(client, official_site, near_midnight):
    (copyright_line,) = page(client.get("/")).xpath("//footer//*[@class='site-footer__copyright']")

    year = timezone.localdate().year
    assert year == 2027  # New Year's night: already 2027 in Moscow at both instants
    assert copyright_line.text_content() == f"© {year} {official_site.office_name}"


def test_the_settings_shown_in_the_header_and_footer_are_escaped(client):
    bad = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    SiteSettings.objects.update(
        office_name=bad, city_name=bad, region=bad, address=bad, working_hours=bad
    )
    SiteSettings.clear_cache()

    response = client.get("/news/")
    html = response.content.decode()

    assert "<script>alert" not in html and "<img src=x" not in html
    assert page(response).xpath("string(//*[@class='brand__region'])") == bad


def test_the_visually_impaired_mode_keeps_the_new_header_and_footer(client, official_site):
    client.get(reverse("portal:vision"), {"size": "3", "scheme": "wb"})
    tree = page(client.get("/news/"))

    assert "vision-wb" in tree.get("class")
    assert tree.xpath("//header//details//nav[@class='site-nav']")
    assert tree.xpath("//footer//a[@href='/accessibility/']")


def test_cached_pages_show_the_new_year_from_its_first_minute_in_moscow(client, official_site):
    def year_shown():
        response = client.get("/news/")
        line = page(response).xpath("string(//*[@class='site-footer__copyright'])")
        return response.headers["X-Cache"], line.split()[1]

    eve = datetime.datetime(2026, 12, 31, 23, 50, tzinfo=MOSCOW)
    with time_machine.travel(eve, tick=False):
        assert year_shown() == ("miss", "2026")
        assert year_shown() == ("hit", "2026")
    with time_machine.travel(eve + datetime.timedelta(minutes=11), tick=False):
        assert year_shown() == ("miss", "2027")

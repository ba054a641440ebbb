"""The pages about the site: the personal data processing policy (the chief editor's text or
the standard one naming the operator), the accessibility statement and the human site map
(built from what the apps list), each cached, with breadcrumbs and in sitemap.xml."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import gettext as _

from news.models import Rubric
from partnerships.models import Agreement
from portal import roles
from portal.models import SiteSettings
from tests.support import page, sitemap_locations

pytestmark = pytest.mark.django_db

ABOUT_PAGES = {
    "portal:privacy": _("Personal data processing policy"),
    "portal:accessibility": _("Accessibility statement"),
    "portal:site-map": _("Site map"),
}


@pytest.fixture
def office(db):
    SiteSettings.objects.update(
        office_name="Информационный отдел администрации города Алчевска",
        address="пр. Ленина, 48",
        email="press@alchevsk.example",
        phone="+7 (857) 422-00-00",
        feedback_url="https://pos.gosuslugi.ru/form/?opaId=123",
    )
    SiteSettings.clear_cache()
    return SiteSettings.get_solo()


@pytest.mark.parametrize("name", ABOUT_PAGES)
def test_each_page_about_the_site_has_its_title_and_breadcrumbs_and_is_cached(
    client, office, name
):
    url = reverse(name)
    first, second = client.get(url), client.get(url)

    tree = page(first)
    assert tree.xpath("string(//main//h1)") == ABOUT_PAGES[name]
    assert tree.xpath("//nav[@class='breadcrumbs']//a/@href") == ["/"]
    assert (
        tree.xpath("string(//nav[@class='breadcrumbs']//*[@aria-current='page'])")
        == (ABOUT_PAGES[name])
    )
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")


def test_the_standard_privacy_policy_names_the_operator_and_what_the_site_processes(
    client, office
):
    main = page(client.get(reverse("portal:privacy"))).xpath("//main")[0]
    text = main.text_content()

    assert office.office_name in text and "пр. Ленина, 48" in text
    assert main.xpath(".//a[@href='mailto:press@alchevsk.example']")
    assert "User-Agent" in text and "«vision»" in text and "CSRF" in text
    assert "152" in text


def test_the_chief_editors_policy_text_replaces_the_standard_one_sanitised(client, office):
    chief = roles.sync_roles()[roles.CHIEF_EDITOR]
    assert chief.permissions.filter(codename="change_sitesettings").exists()
    site = SiteSettings.get_solo()
    site.privacy_policy = (
        '<h2>Оператор</h2><p onclick="steal()">Наш текст.</p><script>steal()</script>'
    )
    site.save()

    response = client.get(reverse("portal:privacy"))
    html = response.content.decode()

    assert "Наш текст." in page(response).xpath("string(//main)")
    assert "steal()" not in html and "onclick" not in html
    assert "User-Agent" not in html  # the standard text is gone


def test_policy_text_stored_past_the_sanitiser_is_sanitised_when_shown(client, office):
    SiteSettings.objects.update(privacy_policy='<p>Текст</p><img src=x onerror="steal()">')
    SiteSettings.clear_cache()

    html = client.get(reverse("portal:privacy")).content.decode()

    assert "Текст" in html and "onerror" not in html


def test_the_accessibility_statement_claims_its_conformance_and_says_how_to_report(client, office):
    main = page(client.get(reverse("portal:accessibility"))).xpath("//main")[0]

    assert "ГОСТ Р 52872-2019" in main.text_content()
    assert _("Degree of conformance: partial conformance with level AA.") in main.text_content()
    hrefs = main.xpath(".//a/@href")
    assert reverse("portal:vision") + "?size=2" in hrefs
    assert "mailto:press@alchevsk.example" in hrefs and office.feedback_url in hrefs


def test_the_site_map_lists_every_section_from_the_apps(client, office, make_article):
    make_article("Новость")
    Agreement.objects.create(
        title="Побратимство с Торезом",
        kind=Agreement.Kind.TWINNING,
        status=Agreement.Status.IN_FORCE,
        signed_on=datetime.date(2019, 10, 29),
        is_published=True,
    )
    Rubric.objects.create(name="Культура", slug="kultura")

    tree = page(client.get(reverse("portal:site-map")))
    links = {link.get("href"): link.text_content() for link in tree.xpath("//main//a")}

    for rubric in Rubric.objects.all():
        assert links[rubric.get_absolute_url()] == rubric.name
    for url in [
        "/",
        reverse("news:list"),
        reverse("news:archive-year", args=[make_article("Ещё").publish_at.year]),
        reverse("partnerships:register"),
        reverse("partnerships:partner-list"),
        reverse("partnerships:event-list"),
        reverse("portal:search"),
        reverse("portal:feeds"),
        reverse("portal:feeds") + "#feed-group-1",
        reverse("portal:privacy"),
        reverse("portal:accessibility"),
        office.feedback_url,
    ]:
        assert url in links, url
    headings = tree.xpath("//main//h2")
    assert [heading.text_content() for heading in headings] == [
        _("News"),
        _("Partnerships"),
        _("Documents"),
        _("For the media"),
        _("Open data"),
        _("About the site"),
    ]


def test_the_site_map_costs_the_same_queries_however_many_rubrics(
    client, office, django_assert_max_num_queries
):
    Rubric.objects.create(name="Рубрика 0", slug="rubrika-0")
    client.get(reverse("portal:site-map"))  # settings and archive years cached
    for number in range(1, 30):
        Rubric.objects.create(name=f"Рубрика {number}", slug=f"rubrika-{number}")

    # Two of them the alert banners': when one next starts or ends, and those shown now; one
    # the register's, once per content version: when a public agreement next expires; one the
    # press section's: when an announcement next leaves the list or closes; two the editable
    # pages', once per content version: when one next appears or leaves, and the public ones
    # for the menus and the site map (pages.navigation); one the documents', once per content
    # version: when a document next appears or disappears; one the articles' next removal and
    # one the agreements' and events' next appearance or removal (portal.scheduling).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("portal:site-map"))
    assert len(page(response).xpath("//main//a[starts-with(@href, '/news/rubric/')]")) == 30


def test_the_pages_about_the_site_are_in_sitemap_xml_with_a_last_modification(client):
    locations = sitemap_locations(client.get(reverse("sitemap")))

    for name in ABOUT_PAGES:
        assert locations[f"http://testserver{reverse(name)}"], name


def test_site_settings_offer_the_new_fields_and_save_them(admin_client):
    url = reverse("admin:portal_sitesettings_change", args=[1])
    form = admin_client.get("/admin/portal/sitesettings/").context["adminform"].form
    for name in ["region", "administration_url", "feedback_url", "privacy_policy"]:
        assert name in form.fields, name
    data = {name: value for name, value in form.initial.items() if name != "logo" and value}
    data.update(
        city_name="Алчевск",
        office_name="Информационный отдел",
        region="Луганская Народная Республика",
        administration_url="alchevsk.example",
        feedback_url="https://pos.gosuslugi.ru/form/?opaId=1",
        privacy_policy="<p>Политика</p><script>x()</script>",
    )

    response = admin_client.post("/admin/portal/sitesettings/", data)

    assert response.status_code == 302, url
    site = SiteSettings.get_solo()
    assert site.administration_url == "https://alchevsk.example"
    assert site.region == "Луганская Народная Республика"
    assert site.privacy_policy == "<p>Политика</p>"


def test_the_demo_fills_the_official_links_and_the_coat_of_arms(demo_content):
    site = SiteSettings.get_solo()
    assert site.region and site.logo
    assert site.administration_url.startswith("https://")
    assert site.feedback_url.startswith("https://pos.gosuslugi.ru/")

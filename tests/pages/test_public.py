"""What readers see: pages at their addresses, breadcrumbs, menus, search, sitemap, API."""

import pytest
from django.utils import timezone

from pages import services
from pages.models import Page
from tests.support import page as parsed

pytestmark = pytest.mark.django_db


def test_a_public_page_is_served_at_its_address_with_breadcrumbs(client, make_page):
    city = make_page("О городе")
    make_page("История", parent=city, body="<p>Посёлок возник в 1895 году.</p>")
    tree = parsed(client.get("/o-gorode/istoriia/"))
    assert tree.findtext(".//h1").strip() == "История"
    crumbs = [
        item.text_content().strip() for item in tree.xpath("//nav[@class='breadcrumbs']//li")
    ]
    assert crumbs == ["Главная", "О городе", "История"]
    assert tree.xpath("//nav[@class='breadcrumbs']//a/@href") == ["/", "/o-gorode/"]


def test_a_section_page_lists_its_public_subpages(client, make_page):
    city = make_page("О городе")
    make_page("История", parent=city)
    make_page("Черновик", parent=city, status=Page.Status.DRAFT)
    tree = parsed(client.get("/o-gorode/"))
    assert tree.xpath("//nav[@class='page__subpages']//a/text()") == ["История"]


@pytest.mark.parametrize("case", ["draft", "scheduled", "expired", "unknown", "under a draft"])
def test_what_is_not_public_is_a_404(client, make_page, case):
    now = timezone.now()
    if case == "draft":
        make_page("Контакты", status=Page.Status.DRAFT)
    elif case == "scheduled":
        make_page("Контакты", publish_at=now + timezone.timedelta(hours=1))
    elif case == "expired":
        make_page("Контакты", expire_at=now - timezone.timedelta(minutes=1))
    elif case == "under a draft":
        hidden = make_page("Раздел", status=Page.Status.DRAFT, slug="kontakty")
        make_page("Подраздел", parent=hidden)
        assert client.get("/kontakty/podrazdel/").status_code == 404
    assert client.get("/kontakty/").status_code == 404


def test_other_urls_still_win_over_pages(client, make_page):
    make_page("О городе")
    assert client.get("/news/").status_code == 200
    assert client.get("/nothing-here/").status_code == 404
    assert client.get("/file.php").status_code == 404


def test_titles_and_leads_are_escaped_and_the_text_sanitised(client, make_page):
    make_page(
        "<script>alert(1)</script> Контакты",
        slug="kontakty",
        lead="<b>жирный</b> & «кавычки»",
        body='<p onclick="x()">Текст<script>alert(2)</script></p>',
    )
    html = client.get("/kontakty/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Контакты" in html
    assert "&lt;b&gt;жирный&lt;/b&gt; &amp; «кавычки»" in html
    assert "onclick" not in html


def test_menus_are_built_from_the_pages_marked_for_them(client, make_page):
    make_page("О городе", in_main_menu=True, in_footer=True, menu_order=60)
    make_page("Контакты", in_main_menu=True, menu_order=5)
    make_page("Побратимы", in_footer=True)
    make_page("Черновик", in_main_menu=True, in_footer=True, status=Page.Status.DRAFT)
    tree = parsed(client.get("/news/"))
    menu = tree.xpath("//nav[contains(@class, 'site-nav')]//a/text()")
    assert menu[0] == "Контакты" and "О городе" in menu and "Черновик" not in menu
    assert menu.index("Новости") < menu.index("О городе")
    footer = tree.xpath("//nav[@aria-labelledby='footer-menu']//a/text()")
    assert footer == ["Побратимы", "О городе"]


@pytest.mark.django_db(transaction=True)
def test_the_menu_follows_an_edit_at_once(client, make_page):
    about = make_page("О городе", in_main_menu=True)
    client.get("/news/")
    about.title = "Город сегодня"
    services.save_page(about)
    menu = parsed(client.get("/news/")).xpath("//nav[contains(@class, 'site-nav')]//a/text()")
    assert "Город сегодня" in menu


def test_the_current_menu_item_is_marked_on_a_subpage(client, make_page):
    city = make_page("О городе", in_main_menu=True)
    make_page("История", parent=city)
    tree = parsed(client.get("/o-gorode/istoriia/"))
    assert tree.xpath("//nav[contains(@class, 'site-nav')]//a[@aria-current='page']/text()") == [
        "О городе"
    ]


def test_search_finds_a_public_page_only(client, make_page):
    make_page("Структура администрации", body="<p>Управление культуры, часы приёма</p>")
    make_page("Черновик структуры", status=Page.Status.DRAFT, body="<p>Управление культуры</p>")
    tree = parsed(client.get("/search/", {"q": "управление культуры"}))
    text = tree.text_content()
    assert "Структура администрации" in text
    assert "Черновик структуры" not in text


def test_the_sitemap_lists_public_pages(client, make_page):
    city = make_page("О городе")
    make_page("История", parent=city)
    make_page("Черновик", status=Page.Status.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/o-gorode/istoriia/</loc>" in xml
    assert "/chernovik/" not in xml


def test_the_site_map_page_shows_the_tree(client, make_page):
    city = make_page("О городе")
    make_page("История", parent=city)
    html = client.get("/sitemap/").content.decode()
    assert 'href="/o-gorode/"' in html and 'href="/o-gorode/istoriia/"' in html


def test_the_api_lists_public_pages_and_serves_one(client, make_page):
    city = make_page("О городе")
    history = make_page("История", parent=city, body="<p>Текст</p>")
    make_page("Черновик", status=Page.Status.DRAFT)
    listed = client.get("/api/pages/").json()
    assert [item["path"] for item in listed["results"]] == ["/o-gorode/", "/o-gorode/istoriia/"]
    assert listed["results"][1]["parent"] == city.pk
    one = client.get(f"/api/pages/{history.pk}/").json()
    assert one["body"] == "<p>Текст</p>" and one["url"].endswith("/o-gorode/istoriia/")
    draft = Page.objects.get(slug="chernovik")
    assert client.get(f"/api/pages/{draft.pk}/").status_code == 404
    assert client.get("/api/pages/", {"nonsense": 1}).status_code == 400


def test_a_page_embeds_the_register(client, make_page, make_agreement):
    make_agreement("Соглашение о побратимстве")
    make_page("Побратимы и партнёры", embed="partnerships-register")
    html = client.get("/pobratimy-i-partnery/").content.decode()
    assert "Соглашение о побратимстве" in html


@pytest.mark.parametrize("count", [3, 9])
def test_queries_do_not_grow_with_the_pages(
    client, make_page, django_assert_max_num_queries, count
):
    top = make_page("О городе", in_main_menu=True)
    for number in range(count):
        make_page(f"Подраздел {number}", parent=top, in_footer=True, in_main_menu=True)
    with django_assert_max_num_queries(12):
        assert client.get("/o-gorode/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/pages/").status_code == 200

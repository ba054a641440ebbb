import json
from urllib.parse import parse_qs

import pytest
from django.urls import reverse

from tests.support import page

pytestmark = pytest.mark.django_db
SERVER = "http://testserver"


def breadcrumbs_json_ld(tree):
    """The BreadcrumbList of the page's JSON-LD blocks, as (name, absolute url) pairs."""
    blocks = [
        json.loads(text) for text in tree.xpath("//script[@type='application/ld+json']/text()")
    ]
    [crumbs] = [block for block in blocks if block["@type"] == "BreadcrumbList"]
    items = crumbs["itemListElement"]
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    return [(item["name"], item["item"]) for item in items]


def visible_breadcrumbs(tree):
    return [item.text_content().strip() for item in tree.xpath("//nav[@class='breadcrumbs']//li")]


@pytest.fixture
def section(make_agreement, make_event, torez):
    agreement = make_agreement("Побратимство с Торезом")
    event = make_event("Фестиваль в Торезе", partners=[torez], agreement=agreement)
    return {"agreement": agreement, "event": event, "partner": torez}


def trails(section):
    register = ("Главная", "/"), ("Партнёрство", reverse("partnerships:register"))
    partners = (*register, ("Партнёры", reverse("partnerships:partner-list")))
    events = (*register, ("Мероприятия", reverse("partnerships:event-list")))
    agreement, event, partner = section["agreement"], section["event"], section["partner"]
    return {
        "register": (reverse("partnerships:register"), register),
        "agreement": (
            agreement.get_absolute_url(),
            (*register, (agreement.title, agreement.get_absolute_url())),
        ),
        "partners": (reverse("partnerships:partner-list"), partners),
        "partner": (
            partner.get_absolute_url(),
            (*partners, (partner.name, partner.get_absolute_url())),
        ),
        "events": (reverse("partnerships:event-list"), events),
        "event": (event.get_absolute_url(), (*events, (event.title, event.get_absolute_url()))),
    }


@pytest.mark.parametrize(
    "name", ["register", "agreement", "partners", "partner", "events", "event"]
)
def test_every_partnerships_page_shows_and_describes_its_breadcrumbs(client, section, name):
    path, trail = trails(section)[name]

    tree = page(client.get(path))

    assert breadcrumbs_json_ld(tree) == [(title, SERVER + url) for title, url in trail]
    assert visible_breadcrumbs(tree) == [title for title, _url in trail]
    assert tree.xpath("//nav[@class='breadcrumbs']//li[last()]/span[@aria-current='page']")


def test_the_event_page_keeps_its_event_data_first(client, section):
    tree = page(client.get(section["event"].get_absolute_url()))

    types = [
        json.loads(text)["@type"]
        for text in tree.xpath("//script[@type='application/ld+json']/text()")
    ]
    assert types == ["Event", "BreadcrumbList"]


@pytest.mark.parametrize(
    "name", ["register", "agreement", "partners", "partner", "events", "event"]
)
def test_every_partnerships_page_offers_the_events_feeds(client, section, name):
    path, _trail = trails(section)[name]

    tree = page(client.get(path))

    feeds = tree.xpath("//head/link[@rel='alternate']/@href")
    assert reverse("partnerships:event-rss") in feeds
    assert reverse("partnerships:event-ics") in feeds


def test_open_graph_leaves_out_what_a_page_has_no_value_for(client, section):
    tree = page(client.get(reverse("partnerships:partner-list")))

    assert tree.xpath("//meta[@property='og:title']/@content") == ["Партнёры"]
    assert tree.xpath("//meta[@name='twitter:card']/@content") == ["summary"]
    assert tree.xpath("//meta[@content='']") == []
    assert tree.xpath("//meta[@property='og:image' or @property='og:description']") == []


def test_the_main_navigation_marks_the_section_of_the_page(client, section):
    def current(path):
        return page(client.get(path)).xpath(
            "//nav[@class='site-nav']//a[@aria-current='page']/text()"
        )

    assert current(section["agreement"].get_absolute_url()) == ["Партнёрство"]
    # Of two items leading to the page, the deeper one.
    assert current(section["partner"].get_absolute_url()) == ["Партнёры"]
    assert current(section["event"].get_absolute_url()) == ["Мероприятия"]
    assert current(reverse("news:list")) == ["Новости"]
    assert current(reverse("news:home")) == []


def test_the_pages_of_a_filtered_register_keep_the_filters(client, make_agreement):
    for number in range(21):
        make_agreement(f"Соглашение № {number}", slug=f"soglashenie-{number}")

    first = page(client.get("/partnerships/?status=in_force&page=1"))
    [next_page] = first.xpath("//nav[@class='pagination']/a[@rel='next']/@href")
    second = page(client.get(f"/partnerships/{next_page}"))

    # The page cache puts the parameters in name order; the filter is what must stay.
    assert parse_qs(next_page.removeprefix("?")) == {"status": ["in_force"], "page": ["2"]}
    [previous_page] = second.xpath("//nav[@class='pagination']/a[@rel='prev']/@href")
    assert parse_qs(previous_page.removeprefix("?")) == {"status": ["in_force"], "page": ["1"]}
    assert "страница 2" in second.xpath("string(//title)")


def test_open_graph_values_keep_every_character(client, make_agreement):
    title = "Строка\u2028конец\x85соглашения"
    agreement = make_agreement(title, slug="stroka")

    tree = page(client.get(agreement.get_absolute_url()))

    assert tree.xpath("//meta[@property='og:title']/@content") == [title]

"""/feeds/: every feed of the site in one page that explains RSS, and every link works."""

import feedparser
import icalendar
import pytest
from django.urls import reverse

from news.models import Rubric
from tests.support import page

FEEDS = reverse("portal:feeds")


@pytest.fixture
def listed(client, press_release, twinning):
    Rubric.objects.create(name="Спорт", slug="sport")
    tree = page(client.get(FEEDS))
    links = tree.xpath("//main//ul[@class='feed-list__links']//a")
    return tree, {(link.get("href"), link.get("type")) for link in links}


def test_the_page_lists_every_feed(listed, press_release, twinning):
    _tree, links = listed
    hrefs = {href for href, _type in links}

    expected = {
        reverse("news:rss"),
        reverse("news:atom"),
        reverse("news:yandex-rss"),
        reverse("news:dzen-rss"),
        reverse("partnerships:event-rss"),
        reverse("partnerships:event-ics"),
        reverse("partnerships:agreement-rss", args=[twinning["agreement"].slug]),
        reverse("press:releases-rss"),
        reverse("press:releases-atom"),
        reverse("documents:rss"),
    }
    for rubric in Rubric.objects.all():
        expected |= {
            reverse("news:rubric-rss", args=[rubric.slug]),
            reverse("news:rubric-atom", args=[rubric.slug]),
        }
    assert hrefs == expected


def test_every_listed_feed_answers_with_a_feed(client, listed):
    _tree, links = listed

    for href, content_type in sorted(links):
        response = client.get(href)
        assert response.status_code == 200, href
        assert response["Content-Type"].startswith(content_type), href
        if content_type == "text/calendar":
            assert icalendar.Calendar.from_ical(response.content)
        else:
            parsed = feedparser.parse(response.content)
            assert parsed.bozo == 0 and parsed.feed.get("title"), href


def test_the_page_explains_rss_and_shows_the_addresses_to_copy(listed):
    tree, links = listed

    assert tree.xpath("//main//section[@class='feeds-help']//p")
    addresses = tree.xpath("//code[@class='feed-list__address']/text()")
    assert len(addresses) == len(links)
    assert all(address.startswith("http://testserver/") for address in addresses)

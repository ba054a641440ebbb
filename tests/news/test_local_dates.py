"""News dated on New Year's night, when it is already 1 January 2027 in Moscow but still
31 December 2026 in UTC: archives, dates on pages, feeds and the sitemap use the Moscow date.
Every test runs at 23:30 UTC and at 00:30 Moscow time (the ``near_midnight`` fixture)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.clock import MOSCOW
from tests.support import card_titles, feed, page, sitemap_locations

pytestmark = pytest.mark.usefixtures("near_midnight")

FEEDS = ["news:rss", "news:atom", "news:rubric-rss", "news:rubric-atom"]


@pytest.fixture
def new_years_news(make_article):
    """One article of the first minutes of 2027 in Moscow, one of the last hours of 2026."""
    return {
        "salute": make_article(
            "Новогодний салют", publish_at=datetime(2027, 1, 1, 0, 10, tzinfo=MOSCOW)
        ),
        "summary": make_article(
            "Итоги года", publish_at=datetime(2026, 12, 31, 23, 50, tzinfo=MOSCOW)
        ),
    }


def archive_titles(client, *args) -> list[str]:
    url = reverse("news:archive-year" if len(args) == 1 else "news:archive-month", args=args)
    response = client.get(url)
    assert response.status_code == 200, url
    return card_titles(page(response))


def test_the_archives_file_news_by_the_moscow_date(client, new_years_news):
    assert archive_titles(client, 2027) == ["Новогодний салют"]
    assert archive_titles(client, 2027, 1) == ["Новогодний салют"]
    assert archive_titles(client, 2026) == ["Итоги года"]
    assert archive_titles(client, 2026, 12) == ["Итоги года"]


def test_the_archive_menus_offer_the_moscow_year_and_month(client, new_years_news):
    years = page(client.get(reverse("news:list"))).xpath("//a/@href")
    assert reverse("news:archive-year", args=[2027]) in years
    months = page(client.get(reverse("news:archive-year", args=[2027]))).xpath("//a/@href")
    assert "/news/2027/01/" in months
    assert "/news/2026/12/" not in months


def test_pages_show_the_moscow_date_and_time(client, new_years_news):
    salute = new_years_news["salute"]
    tree = page(client.get(salute.get_absolute_url()))
    [shown] = tree.xpath("//p[@class='article__meta']/time")
    assert shown.text_content() == "1 января 2027, 00:10"
    assert shown.get("datetime") == "2027-01-01T00:10:00+0300"
    home = page(client.get(reverse("news:home")))
    assert "1 января 2027" in home.xpath("string(//*[@class='card__meta'])")


def test_feeds_give_the_instant_of_publication(client, new_years_news):
    salute = new_years_news["salute"]
    for name in FEEDS:
        args = [salute.rubric.slug] if "rubric" in name else []
        [first, *_] = feed(client.get(reverse(name, args=args))).entries
        assert first.title == salute.title, name
        published = datetime(*first.published_parsed[:6], tzinfo=UTC)
        assert published == salute.publish_at == datetime(2026, 12, 31, 21, 10, tzinfo=UTC)


def test_the_sitemap_dates_a_change_of_new_years_night_1_january(client, new_years_news):
    locations = sitemap_locations(client.get(reverse("sitemap")))

    salute = new_years_news["salute"]
    assert timezone.localdate() == datetime(2027, 1, 1).date()
    assert locations[f"http://testserver{salute.get_absolute_url()}"] == "2027-01-01"
    assert locations["http://testserver/"] == "2027-01-01"


def test_an_article_published_a_minute_ago_is_in_this_years_archive(client, make_article):
    fresh = make_article("Только что", publish_at=timezone.now() - timedelta(minutes=1))
    today = timezone.localdate()
    assert (today.year, today.month) == (2027, 1)
    assert archive_titles(client, today.year, today.month) == [fresh.title]

"""Press releases: a kind of article listed apart, with their own feeds, and still news."""

import pytest
from django.urls import reverse

from news.models import Article
from tests.support import card_titles, feed, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(make_article, make_release):
    return make_release("Подписано соглашение с Торезом"), make_article("Открыт новый сквер")


def test_press_releases_are_listed_apart_and_also_among_the_news(client, both):
    release, news = both
    releases = page(client.get(reverse("press:releases")))
    assert card_titles(releases) == [release.title]
    assert card_titles(page(client.get(reverse("news:list")))) == [news.title, release.title]


def test_the_section_shows_the_latest_press_releases(client, both):
    release, news = both
    text = page(client.get(reverse("press:section"))).text_content()
    assert release.title in text
    assert news.title not in text


def test_articles_are_news_unless_told_otherwise(make_article):
    assert make_article().kind == Article.Kind.NEWS


@pytest.mark.parametrize("name", ["press:releases-rss", "press:releases-atom"])
def test_the_feed_lists_only_public_press_releases(client, both, make_release, name):
    release, _news = both
    make_release("Черновик релиза", status=Article.Status.DRAFT)
    parsed = feed(client.get(reverse(name)))
    assert parsed.feed.title.startswith("Пресс-релизы")
    assert [entry.title for entry in parsed.entries] == [release.title]
    assert parsed.entries[0].link == f"http://testserver{release.get_absolute_url()}"


def test_the_feeds_page_and_the_section_link_the_feeds(client, both):
    feeds = page(client.get("/feeds/"))
    assert feeds.xpath(f"//a[@href='{reverse('press:releases-rss')}']")
    assert feeds.xpath(f"//a[@href='{reverse('press:releases-atom')}']")
    section = page(client.get(reverse("press:section")))
    assert section.xpath(f"//link[@rel='alternate'][@href='{reverse('press:releases-rss')}']")


def test_the_news_and_aggregator_feeds_keep_the_press_releases(client, both):
    release, news = both
    for name in ("news:rss", "news:yandex-rss"):
        titles = [entry.title for entry in feed(client.get(reverse(name))).entries]
        assert titles == [news.title, release.title], name


def test_titles_are_escaped_in_the_list_and_the_feed(client, make_release):
    make_release("<script>alert(1)</script> & «релиз»")
    response = client.get(reverse("press:releases"))
    assert b"<script>alert(1)</script>" not in response.content
    assert "&lt;script&gt;" in response.content.decode()
    parsed = feed(client.get(reverse("press:releases-rss")))
    assert parsed.entries[0].title == "<script>alert(1)</script> & «релиз»"


def test_a_page_past_the_end_is_a_404_and_a_bad_one_the_first(client, both):
    assert client.get(reverse("press:releases"), {"page": "99"}).status_code == 404
    assert client.get(reverse("press:releases"), {"page": "abc"}).status_code == 200


def test_the_list_asks_the_same_queries_for_many_releases(
    client, make_release, django_assert_max_num_queries
):
    make_release("Первый релиз")
    # The page's own and every app's next scheduled change, once per content version.
    with django_assert_max_num_queries(15) as few:
        client.get(reverse("press:releases"))
    for number in range(15):
        make_release(f"Релиз {number}", slug=f"reliz-{number}")
    # Every save drops the page cache: this request renders the page again.
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("press:releases"))
    assert response.headers["X-Cache"] == "miss"
    assert len(card_titles(page(response))) == 16

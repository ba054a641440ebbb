"""RSS and Atom: valid, full text, lead image enclosures, stable GUIDs, right dates, 304s."""

from datetime import UTC, datetime, timedelta

import lxml.etree
import lxml.html
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Rubric
from tests.support import feed

CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
FEEDS = {"RSS": "news:rss", "Atom": "news:atom"}


def published(entry) -> datetime:
    return datetime(*entry.published_parsed[:6], tzinfo=UTC)


@pytest.fixture
def press_release(make_illustrated_article, department, signing_day):
    return make_illustrated_article(
        "Алчевск стал городом-побратимом Тореза",
        lead="Глава Администрации подписала соглашение о побратимских связях.",
        body=(
            "<p>Договор предусматривает сотрудничество в сфере культуры.</p>"
            '<figure class="image"><img src="/media/editor/forum.jpg" alt="Форум"></figure>'
            '<p><a href="/news/">Все новости</a></p>'
        ),
        department=department,
        publish_at=signing_day - timedelta(hours=2),
    )


@pytest.fixture
def older_article(make_article, signing_day):
    return make_article("Открыт новый сквер", publish_at=signing_day - timedelta(days=1))


@pytest.mark.parametrize("kind", FEEDS)
def test_the_feed_is_valid_and_lists_public_news_newest_first(
    client, press_release, older_article, kind
):
    parsed = feed(client.get(reverse(FEEDS[kind])))

    assert parsed.feed.title.startswith("Новости")
    assert parsed.feed.language == "ru"
    assert [entry.title for entry in parsed.entries] == [press_release.title, older_article.title]
    entry = parsed.entries[0]
    assert entry.link == f"http://testserver{press_release.get_absolute_url()}"
    assert entry.summary == press_release.lead
    assert entry.author == "Управление информационной политики"
    assert [tag.term for tag in entry.tags] == [press_release.rubric.name]


def test_rss_carries_the_full_text_in_content_encoded(client, press_release):
    response = client.get(reverse("news:rss"))

    item = lxml.etree.fromstring(response.content).find("channel/item")
    html = item.findtext(CONTENT_ENCODED)
    assert "<p>Договор предусматривает сотрудничество в сфере культуры.</p>" in html
    assert "Договор предусматривает" in feed(response).entries[0].content[0].value


@pytest.mark.parametrize("kind", FEEDS)
def test_full_text_has_absolute_links_and_images(client, press_release, kind):
    entry = feed(client.get(reverse(FEEDS[kind]))).entries[0]
    content = entry.content[0]

    fragment = lxml.html.fragment_fromstring(content.value, create_parent="div")
    assert content.type == "text/html"
    lead_image = entry.enclosures[0].href  # the lead image comes first, then the body's
    assert fragment.xpath("//img/@src") == [lead_image, "http://testserver/media/editor/forum.jpg"]
    assert fragment.xpath("//a/@href") == ["http://testserver/news/"]


@pytest.mark.parametrize("kind", FEEDS)
def test_the_full_text_starts_with_the_lead_and_the_lead_image(client, press_release, kind):
    entry = feed(client.get(reverse(FEEDS[kind]))).entries[0]

    fragment = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    lead, image, *_rest = fragment.xpath("//p | //img")
    assert lead.text_content() == press_release.lead
    assert image.get("src") == entry.enclosures[0].href
    assert image.get("alt") == press_release.lead_image_alt
    assert fragment.text_content().index(press_release.lead) < fragment.text_content().index(
        "Договор предусматривает"
    )


def test_the_full_text_of_an_article_without_image_starts_with_its_lead(client, older_article):
    entry = feed(client.get(reverse("news:rss"))).entries[0]

    fragment = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
    assert fragment.xpath("//img") == []
    assert fragment.xpath("//p")[0].text_content() == older_article.lead


@pytest.mark.parametrize("kind", FEEDS)
def test_the_lead_image_is_an_enclosure_with_an_absolute_url(
    client, settings, press_release, kind
):
    entry = feed(client.get(reverse(FEEDS[kind]))).entries[0]

    [enclosure] = entry.enclosures
    assert enclosure.href.startswith("http://testserver/media/")
    assert enclosure.type == "image/jpeg"
    stored = settings.MEDIA_ROOT / enclosure.href.removeprefix("http://testserver/media/")
    assert int(enclosure.length) == stored.stat().st_size > 0


def test_an_article_without_an_image_has_no_enclosure(client, older_article):
    assert feed(client.get(reverse("news:rss"))).entries[0].enclosures == []


@pytest.mark.parametrize("kind", FEEDS)
def test_publication_dates_are_right(client, press_release, older_article, kind):
    entries = feed(client.get(reverse(FEEDS[kind]))).entries

    assert [published(entry) for entry in entries] == [
        press_release.publish_at.replace(microsecond=0),
        older_article.publish_at.replace(microsecond=0),
    ]


def test_guids_are_unique_shared_by_rss_and_atom_and_survive_edits(
    client, press_release, older_article
):
    def guids(kind):
        return [entry.id for entry in feed(client.get(reverse(FEEDS[kind]))).entries]

    before = guids("RSS")
    press_release.title = "Алчевск и Торез стали городами-побратимами"
    press_release.save()
    press_release.rubric = Rubric.objects.create(name="Официально", slug="ofitsialno")
    press_release.save()

    assert len(set(before)) == 2
    assert guids("RSS") == before
    assert guids("Atom") == before
    assert not feed(client.get(reverse("news:rss"))).entries[0].guidislink


def test_the_feed_shows_at_most_the_configured_number_of_items(client, settings, make_article):
    settings.FEED_ITEMS = 5
    for number in range(7):
        make_article(f"Новость номер {number}")

    assert len(feed(client.get(reverse("news:rss"))).entries) == 5


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_rubric_feed_lists_only_that_rubric(client, make_article, rubric, kind):
    culture = Rubric.objects.create(name="Культура", slug="kultura")
    make_article("Новость общества")
    make_article("Премьера в театре", rubric=culture)

    parsed = feed(client.get(reverse(f"news:rubric-{kind}", args=["kultura"])))

    assert parsed.feed.title.startswith("Культура")
    assert [entry.title for entry in parsed.entries] == ["Премьера в театре"]
    assert parsed.feed.link == "http://testserver/news/rubric/kultura/"


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_feed_of_an_unknown_rubric_is_404(client, db, kind):
    response = client.get(reverse(f"news:rubric-{kind}", args=["net-takoi"]))

    assert response.status_code == 404


@pytest.mark.parametrize("kind", FEEDS)
def test_a_reader_polling_with_the_etag_gets_304(client, press_release, kind):
    first = client.get(reverse(FEEDS[kind]))

    again = client.get(reverse(FEEDS[kind]), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("kind", FEEDS)
def test_a_reader_polling_with_the_last_modified_date_gets_304(client, press_release, kind):
    first = client.get(reverse(FEEDS[kind]))

    again = client.get(reverse(FEEDS[kind]), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


def test_a_reader_polling_after_new_news_gets_the_new_feed(
    client, make_article, press_release, time_machine, signing_day
):
    first = client.get(reverse("news:rss"))
    time_machine.move_to(signing_day + timedelta(hours=1), tick=False)
    make_article("Свежая новость")

    again = client.get(
        reverse("news:rss"),
        HTTP_IF_NONE_MATCH=first["ETag"],
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )

    assert again.status_code == 200
    assert feed(again).entries[0].title == "Свежая новость"


def html_pages(press_release) -> dict[str, str]:
    local = timezone.localtime(press_release.publish_at)
    return {
        "home": reverse("news:home"),
        "news list": reverse("news:list"),
        "article": press_release.get_absolute_url(),
        "rubric": press_release.rubric.get_absolute_url(),
        "tag": press_release.tags.first().get_absolute_url(),
        "year archive": reverse("news:archive-year", args=[local.year]),
        "month archive": reverse("news:archive-month", args=[local.year, local.month]),
        "page not found": "/news/net-takoi-novosti/",
    }


def test_every_html_page_announces_the_news_feeds(client, subtests, press_release):
    for name, url in html_pages(press_release).items():
        with subtests.test(page=name):
            response = client.get(url)
            tree = lxml.html.fromstring(response.content.decode())
            rss = tree.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href")
            atom = tree.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href")
            assert reverse("news:rss") in rss
            assert reverse("news:atom") in atom


def test_announced_feeds_can_be_fetched(client, press_release):
    tree = lxml.html.fromstring(
        client.get(press_release.rubric.get_absolute_url()).content.decode()
    )

    links = tree.xpath("//head/link[@rel='alternate']/@href")

    assert reverse("news:rubric-rss", args=[press_release.rubric.slug]) in links
    for href in links:
        assert feed(client.get(href)).entries, href

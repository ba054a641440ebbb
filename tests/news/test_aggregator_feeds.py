"""The feeds for Yandex and Dzen, checked against the element lists each documents.

Yandex (Yandex Webmaster, «Свежее и актуальное»; the format of Yandex News): RSS 2.0 with
``xmlns:yandex="http://news.yandex.ru"`` and the Media RSS namespace; per item ``title``,
``link``, ``pubDate`` (RFC 822) and ``yandex:full-text`` (the whole text, as text) are
required, ``description``, ``author``, ``category``, ``enclosure`` (url, type, length; one per
image) and ``yandex:genre`` optional.

Dzen (its «Разметка ленты RSS»): RSS 2.0 with the content and Media RSS namespaces; per item
``title``, ``link``, ``guid``, ``pubDate``, ``media:rating scheme="urn:simple"`` (``adult`` or
``nonadult``), ``enclosure`` (one per image) and ``content:encoded`` (the full HTML, images as
``<figure><img src="absolute URL"><figcaption>``) are required; ``author``, ``category`` and
``description`` are optional.
"""

import email.utils
from datetime import timedelta

import lxml.etree
import lxml.html
import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article, GalleryPhoto
from portal.models import SiteSettings
from tests.support import feed

YANDEX = "http://news.yandex.ru"
MEDIA = "http://search.yahoo.com/mrss/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
FEEDS = {"Yandex": "news:yandex-rss", "Dzen": "news:dzen-rss"}

YANDEX_ITEM = {
    "required": {"title", "link", "pubDate", f"{{{YANDEX}}}full-text"},
    "optional": {"description", "author", "category", "enclosure", f"{{{YANDEX}}}genre"},
}
DZEN_ITEM = {
    "required": {
        "title",
        "link",
        "guid",
        "pubDate",
        f"{{{MEDIA}}}rating",
        "enclosure",
        f"{{{CONTENT}}}encoded",
    },
    "optional": {"author", "category", "description"},
}
ITEMS = {"Yandex": YANDEX_ITEM, "Dzen": DZEN_ITEM}


def root_of(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/rss+xml")
    return lxml.etree.fromstring(response.content)


@pytest.fixture
def press_release(make_illustrated_article, department, signing_day):
    article = make_illustrated_article(
        "Алчевск стал городом-побратимом Тореза",
        lead="Глава Администрации подписала соглашение о побратимских связях.",
        body=(
            "<p>Договор предусматривает сотрудничество в сфере культуры &amp; спорта.</p>"
            '<figure class="image"><img src="/media/editor/forum.jpg" alt="Форум">'
            "<figcaption>Форум побратимов</figcaption></figure>"
            "<p>Второй абзац.</p>"
        ),
        department=department,
        lead_image_caption="Фото пресс-службы",
        publish_at=signing_day - timedelta(hours=2),
    )
    GalleryPhoto.objects.filter(article=article, order=1).update(caption="Подписание")
    return article


@pytest.fixture
def editor_image(image_upload):
    """The image the body of the press release shows, as the editor's upload stored it."""
    return default_storage.save("editor/forum.jpg", image_upload("forum.jpg"))


@pytest.fixture
def unsigned_article(make_illustrated_article, signing_day):
    """News without a department, illustrated only by a photo of its gallery."""
    return make_illustrated_article(
        "Открыт новый сквер",
        lead_image=None,
        lead_image_alt="",
        photos=1,
        publish_at=signing_day - timedelta(days=1),
    )


@pytest.fixture
def plain_article(make_article, signing_day):
    """News without any image."""
    return make_article("Изменён график приёма", publish_at=signing_day - timedelta(days=2))


@pytest.mark.parametrize("kind", FEEDS)
def test_each_item_has_the_documented_elements_and_no_others(
    client, press_release, unsigned_article, editor_image, kind
):
    root = root_of(client.get(reverse(FEEDS[kind])))

    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("channel/item")
    assert len(items) == 2
    for item in items:
        children = {child.tag for child in item}
        assert ITEMS[kind]["required"] <= children, children
        assert children <= ITEMS[kind]["required"] | ITEMS[kind]["optional"], children
        assert all((child.text or child.attrib) for child in item), "no empty element"
    channel = {child.tag for child in root.find("channel")}
    assert {"title", "link", "description", "language"} <= channel


def test_the_yandex_feed_declares_the_namespaces_yandex_documents(client, press_release):
    root = root_of(client.get(reverse("news:yandex-rss")))

    assert root.nsmap["yandex"] == YANDEX
    assert root.nsmap["media"] == MEDIA


def test_the_dzen_feed_declares_its_namespaces(client, press_release):
    root = root_of(client.get(reverse("news:dzen-rss")))

    assert root.nsmap["content"] == CONTENT
    assert root.nsmap["media"] == MEDIA


@pytest.mark.parametrize("kind", FEEDS)
def test_feedparser_reads_both_feeds(client, press_release, unsigned_article, kind):
    parsed = feed(client.get(reverse(FEEDS[kind])))

    assert parsed.version == "rss20"
    assert [entry.title for entry in parsed.entries] == [
        press_release.title,
        unsigned_article.title,
    ]
    entry = parsed.entries[0]
    assert entry.link == f"http://testserver{press_release.get_absolute_url()}"
    assert entry.summary == press_release.lead
    assert [tag.term for tag in entry.tags] == [press_release.rubric.name]


@pytest.mark.parametrize("kind", FEEDS)
def test_dates_are_rfc_822_and_links_absolute(client, press_release, unsigned_article, kind):
    root = root_of(client.get(reverse(FEEDS[kind])))

    items = root.findall("channel/item")
    dates = [email.utils.parsedate_to_datetime(item.findtext("pubDate")) for item in items]
    assert dates == [
        press_release.publish_at.replace(microsecond=0),
        unsigned_article.publish_at.replace(microsecond=0),
    ]
    assert all(date.tzinfo is not None for date in dates)
    links = [item.findtext("link") for item in items]
    assert links == [
        f"http://testserver{press_release.get_absolute_url()}",
        f"http://testserver{unsigned_article.get_absolute_url()}",
    ]
    assert root.findtext("channel/link") == "http://testserver/news/"


@pytest.mark.parametrize("kind", FEEDS)
def test_the_author_is_the_department_or_else_the_office(
    client, press_release, unsigned_article, kind
):
    root = root_of(client.get(reverse(FEEDS[kind])))

    authors = [item.findtext("author") for item in root.findall("channel/item")]
    assert authors == [press_release.department.name, SiteSettings.get_solo().office_name]


@pytest.mark.parametrize("kind", FEEDS)
def test_every_image_is_an_enclosure_with_its_type_and_length(
    client, settings, press_release, editor_image, kind
):
    root = root_of(client.get(reverse(FEEDS[kind])))

    enclosures = root.find("channel/item").findall("enclosure")
    lead, body_image, *gallery = (enclosure.attrib for enclosure in enclosures)
    assert len(gallery) == 2  # the lead image, the body's image, then the gallery
    assert lead["url"] == feed(client.get(reverse("news:rss"))).entries[0].enclosures[0].href
    assert body_image["url"] == "http://testserver/media/editor/forum.jpg"
    for enclosure in enclosures:
        url = enclosure.get("url")
        assert url.startswith("http://testserver/media/"), url
        assert enclosure.get("type") == "image/jpeg"
        stored = settings.MEDIA_ROOT / url.removeprefix("http://testserver/media/")
        assert int(enclosure.get("length")) == stored.stat().st_size > 0


@pytest.mark.parametrize("kind", FEEDS)
def test_a_body_image_from_elsewhere_has_no_length_and_a_gone_one_no_enclosure(
    client, make_article, kind
):
    make_article(
        "Новость с чужой картинкой",
        body=(
            '<p><img src="https://elsewhere.example/a.png?size=big&amp;v=2" alt="Чужая"></p>'
            '<p><img src="/media/editor/gone.jpg" alt="Удалённая"></p>'
            '<p><img src="/media/../../etc/passwd" alt="Не наша"></p>'
            '<p><img src="data:image/png;base64,AAAA" alt="Встроенная"></p>'
        ),
    )

    root = root_of(client.get(reverse(FEEDS[kind])))

    assert [
        dict(enclosure.attrib) for enclosure in root.find("channel/item").findall("enclosure")
    ] == [
        {"url": "https://elsewhere.example/a.png?size=big&v=2", "length": "0", "type": "image/png"}
    ]


def test_news_without_any_image_are_in_yandex_without_enclosure_but_not_in_dzen(
    client, press_release, plain_article
):
    yandex = root_of(client.get(reverse("news:yandex-rss"))).findall("channel/item")
    dzen = root_of(client.get(reverse("news:dzen-rss"))).findall("channel/item")

    assert [item.findtext("title") for item in yandex] == [
        press_release.title,
        plain_article.title,
    ]
    assert yandex[1].findall("enclosure") == []
    assert [item.findtext("title") for item in dzen] == [press_release.title]


def test_yandex_gets_the_whole_text_as_text_and_the_genre(client, press_release):
    item = root_of(client.get(reverse("news:yandex-rss"))).find("channel/item")

    assert item.findtext(f"{{{YANDEX}}}genre") == "message"
    text = item.findtext(f"{{{YANDEX}}}full-text")
    assert "<" not in text
    lines = text.splitlines()
    assert lines[0] == press_release.lead
    assert "Договор предусматривает сотрудничество в сфере культуры &amp; спорта." in lines
    assert lines[-1] == "Второй абзац."
    assert item.find("pdalink") is None


def test_dzen_gets_the_full_html_with_images_as_figures(client, press_release, editor_image):
    item = root_of(client.get(reverse("news:dzen-rss"))).find("channel/item")

    html = lxml.html.fragment_fromstring(item.findtext(f"{{{CONTENT}}}encoded"), "div")
    assert "Договор предусматривает сотрудничество" in html.text_content()
    images = html.xpath("//img")
    assert len(images) == 4  # the lead image, the body's, two photos of the gallery
    for image in images:
        assert image.getparent().tag == "figure"
        assert image.get("src").startswith("http://testserver/media/"), image.get("src")
        assert image.get("alt")
    captions = html.xpath("//figure/figcaption/text()")
    assert captions == ["Фото пресс-службы", "Форум побратимов", "Подписание"]
    enclosures = {enclosure.get("url") for enclosure in item.findall("enclosure")}
    assert {image.get("src") for image in images} == enclosures


def test_dzen_rates_every_item_nonadult(client, press_release, unsigned_article):
    root = root_of(client.get(reverse("news:dzen-rss")))

    ratings = root.findall(f"channel/item/{{{MEDIA}}}rating")
    assert [(rating.get("scheme"), rating.text) for rating in ratings] == [
        ("urn:simple", "nonadult")
    ] * 2


def test_dzen_guids_are_those_of_the_other_feeds(client, press_release):
    dzen = root_of(client.get(reverse("news:dzen-rss"))).findtext("channel/item/guid")
    rss = root_of(client.get(reverse("news:rss"))).findtext("channel/item/guid")

    assert dzen == rss == f"urn:vestnik:article:{press_release.pk}"


@pytest.mark.parametrize("kind", FEEDS)
def test_drafts_and_scheduled_news_stay_out(client, make_illustrated_article, signing_day, kind):
    make_illustrated_article("Черновик", status=Article.Status.DRAFT)
    make_illustrated_article("Завтрашняя", publish_at=signing_day + timedelta(days=1))
    make_illustrated_article("Сегодняшняя")

    assert [entry.title for entry in feed(client.get(reverse(FEEDS[kind]))).entries] == [
        "Сегодняшняя"
    ]


@pytest.mark.parametrize("kind", FEEDS)
def test_made_up_parameters_get_the_same_feed(client, press_release, kind):
    url = reverse(FEEDS[kind])
    first = client.get(url)

    for query in ("?page=abc", "?limit=-1&format=atom", "?q=%00%ff", "?" + "x" * 3000):
        with_query = client.get(url + query)
        assert with_query.status_code == 200, query
        assert with_query.headers["X-Cache"] == "hit", query
        assert with_query.content == first.content


@pytest.mark.parametrize("kind", FEEDS)
def test_the_feeds_are_cached_like_the_others(client, press_release, kind):
    first = client.get(reverse(FEEDS[kind]))
    second = client.get(reverse(FEEDS[kind]))

    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    again = client.get(reverse(FEEDS[kind]), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("kind", FEEDS)
def test_the_number_of_queries_does_not_grow_with_the_items(
    client, make_illustrated_article, django_assert_max_num_queries, signing_day, kind
):
    def publish(count, start):
        for number in range(start, start + count):
            make_illustrated_article(
                f"Новость номер {number}", publish_at=signing_day - timedelta(days=number)
            )

    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse(FEEDS[kind])).status_code == 200
        return len(context.captured_queries)

    publish(2, 1)
    few = queries()
    publish(12, 3)

    cache.clear()
    with django_assert_max_num_queries(few):
        assert len(feed(client.get(reverse(FEEDS[kind]))).entries) == 14

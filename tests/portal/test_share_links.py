"""Share links under every article and event: plain links to the documented share addresses
of VK, Telegram, OK and WhatsApp, the page's canonical URL and title encoded in the query, no
script, nothing loaded from their servers, nothing telling them where the reader came from."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from news.models import Article
from portal.sharing import share_links
from tests.support import page

pytestmark = pytest.mark.django_db

TITLE = "Алчевск & Торез: «побратимы» навсегда"
SHARE_ADDRESSES = {
    "vk.com": ("/share.php", "url", "title"),
    "t.me": ("/share/url", "url", "text"),
    "connect.ok.ru": ("/offer", "url", "title"),
    "wa.me": ("/", None, "text"),
}
NETWORK_HOSTS = tuple(SHARE_ADDRESSES)


@pytest.fixture
def article(make_article):
    return make_article(TITLE)


@pytest.fixture
def event(make_event):
    return make_event(TITLE)


@pytest.fixture(params=["article", "event"])
def shared(request, client):
    record = request.getfixturevalue(request.param)
    response = client.get(record.get_absolute_url())
    return record, response, page(response)


def share_anchors(tree):
    return tree.xpath("//section[@class='share']//a")


def test_the_share_addresses_are_those_the_networks_document():
    links = share_links("https://example.org/news/a/", "Б & В")

    assert [link.url for link in links] == [
        "https://vk.com/share.php?url=https%3A%2F%2Fexample.org%2Fnews%2Fa%2F"
        "&title=%D0%91%20%26%20%D0%92",
        "https://t.me/share/url?url=https%3A%2F%2Fexample.org%2Fnews%2Fa%2F"
        "&text=%D0%91%20%26%20%D0%92",
        "https://connect.ok.ru/offer?url=https%3A%2F%2Fexample.org%2Fnews%2Fa%2F"
        "&title=%D0%91%20%26%20%D0%92",
        "https://wa.me/?text=%D0%91%20%26%20%D0%92%20https%3A%2F%2Fexample.org%2Fnews%2Fa%2F",
    ]


def test_every_page_has_a_link_to_each_network(shared):
    _record, _response, tree = shared

    hosts = [urlsplit(anchor.get("href")).hostname for anchor in share_anchors(tree)]
    assert hosts == list(NETWORK_HOSTS)


def test_each_link_carries_the_canonical_url_and_the_title(shared):
    record, _response, tree = shared
    canonical = f"http://testserver{record.get_absolute_url()}"
    assert tree.xpath("//link[@rel='canonical']/@href") == [canonical]

    for anchor in share_anchors(tree):
        address = urlsplit(anchor.get("href"))
        path, url_name, title_name = SHARE_ADDRESSES[address.hostname]
        assert (address.scheme, address.path) == ("https", path)
        query = parse_qs(address.query, strict_parsing=True)
        if url_name:
            assert query == {url_name: [canonical], title_name: [TITLE]}, address
        else:
            assert query == {title_name: [f"{TITLE} {canonical}"]}, address


def test_the_title_is_percent_encoded_and_the_ampersands_escaped(shared):
    _record, response, _tree = shared
    html = response.content.decode()

    encoded_title = "%D0%90%D0%BB%D1%87%D0%B5%D0%B2%D1%81%D0%BA%20%26%20"  # «Алчевск & »
    assert html.count(encoded_title) == len(SHARE_ADDRESSES)
    # Between the parameters, in the HTML: "&amp;", never a bare "&".
    assert "share.php?url=http%3A%2F%2Ftestserver%2F" in html
    assert "%2F&amp;title=%D0%90" in html
    assert "%2F&title=" not in html


def test_the_links_are_plain_links_that_send_no_referrer(shared):
    _record, _response, tree = shared

    for anchor in share_anchors(tree):
        assert anchor.get("rel") == "noopener noreferrer"
        assert anchor.get("target") is None  # the reader decides where it opens
        assert set(anchor.attrib) == {"class", "href", "rel", "aria-label"}
        assert anchor.xpath(".//*") == []  # text only: no image, no script


def test_each_link_is_named_in_words_that_contain_what_it_shows(shared):
    _record, _response, tree = shared
    section = tree.xpath("//section[@class='share']")[0]

    heading = tree.xpath(f"//*[@id='{section.get('aria-labelledby')}']")[0]
    assert heading.tag == "h2" and heading.text_content().strip()
    for anchor in share_anchors(tree):
        shown = anchor.text_content().strip()
        assert shown
        assert shown in anchor.get("aria-label")


def test_nothing_is_loaded_from_the_networks_and_no_script_is_added(shared):
    _record, response, tree = shared

    sources = tree.xpath("//@src | //link/@href | //script/@src")
    assert not [source for source in sources if any(host in source for host in NETWORK_HOSTS)]
    assert all(script.get("type") == "application/ld+json" for script in tree.xpath("//script"))
    assert response.content.count(b"<script") == len(tree.xpath("//script"))


def test_a_hostile_title_stays_text(client, make_article, make_event):
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)> & Co'
    for record in (make_article(hostile), make_event(hostile)):
        response = client.get(record.get_absolute_url())
        tree = page(response)
        assert b"<script>alert(1)" not in response.content
        assert tree.xpath("//img[@onerror]") == []
        for anchor in share_anchors(tree):
            query = parse_qs(urlsplit(anchor.get("href")).query)
            assert any(hostile in value for values in query.values() for value in values)


def test_a_preview_of_an_unpublished_article_has_no_share_links(editor_client, make_article):
    draft = make_article("Черновик новости", status=Article.Status.DRAFT)

    tree = page(editor_client.get(reverse("news:preview", args=[draft.pk])))

    assert tree.xpath("//h1")[0].text_content().strip() == "Черновик новости"
    assert share_anchors(tree) == []


def test_a_preview_of_an_unpublished_event_has_no_share_links(editor_client, make_event):
    draft = make_event("Будущий визит", is_published=False)

    tree = page(editor_client.get(draft.get_absolute_url()))

    assert tree.xpath("//h1")[0].text_content().strip() == "Будущий визит"
    assert share_anchors(tree) == []

"""The mode for visually impaired readers without JavaScript: plain links set a cookie on the
server, every page after that comes with the chosen type size, colours, images and spacing,
and the panel says which options are chosen."""

import lxml.html
import pytest

from portal.accessibility import COOKIE_MAX_AGE, COOKIE_NAME, VisionPreferences
from tests.support import page

pytestmark = pytest.mark.django_db


def html_classes(response) -> set[str]:
    return set((page(response).get("class") or "").split())


def chosen(response) -> list[str]:
    """The hrefs the panel marks as chosen (aria-current)."""
    return page(response).xpath("//*[@class='vision-panel']//a[@aria-current='true']/@href")


def test_the_toggle_is_a_plain_link_on_every_page(client, make_article):
    article = make_article("Новость")
    for url in ["/", "/news/", article.get_absolute_url(), "/partnerships/", "/no-such-page/"]:
        tree = lxml.html.fromstring(client.get(url).content)
        (toggle,) = tree.xpath("//a[@class='vision-panel__toggle']")
        assert toggle.get("href") == f"/vision/?size=2&next={url}", url
        # Right after the skip link: the second stop for a keyboard.
        links = tree.xpath("//body//a")
        assert links[0].get("class") == "skip-link" and links[1] is toggle


def test_following_the_toggle_sets_the_cookie_and_the_next_page_is_enlarged(client):
    response = client.get("/vision/", {"size": "2", "next": "/news/"})

    assert response.status_code == 302
    assert response["Location"] == "/news/"
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == "on.2.bw.1.0"
    assert cookie["max-age"] == COOKIE_MAX_AGE
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert response["Cache-Control"].startswith("max-age=0")

    news = client.get("/news/")
    assert html_classes(news) == {"vision", "vision-size-2", "vision-bw"}
    assert chosen(news) == [
        "/vision/?size=2&next=/news/",
        "/vision/?scheme=bw&next=/news/",
    ]
    assert not page(news).xpath("//a[@class='vision-panel__toggle']")


@pytest.mark.parametrize(
    ("query", "expected_classes"),
    [
        ({"size": "3"}, {"vision-size-3", "vision-bw"}),
        ({"scheme": "wb"}, {"vision-size-2", "vision-wb"}),
        ({"scheme": "blue"}, {"vision-size-2", "vision-blue"}),
        ({"images": "0"}, {"vision-size-2", "vision-bw", "vision-no-images"}),
        ({"spacing": "1"}, {"vision-size-2", "vision-bw", "vision-wide-spacing"}),
    ],
    ids=["largest type", "white on black", "dark blue on light blue", "no images", "spacing"],
)
def test_each_link_changes_one_setting_and_keeps_the_others(client, query, expected_classes):
    client.get("/vision/", {"size": "2"})

    client.get("/vision/", {**query, "next": "/"})

    assert html_classes(client.get("/")) == {"vision", *expected_classes}


def test_settings_add_up_and_are_remembered_across_pages(client, make_article):
    article = make_article("Новость")
    for query in [{"size": "3"}, {"scheme": "blue"}, {"images": "0"}, {"spacing": "1"}]:
        client.get("/vision/", query)

    for url in ["/", article.get_absolute_url(), "/events/"]:
        assert html_classes(client.get(url)) == {
            "vision",
            "vision-size-3",
            "vision-blue",
            "vision-no-images",
            "vision-wide-spacing",
        }, url


def test_the_panel_offers_to_undo_what_is_on(client):
    client.get("/vision/", {"size": "2", "images": "0", "spacing": "1"})
    tree = page(client.get("/"))
    hrefs = tree.xpath("//*[@class='vision-panel']//a/@href")
    assert "/vision/?images=1&next=/" in hrefs
    assert "/vision/?spacing=0&next=/" in hrefs
    assert "/vision/?mode=off&next=/" in hrefs


def test_the_standard_version_link_turns_the_mode_off(client):
    client.get("/vision/", {"size": "3", "scheme": "wb"})

    response = client.get("/vision/", {"mode": "off", "next": "/news/"})

    assert response["Location"] == "/news/"
    assert response.cookies[COOKIE_NAME].value == ""
    assert response.cookies[COOKIE_NAME]["max-age"] == 0
    news = client.get("/news/")
    assert html_classes(news) == set()
    assert page(news).xpath("//a[@class='vision-panel__toggle']")


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example.org/", "//evil.example.org/", "javascript:alert(1)"],
)
def test_next_never_leaves_the_site(client, next_url):
    response = client.get("/vision/", {"size": "2", "next": next_url})
    assert response["Location"] == "/"


def test_unknown_values_are_ignored(client):
    client.get("/vision/", {"size": "3", "scheme": "wb"})
    response = client.get("/vision/", {"size": "9", "scheme": "red"})
    assert response.cookies[COOKIE_NAME].value == "on.3.wb.1.0"


@pytest.mark.parametrize(
    "value", ["", "on", "off.2.bw.1.0", "on.2.bw.1", "<script>", "on.9.x.1.0.1"]
)
def test_a_malformed_cookie_means_the_normal_design_or_defaults(client, value):
    client.cookies[COOKIE_NAME] = value
    classes = html_classes(client.get("/"))
    assert classes == set(VisionPreferences.from_cookie(value).css_classes.split())
    assert classes <= {"vision", "vision-size-1", "vision-bw"}


def test_only_get(client):
    assert client.post("/vision/", {"size": "2"}).status_code == 405

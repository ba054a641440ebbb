"""After a publish, the home page, the news list and the RSS feed are rendered anew by the
process that published, while readers get the previous copies; no reader renders them.

Run with the configured cache: local memory on the embedded default, real Redis when
``REDIS_URL`` is set."""

import threading

import pytest

from news.models import Article
from news.services import publish_article, unpublish_article
from portal import page_warming
from tests.portal.test_page_cache_stampede import shows

pytestmark = pytest.mark.django_db(transaction=True)

PATHS = ["/", "/news/", "/news/rss/"]


@pytest.fixture
def warming(settings):
    settings.PAGE_CACHE_WARM_PATHS = PATHS
    settings.SITE_URL = "http://testserver"  # where the test client's readers are
    yield
    page_warming.wait()


@pytest.fixture
def held_back(monkeypatch):
    """The warming thread waits until the test lets it go."""
    go = threading.Event()
    render = page_warming._render

    def waiting(*arguments):
        go.wait(10)
        render(*arguments)

    monkeypatch.setattr(page_warming, "_render", waiting)
    yield go
    go.set()


def test_after_a_publish_the_most_read_pages_are_stored_before_a_reader_asks(
    client,
    make_article,
    warm,
    warming,
):
    make_article("Вчерашняя новость")
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm(*PATHS)

    publish_article(draft)
    page_warming.wait()

    for path in PATHS:
        answer = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert answer.headers["X-Cache"] == "hit", path
        assert shows(client.get(path), "Срочное сообщение"), path


def test_until_a_page_is_stored_again_readers_get_its_previous_copy(
    client,
    make_article,
    warm,
    warming,
    held_back,
):
    make_article("Вчерашняя новость")
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/")

    publish_article(draft)
    during = client.get("/")
    assert during.headers["X-Cache"] == "stale"
    assert shows(during, "Вчерашняя новость")
    assert not shows(during, "Срочное сообщение")

    held_back.set()
    page_warming.wait()
    after = client.get("/")
    assert after.headers["X-Cache"] == "hit"
    assert shows(after, "Срочное сообщение")


def test_an_unpublished_article_is_gone_at_once_whatever_is_being_rendered(
    client,
    make_article,
    warm,
    warming,
    held_back,
):
    article = make_article("Срочное сообщение")
    warm("/")

    unpublish_article(article)

    answer = client.get("/")
    assert answer.headers["X-Cache"] == "miss"
    assert not shows(answer, "Срочное сообщение")


def test_a_site_address_the_site_does_not_answer_to_leaves_the_rendering_to_readers(
    client, make_article, warm, warming, settings
):
    settings.SITE_URL = "https://elsewhere.example"  # not in ALLOWED_HOSTS
    draft = make_article("Срочное сообщение", status=Article.Status.DRAFT)
    warm("/")

    publish_article(draft)

    answer = client.get("/")
    assert answer.headers["X-Cache"] == "miss"
    assert shows(answer, "Срочное сообщение")

"""Cached public pages and feeds show every change at once: publish, edit, unpublish and a
scheduled article coming due (no save happens at that moment)."""

import gzip
import uuid
from datetime import timedelta

import pytest
import redis
import time_machine
from django.conf import settings as configured
from django.utils import timezone

from news.models import Article
from news.services import publish_article, unpublish_article

PAGES = ["/", "/news/", "/news/rubric/obshchestvo/", "/news/rss/", "/news/atom/", "/sitemap.xml"]


def visible_everywhere(client, article):
    """Where the article can be seen: by its title on pages and feeds, by its URL in the sitemap."""
    article.refresh_from_db()
    marks = dict.fromkeys(PAGES, article.title)
    marks["/sitemap.xml"] = article.get_absolute_url()
    return {path: mark in client.get(path).content.decode() for path, mark in marks.items()}


@pytest.fixture
def warm(client):
    """Request every page until the answer comes from the cache."""

    def run():
        # In a transaction that commits, the very first request may create the site's
        # settings, whose commit drops the version it was rendered under: hence three.
        for path in PAGES:
            answers = [client.get(path).headers.get("X-Cache") for _ in range(3)]
            assert answers[-1] == "hit", (path, answers)

    return run


@pytest.mark.django_db
def test_second_request_is_served_from_cache(client, make_article):
    make_article("Кэшируемая новость")
    first = client.get("/news/")
    second = client.get("/news/")
    assert first.headers["X-Cache"] == "miss"
    assert second.headers["X-Cache"] == "hit"
    assert second.content == first.content
    assert "Кэшируемая новость" in second.content.decode()


@pytest.mark.django_db(transaction=True)
def test_publishing_shows_at_once(client, make_article, warm):
    draft = make_article("Черновик о ремонте моста", status=Article.Status.DRAFT)
    warm()
    assert not any(visible_everywhere(client, draft).values())
    publish_article(draft)
    assert all(visible_everywhere(client, draft).values())


@pytest.mark.django_db
def test_edit_shows_at_once(client, make_article, warm):
    article = make_article("Старый заголовок")
    warm()
    article.title = "Новый заголовок"
    article.save()
    seen = visible_everywhere(client, article)
    assert all(seen.values()), seen
    assert client.get(article.get_absolute_url()).content.decode().count("Старый заголовок") == 0


@pytest.mark.django_db
def test_unpublishing_hides_at_once(client, make_article, warm):
    article = make_article("Снимаемая с публикации новость")
    warm()
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200
    unpublish_article(article)
    assert not any(visible_everywhere(client, article).values())
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_scheduled_article_appears_when_due_without_any_save(client, make_article, warm):
    due = timezone.now() + timedelta(hours=2)
    scheduled = make_article("Запланированная новость", publish_at=due)
    warm()
    assert not any(visible_everywhere(client, scheduled).values())
    with time_machine.travel(due + timedelta(minutes=1)):
        assert all(visible_everywhere(client, scheduled).values())


@pytest.mark.django_db
def test_editors_with_a_session_bypass_the_cache(editor_client, make_article):
    make_article("Новость")
    editor_client.get("/news/")
    assert "X-Cache" not in editor_client.get("/news/").headers


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cookie", ["made-up", "x" * 32, "../../etc/passwd", "ended"], ids=lambda value: value[:8]
)
def test_a_session_cookie_that_is_not_a_live_staff_session_gets_the_cached_page(
    client, editor, make_article, settings, cookie
):
    if cookie == "ended":
        client.force_login(editor)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        client.logout()
    make_article("Новость")
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    client.get("/news/")

    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = client.get("/news/")

    assert response.headers.get("X-Cache") == "hit"
    assert "Новость" in response.content.decode()


@pytest.mark.django_db
def test_a_session_of_an_account_that_is_not_staff_gets_the_cached_page(
    client, django_user_model, make_article
):
    make_article("Новость")
    client.get("/news/")
    client.force_login(django_user_model.objects.create_user("reader"))

    assert client.get("/news/").headers.get("X-Cache") == "hit"


@pytest.mark.django_db
def test_a_staff_session_bypasses_the_cache(client, django_user_model, make_article):
    make_article("Новость")
    client.get("/news/")
    client.force_login(django_user_model.objects.create_user("avtor", is_staff=True))

    assert "X-Cache" not in client.get("/news/").headers


@pytest.mark.django_db
def test_a_hit_without_a_session_cookie_asks_the_database_nothing(
    client, make_article, django_assert_num_queries
):
    make_article("Новость")
    client.get("/news/")
    with django_assert_num_queries(0):
        assert client.get("/news/").headers["X-Cache"] == "hit"


def redis_commands_during(action) -> list[list[str]]:
    """The commands the configured Redis ran in our database while ``action()`` ran, as
    its MONITOR reports them (the end is marked by an ECHO of a token of our own)."""
    url = configured.CACHES["default"]["LOCATION"]
    watcher = redis.Redis.from_url(url, socket_timeout=10)  # never waits forever for the token
    marker = redis.Redis.from_url(url)
    database = watcher.connection_pool.connection_kwargs.get("db", 0)
    token = uuid.uuid4().hex
    marker.ping()  # connected (and its SELECT run) before the watch begins
    try:
        with watcher.monitor() as monitor:
            action()
            marker.echo(token)
            commands = []
            for seen in monitor.listen():
                if token in seen["command"]:
                    return commands
                if seen["db"] == database:
                    commands.append(seen["command"].split())
    finally:
        watcher.close()
        marker.close()


@pytest.mark.django_db
def test_a_hit_is_one_redis_round_trip(client, make_article):
    if not configured.REDIS_URL:
        pytest.skip("the configured cache is not Redis (set REDIS_URL)")
    make_article("Новость")
    client.get("/news/")
    answers = []
    commands = redis_commands_during(lambda: answers.append(client.get("/news/")))
    assert answers[0].headers["X-Cache"] == "hit"
    assert [command[0] for command in commands] == ["MGET"], commands


@pytest.mark.django_db
def test_vision_mode_pages_are_cached_separately(client, make_article):
    make_article("Новость")
    client.get("/news/")
    client.cookies["vision"] = "on.3.wb.1.0"
    response = client.get("/news/")
    assert response.headers["X-Cache"] == "miss"
    assert 'class="vision vision-size-3 vision-wb"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "applied"),
    [("made-up", ""), ("on.1.bw.1.0.extra", ""), ("on.9.red.1.0", "on.1.bw.1.0")],
)
def test_a_made_up_vision_cookie_gets_the_cached_page_of_what_it_means(
    client, make_article, sent, applied
):
    make_article("Новость")
    client.cookies["vision"] = applied
    client.get("/news/")

    client.cookies["vision"] = sent
    response = client.get("/news/")

    assert response.headers["X-Cache"] == "hit"


@pytest.mark.django_db
def test_conditional_get_answers_304(client, make_article):
    make_article("Новость")
    etag = client.get("/news/rss/").headers["ETag"]
    assert client.get("/news/rss/", headers={"if-none-match": etag}).status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/news/", "/news/rss/"])
def test_cached_pages_are_sent_compressed_to_clients_that_accept_gzip(client, make_article, path):
    make_article("Сжатая новость")
    plain = client.get(path)
    compressed = client.get(path, headers={"accept-encoding": "gzip, deflate, br"})
    assert compressed.headers["X-Cache"] == "hit"
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert int(compressed.headers["Content-Length"]) == len(compressed.content)
    assert len(compressed.content) < len(plain.content)
    assert gzip.decompress(compressed.content) == plain.content
    assert "Accept-Encoding" in compressed.headers["Vary"]
    assert "Accept-Encoding" in plain.headers["Vary"]


@pytest.mark.django_db
def test_a_page_stored_compressed_is_sent_plain_to_clients_without_gzip(client, make_article):
    make_article("Новость без сжатия")
    client.get("/news/", headers={"accept-encoding": "gzip"})
    plain = client.get("/news/")
    assert plain.headers["X-Cache"] == "hit"
    assert "Content-Encoding" not in plain.headers
    assert "Новость без сжатия" in plain.content.decode()


@pytest.mark.django_db
def test_conditional_get_matches_the_compressed_page_too(client, make_article):
    make_article("Новость")
    gzip_headers = {"accept-encoding": "gzip"}
    etag = client.get("/news/", headers=gzip_headers).headers["ETag"]
    again = client.get("/news/", headers={**gzip_headers, "if-none-match": etag})
    assert again.status_code == 304
    plain_etag = client.get("/news/").headers["ETag"]
    assert client.get("/news/", headers={"if-none-match": plain_etag}).status_code == 304


@pytest.mark.django_db
def test_pages_editors_see_uncached_are_compressed_as_well(editor_client, make_article):
    make_article("Новость для редактора")
    response = editor_client.get("/news/", headers={"accept-encoding": "gzip"})
    assert "X-Cache" not in response.headers
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Новость для редактора" in gzip.decompress(response.content).decode()


@pytest.mark.django_db
def test_a_hit_carries_the_same_headers_as_the_first_answer(client, make_article):
    make_article("Новость")
    first, second = client.get("/news/"), client.get("/news/")
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    drop = {"X-Cache"}
    assert {k: v for k, v in first.headers.items() if k not in drop} == {
        k: v for k, v in second.headers.items() if k not in drop
    }

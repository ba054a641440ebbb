"""Faults: the database or Redis goes away and comes back.

Requests go through Django's real WSGI handler (as gunicorn calls it), so the request
signals that close broken and expired database connections run as in production. The
database "goes away" for real: the site is pointed at a port where nothing listens, or at a
forwarder to the shared PostgreSQL that the test unplugs and plugs back in. The shared
services themselves are never stopped.
"""

import contextlib
import json
import logging
import time
from wsgiref.util import setup_testing_defaults

import pytest
import redis
from django.conf import settings as configured
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.db.utils import load_backend
from django.utils.translation import gettext

from portal import redis_breaker
from portal.models import SiteSettings
from tests.security.tcp_proxy import SilentListener, TcpProxy, _free_port, port_is_open

UNAVAILABLE_TITLE = "The site is temporarily unavailable"


class Answer:
    def __init__(self, status: str, headers: list[tuple[str, str]], body: bytes):
        self.status_code = int(status.split()[0])
        self.headers = dict(headers)
        self.text = body.decode()


def get(path: str) -> Answer:
    """One GET through the production WSGI handler, request signals included (so only in
    tests with ``transaction=True``: the signals close a connection inside a transaction)."""
    path, _, query = path.partition("?")
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "HTTP_HOST": "localhost"}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=headers)

    result = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        result.close()
    return Answer(started["status"], started["headers"], body)


def connection_with(**changes):
    params = {**connections["default"].settings_dict, **changes}
    return load_backend(params["ENGINE"]).DatabaseWrapper(params, "default")


def unreachable_database():
    if connections["default"].vendor == "sqlite":
        return connection_with(NAME="/nonexistent-vestnik-dir/vestnik.sqlite3")
    return connection_with(HOST="127.0.0.1", PORT=str(_free_port()))


@contextlib.contextmanager
def default_database(wrapper):
    original = connections["default"]
    connections["default"] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        connections["default"] = original


def assert_friendly_503(answer: Answer):
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "30"
    assert answer.headers["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in answer.headers
    assert '<html lang="ru">' in answer.text
    assert gettext(UNAVAILABLE_TITLE) in answer.text
    assert "Traceback" not in answer.text
    assert "OperationalError" not in answer.text


# --- the database ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_without_the_database_the_site_answers_503_and_recovers(make_article):
    article = make_article("Новость до сбоя")
    SiteSettings.get_solo()  # created now, not by the first request (a save empties the cache)
    get("/")
    assert get("/").headers["X-Cache"] == "hit"

    with default_database(unreachable_database()):
        assert get("/").status_code == 200, "cached pages are still served"
        for path in ["/news/", article.get_absolute_url(), "/events/", "/news/rss/"]:
            assert_friendly_503(get(path))
        health = get("/healthz")
        assert health.status_code == 503
        assert json.loads(health.text)["database"] == "unavailable"

    assert get("/news/").status_code == 200
    assert get(article.get_absolute_url()).status_code == 200
    assert get("/healthz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_database_failure_outside_any_view_is_a_503_too():
    """The page cache asks the database for the next scheduled publication before any view
    runs; the 503 comes from handler500 there."""
    with default_database(unreachable_database()):
        assert_friendly_503(get("/news/?first=1"))


@pytest.mark.django_db(transaction=True)
def test_the_503_page_needs_no_database(django_assert_num_queries):
    from portal.faults import service_unavailable

    with django_assert_num_queries(0):
        response = service_unavailable()
    assert response.status_code == 503


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_persistent_connection_cut_by_an_outage_is_replaced_when_postgres_returns():
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    target = int(connections["default"].settings_dict.get("PORT") or 5432)
    proxy = TcpProxy(target, connections["default"].settings_dict.get("HOST") or "127.0.0.1")
    proxy.start()
    try:
        with default_database(connection_with(HOST="127.0.0.1", PORT=str(proxy.port))) as db:
            assert db.settings_dict["CONN_MAX_AGE"] > 0
            assert db.settings_dict["CONN_HEALTH_CHECKS"] is True
            assert get("/news/?n=1").status_code == 200
            assert db.connection is not None, "kept open for the next request"

            proxy.stop()
            assert_friendly_503(get("/news/?n=2"))
            assert_friendly_503(get("/news/?n=3"))

            proxy.start()
            assert get("/news/?n=4").status_code == 200
            assert get("/healthz").status_code == 200
    finally:
        proxy.stop()


# --- the database accepts connections and never answers ---------------------------------------


@pytest.fixture
def silent_database():
    """The site pointed at a PostgreSQL that accepts connections and stays silent."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite is a file, not a server")
    listener = SilentListener(give_up_after=10).start()
    try:
        with default_database(connection_with(HOST="127.0.0.1", PORT=str(listener.port))):
            yield listener
    finally:
        listener.stop()


def timed_get(path: str) -> tuple[Answer, float]:
    started = time.monotonic()
    answer = get(path)
    return answer, time.monotonic() - started


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_a_silent_database_healthz_answers_503_within_a_second(silent_database):
    for attempt in range(3):  # the later checks share the first one's waiting probe
        answer, seconds = timed_get("/healthz")
        assert answer.status_code == 503
        assert json.loads(answer.text)["database"] == "unavailable"
        assert seconds < 1.0, (attempt, seconds)
    assert silent_database.accepted >= 1, "the database was really asked"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_a_silent_database_readers_get_the_503_page_within_seconds(silent_database):
    for path in ["/news/", "/events/", "/news/rss/"]:
        answer, seconds = timed_get(path)
        assert_friendly_503(answer)
        assert seconds < 5, (path, seconds)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_a_silent_database_statements_are_not_waited_for_forever():
    """A statement the server takes too long over is cancelled by the server itself."""
    if connections["default"].vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connections["default"].cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        configured = cursor.fetchone()[0]
    assert configured != "0", "PostgreSQL's default: no limit"


@pytest.mark.django_db(transaction=True)
def test_static_files_are_served_without_the_database(settings, request):
    (settings.STATIC_ROOT / "site.css").write_text("body { color: black; }")
    if connections["default"].vendor == "postgresql":
        request.getfixturevalue("silent_database")
        answer, seconds = timed_get("/static/site.css")
    else:
        with default_database(unreachable_database()):
            answer, seconds = timed_get("/static/site.css")
    assert answer.status_code == 200
    assert answer.text == "body { color: black; }"
    assert seconds < 0.5


# --- Redis -------------------------------------------------------------------------------------


def redis_cache_at(port: int, prefix: str) -> dict:
    """The production cache configuration, pointed at ``port``."""
    options = {
        "PARSER_CLASS": "redis.connection._HiredisParser",
        "SOCKET_CONNECT_TIMEOUT": 0.5,
        "SOCKET_TIMEOUT": 1.0,
        "IGNORE_EXCEPTIONS": True,
        "REDIS_CLIENT_CLASS": "portal.redis_breaker.RedisLeftAloneAfterFailure",
    }
    if configured.REDIS_URL:
        options = configured.CACHES["default"]["OPTIONS"]
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/14",
            "KEY_PREFIX": prefix,
            "OPTIONS": options,
        }
    }


@pytest.mark.django_db(transaction=True)
def test_with_redis_unreachable_the_site_serves_uncached(settings, make_article, caplog):
    port = _free_port()
    assert not port_is_open(port)
    settings.CACHES = redis_cache_at(port, "vestnik-fault-test")
    article = make_article("Новость без кэша")

    with caplog.at_level(logging.WARNING, logger="portal.redis_breaker"):
        for path in ["/", "/", "/news/", article.get_absolute_url(), "/news/rss/"]:
            answer = get(path)
            assert answer.status_code == 200, path
            assert answer.headers.get("X-Cache") != "hit"
    assert "Redis cache unavailable" in caplog.text


def test_every_cache_operation_degrades(settings):
    """Each answers as if the cache were empty, or does nothing; none raises. (Not ``touch``:
    django-redis lets its errors through, and nothing here touches keys.)"""
    settings.CACHES = redis_cache_at(_free_port(), "vestnik-fault-test")
    redis_breaker._down_until.clear()
    assert cache.get("x", "default") == "default"
    assert not cache.set("x", 1)
    assert not cache.add("x", 1)
    assert cache.get_or_set("y", 2) == 2
    assert cache.get_many(["x", "y"]) == {}
    assert not cache.set_many({"x": 1})
    assert not cache.has_key("x")
    assert not cache.delete("x")
    assert not cache.delete_many(["x"])
    assert cache.incr("x") is None
    assert not cache.clear()


@pytest.mark.django_db(transaction=True)
def test_caching_resumes_when_redis_returns(settings, make_article, monkeypatch):
    if not port_is_open(6379):
        pytest.skip("no Redis on 127.0.0.1:6379")
    monkeypatch.setattr(redis_breaker, "RETRY_INTERVAL", 0.0)
    prefix = f"vestnik-fault-test-{_free_port()}"
    proxy = TcpProxy(6379).start()
    settings.CACHES = redis_cache_at(proxy.port, prefix)
    make_article("Новость в кэше")
    SiteSettings.get_solo()  # created now, not by the first request (a save empties the cache)
    try:
        assert get("/").headers["X-Cache"] == "miss"
        assert get("/").headers["X-Cache"] == "hit"

        proxy.stop()
        for path in ["/", "/news/"]:
            answer = get(path)
            assert answer.status_code == 200
            assert answer.headers.get("X-Cache") != "hit"

        proxy.start()
        assert get("/").headers["X-Cache"] == "hit"
    finally:
        proxy.stop()
        client = redis.Redis(host="127.0.0.1", port=6379, db=14)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.mark.django_db(transaction=True)
def test_with_a_silent_redis_pages_are_served_without_waiting(settings, make_article):
    """The configured Redis client (its own timeouts) pointed at a Redis that never answers."""
    if not configured.REDIS_URL:
        pytest.skip("the configured cache is not Redis (set REDIS_URL)")
    article = make_article("Новость без ответа кэша")
    listener = SilentListener(give_up_after=10).start()
    redis_breaker._down_until.clear()
    settings.CACHES = {
        "default": {
            **configured.CACHES["default"],
            "LOCATION": f"redis://127.0.0.1:{listener.port}/14",
            "KEY_PREFIX": "vestnik-fault-test-silent",
        }
    }
    try:
        answer, seconds = timed_get(article.get_absolute_url())
        assert answer.status_code == 200
        assert seconds < 3, "one wait for Redis, then it is left alone"
        answer, seconds = timed_get("/news/")
        assert answer.status_code == 200
        assert seconds < 1
    finally:
        listener.stop()
        redis_breaker._down_until.clear()

"""Hostile input anywhere public is a 4xx at worst, never a 5xx.

Every public URL pattern (the resolver walked, the admin, uploads and media left out) is
requested with hostile path parameters and query strings: long, unicode, control characters,
NUL bytes, percent-encoded NULs, path traversal, SQL and tsquery syntax, numbers out of range.
"""

import string
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

EXCLUDED_PREFIXES = (settings.ADMIN_URL, "ckeditor5/", "editor/", "media/")

HOSTILE = [
    "",
    "0",
    "-1",
    "99999999999999999999",
    "1e309",
    "NaN",
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "\x00",
    "a\x00b",
    "%",
    "%%32%65",
    "%ZZ",
    "' OR '1'='1",
    "1; DROP TABLE news_article; --",
    '" OR ""="',
    "a & b | !c",
    "a:* <-> b",
    "(((((",
    "!!!",
    "\\",
    "_%",
    "*",
    "<script>alert(1)</script>",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "Алчевск",
    "Ё" * 300,
    "😀🏙️",
    "\u202e\u200b\ufeff",
    b"\xed\xa0\x80",  # a lone surrogate, as invalid UTF-8
    b"\xff\xfe",
    b"\xc0\xaf",  # overlong "/"
    "x" * 5000,
    "2019-02-30",
    "0000-00-00",
    "../admin/",
    "//evil.example",
    "\r\nSet-Cookie: x=1",
]

QUERY_KEYS = [
    "page",
    "q",
    "status",
    "kind",
    "area",
    "partner",
    "year",
    "month",
    "rubric",
    "tag",
    "agreement",
    "from",
    "to",
    "when",
    "period",
    "sort",
    "order",
    "format",
    "size",
    "scheme",
    "images",
    "next",
    "type",
]


def public_routes() -> list[tuple[str, dict[str, str]]]:
    """``(route, {parameter: converter})`` of every public pattern."""
    routes = []

    def walk(patterns, prefix, converters):
        for entry in patterns:
            pattern = entry.pattern
            if not isinstance(pattern, RoutePattern):
                continue  # regex patterns: media serving only
            route = prefix + str(pattern)
            found = {
                **converters,
                **{name: type(conv).__name__ for name, conv in pattern.converters.items()},
            }
            if route.startswith(EXCLUDED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route, found)
            elif isinstance(entry, URLPattern):
                routes.append((route, found))

    walk(get_resolver().url_patterns, "", {})
    return routes


ROUTES = public_routes()


def fill(route: str, values: dict[str, str | bytes]) -> str:
    path = route
    for name, value in values.items():
        for converter in ("int", "slug", "str", "path", "uuid"):
            path = path.replace(f"<{converter}:{name}>", quote(value, safe=""))
        path = path.replace(f"<{name}>", quote(value, safe=""))
    return "/" + path


def request_ok(client, path: str, query: dict[str, str | bytes]) -> None:
    url = path + ("?" + urlencode(query) if query else "")
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)


def test_the_walk_finds_the_public_site():
    routes = {route for route, _params in ROUTES}
    assert {"", "news/", "news/<slug:slug>/", "robots.txt", "sitemap.xml"} <= routes
    assert not any(route.startswith(settings.ADMIN_URL) for route in routes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("route", "converters"), ROUTES, ids=[route or "/" for route, _ in ROUTES]
)
def test_every_public_pattern_survives_the_hostile_list(client, make_article, route, converters):
    make_article("Новость для проверки")
    for value in HOSTILE:
        path = fill(route, dict.fromkeys(converters, value))
        if converters:
            request_ok(client, path, {})
        request_ok(client, path, dict.fromkeys(QUERY_KEYS[:8], value))


def hostile_text():
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.text(max_size=80),
        st.text(alphabet=string.punctuation + string.digits, max_size=30),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
    )


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    value=hostile_text(),
    query=st.dictionaries(
        st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=10)), hostile_text(), max_size=4
    ),
)
def test_random_hostile_requests_never_fail_with_5xx(client, route, value, query):
    pattern, converters = route
    request_ok(client, fill(pattern, dict.fromkeys(converters, value)), query)

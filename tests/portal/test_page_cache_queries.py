"""The page cache keys a page by the query parameters its view reads, nothing else: a made-up
query string gets the cached copy instead of a rendering and a stored copy of its own."""

import secrets

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from portal.cache import declared_query_params, view_query_params

# Never cached (the admin, editors' tools, previews), or answering unknown parameters with 400
# themselves (the API).
UNCACHED = (
    "admin",
    "ckeditor5",
    "editor/",
    "healthz",
    "accessibility",
    "api/",
    "media/",
    "preview",
)


@pytest.mark.django_db
def test_twenty_made_up_query_strings_render_the_page_once(client, make_article):
    make_article("Новость о благоустройстве")
    answers = [
        client.get("/news/", {secrets.token_hex(4): secrets.token_hex(4)}) for _ in range(20)
    ]
    assert [answer.headers["X-Cache"] for answer in answers] == ["miss"] + ["hit"] * 19
    assert len({answer.content for answer in answers}) == 1
    assert "Новость о благоустройстве" in answers[-1].content.decode()


@pytest.mark.django_db
def test_the_view_never_sees_the_made_up_parameters(client, make_article):
    make_article("Новость")
    page = client.get("/news/?utm_source=spam&page=1").content.decode()
    assert "utm_source" not in page  # e.g. in the vision panel's way back to the page
    assert "spam" not in page


@pytest.mark.django_db
def test_the_parameters_a_page_reads_still_make_pages_of_their_own(client, make_article):
    for n in range(25):
        make_article(f"Новость номер {n}")
    first, second = client.get("/news/"), client.get("/news/?page=2&x=1")
    assert second.headers["X-Cache"] == "miss"
    assert "Новость номер 0" in second.content.decode()
    assert "Новость номер 0" not in first.content.decode()
    assert client.get("/news/?x=2&page=2").headers["X-Cache"] == "hit"


@pytest.mark.django_db
def test_the_order_of_the_parameters_does_not_make_another_page(client):
    assert client.get("/partnerships/?status=in_force&kind=cooperation").status_code == 200
    again = client.get("/partnerships/?kind=cooperation&utm=1&status=in_force")
    assert again.headers["X-Cache"] == "hit"
    assert client.get("/partnerships/?kind=twinning&status=in_force").headers["X-Cache"] == "miss"


@pytest.mark.django_db
def test_a_search_still_gets_its_query(client, make_article):
    make_article("Побратимы Алчевска")
    page = client.get("/search/", {"q": "Алчевск", "made_up": "1"}).content.decode()
    assert "Побратимы Алчевска" in page


def public_paths(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from public_paths(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not any(part in route for part in UNCACHED):
            yield route, pattern


def test_every_public_view_declares_the_query_parameters_it_reads():
    """A view that declares nothing keeps the whole query string in the key, so one left out
    would be open to the made-up query strings again."""
    undeclared = [
        route
        for route, pattern in public_paths(get_resolver().url_patterns)
        if view_query_params(pattern.callback) is None
    ]
    assert not undeclared
    assert declared_query_params("/sitemap.xml") == {"p"}
    # Under another section's first segment: no editable page can be there either.
    assert declared_query_params("/news/no/such/page/") is None

"""Old addresses answer 301 to the new ones, through the page cache, and unknown ones 404."""

import pytest
from django.db import DatabaseError

from portal.models import Redirect
from portal.redirects import middleware
from portal.redirects.services import save_redirect

pytestmark = pytest.mark.django_db


def redirect(old_path, new_path, **fields):
    return save_redirect(Redirect(old_path=old_path, new_path=new_path, **fields))


def test_an_unknown_address_is_still_a_404_with_the_page_cache_on(client):
    for _attempt in range(2):
        response = client.get("/news/no-such-article/")
        assert response.status_code == 404
        assert response.headers.get("X-Cache") is None  # never stored


def test_an_old_address_answers_301_every_time(client, make_article):
    article = make_article("Новый парк")
    redirect("/news/old-park/", article.get_absolute_url())

    for _attempt in range(2):
        response = client.get("/news/old-park/")
        assert response.status_code == 301
        assert response.headers["Location"] == article.get_absolute_url()
    assert client.get(response.headers["Location"]).status_code == 200


def test_a_live_page_wins_over_a_redirect_from_its_address(client, make_article):
    article = make_article("Живая страница")
    redirect(article.get_absolute_url(), "/news/")

    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_old_site_address_with_a_cyrillic_path(client):
    redirect("/новости/парк.html", "/news/")

    response = client.get(
        "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%D0%BF%D0%B0%D1%80%D0%BA.html"
    )

    assert response.status_code == 301
    assert response.headers["Location"] == "/news/"


def test_the_readers_query_is_kept_for_a_redirect_of_a_bare_path(client):
    redirect("/old/news.html", "/news/")

    response = client.get("/old/news.html?utm_source=vk&page=2")

    assert response.headers["Location"] == "/news/?utm_source=vk&page=2"


def test_the_target_keeps_its_own_query_instead_of_the_readers(client):
    redirect("/old/search.html", "/search/?q=парк")

    response = client.get("/old/search.html?utm_source=vk")

    assert response.headers["Location"] == "/search/?q=%D0%BF%D0%B0%D1%80%D0%BA"


def test_a_redirect_naming_a_query_matches_that_query_in_any_order_and_drops_it(client):
    redirect("/news/detail.php?ID=5&SECTION=2", "/news/park/")
    redirect("/news/detail.php?ID=6", "/news/bridge/")

    assert client.get("/news/detail.php?SECTION=2&ID=5").headers["Location"] == "/news/park/"
    assert client.get("/news/detail.php?ID=6").headers["Location"] == "/news/bridge/"
    assert client.get("/news/detail.php?ID=7").status_code == 404
    assert client.get("/news/detail.php").status_code == 404


def test_the_query_is_matched_before_the_page_cache_drops_it(client):
    """/news/<slug>/ declares no query parameters: the cache drops them before the view, but
    the old site's article id must still find its redirect."""
    redirect("/news/detail/?ID=5", "/news/park/")

    assert client.get("/news/detail/?ID=5").headers["Location"] == "/news/park/"


def test_an_address_without_its_trailing_slash_finds_the_redirect(client):
    redirect("/old/section/", "/news/")

    response = client.get("/old/section", follow=True)

    assert response.redirect_chain[-1] == ("/news/", 301)


def test_only_reading_is_redirected(client):
    redirect("/old/form/", "/news/")

    assert client.post("/old/form/").status_code == 404
    assert client.head("/old/form/").status_code == 301


def test_an_external_target_made_by_an_editor(client):
    redirect("/gosuslugi/", "https://gosuslugi.ru/")

    assert client.get("/gosuslugi/").headers["Location"] == "https://gosuslugi.ru/"


def test_the_database_failing_leaves_the_404(client, monkeypatch):
    redirect("/old/page/", "/news/")

    def fail(*args):
        raise DatabaseError("gone")

    monkeypatch.setattr(middleware, "find_redirect", fail)

    assert client.get("/old/page/").status_code == 404


def test_a_redirect_costs_one_query_on_the_404_path(client, django_assert_max_num_queries):
    redirect("/old/page/", "/news/")
    client.get("/old/page/")

    with django_assert_max_num_queries(6):
        assert client.get("/old/page/").status_code == 301


def test_a_hostile_address_is_a_plain_404(client):
    redirect("/old/page/", "/news/")

    assert client.get("/old/%00page/").status_code == 404
    assert (
        client.get("/old/page/?%0d%0aSet-Cookie:%20x=1").headers["Location"].startswith("/news/?")
    )

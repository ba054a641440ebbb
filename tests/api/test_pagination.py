"""API lists are paged like the public pages (portal.pagination): only the newest
``MAX_PAGES`` pages are served, so the deepest page neither counts nor skips the whole list
and costs what the first page does."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal.pagination import MAX_PAGES

pytestmark = pytest.mark.django_db

ONE_PER_PAGE = "/api/articles/?page_size=1"


@pytest.fixture
def archive(make_article):
    """More articles than the API pages when it shows one per page."""
    now = timezone.now()
    for number in range(MAX_PAGES + 5):
        make_article(f"Новость номер {number}", publish_at=now - timedelta(hours=number + 1))


def sql_of(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return [query["sql"] for query in context.captured_queries]


def test_only_the_newest_pages_are_served(client, archive):
    last = client.get(f"{ONE_PER_PAGE}&page={MAX_PAGES}").json()
    assert (last["count"], last["pages"], last["page"]) == (MAX_PAGES, MAX_PAGES, MAX_PAGES)
    assert last["next"] is None
    assert last["results"][0]["title"] == f"Новость номер {MAX_PAGES - 1}"
    beyond = client.get(f"{ONE_PER_PAGE}&page={MAX_PAGES + 1}")
    assert beyond.status_code == 404
    assert f"последняя страница — {MAX_PAGES}" in beyond.json()["detail"]


def test_a_deep_page_neither_counts_nor_skips_the_whole_list(client, archive):
    statements = sql_of(client, f"{ONE_PER_PAGE}&page={MAX_PAGES}")
    counts = [sql for sql in statements if sql.startswith("SELECT COUNT(*)")]
    assert counts
    assert all(f"LIMIT {MAX_PAGES}" in sql for sql in counts), counts
    offsets = [int(number) for sql in statements for number in re.findall(r"OFFSET (\d+)", sql)]
    assert max(offsets) == MAX_PAGES - 1


def test_a_deep_page_costs_what_the_first_does(client, archive, django_assert_max_num_queries):
    first = len(sql_of(client, ONE_PER_PAGE))
    cache.clear()
    with django_assert_max_num_queries(first):
        assert client.get(f"{ONE_PER_PAGE}&page={MAX_PAGES}").status_code == 200


def test_every_list_counts_only_as_far_as_it_pages(client, portal_content, list_url):
    bound = 20 * MAX_PAGES
    counts = [sql for sql in sql_of(client, list_url) if sql.startswith("SELECT COUNT(*)")]
    assert counts
    assert all(f"LIMIT {bound}" in sql for sql in counts), counts

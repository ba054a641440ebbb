"""Numbered pages stop at a bound; older news are reached through the archives."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portal.pagination import BoundedPaginator


@pytest.fixture
def two_page_bound(monkeypatch):
    monkeypatch.setattr(BoundedPaginator, "max_pages", 2)


@pytest.fixture
def forty_five_articles(make_article):
    now = timezone.now()
    for number in range(45):
        make_article(f"Новость {number}", publish_at=now - timedelta(hours=number + 1))


@pytest.mark.django_db
def test_pages_past_the_bound_are_not_served(client, two_page_bound, forty_five_articles):
    assert client.get("/news/?page=2").status_code == 200
    assert client.get("/news/?page=3").status_code == 404


@pytest.mark.django_db
def test_the_last_bounded_page_points_to_the_archive(client, two_page_bound, forty_five_articles):
    last = client.get("/news/?page=2").content.decode()
    assert "Страница 2 из 2" in last
    assert 'rel="next"' not in last
    assert "pagination__note" in last


@pytest.mark.django_db
def test_short_lists_are_not_marked_truncated(client, forty_five_articles):
    last = client.get("/news/?page=3").content.decode()
    assert "pagination__note" not in last


@pytest.mark.django_db
def test_the_count_query_is_bounded(make_article, django_assert_num_queries, forty_five_articles):
    from news.models import Article

    paginator = BoundedPaginator(Article.objects.published(), 20)
    paginator.max_pages = 1
    with django_assert_num_queries(1) as captured:
        assert paginator.count == 20
    assert "LIMIT 20" in captured.captured_queries[0]["sql"].upper()

"""The number of queries a page needs does not depend on how many articles there are."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Rubric

PAGES = {
    "home": lambda first: reverse("news:home"),
    "news list": lambda first: reverse("news:list"),
    "news list, page 2": lambda first: reverse("news:list") + "?page=2",
    "rubric page": lambda first: first.rubric.get_absolute_url(),
    "tag page": lambda first: first.tags.first().get_absolute_url(),
    "year archive": lambda first: reverse(
        "news:archive-year", args=[timezone.localtime(first.publish_at).year]
    ),
    "article page": lambda first: first.get_absolute_url(),
    "RSS": lambda first: reverse("news:rss"),
    "Atom": lambda first: reverse("news:atom"),
    "rubric RSS": lambda first: reverse("news:rubric-rss", args=[first.rubric.slug]),
    "sitemap": lambda first: reverse("sitemap"),
}


def queries_for(client, url) -> int:
    cache.clear()  # measure the work of rendering, not a cached copy
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.fixture
def publish_news(make_illustrated_article, signing_day):
    """Publish ``count`` more illustrated articles, spread over two rubrics and many days."""
    rubrics = [Rubric.objects.get_or_create(name="Общество", slug="obshchestvo")[0]]
    rubrics.append(Rubric.objects.create(name="Культура", slug="kultura"))
    made = []

    def publish(count):
        for _ in range(count):
            number = len(made)
            made.append(
                make_illustrated_article(
                    f"Новость номер {number}",
                    rubric=rubrics[number % 2],
                    tags=("побратимы", f"метка {number % 5}"),
                    photos=2,
                    featured=number % 7 == 0,
                    publish_at=signing_day - timedelta(days=number, hours=1),
                )
            )
        return made

    return publish


def test_query_counts_do_not_grow_with_the_number_of_articles(
    client, subtests, django_assert_max_num_queries, publish_news
):
    first = publish_news(3)[0]
    urls = {name: url(first) for name, url in PAGES.items()}
    few = {name: queries_for(client, url) for name, url in urls.items() if "page 2" not in name}
    few["news list, page 2"] = few["news list"]

    publish_news(37)

    for name, url in urls.items():
        with subtests.test(page=name):
            cache.clear()
            with django_assert_max_num_queries(few[name]):
                assert client.get(url).status_code == 200


def test_the_admin_changelist_query_count_does_not_grow(
    editor_client, django_assert_max_num_queries, publish_news
):
    url = reverse("admin:news_article_changelist")
    publish_news(3)
    few = queries_for(editor_client, url)

    publish_news(37)

    with django_assert_max_num_queries(few):
        assert editor_client.get(url).status_code == 200

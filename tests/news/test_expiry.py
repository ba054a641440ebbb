"""An article with a removal time (``expire_at``) disappears by itself from every public place at
that moment, cached pages included, with no save and no cron; it stays in the admin."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from news.hooks import next_scheduled_publication
from news.models import Article
from portal import cache as page_cache
from tests.news.test_publication import absolute, sitemap, titles_everywhere
from tests.support import feed, form_data, page

pytestmark = pytest.mark.usefixtures("near_midnight")

SEARCH = reverse("portal:search")


def search_titles(client, query):
    tree = page(client.get(SEARCH, {"q": query}))
    return [hit.text_content().strip() for hit in tree.xpath("//*[@class='search-hit__title']")]


def api_titles(client):
    return [item["title"] for item in client.get("/api/articles/").json()["results"]]


def machine_feeds(client) -> dict[str, list[str]]:
    return {
        name: [entry.title for entry in feed(client.get(reverse(url))).entries]
        for name, url in (("Yandex", "news:yandex-rss"), ("Dzen", "news:dzen-rss"))
    }


@pytest.fixture
def expiring(make_article, tag, near_midnight, library_image):
    """A public article removed ten minutes from now, and a neighbour that stays (both
    illustrated, as Dzen's feed wants)."""
    neighbour = make_article(
        "Открыт новый сквер",
        publish_at=near_midnight - timedelta(hours=1, minutes=1),
        lead_image=library_image("skver.jpg"),
        lead_image_alt="Сквер",
    )
    article = make_article(
        "Приём заявок на конкурс продлится до полуночи",
        publish_at=near_midnight - timedelta(hours=1),
        expire_at=near_midnight + timedelta(minutes=10),
        lead_image=library_image("konkurs.jpg"),
        lead_image_alt="Афиша конкурса",
    )
    for record in (neighbour, article):
        record.tags.add(tag)
    return article, neighbour


def test_an_expired_article_disappears_from_every_public_place_without_a_save(
    client, subtests, rubric, tag, expiring, time_machine, near_midnight
):
    article, neighbour = expiring
    before = titles_everywhere(client, rubric, tag, article.publish_at)
    assert all(article.title in titles for titles in before.values()), before
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    assert absolute(article) in sitemap(client)
    assert all(article.title in titles for titles in machine_feeds(client).values()), (
        machine_feeds(client)
    )
    assert article.title in api_titles(client)
    assert client.get(f"/api/articles/{article.slug}/").status_code == 200

    time_machine.move_to(near_midnight + timedelta(minutes=11), tick=False)

    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    for place, titles in titles_everywhere(client, rubric, tag, article.publish_at).items():
        with subtests.test(place=place):
            assert neighbour.title in titles
            assert article.title not in titles
    for place, titles in machine_feeds(client).items():
        with subtests.test(place=place):
            assert titles == [neighbour.title]
    assert absolute(article) not in sitemap(client)
    assert absolute(neighbour) in sitemap(client)
    assert api_titles(client) == [neighbour.title]
    assert client.get(f"/api/articles/{article.slug}/").status_code == 404
    assert search_titles(client, "конкурс") == []


def test_search_finds_it_until_it_expires(client, expiring, time_machine, near_midnight):
    article, _ = expiring
    assert search_titles(client, "конкурс") == [article.title]

    time_machine.move_to(near_midnight + timedelta(minutes=10), tick=False)  # the very moment

    assert search_titles(client, "конкурс") == []


def test_the_page_cache_never_serves_an_expired_article_stale(
    client, settings, expiring, make_article, time_machine, near_midnight
):
    article, _ = expiring
    settings.PAGE_CACHE_STALE_SECONDS = 600
    url = reverse("news:list")
    assert article.title in client.get(url).content.decode()
    # A soft invalidation just before the moment: its previous pages may be served stale, but
    # never past the moment the schedule named.
    time_machine.move_to(near_midnight + timedelta(minutes=9), tick=False)
    page_cache.invalidate_content(hard=False)
    time_machine.move_to(near_midnight + timedelta(minutes=10, seconds=1), tick=False)

    response = client.get(url)

    assert response["X-Cache"] == "miss"
    assert article.title not in response.content.decode()


def test_the_schedule_names_the_next_publication_or_removal(make_article, near_midnight):
    assert next_scheduled_publication() is None
    removal = near_midnight + timedelta(hours=5)
    make_article("Снимется", expire_at=removal)
    assert next_scheduled_publication() == removal
    appearance = near_midnight + timedelta(hours=2)
    make_article("Появится", publish_at=appearance, expire_at=appearance + timedelta(days=1))
    assert next_scheduled_publication() == appearance
    make_article("Давно снята", expire_at=near_midnight - timedelta(minutes=1))
    assert next_scheduled_publication() == appearance


def test_the_removal_comes_after_the_publication(make_article, near_midnight):
    article = Article(
        title="Ошибка",
        publish_at=near_midnight,
        expire_at=near_midnight - timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as refused:
        article.clean()
    assert "expire_at" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        make_article("Ошибка", publish_at=near_midnight, expire_at=near_midnight)


def test_the_admin_shows_an_expired_article_and_filters_by_it(
    editor_client, expiring, make_article, time_machine, near_midnight
):
    article, neighbour = expiring
    time_machine.move_to(near_midnight + timedelta(minutes=11), tick=False)
    changelist = reverse("admin:news_article_changelist")

    listed = page(editor_client.get(changelist, {"publication": "expired"}))

    titles = [link.text_content() for link in listed.xpath("//*[contains(@class, 'field-title')]")]
    assert titles == [article.title]
    assert "Снята с публикации по сроку" in listed.xpath(
        "string(//td[@class='field-status_badge'])"
    )
    change = editor_client.get(reverse("admin:news_article_change", args=[article.pk]))
    assert change.status_code == 200
    assert "Снята с публикации по сроку" in change.content.decode()
    assert neighbour.title not in titles


def test_the_form_refuses_a_removal_time_newly_set_in_the_past(
    editor_client, make_article, near_midnight
):
    article = make_article("Новость")
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(page(editor_client.get(url)), "article_form")
    past = near_midnight - timedelta(minutes=5)
    local = timezone.localtime(past)
    data.update(expire_at_0=local.strftime("%d.%m.%Y"), expire_at_1=local.strftime("%H:%M"))

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "уже прошло" in response.content.decode()
    article.refresh_from_db()
    assert article.expire_at is None


def test_lists_cost_no_more_queries_with_more_expiring_articles(
    client, make_article, near_midnight, django_assert_max_num_queries
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_article("Новость 0", expire_at=near_midnight + timedelta(days=1))
    urls = [reverse("news:list"), reverse("news:home"), reverse("news:rss")]
    few = {}
    for url in urls:
        cache.clear()
        with CaptureQueriesContext(connection) as counted:
            client.get(url)
        few[url] = len(counted)
    for number in range(1, 13):
        make_article(f"Новость {number}", expire_at=near_midnight + timedelta(days=number + 1))
    for url in urls:
        cache.clear()
        with django_assert_max_num_queries(few[url]):
            assert client.get(url).status_code == 200

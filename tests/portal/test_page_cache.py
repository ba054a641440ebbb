"""Cached public pages and feeds show every change at once: publish, edit, unpublish and a
scheduled article coming due (no save happens at that moment)."""

from datetime import timedelta

import pytest
import time_machine
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
    """Request every page twice so the second answer comes from the cache."""

    def run():
        for path in PAGES:
            client.get(path)
            assert client.get(path).headers.get("X-Cache") == "hit", path

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


@pytest.mark.django_db
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
def test_vision_mode_pages_are_cached_separately(client, make_article):
    make_article("Новость")
    client.get("/news/")
    client.cookies["vision"] = "on.3.wb.1.0"
    response = client.get("/news/")
    assert response.headers["X-Cache"] == "miss"
    assert 'class="vision vision-size-3 vision-wb"' in response.content.decode()


@pytest.mark.django_db
def test_conditional_get_answers_304(client, make_article):
    make_article("Новость")
    etag = client.get("/news/rss/").headers["ETag"]
    assert client.get("/news/rss/", headers={"if-none-match": etag}).status_code == 304

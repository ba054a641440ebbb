"""What the public may see: published and due articles only, on every page, feed and sitemap."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.services import publish_article, unpublish_article
from tests.support import card_titles, feed, form_data, page, sitemap_locations

HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT},
    "in review": {"status": Article.Status.REVIEW},
    "archived": {"status": Article.Status.ARCHIVED},
    "scheduled": {"status": Article.Status.PUBLISHED, "publish_at_offset": timedelta(hours=2)},
}


def listing_urls(rubric, tag, when) -> dict[str, str]:
    local = timezone.localtime(when)
    return {
        "home": reverse("news:home"),
        "news list": reverse("news:list"),
        "rubric page": rubric.get_absolute_url(),
        "tag page": tag.get_absolute_url(),
        "year archive": reverse("news:archive-year", args=[local.year]),
        "month archive": reverse("news:archive-month", args=[local.year, local.month]),
    }


def feed_urls(rubric) -> dict[str, str]:
    return {
        "RSS": reverse("news:rss"),
        "Atom": reverse("news:atom"),
        "rubric RSS": reverse("news:rubric-rss", args=[rubric.slug]),
        "rubric Atom": reverse("news:rubric-atom", args=[rubric.slug]),
    }


def titles_everywhere(client, rubric, tag, when) -> dict[str, list[str]]:
    """The article titles each listing page and feed shows to an anonymous reader."""
    titles = {
        place: card_titles(page(client.get(url)))
        for place, url in listing_urls(rubric, tag, when).items()
    }
    for place, url in feed_urls(rubric).items():
        titles[place] = [entry.title for entry in feed(client.get(url)).entries]
    return titles


def sitemap(client) -> dict[str, str | None]:
    return sitemap_locations(client.get(reverse("sitemap")))


def absolute(article) -> str:
    return f"http://testserver{article.get_absolute_url()}"


@pytest.fixture
def public_neighbour(make_article, tag, signing_day):
    """A public article in the same rubric, tag and month, so every listing has content."""
    article = make_article(
        "Открыта новая детская библиотека", publish_at=signing_day - timedelta(hours=3)
    )
    article.tags.add(tag)
    return article


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_an_article_that_is_not_public_is_nowhere_to_be_seen(
    client, subtests, make_article, rubric, tag, signing_day, public_neighbour, state
):
    fields = dict(HIDDEN_STATES[state])
    if offset := fields.pop("publish_at_offset", None):
        fields["publish_at"] = signing_day + offset
    hidden = make_article("Новость, которой ещё нет", **fields)
    hidden.tags.add(tag)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for place, titles in titles_everywhere(client, rubric, tag, signing_day).items():
        with subtests.test(place=place):
            assert public_neighbour.title in titles
            assert hidden.title not in titles
    locations = sitemap(client)
    assert absolute(public_neighbour) in locations
    assert absolute(hidden) not in locations


def test_a_scheduled_article_appears_everywhere_once_its_time_comes(
    client, subtests, make_article, rubric, tag, time_machine, signing_day
):
    due = signing_day + timedelta(hours=2)
    scheduled = make_article("Театр кукол покажет премьеру", publish_at=due)
    scheduled.tags.add(tag)
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert absolute(scheduled) not in sitemap(client)

    time_machine.move_to(due + timedelta(minutes=1), tick=False)

    assert client.get(scheduled.get_absolute_url()).status_code == 200
    for place, titles in titles_everywhere(client, rubric, tag, due).items():
        with subtests.test(place=place):
            assert titles == [scheduled.title]
    assert absolute(scheduled) in sitemap(client)


def test_staff_preview_shows_a_draft_in_the_public_design_and_is_never_cached(
    editor_client, make_article
):
    draft = make_article("Черновик о ремонте дорог", status=Article.Status.DRAFT)

    response = editor_client.get(reverse("news:preview", args=[draft.pk]))

    tree = page(response)
    assert tree.xpath("string(//h1)").strip() == draft.title
    assert tree.xpath("//html/@lang") == ["ru"]
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate", "private"} <= cache_control
    assert "Expires" in response


def test_staff_preview_shows_a_scheduled_article(editor_client, make_article):
    scheduled = make_article(publish_at=timezone.now() + timedelta(days=1))

    assert editor_client.get(reverse("news:preview", args=[scheduled.pk])).status_code == 200


@pytest.mark.parametrize("visitor", ["anonymous", "registered non-staff"])
def test_preview_sends_everyone_but_staff_to_the_login(
    client, django_user_model, make_article, visitor
):
    if visitor == "registered non-staff":
        client.force_login(django_user_model.objects.create_user("reader"))
    draft = make_article("Черновик", status=Article.Status.DRAFT)
    url = reverse("news:preview", args=[draft.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert "Черновик" not in response.content.decode()


def test_preview_of_a_missing_article_is_404(editor_client):
    assert editor_client.get(reverse("news:preview", args=[987654])).status_code == 404


def test_first_publication_dates_a_stale_draft_now(make_article, editor, signing_day):
    draft = make_article(status=Article.Status.DRAFT, publish_at=signing_day - timedelta(days=5))

    publish_article(draft, by=editor)

    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.publish_at == signing_day
    assert draft.first_published_at == signing_day
    assert draft.updated_by == editor
    assert list(Article.objects.published()) == [draft]


def test_publishing_at_a_future_time_schedules_the_article(client, make_article, signing_day):
    draft = make_article(status=Article.Status.DRAFT)
    tomorrow = signing_day + timedelta(days=1)

    publish_article(draft, at=tomorrow)

    draft.refresh_from_db()
    assert draft.publish_at == tomorrow
    assert list(Article.objects.scheduled()) == [draft]
    assert not Article.objects.published().exists()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_publishing_a_draft_dated_in_the_future_schedules_it_for_that_time(
    make_article, signing_day
):
    tomorrow = signing_day + timedelta(days=1)
    draft = make_article(status=Article.Status.DRAFT, publish_at=tomorrow)

    publish_article(draft)

    draft.refresh_from_db()
    assert draft.publish_at == tomorrow
    assert list(Article.objects.scheduled()) == [draft]


def test_unpublishing_takes_an_article_off_the_site_but_keeps_its_address(
    client, make_article, editor
):
    article = make_article("Отменённая новость")
    address = article.get_absolute_url()
    assert client.get(address).status_code == 200

    unpublish_article(article, by=editor)

    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.updated_by == editor
    assert article.get_absolute_url() == address
    assert client.get(address).status_code == 404
    assert article.title not in card_titles(page(client.get(reverse("news:list"))))


def test_republishing_keeps_the_date_of_the_first_publication(
    make_article, time_machine, signing_day
):
    article = make_article(status=Article.Status.DRAFT)
    publish_article(article)
    unpublish_article(article)
    time_machine.move_to(signing_day + timedelta(days=3), tick=False)

    publish_article(article)

    article.refresh_from_db()
    assert article.publish_at == signing_day
    assert article.is_public


def test_the_address_of_a_published_article_may_change_and_the_old_one_redirects(
    client, make_article
):
    article = make_article()
    old_url = article.get_absolute_url()
    article.slug = "sovsem-drugoi-adres"

    article.full_clean()
    article.save()

    assert client.get(old_url).headers["Location"] == "/news/sovsem-drugoi-adres/"


def test_the_address_of_a_never_published_draft_can_change(make_article):
    draft = make_article(status=Article.Status.DRAFT)
    draft.slug = "novyi-adres"

    draft.full_clean()
    draft.save()

    assert draft.get_absolute_url() == "/news/novyi-adres/"


def test_admin_moves_a_published_article_to_a_new_address_with_a_redirect(
    client, editor_client, make_article
):
    article = make_article("Старый заголовок")
    old_url = article.get_absolute_url()
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(page(editor_client.get(url)), "article_form")
    data.update(title="Новый заголовок", slug="novyi-adres")

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()
    article.refresh_from_db()
    assert article.slug == "novyi-adres"
    assert client.get(old_url).headers["Location"] == "/news/novyi-adres/"

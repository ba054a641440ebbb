"""Scheduling through the review: what the chief editor schedules in the admin appears by
itself at its time on every page, feed and sitemap (tests/news/test_publication.py covers the
querysets; here it is the editors' way there)."""

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from news.models import Article, Tag
from portal.models import AuditEvent
from tests.clock import MOSCOW
from tests.news.test_publication import absolute, sitemap, titles_everywhere
from tests.support import form_data, page


def schedule_in_the_admin(client, article, when, **extra):
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(page(client.get(url)), "article_form")
    local = timezone.localtime(when)
    data.update(publish_at_0=local.strftime("%d.%m.%Y"), publish_at_1=local.strftime("%H:%M"))
    data.update(extra)
    return client.post(url, data)


def test_an_approved_article_with_a_future_time_appears_everywhere_at_that_time(
    client, login, author, chief, make_article, rubric, time_machine, now
):
    tag = Tag.objects.create(name="благоустройство")
    earlier = make_article("Открыт новый сквер", publish_at=now - timedelta(hours=2))
    earlier.tags.add(tag)
    article = make_article(
        "Фонтан в сквере заработает в субботу", status=Article.Status.REVIEW, created_by=author
    )
    article.tags.add(tag)
    due = now + timedelta(hours=5)

    response = schedule_in_the_admin(login(chief), article, due, review_action="approve")

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert not article.is_public
    assert AuditEvent.objects.for_object(article).get().action == AuditEvent.Action.SCHEDULED
    before = titles_everywhere(client, rubric, tag, due)
    assert all(article.title not in titles for titles in before.values()), before
    assert client.get(article.get_absolute_url()).status_code == 404
    assert absolute(article) not in sitemap(client)

    time_machine.move_to(due + timedelta(minutes=1), tick=False)

    after = titles_everywhere(client, rubric, tag, due)
    assert all(titles[0] == article.title for titles in after.values()), after
    assert client.get(article.get_absolute_url()).status_code == 200
    assert absolute(article) in sitemap(client)


def test_a_time_proposed_by_the_author_publishes_nothing_without_approval(
    client, login, author, make_article, time_machine, now
):
    draft = make_article("Проект новости", status=Article.Status.DRAFT, created_by=author)
    due = now + timedelta(hours=1)

    response = schedule_in_the_admin(login(author), draft, due, review_action="submit")

    assert response.status_code == 302
    time_machine.move_to(due + timedelta(hours=1), tick=False)
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_rescheduling_a_scheduled_article_is_audited(login, chief, make_article, now):
    article = make_article("Концерт", publish_at=now + timedelta(days=1))

    schedule_in_the_admin(login(chief), article, now + timedelta(days=2))

    event = AuditEvent.objects.for_object(article).get()
    assert (event.action, event.actor_name) == (AuditEvent.Action.SCHEDULED, "glavred")


def test_a_time_typed_for_new_years_night_is_moscow_time_and_files_in_the_new_year(
    client, login, chief, make_article, rubric, time_machine, near_midnight
):
    """At 23:30 UTC and at 00:30 Moscow time the chief editor schedules for 03:00 on
    1 January: Moscow time, 00:00 UTC, in the 2027 archives once it has come."""
    tag = Tag.objects.create(name="праздник")
    article = make_article("Первый рассвет года", status=Article.Status.REVIEW)
    article.tags.add(tag)
    url = reverse("admin:news_article_change", args=[article.pk])
    data = form_data(page(login(chief).get(url)), "article_form")
    data.update(publish_at_0="01.01.2027", publish_at_1="03:00", review_action="approve")

    assert login(chief).post(url, data).status_code == 302

    article.refresh_from_db()
    assert article.publish_at == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
    assert client.get(article.get_absolute_url()).status_code == 404
    time_machine.move_to(datetime(2027, 1, 1, 3, 1, tzinfo=MOSCOW), tick=False)
    everywhere = titles_everywhere(client, rubric, tag, article.publish_at)
    assert all(titles == [article.title] for titles in everywhere.values()), everywhere
    year_archive = page(client.get(reverse("news:archive-year", args=[2027])))
    assert article.title in year_archive.text_content()

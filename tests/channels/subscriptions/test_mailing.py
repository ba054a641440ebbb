"""Published news reaches the subscribers who follow it, once, through a real SMTP server."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from channels.subscriptions import delivery
from channels.subscriptions.models import Announcement, Delivery, Frequency, Topic
from news import services
from news.models import Article, Rubric
from partnerships.models import Event
from tests.channels.conftest import run_tasks
from tests.channels.subscriptions.conftest import SITE, links, parts, site_path

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def culture(db):
    return Rubric.objects.create(name="Культура", slug="kultura")


@pytest.fixture
def draft(make_article, rubric):
    return make_article("Побратимы & соседи", status=Article.Status.DRAFT, rubric=rubric)


def test_a_published_article_is_mailed_once_to_each_subscriber_who_follows_it(
    smtp, make_chief, make_subscriber, draft, rubric, culture, make_agreement, client
):
    agreement = make_agreement("Побратимство с Торезом")
    make_subscriber("vse@example.ru")
    make_subscriber("rubrika@example.ru", (Topic.RUBRIC, rubric))
    make_subscriber("kultura@example.ru", (Topic.RUBRIC, culture))
    make_subscriber("soglashenie@example.ru", (Topic.AGREEMENT, agreement))
    make_subscriber("dvazhdy@example.ru", (Topic.NEWS, None), (Topic.RUBRIC, rubric))
    make_subscriber("sobytiya@example.ru", (Topic.EVENTS, None))
    agreement.articles.add(draft)

    services.publish_article(draft, by=make_chief("glavred"))
    run_tasks()
    run_tasks()

    assert sorted(m["To"] for m in smtp.messages if "vestnik.example.ru" in str(m["List-Id"])) == [
        "dvazhdy@example.ru",
        "rubrika@example.ru",
        "soglashenie@example.ru",
        "vse@example.ru",
    ]
    [message] = smtp.to("vse@example.ru")
    assert message["Subject"] == "Побратимы & соседи"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith(f"{SITE}/subscribe/unsubscribe/")
    text, html = parts(message)
    article_url = f"{SITE}{Article.objects.get(pk=draft.pk).get_absolute_url()}"
    assert article_url in text and article_url in links(html)
    assert "Побратимы &amp; соседи" in html
    assert unsubscribe in links(html) and unsubscribe in text
    assert any("/subscribe/manage/" in link for link in links(html))
    assert all(link.startswith(SITE) for link in links(html))  # no third-party links
    assert "<img" not in html  # no tracking pixels

    # The link in the header works with the mail program's one-click POST.
    body = "List-Unsubscribe=One-Click"
    client.post(site_path(unsubscribe), body, content_type="application/x-www-form-urlencoded")
    assert not Delivery.objects.filter(subscriber__email="vse@example.ru").exists()


def test_each_subscriber_s_mail_carries_their_own_address_and_links(
    smtp, make_chief, make_subscriber, draft, client
):
    """One mailing renders the article once; the address and the signed links are each
    subscriber's own (an address with ``&`` escaped in the HTML part, as it is typed in the
    text part)."""
    for address in ("odin@example.ru", "o'neil&co@example.ru", "tri@example.ru"):
        make_subscriber(address)
    services.publish_article(draft, by=make_chief("glavred"))
    run_tasks()
    run_tasks()

    unsubscribe_links = set()
    for address in ("odin@example.ru", "o'neil&co@example.ru", "tri@example.ru"):
        [message] = smtp.to(address)
        text, html = parts(message)
        assert address in text
        assert address.replace("&", "&amp;").replace("'", "&#x27;") in html
        others = {"odin@example.ru", "o'neil&co@example.ru", "tri@example.ru"} - {address}
        assert not any(other in text for other in others)
        unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
        assert unsubscribe in text and unsubscribe in links(html)
        unsubscribe_links.add(unsubscribe)
    assert len(unsubscribe_links) == 3

    # Each link unsubscribes the one it was sent to.
    client.post(site_path(sorted(unsubscribe_links)[0]), {"List-Unsubscribe": "One-Click"})
    assert Delivery.objects.values("subscriber").distinct().count() == 2


def test_editing_and_publishing_again_mails_nobody_twice(smtp, make_chief, make_subscriber, draft):
    chief = make_chief("glavred")
    make_subscriber("vse@example.ru")
    services.publish_article(draft, by=chief)
    run_tasks()
    run_tasks()
    draft.title = "Побратимы и соседи"
    services.save_article(draft, by=chief)
    services.unpublish_article(draft, by=chief)
    services.publish_article(draft, by=chief)
    run_tasks()
    run_tasks()
    assert len(smtp.to("vse@example.ru")) == 1


def test_a_scheduled_article_is_mailed_when_it_comes_due(
    smtp, make_chief, make_subscriber, draft, time_machine
):
    make_subscriber("vse@example.ru")
    at = timezone.now() + timedelta(hours=3)
    services.publish_article(draft, by=make_chief("glavred"), at=at)
    run_tasks()
    assert smtp.to("vse@example.ru") == []
    time_machine.move_to(at + timedelta(seconds=5))
    run_tasks()
    run_tasks()
    assert len(smtp.to("vse@example.ru")) == 1


def test_an_article_withdrawn_before_it_came_due_is_not_mailed(
    smtp, make_chief, make_subscriber, draft, time_machine
):
    chief = make_chief("glavred")
    make_subscriber("vse@example.ru")
    at = timezone.now() + timedelta(hours=3)
    services.publish_article(draft, by=chief, at=at)
    services.unpublish_article(draft, by=chief)
    time_machine.move_to(at + timedelta(seconds=5))
    run_tasks()
    run_tasks()
    assert smtp.to("vse@example.ru") == []


def test_an_imported_old_article_is_not_mailed(smtp, make_subscriber, draft):
    make_subscriber("vse@example.ru")
    services.publish_article(draft, at=timezone.now() - timedelta(days=400))
    assert not DBTaskResult.objects.filter(task_path__endswith="announce_article").exists()
    run_tasks()
    run_tasks()
    assert smtp.messages == []


def test_daily_subscribers_get_one_digest_a_day_with_the_daily_tasks(
    smtp, make_chief, make_subscriber, make_article, time_machine, settings, near_midnight
):
    settings.DAILY_TASKS_HOUR = 7
    chief = make_chief("glavred")
    make_subscriber("raz-v-den@example.ru", frequency=Frequency.DAILY)
    for title in ("Первая новость", "Вторая новость"):
        services.publish_article(make_article(title, status=Article.Status.DRAFT), by=chief)
    run_tasks()
    assert smtp.messages == []  # not before the daily tasks' hour in Moscow
    morning = timezone.localtime().replace(hour=7, minute=1)
    time_machine.move_to(morning, tick=False)
    run_tasks()
    run_tasks()
    [digest] = smtp.to("raz-v-den@example.ru")
    assert digest["Subject"] == "Новости за 1 января 2027"  # the Moscow date
    text, _html = parts(digest)
    assert "Первая новость" in text and "Вторая новость" in text
    assert digest["List-Unsubscribe"]
    # Published after today's digest: in tomorrow's, not in a second one today.
    services.publish_article(make_article("Третья", status=Article.Status.DRAFT), by=chief)
    run_tasks()
    run_tasks()
    assert len(smtp.to("raz-v-den@example.ru")) == 1
    time_machine.move_to(morning + timedelta(days=1), tick=False)
    run_tasks()
    run_tasks()
    assert len(smtp.to("raz-v-den@example.ru")) == 2
    text, _html = parts(smtp.to("raz-v-den@example.ru")[1])
    assert "Третья" in text and "Первая новость" not in text


def test_a_new_upcoming_event_is_mailed_to_those_following_events_or_its_agreement(
    smtp, make_subscriber, make_agreement
):
    agreement = make_agreement("Побратимство с Торезом")
    make_subscriber("sobytiya@example.ru", (Topic.EVENTS, None))
    make_subscriber("soglashenie@example.ru", (Topic.AGREEMENT, agreement))
    make_subscriber("novosti@example.ru")
    soon = timezone.localdate() + timedelta(days=10)
    event = Event.objects.create(
        title="Фестиваль «Дружба»", starts_on=soon, agreement=agreement, is_published=True
    )
    long_ago = soon - timedelta(days=4000)
    Event.objects.create(title="Давний визит", starts_on=long_ago, is_published=True)
    run_tasks()
    run_tasks()
    event.place = "Торез"
    event.save()
    run_tasks()
    assert sorted(m["To"] for m in smtp.messages) == [
        "sobytiya@example.ru",
        "soglashenie@example.ru",
    ]


def test_publishing_enqueues_one_task_and_the_fan_out_queries_do_not_grow(
    smtp, make_chief, make_subscriber, make_article, rubric, settings
):
    settings.SUBSCRIPTIONS_BATCH = 3
    chief = make_chief("glavred")

    def fan_out(subscribers):
        for number in range(subscribers):
            make_subscriber(f"s{subscribers}-{number}@example.ru", (Topic.RUBRIC, rubric))
        article = make_article(f"Статья {subscribers}", status=Article.Status.DRAFT)
        before = DBTaskResult.objects.count()
        services.publish_article(article, by=chief)
        assert DBTaskResult.objects.count() - before == 2  # ours and the author's notification
        [row] = DBTaskResult.objects.filter(task_path__endswith="announce_article", status="READY")
        with CaptureQueriesContext(connection) as queries:
            delivery.announce_article(*row.args_kwargs["args"])
        row.delete()
        return len(queries), Delivery.objects.filter(announcement__article=article).count()

    small_queries, small = fan_out(4)
    large_queries, large = fan_out(40)
    assert (small, large) == (4, 44)  # the first four follow the rubric too
    # One INSERT per sending task (a batch of 3 deliveries); the rest does not grow.
    assert large_queries - -(-large // 3) == small_queries - -(-small // 3)
    assert Announcement.objects.count() == 2


def test_publishing_in_the_admin_costs_the_same_whatever_the_number_of_subscribers(
    smtp, make_chief, make_subscriber, make_article, login
):
    editor = login(make_chief("glavred"))

    def publish(subscribers):
        for number in range(subscribers):
            make_subscriber(f"p{subscribers}-{number}@example.ru")
        article = make_article(f"Статья {subscribers}", status=Article.Status.DRAFT)
        data = {"action": "publish_selected", "_selected_action": [article.pk], "index": 0}
        with CaptureQueriesContext(connection) as queries:
            response = editor.post("/admin/news/article/", data)
        assert response.status_code == 302
        return len(queries)

    publish(1)  # the first request of a process reads what later ones find cached
    assert publish(3) == publish(30)
    announcing = DBTaskResult.objects.filter(task_path__endswith="announce_article")
    assert announcing.count() == 3  # one task per publication, whatever the subscribers
    run_tasks()
    run_tasks()
    assert len(smtp.messages) == 3 * 34  # announced when the worker runs, to all 34 by then


def test_news_mails_wait_for_an_smtp_server_that_is_down_and_go_out_once(
    start_smtp, make_chief, make_subscriber, draft, time_machine
):
    make_subscriber("vse@example.ru")
    make_subscriber("eshche@example.ru")
    services.publish_article(draft, by=make_chief("glavred"))
    run_tasks()  # announced; the mails fail: nothing listens yet
    [sending] = DBTaskResult.objects.filter(task_path__endswith="send_deliveries")
    assert sending.status == "READY" and sending.run_after > timezone.now()
    assert not Delivery.objects.filter(sent_at__isnull=False).exists()

    inbox = start_smtp()
    time_machine.move_to(sending.run_after + timedelta(seconds=1))
    run_tasks()
    run_tasks()
    assert sorted(m["To"] for m in inbox.messages) == ["eshche@example.ru", "vse@example.ru"]


def test_an_address_the_server_refuses_holds_back_nobody_and_is_retried(
    smtp, make_chief, make_subscriber, draft, time_machine
):
    for address in ("odin@example.ru", "dva@example.ru", "tri@example.ru"):
        make_subscriber(address)
    smtp.refused.add("dva@example.ru")
    services.publish_article(draft, by=make_chief("glavred"))
    run_tasks()
    run_tasks()

    assert sorted(m["To"] for m in smtp.messages) == ["odin@example.ru", "tri@example.ru"]
    [sending] = DBTaskResult.objects.filter(task_path__endswith="send_deliveries")
    assert sending.status == "READY" and sending.run_after > timezone.now()
    assert "550" in sending.traceback

    smtp.refused.clear()  # the mailbox is back
    time_machine.move_to(sending.run_after + timedelta(seconds=1))
    run_tasks()
    run_tasks()
    assert sorted(m["To"] for m in smtp.messages) == [
        "dva@example.ru",
        "odin@example.ru",
        "tri@example.ru",
    ]


def test_residents_mail_goes_out_at_the_configured_pace_and_all_of_it_arrives(
    smtp, make_chief, make_subscriber, draft, settings
):
    """``SUBSCRIPTIONS_MAIL_RATE`` mails a second at most, so a large mailing leaves the CPU
    to the web workers: six mails at five a second take at least a second."""
    settings.SUBSCRIPTIONS_MAIL_RATE = 5
    for number in range(6):
        make_subscriber(f"reader{number}@example.ru")
    started = time.monotonic()
    services.publish_article(draft, by=make_chief("glavred"))
    run_tasks()
    run_tasks()
    elapsed = time.monotonic() - started
    assert sorted(m["To"] for m in smtp.messages if m["List-Id"]) == [
        f"reader{number}@example.ru" for number in range(6)
    ]
    assert elapsed >= 1.0

"""Daily tasks (the staff's reminders and digests, the residents' digest) run exactly once a
day (the Moscow date), whether several workers or cron start them, one after the other or at
the same moment; what they mail arrives once, at a real SMTP server."""

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from channels.subscriptions.models import Frequency
from channels.subscriptions.tasks import send_digest
from channels.tasks import daily_check
from news import services
from news.models import Article
from portal import hooks, periodic
from portal.models import DailyRun
from portal.queue import LeasingWorker
from tests.channels.conftest import MOSCOW
from tests.channels.subscriptions.conftest import make_subscriber  # noqa: F401 (a fixture)
from tests.channels.test_reminders import NEW_YEAR

pytestmark = pytest.mark.django_db(transaction=True)

# Every app's daily task (channels: the checks and the residents' digest; opendata: versions).
DAILY = sorted(task.module_path for task in hooks.get_hooks(hooks.DAILY_TASKS))
DIGEST_READERS = ["dva@example.ru", "odin@example.ru"]


def worker(name):
    return LeasingWorker(
        queue_names=["default"],
        interval=0,
        backend_name="default",
        startup_delay=False,
        worker_id=name,
        once=True,
    )


@pytest.fixture
def anniversary_today(make_agreement, officer):
    """An agreement whose fifth anniversary is the Moscow date of the near_midnight instants."""
    return make_agreement(signed_on=NEW_YEAR.replace(year=2022))


@pytest.fixture
def digest_owed(settings, make_subscriber, make_chief, make_article):  # noqa: F811
    """Two daily subscribers owed an article published before the daily tasks' hour, and one
    who took it at once."""
    hour, settings.DAILY_TASKS_HOUR = settings.DAILY_TASKS_HOUR, -1
    for address in DIGEST_READERS:
        make_subscriber(address, frequency=Frequency.DAILY)
    make_subscriber("srazu@example.ru")
    article = make_article("Новость до утра", status=Article.Status.DRAFT)
    services.publish_article(article, by=make_chief("glavred"))
    worker("before-the-hour").run()
    settings.DAILY_TASKS_HOUR = hour


def digests(smtp):
    return sorted(m["To"] for m in smtp.messages if m["Subject"].startswith("Новости за"))


def test_two_workers_run_the_daily_check_once_for_the_moscow_date(
    smtp, settings, anniversary_today, near_midnight
):
    settings.DAILY_TASKS_HOUR = 0
    worker("first").run()
    worker("second").run()
    call_command("run_daily_checks", stdout=(out := io.StringIO()))
    worker("first").run()

    assert "already" in out.getvalue()
    assert sorted(DailyRun.objects.values_list("name", "day")) == [
        (name, NEW_YEAR) for name in DAILY
    ]
    assert DBTaskResult.objects.filter(task_path=daily_check.module_path).count() == 1
    assert [m["To"] for m in smtp.messages] == ["partnery@example.ru"]


def test_two_workers_and_two_runs_of_cron_send_each_daily_subscriber_one_digest(
    smtp, settings, digest_owed, near_midnight
):
    assert [m["To"] for m in smtp.messages] == ["srazu@example.ru"]
    settings.DAILY_TASKS_HOUR = 0
    worker("first").run()
    worker("second").run()
    call_command("run_daily_checks", stdout=io.StringIO())
    call_command("run_daily_checks", stdout=io.StringIO())
    worker("second").run()
    worker("first").run()

    assert digests(smtp) == DIGEST_READERS
    assert DBTaskResult.objects.filter(task_path=send_digest.module_path).count() == 1
    assert DailyRun.objects.get(name=send_digest.module_path).day == NEW_YEAR


def test_two_runs_of_cron_alone_send_each_daily_subscriber_one_digest(
    smtp, settings, digest_owed, near_midnight
):
    settings.DAILY_TASKS_HOUR = -1
    call_command("run_daily_checks", stdout=io.StringIO())
    worker("first").run()
    call_command("run_daily_checks", stdout=(out := io.StringIO()))
    worker("second").run()

    assert "already" in out.getvalue()
    assert digests(smtp) == DIGEST_READERS


def test_workers_wait_for_the_hour_in_moscow(settings, time_machine):
    settings.DAILY_TASKS_HOUR = 7
    time_machine.move_to(datetime.datetime(2027, 1, 1, 6, 59, tzinfo=MOSCOW), tick=False)
    assert periodic.enqueue_due_daily_tasks() == []
    time_machine.move_to(datetime.datetime(2027, 1, 1, 4, 0, tzinfo=datetime.UTC), tick=False)
    assert sorted(periodic.enqueue_due_daily_tasks()) == DAILY
    assert set(DailyRun.objects.values_list("day", flat=True)) == {NEW_YEAR}

    settings.DAILY_TASKS_HOUR = -1  # cron's run_daily_checks instead
    time_machine.move_to(datetime.datetime(2027, 1, 2, 12, 0, tzinfo=MOSCOW), tick=False)
    assert periodic.enqueue_due_daily_tasks() == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer: no concurrent claim"
)
def test_two_workers_claiming_the_same_day_at_once_enqueue_one_run(
    smtp, settings, anniversary_today, digest_owed, near_midnight
):
    settings.DAILY_TASKS_HOUR = 0
    start = threading.Barrier(2)
    results = []

    def claim():
        try:
            start.wait()
            results.append(periodic.enqueue_due_daily_tasks())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Each daily task claimed by one of the two (which one may differ task by task).
    assert sorted(name for names in results for name in names) == DAILY
    for name in DAILY:
        assert DBTaskResult.objects.filter(task_path=name).count() == 1
    worker("first").run()
    worker("second").run()
    assert [m["To"] for m in smtp.to("partnery@example.ru")] == ["partnery@example.ru"]
    assert digests(smtp) == DIGEST_READERS

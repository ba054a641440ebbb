"""Daily tasks run exactly once a day (the Moscow date), whether several workers or cron
start them, one after the other or at the same moment."""

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from channels.tasks import daily_check
from portal import periodic
from portal.models import DailyRun
from portal.queue import LeasingWorker
from tests.channels.conftest import MOSCOW
from tests.channels.test_reminders import NEW_YEAR

pytestmark = pytest.mark.django_db(transaction=True)


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


def test_two_workers_run_the_daily_check_once_for_the_moscow_date(
    smtp, settings, anniversary_today, near_midnight
):
    settings.DAILY_TASKS_HOUR = 0
    worker("first").run()
    worker("second").run()
    call_command("run_daily_checks", stdout=(out := io.StringIO()))
    worker("first").run()

    assert "already" in out.getvalue()
    [run] = DailyRun.objects.all()
    assert run.day == NEW_YEAR
    assert run.name == daily_check.module_path
    assert DBTaskResult.objects.filter(task_path=daily_check.module_path).count() == 1
    assert [m["To"] for m in smtp.messages] == ["partnery@example.ru"]


def test_workers_wait_for_the_hour_in_moscow(settings, time_machine):
    settings.DAILY_TASKS_HOUR = 7
    time_machine.move_to(datetime.datetime(2027, 1, 1, 6, 59, tzinfo=MOSCOW), tick=False)
    assert periodic.enqueue_due_daily_tasks() == []
    time_machine.move_to(datetime.datetime(2027, 1, 1, 4, 0, tzinfo=datetime.UTC), tick=False)
    assert periodic.enqueue_due_daily_tasks() == [daily_check.module_path]
    assert DailyRun.objects.get().day == NEW_YEAR

    settings.DAILY_TASKS_HOUR = -1  # cron's run_daily_checks instead
    time_machine.move_to(datetime.datetime(2027, 1, 2, 12, 0, tzinfo=MOSCOW), tick=False)
    assert periodic.enqueue_due_daily_tasks() == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer: no concurrent claim"
)
def test_two_workers_claiming_the_same_day_at_once_enqueue_one_run(
    smtp, settings, anniversary_today, near_midnight
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

    assert sorted(results) == [[], [daily_check.module_path]]
    assert DBTaskResult.objects.filter(task_path=daily_check.module_path).count() == 1
    worker("first").run()
    worker("second").run()
    assert [m["To"] for m in smtp.messages] == ["partnery@example.ru"]

"""Daily tasks, run exactly once a day however many workers there are.

Apps register their daily tasks with the ``DAILY_TASKS`` hook. A day's run of each is
claimed by inserting a ``DailyRun`` row (task, day): the row is unique, so of two workers
(or a worker and cron's ``manage.py run_daily_checks``) claiming the same day only the first
insert succeeds — on PostgreSQL the second waits for the first transaction and then fails
on the unique index — and a re-run the same day finds the row and does nothing. The task
is enqueued in the claiming transaction, so a claimed day always has its task in the
queue, where it gets the queue's retries; the tasks themselves record what they send, so a
retry sends nothing twice.

The day is the date in the site's time zone (Europe/Moscow), never the UTC one: between
21:00 and 24:00 UTC it is already the next day in Moscow.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal import hooks
from portal.models import DailyRun


def today() -> datetime.date:
    return timezone.localdate()


def claim(name: str, day: datetime.date) -> bool:
    """Claim ``name``'s run for ``day``; False if it was claimed before."""
    try:
        with transaction.atomic():
            DailyRun.objects.create(name=name, day=day)
    except IntegrityError:
        return False
    return True


def enqueue_daily_tasks(day: datetime.date | None = None) -> list[str]:
    """Enqueue each daily task not yet claimed for ``day`` (today by default); returns the
    names of those enqueued now."""
    day = day or today()
    enqueued = []
    for task in hooks.get_hooks(hooks.DAILY_TASKS):
        with transaction.atomic():
            if claim(task.module_path, day):
                task.enqueue(day.isoformat())
                enqueued.append(task.module_path)
    return enqueued


def enqueue_due_daily_tasks() -> list[str]:
    """What a worker does each round: from ``DAILY_TASKS_HOUR`` (Moscow time) on, enqueue
    the day's tasks unless done. One indexed query when they are."""
    hour = settings.DAILY_TASKS_HOUR
    if hour < 0 or timezone.localtime().hour < hour:
        return []
    day = today()
    names = [task.module_path for task in hooks.get_hooks(hooks.DAILY_TASKS)]
    if DailyRun.objects.filter(day=day, name__in=names).count() == len(names):
        return []
    return enqueue_daily_tasks(day)

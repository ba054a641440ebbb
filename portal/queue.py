"""The task queue: Django's tasks API on django-tasks-db, plus what that backend leaves out.

django-tasks-db stores each task as a row and its worker claims rows with
``SELECT … FOR UPDATE SKIP LOCKED`` (on PostgreSQL; SQLite takes an exclusive transaction),
but it neither retries a failed task nor notices a worker killed mid-task (its row stays
RUNNING forever). Both are added here, on the same row, so a task keeps one identity in the
admin: ``retry_failed_task`` puts a failure back with exponential back-off until
``TASKS_MAX_ATTEMPTS`` claims, and ``reclaim_abandoned_tasks`` (called by ``run_worker``
before each round) puts back a task that has been RUNNING longer than ``TASKS_LEASE_SECONDS``.
Tasks that send anything record what they sent, so running one twice sends nothing twice.
"""

import logging
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Min, QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import TaskResult
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max

from portal.periodic import enqueue_due_daily_tasks

logger = logging.getLogger(__name__)

WORKER_LOST = "portal.queue.WorkerLost"


def attempts(row: DBTaskResult) -> int:
    """How many times a worker has claimed the task (each claim appends its id)."""
    return len(row.worker_ids)


def backoff(attempt: int) -> timedelta:
    """The wait before the next attempt: base, 2×base, 4×base… capped at a day."""
    seconds = settings.TASKS_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0)
    return timedelta(seconds=min(seconds, 24 * 60 * 60))


def retry_failed_task(sender: object, task_result: TaskResult[Any], **kwargs: Any) -> None:
    """``task_finished`` receiver: a failed task runs again later, up to the attempt limit."""
    row = getattr(task_result, "db_result", None)
    if row is None or task_result.status != TaskResultStatus.FAILED:
        return
    if attempts(row) >= settings.TASKS_MAX_ATTEMPTS:
        logger.error(
            "Task %s (%s) failed for good after %d attempts", row.pk, row.task_path, attempts(row)
        )
        return
    DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY,
        run_after=timezone.now() + backoff(attempts(row)),
        finished_at=None,
    )


def retry_now(queryset: QuerySet[DBTaskResult]) -> int:
    """Put failed tasks back in the queue at once, with their attempts counted afresh."""
    return queryset.filter(status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=timezone.now(), finished_at=None, worker_ids=[]
    )


def reclaim_abandoned_tasks() -> int:
    """Tasks whose worker died while running them: back to the queue, or failed at the limit."""
    now = timezone.now()
    abandoned = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - timedelta(seconds=settings.TASKS_LEASE_SECONDS),
    )
    reclaimed = 0
    for row in abandoned:
        if attempts(row) >= settings.TASKS_MAX_ATTEMPTS:
            changes = {
                "status": TaskResultStatus.FAILED,
                "finished_at": now,
                "exception_class_path": WORKER_LOST,
                "traceback": "The worker running this task stopped before it finished.",
            }
        else:
            changes = {"status": TaskResultStatus.READY, "run_after": now}
            reclaimed += 1
        # Only if no other worker reclaimed it meanwhile.
        DBTaskResult.objects.filter(
            pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at
        ).update(**changes)
    if reclaimed:
        logger.warning("Reclaimed %d task(s) of workers that stopped mid-task", reclaimed)
    return reclaimed


def lease_keeper(task_id: UUID | str, every_seconds: float = 60) -> Callable[[], None]:
    """For a task that may run longer than ``TASKS_LEASE_SECONDS`` (an import): a function to
    call as it goes, which starts the lease afresh now and then, so the task is not taken for
    one whose worker died and run a second time beside itself."""
    last = time.monotonic()

    def keep() -> None:
        nonlocal last
        if time.monotonic() - last >= every_seconds:
            last = time.monotonic()
            DBTaskResult.objects.filter(pk=task_id, status=TaskResultStatus.RUNNING).update(
                started_at=timezone.now()
            )

    return keep


def oldest_ready_wait() -> timedelta | None:
    """How long the task that has been ready to run longest has waited (None: none waits)."""
    ready = DBTaskResult.objects.ready()
    undeferred = ready.filter(run_after=get_date_max()).aggregate(at=Min("enqueued_at"))["at"]
    deferred = ready.exclude(run_after=get_date_max()).aggregate(at=Min("run_after"))["at"]
    since = min(filter(None, (undeferred, deferred)), default=None)
    return None if since is None else timezone.now() - since


def queue_stalled(wait: timedelta | None) -> bool:
    return wait is not None and wait.total_seconds() > settings.TASKS_STALLED_AFTER_SECONDS


class LeasingWorker(Worker):
    """django-tasks-db's worker, draining the queue in rounds that each start by reclaiming
    the tasks of dead workers and enqueueing the day's daily tasks when they are due."""

    def __init__(self, *, once: bool = False, **options: Any) -> None:
        super().__init__(batch=True, max_tasks=None, excluded_queue_names=[], **options)
        self.once = once
        self.idle_interval = options["interval"]

    def run(self) -> None:
        while self.running:
            reclaim_abandoned_tasks()
            enqueue_due_daily_tasks()
            super().run()
            self.startup_delay = False
            if self.once:
                return
            time.sleep(self.idle_interval)

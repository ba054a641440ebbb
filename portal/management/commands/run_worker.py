from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME

from portal.queue import LeasingWorker


class Command(BaseCommand):
    help = (
        "Run the tasks queued in the database (e-mail and other work outside the request): "
        "failed tasks are retried with back-off, tasks of a killed worker are taken up again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default=DEFAULT_TASK_QUEUE_NAME)
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds to wait when the queue is empty"
        )
        parser.add_argument(
            "--once", action="store_true", help="run what is ready now, then exit (cron, tests)"
        )
        parser.add_argument("--worker-id", default="")

    def handle(
        self, *, queue_name: str, interval: float, once: bool, worker_id: str, **options: Any
    ) -> None:
        worker = LeasingWorker(
            queue_names=queue_name.split(","),
            interval=interval,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not once,
            worker_id=worker_id or get_random_string(32),
            once=once,
        )
        worker.configure_signals()
        worker.run()

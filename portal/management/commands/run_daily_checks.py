from typing import Any

from django.core.management.base import BaseCommand

from portal.periodic import enqueue_daily_tasks, today


class Command(BaseCommand):
    help = (
        "Enqueue today's daily tasks (reminders, digests) for the workers, unless a worker or "
        "an earlier run has already done so today (Moscow date). For cron; safe to run often."
    )

    def handle(self, **options: Any) -> None:
        day = today()
        enqueued = enqueue_daily_tasks(day)
        for name in enqueued:
            self.stdout.write(f"{day:%Y-%m-%d}: {name} enqueued")
        if not enqueued:
            self.stdout.write(f"{day:%Y-%m-%d}: the daily tasks were already enqueued")

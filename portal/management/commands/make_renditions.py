from typing import Any

from django.core.management.base import BaseCommand

from portal import renditions


class Command(BaseCommand):
    help = (
        "Queue the renditions of every image that has none yet, e.g. after rows were loaded "
        "in bulk without being saved one by one; a task worker makes them."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = renditions.enqueue_all_missing()
        self.stdout.write(f"Images queued for renditions: {queued}.")

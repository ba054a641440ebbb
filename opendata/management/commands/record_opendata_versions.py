from django.core.management.base import BaseCommand

from opendata import versions


class Command(BaseCommand):
    help = "Record a new version of every open data set whose public data changed."

    def handle(self, *args, **options):
        for name, latest in versions.record_changes().items():
            self.stdout.write(f"{name}: {latest.file_name if latest else '-'}")

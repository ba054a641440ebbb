from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded media into BACKUP_ROOT/<timestamp>/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--root",
            type=Path,
            default=None,
            help=f"Folder that receives the backup (default: {settings.BACKUP_ROOT}).",
        )

    def handle(self, *args: Any, root: Path | None = None, **options: Any) -> None:
        try:
            target = create_backup(root)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written to {target}"))
        self.stdout.write(f"Restore it with: make restore BACKUP={target}")

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.backup import BackupError, read_manifest, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded media with a backup made by the backup command. "
        "Everything written since that backup is lost."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="The backup folder, e.g. var/backups/<ts>.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args: Any, backup: Path, interactive: bool = True, **options: Any) -> None:
        try:
            manifest = read_manifest(backup)
            if interactive:
                answer = input(
                    f"Replace the current database and media with the backup of "
                    f"{manifest['created']}? Type 'yes' to continue: "
                )
                if answer.strip().lower() != "yes":
                    raise CommandError("Restore cancelled.")
            restore_backup(backup)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created']}."))

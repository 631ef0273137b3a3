"""`kokous restore FOLDER`: restore a backup into an empty, migrated database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kokous.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup folder (made by `kokous backup`) into an empty, migrated database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = backup_restore(source=options["source"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {report.rows} rows and {report.files} files; "
            f"{report.indexed} search documents rebuilt."
        )

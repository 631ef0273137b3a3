"""`kokous backup DESTINATION`: a backup of the database and the files (see kokous.core.backup)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kokous.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the files into a new folder under DESTINATION."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("destination", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder = backup_create(destination=options["destination"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))

"""`kokous personal_data_remove [--for-real]`: remove the names of private persons from the
public version of minutes whose appeal period has ended. Run it daily (cron or a timer); a dry
run unless told `--for-real`."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kokous.publishing.services import personal_data_remove_due


class Command(BaseCommand):
    help = (
        "Replace the names of private persons in published minutes by a neutral mention once "
        "the appeal period has ended (a dry run without --for-real)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--for-real", action="store_true", help="Make the change.")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = not options["for_real"]
        report = personal_data_remove_due(dry_run=dry_run)
        for item in report.items:
            self.stdout.write(f"{item.meeting} § {item.section_number} {item.title}")
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(
            f"{verb} personal data from {len(report.items)} item(s) in "
            f"{len(report.meetings)} meeting(s); {report.documents_discarded} stored public "
            "PDF(s) discarded to be printed again."
        )
        if dry_run and report.items:
            self.stdout.write("Dry run: nothing changed. Run again with --for-real.")

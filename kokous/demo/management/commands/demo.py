"""`kokous demo`: load the demo region built from the seed documents."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from kokous.demo import data
from kokous.demo.services import demo_load, demo_replay_meeting
from kokous.participation.demo import RESIDENT_USERNAME
from kokous.search.models import SearchDocument
from kokous.search.services import search_reindex


class Command(BaseCommand):
    help = "Load the demo region (Kymenlaakso and Päijät-Häme) with its demo users."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even when KOKOUS_DEBUG is off (never on a production database).",
        )
        parser.add_argument(
            "--replay",
            action="store_true",
            help="Empty the record of the 27.1.2022 meeting (seed 003) so that it can be run "
            "again in the workspace; the next `kokous demo` restores it.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to load demo users with known passwords while KOKOUS_DEBUG is off. "
                "Use --force only on a database that is a demo."
            )
        report = demo_load()
        if report.created:
            parts = [f"{count} {name}" for name, count in sorted(report.created.items())]
            self.stdout.write("Demo region loaded. Created: " + ", ".join(parts) + ".")
        elif report.updated:
            parts = [f"{count} {name}" for name, count in sorted(report.updated.items())]
            self.stdout.write("Demo region brought up to date. Updated: " + ", ".join(parts) + ".")
        else:
            self.stdout.write("Demo region already loaded; nothing changed.")
        if report.created or report.updated or not SearchDocument.objects.exists():
            count = search_reindex()
            self.stdout.write(f"Search index rebuilt: {count} documents.")
        self.stdout.write("")
        self.stdout.write(f"Demo users (password for all: {data.DEMO_PASSWORD}):")
        for username, person, description, _staff in data.DEMO_USERS:
            self.stdout.write(f"  {username:<14} {person}, {description}")
        self.stdout.write(
            f"  {RESIDENT_USERNAME:<14} a resident (answers surveys that need sign-in)"
        )
        self.stdout.write(f"  {'admin':<14} superuser (the Django admin at /admin/)")
        if options["replay"]:
            meeting = demo_replay_meeting()
            search_reindex()
            url = reverse("staff:meeting_run", kwargs={"pk": meeting.pk})
            self.stdout.write("")
            self.stdout.write(
                f"The meeting of 27.1.2022 ({meeting.body}) is ready to be run again: sign in "
                f"as sihteeri and open {url}"
            )

"""`kokous demo_clock [YYYY-MM-DD | --off]`: set the date that preparation work takes as today
(the timeline's today line, late tasks, reminders), for demonstrations and training. Setting it
queues the reminders of that day for the task worker, so that they appear in the e-mail
backend (the console in `make run`)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kokous.preparation.models import DemoClock


class Command(BaseCommand):
    help = "Set (or with --off, clear) the demo clock of preparation work."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("date", nargs="?", help="the day to take as today, YYYY-MM-DD")
        parser.add_argument("--off", action="store_true", help="take today as today again")
        parser.add_argument(
            "--force",
            action="store_true",
            help="set it even when KOKOUS_DEBUG is off (a demo database only)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to move the clock while KOKOUS_DEBUG is off. Use --force only on a "
                "database that is a demo."
            )
        if options["off"]:
            DemoClock.objects.all().delete()
            self.stdout.write("The demo clock is off: today is today.")
            return
        if not options["date"]:
            clock = DemoClock.objects.first()
            self.stdout.write(f"The demo clock says {clock.today.isoformat()}." if clock
                              else "The demo clock is off.")  # fmt: skip
            return
        try:
            today = dt.date.fromisoformat(options["date"])
        except ValueError:
            raise CommandError(f"Not a date: {options['date']!r} (write YYYY-MM-DD).") from None
        from kokous.preparation.tasks import preparation_reminders_task

        with transaction.atomic():
            DemoClock.objects.all().delete()
            DemoClock.objects.create(today=today)
            transaction.on_commit(preparation_reminders_task.enqueue)
        self.stdout.write(
            f"The demo clock says {today.isoformat()}; that day's reminders are queued for the "
            "task worker."
        )

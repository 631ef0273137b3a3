"""`kokous preparation_reminders_send`: e-mail the reminders of preparation tasks due today
(before due dates, late tasks, and the leads' weekly digests). Run it daily (cron or a timer);
running it again sends nothing twice."""

from typing import Any

from django.core.management.base import BaseCommand

from kokous.preparation.reminders import reminders_send
from kokous.preparation.selectors import preparation_today


class Command(BaseCommand):
    help = "E-mail the reminders of preparation tasks (due soon, late, weekly digests)."

    def handle(self, *args: Any, **options: Any) -> None:
        today = preparation_today()
        report = reminders_send(today=today)
        self.stdout.write(
            f"{today.isoformat()}: sent {report.due} reminder(s) before due dates, "
            f"{report.late} of late tasks and {report.digests} weekly digest(s)."
        )
        if report.failed:
            self.stdout.write(f"{report.failed} failed; they are tried again next run.")

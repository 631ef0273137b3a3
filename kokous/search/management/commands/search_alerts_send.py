"""`kokous search_alerts_send`: mail the confirmed saved searches the public decisions that
are new to them, and delete the requests whose confirmation link expired unfollowed. Run it
hourly or daily (cron or a timer); running it again sends nothing twice."""

from typing import Any

from django.core.management.base import BaseCommand

from kokous.search.alerts import saved_searches_notify


class Command(BaseCommand):
    help = "E-mail the saved searches' new public decisions (search alerts)."

    def handle(self, *args: Any, **options: Any) -> None:
        report = saved_searches_notify()
        self.stdout.write(
            f"Sent {report.sent} search alert(s) listing {report.decisions} decision(s); "
            f"{report.removed} unconfirmed request(s) removed."
        )
        if report.failed:
            self.stdout.write(f"{report.failed} alert(s) failed; they are tried again next run.")

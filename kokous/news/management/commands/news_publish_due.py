"""`kokous news_publish_due [--dry-run]`: send the newsletter of news that have become public
at their scheduled time, and finish sendings that could not complete. Run it every few
minutes (cron or a timer) where the task backend cannot defer tasks; running it again sends
nothing twice."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kokous.news.models import News
from kokous.news.rules import news_public_q
from kokous.news.services import news_publish_due


class Command(BaseCommand):
    help = "Enqueue the newsletter of public news whose newsletter has not been sent yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only list the news.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            due = News.objects.filter(
                news_public_q(), send_newsletter=True, newsletter_done_at__isnull=True
            )
            for news in due:
                self.stdout.write(f"{news.pk} {news.title}")
            self.stdout.write(f"Would send the newsletter of {len(due)} news item(s).")
            return
        ids = news_publish_due()
        self.stdout.write(f"Newsletter of {len(ids)} news item(s) enqueued.")

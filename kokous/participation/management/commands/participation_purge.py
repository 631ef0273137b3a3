"""`kokous participation_purge`: remove what participation keeps only for a while: drafts of
answers untouched for a month or of closed surveys, and the day-old records of submissions
kept for rate limits. Run it daily; running it again removes nothing more."""

from typing import Any

from django.core.management.base import BaseCommand

from kokous.participation.services import drafts_purge, submissions_purge


class Command(BaseCommand):
    help = "Remove stale survey drafts and old rate-limit records of participation."

    def handle(self, *args: Any, **options: Any) -> None:
        drafts = drafts_purge()
        submissions = submissions_purge()
        self.stdout.write(f"Removed {drafts} draft(s) and {submissions} submission record(s).")

"""`kokous search-reindex`: rebuild the whole search index from the stored objects, with a
progress bar. Safe to run at any time (the pages go on searching the old documents until each
batch is replaced); run it after an upgrade that changes the analyser."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from kokous.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the search index of every searchable object."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help="Print no progress bar (for logs)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        bar = tqdm(total=0, unit="objects", disable=options["no_progress"], file=self.stderr._out)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        count = search_reindex(progress=progress)
        bar.close()
        self.stdout.write(f"Search index rebuilt: {count} documents.")

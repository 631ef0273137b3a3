"""`kokous bench-data [--years 20] [--bodies 60] [--organisation SLUG] [--seed N] [--replace]
[--no-index]`: generate a synthetic organisation for load benchmarks (about 20,000 meetings and
300,000 agenda items at the defaults; see `kokous.demo.benchdata`).

The organisation's past meetings are published, so the public site shows them: run it only on
a database made for benchmarks (it refuses while KOKOUS_DEBUG is off, unless told --force). It
refuses an organisation that already has data unless told --replace, which deletes the earlier
bench organisation first. A progress bar goes to stderr; the summary, with the addresses of a
published meeting for a load test, to stdout."""

import contextlib
import os
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from tqdm import tqdm

from kokous.demo.benchdata import (
    DEFAULT_BODIES,
    DEFAULT_ITEMS_PER_MEETING,
    DEFAULT_MEETINGS_PER_YEAR,
    DEFAULT_SLUG,
    DEFAULT_YEARS,
    BenchDataRefused,
    bench_data_generate,
)

# The summary's lines: (label, model names whose counts add up to it).
SUMMARY = (
    ("bodies", ("Body",)),
    ("people", ("Person",)),
    ("memberships", ("Membership",)),
    ("meetings", ("Meeting",)),
    ("attendance rows", ("Attendance",)),
    ("agenda items", ("AgendaItem",)),
    ("decisions", ("AgendaItem with a decision",)),
    ("cases", ("Case",)),
    ("attachments", ("Attachment",)),
    ("proposals", ("Proposal",)),
    ("votes", ("Vote",)),
    ("ballots", ("Ballot",)),
    ("dissents", ("Dissent",)),
    ("speaking turns", ("SpeakingTurn",)),
)


@contextlib.contextmanager
def _statements_unlogged() -> Iterator[None]:
    """With KOKOUS_DEBUG on, Django keeps the last 9,000 SQL statements with their values
    written out, which over a bulk load of this size is gigabytes of memory and, on SQLite, an
    extra query for each batch of values to quote them. The load keeps none."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug


class Command(BaseCommand):
    help = (
        "Generate a synthetic organisation for load benchmarks (about 20,000 meetings and "
        "300,000 agenda items at the defaults)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years", type=int, default=DEFAULT_YEARS, help="Years of meetings, up to today."
        )
        parser.add_argument("--bodies", type=int, default=DEFAULT_BODIES, help="Bodies.")
        parser.add_argument(
            "--meetings-per-year",
            type=int,
            default=DEFAULT_MEETINGS_PER_YEAR,
            help="Meetings a body holds in a year on average (boards more, groups fewer); "
            f"the default {DEFAULT_MEETINGS_PER_YEAR} gives about 20,000 meetings for 20 years "
            "and 60 bodies.",
        )
        parser.add_argument(
            "--items-per-meeting",
            type=int,
            default=DEFAULT_ITEMS_PER_MEETING,
            help="Agenda items a meeting has on average, opening and closing items included.",
        )
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            default=DEFAULT_SLUG,
            help="The bench organisation's slug (created; default %(default)s).",
        )
        parser.add_argument("--seed", type=int, default=0, help="Seed of the random contents.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the earlier bench organisation of that slug and its data first.",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Do not build the search index of the new data (`kokous search-reindex` "
            "builds it later).",
        )
        parser.add_argument(
            "--index-workers",
            type=int,
            default=min(os.cpu_count() or 1, 4),
            help="Processes building the search index (default: the CPUs, at most 4).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="Print no progress bar (for logs)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Generate even when KOKOUS_DEBUG is off (never on a production database).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "Refusing to generate a synthetic organisation while KOKOUS_DEBUG is off: its "
                "meetings would be public. Use --force only on a database made for benchmarks."
            )
        bars: dict[str, tqdm] = {}

        def progress(stage: str, done: int, total: int) -> None:
            bar = bars.get(stage)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[stage] = tqdm(
                    total=total,
                    desc=stage,
                    unit={"search index": "objects", "deleting": "tables"}.get(stage, "rows"),
                    disable=options["no_progress"],
                    file=self.stderr._out,
                )
            bar.total = total
            bar.update(done - bar.n)

        try:
            with _statements_unlogged():
                report = bench_data_generate(
                    years=options["years"],
                    bodies=options["bodies"],
                    organisation_slug=options["organisation"],
                    meetings_per_year=options["meetings_per_year"],
                    items_per_meeting=options["items_per_meeting"],
                    seed=options["seed"],
                    replace=options["replace"],
                    index=not options["no_index"],
                    index_workers=options["index_workers"],
                    progress=progress,
                )
        except BenchDataRefused as error:
            raise CommandError(str(error)) from error
        finally:
            for bar in bars.values():
                bar.close()
        organisation = report.organisation
        self.stdout.write(
            f"Bench organisation {organisation.slug!r} ({organisation.name_fi}) generated."
        )
        if report.deleted:
            self.stdout.write(f"  deleted first: {report.deleted} rows of the earlier one")
        for label, names in SUMMARY:
            count = sum(report.counts[name] for name in names)
            self.stdout.write(f"  {label + ':':<17}{count:>10,}")
        if report.index_seconds is not None:
            self.stdout.write(
                f"  search index:    {report.indexed:>10,} documents in "
                f"{report.index_seconds:.1f} s"
            )
        else:
            self.stdout.write("  search index:    not built (--no-index)")
        self.stdout.write(f"  elapsed:         {report.seconds:>10.1f} s")
        if report.sample_meeting_id is not None:
            pk = report.sample_meeting_id
            self.stdout.write(
                "A published meeting for a load test: "
                f"{reverse('publishing:meeting', kwargs={'pk': pk})} "
                f"{reverse('documents:minutes', kwargs={'pk': pk})}"
            )

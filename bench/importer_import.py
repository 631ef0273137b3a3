"""How fast `kokous import-minutes` imports a folder of minutes into an empty database.

Run it with `.venv/bin/python bench/importer_import.py` (`--files` sets the number of minutes,
`--folder` keeps the generated files there, `--database` imports into another empty database,
e.g. `postgres://kokous:kokous@127.0.0.1:5432/kokous_bench`).

What it does
------------
1. Writes `--files` generated minutes (default 1,000) as text files into a folder, with
   `kokous.importer.tests.generate.minutes_series`: five bodies meeting in turn a week apart,
   5–15 items each, § numbers running on within a body's year, people drawn from a pool of 840
   names so that most recur (untimed).
2. Migrates the database (a new SQLite file in a temporary folder unless `--database` is
   given; it must be empty) and creates one organisation (untimed).
3. Times, over the same files:
   - the baseline: reading each file and parsing it (`document_text` + `parse_minutes`), what
     `--dry-run` does, without the database;
   - the import: `kokous import-minutes FOLDER`, each file in a transaction of its own;
   - the re-import of the same folder, which must find every file unchanged.

Reading the output
------------------
Files/s for each step and the ratio of the import to the baseline (how much of the time goes
to the database rather than to reading the documents), then the rows created. Every file must
be "created" in the first import and "unchanged" in the second; the exit code says so.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="generated minutes to import")
    parser.add_argument("--folder", help="write the generated minutes here (kept)")
    parser.add_argument("--database", help="an empty database's URL (default: new SQLite)")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="kokous-import-bench-"))
    folder = Path(args.folder) if args.folder else work / "minutes"
    folder.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = args.database or f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["KOKOUS_DEBUG"] = "1"
    os.environ["MEDIA_ROOT"] = str(work / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokous.settings")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from kokous.importer.parse import parse_minutes
    from kokous.importer.tests.generate import minutes_series
    from kokous.importer.text import document_text

    started = time.perf_counter()
    for name, text, _expected in minutes_series(args.files):
        (folder / name).write_text(text, encoding="utf-8")
    files = sorted(folder.glob("*.txt"))
    size = sum(path.stat().st_size for path in files)
    print(
        f"Kokous import benchmark: {len(files)} generated minutes ({size / 1e6:.1f} MB) in "
        f"{folder}, generated in {time.perf_counter() - started:.1f} s"
    )
    print(f"Database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")

    call_command("migrate", verbosity=0)
    from kokous.organisations.models import Organisation

    if Organisation.objects.exists():
        print("The database is not empty: give an empty one.", file=sys.stderr)
        return 2
    Organisation.objects.create(slug="bench", name_fi="Vertailun hyvinvointialue", code="BENCH")

    t0 = time.perf_counter()
    for path in files:
        parse_minutes(document_text(path.read_bytes(), filename=path.name), source=str(path))
    baseline = time.perf_counter() - t0

    runs: dict[str, tuple[float, str]] = {}
    for step in ("import", "re-import"):
        err = io.StringIO()
        t0 = time.perf_counter()
        call_command("import-minutes", str(folder), stdout=io.StringIO(), stderr=err)
        runs[step] = (time.perf_counter() - t0, err.getvalue().strip().splitlines()[-1])

    from kokous.meetings.models import AgendaItem, Attendance, Meeting, SpeakingTurn
    from kokous.organisations.models import Body, Person

    print(f"{'step':<30}{'seconds':>10}{'files/s':>10}{'× baseline':>12}")
    print(
        f"{'read + parse (baseline)':<30}{baseline:>10.1f}{len(files) / baseline:>10.1f}{1:>12.1f}"
    )
    for step, (took, _summary) in runs.items():
        print(f"{step:<30}{took:>10.1f}{len(files) / took:>10.1f}{took / baseline:>12.1f}")
    for step, (_took, summary) in runs.items():
        print(f"{step}: {summary}")
    counts = {
        model.__name__: model.objects.count()
        for model in (Body, Person, Meeting, AgendaItem, Attendance, SpeakingTurn)
    }
    print("rows: " + ", ".join(f"{name} {count:,}" for name, count in counts.items()))
    n = len(files)
    ok = (
        runs["import"][1].endswith(f"{n} created, 0 updated, 0 unchanged, 0 skipped")
        and runs["re-import"][1].endswith(f"0 created, 0 updated, {n} unchanged, 0 skipped")
        and counts["Meeting"] == n
    )
    print("every file created, then found unchanged" if ok else "UNEXPECTED RESULT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

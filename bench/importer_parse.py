"""How fast the minutes importer's parser reads plain-text minutes.

Run it with `.venv/bin/python bench/importer_parse.py` (`--files`, `--repeat` change the
number of documents and of timed runs).

What it does
------------
It generates `--files` synthetic minutes (default 1,000) with
`kokous.importer.tests.generate.minutes_generate(random.Random(seed), items=5..15)` for the
seeds 0.. `--files`-1 (untimed; the same texts in every run), then times
`kokous.importer.parse.parse_minutes` over all of them, `--repeat` times. The baseline, timed
in the same run over the same texts, is `text.splitlines()`: only reading the lines, without
classifying anything. No database is opened (Django is set up with in-memory settings only for
gettext).

Reading the output
------------------
Files/s and lines/s are medians over the runs; "ratio" is how many times longer parsing takes
than splitting the same texts into lines. It is information, not a test: the exit code is 0.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def django_setup() -> None:
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    django.setup()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="generated minutes to parse")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs")
    args = parser.parse_args(argv)
    os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    django_setup()

    from kokous.importer.parse import parse_minutes
    from kokous.importer.tests.generate import minutes_generate

    started = time.perf_counter()
    texts = []
    for seed in range(args.files):
        rng = random.Random(seed)
        texts.append(minutes_generate(rng, items=rng.randint(5, 15))[0])
    generated = time.perf_counter() - started
    lines = sum(text.count("\n") + 1 for text in texts)
    size = sum(len(text) for text in texts)
    print(
        f"Kokous importer parser benchmark: {args.files} generated minutes, {lines:,} lines, "
        f"{size / 1e6:.1f} M characters (generated in {generated:.1f} s)"
    )

    parse_minutes(texts[0])  # warm-up: the grammar is built at import, regexes compile now
    baseline: list[float] = []
    parsing: list[float] = []
    warnings = 0
    for _run in range(args.repeat):
        t0 = time.perf_counter()
        for text in texts:
            text.splitlines()
        baseline.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        warnings = 0
        for text in texts:
            warnings += len(parse_minutes(text).warnings)
        parsing.append(time.perf_counter() - t0)

    base = statistics.median(baseline)
    took = statistics.median(parsing)
    print(f"{'step':<22}{'median s':>10}{'min s':>10}{'files/s':>12}{'lines/s':>14}")
    for name, times in (("splitlines (baseline)", baseline), ("parse_minutes", parsing)):
        median = statistics.median(times)
        print(
            f"{name:<22}{median:>10.3f}{min(times):>10.3f}{args.files / median:>12,.0f}"
            f"{lines / median:>14,.0f}"
        )
    print(f"ratio parse / baseline: {took / base:,.0f}x; warnings: {warnings} (expected 0)")
    print(f"Parsed {args.files / took:,.0f} files/s ({took / args.files * 1000:.2f} ms per file).")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How fast search analyses, indexes and answers at a million agenda items, on SQLite and
PostgreSQL.

Run it with `make bench-search-speed`, or `.venv/bin/python bench/search/speed.py` once the
venv exists (`--items 20000` for a quick run; `--help` for the rest).

What it does
------------
1. Corpus: N synthetic agenda items (`bench/search/corpus.py`: a bigram model of the Finnish
   seeds with compounds and numbers for a long tail; titles of 3–12 words, texts of log-normal
   length, median 220 words, up to 3,000), each a function of its number only.
2. Analysis speed: `analysis.text_terms` over the first items' titles and texts in this
   process, right after `analysis_cache_clear()` (cold) and again (warm); then the whole
   corpus, in `--workers` processes, each building every item's `SearchDocument` as
   `Draft.document()` of `kokous/search/documents.py` does (the terms literal through
   `backends.terms_literal`). The documents are spooled to a temporary file, once for both
   backends.
3. Index build, one fresh database a backend and size, each in its own process: SQLite in a
   temporary file, PostgreSQL in the database of `--pg` (dropped and created), migrated with
   the project's migrations. The documents go in with `SearchDocument.objects.bulk_create`,
   1,000 a transaction; on SQLite `SqliteBackend.documents_indexed` fills the FTS5 table after
   each batch (as `search_index_update` does); on PostgreSQL the generated tsvector column is
   computed on insert and the GIN index is either kept during the load or dropped and created
   after it (both are timed on a prefix of `--gin-sample` items, the faster is used for the full
   size), then ANALYZE.
4. Queries: `--queries` queries each of 1, 2 and 3 words (`corpus.corpus_query`: half of them
   words close together in one item, half words drawn by frequency: common, rare, inflected,
   compounds), the same queries at every size. After one untimed warm-up pass each is timed
   through the backend (`backend_for().search` with the selectors' `_where` for the public,
   relevance order, 20 a page: the SQL of count and page) and through
   `kokous.search.selectors.search` (the whole page: SQL, loading the 20 documents, title and
   snippet highlighting).

The baseline is a `--baseline` item index (default 10,000, the first items of the same
corpus) built and queried the same way in the same run; ratios divide the full size's figure
by it. Nothing asserts: the exit code is 0 whatever it measures. Temporary files are removed
and the PostgreSQL database dropped at the end unless `--keep`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import multiprocessing
import os
import pickle
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_PG = "postgres://kokous:kokous@127.0.0.1:5432/kokous_bench_search"
CHUNK = 1000  # items a worker task, a spool record and a load transaction
WORDS_TARGET = 50_000  # words/s of analysis
P95_TARGET_MS = 50.0
QUERY_LENGTHS = (1, 2, 3)
# The GIN index as its migration creates it (dropped during a load and created after it).
GIN_INDEX = next(
    statement
    for statement in importlib.import_module(
        "kokous.search.migrations.0004_search_period_index"
    ).SCHEMA["postgresql"]
    if "USING gin" in statement
)


def _django(database_url: str, var_dir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kokous.settings"
    os.environ["KOKOUS_VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DATABASE_CONN_MAX_AGE"] = "0"
    # Production settings: DEBUG would keep every SQL statement (megabytes a bulk insert).
    os.environ["KOKOUS_DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-search-speed-not-secret")
    for name in ("MEDIA_ROOT", "STATIC_ROOT", "KOKOUS_DOCUMENT_ROOT"):
        os.environ.pop(name, None)
    import django

    django.setup()


# --- 2. Analysis: documents built in worker processes ------------------------------------------

_timing = {"seconds": 0.0, "words": 0}


def _worker_init(var_dir: str) -> None:
    _django(f"sqlite:///{var_dir}/unused.sqlite3", Path(var_dir))  # no query is made
    from kokous.search import analysis

    text_terms = analysis.text_terms

    def timed_text_terms(text: str, language: str = analysis.FINNISH) -> list[tuple[str, ...]]:
        started = time.perf_counter()
        result = text_terms(text, language)
        _timing["seconds"] += time.perf_counter() - started
        _timing["words"] += len(result)
        return result

    analysis.text_terms = timed_text_terms  # documents.py calls it through the module


def _documents(start: int, stop: int) -> dict[str, Any]:
    """The search documents of items start..stop-1, as rows for the spool."""
    from bench.search.corpus import corpus_item
    from kokous.search.documents import Draft

    _timing["seconds"] = 0.0
    _timing["words"] = 0
    began = time.process_time()
    generated = 0.0
    rows = []
    for index in range(start, stop):
        g = time.process_time()
        item = corpus_item(index=index)
        generated += time.process_time() - g
        document = Draft(
            kind="item",
            object_id=index + 1,
            scope=item.scope,
            title=item.title,
            url=f"/asiat/{index + 1}/",
            text=[f"KYMDno-{item.date.year}-{index % 9000 + 1}", item.text],
            organisation_id=item.organisation_id,
            body_id=item.body_id,
            date=item.date,
            decision_type=item.decision_type,
        ).document()
        rows.append(
            (document.kind, document.object_id, document.scope, document.organisation_id,
             document.body_id, document.title, document.text, document.terms, document.date,
             document.decision_type, document.url)
        )  # fmt: skip
    return {
        "rows": rows,
        "words": _timing["words"],
        "analysis": _timing["seconds"],
        "generate": generated,
        "cpu": time.process_time() - began,
    }


def analysis_cold(items: int) -> dict[str, float]:
    """text_terms over the first items, right after clearing the cache, then again."""
    from bench.search.corpus import corpus_item
    from kokous.search import analysis

    texts = []
    for index in range(items):
        item = corpus_item(index=index)
        texts += [item.title, item.text]
    figures: dict[str, float] = {}
    analysis.analysis_cache_clear()
    for label in ("cold", "warm"):
        started = time.perf_counter()
        words = sum(len(analysis.text_terms(text)) for text in texts)
        figures[label] = words / (time.perf_counter() - started)
    figures["words"] = words
    figures["forms"] = analysis.analysis_cache_info().currsize
    return figures


def spool_write(items: int, workers: int, path: Path, var_dir: Path) -> dict[str, Any]:
    ranges = [(start, min(items, start + CHUNK)) for start in range(0, items, CHUNK)]
    totals = {"words": 0, "analysis": 0.0, "generate": 0.0, "cpu": 0.0, "bytes": 0}
    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with (
        context.Pool(workers, initializer=_worker_init, initargs=(str(var_dir),)) as pool,
        path.open("wb") as spool,
    ):
        for done, result in enumerate(pool.imap(_star_documents, ranges), start=1):
            pickle.dump(result["rows"], spool, protocol=pickle.HIGHEST_PROTOCOL)
            for key in ("words", "analysis", "generate", "cpu"):
                totals[key] += result[key]
            if done % 50 == 0 or done == len(ranges):
                elapsed = time.perf_counter() - started
                print(
                    f"    {done * CHUNK:>9,} items analysed, {elapsed:6.0f} s, "
                    f"{totals['words'] / elapsed:,.0f} words/s",
                    flush=True,
                )
    totals["wall"] = time.perf_counter() - started
    totals["bytes"] = path.stat().st_size
    return totals


def _star_documents(bounds: tuple[int, int]) -> dict[str, Any]:
    return _documents(*bounds)


def spool_read(path: Path, items: int) -> Any:
    """The spooled rows of the first `items` items, a chunk at a time."""
    left = items
    with path.open("rb") as spool:
        while left > 0:
            rows = pickle.load(spool)[:left]
            left -= len(rows)
            yield rows


# --- 3, 4. Building an index and querying it (one process each) -------------------------------


def pg_url(url: str, label: str) -> str:
    """The PostgreSQL database of a run: `--pg` itself for the full index, a sibling for the
    others (so that `--keep` keeps the baseline's too)."""
    return url if label == "full" else f"{url}_{label.replace('-', '_')}"


def _pg_recreate(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _pg_drop(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _bodies() -> None:
    from bench.search.corpus import BODIES, ORGANISATIONS
    from kokous.organisations.models import Body, Organisation

    organisations = [
        Organisation.objects.create(
            slug=f"bench-{number}",
            kind=Organisation.Kind.WELLBEING_SERVICES_COUNTY,
            code=f"B{number}",
            name_fi=f"Vertailulan {number}. hyvinvointialue",
        )
        for number in range(1, ORGANISATIONS + 1)
    ]
    for number in range(1, BODIES + 1):
        body = Body.objects.create(
            organisation=organisations[(number - 1) % ORGANISATIONS],
            slug=f"bench-body-{number}",
            abbreviation=f"TK{number}",
            kind=Body.Kind.BOARD,
            name_fi=f"Toimielin {number}",
        )
        assert body.pk == number  # the spooled documents name bodies 1..BODIES


def build_and_query(job: dict[str, Any]) -> dict[str, Any]:
    """Runs in its own process: a fresh database, the first `items` spooled documents, and
    (unless `job["queries"]` is 0) the timed queries."""
    vendor, items, var_dir = job["vendor"], job["items"], Path(job["var_dir"])
    reuse = job.get("reuse", False)
    if vendor == "postgresql":
        url = pg_url(job["pg"], job["label"])
        if not reuse:
            _pg_recreate(url)
    else:
        url = f"sqlite:///{var_dir / job['label']}.sqlite3"
    _django(url, var_dir)
    from django.core.management import call_command
    from django.db import connection, transaction

    from kokous.search.backends import backend_for
    from kokous.search.models import SearchDocument

    result: dict[str, Any] = {"vendor": vendor, "items": items, "label": job["label"]}
    started = time.perf_counter()
    if reuse:
        # A kept index (`--reuse`): only the migrations it lacks, timed, then the queries.
        call_command("migrate", verbosity=0)
        result["migrate_reuse"] = time.perf_counter() - started
        result["sizes"] = _sizes(vendor, url)
        result["queries"] = query_times(job["queries"], job["query_items"])
        result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        from django.db import connections

        connections.close_all()
        return result
    call_command("migrate", verbosity=0)
    _bodies()
    result["migrate"] = time.perf_counter() - started
    backend = backend_for()
    fields = ("kind", "object_id", "scope", "organisation_id", "body_id", "title", "text",
              "terms", "date", "decision_type", "url")  # fmt: skip
    gin_after = vendor == "postgresql" and job.get("gin") == "after"
    if gin_after:
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX search_document_terms")
    insert = fts = 0.0
    loaded = 0
    for rows in spool_read(Path(job["spool"]), items):
        documents = [SearchDocument(**dict(zip(fields, row, strict=True))) for row in rows]
        with transaction.atomic():
            t0 = time.perf_counter()
            created = SearchDocument.objects.bulk_create(documents, batch_size=500)
            t1 = time.perf_counter()
            backend.documents_indexed([document.pk for document in created])
            t2 = time.perf_counter()
        insert += t1 - t0
        fts += t2 - t1
        loaded += len(rows)
        if loaded % 100_000 == 0:
            print(f"    {job['label']}: {loaded:,} loaded, {insert + fts:.0f} s", flush=True)
    result["insert"] = insert
    result["fts"] = fts
    index = analyze = 0.0
    with connection.cursor() as cursor:
        if gin_after:
            t0 = time.perf_counter()
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute(GIN_INDEX)
            index = time.perf_counter() - t0
        t0 = time.perf_counter()
        cursor.execute("ANALYZE" if vendor == "postgresql" else "ANALYZE search_searchdocument")
        analyze = time.perf_counter() - t0
    result["index"] = index
    result["analyze"] = analyze
    result["build"] = insert + fts + index + analyze
    result["sizes"] = _sizes(vendor, url)
    if job["queries"]:
        result["queries"] = query_times(job["queries"], job["query_items"])
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from django.db import connections

    connections.close_all()
    return result


def _sizes(vendor: str, url: str) -> dict[str, int]:
    from django.db import connection

    if vendor == "sqlite":
        path = Path(url.removeprefix("sqlite:///"))
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'")
            fts = cursor.fetchone()[0] or 0
        return {"database": path.stat().st_size, "index": fts}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), "
            "pg_total_relation_size('search_searchdocument'), "
            "pg_relation_size('search_document_terms')"
        )
        database, table, index = cursor.fetchone()
    return {"database": database, "table": table, "index": index}


def query_times(count: int, query_items: int) -> dict[str, Any]:
    from django.utils import timezone

    from bench.search.corpus import corpus_query
    from kokous.search import backends, selectors
    from kokous.search.backends import backend_for
    from kokous.search.query import query_parse

    backend = backend_for()
    figures: dict[str, Any] = {}
    queries = {
        words: [corpus_query(number=k, words=words, items=query_items) for k in range(count)]
        for words in QUERY_LENGTHS
    }
    for texts in queries.values():  # warm-up: caches, the database's pages
        for text in texts:
            selectors.search(q=text, page_size=20)
    # The titles of the same queries' results would all be analysed already: start cold.
    backends._title_terms.cache_clear()
    for words, texts in queries.items():
        sql: list[float] = []
        page: list[float] = []
        totals: list[int] = []
        for text in texts:
            where = selectors._where(selectors.PUBLIC, selectors.SearchFilter(), timezone.now())
            query = query_parse(text)
            t0 = time.perf_counter()
            total = backend.search(query, where, order="relevance", offset=0, limit=20).total
            t1 = time.perf_counter()
            result = selectors.search(q=text, page_size=20)
            t2 = time.perf_counter()
            assert result.total == total
            sql.append((t1 - t0) * 1000)
            page.append((t2 - t1) * 1000)
            totals.append(total)
        figures[str(words)] = {"sql": sql, "page": page, "totals": totals, "examples": texts[:3]}
    return figures


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    """Runs `build_and_query` in a fresh process (its own Django, its own database)."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(build_and_query, (job,))


# --- Report ------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def megabytes(value: int) -> str:
    return f"{value / 1024 / 1024:,.0f} MB"


def seconds(value: float) -> str:
    return f"{value:,.1f} s"


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}x" if baseline else "-"


def report_build(runs: dict[str, dict[str, Any]], base_label: str, full_label: str) -> None:
    print(f"  {'':<34}{'baseline':>16}{'full':>16}{'ratio':>9}{'per 1,000 items':>17}")
    for vendor in ("sqlite", "postgresql"):
        base = runs.get(f"{vendor}-{base_label}")
        full = runs.get(f"{vendor}-{full_label}")
        if not base or not full:
            continue
        rows = [
            ("insert (bulk_create)", "insert", seconds),
            ("FTS5 (documents_indexed)" if vendor == "sqlite" else "GIN index", "fts"
             if vendor == "sqlite" else "index", seconds),
            ("ANALYZE", "analyze", seconds),
            ("build total", "build", seconds),
        ]  # fmt: skip
        print(f"  {vendor}")
        for label, key, show in rows:
            per = full[key] / full["items"] * 1000
            print(
                f"    {label:<32}{show(base[key]):>16}{show(full[key]):>16}"
                f"{ratio(full[key], base[key]):>9}{per:>15.3f} s"
            )
        for key, value in full["sizes"].items():
            index_label = "FTS5 tables" if vendor == "sqlite" else "GIN index"
            label = {"database": "database size", "table": "table + TOAST + indexes"}.get(
                key, index_label
            )
            base_value = base["sizes"][key]
            print(
                f"    {label:<32}{megabytes(base_value):>16}{megabytes(value):>16}"
                f"{ratio(value, base_value):>9}{value / full['items']:>13,.0f} B/item"
            )


def report_queries(runs: dict[str, dict[str, Any]], base_label: str, full_label: str) -> bool:
    met = True
    print(
        f"  {'':<14}{'words':>5}  {'SQL p50/p95/p99 ms':>22}  {'ratio p95':>9}  "
        f"{'page p50/p95/p99 ms':>22}  {'ratio p95':>9}  {'matches p50/p95/max':>24}  {'none':>5}"
    )
    for vendor in ("sqlite", "postgresql"):
        base = runs.get(f"{vendor}-{base_label}")
        full = runs.get(f"{vendor}-{full_label}")
        if not full or "queries" not in full:
            continue
        for words in QUERY_LENGTHS:
            for label, run in (("baseline", base), ("full", full)):
                if not run or "queries" not in run:
                    continue
                figures = run["queries"][str(words)]
                sql, page, totals = figures["sql"], figures["page"], figures["totals"]
                ps = [percentile(sql, s) for s in (0.5, 0.95, 0.99)]
                pp = [percentile(page, s) for s in (0.5, 0.95, 0.99)]
                if label == "full":
                    b = base["queries"][str(words)] if base else None
                    sql_ratio = ratio(ps[1], percentile(b["sql"], 0.95)) if b else "-"
                    page_ratio = ratio(pp[1], percentile(b["page"], 0.95)) if b else "-"
                    met = met and ps[1] < P95_TARGET_MS
                else:
                    sql_ratio = page_ratio = ""
                zero = sum(1 for t in totals if not t) / len(totals)
                print(
                    f"  {vendor + ' ' + label:<14}{words:>5}  "
                    f"{'/'.join(f'{p:.1f}' for p in ps):>22}  {sql_ratio:>9}  "
                    f"{'/'.join(f'{p:.1f}' for p in pp):>22}  {page_ratio:>9}  "
                    f"{percentile(totals, 0.5):>8,}/{percentile(totals, 0.95):>8,}/"
                    f"{max(totals):>8,}  {zero:>5.0%}"
                )
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=1_000_000, help="items of the full index")
    parser.add_argument("--baseline", type=int, default=10_000, help="items of the baseline")
    parser.add_argument("--queries", type=int, default=200, help="queries of each length")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cold-items", type=int, default=2000, help="items of the cold pass")
    parser.add_argument(
        "--gin-sample", type=int, default=100_000, help="items loaded with the GIN index "
        "present and with it created after, to choose the faster (0: skip)"
    )  # fmt: skip
    parser.add_argument(
        "--pg", default=os.environ.get("KOKOUS_BENCH_PG", DEFAULT_PG),
        help="PostgreSQL database to drop, create and use ('' to skip PostgreSQL)",
    )  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the files and the database")
    parser.add_argument(
        "--reuse", type=Path, metavar="DIR", help="query the indexes a `--keep` run left in DIR "
        "(its temporary directory, and its PostgreSQL databases) after migrating them, instead "
        "of building new ones; its build figures are reported again"
    )  # fmt: skip
    args = parser.parse_args(argv)
    args.baseline = min(args.baseline, args.items)

    started = time.perf_counter()
    if args.reuse:
        return reuse(args, started)
    var_dir = Path(tempfile.mkdtemp(prefix="kokous-bench-search-"))
    try:
        return run(args, var_dir, started)
    finally:
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)
            if args.pg:
                try:
                    for label in ("full", "baseline", "gin-present", "gin-after"):
                        _pg_drop(pg_url(args.pg, label))
                except Exception as error:  # noqa: BLE001 (a report, not a test)
                    print(f"Could not drop the PostgreSQL database: {error}")
        print(f"Removed {var_dir}; the whole run took {time.perf_counter() - started:,.0f} s.")


def _pg_available(url: str) -> str:
    try:
        import psycopg

        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=5) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            buffers = conn.execute("SHOW shared_buffers").fetchone()[0]
            return f"{version}, shared_buffers {buffers}"
    except Exception as error:  # noqa: BLE001
        print(f"PostgreSQL at {url} is not reachable ({error}); only SQLite is measured.")
        return ""


def run(args: argparse.Namespace, var_dir: Path, started: float) -> int:
    import sqlite3

    from bench.search.corpus import corpus_model

    pg_version = _pg_available(args.pg) if args.pg else ""
    print(
        f"Kokous search speed benchmark: {args.items:,} synthetic agenda items against a "
        f"baseline of {args.baseline:,}, {args.queries} queries of each length"
    )
    print(
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL "
        f"{pg_version or '-'}, {os.cpu_count()} CPUs, {args.workers} analysis workers, "
        f"{platform.machine()}. Temporary files in {var_dir}."
    )
    model = corpus_model()
    print(
        f"Corpus model: {len(model.counts):,} word forms of the seeds, {len(model.tails):,} "
        f"nouns of which {len(model.heads.items)} compound heads."
    )
    print()

    cold = analysis_cold(min(args.cold_items, args.items))
    print(
        f"Analysis, one process, text_terms over the first {min(args.cold_items, args.items):,}"
        f" items ({cold['words']:,.0f} words, {cold['forms']:,.0f} distinct forms): cold "
        f"(after analysis_cache_clear) {cold['cold']:,.0f} words/s, warm {cold['warm']:,.0f} "
        "words/s."
    )

    spool = var_dir / "documents.pickle"
    print(f"Building {args.items:,} search documents in {args.workers} processes:", flush=True)
    built = spool_write(args.items, args.workers, spool, var_dir)
    per_process = built["words"] / built["analysis"]
    print(
        f"  {built['words']:,} words ({built['words'] / args.items:,.0f} an item) in "
        f"{built['wall']:,.0f} s: {built['words'] / built['wall']:,.0f} words/s of whole "
        f"documents over {args.workers} processes; text_terms alone {per_process:,.0f} words/s "
        f"a process (its CPU share: {built['analysis'] / built['cpu']:.0%}; generating the "
        f"text {built['generate'] / built['cpu']:.0%}, the rest the Draft, terms literal and "
        f"pickling); spool {megabytes(built['bytes'])}.",
        flush=True,
    )
    print()

    vendors = ["sqlite"] + (["postgresql"] if pg_version else [])
    runs: dict[str, dict[str, Any]] = {}
    common = {"var_dir": str(var_dir), "spool": str(spool), "pg": args.pg}
    gin = "after"
    if pg_version and args.gin_sample:
        sample = min(args.gin_sample, args.items)
        times = {}
        for mode in ("present", "after"):
            label = f"gin-{mode}"
            print(f"PostgreSQL, {sample:,} items with the GIN index {mode}...", flush=True)
            times[mode] = run_job({**common, "vendor": "postgresql", "items": sample,
                                   "label": label, "gin": mode, "queries": 0})  # fmt: skip
        present, after = times["present"], times["after"]
        gin = "present" if present["build"] < after["build"] else "after"
        print(
            f"  GIN index present during the load: insert {seconds(present['insert'])}, total "
            f"{seconds(present['build'])}; dropped and created after: insert "
            f"{seconds(after['insert'])} + CREATE INDEX {seconds(after['index'])} "
            f"(maintenance_work_mem 1GB), total {seconds(after['build'])}. The full build "
            f"uses the faster: the index {gin}."
        )
        print()
    for label, items in (("baseline", args.baseline), ("full", args.items)):
        for vendor in vendors:
            print(f"{vendor}: building and querying {items:,} items...", flush=True)
            runs[f"{vendor}-{label}"] = run_job(
                {**common, "vendor": vendor, "items": items, "label": label, "gin": gin,
                 "queries": args.queries, "query_items": args.baseline}
            )  # fmt: skip
            print(f"  done, {seconds(runs[f'{vendor}-{label}']['build'])}", flush=True)
    print()

    (var_dir / "results.json").write_text(json.dumps(runs, default=str))
    report(args, runs, vendors)
    words_met = per_process >= WORDS_TARGET
    print(
        f"Target: analysis at least {WORDS_TARGET:,} words/s: "
        f"{'met' if words_met else 'NOT met'} (text_terms {per_process:,.0f} words/s a "
        f"process, cold {cold['cold']:,.0f}, whole documents {built['words'] / built['wall']:,.0f}"
        f" over {args.workers} processes)."
    )
    rss = max(run.get("rss_mb", 0) for run in runs.values())
    main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak RSS: this process {main_rss:,.0f} MB, an index process {rss:,.0f} MB.")
    return 0


def report(args: argparse.Namespace, runs: dict[str, dict[str, Any]], vendors: list[str]) -> None:
    items = runs.get("sqlite-full", runs.get("postgresql-full", {})).get("items", args.items)
    baseline = runs.get("sqlite-baseline", runs.get("postgresql-baseline", {})).get("items", 0)
    print(f"Index build, {baseline:,} items (baseline) and {items:,} (full):")
    report_build(runs, "baseline", "full")
    print()
    if not any("queries" in run for run in runs.values()):
        return
    print(
        f"Queries, public audience, relevance order, 20 a page, warm; {args.queries} of each "
        "length. SQL = backend search (count + page); page = selectors.search (SQL, documents, "
        "snippets). matches = total found."
    )
    queries_met = report_queries(runs, "baseline", "full")
    print()
    for vendor in vendors:
        example = runs[f"{vendor}-full"]["queries"]
        print(
            f"  e.g. {vendor}: "
            + "; ".join(f"{example[str(n)]['examples'][0]!r}" for n in (1, 2, 3))
        )
        break
    print(
        f"Target: SQL p95 under {P95_TARGET_MS:.0f} ms at {items:,} items on "
        f"{' and '.join(vendors)}: {'met' if queries_met else 'NOT met'}."
    )


def reuse(args: argparse.Namespace, started: float) -> int:
    """Queries the indexes of a kept run (see `--reuse`)."""
    var_dir = args.reuse.resolve()
    runs: dict[str, dict[str, Any]] = json.loads((var_dir / "results.json").read_text())
    pg_version = _pg_available(args.pg) if args.pg else ""
    vendors = [v for v in ("sqlite", "postgresql") if f"{v}-full" in runs]
    if not pg_version and "postgresql" in vendors:
        vendors.remove("postgresql")
    print(
        f"Kokous search speed benchmark, reusing the indexes kept in {var_dir} "
        f"(PostgreSQL {pg_version or '-'}), {args.queries} queries of each length."
    )
    common = {"var_dir": str(var_dir), "spool": str(var_dir / "documents.pickle"),
              "pg": args.pg, "gin": "after", "queries": args.queries}  # fmt: skip
    for label in ("baseline", "full"):
        for vendor in vendors:
            key = f"{vendor}-{label}"
            kept = runs.get(key)
            if kept is None:
                continue
            job = {**common, "vendor": vendor, "items": kept["items"], "label": label,
                   "query_items": runs[f"{vendor}-baseline"]["items"]}  # fmt: skip
            exists = (
                (var_dir / f"{label}.sqlite3").exists()
                if vendor == "sqlite"
                else _pg_exists(pg_url(args.pg, label))
            )
            print(
                f"{vendor}: {'migrating and querying' if exists else 'building and querying'} "
                f"{kept['items']:,} items...",
                flush=True,
            )
            result = run_job({**job, "reuse": exists})
            if exists:
                print(f"  migrations {seconds(result['migrate_reuse'])}", flush=True)
                kept.update(queries=result["queries"], sizes=result["sizes"],
                            migrate_reuse=result["migrate_reuse"])  # fmt: skip
            else:
                runs[key] = result
    print()
    (var_dir / "results.json").write_text(json.dumps(runs, default=str))
    report(args, runs, vendors)
    print(f"The whole run took {time.perf_counter() - started:,.0f} s; {var_dir} is kept.")
    return 0


def _pg_exists(url: str) -> bool:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return found is not None


if __name__ == "__main__":
    sys.exit(main())

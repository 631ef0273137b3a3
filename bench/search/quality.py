"""How well Finnish search finds what residents type: recall@10 and MRR of our analyser against
PostgreSQL's plain `finnish` configuration and a plain substring match, in the same run.

Run it with `make bench-search-quality`, or `.venv/bin/python bench/search/quality.py` once the
venv exists. `--database-url postgres://…/NAME` (or the environment's DATABASE_URL) adds the
PostgreSQL runs; without a PostgreSQL address those are skipped with a message.

What it does
------------
The query set is `queries.json` next to this file: synthetic agenda items (short Finnish
agenda texts) and queries, each with the documents it must find in the top 10 and a category
(inflection in either direction, compound parts and wholes, consonant gradation, hyphens,
abbreviations with colon endings, several words, names of places and people).

For each backend a child process (Django is set up once per process) builds a fresh database
of its own, migrated: SQLite in a temporary directory, or on PostgreSQL a database named
NAME_search_quality created next to NAME with the same credentials (the server's CREATEDB
right is needed) and dropped at the end; NAME itself is never opened. It loads the demo region
(`demo_load`), adds the synthetic items as real agenda items of a meeting whose invitation
has been sent (so the publication rules make them public), and builds the index with
`search_reindex()`. Every query is then run three ways over the same public documents:

- ours: `kokous.search.selectors.search` (public audience, relevance order, first 10);
- pg-finnish (PostgreSQL only): `to_tsvector('finnish', title || ' ' || text) @@
  plainto_tsquery('finnish', q)` over the public SearchDocument rows, ranked by ts_rank_cd;
- substring: every word of the query occurs, case-insensitively, as a substring of title and
  text; ranked by the number of occurrences, then newest first.

Reading the output
------------------
recall@10 is the fraction of a query's must-find documents among the first 10 results,
averaged over the queries; MRR is the mean of 1/rank of the first must-find document (0 when
none is in the first 10). A per-category table follows, then every query on which ours misses
a document, with what it returned. The last line says whether ours reached the target of
issue 7 (recall@10 ≥ 0.95). It is information, not a test: the exit code is 0 either way
(unless the run itself fails).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
QUERIES = HERE / "queries.json"
TOP = 10
TARGET = 0.95
METHODS = ("ours", "pg-finnish", "substring")
METHOD_NAMES = {
    "ours": "ours (Voikko analyser)",
    "pg-finnish": "PostgreSQL 'finnish'",
    "substring": "substring match",
}
KINDS = ("item", "news", "body", "meeting", "case", "person", "attachment")
SYNTHETIC = "syn"
MEETING_START = (2024, 5, 14, 17)


# --- The query set --------------------------------------------------------------------------


def spec_load(path: Path) -> dict[str, Any]:
    """The query file, checked: unique synthetic keys, known kinds, 1–10 must-find keys."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    keys = [document["key"] for document in spec["documents"]]
    if len(keys) != len(set(keys)):
        raise SystemExit(f"{path}: a synthetic key is used twice")
    for query in spec["queries"]:
        must = query["must_find"]
        if not 1 <= len(must) <= TOP:
            raise SystemExit(f"{path}: {query['q']!r} must find 1 to {TOP} documents")
        for key in must:
            kind = key.split(":", 1)[0]
            if kind == SYNTHETIC and key not in keys or kind not in (SYNTHETIC, *KINDS):
                raise SystemExit(f"{path}: {query['q']!r}: unknown key {key!r}")
    return spec


# --- The child: one backend, one fresh database ---------------------------------------------


def django_setup(var_dir: Path, database_url: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kokous.settings"
    os.environ["KOKOUS_DEBUG"] = "1"
    os.environ["KOKOUS_VAR_DIR"] = str(var_dir)
    os.environ["DATABASE_URL"] = database_url
    # The index is built once with search_reindex(), not object by object through the queue.
    os.environ["KOKOUS_SEARCH_AUTO_INDEX"] = "0"
    for name in ("MEDIA_ROOT", "STATIC_ROOT", "KOKOUS_DOCUMENT_ROOT"):
        os.environ.pop(name, None)
    import django

    django.setup()


def synthetic_load(documents: list[dict[str, str]]) -> dict[str, int]:
    """The synthetic documents as agenda items of one meeting whose invitation has been sent
    (its agenda is public); returns the item id of each key."""
    from django.db import transaction

    from kokous.core.timeutil import helsinki_datetime
    from kokous.invitations.services import invitation_send
    from kokous.meetings.services import agenda_item_add, agenda_item_ready_set, meeting_create
    from kokous.organisations.models import Body, Organisation

    with transaction.atomic():
        organisation = Organisation.objects.create(
            name_fi="Vertailuaineiston alue",
            slug="vertailuaineisto",
            kind=Organisation.Kind.WELLBEING_SERVICES_COUNTY,
            code="BENCH",
        )
        body = Body.objects.create(
            organisation=organisation,
            name_fi="Vertailuaineiston toimielin",
            slug="vertailuaineiston-toimielin",
            kind=Body.Kind.BOARD,
        )
        start = helsinki_datetime(*MEETING_START)
        meeting = meeting_create(
            body=body, start=start, end=start + dt.timedelta(hours=2), with_standard_items=False
        )
        ids = {}
        for document in documents:
            paragraphs = "".join(
                f"<p>{line}</p>" for line in document["text"].split("\n") if line.strip()
            )
            item = agenda_item_add(
                meeting=meeting,
                title=document["title"],
                preparation_text=paragraphs,
                proposal=document.get("proposal", ""),
            )
            agenda_item_ready_set(item=item, ready=True)
            ids[document["key"]] = item.pk
        invitation_send(meeting=meeting)
    return ids


def _public_documents() -> list[dict[str, Any]]:
    from django.db.models import Q
    from django.utils import timezone

    from kokous.search.models import Scope, SearchDocument

    now = timezone.now()
    rows = SearchDocument.objects.filter(scope=Scope.PUBLIC).filter(
        Q(available_at__isnull=True) | Q(available_at__lte=now)
    )
    return [
        {
            "id": f"{row.kind}:{row.object_id}",
            "kind": row.kind,
            "object_id": row.object_id,
            "title": row.title,
            "text": row.text,
            "date": row.date.isoformat() if row.date else "",
        }
        for row in rows.order_by("kind", "object_id")
    ]


def _resolve(key: str, documents: list[dict[str, Any]], synthetic: dict[str, int]) -> list[str]:
    kind, name = key.split(":", 1)
    if kind == SYNTHETIC:
        found = [f"item:{synthetic[key]}"]
    else:
        title, _, date = name.partition("@")
        found = [
            document["id"]
            for document in documents
            if document["kind"] == kind
            and document["title"] == title
            and (not date or document["date"] == date)
        ]
    known = {document["id"] for document in documents}
    if not found or not set(found) <= known:
        raise SystemExit(f"The key {key!r} names no public document of the index.")
    return found


def _ours(q: str) -> list[str]:
    from kokous.search.selectors import PUBLIC, search

    page = search(q=q, audience=PUBLIC, order="relevance", page_size=TOP)
    return [f"{hit.kind}:{hit.object_id}" for hit in page.hits]


def _pg_finnish(q: str) -> list[str]:
    from django.db import connection
    from django.utils import timezone

    from kokous.search.models import Scope, SearchDocument

    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    vector = "to_tsvector('finnish', coalesce(d.title, '') || ' ' || coalesce(d.text, ''))"
    sql = (
        f"SELECT d.kind, d.object_id FROM {table} d, plainto_tsquery('finnish', %s) query "
        f"WHERE d.scope = %s AND (d.available_at IS NULL OR d.available_at <= %s) "
        f"AND {vector} @@ query "
        f"ORDER BY ts_rank_cd({vector}, query) DESC, d.date DESC NULLS LAST, d.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [q, Scope.PUBLIC, timezone.now(), TOP])
        return [f"{kind}:{object_id}" for kind, object_id in cursor.fetchall()]


def _substring(q: str, haystacks: list[tuple[str, str, str]]) -> list[str]:
    """Documents holding every word of `q` as a substring, most occurrences first, then newest.
    `haystacks` are (id, lower-cased title and text, date)."""
    words = [word.strip("\"'*") for word in q.lower().split()]
    words = [word for word in words if word]
    scored = []
    for document_id, text, date in haystacks:
        counts = [text.count(word) for word in words]
        if words and all(counts):
            scored.append((-sum(counts), _date_key(date), document_id))
    scored.sort()
    return [document_id for _, _, document_id in scored[:TOP]]


def _date_key(date: str) -> int:
    return -int(date.replace("-", "")) if date else 0


def _timed(function: Any, *args: Any) -> tuple[list[str], float]:
    started = time.perf_counter()
    result = function(*args)
    return result, (time.perf_counter() - started) * 1000


def child_run(spec: dict[str, Any]) -> dict[str, Any]:
    """Load the data into the migrated database, index it and run every query every way."""
    from django.db import connection

    from kokous.demo.services import demo_load
    from kokous.search.services import search_reindex

    started = time.perf_counter()
    demo_load()
    synthetic = synthetic_load(spec["documents"])
    indexed = search_reindex()
    load_seconds = time.perf_counter() - started
    documents = _public_documents()
    haystacks = [
        (document["id"], f"{document['title']} {document['text']}".lower(), document["date"])
        for document in documents
    ]
    methods = ["ours", "substring"]
    if connection.vendor == "postgresql":
        methods.insert(1, "pg-finnish")
    runners = {
        "ours": _ours,
        "pg-finnish": _pg_finnish,
        "substring": lambda q: _substring(q, haystacks),
    }
    for method in methods:  # one untimed pass: connections, caches, Voikko's dictionary
        runners[method]("kokous")
    queries = []
    for query in spec["queries"]:
        gold = list(
            dict.fromkeys(
                document_id
                for key in query["must_find"]
                for document_id in _resolve(key, documents, synthetic)
            )
        )
        results, millis = {}, {}
        for method in methods:
            results[method], millis[method] = _timed(runners[method], query["q"])
        queries.append({**query, "gold": gold, "results": results, "ms": millis})
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        version = cursor.fetchone()[0]
    return {
        "backend": connection.vendor,
        "version": version,
        "indexed": indexed,
        "public": len(documents),
        "load_seconds": load_seconds,
        "methods": methods,
        "labels": {d["id"]: f"{d['kind']}: {d['title']}" for d in documents},
        "queries": queries,
    }


def child_main(backend: str, database_url: str, queries: Path, out: Path) -> None:
    spec = spec_load(queries)
    var_dir = Path(tempfile.mkdtemp(prefix="kokous-bench-search-"))
    try:
        if backend == "sqlite":
            django_setup(var_dir, f"sqlite:///{var_dir / 'bench.sqlite3'}")
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            result = child_run(spec)
        else:
            django_setup(var_dir, database_url)
            from django.db import connection

            # Django's own test-database machinery: create (dropping a leftover of an
            # interrupted run), migrate, and drop at the end. NAME itself is left alone.
            name = connection.settings_dict["NAME"]
            connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{name}_search_quality"
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                result = child_run(spec)
            finally:
                connection.creation.destroy_test_db(name, verbosity=0)
        out.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


# --- The parent: run the children, print the figures ---------------------------------------


def _metrics(gold: list[str], returned: list[str]) -> tuple[float, float]:
    top = returned[:TOP]
    recall = sum(1 for document_id in gold if document_id in top) / len(gold)
    ranks = [top.index(document_id) + 1 for document_id in gold if document_id in top]
    return recall, (1 / min(ranks) if ranks else 0.0)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _columns(runs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any], str]]:
    """(heading, run, method) of each figure column: ours per backend, pg-finnish, substring
    once (it does not depend on the backend)."""
    columns = []
    for run in runs:
        columns.append((f"ours/{run['backend']}", run, "ours"))
    for run in runs:
        if "pg-finnish" in run["methods"]:
            columns.append(("pg-finnish", run, "pg-finnish"))
    columns.append(("substring", runs[0], "substring"))
    return columns


def report(runs: list[dict[str, Any]], pg_message: str) -> None:
    first = runs[0]
    queries = first["queries"]
    categories = sorted({query["category"] for query in queries})
    print("Search quality: Finnish queries against the demo region and synthetic agenda items")
    print(
        f"{len(queries)} queries in {len(categories)} categories, "
        f"{sum(len(q['gold']) for q in queries)} must-find documents; top {TOP}"
    )
    for run in runs:
        print(
            f"  {run['backend']} {run['version']}: {run['public']} public documents "
            f"({run['indexed']} in the index), loaded and indexed in {run['load_seconds']:.1f} s"
        )
    if pg_message:
        print(f"  {pg_message}")
    print()

    columns = _columns(runs)
    scores: dict[str, list[tuple[str, float, float]]] = {}
    for heading, run, method in columns:
        scores[heading] = [
            (query["category"], *_metrics(query["gold"], query["results"][method]))
            for query in run["queries"]
        ]
    print(f"{'method':<16} {'recall@10':>10} {'MRR':>7} {'all found':>11} {'none':>6} {'ms/q':>7}")
    for heading, run, method in columns:
        rows = scores[heading]
        full = sum(1 for _, recall, _ in rows if recall == 1.0)
        none = sum(1 for _, recall, _ in rows if recall == 0.0)
        millis = _mean([query["ms"][method] for query in run["queries"]])
        print(
            f"{heading:<16} {_mean([r for _, r, _ in rows]):>10.3f} "
            f"{_mean([m for _, _, m in rows]):>7.3f} {full:>5}/{len(rows):<5} {none:>6} "
            f"{millis:>7.1f}"
        )
    print()

    print("recall@10 (MRR) by category")
    header = f"{'category':<28}{'n':>4}" + "".join(f"{h:>20}" for h, _, _ in columns)
    print(header)
    for category in categories:
        line = f"{category:<28}"
        count = 0
        for heading, _, _ in columns:
            rows = [(r, m) for c, r, m in scores[heading] if c == category]
            count = len(rows)
            cell = f"{_mean([r for r, _ in rows]):.3f} ({_mean([m for _, m in rows]):.3f})"
            line += f"{cell:>20}"
        print(line[:28] + f"{count:>4}" + line[28:])
    print()

    for run in runs:
        labels = run["labels"]
        misses = [
            query
            for query in run["queries"]
            if _metrics(query["gold"], query["results"]["ours"])[0] < 1.0
        ]
        print(f"Queries where ours/{run['backend']} misses a document: {len(misses)}")
        for query in misses:
            missing = [d for d in query["gold"] if d not in query["results"]["ours"][:TOP]]
            print(f"  {query['q']!r} [{query['category']}]")
            for document_id in missing:
                print(f"    missing:  {labels[document_id][:90]}")
            returned = query["results"]["ours"][:TOP]
            if not returned:
                print("    returned: nothing")
            for rank, document_id in enumerate(returned, 1):
                print(f"    {rank:>2}.       {labels[document_id][:90]}")
        print()

    for heading, _, method in columns:
        if method == "ours":
            recall = _mean([r for _, r, _ in scores[heading]])
            verdict = "reached" if recall >= TARGET else "NOT reached"
            print(f"Target recall@10 >= {TARGET} for {heading}: {verdict} ({recall:.3f})")


def _postgres_url(url: str) -> bool:
    return urlsplit(url).scheme in ("postgres", "postgresql", "pgsql", "postgis")


def _child(backend: str, database_url: str, queries: Path, work: Path) -> dict[str, Any]:
    out = work / f"{backend}.json"
    command = [sys.executable, str(Path(__file__).resolve()), "--child", backend]
    command += ["--queries", str(queries), "--out", str(out)]
    env = dict(os.environ, DATABASE_URL=database_url)
    print(f"Loading and indexing on {backend}…", file=sys.stderr, flush=True)
    subprocess.run(command, check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="a PostgreSQL address (default: $DATABASE_URL) for the PostgreSQL runs; the "
        "bench uses a database NAME_search_quality of its own next to NAME",
    )
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--json", type=Path, help="also write every result to this file")
    parser.add_argument("--child", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child, args.database_url, args.queries, args.out)
        return

    spec_load(args.queries)  # fail early on a broken query file
    work = Path(tempfile.mkdtemp(prefix="kokous-bench-search-"))
    try:
        runs = [_child("sqlite", "", args.queries, work)]
        pg_message = ""
        if args.database_url and _postgres_url(args.database_url):
            runs.append(_child("postgresql", args.database_url, args.queries, work))
        else:
            pg_message = (
                "PostgreSQL skipped: no PostgreSQL address (give --database-url or set "
                "DATABASE_URL=postgres://user:password@host:5432/NAME), so neither ours on "
                "PostgreSQL nor the 'finnish' configuration was measured."
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(runs, ensure_ascii=False, indent=1), encoding="utf-8")
    report(runs, pg_message)


if __name__ == "__main__":
    main()

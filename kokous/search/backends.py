"""The two search backends behind one interface: PostgreSQL full-text search (a generated
tsvector column over the analysed terms, with a GIN index) and SQLite FTS5 (a virtual table
kept beside the documents). Both read `SearchDocument.terms`, the analysed terms written as a
tsvector literal: `'term':position` with weight `A` on the title's positions."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from kokous.search import analysis
from kokous.search.query import Clause, Query

TABLE = "search_searchdocument"
FTS_TABLE = "search_fts"
# SQLite: (id, scope, available_at, date, kind, body_id) of every document (migration 0004).
SQLITE_VISIBLE_INDEX = "search_document_visible"
# SQLite ranks by bm25 up to this many documents, by title hits above (see _title_ranked).
BM25_DOCUMENTS = 100_000
# PostgreSQL keeps positions up to 16383; later words all count as that position.
MAX_POSITION = 16383
_TERM_RE = re.compile(r"'([^']+)':(\d+)(A?)")


def terms_literal(positions: Iterable[tuple[str, ...]], *, title_positions: int = 0) -> str:
    """The tsvector literal of a text's analysed words (one tuple of terms a word); the first
    `title_positions` words are the title's and are weighted A."""
    parts: list[str] = []
    for index, terms in enumerate(positions, start=1):
        position = min(index, MAX_POSITION)
        weight = "A" if index <= title_positions else ""
        parts.extend(f"'{term}':{position}{weight}" for term in terms)
    return " ".join(parts)


# Relevance ranks the newest MAX_RANKED matches (ranking reads each match's whole vector, so
# ranking every match of a common word in a million documents would take seconds), and counts
# stop at COUNT_LIMIT, as many ("more than 300": a count is exact below it; finding more matches
# of a common word than are ranked would cost more than the page itself).
MAX_RANKED = 300
COUNT_LIMIT = 300


@dataclass(frozen=True)
class Found:
    """What a search found: how many (at most COUNT_LIMIT; `capped` when there are more) and
    the asked page of (document id, score)."""

    total: int
    capped: bool
    rows: list[tuple[int, float]]


@dataclass(frozen=True)
class Where:
    """Conditions on the documents themselves, as SQL on the documents table `d`."""

    sql: str
    params: tuple[Any, ...]


class Backend:
    vendor = ""

    def documents_indexed(self, ids: Sequence[int]) -> None:
        """Bring the backend's own index up to date for these (new or changed) documents."""

    def documents_deleted(self, ids: Sequence[int]) -> None:
        """Drop these documents from the backend's own index (before their rows go)."""

    def search(self, query: Query, where: Where, *, order: str, offset: int, limit: int) -> Found:
        """How many documents match and the page asked for, best (or newest) first. In
        relevance order only the newest MAX_RANKED matches are ranked and paged."""
        raise NotImplementedError

    def matching_sql(self, query: Query, where: Where) -> tuple[str, tuple[Any, ...]]:
        """SQL selecting the `object_id` of every matching document (for a subquery)."""
        raise NotImplementedError


# PostgreSQL's GIN index covers each document's terms and two lexemes naming the week and the
# month of its date ("~w6621": weeks since Monday 1 January 1900; "~m24323": year * 12 +
# month). The newest matches of a common word are found by intersecting its posting list with
# the last weeks' and months' lexemes inside the index (GIN skips through the long list)
# instead of reading every match. Migration 0004 indexes this expression; a query uses the
# index only when its expression is the same.
PG_MATCH = (
    "(d.vector || CASE WHEN d.date IS NULL THEN ''::tsvector ELSE array_to_tsvector(ARRAY["
    "'~w' || ((d.date - DATE '1900-01-01') / 7)::text, "
    "'~m' || (extract(year FROM d.date) * 12 + extract(month FROM d.date))::int::text]) END)"
)
WEEK_EPOCH = dt.date(1900, 1, 1)  # a Monday
# Words estimated to match more documents than this are looked for in the last weeks first.
WINDOW_FROM = 5_000
WINDOW_MAX = 50_000
# The first window is a probe of at most WINDOW_FIRST documents; each next one (older) is
# sized to hold WINDOW_MARGIN times the matches still needed at the share of matches seen.
WINDOW_FIRST = 10_000
WINDOW_MARGIN = 1.5
WINDOW_STEPS = 3
MAX_LEXEMES = 200
# The columns the audience and the filters read (`Where` is SQL on `d`), and the title and
# language that ranking in a large index reads.
_WHERE_COLUMNS = (
    "id, kind, scope, organisation_id, body_id, date, decision_type, available_at, title, language"
)


def _monday(day: dt.date) -> dt.date:
    return WEEK_EPOCH + dt.timedelta(days=(day - WEEK_EPOCH).days // 7 * 7)


def pg_period_lexemes(start: dt.date, last: dt.date) -> list[str]:
    """PG_MATCH's lexemes that together cover the dates from the week of `start` to `last`
    and no day past the week of `last`: weeks, and the months that end by `last`. (Windows
    that end on the Sunday before another's Monday share no document with it.)"""
    monday = _monday(start)
    month = monday if monday.day == 1 else (monday.replace(day=1) + dt.timedelta(days=32))
    month = month.replace(day=1)
    lexemes = []
    day = monday
    while day < month and day <= last:
        lexemes.append(f"~w{(day - WEEK_EPOCH).days // 7}")
        day += dt.timedelta(days=7)
    while month <= last:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        if following - dt.timedelta(days=1) > last:
            break
        lexemes.append(f"~m{month.year * 12 + month.month}")
        month = following
    day = max(_monday(month), monday)
    while month <= last and day <= last:
        lexemes.append(f"~w{(day - WEEK_EPOCH).days // 7}")
        day += dt.timedelta(days=7)
    return list(dict.fromkeys(lexemes))


class PostgresBackend(Backend):
    vendor = "postgresql"

    @staticmethod
    def _alternatives(terms: tuple[str, ...]) -> str:
        return "(" + " | ".join(f"'{term}'" for term in terms) + ")"

    def _clause(self, clause: Clause) -> str:
        if clause.prefix:
            text = f"'{clause.prefix}':*"
        else:
            text = " <-> ".join(self._alternatives(terms) for terms in clause.positions)
            text = f"({text})"
        return f"!{text}" if clause.negated else text

    def tsquery(self, query: Query) -> str:
        return " & ".join(self._clause(clause) for clause in query.clauses)

    def matching_sql(self, query: Query, where: Where) -> tuple[str, tuple[Any, ...]]:
        return (
            f"SELECT d.object_id FROM {TABLE} d WHERE {PG_MATCH} @@ %s::tsquery AND ({where.sql})",
            (self.tsquery(query), *where.params),
        )

    def search(self, query: Query, where: Where, *, order: str, offset: int, limit: int) -> Found:
        tsquery = self.tsquery(query)
        need = MAX_RANKED if order == "relevance" else offset + limit
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            # Matches are found through the GIN index only: any other plan reads each row's
            # vector (out of line) to test it, which the planner thinks cheap and is not. No
            # JIT: a common word's bitmap raises the planner's cost past JIT's threshold, and
            # compiling costs more than it saves here. No parallel workers: a search is short,
            # and _rarest reads the estimates of a plan without them.
            # (The planner's count of the documents comes with it: VACUUM and ANALYZE keep it.)
            cursor.execute(
                "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true),"
                " set_config('max_parallel_workers_per_gather', '0', true),"
                f" reltuples FROM pg_class WHERE oid = '{TABLE}'::regclass"
            )
            documents = max(float(cursor.fetchone()[3]), 0.0)
            total, newest = self._newest(cursor, query, tsquery, where, need, documents)
            if not total:
                return Found(0, False, [])
            ids = [pk for pk, _, _ in newest]
            if order == "date":
                rows = [(pk, 0.0) for pk in ids[offset : offset + limit]]
            elif documents > BM25_DOCUMENTS:
                # As SQLite does in a large index: by the share of the query's words in the
                # title, then newest first (ranking reads each match's whole vector, out of
                # line: 10-15 ms for MAX_RANKED matches in a million documents).
                shares = _title_shares_of(query, newest)
                ranked = sorted(shares, key=lambda row: -row[1])  # stable: newest first
                rows = ranked[offset : offset + limit]
            else:
                # Cover density normalised by the document's length (log); title words weigh
                # ten times the text's.
                cursor.execute(
                    "SELECT d.id, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.vector, %s::tsquery, 1) "
                    f"AS score FROM {TABLE} d WHERE d.id = ANY(%s) "
                    "ORDER BY score DESC, d.date DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s",
                    (tsquery, ids, limit, offset),
                )
                rows = [(row[0], float(row[1])) for row in cursor.fetchall()]
        return Found(min(total, COUNT_LIMIT), total > COUNT_LIMIT, rows)

    def _newest(
        self, cursor: Any, query: Query, tsquery: str, where: Where, need: int, documents: float
    ) -> tuple[int, list[tuple[int, str, str]]]:
        """How many documents match (at most COUNT_LIMIT + 1) and the newest `need` of them
        (by date, then id) as (id, title, language)."""
        # No query matches more documents than its rarest word does: that bound decides.
        # (The planner's estimate of several words multiplies their shares, and words that
        # come together, as names do, match far more often than that says.)
        bound = self._rarest(cursor, query, where)
        if bound > WINDOW_FROM and documents > 0:
            found = self._newest_in_window(cursor, tsquery, where, need, documents / bound)
            if found is not None:
                return found
        return self._matches(cursor, tsquery, where, need)

    def _rarest(self, cursor: Any, query: Query, where: Where) -> float:
        """The planner's estimate of the documents, among those `where` admits, that match the
        query's rarest word (phrase or prefix): one EXPLAIN gives each word's estimate."""
        clauses = query.positive or query.clauses
        part = f"SELECT 1 FROM {TABLE} d WHERE d.vector @@ %s::tsquery AND ({where.sql})"
        params: list[Any] = []
        for clause in clauses:
            params.extend((self._clause(clause), *where.params))
        cursor.execute(f"EXPLAIN (FORMAT JSON) {' UNION ALL '.join(part for _ in clauses)}", params)
        plan = cursor.fetchone()[0]
        plan = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]
        # Several words: an Append of one part each (search plans no parallel workers).
        parts = plan["Plans"] if plan["Node Type"] == "Append" else [plan]
        return float(min(part["Plan Rows"] for part in parts))

    def _newest_in_window(
        self, cursor: Any, tsquery: str, where: Where, need: int, spread: float
    ) -> tuple[int, list[tuple[int, str, str]]] | None:
        """The newest matches of a common query from the last weeks, read in at most
        WINDOW_STEPS windows of weeks, each older than the one before. The first is a probe of
        at most WINDOW_FIRST documents, sized to hold twice the matches needed (and counted)
        if every match of the rarest word matched (`spread`: documents a match of it); each
        next one to hold WINDOW_MARGIN times the matches still needed at the share of
        matches seen so far. None when that would take more than WINDOW_MAX documents in
        all: then every match is read."""
        cursor.execute(f"SELECT max(date) FROM {TABLE} WHERE date IS NOT NULL")
        last = cursor.fetchone()[0]
        if last is None:
            return None
        least = max(need, COUNT_LIMIT + 1)
        probe = int(min(2 * least * spread, WINDOW_FIRST))
        cursor.execute(
            f"SELECT date FROM {TABLE} WHERE date IS NOT NULL ORDER BY date DESC OFFSET %s LIMIT 1",
            (probe,),
        )
        row = cursor.fetchone()
        if row is None:
            return None  # fewer dated documents than the probe: as quick to read every match
        start, end = _monday(row[0]), last
        rate = probe / ((last - row[0]).days + 1)  # documents a day, lately
        total = 0
        newest: list[tuple[int, str, str]] = []
        for _step in range(WINDOW_STEPS):
            lexemes = pg_period_lexemes(start, end)
            if len(lexemes) > MAX_LEXEMES:
                return None
            periods = " | ".join(f"'{lexeme}'" for lexeme in lexemes)
            found, rows = self._matches(
                cursor, f"({tsquery}) & ({periods})", where, max(need - len(newest), 0)
            )
            total += found
            newest += rows
            if len(newest) >= need and total > COUNT_LIMIT:
                return min(total, COUNT_LIMIT + 1), newest
            seen = max(total, len(newest))
            covered = rate * ((last - start).days + 1)
            more = (least - seen) * covered / max(seen, 1)  # documents that hold them
            if covered + more > WINDOW_MAX:
                return None  # even the widest window would hold too few at the share seen
            more = min(more * WINDOW_MARGIN, WINDOW_MAX - covered)
            end = start - dt.timedelta(days=1)  # the Sunday before
            start = _monday(end - dt.timedelta(days=math.ceil(more / rate)))
        return None

    @staticmethod
    def _matches(
        cursor: Any, tsquery: str, where: Where, need: int
    ) -> tuple[int, list[tuple[int, str, str]]]:
        """(matches, at most COUNT_LIMIT + 1; the newest `need` as (id, title, language)). The
        index finds the matches before the audience and filters are applied to their (narrow)
        rows."""
        cursor.execute(
            f"WITH m AS MATERIALIZED (SELECT d.id, d.date, d.title, d.language FROM (SELECT "
            f"{_WHERE_COLUMNS} FROM {TABLE} d WHERE {PG_MATCH} @@ %s::tsquery OFFSET 0) AS d "
            f"WHERE {where.sql}) "
            f"SELECT (SELECT count(*) FROM (SELECT 1 FROM m LIMIT {COUNT_LIMIT + 1}) AS c), "
            "(SELECT json_agg(json_build_array(id, title, language)) FROM (SELECT * FROM m "
            "ORDER BY date DESC NULLS LAST, id DESC LIMIT %s) AS n)",
            (tsquery, *where.params, need),
        )
        total, newest = cursor.fetchone()
        if isinstance(newest, str):
            newest = json.loads(newest)
        return total, [tuple(row) for row in newest or []]


@functools.lru_cache(maxsize=50_000)
def _title_terms(title: str, language: str) -> frozenset[str]:
    """Every term of a title's words. Cached: the newest documents, whose titles are ranked
    most often, are the same for many queries (analysing 300 titles takes 5-6 ms)."""
    return frozenset(term for word in analysis.text_terms(title, language) for term in word)


def _title_shares_of(
    query: Query, titles: Iterable[tuple[int, str, str]]
) -> list[tuple[int, float]]:
    """(id, the share of the query's words and prefixes found in the title) of each of these
    (id, title, language)."""
    clauses = [clause for clause in query.positive if not clause.is_phrase]
    if not clauses:
        return [(pk, 0.0) for pk, _title, _language in titles]
    prefixes = [clause.prefix for clause in clauses if clause.prefix]
    words = [frozenset(clause.positions[0]) for clause in clauses if not clause.prefix]
    shares = []
    for pk, title, language in titles:
        terms = _title_terms(title, language)
        hits = sum(not terms.isdisjoint(word) for word in words)
        hits += sum(any(term.startswith(prefix) for term in terms) for prefix in prefixes)
        shares.append((pk, hits / len(clauses)))
    return shares


def fts_columns(terms: str) -> tuple[str, str, str]:
    """(title terms, text terms, primary term of each word) for the FTS5 table, from the
    tsvector literal."""
    title: list[str] = []
    body: list[str] = []
    primary: dict[int, str] = {}
    for term, position, weight in _TERM_RE.findall(terms):
        (title if weight else body).append(term)
        primary.setdefault(int(position), term)
    return " ".join(title), " ".join(body), " ".join(primary[p] for p in sorted(primary))


class SqliteBackend(Backend):
    vendor = "sqlite"

    def documents_indexed(self, ids: Sequence[int]) -> None:
        if not ids:
            return
        self.documents_deleted(ids)
        with connection.cursor() as cursor:
            for chunk in _chunks(ids, 500):
                marks = ",".join("%s" for _ in chunk)
                cursor.execute(f"SELECT id, terms FROM {TABLE} WHERE id IN ({marks})", chunk)
                rows = [(pk, *fts_columns(terms)) for pk, terms in cursor.fetchall()]
                cursor.executemany(
                    f"INSERT INTO {FTS_TABLE} (rowid, title, body, phrase) VALUES (%s, %s, %s, %s)",
                    rows,
                )

    def documents_deleted(self, ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for chunk in _chunks(ids, 500):
                marks = ",".join("%s" for _ in chunk)
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)

    @staticmethod
    def _alternatives(terms: tuple[str, ...]) -> str:
        return "(" + " OR ".join(f'"{term}"' for term in terms) + ")"

    def _clause(self, clause: Clause) -> str:
        if clause.prefix:
            return '{title body} : "' + clause.prefix + '"*'
        if clause.is_phrase:
            # A phrase is matched on each word's primary term (its first base form), the one
            # the indexed text keeps in order in the `phrase` column.
            return 'phrase : "' + " ".join(terms[0] for terms in clause.positions) + '"'
        return "{title body} : " + self._alternatives(clause.positions[0])

    def match(self, query: Query) -> str:
        text = " AND ".join(f"({self._clause(c)})" for c in query.clauses if not c.negated)
        for clause in query.clauses:
            if clause.negated:
                text += f" NOT ({self._clause(clause)})"
        return text

    def matching_sql(self, query: Query, where: Where) -> tuple[str, tuple[Any, ...]]:
        return (
            f"SELECT d.object_id FROM {FTS_TABLE} JOIN {TABLE} d ON d.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND ({where.sql})",
            (self.match(query), *where.params),
        )

    def search(self, query: Query, where: Where, *, order: str, offset: int, limit: int) -> Found:
        # The documents' audience and dates are read from a narrow covering index: the table's
        # rows hold the whole text, and reading past it for each match costs more than FTS5.
        matches = (
            f"FROM {FTS_TABLE} JOIN {TABLE} d INDEXED BY {SQLITE_VISIBLE_INDEX} "
            f"ON d.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND ({where.sql})"
        )
        params = (self.match(query), *where.params)
        newest = "d.date IS NULL, d.date DESC, d.id DESC"
        # No transaction: on SQLite it would take the write lock (the project's transactions
        # begin IMMEDIATE), and a search reads only.
        with connection.cursor() as cursor:
            if order == "date":
                total = self._count(cursor, matches, params)
                cursor.execute(
                    f"SELECT d.id, 0 {matches} ORDER BY {newest} LIMIT %s OFFSET %s",
                    (*params, limit, offset),
                )
                rows = [(row[0], 0.0) for row in cursor.fetchall()]
                return Found(min(total, COUNT_LIMIT), total > COUNT_LIMIT, rows)
            # The newest indexed matches (FTS5 reads its index in rowid order and stops): with
            # bm25 (lower is better; title words weigh five times the text's) in an index small
            # enough, else ranked by their titles (see _title_shares_of).
            bm25 = self._documents(cursor) <= BM25_DOCUMENTS
            score = f"-bm25({FTS_TABLE}, 5.0, 1.0, 0.0)" if bm25 else "0"
            cursor.execute(
                f"SELECT d.id, d.date, {score} {matches} "
                f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT {MAX_RANKED}",
                params,
            )
            candidates = cursor.fetchall()
            # Fewer than MAX_RANKED are all there are; else count on (up to COUNT_LIMIT + 1).
            total = len(candidates)
            if total == MAX_RANKED:
                total = self._count(cursor, matches, params)
            if not bm25 and candidates:
                shares = self._title_shares(cursor, query, [row[0] for row in candidates])
                candidates = [(pk, date, shares[pk]) for pk, date, _ in candidates]
        ranked = sorted(
            candidates,
            key=lambda row: (-row[2], row[1] is None, _descending(row[1]), -row[0]),
        )
        rows = [(pk, float(value)) for pk, _, value in ranked[offset : offset + limit]]
        return Found(min(total, COUNT_LIMIT), total > COUNT_LIMIT, rows)

    @staticmethod
    def _count(cursor: Any, matches: str, params: tuple[Any, ...]) -> int:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {matches} LIMIT {COUNT_LIMIT + 1}) AS m", params
        )
        return cursor.fetchone()[0]

    @staticmethod
    def _documents(cursor: Any) -> int:
        """An upper bound of the documents indexed (from the ids' range: no count)."""
        cursor.execute(f"SELECT (SELECT max(id) FROM {TABLE}) - (SELECT min(id) FROM {TABLE}) + 1")
        return cursor.fetchone()[0] or 0

    @staticmethod
    def _title_shares(cursor: Any, query: Query, ids: list[int]) -> dict[int, float]:
        """The share of the query's words in the title of each of these documents. (bm25
        would read every match of each word to weigh it, which in a large index takes longer
        than the rest of the search.)"""
        shares: dict[int, float] = {}
        for chunk in _chunks(ids, 500):
            marks = ",".join("%s" for _ in chunk)
            cursor.execute(f"SELECT id, title, language FROM {TABLE} WHERE id IN ({marks})", chunk)
            shares.update(_title_shares_of(query, cursor.fetchall()))
        return shares


def _descending(date: Any) -> Any:
    """A sort key putting later dates (ISO strings or dates) first."""
    if date is None:
        return 0
    ordinal = (
        date.toordinal()
        if hasattr(date, "toordinal")
        else dt.date.fromisoformat(str(date)).toordinal()
    )
    return -ordinal


def _chunks(ids: Sequence[int], size: int) -> Iterable[list[int]]:
    ids = list(ids)
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def backend_for(conn: BaseDatabaseWrapper | None = None) -> Backend:
    vendor = (conn or connection).vendor
    if vendor == "postgresql":
        return PostgresBackend()
    if vendor == "sqlite":
        return SqliteBackend()
    raise RuntimeError(f"Search has no backend for the {vendor} database.")

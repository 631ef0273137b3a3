"""The two search backends behind one interface: PostgreSQL full-text search (a generated
tsvector column over the analysed terms, with a GIN index) and SQLite FTS5 (a virtual table
kept beside the documents). Both read `SearchDocument.terms`, the analysed terms written as a
tsvector literal: `'term':position` with weight `A` on the title's positions."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from kokous.search.query import Clause, Query

TABLE = "search_searchdocument"
FTS_TABLE = "search_fts"
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


# Relevance ranks the newest this many matches (ranking reads each match's whole vector, so
# ranking every match of a common word in a million documents would take seconds); counts stop
# at COUNT_LIMIT ("over 10 000").
MAX_RANKED = 500
COUNT_LIMIT = 10_000


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

    # Statements run before the search's own, in its transaction.
    planner_settings: tuple[str, ...] = ()

    def _found(
        self,
        count_sql: str,
        count_params: tuple[Any, ...],
        page_sql: str,
        page_params: tuple[Any, ...],
    ) -> Found:
        with transaction.atomic(savepoint=False), connection.cursor() as cursor:
            for statement in self.planner_settings:
                cursor.execute(statement)
            cursor.execute(
                f"SELECT count(*) FROM ({count_sql} LIMIT {COUNT_LIMIT + 1}) AS matches",
                count_params,
            )
            total = cursor.fetchone()[0]
            if not total:
                return Found(0, False, [])
            cursor.execute(page_sql, page_params)
            rows = [(row[0], float(row[1])) for row in cursor.fetchall()]
        return Found(min(total, COUNT_LIMIT), total > COUNT_LIMIT, rows)

    def matching_sql(self, query: Query, where: Where) -> tuple[str, tuple[Any, ...]]:
        """SQL selecting the `object_id` of every matching document (for a subquery)."""
        raise NotImplementedError


class PostgresBackend(Backend):
    vendor = "postgresql"
    # Matches are found through the GIN index, never by reading the table in order: a
    # sequential (or another index's) scan reads every row's vector until it has enough, which
    # the planner thinks cheap under a LIMIT and is slow (each vector is out of line).
    planner_settings = ("SET LOCAL enable_seqscan = off",)

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
            f"SELECT d.object_id FROM {TABLE} d WHERE d.vector @@ %s::tsquery AND ({where.sql})",
            (self.tsquery(query), *where.params),
        )

    def search(self, query: Query, where: Where, *, order: str, offset: int, limit: int) -> Found:
        tsquery = self.tsquery(query)
        matches = f"FROM {TABLE} d WHERE d.vector @@ %s::tsquery AND ({where.sql})"
        params = (tsquery, *where.params)
        newest = "d.date DESC NULLS LAST, d.id DESC"
        if order == "date":
            page_sql = f"SELECT d.id, 0 {matches} ORDER BY {newest} LIMIT %s OFFSET %s"
            page_params: tuple[Any, ...] = (*params, limit, offset)
        else:
            # The newest matches (the GIN index finds them without reading their vectors),
            # ranked by cover density normalised by the document's length (log); title words
            # weigh ten times the text's.
            page_sql = (
                f"WITH candidates AS MATERIALIZED (SELECT d.id {matches} "
                f"ORDER BY {newest} LIMIT {MAX_RANKED}) "
                "SELECT d.id, "
                "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.vector, %s::tsquery, 1) AS score "
                f"FROM candidates JOIN {TABLE} d ON d.id = candidates.id "
                f"ORDER BY score DESC, {newest} LIMIT %s OFFSET %s"
            )
            page_params = (*params, tsquery, limit, offset)
        return self._found(f"SELECT 1 {matches}", params, page_sql, page_params)


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
            return f'{{title body}} : "{clause.prefix}"*'
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
        matches = (
            f"FROM {FTS_TABLE} JOIN {TABLE} d ON d.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND ({where.sql})"
        )
        params = (self.match(query), *where.params)
        newest = "d.date IS NULL, d.date DESC, d.id DESC"
        if order == "date":
            page_sql = f"SELECT d.id, 0 {matches} ORDER BY {newest} LIMIT %s OFFSET %s"
        else:
            # The newest indexed matches (FTS5 reads its index in rowid order and stops), with
            # bm25 (lower is better; title words weigh five times the text's), then ranked.
            page_sql = (
                f"SELECT id, score FROM (SELECT d.id AS id, d.date AS date, "
                f"-bm25({FTS_TABLE}, 5.0, 1.0, 0.0) AS score {matches} "
                f"ORDER BY {FTS_TABLE}.rowid DESC LIMIT {MAX_RANKED}) AS d "
                f"ORDER BY score DESC, {newest} LIMIT %s OFFSET %s"
            )
        return self._found(f"SELECT 1 {matches}", params, page_sql, (*params, limit, offset))


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

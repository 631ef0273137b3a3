"""The main lists of the public site and the open API are served by indexes, on PostgreSQL.

Each test asks a list as a visitor would, takes the SQL of its main query (the one that pages
through the big table, with its ORDER BY and LIMIT) and has PostgreSQL explain it with
sequential scans and explicit sorts switched off (`SET LOCAL` in a savepoint of the test's
transaction): the planner then takes an index wherever one can serve, so the plan shows whether
one exists, and the tables' statistics (a few rows, never analysed) do not matter. The plan must

- read the big tables (`BIG_TABLES`: they grow with every meeting) through indexes only, and
  never through the whole of an index other than the one that gives the list its order (a
  full index scan with a filter is a sequential scan in disguise);
- take the list's order from an index: no full Sort over a big table. An Incremental Sort is
  fine: it orders rows that come in index order by a further key within each group, such as
  the meetings starting at one moment by body name, or one meeting's items by position;
- use the index that serves the list (`index`).

Only search ranks by relevance, a score computed for each query that no index can hold: the
full-text (GIN) index finds the matches, and the sort is of those alone (`sort_over`).

Small reference tables (organisations, bodies, people, categories) are read whole where a page
lists them all (the filter forms' choices); they are not checked.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client, override_settings

from kokous.documents.tests.conftest import documents_stored_in, shared_database
from kokous.publishing.tests.volume import Data, answer, public_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="EXPLAIN plans are checked on PostgreSQL, the production database (CI runs the "
        "suite on both databases)",
    ),
]

# The tables that grow with the years of meetings: never read through a sequential scan.
BIG_TABLES = {
    "meetings_meeting",
    "meetings_agendaitem",
    "meetings_attachment",
    "cases_case",
    "proceedings_vote",
    "proceedings_ballot",
    "search_searchdocument",
    "news_news",
}
SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}


@pytest.fixture(scope="module")
def data(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Data]:
    media = tmp_path_factory.mktemp("media")
    with (
        shared_database(django_db_blocker),
        override_settings(MEDIA_ROOT=media),
        documents_stored_in(media / "documents"),
    ):
        yield public_data(scale=1)


@dataclass
class Plan:
    sql: str
    root: dict[str, Any]
    text: str

    def nodes(self, node: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        node = node or self.root
        yield node
        for child in node.get("Plans", []):
            yield from self.nodes(child)

    def relations(self, node: dict[str, Any]) -> set[str]:
        return {n["Relation Name"] for n in self.nodes(node) if n.get("Node Type") in SCANS}

    def indexes(self) -> set[str]:
        return {n["Index Name"] for n in self.nodes() if "Index Name" in n}


def explain(sql: str) -> Plan:
    """The plan of `sql` with sequential scans and explicit sorts off, in a savepoint rolled
    back afterwards (which undoes the SET LOCALs too)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (found,) = cursor.fetchone()
        cursor.execute("EXPLAIN " + sql)
        text = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    found = json.loads(found) if isinstance(found, str) else found
    return Plan(sql, found[0]["Plan"], text)


def main_query(
    statements: list[str], table: str, *, limit: bool = True, start: str = "SELECT"
) -> str:
    """The list's main query: the first that reads `table` itself (not only in a subquery), in
    order, a page at a time (`limit`)."""
    for sql in statements:
        # Without the subqueries of its select list and filters; a query WITH a common table
        # expression reads the table in it.
        outer = sql if start == "WITH" else re.sub(r"\(SELECT .*?\)", "", sql)
        if (
            sql.startswith(start)
            and re.search(rf'\bFROM "?{table}"?\b', outer)
            and " ORDER BY " in sql
            and (" LIMIT " in sql or not limit)
        ):
            return sql
    raise AssertionError(f"No ordered query of {table}:\n" + "\n".join(statements))


def check(
    plan: Plan,
    *,
    ordered: str,
    index: str | set[str],
    sort_over: frozenset[str] = frozenset(),
) -> None:
    """No big table read sequentially; no full Sort over a big table (except those in
    `sort_over`); the table that gives the list its order (`ordered`) read through one of the
    `index`, or through another index with a condition: a whole index read with only a filter
    is a sequential scan in disguise. (How the planner joins the other tables, through which
    of their indexes, follows the statistics of a few rows here; that they are reached through
    indexes is what holds at any size.)"""
    expected = {index} if isinstance(index, str) else index
    failures = []
    for node in plan.nodes():
        kind, table = node.get("Node Type"), node.get("Relation Name")
        if kind == "Seq Scan" and table in BIG_TABLES:
            failures.append(f"a sequential scan of {table}")
        if (
            kind in {"Index Scan", "Index Only Scan"}
            and table == ordered
            and "Index Cond" not in node
            and node["Index Name"] not in expected
        ):
            failures.append(f"a full scan of {table} through {node['Index Name']}")
        if kind == "Sort":
            sorted_big = (plan.relations(node) & BIG_TABLES) - sort_over
            if sorted_big:
                failures.append(f"a Sort over {', '.join(sorted(sorted_big))}")
    if not expected & plan.indexes():
        failures.append(f"none of the indexes {', '.join(sorted(expected))} used")
    assert not failures, f"{'; '.join(failures)}.\n\n{plan.sql}\n\n{plan.text}"


def _plan(url: str, table: str, **options: Any) -> Plan:
    found = answer(Client(), url, HTTP_ACCEPT="application/json")
    assert found.status == 200, url
    return explain(main_query(found.sql, table, **options))


# The indexes that serve the lists (`Meta.indexes` and the keys).
MEETING_START = "meeting_start"  # meetings by start time, across bodies
MEETING_BODY_START = "meetings_me_body_id_82574d_idx"  # a body's meetings by start time
PUBLISHED_NEWEST = "meeting_status_start"  # published minutes, newest first
# Decisions come newest first from published minutes' meetings: by status and start, or, as the
# planner may judge better when nearly all are published, by start with the others filtered
# out; by a body's meetings when one is asked for.
DECISIONS_ORDER = {PUBLISHED_NEWEST, MEETING_START}


# --- The public site ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, index",
    [
        ("", MEETING_START),  # the upcoming meetings
        ("?month=2022-01", MEETING_START),
        ("?month=2022-01&body=aluehallitus", {MEETING_START, MEETING_BODY_START}),
    ],
)
def test_meeting_calendar(data, query: str, index: str | set[str]):
    """By start time from the index; within the same start, by body name (an Incremental
    Sort of the meetings starting at one moment)."""
    limit = "month" not in query  # a month is shown whole
    plan = _plan(f"/meetings/{query}", "meetings_meeting", limit=limit)
    check(plan, ordered="meetings_meeting", index=index)


DECISION_FILTERS = [
    "",
    "?body=aluehallitus",
    "?organisation=volyymi",
    "?from=2022-01-01&to=2022-01-31",
    "?type=adopted_after_vote",
    "?q=uimahalli",
    "?page=2",
]


@pytest.mark.parametrize("query", DECISION_FILTERS)
def test_decision_list(data, query: str):
    """Published minutes newest first from the index, each meeting's items by the index of
    their order (an Incremental Sort by position within a meeting)."""
    check(
        _plan(f"/decisions/{query}", "meetings_agendaitem"),
        ordered="meetings_meeting",
        index={*DECISIONS_ORDER, MEETING_BODY_START} if "body" in query else DECISIONS_ORDER,
    )


def test_news_archive(data):
    """Public news newest first (the archive; the feeds and the home page ask the same)."""
    check(_plan("/news/", "news_news"), ordered="news_news", index="news_status_publish_at")


# --- The open API ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, table, index",
    [
        ("/api/v1/meetings/", "meetings_meeting", "meetings_meeting_pkey"),
        ("/api/v1/meetings/?status=published", "meetings_meeting", "meetings_meeting_pkey"),
        ("/api/v1/agenda-items/", "meetings_agendaitem", "meetings_agendaitem_pkey"),
        ("/api/v1/cases/", "cases_case", "cases_case_pkey"),
        ("/api/v1/attachments/", "meetings_attachment", "meetings_attachment_pkey"),
        ("/api/v1/votes/", "proceedings_vote", "proceedings_vote_pkey"),
        ("/api/paatos/v1/event/", "meetings_meeting", "meetings_meeting_pkey"),
        ("/api/paatos/v1/action/", "meetings_agendaitem", "meetings_agendaitem_pkey"),
        ("/api/paatos/v1/case/", "cases_case", "cases_case_pkey"),
    ],
)
def test_api_list(data, url: str, table: str, index: str):
    """The API lists page in the order of the primary key (stable while rows are added), so
    the key's index gives the order; the publication rule's filters reach the meetings
    through their indexes."""
    check(_plan(url, table), ordered=table, index=index)


@pytest.mark.parametrize(
    "query", [*DECISION_FILTERS[:-1], "?page=2&page_size=2", "?modified_since=2020-01-01"]
)
def test_api_decision_list(data, query: str):
    check(
        _plan(f"/api/v1/decisions/{query}", "meetings_agendaitem"),
        ordered="meetings_meeting",
        index={*DECISIONS_ORDER, MEETING_BODY_START} if "body" in query else DECISIONS_ORDER,
    )


@pytest.mark.parametrize("query", ["q=uimahalli", "q=uimahalli&order=date&type=item"])
def test_api_search(data, query: str):
    """Matches come from the full-text (GIN) index; only they are sorted, by date (the
    newest are what a page needs) and then by relevance: a rank computed for the query,
    which no index can hold."""
    found = answer(Client(), f"/api/v1/search/?{query}", HTTP_ACCEPT="application/json")
    assert found.status == 200
    matches = explain(main_query(found.sql, "search_searchdocument", start="WITH"))
    check(matches, ordered="search_searchdocument", index="search_document_terms")
    ranked = [sql for sql in found.sql if "ts_rank_cd" in sql]
    for sql in ranked:  # the page's matches by their ids, ranked
        check(
            explain(sql),
            ordered="search_searchdocument",
            index="search_searchdocument_pkey",
            sort_over=frozenset({"search_searchdocument"}),
        )

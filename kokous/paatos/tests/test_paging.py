"""Paging (limit/offset, and page/page_size as the spec's global parameters), the event filter
by organization, and query counts that do not grow with the page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kokous.organisations.models import Organisation
from kokous.paatos import selectors
from kokous.paatos.tests.conftest import KINDS, Region, crawl, get_json

API = "/api/paatos/v1/"

# The region is built once a module (`region_shared`); each test runs in a savepoint of it.
pytestmark = pytest.mark.django_db


def test_limit_and_offset_with_meta_and_links(client: Client, region: Region):
    total = get_json(client, f"{API}action/")["count"]
    assert total > 10
    page = get_json(client, f"{API}action/?limit=5&offset=5")
    assert len(page["results"]) == 5
    assert page["meta"] == {
        "limit": 5,
        "offset": 5,
        "total_count": total,
        "next": "http://testserver/api/paatos/v1/action/?limit=5&offset=10",
        "previous": "http://testserver/api/paatos/v1/action/?limit=5&offset=0",
    }
    first = get_json(client, f"{API}action/?limit=5")
    assert first["previous"] is None and first["meta"]["offset"] == 0
    last = get_json(client, f"{API}action/?limit=5&offset={total - 2}")
    assert len(last["results"]) == 2 and last["next"] is None


def test_page_and_page_size_read_as_limit_and_offset(client: Client, region: Region):
    by_page = get_json(client, f"{API}post/?page=2&page_size=2")
    by_offset = get_json(client, f"{API}post/?limit=2&offset=2")
    assert by_page == by_offset and len(by_page["results"]) == 2
    people = get_json(client, f"{API}person/?page=3&page_size=4")
    assert people["meta"]["offset"] == 8 and len(people["objects"]) == 4


def test_pages_neither_skip_nor_repeat(client: Client, region: Region):
    for kind in KINDS:
        small, pages = crawl(client, kind, limit=3)
        whole, _pages = crawl(client, kind, limit=100)
        assert [o["url"] for o in small] == [o["url"] for o in whole], kind
        assert len({o["url"] for o in whole}) == len(whole) == pages[0]["meta"]["total_count"]


def test_limits_are_bounded_and_bad_numbers_refused(client: Client, region: Region):
    assert get_json(client, f"{API}membership/?limit=100000")["meta"]["limit"] == 100
    assert get_json(client, f"{API}membership/")["meta"]["limit"] == 20
    assert get_json(client, f"{API}membership/?limit=0&offset=-4")["meta"]["offset"] == 0
    for query in ["limit=kaikki", "offset=1.5", "page=x", "organization=x"]:
        data = get_json(client, f"{API}event/?{query}", status=400)
        assert data["detail"]


def test_events_filtered_by_organization(client: Client, region: Region):
    body_id = selectors.organization_id_of_body(region.body.pk)
    events = get_json(client, f"{API}event/?organization={body_id}&limit=2")
    assert events["count"] == 3
    assert f"organization={body_id}" in events["next"]
    assert {e["organization"] for e in events["results"]} == {
        f"http://testserver{API}organization/{body_id}/"
    }
    organisation_id = selectors.organization_id_of_organisation(region.organisation.pk)
    assert get_json(client, f"{API}event/?organization={organisation_id}")["count"] == 3
    assert get_json(client, f"{API}event/?organization=999999")["count"] == 0


# The queries of a list page: count, page, and a fixed number of batch loads per kind.
MAX_QUERIES = {
    "case": 5,
    "action": 4,
    "person": 4,
    "organization": 6,
    "membership": 3,
    "post": 5,
    "event": 4,
    "function": 4,
}


def test_query_counts_do_not_grow_with_the_page(
    client: Client, region: Region, django_assert_max_num_queries
):
    for kind in KINDS:
        _query_counts_bounded(client, kind, django_assert_max_num_queries)


def _query_counts_bounded(client: Client, kind: str, django_assert_max_num_queries) -> None:
    # One row, and then a hundred; of organizations an organisation and a body (the
    # organisations come first, and only bodies need the batch loads of meetings and posts).
    few = (
        f"limit=2&offset={Organisation.objects.count() - 1}"
        if kind == "organization"
        else "limit=1"
    )
    counts = []
    for query in (few, "limit=100"):
        with CaptureQueriesContext(connection) as queries:
            get_json(client, f"{API}{kind}/?{query}")
        counts.append(len(queries))
    assert counts[0] == counts[1], (kind, counts)
    with django_assert_max_num_queries(MAX_QUERIES[kind]):
        get_json(client, f"{API}{kind}/?limit=100")

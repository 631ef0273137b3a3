"""What every endpoint shares: pagination, ETag and conditional GET, caching, CORS, the rate
limit, one error shape, and a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kokous.api.tests.conftest import LISTS, World, get_json, world_build
from kokous.core.timeutil import local_date
from kokous.organisations.models import Organisation
from kokous.search.services import search_reindex

pytestmark = pytest.mark.django_db


def test_root_lists_every_endpoint(client: Client, db):
    root = get_json(client, "/api/v1/")
    for name in [*LISTS, "search"]:
        key = name.replace("-", "_")
        assert root[key] == f"http://testserver/api/v1/{name}/"
    assert root["docs"] == "http://testserver/api/v1/docs/"
    assert root["schema"] == "http://testserver/api/v1/schema/"


def test_pages_link_to_the_next(client: Client, world: World):
    first = get_json(client, "/api/v1/meetings/?page_size=2")
    assert first["count"] == 3 and len(first["results"]) == 2 and first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/meetings/?page=2&page_size=2"
    second = get_json(client, first["next"])
    assert len(second["results"]) == 1 and second["next"] is None
    assert second["previous"].startswith("http://testserver/api/v1/meetings/")
    seen = [m["id"] for m in first["results"] + second["results"]]
    assert len(set(seen)) == 3


def test_page_size_is_capped(client: Client, db):
    Organisation.objects.bulk_create(
        Organisation(name_fi=f"Kunta {n}", slug=f"kunta-{n}", kind="municipality", code=f"K{n}")
        for n in range(205)
    )
    page = get_json(client, "/api/v1/organisations/?page_size=1000")
    assert page["count"] == 205 and len(page["results"]) == 200
    assert len(get_json(client, "/api/v1/organisations/")["results"]) == 50


def test_etag_and_conditional_get(client: Client, world: World):
    url = f"/api/v1/meetings/{world.published.pk}/"
    response = client.get(url, HTTP_ACCEPT="application/json")
    etag = response["ETag"]
    assert etag and response["Cache-Control"] == "public, max-age=60"
    assert "Accept" in response["Vary"]
    again = client.get(url, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    # A changed object has another tag, and a stale tag gets the whole answer.
    world.published.place = "Kaupungintalo"
    world.published.save()
    changed = client.get(url, HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["place"] == "Kaupungintalo"
    # Lists too.
    listing = client.get("/api/v1/agenda-items/", HTTP_ACCEPT="application/json")
    repeat = client.get(
        "/api/v1/agenda-items/", HTTP_ACCEPT="application/json", HTTP_IF_NONE_MATCH=listing["ETag"]
    )
    assert repeat.status_code == 304


def test_cors_allows_reads_from_anywhere(client: Client, world: World):
    response = client.get(
        "/api/v1/decisions/", HTTP_ORIGIN="https://example.org", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/meetings/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_rate_limit_per_client(client: Client, settings, db):
    settings.KOKOUS_API_RATE = "3/minute"
    for _ in range(3):
        assert client.get("/api/v1/organisations/").status_code == 200
    response = client.get("/api/v1/organisations/", HTTP_ACCEPT="application/json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    error = response.json()["error"]
    assert error["status"] == 429 and error["code"] == "throttled" and error["detail"]
    # Another client (address) has its own allowance.
    other = client.get("/api/v1/organisations/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_errors_have_one_shape(client: Client, world: World):
    for url, status, code in [
        ("/api/v1/meetings/999999/", 404, "not_found"),
        ("/api/v1/agenda-items/999999/", 404, "not_found"),
        ("/api/v1/meetings/?page=99", 404, "not_found"),
        ("/api/v1/meetings/?modified_since=x", 400, "invalid"),
        ("/api/v1/decisions/?to=tomorrow", 400, "invalid"),
    ]:
        error = get_json(client, url, status=status)["error"]
        assert (error["status"], error["code"]) == (status, code), url
        assert error["detail"]
    response = client.post("/api/v1/meetings/", {}, HTTP_ACCEPT="application/json")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_search_shape(client: Client, world: World):
    assert get_json(client, "/api/v1/search/")["count"] == 0
    search_reindex()
    found = get_json(client, "/api/v1/search/?q=palvelustrategia&type=item")
    assert found["results"] == [
        {
            "type": "item",
            "title": "Palvelustrategia",
            "url": f"http://testserver/items/{world.decided.pk}/",
            "snippet": f"{world.decided.case.record_number}\n\nStrategia on liitteenä.\n\n"
            "Hyväksytään <mark>palvelustrategia</mark>.\n\n"
            "Hyväksyttiin äänin 1–1 puheenjohtajan äänellä.",
            "date": str(local_date(world.published.start)),
            "body": f"http://testserver/api/v1/bodies/{world.body.pk}/",
            "decision_type": "adopted_after_vote",
            "score": found["results"][0]["score"],
        }
    ]
    assert found["results"][0]["score"] > 0


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", [*LISTS, "search"])
def test_list_queries_do_not_grow_with_the_data(
    client: Client, world: World, name: str, django_assert_max_num_queries
):
    url = f"/api/v1/{name}/" + ("?q=palvelustrategia" if name == "search" else "")
    if name == "search":
        search_reindex()
    before = _queries(client, url)
    world_build("-2")
    world_build("-3")
    if name == "search":
        search_reindex()
    with django_assert_max_num_queries(12):
        client.get(url)
    assert _queries(client, url) == before
    assert get_json(client, url)["count"] >= 2

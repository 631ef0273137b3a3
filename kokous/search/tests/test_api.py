"""The search endpoint of the open API, `GET /api/v1/search/`: the issue's Finnish cases in the
demo region best first, the page's filters and ordering, pages, the error shape, the schema,
and the public audience only."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from kokous.documents.tests.conftest import seed_003_shared
from kokous.meetings.models import Meeting
from kokous.organisations.models import Body
from kokous.organisations.tests.factories import BodyFactory
from kokous.search.models import Kind
from kokous.search.services import search_index_update, search_reindex
from kokous.search.tests.conftest import queries_of
from kokous.search.tests.test_views import SECRET_QUERIES, SEED_003_BODY, secret_build

pytestmark = pytest.mark.django_db

FIELDS = {"type", "title", "url", "snippet", "date", "body", "decision_type", "score"}


@pytest.fixture(scope="module")
def demo_index(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo region, indexed, shared by the module's tests (rolled back at its end)."""
    with seed_003_shared(django_db_blocker, tmp_path_factory) as meeting:
        search_reindex()
        yield meeting


@pytest.fixture(autouse=True)
def throttle_reset():
    """The rate limit counts in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def openapi(client: Client) -> OpenAPI:
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return OpenAPI.from_dict(response.json())


def api(client: Client, status: int = 200, openapi: OpenAPI | None = None, **params: Any) -> Any:
    """The endpoint's answer to `params`, checked against the schema when it is given."""
    url = f"/api/v1/search/?{urlencode(params, doseq=True)}"
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    if openapi is not None:
        openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
    return response.json()


def titles(page: dict) -> list[str]:
    return [result["title"] for result in page["results"]]


def test_issue_cases_best_first(client: Client, demo_index: Meeting, openapi: OpenAPI):
    page = api(client, openapi=openapi, q="hyvinvointialue")
    assert page["count"] == len(page["results"]) > 0
    for result in page["results"]:
        assert set(result) == FIELDS
        assert result["url"].startswith("http://testserver/")
    scores = [result["score"] for result in page["results"]]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    snippets = " ".join(result["snippet"] for result in page["results"]).lower()
    assert "<mark>hyvinvointialueen</mark>" in snippets

    council = api(client, q="valtuusto")
    assert "Aluevaltuuston puheenjohtajiston vaali" in titles(council)
    assert "<mark>aluevaltuuston</mark>" in " ".join(r["snippet"] for r in council["results"])

    checkers = api(client, openapi=openapi, q="tarkastaja")
    assert titles(checkers) == ["Pöytäkirjantarkastajien valinta"] * 2
    elected = next(r for r in checkers["results"] if r["decision_type"] == "election")
    assert "<mark>pöytäkirjantarkastajiksi</mark>" in elected["snippet"]
    body = Body.objects.get(slug=SEED_003_BODY)
    assert elected["body"] == f"http://testserver/api/v1/bodies/{body.pk}/"
    assert elected["type"] == "item" and elected["date"] == "2022-01-27"
    assert elected["url"].startswith("http://testserver/items/")
    # The body's page in the API is there.
    assert client.get(elected["body"], HTTP_ACCEPT="application/json").status_code == 200


def test_phrase_prefix_and_negation(client: Client, demo_index: Meeting):
    phrase = api(client, q='"hyvinvointialueen valmistelu"', type="item")
    loose = api(client, q="hyvinvointialueen valmistelu", type="item")
    assert 0 < phrase["count"] < loose["count"]
    prefix = api(client, q="pöytäkirjantark*")
    assert "Pöytäkirjantarkastajien valinta" in titles(prefix)
    assert api(client, q="tarkastaja -pöytäkirjantarkastaja")["count"] == 0


def test_filters_and_order(client: Client, demo_index: Meeting, openapi: OpenAPI):
    assert api(client, q="tarkastaja", body=SEED_003_BODY)["count"] == 1
    assert api(client, q="tarkastaja", decision_type="election")["count"] == 1
    assert api(client, q="tarkastaja", **{"from": "2022-02-01"})["count"] == 1
    assert api(client, q="tarkastaja", to="2022-02-01")["count"] == 1
    assert api(client, q="tarkastaja", to="2021-12-31")["count"] == 0

    news = api(client, q="hyvinvointialue", type="news")
    assert news["count"] and {r["type"] for r in news["results"]} == {"news"}
    comma = api(client, openapi=openapi, q="hyvinvointialue", type="news,case")
    repeated = api(client, q="hyvinvointialue", type=["news", "case"])
    assert comma == repeated
    assert {r["type"] for r in comma["results"]} == {"news", "case"}
    for result in comma["results"]:
        if result["type"] == "case":
            assert result["url"].startswith("http://testserver/cases/")

    newest = api(client, openapi=openapi, q="valtuusto", order="date")
    dates = [r["date"] for r in newest["results"] if r["date"]]
    assert len(dates) > 2 and dates == sorted(dates, reverse=True)
    assert {r["score"] for r in newest["results"]} == {0}


def test_pages(client: Client, demo_index: Meeting, openapi: OpenAPI):
    everything = api(client, q="valmist*", page_size=100)
    total = everything["count"]
    assert total > 10 and len(everything["results"]) == total
    assert everything["next"] is None and everything["previous"] is None

    first = api(client, openapi=openapi, q="valmist*", page_size=5)
    assert first["count"] == total and len(first["results"]) == 5 and first["previous"] is None
    assert parse_qs(urlsplit(first["next"]).query) == {
        "q": ["valmist*"],
        "page_size": ["5"],
        "page": ["2"],
    }
    second = client.get(first["next"], HTTP_ACCEPT="application/json").json()
    assert parse_qs(urlsplit(second["previous"]).query) == {"q": ["valmist*"], "page_size": ["5"]}
    third = client.get(second["next"], HTTP_ACCEPT="application/json").json()
    assert parse_qs(urlsplit(third["previous"]).query)["page"] == ["2"]
    seen = [r["url"] for r in first["results"] + second["results"] + third["results"]]
    assert seen == [r["url"] for r in everything["results"][:15]]

    # At most 100 a page; the default is 20.
    assert len(api(client, q="valmist*", page_size=1000)["results"]) == min(total, 100)
    assert len(api(client, q="valmist*")["results"]) == min(total, 20)
    assert len(api(client, q="valmist*", page_size="many")["results"]) == min(total, 20)
    # Past the last page, or no page number: the API's 404.
    for page in ("99", "abc", "0"):
        error = api(client, status=404, openapi=openapi, q="valmist*", page=page)["error"]
        assert error["code"] == "not_found" and error["status"] == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "valtuusto", "from": "2022-13-01"}, "from"),
        ({"q": "valtuusto", "to": "eilen"}, "to"),
        ({"q": "valtuusto", "from": "2022-03-01", "to": "2022-01-01"}, "to"),
        ({"q": "valtuusto", "body": "ei-ole"}, "body"),
        ({"q": "valtuusto", "type": "kokous"}, "type"),
        ({"q": "valtuusto", "type": "item,kokous"}, "type"),
        ({"q": "valtuusto", "decision_type": "voted"}, "decision_type"),
        ({"q": "valtuusto", "order": "random"}, "order"),
        ({"q": "x" * 501}, "q"),
        ({"q": "valtuusto\x00"}, "q"),
        ({"q": "valtuusto", "body": "\x00"}, "body"),
    ],
)
def test_bad_input_is_a_400_in_the_error_shape(
    client: Client, db, openapi: OpenAPI, params: dict, field: str
):
    error = api(client, status=400, openapi=openapi, **params)["error"]
    assert error["status"] == 400 and error["code"] == "invalid"
    assert list(error["detail"]) == [field] and error["detail"][field][0]


def test_empty_query_finds_nothing(client: Client, db, openapi: OpenAPI):
    assert api(client, openapi=openapi) == {
        "count": 0,
        "count_capped": False,
        "next": None,
        "previous": None,
        "results": [],
    }
    assert api(client, q='" * -')["count"] == 0


def test_public_audience_only(client: Client, db):
    secret = secret_build()
    for q in SECRET_QUERIES:
        assert api(client, q=q)["count"] == 0, q
    # A member signed in is still the public here: the API has no sessions.
    client.force_login(secret.member)
    for q in SECRET_QUERIES:
        assert api(client, q=q)["count"] == 0, q
    found = api(client, q="hankesuunnitelma")
    assert [r["url"] for r in found["results"]] == [f"http://testserver/items/{secret.public.pk}/"]
    # The confidential item is listed by its title, without its text.
    mention = api(client, q="kuntoutushakemus")["results"]
    assert len(mention) == 1 and "terveydentila" not in mention[0]["snippet"].lower()


def test_swedish_reader(client: Client, db):
    body = BodyFactory(name_fi="Hyvinvointialuejaosto", name_sv="Välfärdsområdets nämnd")
    search_index_update(kind=Kind.BODY, object_ids=[body.pk])
    url = f"/api/v1/search/?{urlencode({'q': 'nämndens', 'body': body.slug})}"
    swedish = client.get(url, HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="sv").json()
    assert [r["type"] for r in swedish["results"]] == ["body"]
    finnish = client.get(url, HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="fi").json()
    assert finnish["count"] == 0


def test_queries_do_not_grow_with_the_results(
    client: Client, swimming_hall, django_assert_max_num_queries
):
    url = "/api/v1/search/?q=uimahalli&body=uimahallijaosto&page_size=100"
    json = {"HTTP_ACCEPT": "application/json"}
    one = queries_of(client, url, **json)
    swimming_hall(30)
    assert len(client.get(url, **json).json()["results"]) == 31
    with django_assert_max_num_queries(6):
        client.get(url, **json)
    assert queries_of(client, url, **json) == one

"""Contract tests: every list page and every object of the 6Aika API, read from the demo region
and the test body's meetings, validates against the schemas of the specification
(`shared/specs/6aika-paatos.swagger.yaml`, draft-04, formats checked), and every reference in
them leads to an object the API serves.

The region is built once for the module and every endpoint read once; the tests check what
was read."""

import copy
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from django.test import Client, override_settings

from kokous.documents.tests.conftest import shared_database
from kokous.paatos import selectors
from kokous.paatos.tests.conftest import KINDS, Region, crawl, get_json, region_build

pytestmark = pytest.mark.django_db

API = "http://testserver/api/paatos/v1/"


@pytest.fixture(scope="module")
def served(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[dict[str, Any]]:
    """Everything the API serves: lists page by page (7 a page, so that there are several) and
    every object's detail, by kind, with the region they came from."""
    with (
        shared_database(django_db_blocker),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
    ):
        region = region_build()
        client = Client()
        lists, pages, details = {}, {}, {}
        for kind in KINDS:
            lists[kind], pages[kind] = crawl(client, kind, limit=7)
            details[kind] = {obj["url"]: get_json(client, obj["url"]) for obj in lists[kind]}
        yield {"region": region, "lists": lists, "pages": pages, "details": details}


@pytest.mark.parametrize("kind", KINDS)
def test_every_list_page_matches_the_schema_of_its_path(served, kind, validate, response_schema):
    pages = served["pages"][kind]
    assert served["lists"][kind], f"no {kind} to validate"
    for page in pages:
        validate(page, response_schema(f"/{kind}/"))
        validate(page["meta"], {"$ref": "#/definitions/Meta"})
        if kind in {"person", "membership"}:
            assert set(page) == {"meta", "objects"}
        else:
            assert set(page) == {"count", "next", "previous", "results", "meta"}
            assert page["count"] == page["meta"]["total_count"]
            assert (page["next"], page["previous"]) == (
                page["meta"]["next"],
                page["meta"]["previous"],
            )
    assert pages[0]["meta"]["total_count"] == len(served["lists"][kind])


@pytest.mark.parametrize("kind", KINDS)
def test_every_object_matches_the_schema_of_its_detail_path(
    served, kind, validate, response_schema
):
    schema = response_schema(f"/{kind}/{{id}}/")
    for listed in served["lists"][kind]:
        detail = served["details"][kind][listed["url"]]
        validate(detail, schema)
        assert detail == listed  # a list shows each object whole
        assert detail["data_source"] == "kokous"
        assert detail["url"].startswith(API)
        assert detail["url"] == f"{API}{kind}/{detail['id']}/"


def test_the_validator_rejects_what_the_schemas_forbid(validate, response_schema):
    """The contract tests could pass vacuously with a validator that checks nothing."""
    action = {"id": 1, "ordering": 1, "article_number": None, "contents": []}
    validate(action, response_schema("/action/{id}/"))
    for broken in [
        {**action, "ordering": "first"},
        {**action, "contents": [{"ordering": "1"}]},
        {**action, "created_at": "27.1.2022 12:00"},  # date-time format
        {**action, "title": None},  # null only where documented
    ]:
        with pytest.raises(AssertionError):
            validate(broken, response_schema("/action/{id}/"))
    with pytest.raises(AssertionError):
        validate({"start_date": "2022-01-27T12:00:00+02:00"}, response_schema("/event/{id}/"))
    with pytest.raises(AssertionError):
        validate({"id": 5}, response_schema("/person/{id}/"))  # Popolo ids are strings


def test_the_spec_is_draft_04(spec):
    jsonschema.Draft4Validator.check_schema({"definitions": copy.deepcopy(spec["definitions"])})


def _references(kind: str, obj: dict[str, Any]) -> Iterator[str]:
    for key in ("case", "event", "function", "organization", "parent", "post"):
        value = obj.get(key)
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict) and "url" in value:
            yield value["url"]
    for key in ("actions", "events", "posts"):
        yield from obj.get(key, [])
    for membership in obj.get("memberships", []):
        yield membership["url"]
        yield from _references("membership", membership)
    if isinstance(obj.get("person"), dict):
        yield obj["person"]["url"]


def test_every_reference_leads_to_an_object_the_api_serves(served):
    served_urls = {url for details in served["details"].values() for url in details}
    for kind in KINDS:
        for obj in served["lists"][kind]:
            for url in _references(kind, obj):
                assert url in served_urls, (kind, obj["url"], url)


def test_the_region_fills_every_endpoint(served):
    region: Region = served["region"]
    lists = served["lists"]
    contents = {c["type"] for action in lists["action"] for c in action["contents"]}
    assert contents == {"preparation", "draft resolution", "resolution"}
    attachments = [a for action in lists["action"] for a in action["attachments"]]
    assert any(a["url"] for a in attachments) and any(not a["public"] for a in attachments)
    assert {o["classification"] for o in lists["organization"]} >= {
        "wellbeing_services_county",
        "board",
        "working_group",
    }
    assert {p["role"] for p in lists["post"]} >= {"chair", "secretary"}
    assert {f["function_id"] for f in lists["function"]} == {"01.00.00", "01.02.00", "01.02.03"}
    body_url = f"{API}organization/{selectors.organization_id_of_body(region.body.pk)}/"
    events = [e for e in lists["event"] if e["organization"] == body_url]
    assert len(events) == 3


def test_organisations_and_bodies_share_one_id_space_without_clashes(served):
    organizations = served["lists"]["organization"]
    ids = [o["id"] for o in organizations]
    assert len(ids) == len(set(ids))
    origins = {o["origin_id"].split(":")[0] for o in organizations}
    assert origins == {"organisation", "body"}
    for organization in organizations:
        kind, pk = organization["origin_id"].split(":")
        assert selectors.organization_key(organization["id"]) == (kind, int(pk))


def test_functions_form_a_tree_of_task_classes(served):
    by_code = {f["function_id"]: f for f in served["lists"]["function"]}
    assert by_code["01.02.03"]["parent"] == by_code["01.02.00"]["url"]
    assert by_code["01.02.00"]["parent"] == by_code["01.00.00"]["url"]
    assert by_code["01.00.00"]["parent"] is None
    assert by_code["01.02.03"]["id"] == 10203
    cases = {c["title"]: c for c in served["lists"]["case"]}
    assert cases["Virkasuhde"]["function"] == by_code["01.02.03"]["url"]
    assert cases["Virkasuhde"]["register_id"].startswith("ORG")


@pytest.mark.parametrize("kind", KINDS)
def test_unknown_ids_are_404_in_json(client: Client, db, kind):
    for pk in (0, 999_999, 2**40, 2**70):
        data = get_json(client, f"/api/paatos/v1/{kind}/{pk}/", status=404)
        assert data == {"detail": data["detail"]} and data["detail"]


def test_the_api_only_reads(client: Client, db):
    response = client.post("/api/paatos/v1/action/", {})
    assert response.status_code == 405

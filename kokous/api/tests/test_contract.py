"""Contract tests: the OpenAPI schema generates without a warning, validates, and every answer
of the API matches it (openapi-core), deleted objects and errors included."""

from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from kokous.api.tests.conftest import LISTS, World, get_json
from kokous.search.services import search_reindex

pytestmark = pytest.mark.django_db


def test_schema_generates_without_warnings(tmp_path: Path):
    out = tmp_path / "schema.yaml"
    # --fail-on-warn makes any warning (an unguessable field, an enum clash ...) an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/decisions/" in text and "DecisionTypeEnum" in text


@pytest.fixture
def openapi(client: Client) -> OpenAPI:
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return OpenAPI.from_dict(response.json())


def check(client: Client, openapi: OpenAPI, url: str, status: int = 200) -> dict:
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == status, (url, response.content[:500])
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )
    return response.json()


def test_every_endpoint_matches_the_schema(client: Client, world: World, openapi: OpenAPI):
    check(client, openapi, "/api/v1/")
    for name in LISTS:
        page = check(client, openapi, f"/api/v1/{name}/")
        assert page["results"], name  # something was validated
        if name != "decisions":
            for obj in page["results"]:
                check(client, openapi, obj["id"])
    search_reindex()
    assert check(client, openapi, "/api/v1/search/?q=palvelustrategia")["results"]
    check(client, openapi, "/api/v1/decisions/?type=noted&body=ahall&from=2022-01-01")


def test_deleted_objects_and_errors_match_the_schema(
    client: Client, world: World, openapi: OpenAPI
):
    # After the world was made (a second earlier would take in objects it made just now).
    since = timezone.now()
    world.public_attachment.delete()
    world.planned.delete()
    query = urlencode({"modified_since": since.isoformat()})
    page = check(client, openapi, f"/api/v1/attachments/?{query}")
    assert [obj["deleted"] for obj in page["results"]] == [True]
    page = check(client, openapi, f"/api/v1/meetings/?{query}")
    assert any(obj.get("deleted") for obj in page["results"])
    check(client, openapi, "/api/v1/meetings/999999/", status=404)
    check(client, openapi, "/api/v1/meetings/?modified_since=yesterday", status=400)


def test_docs_and_schema_are_served(client: Client):
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
    # The start-up script is a file of its own (no inline script), and it loads the schema.
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200 and b"/api/v1/schema/" in script.content
    schema = get_json(client, "/api/v1/schema/?format=json")
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Kokous open API"
    # Every operation documents the error shape.
    for path in schema["paths"].values():
        assert path["get"]["responses"]["default"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }
    # DRF's browsable pages stay for people exploring by hand.
    browsable = client.get("/api/v1/meetings/", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200 and b"<html" in browsable.content.lower()


def test_demo_region_matches_the_schema(client: Client, demo, openapi: OpenAPI):
    """The seeds' real meetings (seed 003's published minutes among them) read through every
    list and the first objects' details, each answer valid against the schema."""
    for name in LISTS:
        page = check(client, openapi, f"/api/v1/{name}/?page_size=200")
        assert page["count"] or name == "votes", name  # the seeds record no vote
        if name != "decisions":
            for obj in page["results"][:5]:
                check(client, openapi, obj["id"])
    decisions = check(client, openapi, "/api/v1/decisions/?body=vate-poliittinen-seurantaryhma")
    assert decisions["count"] and all(d["decision"] for d in decisions["results"])

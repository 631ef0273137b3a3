"""Schemathesis against the OpenAPI schema the API serves: every operation, with valid and
invalid parameters, answers without a server error, in JSON, with a status the schema names and
a body that matches it.

The 6Aika API (`/api/paatos/v1/`) serves no schema of its own: it is fuzzed from the
specification it implements (`shared/specs/6aika-paatos.swagger.yaml`), moved to where Kokous
serves it and with null allowed where Kokous documents it (`NULLABLE`).

Deterministic (`derandomize`) and small enough for CI; for a longer hunt run e.g.
`FUZZ_EXAMPLES=200 FUZZ_RANDOM=1 pytest kokous/api/tests/test_fuzz_schema.py`."""

import copy
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
import yaml
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from kokous.api.tests.conftest import World
from kokous.paatos.representations import NULLABLE
from kokous.paatos.tests.conftest import SPEC_PATH
from kokous.search.services import search_reindex

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")),
    deadline=None,
    derandomize=not os.environ.get("FUZZ_RANDOM"),
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

app = get_wsgi_application()
# The schema generates from the code alone: loading it at collection needs no database.
api = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"anyOf": [{"$ref": schema["$ref"]}, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


def paatos_spec() -> dict[str, Any]:
    """The 6Aika specification as Kokous serves it: its base path, and null where documented."""
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec = copy.deepcopy(yaml.safe_load(handle))
    spec.update(basePath="/api/paatos/v1", host="testserver", schemes=["http"])
    for definition, prop in NULLABLE:
        if definition in spec["definitions"]:
            props = spec["definitions"][definition]["properties"]
            props[prop] = _nullable(props[prop])
    for path in spec["paths"].values():
        listed = path["get"]["responses"][200]["schema"].get("properties", {})
        for definition, prop in NULLABLE:
            if definition == "list" and prop in listed:
                listed[prop] = _nullable(listed[prop])
    return spec


paatos = schemathesis.openapi.from_dict(paatos_spec())
paatos.app = app


@pytest.fixture
def fuzz_world(world: World, settings) -> Iterator[World]:
    """The API tests' body and meetings, searchable, with no rate limit in the way.

    Schemathesis calls the WSGI application itself, not through Django's test client, so the
    connection would be closed after each request (on PostgreSQL, inside the test's transaction):
    kept open as the test client keeps it."""
    settings.KOKOUS_API_RATE = "1000000/second"
    search_reindex()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield world
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@api.parametrize()
@FUZZ
def test_api(case, fuzz_world):
    case.call_and_validate(checks=CHECKS)


@paatos.parametrize()
@FUZZ
def test_paatos_api(case, fuzz_world):
    # The specification names 200 answers only: a 400 or 404 is no failure of Kokous.
    case.call_and_validate(
        checks=[not_a_server_error, content_type_conformance, response_schema_conformance]
    )


# What the fuzzing found, kept as plain examples: each was a server error (500) or an HTML page.
FOUND = [
    # An offset beyond PostgreSQL's ±15:59 (a moment all the same), and moments outside the
    # years 1-9999 in UTC.
    ("/api/v1/meetings/?modified_since=2022-01-01T10:00:00-19:24", 200),
    ("/api/v1/decisions/?modified_since=0001-01-01T00:30:00%2B17:33", 400),
    ("/api/v1/cases/?modified_since=9999-12-31T23:00:00-10:00", 400),
    ("/api/v1/meetings/?modified_since=0001-01-01", 400),
    ("/api/v1/meetings/?start_to=1878-02-13T02:37:49-23:40", 200),
    ("/api/v1/meetings/?start_from=9999-12-31T23:59:00-05:00", 400),
    # A well-formed impossible day.
    ("/api/v1/meetings/?modified_since=2024-02-30", 400),
    ("/api/v1/decisions/?from=2024-02-30", 400),
    # A NUL byte in a filter: PostgreSQL refuses it in a lookup.
    ("/api/v1/decisions/?organisation=%00x", 400),
    ("/api/v1/decisions/?body=a%00&q=b", 400),
    ("/api/v1/decisions/?q=%00", 400),
    ("/api/v1/bodies/?organisation=%00", 400),
    ("/api/v1/search/?q=%00", 400),
    # Addresses under the APIs that name nothing: JSON, not the site's page.
    ("/api/v1/meetings/0.5/", 404),
    ("/api/v1/nothing/", 404),
    ("/api/paatos/v1/event/null,null/", 404),
    # An offset no database takes, and an organisation id no key can be.
    ("/api/paatos/v1/function/?offset=13166682167678349757585895194624&limit=-1", 400),
    ("/api/paatos/v1/event/?organization=99999999999999999999999", 400),
]


@pytest.mark.parametrize(("url", "status"), FOUND)
def test_what_fuzzing_found_is_answered(client, settings, url, status):
    settings.KOKOUS_API_RATE = "1000000/second"
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == status, response.content[:300]
    body = response.json()
    if status == 200:
        assert "results" in body
    elif url.startswith("/api/v1/"):
        assert body["error"]["status"] == status  # the API's one error shape
    else:
        assert body["detail"]

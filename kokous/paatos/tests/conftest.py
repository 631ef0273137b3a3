"""Fixtures of the 6Aika API tests: the specification's schemas as validators, and the demo
region plus a body whose meetings hold every case the publication rule distinguishes."""

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from kokous.cases.tests.factories import CaseFactory
from kokous.core.tests.samplefiles import pdf_bytes
from kokous.demo.services import demo_load
from kokous.documents.tests.conftest import shared_database
from kokous.meetings.models import AgendaItem, Attachment, Meeting, Publicity
from kokous.meetings.services import attachment_add
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.organisations.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from kokous.paatos.representations import NULLABLE

SPEC_PATH = Path("/work/shared/specs/6aika-paatos.swagger.yaml")
if not SPEC_PATH.exists():  # a checkout beside the shared folder
    SPEC_PATH = Path(__file__).resolve().parents[4] / "shared/specs/6aika-paatos.swagger.yaml"

KINDS = ("case", "action", "person", "organization", "membership", "post", "event", "function")

# Words that no public surface may show, and where each comes from.
CONFIDENTIAL_PREPARATION = "Terveydentila7731"
CONFIDENTIAL_PROPOSAL = "Salaesitys Kivikko"
CONFIDENTIAL_DECISION = "Salapäätös Kivikko"
CONFIDENTIAL_ATTACHMENT = "Lääkärinlausunto Kivikko"
CONFIDENTIAL_BASIS = "JulkL 24 § 1 mom. 32 k."
ATTACHMENT_BASIS = "JulkL 24 § 1 mom. 17 k."
LATER_PREPARATION = "Kauppahinta9924 neuvotellaan"  # public after the decision
SENT_DECISION = "Ennenaikainen päätös 5521"  # a decision recorded before the minutes are out
PLANNED_TITLE = "Suunnitteilla oleva asia 6633"  # an item on an unsent agenda
PRIVATE_NAME = "Matti Kivilahtinen"
PRIVATE_PHONE = "+358 40 555 0199"
UNSEEN_PERSON = "Näkymätön Henkilö"  # only the contact of a confidential item


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return {"anyOf": [{"$ref": schema["$ref"]}, {"type": "null"}]}
    return {**schema, "type": [schema["type"], "null"]}


@pytest.fixture(scope="session")
def definitions(spec) -> dict[str, Any]:
    """The spec's definitions, with null allowed exactly where Kokous documents it."""
    found = copy.deepcopy(spec["definitions"])
    for definition, prop in NULLABLE:
        if definition in found:
            props = found[definition]["properties"]
            props[prop] = _nullable(props[prop])
    return found


@pytest.fixture(scope="session")
def validate(spec, definitions) -> Callable[[Any, dict[str, Any]], None]:
    """validate(instance, schema): a draft-04 validation against `schema`, whose `$ref`s point
    into the definitions, with formats (date, date-time) checked."""

    def run(instance: Any, schema: dict[str, Any]) -> None:
        full = {**schema, "definitions": definitions}
        validator = jsonschema.Draft4Validator(full, format_checker=jsonschema.FormatChecker())
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])

    return run


@pytest.fixture(scope="session")
def response_schema(spec) -> Callable[[str], dict[str, Any]]:
    """The 200 response schema of a path, e.g. "/case/" or "/case/{id}/"; a list's `next` and
    `previous` may be null (see `NULLABLE`)."""

    def find(path: str) -> dict[str, Any]:
        schema = copy.deepcopy(spec["paths"][path]["get"]["responses"][200]["schema"])
        for definition, prop in NULLABLE:
            if definition == "list" and prop in schema.get("properties", {}):
                schema["properties"][prop] = _nullable(schema["properties"][prop])
        return schema

    return find


def get_json(client: Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def crawl(client: Client, kind: str, limit: int = 100) -> tuple[list[dict], list[Any]]:
    """Every object of a list, following `next`; also the pages as they came."""
    url: str | None = f"/api/paatos/v1/{kind}/?limit={limit}"
    objects, pages = [], []
    while url:
        page = get_json(client, url)
        pages.append(page)
        objects.extend(page["objects"] if "objects" in page else page["results"])
        url = page["meta"]["next"]
    return objects, pages


@dataclass
class Region:
    """The demo region and the test body's meetings."""

    organisation: Organisation
    body: Body
    chair: Person
    secretary: Person
    unseen: Person
    published: Meeting
    sent: Meeting
    planned: Meeting
    confidential: AgendaItem
    later: AgendaItem  # public after the decision, in the published meeting
    later_sent: AgendaItem  # public after the decision, on the sent agenda
    private: AgendaItem  # personal data removed
    decided: AgendaItem  # adopted, minutes published
    undecided: AgendaItem  # decision recorded, minutes not out
    planned_item: AgendaItem


def _attach(item: AgendaItem, title: str, **values: Any) -> Attachment:
    upload = SimpleUploadedFile(f"{title}.pdf", pdf_bytes(title), "application/pdf")
    return attachment_add(item=item, file=upload, title=title, **values)


@pytest.fixture(scope="module")
def region_shared(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Region]:
    """The region, built once for a module in a transaction rolled back after it."""
    with (
        shared_database(django_db_blocker),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
    ):
        yield region_build()


@pytest.fixture
def region(region_shared, db) -> Region:
    """The module's region; what a test changes is rolled back after it (`db` runs each test
    in a savepoint of the module's transaction)."""
    return region_shared


def region_build() -> Region:
    """The demo region, and a body of a new organisation with a published meeting (a
    confidential item, an item public after the decision, an item whose personal data has been
    removed, a decided item with a public and a confidential attachment), a meeting whose
    invitation is sent but which is not held, and a planned meeting."""
    demo_load()
    organisation = OrganisationFactory(name_fi="Testilän hyvinvointialue")
    body = BodyFactory(
        organisation=organisation, name_fi="Testilän aluehallitus", active_from=dt.date(2021, 1, 1)
    )
    chair = MembershipFactory(body=body, role=Membership.Role.CHAIR).person
    secretary = MembershipFactory(body=body, role=Membership.Role.SECRETARY).person
    Person.objects.filter(pk=chair.pk).update(phone=PRIVATE_PHONE)
    unseen_first, unseen_last = UNSEEN_PERSON.split()
    unseen = PersonFactory(first_name=unseen_first, last_name=unseen_last)

    published = MeetingFactory(body=body, chair=chair, secretary=secretary)
    confidential = AgendaItemFactory(
        meeting=published,
        title="Virkasuhteen päättäminen",
        case=CaseFactory(organisation=organisation, title="Virkasuhde", task_class="01.02.03"),
        preparation_text=f"<p>{CONFIDENTIAL_PREPARATION}</p>",
        proposal=CONFIDENTIAL_PROPOSAL,
        publicity=Publicity.CONFIDENTIAL,
        legal_basis=CONFIDENTIAL_BASIS,
    )
    confidential.contacts.add(unseen)
    _attach(confidential, CONFIDENTIAL_ATTACHMENT)
    later = AgendaItemFactory(
        meeting=published,
        title="Kiinteistön myynti",
        preparation_text=f"<p>{LATER_PREPARATION}</p>",
        publicity=Publicity.PUBLIC_AFTER_DECISION,
    )
    private = AgendaItemFactory(
        meeting=published,
        title="Poikkeuslupa, Matti Kivilahtinen",
        case=CaseFactory(
            organisation=organisation,
            title="Matti Kivilahtisen poikkeuslupa",
            task_class="01.02.00",
        ),
        preparation_text="<p>Hakija Matti Kivilahtinen on hakenut poikkeuslupaa.</p>",
        proposal="Myönnetään Matti Kivilahtiselle poikkeuslupa.",
    )
    _attach(private, "Matti Kivilahtisen hakemus")
    decided = AgendaItemFactory(
        meeting=published,
        title="Talousarvion toteutuma",
        case=CaseFactory(organisation=organisation, title="Talousarvio", task_class="01.00.00"),
        preparation_text="<p>Toteutuma on liitteenä.</p>",
        proposal="Merkitään tiedoksi.",
        presenter=secretary,
    )
    _attach(decided, "Toteutumaraportti")
    _attach(
        decided, "Salainen erittely", publicity=Publicity.CONFIDENTIAL, legal_basis=ATTACHMENT_BASIS
    )
    for item, text, kind in [
        (confidential, CONFIDENTIAL_DECISION, AgendaItem.DecisionType.ADOPTED_AS_PROPOSED),
        (later, "Myydään kiinteistö.", AgendaItem.DecisionType.ADOPTED_AS_PROPOSED),
        (
            private,
            "Myönnetään Matti Kivilahtiselle poikkeuslupa.",
            AgendaItem.DecisionType.ADOPTED_AS_PROPOSED,
        ),
        (decided, "Merkittiin tiedoksi.", AgendaItem.DecisionType.NOTED),
    ]:
        AgendaItem.objects.filter(pk=item.pk).update(decision=text, decision_type=kind)
    AgendaItem.objects.filter(pk=private.pk).update(
        personal_data=True,
        private_persons=PRIVATE_NAME,
        personal_data_removed_on=dt.date(2022, 3, 1),
    )

    sent = MeetingFactory(body=body)
    undecided = AgendaItemFactory(
        meeting=sent, title="Hankintapäätös", proposal="Hyväksytään hankinta."
    )
    later_sent = AgendaItemFactory(
        meeting=sent,
        title="Maanvuokra",
        preparation_text=f"<p>{LATER_PREPARATION}</p>",
        publicity=Publicity.PUBLIC_AFTER_DECISION,
    )
    AgendaItem.objects.filter(pk=undecided.pk).update(
        decision=SENT_DECISION, decision_type=AgendaItem.DecisionType.ADOPTED_AS_PROPOSED
    )

    planned = MeetingFactory(body=body)
    planned_item = AgendaItemFactory(meeting=planned, title=PLANNED_TITLE)

    Meeting.objects.filter(pk=published.pk).update(status=Meeting.Status.PUBLISHED)
    Meeting.objects.filter(pk=sent.pk).update(status=Meeting.Status.INVITATION_SENT)
    return Region(
        organisation=organisation,
        body=body,
        chair=chair,
        secretary=secretary,
        unseen=unseen,
        published=published,
        sent=sent,
        planned=planned,
        confidential=confidential,
        later=later,
        later_sent=later_sent,
        private=private,
        decided=decided,
        undecided=undecided,
        planned_item=planned_item,
    )

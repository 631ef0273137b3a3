"""Fixtures of the open API tests: a body whose meetings hold every case the publication rule
tells apart, a client that reads JSON, and a throttle state that no test leaves behind."""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kokous.cases.tests.factories import CaseFactory
from kokous.core.tests.samplefiles import pdf_bytes
from kokous.meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    Publicity,
    SpeakingTurn,
)
from kokous.meetings.services import attachment_add, attendance_record
from kokous.meetings.tests.factories import AgendaItemFactory, MeetingFactory
from kokous.organisations.models import Membership, Organisation, Person
from kokous.organisations.tests.factories import (
    BodyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from kokous.proceedings.models import Ballot, Proposal, Vote

# Words that the API may never show, and where each comes from.
CONFIDENTIAL_PREPARATION = "Terveydentila7731"
CONFIDENTIAL_PROPOSAL = "Salaesitys4410"
CONFIDENTIAL_DECISION = "Salapaatos4411"
CONFIDENTIAL_ATTACHMENT = "Laakarinlausunto4412"
CONFIDENTIAL_BASIS = "JulkL 24 § 1 mom. 32 k."
ATTACHMENT_BASIS = "JulkL 24 § 1 mom. 17 k."
LATER_PREPARATION = "Kauppahinta9924"  # public after the decision
SENT_DECISION = "Ennenaikainen5521"  # a decision recorded before the minutes are out
PLANNED_TITLE = "Suunnitteilla6633"  # an item on an unsent agenda
PRIVATE_FIRST, PRIVATE_LAST = "Matti", "Kivilahtinen"
PRIVATE_NAME = f"{PRIVATE_FIRST} {PRIVATE_LAST}"
CONTACT_EMAIL = "yhteys.henkilo@example.fi"
CHAIR_PHONE = "+358 40 555 0199"
OUTSIDER_EMAIL = "ulkopuolinen@example.fi"


@pytest.fixture(autouse=True)
def throttle_reset():
    """The rate limit counts in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


def get_json(client: Client, url: str, status: int = 200, **headers: Any) -> Any:
    response = client.get(url, HTTP_ACCEPT="application/json", **headers)
    assert response.status_code == status, (url, response.content[:800])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def crawl(client: Client, url: str) -> list[dict[str, Any]]:
    """Every object of a list, following `next`."""
    objects: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url:
        page = get_json(client, next_url)
        objects.extend(page["results"])
        next_url = page["next"]
    return objects


LISTS = [
    "organisations",
    "bodies",
    "people",
    "memberships",
    "meetings",
    "agenda-items",
    "decisions",
    "cases",
    "attachments",
    "votes",
]


def everything(client: Client) -> str:
    """Every list of the API and every object's detail, as one text: what a crawler sees."""
    parts = []
    for name in LISTS:
        for obj in crawl(client, f"/api/v1/{name}/?page_size=200"):
            parts.append(json.dumps(obj, ensure_ascii=False))
            if name != "decisions":
                parts.append(json.dumps(get_json(client, obj["id"]), ensure_ascii=False))
    return "\n".join(parts)


@dataclass
class World:
    organisation: Organisation
    body: Any
    chair: Person
    member: Person
    absentee: Person  # holds a seat, casts no ballot
    secretary: Person
    contact: Person  # contact of a public item
    unseen: Person  # only the contact of a confidential item
    outsider: Person  # in no role at all
    published: Meeting
    sent: Meeting
    planned: Meeting
    confidential: AgendaItem
    later: AgendaItem  # public after the decision, published meeting
    later_sent: AgendaItem  # public after the decision, agenda sent
    private: AgendaItem  # personal data removed
    decided: AgendaItem  # decided after a vote, minutes published
    undecided: AgendaItem  # decision recorded, minutes not out
    planned_item: AgendaItem
    public_attachment: Attachment
    secret_attachment: Attachment
    vote: Vote


def attach(item: AgendaItem, title: str, **values: Any) -> Attachment:
    upload = SimpleUploadedFile(f"{title}.pdf", pdf_bytes(title), "application/pdf")
    return attachment_add(item=item, file=upload, title=title, **values)


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return world_build()


def world_build(suffix: str = "") -> World:
    """The body and its meetings; another call with another `suffix` builds another such body
    (of another organisation) beside it."""
    organisation = OrganisationFactory(name_fi="Testilän hyvinvointialue", slug=f"testila{suffix}")
    body = BodyFactory(
        organisation=organisation, name_fi="Testilän aluehallitus", slug=f"ahall{suffix}"
    )
    # Fixed names: a random Finnish name could be the private person's ("Matti"), whom the
    # tests require no search to find.
    chair = MembershipFactory(
        body=body,
        role=Membership.Role.CHAIR,
        person__first_name="Aino",
        person__last_name="Esikunta",
    ).person
    member = MembershipFactory(
        body=body, person__first_name="Eero", person__last_name="Jäsenlahti"
    ).person
    absentee = MembershipFactory(
        body=body, person__first_name="Liisa", person__last_name="Poissalo"
    ).person
    secretary = MembershipFactory(
        body=body,
        role=Membership.Role.SECRETARY,
        person__first_name="Sanni",
        person__last_name="Kirjuri",
    ).person
    Person.objects.filter(pk=chair.pk).update(phone=CHAIR_PHONE)
    contact = PersonFactory(first_name="Yhteys", last_name="Henkilö", email=CONTACT_EMAIL)
    unseen = PersonFactory(first_name="Näkymätön", last_name="Salahenkilö")
    outsider = PersonFactory(first_name="Ulko", last_name="Puolinen", email=OUTSIDER_EMAIL)

    published = MeetingFactory(
        body=body, chair=chair, secretary=secretary, with_standard_items=False
    )
    confidential = AgendaItemFactory(
        meeting=published,
        title="Virkasuhteen päättäminen",
        preparation_text=f"<p>{CONFIDENTIAL_PREPARATION}</p>",
        proposal=CONFIDENTIAL_PROPOSAL,
        publicity=Publicity.CONFIDENTIAL,
        legal_basis=CONFIDENTIAL_BASIS,
    )
    confidential.contacts.add(unseen)
    attach(confidential, CONFIDENTIAL_ATTACHMENT)
    later = AgendaItemFactory(
        meeting=published,
        title="Kiinteistön myynti",
        preparation_text=f"<p>{LATER_PREPARATION}</p>",
        publicity=Publicity.PUBLIC_AFTER_DECISION,
    )
    private = AgendaItemFactory(
        meeting=published,
        title=f"Poikkeuslupa, {PRIVATE_NAME}",
        case=CaseFactory(organisation=organisation, title="Matti Kivilahtisen poikkeuslupa"),
        preparation_text="<p>Hakija Matti Kivilahtinen on hakenut poikkeuslupaa.</p>",
        proposal="Myönnetään Matti Kivilahtiselle poikkeuslupa.",
    )
    attach(private, "Matti Kivilahtisen hakemus")
    decided = AgendaItemFactory(
        meeting=published,
        title="Palvelustrategia",
        case=CaseFactory(organisation=organisation, title="Palvelustrategia 2025"),
        preparation_text="<p>Strategia on liitteenä.</p>",
        proposal="Hyväksytään palvelustrategia.",
        presenter=secretary,
    )
    decided.contacts.add(contact)
    public_attachment = attach(decided, "Strategialuonnos")
    secret_attachment = attach(
        decided, "Salainen erittely", publicity=Publicity.CONFIDENTIAL, legal_basis=ATTACHMENT_BASIS
    )
    for item, text, kind in [
        (confidential, CONFIDENTIAL_DECISION, AgendaItem.DecisionType.ADOPTED_AS_PROPOSED),
        (later, "Myydään kiinteistö.", AgendaItem.DecisionType.ADOPTED_AS_PROPOSED),
        (
            private,
            "Myönnetään Matti Kivilahtiselle poikkeuslupa.",
            AgendaItem.DecisionType.ELECTION,
        ),
        (decided, "Hyväksyttiin äänin 1–1 puheenjohtajan äänellä.", "adopted_after_vote"),
    ]:
        AgendaItem.objects.filter(pk=item.pk).update(decision=text, decision_type=kind)
    AgendaItem.objects.filter(pk=private.pk).update(
        personal_data=True,
        private_persons=PRIVATE_NAME,
        personal_data_removed_on=dt.date(2022, 3, 1),
    )
    attendance_record(meeting=published, person=chair, capacity=Attendance.Capacity.MEMBER)
    attendance_record(meeting=published, person=member, capacity=Attendance.Capacity.MEMBER)
    attendance_record(
        meeting=published, person=absentee, capacity=Attendance.Capacity.MEMBER, present=False
    )
    attendance_record(meeting=published, person=secretary, capacity=Attendance.Capacity.SECRETARY)
    base = Proposal.objects.create(
        agenda_item=private,
        position=1,
        kind=Proposal.Kind.BASE,
        text="Myönnetään Matti Kivilahtiselle.",
    )
    counter = Proposal.objects.create(
        agenda_item=private,
        position=2,
        kind=Proposal.Kind.COUNTER,
        text="Hylätään Matti Kivilahtisen hakemus.",
        proposer=member,
        seconder=chair,
    )
    vote = Vote.objects.create(
        agenda_item=private, position=1, yes=base, no=counter,
        yes_count=1, no_count=1, blank_count=0, yes_won=True, decided_by_chair=True,
    )  # fmt: skip
    Ballot.objects.create(vote=vote, person=chair, seat_holder=chair, choice=Ballot.Choice.YES)
    Ballot.objects.create(vote=vote, person=member, seat_holder=member, choice=Ballot.Choice.NO)
    SpeakingTurn.objects.create(agenda_item=decided, person=member, position=1)

    sent = MeetingFactory(body=body, with_standard_items=False)
    undecided = AgendaItemFactory(meeting=sent, title="Hankintapäätös", proposal="Hankitaan.")
    later_sent = AgendaItemFactory(
        meeting=sent,
        title="Maanvuokra",
        preparation_text=f"<p>{LATER_PREPARATION}</p>",
        publicity=Publicity.PUBLIC_AFTER_DECISION,
    )
    AgendaItem.objects.filter(pk=undecided.pk).update(
        decision=SENT_DECISION, decision_type=AgendaItem.DecisionType.ADOPTED_AS_PROPOSED
    )
    attendance_record(meeting=sent, person=chair, capacity=Attendance.Capacity.MEMBER)

    planned = MeetingFactory(body=body, with_standard_items=False)
    planned_item = AgendaItemFactory(meeting=planned, title=PLANNED_TITLE)

    Meeting.objects.filter(pk=published.pk).update(
        status=Meeting.Status.PUBLISHED, minutes_published_on=dt.date(2022, 2, 1)
    )
    Meeting.objects.filter(pk=sent.pk).update(status=Meeting.Status.INVITATION_SENT)
    return World(
        organisation=organisation,
        body=body,
        chair=chair,
        member=member,
        absentee=absentee,
        secretary=secretary,
        contact=contact,
        unseen=unseen,
        outsider=outsider,
        published=Meeting.objects.get(pk=published.pk),
        sent=Meeting.objects.get(pk=sent.pk),
        planned=planned,
        confidential=confidential,
        later=later,
        later_sent=later_sent,
        private=AgendaItem.objects.get(pk=private.pk),
        decided=AgendaItem.objects.get(pk=decided.pk),
        undecided=undecided,
        planned_item=planned_item,
        public_attachment=public_attachment,
        secret_attachment=secret_attachment,
        vote=vote,
    )

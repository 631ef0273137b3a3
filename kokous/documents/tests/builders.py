"""Meetings for the document tests, built through the services as a secretary would record
them.

`everything_meeting` is a board's meeting with everything minutes can hold: a counter-proposal
with a seconder, a vote by name (yes, no and blank), a dissent, a disqualification with its
reason, a confidential item, a public item with a confidential attachment, an online meeting
link, an absent member and his deputy, a member who left after § 6, two minute checkers who
approve, and publication on 3.12.2025.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from kokous.core.tests.samplefiles import pdf_bytes
from kokous.core.timeutil import helsinki_datetime
from kokous.documents.models import AppealSettings
from kokous.invitations.services import invitation_send
from kokous.meetings.models import AgendaItem, Attendance, Meeting, Publicity
from kokous.meetings.services import (
    agenda_item_add,
    attachment_add,
    attendance_record,
    disqualification_record,
    meeting_create,
    speaking_turns_set,
)
from kokous.minutes.models import Signature
from kokous.minutes.services import minutes_publish, minutes_sign
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.organisations.tests.factories import (
    BodyFactory,
    DeputyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
)
from kokous.proceedings.models import Proposal
from kokous.proceedings.services import (
    decision_record,
    discussion_close,
    dissent_record,
    meeting_close,
    minute_checkers_set,
    proposal_base,
    proposal_make,
    vote_record,
)

Types = AgendaItem.DecisionType

START = helsinki_datetime(2025, 11, 25, 17)
END = helsinki_datetime(2025, 11, 25, 18, 42)
LOCKED_ON = dt.date(2025, 12, 2)
PUBLISHED_ON = dt.date(2025, 12, 3)

# Words that only the full version may print.
SECRET = "Kuutamokeikka4471"  # in the confidential item's preparation text
SECRET_PROPOSAL = "Siirretään henkilö Salaperä"  # its proposal
SECRET_DECISION = "Päätettiin siirrosta Salaperä"  # its decision
SECRET_ATTACHMENT = "Henkilöarvio Salaperä"  # the title of its attachment
DISQUALIFICATION_REASON = "Hallintolaki 28 § 1 mom. 2 k.: puolison yritys Jäävijärvi Oy tarjoajana"
ONLINE_URL = "https://teams.example/meet/kokouslinkki-8812"
LEGAL_BASIS = "JulkL 24 § 1 mom. 25 k."
ATTACHMENT_BASIS = "JulkL 24 § 1 mom. 17 k."

REGISTRY = "Testialueen hyvinvointialue, kirjaamo"
POSTAL_ADDRESS = "PL 123, 00100 Testilä"
REGISTRY_EMAIL = "kirjaamo@testialue.example"
OFFICE_HOURS = "8.30–15.30"
COURT = "Testilän hallinto-oikeus"


@dataclass
class Everything:
    organisation: Organisation
    body: Body
    meeting: Meeting
    chair: Person
    members: dict[str, Person]  # by surname
    absent: Person
    deputy: Person
    secretary: Person
    presenter: Person
    items: dict[str, AgendaItem]  # "matter", "procurement", "confidential", "noting", ...
    users: dict[str, Any]  # "member", "expert", "nobody"

    def item(self, key: str) -> AgendaItem:
        return AgendaItem.objects.get(pk=self.items[key].pk)

    def refresh(self) -> Meeting:
        self.meeting = Meeting.objects.get(pk=self.meeting.pk)
        return self.meeting


def appeal_settings(organisation: Organisation) -> AppealSettings:
    return AppealSettings.objects.create(
        organisation=organisation,
        registry=REGISTRY,
        postal_address=POSTAL_ADDRESS,
        email=REGISTRY_EMAIL,
        office_hours=OFFICE_HOURS,
        court=COURT,
        court_address="Oikeustie 1, 00100 Testilä",
    )


def _person(first: str, last: str, **kwargs: Any) -> Person:
    return PersonFactory(first_name=first, last_name=last, **kwargs)


def everything_meeting(*, publish: bool = True, lock: bool = True) -> Everything:
    """The board's meeting of 25.11.2025, held, checked, locked and (by default) published."""
    organisation = OrganisationFactory(name_fi="Testialueen hyvinvointialue")
    appeal_settings(organisation)
    body = BodyFactory(organisation=organisation, kind=Body.Kind.BOARD, name_fi="Aluehallitus")
    chair = _person("Paula", "Puustinen")
    MembershipFactory(body=body, person=chair, role=Membership.Role.CHAIR)
    members = {
        last: _person(first, last)
        for first, last in [
            ("Aino", "Aaltonen"),  # minute checker, votes yes
            ("Bertta", "Björk"),  # minute checker, votes yes, disqualified at the procurement
            ("Eero", "Mattila"),  # counter-proposal, votes no, dissents
            ("Kalle", "Kivinen"),  # seconds, votes no
            ("Liisa", "Lehtonen"),  # votes blank
        ]
    }
    for person in members.values():
        MembershipFactory(body=body, person=person)
    absent = _person("Olli", "Ollikainen")  # absent; his personal deputy attends and votes
    deputy = _person("Ville", "Varamies")
    DeputyFactory(deputy_for=MembershipFactory(body=body, person=absent), person=deputy)
    secretary = _person("Sanna", "Sihvonen")
    MembershipFactory(body=body, person=secretary, role=Membership.Role.SECRETARY)
    presenter = _person("Esa", "Esikko", title="hyvinvointialuejohtaja")
    MembershipFactory(body=body, person=presenter, role=Membership.Role.PRESENTER)

    meeting = meeting_create(
        body=body,
        start=START,
        end=END,
        place="Aluetalo, Valtuustosali",
        online_url=ONLINE_URL,
        chair=chair,
        secretary=secretary,
        presenter=presenter,
    )
    items = {
        "matter": agenda_item_add(
            meeting=meeting,
            title="Palvelustrategia 2026–2030",
            preparation_text="<p>Aluehallitus valmistelee palvelustrategian.</p>",
            proposal="Aluehallitus hyväksyy palvelustrategian liitteen 1 mukaisena.",
            contacts=[presenter],
        ),
        "procurement": agenda_item_add(
            meeting=meeting,
            title="Siivouspalvelujen hankinta",
            preparation_text="<p>Tarjouksia saatiin kolme.</p>",
            proposal="Siivouspalvelut hankitaan edullisimman tarjouksen tehneeltä.",
        ),
        "confidential": agenda_item_add(
            meeting=meeting,
            title="Henkilöstöjärjestely yksikössä",
            preparation_text=f"<p>Valmistelussa on selvitetty asia {SECRET}.</p>",
            proposal=f"{SECRET_PROPOSAL} toiseen yksikköön.",
            publicity=Publicity.CONFIDENTIAL,
            legal_basis=LEGAL_BASIS,
        ),
        "noting": agenda_item_add(
            meeting=meeting,
            title="Talousarvion toteutuma",
            proposal="Merkitään tiedoksi talousarvion toteutuminen lokakuun loppuun.",
        ),
    }
    attachment_add(
        item=items["matter"],
        file=SimpleUploadedFile("strategia.pdf", pdf_bytes("Strategia")),
        title="Palvelustrategia 2026–2030 luonnos",
    )
    attachment_add(
        item=items["matter"],
        file=SimpleUploadedFile("laskelma.pdf", pdf_bytes("Laskelma")),
        title="Strategian kustannuslaskelma",
        publicity=Publicity.CONFIDENTIAL,
        legal_basis=ATTACHMENT_BASIS,
    )
    attachment_add(
        item=items["confidential"],
        file=SimpleUploadedFile("arvio.pdf", pdf_bytes("Arvio")),
        title=SECRET_ATTACHMENT,
        publicity=Publicity.CONFIDENTIAL,
        legal_basis=LEGAL_BASIS,
    )
    AgendaItem.objects.filter(meeting=meeting).update(ready=True)
    invitation_send(meeting=meeting)
    for key in ("opening", "legality", "checkers", "order", "closing"):
        position = {"opening": 1, "legality": 2, "checkers": 3, "order": 4}.get(key)
        items[key] = (
            meeting.items.get(position=position)
            if position
            else meeting.items.get(standard_place="closing")
        )
    items = {key: AgendaItem.objects.get(pk=item.pk) for key, item in items.items()}

    seats = [chair, *members.values()]
    for position, person in enumerate(seats, start=1):
        attendance_record(
            meeting=meeting, person=person, capacity=Attendance.Capacity.MEMBER, position=position
        )
    attendance_record(
        meeting=meeting, person=absent, capacity=Attendance.Capacity.MEMBER, present=False
    )
    attendance_record(
        meeting=meeting,
        person=deputy,
        capacity=Attendance.Capacity.DEPUTY,
        deputy_for=absent,
        position=len(seats) + 1,
    )
    # Liisa Lehtonen left after the procurement (§ 6).
    attendance_record(
        meeting=meeting,
        person=members["Lehtonen"],
        capacity=Attendance.Capacity.MEMBER,
        present_until=items["procurement"],
        position=len(seats),
    )
    attendance_record(meeting=meeting, person=presenter, capacity=Attendance.Capacity.PRESENTER)
    attendance_record(meeting=meeting, person=secretary, capacity=Attendance.Capacity.SECRETARY)

    for key, text, kind in [
        ("opening", "Puheenjohtaja avasi kokouksen ja totesi läsnäolijat.", Types.NOTED),
        ("legality", "Todettiin kokous lailliseksi ja päätösvaltaiseksi.", Types.NOTED),
        ("order", "Hyväksyttiin esityslista kokouksen työjärjestykseksi.", Types.NOTED),
    ]:
        decision_record(item=items[key], text=text, decision_type=kind)
    minute_checkers_set(item=items["checkers"], checkers=[members["Aaltonen"], members["Björk"]])
    decision_record(
        item=items["checkers"],
        text="Valittiin pöytäkirjantarkastajiksi Aino Aaltonen ja Bertta Björk.",
        decision_type=Types.ELECTION,
    )

    # The matter: a seconded counter-proposal, a vote by name, a dissent.
    matter = items["matter"]
    speaking_turns_set(item=matter, speakers=[members["Mattila"], members["Kivinen"], presenter])
    base = proposal_base(item=matter)
    counter = proposal_make(
        item=matter,
        kind=Proposal.Kind.COUNTER,
        text="Palvelustrategia palautetaan valmisteluun maaseudun palvelujen osalta.",
        proposer=members["Mattila"],
        seconder=members["Kivinen"],
    )
    discussion_close(item=matter)
    vote_record(
        item=matter,
        yes=base,
        no=counter,
        ballots={
            chair.pk: "yes",
            deputy.pk: "yes",
            members["Aaltonen"].pk: "yes",
            members["Björk"].pk: "yes",
            members["Mattila"].pk: "no",
            members["Kivinen"].pk: "no",
            members["Lehtonen"].pk: "blank",
        },
    )
    decision_record(
        item=matter,
        text="Hyväksyttiin esittelijän esitys äänin 4–2 (1 tyhjä).",
        decision_type=Types.ADOPTED_AFTER_VOTE,
    )
    dissent_record(
        item=matter,
        person=members["Mattila"],
        reason="Strategiasta puuttuvat maaseudun palvelut.",
    )

    disqualification_record(
        item=items["procurement"], person=members["Björk"], reason=DISQUALIFICATION_REASON
    )
    decision_record(
        item=items["procurement"],
        text="Hyväksyttiin esittelijän esitys.",
        decision_type=Types.ADOPTED_AS_PROPOSED,
    )
    decision_record(
        item=items["confidential"],
        text=f"{SECRET_DECISION} toiseen yksikköön.",
        decision_type=Types.ADOPTED_AS_PROPOSED,
    )
    decision_record(item=items["noting"], text="Merkittiin tiedoksi.", decision_type=Types.NOTED)
    meeting_close(meeting=meeting, end=END)

    if lock:
        for person in (members["Aaltonen"], members["Björk"], chair, secretary):
            minutes_sign(meeting=meeting, person=person, verdict=Signature.Verdict.APPROVED)
        # The minutes were checked on 2.12.2025 (the signing itself is today).
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes_locked_at=helsinki_datetime(2025, 12, 2, 12)
        )
    if lock and publish:
        minutes_publish(meeting=meeting, published_on=PUBLISHED_ON)

    users = {"member": UserFactory(), "expert": UserFactory(), "nobody": UserFactory()}
    members["Aaltonen"].user = users["member"]
    members["Aaltonen"].save(update_fields=["user"])
    expert = _person("Aarne", "Asiantuntija", user=users["expert"])
    MembershipFactory(body=body, person=expert, role=Membership.Role.EXPERT)

    return Everything(
        organisation=organisation,
        body=body,
        meeting=Meeting.objects.get(pk=meeting.pk),
        chair=chair,
        members=members,
        absent=absent,
        deputy=deputy,
        secretary=secretary,
        presenter=presenter,
        items={key: AgendaItem.objects.get(pk=item.pk) for key, item in items.items()},
        users=users,
    )


# A small meeting at each stage of its life -----------------------------------------------------

STAGES = ("planned", "sent", "held", "locked", "published")
AFTER_DECISION_TEXT = "Kauppahinnaksi neuvoteltiin 410 000 euroa."


@dataclass
class Small:
    organisation: Organisation
    body: Body
    meeting: Meeting
    matter: AgendaItem
    confidential: AgendaItem
    after_decision: AgendaItem  # public once decided
    users: dict[str, Any]  # "member", "expert", "other_member", "nobody"

    def refresh(self) -> Meeting:
        self.meeting = Meeting.objects.get(pk=self.meeting.pk)
        return self.meeting


def small_meeting(stage: str = "published", *, bilingual: bool = False) -> Small:
    """A board of a chair and two members whose meeting of 25.11.2025 is at `stage`: planned
    (the agenda is a draft), sent (the invitation went out), held, locked (the minutes checked)
    or published (on 3.12.2025). The agenda: the opening items (§ 1–4), a matter (§ 5), a
    confidential item (§ 6), an item public once decided (§ 7), "Muut asiat" (§ 8)."""
    assert stage in STAGES
    organisation = OrganisationFactory(
        name_fi="Pienalueen hyvinvointialue",
        name_sv="Småområdets välfärdsområde" if bilingual else "",
        bilingual=bilingual,
    )
    appeal_settings(organisation)
    body = BodyFactory(
        organisation=organisation,
        kind=Body.Kind.BOARD,
        name_fi="Aluehallitus",
        name_sv="Områdesstyrelsen" if bilingual else "",
    )
    chair, first, second = (
        _person("Pekka", "Pohjola"),
        _person("Maija", "Meri"),
        _person("Timo", "Tunturi"),
    )
    MembershipFactory(body=body, person=chair, role=Membership.Role.CHAIR)
    for person in (first, second):
        MembershipFactory(body=body, person=person)
    secretary, presenter = _person("Sirpa", "Saari"), _person("Erkki", "Esko")
    MembershipFactory(body=body, person=secretary, role=Membership.Role.SECRETARY)
    MembershipFactory(body=body, person=presenter, role=Membership.Role.PRESENTER)
    users = {name: UserFactory() for name in ("member", "expert", "other_member", "nobody")}
    first.user = users["member"]
    first.save(update_fields=["user"])
    MembershipFactory(
        body=body, person=_person("Anna", "Asiantuntija", user=users["expert"]), role="expert"
    )
    MembershipFactory(  # a member of another body of the same organisation
        body=BodyFactory(organisation=organisation),
        person=_person("Olavi", "Muualla", user=users["other_member"]),
    )

    meeting = meeting_create(
        body=body,
        start=START,
        end=END,
        place="Valtuustosali",
        chair=chair,
        secretary=secretary,
        presenter=presenter,
    )
    matter = agenda_item_add(
        meeting=meeting,
        title="Palveluverkko",
        preparation_text="<p>Palveluverkkoa tarkastellaan.</p>",
        proposal="Hyväksytään palveluverkko.",
    )
    confidential = agenda_item_add(
        meeting=meeting,
        title="Henkilöstöasia",
        preparation_text=f"<p>{SECRET}</p>",
        proposal="Hyväksytään järjestely.",
        publicity=Publicity.CONFIDENTIAL,
        legal_basis=LEGAL_BASIS,
    )
    after = agenda_item_add(
        meeting=meeting,
        title="Tilakauppa",
        preparation_text=f"<p>{AFTER_DECISION_TEXT}</p>",
        proposal="Myydään kiinteistö.",
        publicity=Publicity.PUBLIC_AFTER_DECISION,
    )
    AgendaItem.objects.filter(meeting=meeting).update(ready=True)
    small = Small(organisation, body, meeting, matter, confidential, after, users)
    if stage == "planned":
        return small
    invitation_send(meeting=meeting)
    if stage == "sent":
        small.refresh()
        return small

    for position, person in enumerate((chair, first, second), start=1):
        attendance_record(
            meeting=meeting, person=person, capacity=Attendance.Capacity.MEMBER, position=position
        )
    attendance_record(meeting=meeting, person=presenter, capacity=Attendance.Capacity.PRESENTER)
    attendance_record(meeting=meeting, person=secretary, capacity=Attendance.Capacity.SECRETARY)
    items = list(meeting.items.order_by("position"))
    minute_checkers_set(item=items[2], checkers=[first, second])
    for item in items:
        if item.proposal:
            kind = Types.NOTED if item.standard_place else Types.ADOPTED_AS_PROPOSED
            decision_record(item=item, text=f"Päätös {item.section_number} §.", decision_type=kind)
    meeting_close(meeting=meeting, end=END)
    if stage == "held":
        small.refresh()
        return small

    for person in (first, second, chair, secretary):
        minutes_sign(meeting=meeting, person=person, verdict=Signature.Verdict.APPROVED)
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_locked_at=helsinki_datetime(2025, 12, 2, 12)
    )
    if stage == "published":
        minutes_publish(meeting=meeting, published_on=PUBLISHED_ON)
    small.refresh()
    return small

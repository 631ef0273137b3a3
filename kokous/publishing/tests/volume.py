"""Data in volume for the query-count tests: `public_data(scale=1)` is a small region, and
`public_data(scale=3)` the same region with three times as many rows of every kind (meetings,
items per meeting, votes, ballots, attachments, cases and their handlings, speakers,
attendance, members, bodies, organisations, news, roadmaps and tasks, surveys, comments).

`query_counts(urls)` answers every address at each scale and records the SQL it took, so that
a test can require the same number of queries at both: a page or an API list whose queries grow
with the data (an N+1) shows as a difference, with the repeated SQL to find it by.

The addresses are functions of the `Data` built, so that a detail page is always that of the
same object (the first published meeting, its first item ...), which has three times as many
rows under it at the larger scale."""

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kokous.cases.models import Case
from kokous.cases.tests.factories import CaseFactory
from kokous.core.tests.samplefiles import pdf_bytes
from kokous.core.timeutil import helsinki_datetime
from kokous.documents.tests.builders import appeal_settings
from kokous.documents.tests.conftest import documents_stored_in, shared_database
from kokous.meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Disqualification,
    Meeting,
    Publicity,
    SpeakingTurn,
)
from kokous.meetings.services import agenda_item_add, attachment_add, meeting_create
from kokous.minutes.models import Correction
from kokous.news.models import Category, News
from kokous.news.services import news_attachment_add
from kokous.news.tests.factories import make_news, pdf_upload
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.organisations.tests.factories import (
    BodyFactory,
    DeputyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)
from kokous.participation.models import CommentRound, Survey
from kokous.participation.services import comment_add
from kokous.participation.tests.factories import question_add, round_make, survey_make
from kokous.preparation.models import CycleEvent, Phase, Roadmap, TaskLink
from kokous.preparation.services import task_link_set, task_report_add
from kokous.preparation.tests.factories import RoadmapFactory, TaskFactory
from kokous.proceedings.models import Ballot, Dissent, Proposal, Vote
from kokous.search.services import search_reindex

# The small region: two published meetings of three items each, and one of everything else.
MEETINGS = 2
ITEMS = 3
FIRST_MEETING = helsinki_datetime(2022, 1, 10, 17)
LOCKED_AT = helsinki_datetime(2022, 3, 25, 12)
PUBLISHED_ON = dt.date(2022, 3, 28)
LEGAL_BASIS = "JulkL 24 § 1 mom. 25 k."
TITLE_WORD = "uimahalli"  # in every item's title: the searches find them all


@dataclass
class Data:
    """The region's objects that the addresses point at."""

    organisation: Organisation
    body: Body
    meetings: list[Meeting] = field(default_factory=list)  # published, oldest first
    sent: Meeting | None = None  # invitation sent, a week ahead
    items: list[AgendaItem] = field(default_factory=list)  # of the first meeting
    cases: list[Case] = field(default_factory=list)
    presenter: Person | None = None  # presents every meeting and item, contact of each
    chair: Person | None = None
    news: list[News] = field(default_factory=list)
    roadmap: Roadmap | None = None
    survey: Survey | None = None
    closed_survey: Survey | None = None
    round: CommentRound | None = None
    attachment_file: str = ""  # the stored PDF that every published item's attachments share

    @property
    def meeting(self) -> Meeting:
        return self.meetings[0]

    @property
    def item(self) -> AgendaItem:
        """The first meeting's first item: a case, votes, attachments, speakers."""
        return self.items[0]


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", pdf_bytes(name), "application/pdf")


def _people(body: Body, *, scale: int) -> tuple[list[Person], dict[Person, Person]]:
    """The body's seats (members, each with a personal deputy: the second value) besides the
    chair; and earlier members."""
    seats, deputies = [], {}
    for _index in range(3 * scale):
        seat = MembershipFactory(body=body)
        deputies[seat.person] = DeputyFactory(deputy_for=seat).person
        seats.append(seat.person)
    for _index in range(scale):
        MembershipFactory(body=body, end=dt.date(2021, 6, 30))
    return seats, deputies


def _meeting(
    data: Data,
    *,
    number: int,
    start: dt.datetime,
    seats: list[Person],
    deputy: Person,
    previous: list[AgendaItem],
    scale: int,
) -> Meeting:
    """A published meeting of the body: every item with a case, a vote by name on a
    counter-proposal, a dissent, a disqualification, speakers, a public and a confidential
    attachment, a contact, a correction, and the item it continues of the `previous` meeting;
    one confidential item and one whose personal data is removed. The last seat is absent and
    their `deputy` attends and votes; the seat before leaves after the first item.

    The meeting is made by its service; what it holds is written in bulk, as the record of a
    held meeting (there are many of these rows, and the services' rules are not under test)."""
    body, presenter = data.body, data.presenter
    assert presenter is not None and data.chair is not None
    meeting = meeting_create(
        body=body,
        start=start,
        end=start + dt.timedelta(hours=2),
        place="Valtuustosali",
        chair=data.chair,
        secretary=PersonFactory(),
        presenter=presenter,
        with_standard_items=False,
        status=Meeting.Status.PUBLISHED,
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_locked_at=LOCKED_AT, minutes_published_on=PUBLISHED_ON
    )
    count = ITEMS * scale
    first_section = (number - 1) * count + 1
    items = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=index + 1,
            section_number=first_section + index,
            title=f"Uimahallin asia {number}.{index}",
            case=data.cases[index],
            preparation_text=f"<p>Uimahallin valmistelu {index}, hakija Matti Meikäläinen.</p>",
            presenter=presenter,
            proposal="Hyväksytään esitys.",
            decision=f"Hyväksyttiin uimahallin asia {index} äänin.",
            decision_type=AgendaItem.DecisionType.ADOPTED_AFTER_VOTE,
            publicity=Publicity.CONFIDENTIAL if index == 1 else Publicity.PUBLIC,
            legal_basis=LEGAL_BASIS if index == 1 else "",
            carried_from=previous[index] if previous else None,
            ready=True,
            **(
                {
                    "personal_data": True,
                    "private_persons": "Matti Meikäläinen",
                    "personal_data_removed_on": dt.date(2022, 6, 1),
                }
                if index == 2
                else {}
            ),
        )
        for index in range(count)
    )
    AgendaItem.contacts.through.objects.bulk_create(
        AgendaItem.contacts.through(agendaitem=item, person=presenter) for item in items
    )
    Attachment.objects.bulk_create(
        Attachment(
            agenda_item=item,
            number=position,
            title=f"{title} {item.position}",
            file=data.attachment_file,
            content_type="application/pdf",
            size=1000,
            publicity=publicity,
            legal_basis=LEGAL_BASIS if publicity == Publicity.CONFIDENTIAL else "",
        )
        for item in items
        for position, title, publicity in [
            (1, "Selvitys", Publicity.PUBLIC),
            (2, "Salainen selvitys", Publicity.CONFIDENTIAL),
        ]
    )
    proposals = Proposal.objects.bulk_create(
        Proposal(
            agenda_item=item,
            position=position,
            kind=kind,
            text=text,
            proposer=proposer,
            seconder=seconder,
        )
        for item in items
        for position, kind, text, proposer, seconder in [
            (1, Proposal.Kind.BASE, "Hyväksytään esitys.", None, None),
            (2, Proposal.Kind.COUNTER, "Hylätään esitys.", seats[1], seats[2]),
        ]
    )
    votes = Vote.objects.bulk_create(
        Vote(
            agenda_item=item,
            position=1,
            yes=base,
            no=counter,
            yes_count=len(seats) - 1,
            no_count=1,
            blank_count=0,
            yes_won=True,
        )  # fmt: skip
        for item, base, counter in zip(items, proposals[::2], proposals[1::2], strict=True)
    )
    Ballot.objects.bulk_create(
        Ballot(
            vote=vote,
            person=deputy if person == seats[-1] else person,
            seat_holder=person,
            choice=Ballot.Choice.NO if person == seats[1] else Ballot.Choice.YES,
        )
        for vote in votes
        for person in seats
    )
    Dissent.objects.bulk_create(
        Dissent(agenda_item=item, person=seats[1], reason="Eri mieltä.") for item in items
    )
    Disqualification.objects.bulk_create(
        Disqualification(agenda_item=item, person=seats[2], reason="Jäävi.") for item in items
    )
    SpeakingTurn.objects.bulk_create(
        SpeakingTurn(agenda_item=item, person=person, position=position)
        for item in items
        for position, person in enumerate(seats, start=1)
    )
    Correction.objects.bulk_create(
        Correction(
            meeting=meeting,
            agenda_item=item,
            corrected_on=PUBLISHED_ON,
            reason="Kirjoitusvirhe.",
            text=f"Päätöksessä luki väärin {item.section_number} §.",
        )
        for item in items
    )
    Attendance.objects.bulk_create(
        [
            *(
                Attendance(
                    meeting=meeting,
                    person=person,
                    capacity=Attendance.Capacity.MEMBER,
                    position=position,
                    present=person != seats[-1],
                    present_until=items[0] if person == seats[-2] else None,
                )
                for position, person in enumerate(seats, start=1)
            ),
            Attendance(
                meeting=meeting,
                person=deputy,
                capacity=Attendance.Capacity.DEPUTY,
                deputy_for=seats[-1],
                position=len(seats) + 1,
            ),
            Attendance(
                meeting=meeting,
                person=presenter,
                capacity=Attendance.Capacity.PRESENTER,
                position=len(seats) + 2,
            ),
        ]
    )
    meeting.minute_checkers.set(seats[:2])
    return Meeting.objects.get(pk=meeting.pk)


def _preparation(data: Data, *, unit: int, people: list[Person]) -> None:
    """Roadmap tasks (a task and its subtask in the first roadmap, and a roadmap of their own)
    of a working group, linked and reported to the first meeting's items and cases."""
    organisation = data.organisation
    group = BodyFactory(organisation=organisation, parent=data.body, kind=Body.Kind.WORKING_GROUP)
    if data.roadmap is None:
        data.roadmap = RoadmapFactory(organisation=organisation)
    roadmap = data.roadmap
    Phase.objects.create(
        roadmap=roadmap,
        name_fi=f"Vaihe {unit}",
        start=dt.date(2022, 1, 1),
        end=dt.date(2022, 6, 30),
    )
    own = RoadmapFactory(organisation=organisation)
    other = TaskFactory(roadmap=own, code="1", group=group, responsible=people[0])
    top = TaskFactory(
        roadmap=roadmap,
        code=str(unit + 1),
        group=group,
        responsible=people[0],
        participants=people[:2],
        due=dt.date(2022, 3, 1),
    )
    sub = TaskFactory(
        roadmap=roadmap, code=f"{unit + 1}.1", group=group, responsible=people[1], progress=50
    )
    task_link_set(source=top, target=other, kind=TaskLink.Kind.DIRECT)
    task_link_set(source=other, target=sub, kind=TaskLink.Kind.INDIRECT)
    task_report_add(task=top, agenda_item=data.items[unit])
    task_report_add(task=sub, case=data.cases[unit])
    task_report_add(task=sub, note="Väliarviointi", date=dt.date(2022, 2, 9))
    CycleEvent.objects.create(organisation=organisation, title_fi=f"Talousarvio {unit}", month=11)
    CycleEvent.objects.create(
        organisation=organisation, body=group, title_fi=f"Raportti {unit}", month=3, day=15
    )


def _communication(data: Data, *, unit: int) -> None:
    """News with a category and an attachment, surveys open and closed, a comment round's
    comments."""
    category = Category.objects.create(slug=f"aihe-{unit}", name_fi=f"Aihe {unit}", position=unit)
    for number in range(2):
        news = make_news(
            f"Uimahallitiedote {unit}.{number}",
            lead="Uimahalli avataan.",
            body="<p>Uimahalli avataan.</p>",
            categories=[category],
            organisation=data.organisation,
        )
        news_attachment_add(news=news, file=pdf_upload(), title="Tiedote")
        data.news.append(news)
    now = timezone.now()
    survey = survey_make(organisation=data.organisation, title=f"Uimahallikysely {unit}")
    data.survey = data.survey or survey
    closed = survey_make(
        organisation=data.organisation,
        title=f"Päättynyt kysely {unit}",
        opens_at=now - dt.timedelta(days=30),
        closes_at=now - dt.timedelta(days=1),
        results_public=True,
    )
    data.closed_survey = data.closed_survey or closed
    for target in (data.survey, data.closed_survey):
        question_add(target, "long_text", f"Mitä mieltä olet uimahallista? ({unit})")
        question_add(target, "single", f"Kuinka usein uit? ({unit})", options=("Usein", "Harvoin"))
    if data.round is None:
        data.round = round_make(organisation=data.organisation, title="Uimahallin suunnitelma")
    paragraphs = list(data.round.paragraphs.order_by("pk"))
    for number in range(3):
        comment_add(
            round=data.round,
            text=f"Kommentti {unit}.{number}",
            paragraph_id=paragraphs[number % len(paragraphs)].pk if paragraphs else None,
            author_name=f"Asukas {unit}",
        )


def public_data(*, scale: int = 1) -> Data:
    """The region at `scale` (1 or 3): see the module's docstring. Its search index is built."""
    organisation = OrganisationFactory(name_fi="Volyymialueen hyvinvointialue", slug="volyymi")
    appeal_settings(organisation)
    body = BodyFactory(organisation=organisation, name_fi="Aluehallitus", slug="aluehallitus")
    data = Data(organisation=organisation, body=body)
    data.attachment_file = default_storage.save("volume/liite.pdf", _pdf("Liite"))
    data.chair = MembershipFactory(body=body, role=Membership.Role.CHAIR).person
    data.presenter = MembershipFactory(body=body, role=Membership.Role.PRESENTER).person
    members, deputies = _people(body, scale=scale)
    seats = [data.chair, *members]
    data.cases = [
        CaseFactory(
            organisation=organisation,
            title=f"Uimahallin asia {index}",
            task_class=f"00.01.{index:02d}",
        )
        for index in range(ITEMS * scale)
    ]
    previous: list[AgendaItem] = []
    for number in range(MEETINGS * scale):
        meeting = _meeting(
            data,
            number=number + 1,
            start=FIRST_MEETING + dt.timedelta(days=7 * number),
            seats=seats,
            deputy=deputies[members[-1]],
            previous=previous,
            scale=scale,
        )
        data.meetings.append(meeting)
        previous = list(meeting.items.order_by("position"))
    data.items = list(data.meeting.items.order_by("position"))
    # The coming meetings: one whose agenda is out, and planned ones of other bodies.
    soon = timezone.now() + dt.timedelta(days=7)
    data.sent = meeting_create(
        body=body, start=soon, presenter=data.presenter, with_standard_items=False
    )
    for index in range(ITEMS * scale):
        agenda_item_add(
            meeting=data.sent,
            title=f"Tuleva uimahallin asia {index}",
            case=data.cases[index],
            contacts=[data.presenter],
        )
    Meeting.objects.filter(pk=data.sent.pk).update(status=Meeting.Status.INVITATION_SENT)
    for index in range(scale):  # on the supplementary agenda, each a recorded change
        item = agenda_item_add(
            meeting=data.sent, title=f"Lisäasia uimahallista {index}", case=data.cases[index]
        )
        attachment_add(item=item, file=_pdf(f"Lisäliite {index}"), title="Lisäselvitys")
    for unit in range(scale):
        other = BodyFactory(organisation=OrganisationFactory())
        MembershipFactory(body=other, role=Membership.Role.CHAIR)
        meeting_create(body=other, start=soon + dt.timedelta(days=unit), with_standard_items=False)
        _preparation(data, unit=unit, people=seats)
        _communication(data, unit=unit)
    search_reindex()
    return data


# ---------------------------------------------------------------------------------------------
# Measuring.


@dataclass
class Answer:
    """The SQL that answering an address took."""

    status: int
    sql: list[str]
    size: int  # of the body, in bytes

    @property
    def count(self) -> int:
        return len(self.sql)


def _shape(sql: str) -> str:
    """A statement with its literal values taken out, to find the ones repeated per row."""
    return re.sub(r"\b\d+\b|'[^']*'", "?", sql)


def repeated(sql: list[str]) -> str:
    """The statements that ran more than once (with their values taken out), most first."""
    counts = Counter(_shape(statement) for statement in sql)
    return "\n\n".join(
        f"{times}× {shape[:600]}" for shape, times in counts.most_common() if times > 1
    )


def difference(small: Answer, large: Answer) -> str:
    """An explanation of why two answers' queries differ, for an assertion's message."""
    return (
        f"{small.count} queries on the small data set, {large.count} on the larger one.\n"
        f"Repeated on the larger one:\n{repeated(large.sql) or '(none)'}\n\n"
        "Every query on the larger one:\n" + "\n".join(s[:300] for s in large.sql)
    )


def answer(client: Client, url: str, **headers: str) -> Answer:
    """Answer `url` with a clear cache (the API's rate limit, any cached page), recording its
    SQL. The response is read to the end: a streaming one queries while it streams."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
        if getattr(response, "streaming", False):
            content = b"".join(response.streaming_content)
        else:
            content = response.content
    sql = [query["sql"] for query in captured.captured_queries]
    return Answer(response.status_code, sql, len(content))


Urls = dict[str, Callable[[Data], str]]
Counts = dict[str, tuple[Answer, Answer]]


def fixed(url: str) -> Callable[[Data], str]:
    """An address that is the same whatever the data."""
    return lambda data: url


def query_counts(
    urls: Urls, *, blocker: Any, tmp_path: Path, headers: dict[str, str] | None = None
) -> Counts:
    """Each address answered at scale 1 and at scale 3, by name: (small, large). For a
    module-scoped fixture (`blocker`: pytest-django's `django_db_blocker`): each scale is built
    in a transaction rolled back afterwards, and every address is asked once before it is
    measured, so that what a first request fills once (caches of translations, content types,
    stored documents) is not counted. (The cache is a database table: it is rolled back too.)"""
    headers = headers or {}
    client = Client()
    found: dict[str, list[Answer]] = {name: [] for name in urls}
    for scale in (1, 3):
        with (
            shared_database(blocker),
            override_settings(MEDIA_ROOT=tmp_path / f"media-{scale}"),
            documents_stored_in(tmp_path / f"documents-{scale}"),
        ):
            data = public_data(scale=scale)
            addresses = {name: url(data) for name, url in urls.items()}
            for url in addresses.values():
                answer(client, url, **headers)
            for name, url in addresses.items():
                found[name].append(answer(client, url, **headers))
    return {name: (small, large) for name, (small, large) in found.items()}

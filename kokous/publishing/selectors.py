"""Reads for the public pages. Each returns what a page shows, with the publication rule
(`kokous.publishing.rules`) already applied, in a number of queries that does not grow with
the data."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokous.cases.models import Case
from kokous.cases.selectors import Handling, case_histories
from kokous.core.timeutil import helsinki_datetime, local_date
from kokous.documents.models import StoredDocument
from kokous.meetings.models import AgendaItem, Attachment, Attendance, Meeting, SpeakingTurn
from kokous.organisations.models import Body, Membership, Organisation
from kokous.publishing import rules


@dataclass(frozen=True)
class BodyNode:
    """A body in an organisation's tree, with its depth (0 for a body nobody set up)."""

    body: Body
    depth: int


@dataclass(frozen=True)
class OrganisationBodies:
    organisation: Organisation
    bodies: list[BodyNode]


def _meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("body", "body__organisation")


def organisations_with_bodies() -> list[OrganisationBodies]:
    """Every organisation with its bodies as a tree: a body follows the body that set it up."""
    bodies = list(Body.objects.select_related("organisation").order_by("name_fi"))
    children: dict[int | None, list[Body]] = {}
    for body in bodies:
        children.setdefault(body.parent_id, []).append(body)
    by_organisation: dict[int, list[BodyNode]] = {}

    def walk(body: Body, depth: int) -> None:
        by_organisation.setdefault(body.organisation_id, []).append(BodyNode(body, depth))
        for child in children.get(body.pk, []):
            walk(child, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    organisations = Organisation.objects.filter(pk__in=by_organisation).order_by("name_fi")
    return [OrganisationBodies(org, by_organisation[org.pk]) for org in organisations]


def meetings_upcoming(*, now: dt.datetime | None = None, limit: int = 10) -> list[Meeting]:
    """The next meetings from `now` on, soonest first (cancelled ones too, marked as such)."""
    now = now or timezone.now()
    return list(_meetings().filter(start__gte=now).order_by("start")[:limit])


def meetings_recent(*, now: dt.datetime | None = None, limit: int = 10) -> list[Meeting]:
    """The latest meetings before `now`, newest first."""
    now = now or timezone.now()
    return list(_meetings().filter(start__lt=now).order_by("-start")[:limit])


@dataclass
class BodyPage:
    body: Body
    children: list[Body]
    current_members: list[Membership]
    former_members: list[Membership]
    meetings_by_year: list[tuple[int, list[Meeting]]]


def body_page(*, slug: str, today: dt.date | None = None) -> BodyPage:
    """A body with the bodies it set up, its people by term and its meetings by year."""
    body = Body.objects.select_related("organisation", "parent").filter(slug=slug).first()
    if body is None:
        raise Http404(_("No such body."))
    today = today or local_date(timezone.now())
    memberships = list(body.memberships.select_related("person", "deputy_for__person"))
    # Chair first, then vice chair, members ... in the order of Membership.Role.
    order = {role: index for index, role in enumerate(Membership.Role.values)}
    memberships.sort(key=lambda m: (order[m.role], m.person.last_name, m.person.first_name))
    current = [m for m in memberships if m.end is None or m.end >= today]
    former = [m for m in memberships if m.end is not None and m.end < today]
    years: dict[int, list[Meeting]] = {}
    for meeting in body.meetings.order_by("-start"):
        years.setdefault(meeting.year, []).append(meeting)
    return BodyPage(
        body=body,
        children=list(body.children.order_by("name_fi")),
        current_members=current,
        former_members=former,
        meetings_by_year=sorted(years.items(), reverse=True),
    )


@dataclass
class AttachmentView:
    attachment: Attachment
    public: bool


@dataclass
class ItemView:
    """An agenda item as the public sees it."""

    item: AgendaItem
    content_public: bool
    decision_public: bool
    earlier_handling: list[Handling]
    attachments: list[AttachmentView]
    speakers: list[str]


@dataclass
class AttendanceGroup:
    label: str
    attendances: list[Attendance]


@dataclass
class MeetingPage:
    meeting: Meeting
    agenda_public: bool
    minutes_public: bool
    items: list[ItemView] = field(default_factory=list)
    attendance: list[AttendanceGroup] = field(default_factory=list)
    checkers: list[str] = field(default_factory=list)
    # The stored public PDF of the minutes, whose SHA-256 lets anyone verify a copy.
    minutes_pdf: StoredDocument | None = None


# The order and headings of the attendance list, as minutes print it (seed 003).
ATTENDANCE_GROUPS = [
    (Attendance.Capacity.MEMBER, _("Members")),
    (Attendance.Capacity.DEPUTY, _("Deputies")),
    (Attendance.Capacity.REPRESENTATIVE, _("Representatives named by member municipalities")),
    (Attendance.Capacity.PRESENTER, _("Presenter")),
    (Attendance.Capacity.SECRETARY, _("Secretary")),
    (Attendance.Capacity.EXPERT, _("Experts")),
    (Attendance.Capacity.OTHER, _("Other participants")),
    (Attendance.Capacity.INVITED, _("Invited")),
]


def _attendance_groups(attendances: list[Attendance]) -> list[AttendanceGroup]:
    groups = [
        AttendanceGroup(str(label), [a for a in attendances if a.present and a.capacity == cap])
        for cap, label in ATTENDANCE_GROUPS
    ]
    groups.append(AttendanceGroup(str(_("Absent")), [a for a in attendances if not a.present]))
    return [group for group in groups if group.attendances]


def meeting_page(*, pk: int) -> MeetingPage:
    """A meeting with what of its agenda and minutes is public."""
    meeting = (
        Meeting.objects.select_related(
            "body", "body__organisation", "chair", "secretary", "presenter"
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404(_("No such meeting."))
    page = MeetingPage(
        meeting=meeting,
        agenda_public=rules.meeting_agenda_public(meeting=meeting),
        minutes_public=rules.meeting_minutes_public(meeting=meeting),
    )
    if not page.agenda_public:
        return page
    items = list(
        meeting.items.select_related("case", "presenter")
        .prefetch_related(
            "contacts",
            "attachments",
            Prefetch("speaking_turns", SpeakingTurn.objects.select_related("person")),
        )
        .order_by("position")
    )
    histories = case_histories(
        case_ids=[item.case_id for item in items if item.case_id is not None],
        meeting_statuses=rules.AGENDA_PUBLIC_STATUSES,
    )
    for item in items:
        content_public = rules.item_content_public(item=item, meeting=meeting)
        decision_public = rules.item_decision_public(item=item, meeting=meeting)
        earlier = [
            handling
            for handling in histories.get(item.case_id or 0, [])
            if handling.item.meeting.start < meeting.start
        ]
        page.items.append(
            ItemView(
                item=item,
                content_public=content_public,
                decision_public=decision_public,
                earlier_handling=earlier,
                attachments=[
                    AttachmentView(
                        attachment,
                        rules.attachment_public(attachment=attachment, item=item, meeting=meeting),
                    )
                    for attachment in item.attachments.all()
                ],
                speakers=[turn.person.full_name for turn in item.speaking_turns.all()],
            )
        )
    if page.minutes_public:
        page.attendance = _attendance_groups(
            list(
                meeting.attendances.select_related("person", "deputy_for").order_by(
                    "position", "person__last_name"
                )
            )
        )
        page.checkers = [
            person.full_name for person in meeting.minute_checkers.order_by("last_name")
        ]
        page.minutes_pdf = StoredDocument.objects.filter(
            meeting=meeting,
            kind=StoredDocument.Kind.MINUTES,
            variant=StoredDocument.Variant.PUBLIC,
            language="fi",
        ).first()
    return page


@dataclass
class CasePage:
    case: Case
    handlings: list[Handling]


def case_page(*, pk: int) -> CasePage:
    """A case with its handlings in meetings whose agenda is public. A case that no public
    agenda has carried yet is not shown at all."""
    case = Case.objects.select_related("organisation").filter(pk=pk).first()
    handlings = (
        case_histories(case_ids=[case.pk], meeting_statuses=rules.AGENDA_PUBLIC_STATUSES)[case.pk]
        if case is not None
        else []
    )
    if case is None or not handlings:
        raise Http404(_("No such case."))
    return CasePage(case=case, handlings=handlings)


# ---------------------------------------------------------------------------------------------
# Decisions: the list page, the API and the feeds read the same selector.


@dataclass(frozen=True)
class DecisionFilter:
    """What a decisions list is narrowed by; every field is optional."""

    body: str = ""  # a body's slug
    organisation: str = ""  # an organisation's slug
    date_from: dt.date | None = None  # meeting day, inclusive
    date_to: dt.date | None = None
    decision_type: str = ""  # one of AgendaItem.DecisionType
    q: str = ""  # words that must all appear in the title, proposal or decision


def _words(q: str) -> list[str]:
    return [word for word in q.split() if word][:10]


def _text_matches(item: AgendaItem, words: list[str]) -> bool:
    text = " ".join([item.title, item.proposal, item.decision, item.preparation_text]).casefold()
    return all(word.casefold() in text for word in words)


def decisions(*, filters: DecisionFilter | None = None) -> QuerySet[AgendaItem]:
    """Public decisions, newest meeting first: items of published minutes whose decision is
    public and written. A text search never finds an item by a private person's name that the
    public version no longer shows. (Issue 7 brings Finnish morphology; this matches parts of
    words, case-insensitively for the letters the database folds.)"""
    filters = filters or DecisionFilter()
    items = (
        AgendaItem.objects.filter(rules.item_decision_public_q())
        .exclude(decision="")
        .select_related("meeting", "meeting__body", "meeting__body__organisation", "case")
        .order_by("-meeting__start", "-meeting_id", "position")
    )
    if filters.body:
        items = items.filter(meeting__body__slug=filters.body)
    if filters.organisation:
        items = items.filter(meeting__body__organisation__slug=filters.organisation)
    if filters.date_from:
        items = items.filter(meeting__start__gte=_day_start(filters.date_from))
    if filters.date_to:
        items = items.filter(meeting__start__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.decision_type:
        items = items.filter(decision_type=filters.decision_type)
    words = _words(filters.q)
    for word in words:
        items = items.filter(
            Q(title__icontains=word)
            | Q(proposal__icontains=word)
            | Q(decision__icontains=word)
            | Q(preparation_text__icontains=word)
        )
    if words:
        # A match may rest on a name that the public version has replaced: check those items
        # again as the public reads them (few: only items whose personal data is removed).
        redacted = items.filter(personal_data=True, personal_data_removed_on__isnull=False)
        hidden = [
            item.pk for item in redacted if not _text_matches(rules.item_for_public(item), words)
        ]
        if hidden:
            items = items.exclude(pk__in=hidden)
    return items


def _day_start(day: dt.date) -> dt.datetime:
    return helsinki_datetime(day.year, day.month, day.day)

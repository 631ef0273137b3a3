"""Reads for the public pages. Each returns what a page shows, with the publication rule
(`kokous.publishing.rules`) already applied, in a number of queries that does not grow with
the data.

Every text of an agenda item that a page shows comes from `rules.item_for_public` (the item as
the public reads it, names of private persons removed once the appeal period has ended) or
`rules.item_public_text`; an item's page reuses the public version the printed documents
assemble (`kokous.documents.selectors`), so the page and the PDF never disagree."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kokous.cases.models import Case
from kokous.cases.selectors import Handling, case_histories
from kokous.core.timeutil import helsinki_datetime, local_date
from kokous.documents import selectors as documents
from kokous.documents.models import StoredDocument
from kokous.documents.services import stored_document_get
from kokous.meetings.models import AgendaItem, Attachment, Attendance, Meeting, SpeakingTurn
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.publishing import rules
from kokous.search.models import Kind
from kokous.search.selectors import matching_object_ids

# How much of a decision a summary (Open Graph description, list row) carries.
SUMMARY_LENGTH = 200


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


def summary(text: str, *, length: int = SUMMARY_LENGTH) -> str:
    """The start of `text` on one line, cut at a word near `length` characters."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:") + "…"


def first_line(text: str) -> str:
    """The first non-empty line of `text`, shortened to a summary."""
    for line in text.splitlines():
        if line.strip():
            return summary(line)
    return ""


def decisions_latest(*, limit: int = 5) -> list[AgendaItem]:
    """The newest public decisions, as the public reads them."""
    return [rules.item_for_public(item) for item in decisions()[:limit]]


# ---------------------------------------------------------------------------------------------
# Bodies and their members by term.


@dataclass
class MemberRow:
    """A role in a body, with the personal deputies of a member next to it."""

    membership: Membership
    deputies: list[Membership]


@dataclass
class Term:
    """The people of a body in one term: the current term, or an earlier one by its period."""

    current: bool
    start: dt.date
    end: dt.date | None
    rows: list[MemberRow]


@dataclass
class BodyPage:
    body: Body
    children: list[Body]
    terms: list[Term]
    meetings_by_year: list[tuple[int, list[Meeting]]]


_ROLE_ORDER = {role: index for index, role in enumerate(Membership.Role.values)}


def _member_rows(memberships: list[Membership]) -> list[MemberRow]:
    """Chair first, then vice chair, members ... in the order of Membership.Role, each member's
    personal deputies beside them; a deputy whose member is not in the list has a row."""
    listed = {m.pk for m in memberships}
    deputies: dict[int, list[Membership]] = {}
    for membership in memberships:
        if membership.deputy_for_id in listed:
            deputies.setdefault(membership.deputy_for_id, []).append(membership)
    rows = [
        MemberRow(m, deputies.get(m.pk, []))
        for m in memberships
        if m.deputy_for_id is None or m.deputy_for_id not in listed
    ]
    rows.sort(
        key=lambda r: (
            _ROLE_ORDER[r.membership.role],
            r.membership.person.last_name,
            r.membership.person.first_name,
        )
    )
    return rows


def membership_terms(*, memberships: list[Membership], today: dt.date) -> list[Term]:
    """Memberships grouped by term: those in office today first, then earlier terms by the
    day they ended, latest first (members who joined mid-term stay with their term)."""
    groups: dict[dt.date | None, list[Membership]] = {}
    for membership in memberships:
        ended = membership.end is not None and membership.end < today
        groups.setdefault(membership.end if ended else None, []).append(membership)
    terms = []
    for end, group in groups.items():
        ends = [m.end for m in group if m.end is not None]
        open_ended = len(ends) < len(group)
        terms.append(
            Term(
                current=end is None,
                start=min(m.start for m in group),
                end=end if end is not None else (None if open_ended else max(ends)),
                rows=_member_rows(group),
            )
        )
    terms.sort(key=lambda t: (not t.current, -(t.end or today).toordinal()))
    return terms


def body_page(*, slug: str, today: dt.date | None = None) -> BodyPage:
    """A body with the bodies it set up, its people by term and its meetings by year."""
    body = Body.objects.select_related("organisation", "parent").filter(slug=slug).first()
    if body is None:
        raise Http404(_("No such body."))
    today = today or local_date(timezone.now())
    memberships = list(body.memberships.select_related("person", "deputy_for__person"))
    years: dict[int, list[Meeting]] = {}
    for meeting in body.meetings.order_by("-start"):
        years.setdefault(meeting.year, []).append(meeting)
    return BodyPage(
        body=body,
        children=list(body.children.order_by("name_fi")),
        terms=membership_terms(memberships=memberships, today=today),
        meetings_by_year=sorted(years.items(), reverse=True),
    )


# ---------------------------------------------------------------------------------------------
# The meeting calendar.


@dataclass
class CalendarDay:
    date: dt.date
    meetings: list[Meeting]


@dataclass
class MeetingCalendar:
    """A month's meetings (or, with no month, the upcoming ones) by day."""

    month: dt.date | None  # the first day of the month shown; None for the upcoming meetings
    previous_month: dt.date
    next_month: dt.date
    body: Body | None
    days: list[CalendarDay]


def _add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def meeting_calendar(
    *,
    month: dt.date | None = None,
    body: Body | None = None,
    now: dt.datetime | None = None,
    limit: int = 60,
) -> MeetingCalendar:
    """The meetings of all bodies (or of `body`) in `month`, by day in Helsinki time; without a
    month the next `limit` meetings from `now` on. A meeting's time and place are always
    public; what of its agenda is, its own page tells."""
    now = now or timezone.now()
    meetings = _meetings()
    if body is not None:
        meetings = meetings.filter(body=body)
    if month is not None:
        first = month.replace(day=1)
        following = _add_months(first, 1)
        meetings = meetings.filter(
            start__gte=helsinki_datetime(first.year, first.month, 1),
            start__lt=helsinki_datetime(following.year, following.month, 1),
        ).order_by("start", "body__name_fi")
        previous_month, next_month = _add_months(first, -1), following
    else:
        first = None
        this_month = local_date(now).replace(day=1)
        meetings = meetings.filter(start__gte=now).order_by("start", "body__name_fi")[:limit]
        previous_month, next_month = this_month, _add_months(this_month, 1)
    days: dict[dt.date, list[Meeting]] = {}
    for meeting in meetings:
        days.setdefault(local_date(meeting.start), []).append(meeting)
    return MeetingCalendar(
        month=first,
        previous_month=previous_month,
        next_month=next_month,
        body=body,
        days=[CalendarDay(day, found) for day, found in days.items()],
    )


# ---------------------------------------------------------------------------------------------
# A meeting and its items.


@dataclass
class AttachmentView:
    attachment: Attachment
    public: bool
    title: str  # as the public reads it


@dataclass
class HandlingView:
    """One handling of a case as the public sees it: the item's public copy, and whether its
    decision is public."""

    date: dt.date
    section_number: int
    body_name: str
    item: AgendaItem
    decision_public: bool


def _handling_views(handlings: list[Handling]) -> list[HandlingView]:
    views = []
    for handling in handlings:
        item = rules.item_for_public(handling.item)
        views.append(
            HandlingView(
                date=handling.date,
                section_number=handling.section_number,
                body_name=handling.body_name,
                item=item,
                decision_public=bool(item.decision)
                and rules.item_decision_public(item=item, meeting=handling.item.meeting),
            )
        )
    return views


@dataclass
class ItemView:
    """An agenda item as the public sees it (`item` is the public copy)."""

    item: AgendaItem
    content_public: bool
    decision_public: bool
    earlier_handling: list[HandlingView]
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
            "body", "body__organisation", "chair", "secretary", "presenter", "import_record"
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
    for stored_item in items:
        item = rules.item_for_public(stored_item)
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
                earlier_handling=_handling_views(earlier),
                attachments=[
                    AttachmentView(
                        attachment,
                        rules.attachment_public(attachment=attachment, item=item, meeting=meeting),
                        rules.item_public_text(item=item, text=attachment.title),
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


@dataclass(frozen=True)
class ItemLink:
    """Another item of the same meeting, for the previous/next links."""

    pk: int
    section_number: int
    title: str


@dataclass
class ItemPage:
    """One agenda item on its own page: `entry` is the item as the public version of the
    documents prints it (content, proposals, votes, decision, dissents, attachments)."""

    meeting: Meeting
    entry: documents.DocItem
    minutes_public: bool
    language: str  # of the documents (appeal instructions, extract): fi or sv
    appeals: list[documents.AppealGroup]
    handlings: list[HandlingView]
    previous: ItemLink | None
    next: ItemLink | None
    extract_public: bool
    extract_pdf: StoredDocument | None

    @property
    def item(self) -> AgendaItem:
        return self.entry.item

    @property
    def summary(self) -> str:
        """What the item came to (its decision) in a couple of lines, or else its title."""
        if self.entry.decision_shown and self.item.decision:
            return summary(self.item.decision)
        return self.item.title


def _document_language(organisation: Organisation) -> str:
    """The page's language when the organisation's documents are written in it, else Finnish."""
    language = (translation.get_language() or "fi").split("-")[0]
    return language if language in documents.document_languages(organisation=organisation) else "fi"


def item_page(*, pk: int) -> ItemPage:
    """An agenda item whose meeting's agenda is public, with what of it is public, its
    neighbours on the agenda and the case's whole handling history across bodies."""
    meeting = (
        Meeting.objects.select_related("body", "body__organisation").filter(items__pk=pk).first()
    )
    if meeting is None or not rules.meeting_agenda_public(meeting=meeting):
        raise Http404(_("No such item."))
    minutes = rules.meeting_minutes_public(meeting=meeting)
    language = _document_language(meeting.body.organisation)
    document = documents.item_public_document(meeting=meeting, item_pk=pk, language=language)
    entry = document.items[0]
    siblings = list(
        meeting.items.order_by("position").only(
            "pk",
            "meeting_id",
            "position",
            "section_number",
            "title",
            "personal_data",
            "private_persons",
            "personal_data_removed_on",
        )
    )
    links = [
        ItemLink(s.pk, s.section_number, rules.item_public_text(item=s, text=s.title))
        for s in siblings
    ]
    index = next(i for i, link in enumerate(links) if link.pk == pk)
    handlings = (
        case_histories(
            case_ids=[entry.item.case_id], meeting_statuses=rules.AGENDA_PUBLIC_STATUSES
        )[entry.item.case_id]
        if entry.item.case_id is not None
        else []
    )
    extract_public = (
        entry.content_shown and entry.decision_shown and meeting.minutes_locked_at is not None
    )
    return ItemPage(
        meeting=meeting,
        entry=entry,
        minutes_public=minutes,
        language=language,
        appeals=document.appeals,
        handlings=_handling_views(handlings),
        previous=links[index - 1] if index > 0 else None,
        next=links[index + 1] if index + 1 < len(links) else None,
        extract_public=extract_public,
        extract_pdf=stored_document_get(
            kind=StoredDocument.Kind.EXTRACT,
            variant=StoredDocument.Variant.PUBLIC,
            language=language,
            pk=pk,
        )
        if extract_public
        else None,
    )


# ---------------------------------------------------------------------------------------------
# Cases and people.


@dataclass
class CasePage:
    case: Case
    handlings: list[HandlingView]


def case_page(*, pk: int) -> CasePage:
    """A case with its handlings in meetings whose agenda is public, across bodies, with the
    decisions that are public. A case that no public agenda has carried yet is not shown."""
    case = Case.objects.select_related("organisation").filter(pk=pk).first()
    handlings = (
        case_histories(case_ids=[case.pk], meeting_statuses=rules.AGENDA_PUBLIC_STATUSES)[case.pk]
        if case is not None
        else []
    )
    if case is None or not handlings:
        raise Http404(_("No such case."))
    return CasePage(case=case, handlings=_handling_views(handlings))


@dataclass
class PersonPage:
    """A person's public roles. Contact details only when the person gives more information
    on a public item (a work contact); private persons never have a page."""

    person: Person
    current_memberships: list[Membership]
    former_memberships: list[Membership]
    meetings_chaired: list[Meeting]
    meetings_presented: list[Meeting]
    items_presented: list[AgendaItem]  # public copies
    items_contact: list[AgendaItem]  # public copies

    @property
    def is_contact(self) -> bool:
        return bool(self.items_contact)

    @property
    def membership_groups(self) -> list[tuple[list[Membership], str]]:
        """The roles held now and those of earlier terms, with their captions."""
        groups = [
            (self.current_memberships, _("In office")),
            (self.former_memberships, _("Former terms")),
        ]
        return [(memberships, str(caption)) for memberships, caption in groups if memberships]


# The longest of each list a person's page shows.
PERSON_LIST_LIMIT = 200


def person_page(*, pk: int, today: dt.date | None = None) -> PersonPage:
    """A person who holds or held a role in a body, chaired or presented a meeting, presented a
    listed item or gives more information on a public one. Anyone else is a 404."""
    person = Person.objects.filter(rules.person_public_q(), pk=pk).first()
    if person is None:
        raise Http404(_("No such person."))
    today = today or local_date(timezone.now())
    memberships = sorted(
        person.memberships.select_related("body", "body__organisation", "deputy_for__person"),
        key=lambda m: (-m.start.toordinal(), str(m.body.name), _ROLE_ORDER[m.role]),
    )
    limit = PERSON_LIST_LIMIT
    chaired = list(
        _meetings().filter(rules.minutes_public_q(), chair=person).order_by("-start")[:limit]
    )
    presented = list(
        _meetings().filter(rules.agenda_public_q(), presenter=person).order_by("-start")[:limit]
    )
    items = AgendaItem.objects.select_related("meeting", "meeting__body").order_by(
        "-meeting__start", "position"
    )
    items_presented = [
        rules.item_for_public(item)
        for item in items.filter(rules.item_listed_q(), presenter=person)[:limit]
    ]
    items_contact = [
        rules.item_for_public(item)
        for item in items.filter(rules.item_content_public_q(), contacts=person)[:limit]
    ]
    return PersonPage(
        person=person,
        current_memberships=[m for m in memberships if m.end is None or m.end >= today],
        former_memberships=[m for m in memberships if m.end is not None and m.end < today],
        meetings_chaired=chaired,
        meetings_presented=presented,
        items_presented=items_presented,
        items_contact=items_contact,
    )


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
    q: str = ""  # a search (kokous.search.query syntax) over the public text of the items


def decisions(*, filters: DecisionFilter | None = None) -> QuerySet[AgendaItem]:
    """Public decisions, newest meeting first: items of published minutes whose decision is
    public and written. `filters.q` searches the public search index (words in any inflected
    form, compound parts; see kokous.search), which never holds a private person's name that
    the public version no longer shows."""
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
    if filters.q:
        matching = matching_object_ids(q=filters.q, kind=Kind.ITEM)
        items = items.filter(pk__in=matching) if matching is not None else items.none()
    return items


def _day_start(day: dt.date) -> dt.datetime:
    return helsinki_datetime(day.year, day.month, day.day)

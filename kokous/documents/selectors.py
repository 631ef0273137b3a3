"""The document model: an agenda, minutes or extract assembled from the stored record, once,
for both outputs (HTML and PDF) and both versions (public and full).

The public version applies the publication rule (`kokous.publishing.rules`) item by item: a
confidential item is a mention with its legal basis, an item public after the decision is a
mention until the minutes are out, a non-public attachment is listed by title only, and the
reasons given for a disqualification (personal data that the public does not need) are left
out. The full version, for the body's members, prints everything.

Call the builders inside `translation.override(language)`: the labels they compose are in the
document's language.
"""

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kokous.cases.selectors import Handling, case_histories
from kokous.core.deadlines import AppealPeriod, appeal_period
from kokous.core.timeutil import local_date
from kokous.documents.appeals import AppealInstruction, appeal_instruction, item_appeal_kind
from kokous.documents.models import AppealSettings, AppealText, StoredDocument
from kokous.meetings.models import (
    AgendaItem,
    AppealKind,
    Attachment,
    Attendance,
    Disqualification,
    Meeting,
    SpeakingTurn,
)
from kokous.minutes.models import Signature
from kokous.minutes.services import minutes_signers
from kokous.organisations.models import Body, Organisation, Person
from kokous.proceedings.models import Ballot, Dissent, Proposal, Vote
from kokous.publishing import rules

Kind = StoredDocument.Kind
Variant = StoredDocument.Variant

# The languages a document is written in: Finnish, and Swedish for bilingual organisations.
DOCUMENT_LANGUAGES = ("fi", "sv")

# Statuses in which a meeting has minutes to print (a draft until they are locked).
MINUTES_STATUSES = frozenset(
    {Meeting.Status.HELD, Meeting.Status.MINUTES_CHECKED, Meeting.Status.PUBLISHED}
)


def document_languages(*, organisation: Organisation) -> tuple[str, ...]:
    """The languages the organisation's documents can be had in."""
    return DOCUMENT_LANGUAGES if organisation.bilingual else ("fi",)


@dataclass(frozen=True)
class DocAttachment:
    attachment: Attachment
    shown: bool  # its title links to the file in this version


@dataclass(frozen=True)
class DocVote:
    vote: Vote
    yes_label: str
    no_label: str
    yes: list[str]
    no: list[str]
    blank: list[str]


@dataclass(frozen=True)
class DocDisqualification:
    person: Person
    reason: str  # empty in the public version


@dataclass
class DocItem:
    """One item as this version of the document prints it."""

    item: AgendaItem
    content_shown: bool
    decision_shown: bool
    earlier_handling: list[Handling]
    attachments: list[DocAttachment]
    contacts: list[Person]
    appeal_kind: str
    speakers: list[str] = field(default_factory=list)
    base_proposal: Proposal | None = None
    proposals: list[Proposal] = field(default_factory=list)  # made at the meeting
    votes: list[DocVote] = field(default_factory=list)
    dissents: list[Dissent] = field(default_factory=list)
    disqualifications: list[DocDisqualification] = field(default_factory=list)

    @property
    def mention(self) -> str:
        """Why the content is not printed, for a mention in the public version."""
        if self.item.publicity == "confidential":
            return _("Confidential (%(basis)s).") % {"basis": self.item.legal_basis}
        return _("Public after the decision.")

    @property
    def anchor(self) -> str:
        return f"s{self.item.section_number}"


@dataclass(frozen=True)
class AttendanceLine:
    name: str
    notes: list[str]


@dataclass(frozen=True)
class AttendanceGroup:
    label: str
    lines: list[AttendanceLine]


@dataclass(frozen=True)
class SignatureLine:
    person: Person
    role_label: str
    signed_on: dt.date | None


@dataclass(frozen=True)
class AppealGroup:
    instruction: AppealInstruction
    sections: list[int]
    period: AppealPeriod | None


@dataclass
class Document:
    """An agenda, minutes or extract, ready for the templates."""

    kind: str
    variant: str
    language: str
    meeting: Meeting
    body: Body
    organisation: Organisation
    items: list[DocItem]
    draft: bool = False
    attendance: list[AttendanceGroup] = field(default_factory=list)
    chair: SignatureLine | None = None
    secretary: SignatureLine | None = None
    checkers: list[SignatureLine] = field(default_factory=list)
    appeals: list[AppealGroup] = field(default_factory=list)
    published_on: dt.date | None = None
    certified_on: dt.date | None = None

    @property
    def title(self) -> str:
        return {
            Kind.AGENDA: _("Agenda"),
            Kind.MINUTES: _("Minutes"),
            Kind.EXTRACT: _("Extract from the minutes"),
        }[Kind(self.kind)]

    @property
    def number(self) -> str:
        return f"{self.meeting.number}/{self.meeting.year}"

    @property
    def date(self) -> dt.date:
        return local_date(self.meeting.start)

    @property
    def is_public(self) -> bool:
        return self.variant == Variant.PUBLIC

    @property
    def has_supplementary(self) -> bool:
        return any(doc_item.item.supplementary for doc_item in self.items)


def _meeting(pk: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related(
            "body", "body__organisation", "chair", "secretary", "presenter"
        )
        .filter(pk=pk)
        .first()
    )
    if meeting is None:
        raise Http404(_("No such meeting."))
    return meeting


def _check_language(language: str, organisation: Organisation) -> None:
    if language not in document_languages(organisation=organisation):
        raise Http404(_("The document is not available in this language."))


def _items(meeting: Meeting, *, minutes: bool, only: int | None = None) -> list[AgendaItem]:
    items = meeting.items.select_related("case", "presenter").prefetch_related(
        "contacts", "attachments"
    )
    if minutes:
        items = items.prefetch_related(
            Prefetch("speaking_turns", SpeakingTurn.objects.select_related("person")),
            Prefetch("proposals", Proposal.objects.select_related("proposer", "seconder")),
            Prefetch(
                "votes",
                Vote.objects.select_related("yes__proposer", "no__proposer").prefetch_related(
                    Prefetch("ballots", Ballot.objects.select_related("person"))
                ),
            ),
            Prefetch("dissents", Dissent.objects.select_related("person")),
            Prefetch("disqualifications", Disqualification.objects.select_related("person")),
        )
    if only is not None:
        items = items.filter(pk=only)
    return list(items.order_by("position"))


def proposal_label(proposal: Proposal | None) -> str:
    if proposal is None:
        return _("continuing the handling")
    if proposal.kind == Proposal.Kind.BASE:
        return _("the presenter's proposal")
    label = {
        Proposal.Kind.COUNTER: _("counter-proposal of %(person)s"),
        Proposal.Kind.TABLING: _("motion of %(person)s to table the item"),
        Proposal.Kind.RETURN: _("motion of %(person)s to return the item for preparation"),
    }[Proposal.Kind(proposal.kind)]
    return label % {"person": proposal.proposer.full_name if proposal.proposer else "–"}


def _doc_vote(vote: Vote) -> DocVote:
    names: dict[str, list[str]] = {choice: [] for choice in Ballot.Choice.values}
    for ballot in vote.ballots.all():
        names[ballot.choice].append(ballot.person.full_name)
    return DocVote(
        vote=vote,
        yes_label=proposal_label(vote.yes),
        no_label=proposal_label(vote.no),
        yes=names[Ballot.Choice.YES],
        no=names[Ballot.Choice.NO],
        blank=names[Ballot.Choice.BLANK],
    )


def _doc_items(
    meeting: Meeting, items: list[AgendaItem], *, variant: str, minutes: bool
) -> list[DocItem]:
    public = variant == Variant.PUBLIC
    histories = case_histories(
        case_ids=[item.case_id for item in items if item.case_id is not None],
        meeting_statuses=rules.AGENDA_PUBLIC_STATUSES if public else None,
    )
    doc_items = []
    for item in items:
        if public:
            # Names of private persons leave the public version after the appeal period.
            item = rules.item_for_public(item)
            content_shown = rules.item_content_public(item=item, meeting=meeting)
            decision_shown = minutes and rules.item_decision_public(item=item, meeting=meeting)
        else:
            content_shown, decision_shown = True, minutes
        doc_item = DocItem(
            item=item,
            content_shown=content_shown,
            decision_shown=decision_shown,
            earlier_handling=[
                handling
                for handling in histories.get(item.case_id or 0, [])
                if handling.item.meeting.start < meeting.start
            ],
            attachments=[
                DocAttachment(
                    _public_attachment(attachment, item) if public else attachment,
                    shown=bool(attachment.file)
                    and (
                        not public
                        or rules.attachment_public(
                            attachment=attachment, item=item, meeting=meeting
                        )
                    ),
                )
                for attachment in item.attachments.all()
            ],
            contacts=list(item.contacts.all()),
            appeal_kind=item_appeal_kind(item=item, body=meeting.body),
        )
        if minutes and decision_shown:
            proposals = list(item.proposals.all())
            doc_item.speakers = [turn.person.full_name for turn in item.speaking_turns.all()]
            doc_item.base_proposal = next(
                (p for p in proposals if p.kind == Proposal.Kind.BASE), None
            )
            doc_item.proposals = [p for p in proposals if p.kind != Proposal.Kind.BASE]
            doc_item.votes = [_doc_vote(vote) for vote in item.votes.all()]
            doc_item.dissents = list(item.dissents.all())
            if public and rules.item_personal_data_removed(item=item):
                doc_item.base_proposal = _public_copy(doc_item.base_proposal, item, "text")
                doc_item.proposals = [_public_copy(p, item, "text") for p in doc_item.proposals]
                doc_item.dissents = [_public_copy(d, item, "reason") for d in doc_item.dissents]
            doc_item.disqualifications = [
                DocDisqualification(d.person, "" if public else d.reason)
                for d in item.disqualifications.all()
            ]
        doc_items.append(doc_item)
    return doc_items


def _public_attachment(attachment: Attachment, item: AgendaItem) -> Attachment:
    if not rules.item_personal_data_removed(item=item):
        return attachment
    return _public_copy(attachment, item, "title")


_Copied = TypeVar("_Copied", bound=models.Model | None)


def _public_copy(obj: _Copied, item: AgendaItem, field_name: str) -> _Copied:
    """A read-only copy of `obj` whose text in `field_name` is as the public reads it."""
    if obj is None:
        return obj
    public = copy.copy(obj)
    setattr(public, field_name, rules.item_public_text(item=item, text=getattr(obj, field_name)))
    return public


# The order and headings of the attendance list (seed 003): members, deputies, the member
# municipalities' representatives, participants on behalf of another body (seed 003's "VATE"),
# presenter, secretary, experts, others, invited, absent.
_GROUPS_BEFORE_BODIES = [
    (Attendance.Capacity.MEMBER, lambda: _("Members")),
    (Attendance.Capacity.DEPUTY, lambda: _("Deputies")),
    (
        Attendance.Capacity.REPRESENTATIVE,
        lambda: _("Representatives named by member municipalities"),
    ),
]
_GROUPS_AFTER_BODIES = [
    (Attendance.Capacity.PRESENTER, lambda: _("Presenter")),
    (Attendance.Capacity.SECRETARY, lambda: _("Secretary")),
    (Attendance.Capacity.EXPERT, lambda: _("Experts")),
    (Attendance.Capacity.OTHER, lambda: _("Other participants")),
    (Attendance.Capacity.INVITED, lambda: _("Invited")),
]
# Capacities that are grouped under the body they come from when `represents` names one.
_BODY_GROUPED = frozenset({Attendance.Capacity.EXPERT, Attendance.Capacity.OTHER})


def _attendance_line(
    attendance: Attendance, meeting: Meeting, sections: tuple[int, int], *, with_group: bool
) -> AttendanceLine:
    """One person's line; `sections` are the meeting's first and last section numbers, which
    complete the range of someone who came late or left early."""
    notes = []
    if attendance.deputy_for is not None:
        notes.append(_("deputy for %(member)s") % {"member": attendance.deputy_for.full_name})
    if attendance.represents and with_group:
        notes.append(attendance.represents)
    if attendance.person_id == meeting.chair_id:
        notes.append(_("chair"))
    first, last = attendance.present_from, attendance.present_until
    if attendance.present and (first is not None or last is not None):
        notes.append(
            _("present %(first)s–%(last)s §")
            % {
                "first": first.section_number if first else sections[0],
                "last": last.section_number if last else sections[1],
            }
        )
    return AttendanceLine(attendance.person.full_name, notes)


def attendance_groups(*, meeting: Meeting) -> list[AttendanceGroup]:
    """The meeting's attendance grouped as minutes print it, with the chair marked, the
    municipality of each representative, and partial presence as a § range."""
    attendances = list(
        meeting.attendances.select_related(
            "person", "deputy_for", "present_from", "present_until"
        ).order_by("position", "person__last_name")
    )
    body_names: set[str] = set()
    for body in Body.objects.filter(organisation_id=meeting.body.organisation_id).exclude(
        pk=meeting.body_id
    ):
        body_names.update({body.name_fi, body.abbreviation} - {""})
    present = [a for a in attendances if a.present]
    numbers = list(meeting.items.order_by("position").values_list("section_number", flat=True))
    sections = (numbers[0], numbers[-1]) if numbers else (0, 0)

    def from_body(a: Attendance) -> bool:
        return a.capacity in _BODY_GROUPED and a.represents in body_names

    groups = []
    for capacity, label in _GROUPS_BEFORE_BODIES:
        lines = [
            _attendance_line(
                a, meeting, sections, with_group=capacity != Attendance.Capacity.MEMBER
            )
            for a in present
            if a.capacity == capacity
        ]
        groups.append(AttendanceGroup(label(), lines))
    for name in dict.fromkeys(a.represents for a in present if from_body(a)):
        lines = [
            _attendance_line(a, meeting, sections, with_group=False)
            for a in present
            if from_body(a) and a.represents == name
        ]
        groups.append(AttendanceGroup(name, lines))
    for capacity, label in _GROUPS_AFTER_BODIES:
        lines = [
            _attendance_line(a, meeting, sections, with_group=True)
            for a in present
            if a.capacity == capacity and not from_body(a)
        ]
        groups.append(AttendanceGroup(label(), lines))
    groups.append(
        AttendanceGroup(
            _("Absent"),
            [
                AttendanceLine(a.person.full_name, [a.represents] if a.represents else [])
                for a in attendances
                if not a.present
            ],
        )
    )
    return [group for group in groups if group.lines]


def _signed_on(signature: Signature | None) -> dt.date | None:
    if signature is None or signature.verdict != Signature.Verdict.APPROVED:
        return None
    return local_date(signature.created_at)


def _signatures(document: Document) -> None:
    meeting = document.meeting
    signers = {signer.person.pk: signer for signer in minutes_signers(meeting=meeting)}

    def line(person: Person | None, label: str) -> SignatureLine | None:
        if person is None:
            return None
        signer = signers.get(person.pk)
        return SignatureLine(person, label, _signed_on(signer.signature if signer else None))

    document.chair = line(meeting.chair, _("chair"))
    document.secretary = line(meeting.secretary, _("secretary"))
    document.checkers = [
        line(person, _("minute checker"))  # type: ignore[misc]
        for person in meeting.minute_checkers.order_by("last_name", "first_name")
    ]


def _appeals(document: Document) -> None:
    organisation = document.organisation
    texts = {(t.kind, t.language): t for t in AppealText.objects.filter(organisation=organisation)}
    settings = AppealSettings.objects.filter(organisation=organisation).first()
    published = document.meeting.minutes_published_on
    for kind in AppealKind.values:
        sections = [d.item.section_number for d in document.items if d.appeal_kind == kind]
        if not sections:
            continue
        instruction = appeal_instruction(
            kind=kind,
            language=document.language,
            body=document.body,
            organisation=organisation,
            texts=texts,
            settings=settings,
        )
        period = (
            appeal_period(published=published, days=instruction.days)
            if published is not None and instruction.days is not None
            else None
        )
        document.appeals.append(AppealGroup(instruction, sections, period))


def _document(
    kind: str,
    variant: str,
    language: str,
    meeting: Meeting,
    items: list[AgendaItem],
    **extra: Any,
) -> Document:
    """A document of `meeting` with its `items` as `variant` prints them."""
    return Document(
        kind=kind,
        variant=variant,
        language=language,
        meeting=meeting,
        body=meeting.body,
        organisation=meeting.body.organisation,
        items=_doc_items(meeting, items, variant=variant, minutes=kind != Kind.AGENDA),
        **extra,
    )


def agenda_document(*, meeting_pk: int, variant: str, language: str) -> Document:
    """The agenda. Public once the invitation has been sent; the full version is available to
    the body at any time, marked as a draft until the invitation goes out."""
    meeting = _meeting(meeting_pk)
    _check_language(language, meeting.body.organisation)
    sent = rules.meeting_agenda_public(meeting=meeting)
    if variant == Variant.PUBLIC and not sent:
        raise Http404(_("The agenda has not been published yet."))
    return _document(
        Kind.AGENDA, variant, language, meeting, _items(meeting, minutes=False), draft=not sent
    )


def minutes_document(*, meeting_pk: int, variant: str, language: str) -> Document:
    """The minutes. Public once checked and published; the full version is available to the
    body from the end of the meeting, marked as a draft until the minutes are locked."""
    meeting = _meeting(meeting_pk)
    _check_language(language, meeting.body.organisation)
    if variant == Variant.PUBLIC and not rules.meeting_minutes_public(meeting=meeting):
        raise Http404(_("The minutes have not been published yet."))
    if meeting.status not in MINUTES_STATUSES:
        raise Http404(_("The minutes are drawn up once the meeting has been held."))
    document = _document(
        Kind.MINUTES,
        variant,
        language,
        meeting,
        _items(meeting, minutes=True),
        draft=meeting.minutes_locked_at is None,
        attendance=attendance_groups(meeting=meeting),
        published_on=meeting.minutes_published_on,
    )
    _signatures(document)
    _appeals(document)
    return document


def extract_document(
    *, item_pk: int, variant: str, language: str, certified_on: dt.date | None = None
) -> Document:
    """An extract of one item of locked minutes, certified by the secretary, with its appeal
    instructions. The public version exists once the minutes are published and the item's
    decision is public."""
    item = AgendaItem.objects.filter(pk=item_pk).only("pk", "meeting_id").first()
    if item is None:
        raise Http404(_("No such item."))
    meeting = _meeting(item.meeting_id)
    _check_language(language, meeting.body.organisation)
    if meeting.minutes_locked_at is None:
        raise Http404(_("An extract is certified from checked and locked minutes."))
    document = _document(
        Kind.EXTRACT,
        variant,
        language,
        meeting,
        _items(meeting, minutes=True, only=item_pk),
        published_on=meeting.minutes_published_on,
        certified_on=certified_on or timezone.localdate(),
    )
    shown = document.items[0]
    if variant == Variant.PUBLIC and not (
        rules.meeting_minutes_public(meeting=meeting)
        and shown.content_shown
        and shown.decision_shown
    ):
        raise Http404(_("This extract is not public."))
    _signatures(document)
    _appeals(document)
    return document


def item_public_document(*, meeting: Meeting, item_pk: int, language: str) -> Document:
    """The public version of one item of `meeting` as the documents print it, for the public
    item page: an extract once the minutes are public (with its appeal instructions when the
    decision is), before that the agenda's item. The caller has checked that the agenda is
    public; the publication rule and the removal of personal data apply item by item here."""
    minutes = rules.meeting_minutes_public(meeting=meeting)
    document = _document(
        Kind.EXTRACT if minutes else Kind.AGENDA,
        Variant.PUBLIC,
        language,
        meeting,
        _items(meeting, minutes=minutes, only=item_pk),
        published_on=meeting.minutes_published_on,
    )
    if document.items and document.items[0].decision_shown:
        _appeals(document)
    return document

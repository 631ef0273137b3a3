"""Writing parsed minutes into the database (`minutes_import`).

One call imports one document, inside one transaction: the body (found by its name, or created
with a kind read from the name), the people (found by name among the organisation's people,
created only when none is found, so a re-import never duplicates them), the meeting with its
attendance, officers and minute checkers, the items with their texts, speakers and attachment
lists, and the cases their record numbers name. The meeting comes in as published minutes,
locked like minutes checked in Kokous, and marked by an `ImportedMinutes` row that keeps the
source file and its SHA-256.

Importing the same file again changes nothing. A changed file (a corrected export) updates the
imported meeting in place, and nothing else: a meeting recorded in Kokous itself is never
overwritten by an import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from kokous.cases.models import Case
from kokous.cases.services import case_create
from kokous.core.text import plain_text_to_html
from kokous.core.timeutil import helsinki_datetime, local_date
from kokous.importer.models import ImportedMinutes
from kokous.importer.parse import Attendee, ImportFailed, Item, ParsedMeeting, ParseWarning
from kokous.meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Meeting,
    Publicity,
    SpeakingTurn,
)
from kokous.meetings.services import (
    agenda_item_record,
    attendance_record,
    meeting_create,
    speaking_turns_set,
)
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.search.models import Kind
from kokous.search.services import search_index_changed

# A body's kind read from the end of its name, the first match winning ("alatyöryhmä" before
# "työryhmä").
BODY_KINDS = (
    ("aluevaltuusto", Body.Kind.COUNCIL),
    ("valtuusto", Body.Kind.COUNCIL),
    ("aluehallitus", Body.Kind.BOARD),
    ("hallitus", Body.Kind.BOARD),
    ("lautakunta", Body.Kind.COMMITTEE),
    ("jaosto", Body.Kind.SECTION),
    ("valmistelutoimielin", Body.Kind.PREPARATORY_BODY),
    ("seurantaryhmä", Body.Kind.STEERING_GROUP),
    ("ohjausryhmä", Body.Kind.STEERING_GROUP),
    ("alatyöryhmä", Body.Kind.SUB_WORKING_GROUP),
    ("työryhmä", Body.Kind.WORKING_GROUP),
)
CAPACITIES = {
    "member": Attendance.Capacity.MEMBER,
    "municipal_representative": Attendance.Capacity.REPRESENTATIVE,
    "presenter": Attendance.Capacity.PRESENTER,
    "secretary": Attendance.Capacity.SECRETARY,
    "invited": Attendance.Capacity.INVITED,
    "other": Attendance.Capacity.OTHER,
    # A deputy is recorded for the member they stood in for; the documents rarely say whom.
    "deputy": Attendance.Capacity.OTHER,
}
# An item the document marks secret ("Salassa pidettävä", "Ei julkinen", "Sekretessbelagd"),
# and the legal basis it states ("JulkL 24 § 1 mom. 25 k", "julkisuuslain 24 §:n ...").
_SECRET_RE = re.compile(r"\bsalassa\s*pidettävä|\bei\s+julkinen\b|\bsekretess", re.I)
_LEGAL_BASIS_RE = re.compile(
    r"\b(?:julkl|julkisuusl\w*|offentlighetsl\w*|laki\s+viranomaisten\s+toiminnan\s+"
    r"julkisuudesta)\b[^\n.]*?\d+\s*§[^\n]*",
    re.I,
)
_ATTACHMENT_RE = re.compile(r"^\s*(?:liite\s*)?(\d{1,4})\s*[.:)-]?\s+(.*\S)\s*$", re.I)
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class ImportRefused(ImportFailed):
    """A document that is read but not imported: the reason (`message`) is for the person
    running the import."""


@dataclass
class ImportOutcome:
    """What importing one document did: `status` is "created", "updated" or "unchanged"."""

    status: str
    meeting: Meeting
    warnings: list[ParseWarning] = field(default_factory=list)


def body_kind_guess(name: str) -> str:
    folded = name.casefold()
    for ending, kind in BODY_KINDS:
        if folded.endswith(ending):
            return kind
    return Body.Kind.OTHER


def body_resolve(*, name: str, organisation: Organisation | None) -> tuple[Body, bool]:
    """The body called `name` (in Finnish or Swedish, or its abbreviation, case ignored), or a
    new one in `organisation`; the flag says whether it was created. Without an organisation
    the name must be unique across the organisations, and a new body needs the one
    organisation there is."""
    folded = name.casefold().strip()
    bodies = Body.objects.select_related("organisation")
    if organisation is not None:
        bodies = bodies.filter(organisation=organisation)
    found = [
        body
        for body in bodies
        if folded in {body.name_fi.casefold(), body.name_sv.casefold()}
        or (body.abbreviation and folded == body.abbreviation.casefold())
    ]
    if len(found) == 1:
        return found[0], False
    if len(found) > 1:
        raise ImportRefused(
            _("Several bodies are called “%(name)s”; name the organisation to import into.")
            % {"name": name}
        )
    if organisation is None:
        organisations = list(Organisation.objects.all()[:2])
        if len(organisations) != 1:
            raise ImportRefused(
                _(
                    "No body is called “%(name)s”; name the organisation to create it in, "
                    "or the body to import into."
                )
                % {"name": name}
            )
        organisation = organisations[0]
    base = slugify(f"{organisation.slug} {name}")[:90].strip("-") or "toimielin"
    slug, counter = base, 1
    while Body.objects.filter(slug=slug).exists():
        counter += 1
        slug = f"{base}-{counter}"
    kind = body_kind_guess(name)
    body = Body(organisation=organisation, name_fi=name[:255], slug=slug, kind=kind)
    body.full_clean()
    body.save()
    return body, True


class _People:
    """People by name for one import: the organisation's own first, then a person no
    organisation has yet, and only then a new one. `prefetch` looks up every name of the
    document at once (a few queries, not a few per name)."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.cache: dict[str, Person | None] = {}
        self.candidates: dict[tuple[str, str], list[Person]] = {}
        self.linked: dict[int, set[int]] = {}

    @staticmethod
    def split(name: str) -> tuple[str, str] | None:
        parts = " ".join(name.split()).rsplit(" ", 1)
        if len(parts) != 2 or len(parts[0]) > 100 or len(parts[1]) > 100:
            return None
        return parts[0], parts[1]

    def prefetch(self, names: list[str]) -> None:
        wanted = {split for split in map(self.split, names) if split is not None}
        wanted -= set(self.candidates)
        if not wanted:
            return
        found = Person.objects.filter(
            first_name__in={first for first, _last in wanted},
            last_name__in={last for _first, last in wanted},
        ).order_by("pk")
        for key in wanted:
            self.candidates[key] = []
        for person in found:
            key = (person.first_name, person.last_name)
            if key in wanted:
                self.candidates[key].append(person)
        ids = [p.pk for people in self.candidates.values() for p in people]
        for pk in ids:
            self.linked.setdefault(pk, set())
        if not ids:
            return
        # The organisations each candidate appears in: memberships, attendance, officer roles,
        # minute checking, speaking turns.
        checkers = Meeting.minute_checkers.through.objects
        relations = (
            (Membership.objects, "person_id", "body__organisation_id"),
            (Attendance.objects, "person_id", "meeting__body__organisation_id"),
            (Meeting.objects, "chair_id", "body__organisation_id"),
            (Meeting.objects, "secretary_id", "body__organisation_id"),
            (Meeting.objects, "presenter_id", "body__organisation_id"),
            (checkers, "person_id", "meeting__body__organisation_id"),
            (SpeakingTurn.objects, "person_id", "agenda_item__meeting__body__organisation_id"),
        )
        for manager, person_field, organisation_field in relations:
            rows = (
                manager.filter(**{f"{person_field}__in": ids})
                .values_list(person_field, organisation_field)
                .distinct()
            )
            for person_id, organisation_id in rows:
                self.linked[person_id].add(organisation_id)

    def get(self, name: str, line: int, warnings: list[ParseWarning]) -> Person | None:
        name = " ".join(name.split())
        if name in self.cache:
            return self.cache[name]
        split = self.split(name)
        if split is None:
            warnings.append(
                ParseWarning(line, name, _("A name without first and last name: not recorded"))
            )
            self.cache[name] = None
            return None
        self.prefetch([name])
        candidates = self.candidates[split]
        person = next(
            (c for c in candidates if self.organisation.pk in self.linked[c.pk]),
            next((c for c in candidates if not self.linked[c.pk]), None),
        )
        if person is None:
            person = Person(first_name=split[0], last_name=split[1])
            person.full_clean()
            person.save()
            # Now the organisation's: a later mention of the name in this import finds it.
            candidates.append(person)
            self.linked[person.pk] = {self.organisation.pk}
        self.cache[name] = person
        return person


def _local_day(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = helsinki_datetime(day.year, day.month, day.day)
    following = day + dt.timedelta(days=1)
    return start, helsinki_datetime(following.year, following.month, following.day)


# The labels of the text an earlier handling is reproduced in. They are the record's own
# words, in the language of the documents (Finnish), not of whoever runs the import.
PROPOSAL_LABEL = "Esitys"
SPEAKERS_LABEL = "Puheenvuoroja käyttivät"
DECISION_LABEL = "Päätös"


def _handling_text(heading: str | None, handling: Any, *, final: bool) -> list[str]:
    blocks = [heading] if heading else []
    if handling.preparation:
        blocks.append(handling.preparation)
    if not final:
        if handling.proposal:
            by = f" ({handling.proposal_by})" if handling.proposal_by else ""
            blocks.append(f"{PROPOSAL_LABEL}{by}: {handling.proposal}")
        if handling.discussion:
            blocks.append(handling.discussion)
        if handling.speakers:
            blocks.append(f"{SPEAKERS_LABEL}: {', '.join(handling.speakers)}")
        blocks.extend(handling.votes)
        for index, decision in enumerate(handling.decisions):
            by = handling.decision_by[index] if index < len(handling.decision_by) else ""
            label = f"{DECISION_LABEL} ({by})" if by else DECISION_LABEL
            blocks.append(f"{label}: {decision}")
    return blocks


def item_texts(item: Item) -> tuple[str, str, str]:
    """An item's preparation text (HTML), proposal and decision as Kokous stores them. Earlier
    handlings the minutes reproduce (their preparation, proposal and decision) go into the
    preparation text under their heading, in the order of the document; the final handling
    gives the proposal and the decision, after its discussion and votes."""
    blocks: list[str] = []
    handlings = item.handlings
    for handling in handlings[:-1]:
        blocks.extend(_handling_text(handling.heading, handling, final=False))
    final = handlings[-1] if handlings else None
    if final is not None:
        blocks.extend(
            _handling_text(final.heading if len(handlings) > 1 else None, final, final=True)
        )
        decisions = final.decisions
        before = ([final.discussion] if final.discussion else []) + list(final.votes)
    else:
        if item.preparation:
            blocks.append(item.preparation)
        decisions = [item.decision] if item.decision else []
        before = list(item.votes)
    decision = "\n\n".join(before + decisions) if decisions else "\n\n".join(before)
    return plain_text_to_html("\n\n".join(blocks)), item.proposal or "", decision


def item_secrecy(item: Item) -> tuple[str, str]:
    """The publicity and legal basis of an imported item: confidential when the document marks
    it secret (in its title or text), with the legal basis it states or, when it states none,
    the marking itself; otherwise public. The import never makes public what the document
    withholds; nor does it guess at what it does not mark."""
    texts = [item.title, item.preparation, item.decision or ""]
    texts += [h.preparation for h in item.handlings]
    for text in texts:
        match = _SECRET_RE.search(text)
        if match:
            basis = _LEGAL_BASIS_RE.search(text)
            line = text[match.start() :].split("\n", 1)[0]
            return Publicity.CONFIDENTIAL, " ".join((basis[0] if basis else line).split())[:200]
    return Publicity.PUBLIC, ""


def _attachments(item: Item) -> list[tuple[int, str]]:
    numbered: list[tuple[int, str]] = []
    used: set[int] = set()
    for index, text in enumerate(item.attachments, start=1):
        match = _ATTACHMENT_RE.match(text)
        number, title = (int(match[1]), match[2]) if match else (index, text.strip())
        while number in used or number == 0:
            number += 1
        used.add(number)
        numbered.append((number, title[:500] or _("Attachment")))
    if item.appendix and not numbered:
        first_line = item.appendix.strip().splitlines()[0][:500]
        numbered.append((1, first_line or _("Attachment")))
    return numbered


def _clean(obj: Any) -> None:
    """Validate a new row's own fields. Its relations point at rows this import holds (the
    foreign keys are the database's to check), and its uniqueness was checked before: without
    that, validation would query once for each foreign key of each row."""
    relations = [f.name for f in obj._meta.fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def _save_changed(obj: Any, values: dict[str, Any]) -> None:
    """Set and save only the values that differ (nothing is written when none does)."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.full_clean()
        obj.save()


class _Import:
    def __init__(
        self, parsed: ParsedMeeting, body: Body, content: bytes, filename: str, sha256: str
    ) -> None:
        self.parsed = parsed
        self.body = body
        self.organisation = body.organisation
        self.content = content
        self.filename = filename
        self.sha256 = sha256
        self.warnings: list[ParseWarning] = list(parsed.warnings)
        self.people = _People(self.organisation)
        self.lines = {a.name: a.line for a in parsed.attendees}
        # Files written in this import (removed if it fails) and files it replaced (removed
        # once it has committed): storage is not part of the transaction.
        self.saved: list[tuple[Any, str]] = []
        self.obsolete: list[str] = []

    def person(self, name: str | None, line: int = 0) -> Person | None:
        if not name:
            return None
        return self.people.get(name, line or self.lines.get(name, 0), self.warnings)

    def when(self) -> tuple[dt.datetime, dt.datetime | None, bool]:
        parsed = self.parsed
        if parsed.start is not None:
            return parsed.start, parsed.end, True
        day = parsed.date
        if day is None:
            raise ImportRefused(
                _("The document states no meeting date: it does not look like minutes.")
            )
        return _local_day(day)[0], None, False

    def find_meeting(
        self, start: dt.datetime, time_known: bool
    ) -> tuple[Meeting, ImportedMinutes] | None:
        """The imported meeting this document updates, with its import record, or None for a
        new one. A meeting that Kokous itself holds at that time is never taken over."""
        day_start, day_end = _local_day(local_date(start))
        same_day = list(
            Meeting.objects.filter(body=self.body, start__gte=day_start, start__lt=day_end)
            .exclude(status=Meeting.Status.CANCELLED)
            .order_by("start")
        )
        records = {r.meeting_id: r for r in ImportedMinutes.objects.filter(meeting__in=same_day)}
        for meeting in same_day:
            if meeting.start == start or not time_known or not meeting.time_known:
                record = records.get(meeting.pk)
                if record is None:
                    raise ImportRefused(
                        _(
                            "%(meeting)s is already recorded in Kokous (not by an import); "
                            "it is not overwritten."
                        )
                        % {"meeting": meeting}
                    )
                return meeting, record
        return None

    def names(self) -> list[str]:
        parsed = self.parsed
        names = [a.name for a in parsed.attendees] + list(parsed.checkers)
        names += [n for n in (parsed.chair, parsed.secretary) if n]
        for item in parsed.items:
            names += item.speakers
        return names

    def run(self) -> ImportOutcome:
        start, end, time_known = self.when()
        found = self.find_meeting(start, time_known)
        meeting = found[0] if found else None
        created = meeting is None
        if found is not None and found[1].sha256 == self.sha256:
            stored = [ParseWarning(**w) for w in found[1].warnings]
            return ImportOutcome("unchanged", found[0], stored)
        self.people.prefetch(self.names())
        if meeting is None:
            meeting = meeting_create(
                body=self.body,
                start=start,
                end=end,
                place=(self.parsed.place or "")[:300],
                time_known=time_known,
                status=Meeting.Status.PUBLISHED,
                with_standard_items=False,
            )
        else:
            # Unlocked only inside this transaction, so that the record's services accept the
            # corrected file's changes; locked again below before anyone sees it.
            Meeting.objects.filter(pk=meeting.pk).update(minutes_locked_at=None)
            meeting.minutes_locked_at = None
        presenter_name = next(
            (a.name for a in self.parsed.attendees if a.capacity == "presenter"), None
        )
        _save_changed(
            meeting,
            {
                "start": start,
                "end": end,
                "time_known": time_known,
                "place": (self.parsed.place or "")[:300],
                "status": Meeting.Status.PUBLISHED,
                "chair": self.person(self.parsed.chair),
                "secretary": self.person(self.parsed.secretary),
                "presenter": self.person(presenter_name),
            },
        )
        checkers = [p for p in (self.person(name) for name in self.parsed.checkers) if p]
        if set(meeting.minute_checkers.all()) != set(checkers):
            meeting.minute_checkers.set(checkers)
        if created:
            self.attendance_new(meeting)
            self.items_new(meeting)
        else:
            self.attendance(meeting)
            self.items(meeting)
        Meeting.objects.filter(pk=meeting.pk).update(minutes_locked_at=meeting.end or start)
        meeting.refresh_from_db()
        self.record(meeting)
        return ImportOutcome("created" if created else "updated", meeting, self.warnings)

    def attendees(self) -> Iterator[tuple[int, Attendee, Person, str, str]]:
        """The attendance list as recorded: position, the line, the person, capacity and
        what they represent; a person listed twice counts once."""
        seen: set[int] = set()
        for position, attendee in enumerate(self.parsed.attendees, start=1):
            person = self.person(attendee.name, attendee.line)
            if person is None or person.pk in seen:
                continue
            seen.add(person.pk)
            yield (position, attendee, person, *self.capacity(attendee))

    def attendance(self, meeting: Meeting) -> None:
        """The attendance of an imported meeting the import updates, through
        `attendance_record`; only what differs is written."""
        stored = {a.person_id: a for a in meeting.attendances.all()}
        wanted: set[int] = set()
        for position, attendee, person, capacity, represents in self.attendees():
            wanted.add(person.pk)
            existing = stored.get(person.pk)
            values = (capacity, represents, attendee.present, position)
            if existing is None or values != (
                existing.capacity, existing.represents, existing.present, existing.position
            ):  # fmt: skip
                attendance_record(
                    meeting=meeting,
                    person=person,
                    capacity=capacity,
                    represents=represents,
                    present=attendee.present,
                    position=position,
                )
        stale = meeting.attendances.exclude(person_id__in=wanted)
        if stale.exists():
            stale.delete()

    def attendance_new(self, meeting: Meeting) -> None:
        """The attendance of a meeting this import creates: written at once. What
        `attendance_record` checks one by one holds by construction here: the meeting is new
        (no signatures to void, nothing locked), each person is listed once, and no one is
        recorded as a deputy."""
        rows: list[Attendance] = []
        for position, attendee, person, capacity, represents in self.attendees():
            row = Attendance(
                meeting=meeting,
                person=person,
                capacity=capacity,
                represents=represents,
                present=attendee.present,
                position=position,
            )
            _clean(row)
            rows.append(row)
        bulk_create_with_history(rows, Attendance)
        search_index_changed(kind=Kind.PERSON, object_ids=[row.person_id for row in rows])

    def items_new(self, meeting: Meeting) -> None:
        """The items of a meeting this import creates. The § numbers are checked once, for
        all of them, against the body's other meetings of the year and each other (what
        `agenda_item_record` checks item by item); speaking turns are written at once."""
        numbers = [item.number for item in self.parsed.items if item.number is not None]
        repeated = sorted({n for n in numbers if numbers.count(n) > 1})
        if repeated:
            raise ImportRefused(
                _("§ %(number)s appears twice in the document.") % {"number": repeated[0]}
            )
        taken = (
            AgendaItem.objects.filter(
                meeting__body_id=self.body.pk,
                meeting__year=meeting.year,
                section_number__in=numbers,
            )
            .exclude(meeting__status=Meeting.Status.CANCELLED)
            .order_by("section_number")
            .values_list("section_number", flat=True)
            .first()
        )
        if taken is not None:
            raise ImportRefused(
                _("§ %(number)s is already used in %(year)s by this body.")
                % {"number": taken, "year": meeting.year}
            )
        turns: list[SpeakingTurn] = []
        for position, parsed_item in enumerate(self.parsed.items, start=1):
            preparation, proposal, decision = item_texts(parsed_item)
            publicity, legal_basis = self.secrecy(parsed_item)
            item = AgendaItem(
                meeting=meeting,
                position=position,
                section_number=self.section_number(parsed_item, meeting),
                title=self.title(parsed_item),
                case=self.case(parsed_item, meeting),
                preparation_text=preparation,
                proposal=proposal,
                decision=decision,
                presenter=meeting.presenter,
                publicity=publicity,
                legal_basis=legal_basis,
                ready=True,
            )
            _clean(item)
            item.save()
            speakers = [self.person(name, parsed_item.line) for name in parsed_item.speakers]
            turns += [
                SpeakingTurn(agenda_item=item, person=person, position=index)
                for index, person in enumerate(filter(None, speakers), start=1)
            ]
            self.attachments(item, parsed_item)
        SpeakingTurn.objects.bulk_create(turns)

    def secrecy(self, parsed_item: Item) -> tuple[str, str]:
        publicity, legal_basis = item_secrecy(parsed_item)
        if publicity == Publicity.CONFIDENTIAL:
            self.warnings.append(
                ParseWarning(
                    parsed_item.line,
                    parsed_item.title[:200],
                    _("Marked secret in the document: imported as confidential (%(basis)s)")
                    % {"basis": legal_basis},
                )
            )
        return publicity, legal_basis

    def title(self, parsed_item: Item) -> str:
        title = " ".join(parsed_item.title.split())
        if len(title) > 500:
            self.warnings.append(
                ParseWarning(parsed_item.line, title[:80], _("Title cut to 500 characters"))
            )
            title = title[:500]
        return title or _("(untitled)")

    def capacity(self, attendee: Attendee) -> tuple[str, str]:
        capacity = CAPACITIES.get(attendee.capacity, Attendance.Capacity.OTHER)
        represents = attendee.municipality or attendee.organisation or ""
        if attendee.capacity == "deputy":
            represents = " – ".join(filter(None, [_("deputy member"), represents]))
            self.warnings.append(
                ParseWarning(
                    attendee.line,
                    attendee.name,
                    _("A deputy whose member is not named: recorded as another participant"),
                )
            )
        return capacity, represents[:200]

    def section_number(self, item: Item, meeting: Meeting) -> int:
        if item.number is not None:
            return item.number
        last = AgendaItem.objects.filter(
            meeting__body=self.body, meeting__year=meeting.year
        ).aggregate(Max("section_number"))["section_number__max"]
        number = (last or 0) + 1
        self.warnings.append(
            ParseWarning(
                item.line,
                item.title,
                _("The document gives the item no § number: numbered %(number)s in Kokous")
                % {"number": number},
            )
        )
        return number

    def case(self, item: Item, meeting: Meeting) -> Case | None:
        number = (item.record_number or "").strip()[:64]
        if not number:
            return None
        case = Case.objects.filter(organisation=self.organisation, record_number=number).first()
        if case is None:
            case = case_create(
                organisation=self.organisation,
                title=item.title[:500],
                year=meeting.year,
                record_number=number,
            )
        return case

    def items(self, meeting: Meeting) -> None:
        existing = list(meeting.items.order_by("position"))
        for index, parsed_item in enumerate(self.parsed.items):
            preparation, proposal, decision = item_texts(parsed_item)
            publicity, legal_basis = self.secrecy(parsed_item)
            values: dict[str, Any] = {
                "publicity": publicity,
                "legal_basis": legal_basis,
                "title": self.title(parsed_item),
                "case": self.case(parsed_item, meeting),
                "preparation_text": preparation,
                "proposal": proposal,
                "decision": decision,
                "presenter": meeting.presenter,
            }
            if index < len(existing):
                item = existing[index]
                if parsed_item.number is not None:
                    values["section_number"] = parsed_item.number
                _save_changed(item, values)
            else:
                item = agenda_item_record(
                    meeting=meeting,
                    section_number=self.section_number(parsed_item, meeting),
                    **values,
                )
            speakers = [
                p
                for p in (self.person(name, parsed_item.line) for name in parsed_item.speakers)
                if p is not None
            ]
            if [turn.person_id for turn in item.speaking_turns.order_by("position")] != [
                p.pk for p in speakers
            ]:
                speaking_turns_set(item=item, speakers=speakers)
            self.attachments(item, parsed_item)
        for item in existing[len(self.parsed.items) :]:
            item.delete()

    def attachments(self, item: AgendaItem, parsed_item: Item) -> None:
        wanted = _attachments(parsed_item)
        stored = {a.number: a for a in item.attachments.all()}
        for position, (number, title) in enumerate(wanted):
            attachment = stored.pop(number, None)
            text = parsed_item.appendix.strip() if position == 0 else ""
            if attachment is None:
                attachment = Attachment(agenda_item=item, number=number, title=title)
                _clean(attachment)
                attachment.save()
            else:
                _save_changed(attachment, {"title": title})
            if text:
                content = text.encode("utf-8") + b"\n"
                if attachment.size != len(content) or not attachment.file:
                    if attachment.file:
                        self.obsolete.append(str(attachment.file.name))
                    attachment.content_type = "text/plain; charset=utf-8"
                    attachment.size = len(content)
                    attachment.file.save(f"liite-{number}.txt", ContentFile(content), save=False)
                    self.saved.append((attachment.file.storage, str(attachment.file.name)))
                    attachment.save()
        for attachment in stored.values():
            attachment.delete()

    def record(self, meeting: Meeting) -> None:
        warnings = [
            {"line": w.line, "text": w.text, "reason": str(w.reason)} for w in self.warnings
        ]
        record = ImportedMinutes.objects.filter(meeting=meeting).first()
        suffix = "." + self.filename.rsplit(".", 1)[-1].lower() if "." in self.filename else ""
        content_type = CONTENT_TYPES.get(suffix) or (
            mimetypes.guess_type(self.filename)[0] or "text/plain"
        )
        if record is None:
            record = ImportedMinutes(meeting=meeting)
        elif record.file:
            self.obsolete.append(str(record.file.name))
        record.source_name = self.filename[-255:]
        record.content_type = content_type
        record.size = len(self.content)
        record.sha256 = self.sha256
        record.warnings = warnings
        stored_name = f"poytakirja-alkuperainen{suffix}"
        record.file.save(stored_name, ContentFile(self.content), save=False)
        self.saved.append((record.file.storage, str(record.file.name)))
        record.full_clean()
        record.save()


def minutes_import(
    *,
    parsed: ParsedMeeting,
    content: bytes,
    filename: str,
    organisation: Organisation | None = None,
    body_name: str | None = None,
) -> ImportOutcome:
    """Import one parsed document (`content` is the file as it came, kept with the meeting).
    Raises ImportRefused, with nothing written, when it cannot be imported."""
    name = " ".join((body_name or parsed.body or "").split())
    if not name:
        raise ImportRefused(_("The document does not name its body; name the body to import into."))
    sha256 = hashlib.sha256(content).hexdigest()
    importer: _Import | None = None
    try:
        with transaction.atomic():
            body, _created = body_resolve(name=name, organisation=organisation)
            importer = _Import(parsed, body, content, filename, sha256)
            outcome = importer.run()
            obsolete, storage = importer.obsolete, ImportedMinutes._meta.get_field("file").storage

            def obsolete_delete() -> None:
                for file_name in obsolete:
                    storage.delete(file_name)

            transaction.on_commit(obsolete_delete)
        return outcome
    except Exception as error:
        for file_storage, file_name in importer.saved if importer is not None else []:
            file_storage.delete(file_name)
        if isinstance(error, ValidationError):
            raise ImportRefused("; ".join(error.messages)) from error
        if isinstance(error, IntegrityError):
            raise ImportRefused(
                _("The database refused the record: %(error)s") % {"error": error}
            ) from error
        raise

"""Writes and rules for meetings: creation, the agenda and its § numbering, attendance, quorum.

The § numbering and the quorum rule live here and nowhere else; views, the admin, commands and
the demo loader call these functions.
"""

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from kokous.cases.models import Case
from kokous.cases.services import case_create
from kokous.core.exceptions import EditConflict
from kokous.core.timeutil import HELSINKI, format_fi_date, local_date
from kokous.core.uploads import attachment_check
from kokous.meetings.models import (
    AgendaChange,
    AgendaItem,
    Attachment,
    Attendance,
    Disqualification,
    Meeting,
    Publicity,
    SpeakingTurn,
    StandardItem,
)
from kokous.minutes.models import Signature
from kokous.organisations.models import Body, Membership, Person
from kokous.organisations.selectors import body_memberships_at, body_seats_at

# The template a body gets when it has none yet; staff edit it per body afterwards.
# (title, preparation text, presenter's proposal), in Finnish as the documents write them.
DEFAULT_OPENING_ITEMS: tuple[tuple[str, str, str], ...] = (
    (
        "Kokouksen avaus ja osallistujien toteaminen",
        "<p>Puheenjohtaja avaa kokouksen ja toteaa läsnä olevat.</p>",
        "Todetaan kokouksen läsnäolijat.",
    ),
    (
        "Laillisuus ja päätösvaltaisuus",
        "",
        "Todetaan kokouksen laillisuus ja päätösvaltaisuus.",
    ),
    ("Pöytäkirjantarkastajien valinta", "", "Valitaan kaksi pöytäkirjantarkastajaa."),
    ("Työjärjestyksen hyväksyminen", "", "Hyväksytään esityslista kokouksen työjärjestykseksi."),
)
DEFAULT_CLOSING_ITEMS: tuple[tuple[str, str, str], ...] = (("Muut asiat", "", ""),)

# Temporary positions and § numbers while rewriting them. Both databases check the unique
# constraints row by row within one UPDATE, so rows are first "parked" on values that no row
# holds (_PARKED + index), then given their final values. A newly inserted item waits on
# _SHIFT + position, which neither final values nor parked values reach. Positions are small
# integers (at most 32,767 on PostgreSQL), so both stay below that: an agenda has far fewer
# than 10,000 items and a body far fewer than 10,000 sections a year.
_SHIFT = 10_000
_PARKED = 2 * _SHIFT


def standard_items_ensure(*, body: Body) -> list[StandardItem]:
    """The body's agenda template, created from the defaults the first time it is needed."""
    items = list(body.standard_items.all())
    if items:
        return items
    for place, defaults in (
        (StandardItem.Place.OPENING, DEFAULT_OPENING_ITEMS),
        (StandardItem.Place.CLOSING, DEFAULT_CLOSING_ITEMS),
    ):
        for position, (title, text, proposal) in enumerate(defaults, start=1):
            StandardItem.objects.create(
                body=body,
                place=place,
                position=position,
                title=title,
                preparation_text=text,
                proposal=proposal,
            )
    return list(body.standard_items.all())


def _check_aware(start: dt.datetime, end: dt.datetime | None) -> None:
    if start.tzinfo is None or (end is not None and end.tzinfo is None):
        raise ValidationError(_("Meeting times must include a time zone."))


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    start: dt.datetime,
    end: dt.datetime | None = None,
    place: str = "",
    online_url: str = "",
    number: int | None = None,
    status: str = Meeting.Status.PLANNED,
    time_known: bool = True,
    chair: Person | None = None,
    secretary: Person | None = None,
    presenter: Person | None = None,
    with_standard_items: bool = True,
    changed_by: User | None = None,
) -> Meeting:
    """Create a meeting of `body`. It gets the next number of the body's year (unless given)
    and, by default, the opening and closing items of the body's agenda template."""
    _check_aware(start, end)
    Body.objects.select_for_update().get(pk=body.pk)
    year = local_date(start).year
    if number is None:
        last = Meeting.objects.filter(body=body, year=year).aggregate(Max("number"))
        number = (last["number__max"] or 0) + 1
    meeting = Meeting(
        body=body,
        start=start,
        end=end,
        place=place,
        online_url=online_url,
        number=number,
        status=status,
        time_known=time_known,
        year=year,
        chair=chair,
        secretary=secretary,
        presenter=presenter,
        modified_by=changed_by,
    )
    meeting.full_clean()
    if with_standard_items:
        # The template items are numbered while the agenda is still open: a meeting created as
        # already announced or held would otherwise keep their temporary numbers.
        meeting.status = Meeting.Status.PLANNED
    meeting.save()
    if with_standard_items:
        for standard in standard_items_ensure(body=body):
            _item_insert(
                meeting=meeting,
                item=AgendaItem(
                    title=standard.title,
                    preparation_text=standard.preparation_text,
                    proposal=standard.proposal,
                    standard_place=standard.place,
                    # The template's items need no preparation of their own.
                    ready=True,
                ),
            )
        _section_numbers_renumber(body=body, year=year)
        if status != meeting.status:
            meeting.status = status
            meeting.save(update_fields=["status", "modified_at"])
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    start: dt.datetime,
    end: dt.datetime | None = None,
    place: str = "",
    online_url: str = "",
    status: str,
    time_known: bool = True,
    chair: Person | None = None,
    secretary: Person | None = None,
    presenter: Person | None = None,
    version: int | None = None,
    changed_by: User | None = None,
) -> Meeting:
    """Change a meeting's time, place, status and officers. The § numbers of the body's
    meetings that are still being prepared follow a change of date (in the old year and, if
    the meeting moves to another year, in the new one); a move that would collide with an
    agenda already sent is refused. The meeting keeps its number in the year.

    With `version` (the version the editor started from), a meeting saved by someone else in
    the meantime raises EditConflict. A change of time or place after the invitation was sent
    is recorded for the supplementary agenda."""
    _check_aware(start, end)
    Body.objects.select_for_update().get(pk=meeting.body_id)
    stored = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_version(stored, version)
    # Refused once the minutes are locked; before that, voids the signatures given.
    record_change_check(meeting=stored)
    old_year = stored.year
    before = _meeting_facts(stored)
    for name, value in {
        "start": start, "end": end, "place": place, "online_url": online_url, "status": status,
        "time_known": time_known, "chair": chair, "secretary": secretary, "presenter": presenter,
    }.items():  # fmt: skip
        setattr(meeting, name, value)
    meeting.year = local_date(start).year
    meeting.version = stored.version + 1
    meeting.modified_by = changed_by
    meeting.full_clean()
    meeting.save()
    for year in sorted({old_year, meeting.year}):
        _section_numbers_renumber(body=meeting.body, year=year)
    after = _meeting_facts(meeting)
    # Only a meeting that stays announced gets a supplementary agenda: holding or cancelling it
    # is no change to announce.
    announced = Meeting.Status.INVITATION_SENT
    if stored.status == announced and meeting.status == announced and after != before:
        _change_record(
            meeting=meeting,
            kind=AgendaChange.Kind.MEETING_CHANGED,
            changed_by=changed_by,
            message=gettext_noop("Time or place changed: %(before)s → %(after)s"),
            params={
                "before": before,
                "after": after,
            },
        )
    return meeting


def _meeting_facts(meeting: Meeting) -> str:
    """Time and place of a meeting in one line, for the record of changes: in Finnish, as the
    record is, whatever language the editor uses."""
    with override("fi"):
        when = date_format(meeting.start.astimezone(HELSINKI), "DATETIME_FORMAT")
        if meeting.end is not None:
            when += "–" + date_format(meeting.end.astimezone(HELSINKI), "TIME_FORMAT")
    return ", ".join(part for part in (when, meeting.place, meeting.online_url) if part)


def _check_version(stored: AgendaItem | Meeting, version: int | None) -> None:
    """Refuse a save made on an older version than the stored one (optimistic concurrency)."""
    if version is None or version == stored.version:
        return
    who = None
    if stored.modified_by is not None:
        person = getattr(stored.modified_by, "person", None)
        who = person.full_name if person is not None else stored.modified_by.get_username()
    when = date_format(stored.modified_at.astimezone(HELSINKI), "DATETIME_FORMAT")
    if who:
        message = _(
            "%(who)s saved this at %(when)s while you were editing. Your changes have not been "
            "saved: compare them with the saved version below and save again."
        ) % {"who": who, "when": when}
    else:
        message = _(
            "Someone else saved this at %(when)s while you were editing. Your changes have not "
            "been saved: compare them with the saved version below and save again."
        ) % {"when": when}
    raise EditConflict(message, current=stored)


def _field_labels(model: type[AgendaItem], names: Sequence[str]) -> object:
    """The fields' names joined by commas, lazily: in the language active when it is used."""
    labels = [getattr(model._meta.get_field(name), "verbose_name", name) for name in names]
    return format_lazy(", ".join(["{}"] * len(labels)), *labels)


def _change_record(
    *,
    meeting: Meeting,
    kind: str,
    message: str,
    params: dict[str, object],
    changed_by: User | None,
    item: AgendaItem | None = None,
) -> AgendaChange:
    """Record a change to a sent agenda. `message` (marked with gettext_noop) is written in
    Finnish, the language of the organisation's records, whatever the editor's language."""
    with override("fi"):
        description = _(message) % params
    return AgendaChange.objects.create(
        meeting=meeting, item=item, kind=kind, description=description, changed_by=changed_by
    )


def _check_agenda_editable(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting has been cancelled; its agenda cannot be changed."))
    if meeting.agenda_sent:
        raise ValidationError(
            _(
                "The agenda of this meeting has already been sent; "
                "changes are made as a supplementary agenda."
            )
        )


def _check_agenda_open_for_supplement(meeting: Meeting) -> None:
    """An agenda takes additions until the meeting is held: before the invitation as ordinary
    items, after it as a supplementary agenda."""
    if meeting.status in {Meeting.Status.PLANNED, Meeting.Status.INVITATION_SENT}:
        return
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The meeting has been cancelled; its agenda cannot be changed."))
    raise ValidationError(_("The meeting has been held; its agenda can no longer be changed."))


def _item_insert(*, meeting: Meeting, item: AgendaItem, position: int | None = None) -> None:
    """Put `item` on the agenda at `position` (1-based), or before the closing items."""
    items = list(meeting.items.order_by("position"))
    if position is None:
        closing = [i for i in items if i.standard_place == StandardItem.Place.CLOSING]
        if item.standard_place == StandardItem.Place.CLOSING or not closing:
            position = len(items) + 1
        else:
            position = items.index(closing[0]) + 1
    if not 1 <= position <= len(items) + 1:
        raise ValidationError(
            _("There is no place %(position)s on the agenda.") % {"position": position}
        )
    items.insert(position - 1, item)
    item.meeting = meeting
    item.position = _SHIFT + position
    item.section_number = _SHIFT + position
    item.full_clean(exclude=["meeting"])
    item.save()
    _positions_write(items)


def _field_rewrite(items: Sequence[AgendaItem], field: str, values: Sequence[int]) -> None:
    """Give `items` the new `values` of `field` without breaking a unique constraint."""
    for index, item in enumerate(items, start=1):
        setattr(item, field, _PARKED + index)
    AgendaItem.objects.bulk_update(items, [field])
    for item, value in zip(items, values, strict=True):
        setattr(item, field, value)
    AgendaItem.objects.bulk_update(items, [field])


def _positions_write(items: Sequence[AgendaItem]) -> None:
    if [item.position for item in items] != list(range(1, len(items) + 1)):
        _field_rewrite(items, "position", range(1, len(items) + 1))


def _section_numbers_renumber(*, body: Body, year: int, reopened: Meeting | None = None) -> None:
    """Number the items of `body`'s meetings in `year` consecutively (§ 1, § 2 ...).

    Items of meetings whose agenda has been sent keep their numbers; the items of the meetings
    still being prepared follow on from the highest number before them, in meeting order and
    agenda order, without gaps. A `reopened` meeting (its agenda sent, a supplementary item just
    added) keeps its first number and numbers its items on from there. Call while holding the
    body's row lock.
    """
    meetings = (
        Meeting.objects.filter(body=body, year=year)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("start", "pk")
        .prefetch_related("items")
    )
    running = 0
    for meeting in meetings:
        items = sorted(meeting.items.all(), key=lambda i: i.position)
        if reopened is not None and meeting.pk == reopened.pk:
            first = min((i.section_number for i in items if i.section_number < _SHIFT), default=0)
            running = max(running, first - 1)
        elif meeting.agenda_sent:
            numbers = [item.section_number for item in items]
            if numbers and min(numbers) <= running:
                raise ValidationError(
                    _(
                        "The § numbers would collide with the meeting of %(date)s, whose agenda "
                        "has been sent (its first section is § %(number)s)."
                    )
                    % {"date": format_fi_date(local_date(meeting.start)), "number": min(numbers)}
                )
            running = max(numbers, default=running)
            continue
        wanted = list(range(running + 1, running + 1 + len(items)))
        if [item.section_number for item in items] != wanted:
            _field_rewrite(items, "section_number", wanted)
        running += len(items)


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    case: Case | None = None,
    preparation_text: str = "",
    proposal: str = "",
    presenter: Person | None = None,
    publicity: str = Publicity.PUBLIC,
    legal_basis: str = "",
    contacts: Iterable[Person] = (),
    position: int | None = None,
    carried_from: AgendaItem | None = None,
    changed_by: User | None = None,
) -> AgendaItem:
    """Add an item to a meeting that has not been held. New items go before the closing items
    unless `position` (1-based) is given; the § numbers follow.

    After the invitation has been sent the item goes on the supplementary agenda: it is marked
    so, the meeting's items are numbered on from its first number (later meetings follow, and a
    later agenda already sent that would collide is a refusal), and the change is recorded to be
    announced."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    _check_agenda_open_for_supplement(meeting)
    if case is not None and case.organisation_id != meeting.body.organisation_id:
        raise ValidationError(_("The case belongs to another organisation."))
    supplementary = meeting.agenda_sent
    item = AgendaItem(
        title=title,
        case=case,
        preparation_text=preparation_text,
        proposal=proposal,
        presenter=presenter or meeting.presenter,
        publicity=publicity,
        legal_basis=legal_basis,
        carried_from=carried_from,
        supplementary=supplementary,
        # A supplementary item is sent as it is: it is ready by being announced.
        ready=supplementary,
        modified_by=changed_by,
    )
    _item_insert(meeting=meeting, item=item, position=position)
    item.contacts.set(contacts)
    _section_numbers_renumber(
        body=meeting.body, year=meeting.year, reopened=meeting if supplementary else None
    )
    item.refresh_from_db()
    if supplementary:
        _change_record(
            meeting=meeting,
            item=item,
            kind=AgendaChange.Kind.ITEM_ADDED,
            changed_by=changed_by,
            message=gettext_noop("New item § %(number)s %(title)s"),
            params={
                "number": item.section_number,
                "title": item.title,
            },
        )
    return item


@transaction.atomic
def agenda_item_add_with_new_case(
    *, meeting: Meeting, title: str, task_class: str = "", **item: Any
) -> AgendaItem:
    """Open a case in the register (in the meeting's year, titled like the item) and add an
    item carrying it, in one transaction: either both exist afterwards or neither."""
    case = case_create(
        organisation=meeting.body.organisation,
        title=title,
        task_class=task_class,
        year=meeting.year,
    )
    return agenda_item_add(meeting=meeting, title=title, case=case, **item)


@transaction.atomic
def agenda_item_carry(
    *, meeting: Meeting, tabled: AgendaItem, changed_by: User | None = None
) -> AgendaItem:
    """Put a tabled item of an earlier meeting of the same body on `meeting`'s agenda again,
    with its case, texts, publicity and contacts."""
    if tabled.meeting.body_id != meeting.body_id:
        raise ValidationError(_("Only an item tabled by the same body can be taken up again."))
    # Under the body's lock, two secretaries cannot both take up the same tabled item.
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    tabled.refresh_from_db()
    if tabled.decision_type != AgendaItem.DecisionType.TABLED:
        raise ValidationError(_("This item was not tabled."))
    if tabled.meeting.start >= meeting.start:
        raise ValidationError(_("A tabled item can only be taken up by a later meeting."))
    if tabled.carried_to.exclude(meeting__status=Meeting.Status.CANCELLED).exists():
        raise ValidationError(_("This tabled item is already on another agenda."))
    return agenda_item_add(
        meeting=meeting,
        title=tabled.title,
        case=tabled.case,
        preparation_text=tabled.preparation_text,
        proposal=tabled.proposal,
        presenter=tabled.presenter,
        publicity=tabled.publicity,
        legal_basis=tabled.legal_basis,
        contacts=list(tabled.contacts.all()),
        carried_from=tabled,
        changed_by=changed_by,
    )


# The fields of an item that its editors change, with the labels used in the change record.
ITEM_EDIT_FIELDS = (
    "title", "preparation_text", "proposal", "publicity", "legal_basis", "presenter", "case",
    "appeal_kind",
)  # fmt: skip


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    version: int | None,
    title: str,
    preparation_text: str,
    proposal: str,
    publicity: str,
    legal_basis: str,
    contacts: Iterable[Person],
    presenter: Person | None,
    case: Case | None,
    changed_by: User | None = None,
    appeal_kind: str | None = None,
) -> AgendaItem:
    """Save an item's texts, publicity, presenter, case and contacts (and its appeal
    instructions when `appeal_kind` is given: "" chooses them by the rule).

    `version` is the version the editor started from: if someone saved the item since, nothing
    is written and EditConflict carries the stored item. After the invitation has been sent the
    change is recorded to be announced in the supplementary agenda; once the meeting has been
    held the agenda no longer changes here."""
    meeting = item.meeting
    Body.objects.select_for_update().get(pk=meeting.body_id)
    # Lock the item's row only: PostgreSQL cannot lock the nullable side of the outer join that
    # fetches who saved it last.
    stored = (
        AgendaItem.objects.select_for_update(of=("self",))
        .select_related("modified_by")
        .get(pk=item.pk)
    )
    meeting.refresh_from_db()
    _check_agenda_open_for_supplement(meeting)
    _check_version(stored, version)
    if case is not None and case.organisation_id != meeting.body.organisation_id:
        raise ValidationError(_("The case belongs to another organisation."))
    before = {name: getattr(stored, name) for name in ITEM_EDIT_FIELDS}
    before_contacts = set(stored.contacts.values_list("pk", flat=True))
    contacts = list(contacts)
    for name, value in {
        "title": title, "preparation_text": preparation_text, "proposal": proposal,
        "publicity": publicity, "legal_basis": legal_basis, "presenter": presenter, "case": case,
    }.items():  # fmt: skip
        setattr(stored, name, value)
    if appeal_kind is not None:
        stored.appeal_kind = appeal_kind
    stored.version += 1
    stored.modified_by = changed_by
    stored.full_clean()
    stored.save()
    stored.contacts.set(contacts)
    changed = [name for name in ITEM_EDIT_FIELDS if getattr(stored, name) != before[name]]
    if {p.pk for p in contacts} != before_contacts:
        changed.append("contacts")
    if meeting.agenda_sent and changed:
        _change_record(
            meeting=meeting,
            item=stored,
            kind=AgendaChange.Kind.ITEM_CHANGED,
            changed_by=changed_by,
            message=gettext_noop("§ %(number)s %(title)s: changed %(fields)s"),
            params={
                "number": stored.section_number,
                "title": stored.title,
                "fields": _field_labels(AgendaItem, changed),
            },
        )
    return stored


@transaction.atomic
def agenda_item_ready_set(
    *, item: AgendaItem, ready: bool, changed_by: User | None = None
) -> AgendaItem:
    """Mark an item of an unsent agenda ready (its preparation finished) or back in preparation."""
    meeting = item.meeting
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    _check_agenda_editable(meeting)
    stored = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if stored.ready != ready:
        stored.ready = ready
        stored.version += 1
        stored.modified_by = changed_by
        stored.save(update_fields=["ready", "version", "modified_by", "modified_at"])
    return stored


@transaction.atomic
def agenda_item_record(
    *,
    meeting: Meeting,
    section_number: int,
    title: str,
    case: Case | None = None,
    preparation_text: str = "",
    proposal: str = "",
    presenter: Person | None = None,
    decision: str = "",
    decision_type: str = "",
    publicity: str = Publicity.PUBLIC,
    legal_basis: str = "",
    contacts: Iterable[Person] = (),
    standard_place: str = "",
) -> AgendaItem:
    """Record an item of a meeting held outside Kokous (from its documents), keeping the §
    number the documents give. It goes last on the agenda. The number must be free in the
    body's year: no other item of the body's meetings that year may carry it."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    record_change_check(meeting=meeting)
    if case is not None and case.organisation_id != meeting.body.organisation_id:
        raise ValidationError(_("The case belongs to another organisation."))
    taken = AgendaItem.objects.filter(
        meeting__body_id=meeting.body_id,
        meeting__year=meeting.year,
        section_number=section_number,
    ).exclude(meeting__status=Meeting.Status.CANCELLED)
    if taken.exists():
        raise ValidationError(
            _("§ %(number)s is already used in %(year)s by this body.")
            % {"number": section_number, "year": meeting.year}
        )
    last = meeting.items.aggregate(Max("position"))["position__max"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        section_number=section_number,
        title=title,
        case=case,
        preparation_text=preparation_text,
        proposal=proposal,
        presenter=presenter,
        decision=decision,
        decision_type=decision_type,
        publicity=publicity,
        legal_basis=legal_basis,
        standard_place=standard_place,
        ready=True,
    )
    item.full_clean()
    item.save()
    item.contacts.set(contacts)
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem) -> None:
    """Remove an item from an agenda that has not been sent (the whole agenda is a draft until
    then, ready items included); the § numbers close the gap. Once sent, an item is removed
    only by the meeting's decision."""
    meeting = item.meeting
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    _check_agenda_editable(meeting)
    # Its attachments go with it, and so do their files, once the removal is committed.
    files = [(a.file.storage, a.file.name) for a in item.attachments.all() if a.file.name]
    item.delete()
    for storage, name in files:
        transaction.on_commit(partial(storage.delete, name))
    _positions_write(list(meeting.items.order_by("position")))
    _section_numbers_renumber(body=meeting.body, year=meeting.year)


@transaction.atomic
def agenda_item_reorder(*, meeting: Meeting, item_ids: Sequence[int]) -> list[AgendaItem]:
    """Put the agenda of an unsent meeting in the order of `item_ids` (every item, once)."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    _check_agenda_editable(meeting)
    items = {item.pk: item for item in meeting.items.all()}
    if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
        raise ValidationError(_("The new order must list every item of the agenda exactly once."))
    ordered = [items[pk] for pk in item_ids]
    _positions_write(ordered)
    _section_numbers_renumber(body=meeting.body, year=meeting.year)
    return list(meeting.items.order_by("position"))


@transaction.atomic
def attachment_add(
    *,
    item: AgendaItem,
    file: UploadedFile,
    title: str = "",
    publicity: str = Publicity.PUBLIC,
    legal_basis: str = "",
    changed_by: User | None = None,
) -> Attachment:
    """Attach a file to an item as the next "Liite N". The file must be a PDF, an office
    document or an image by its content (`kokous.core.uploads`); it is stored under a name made
    from the title and the detected type, never the uploader's name. After the invitation has
    been sent the addition is recorded for the supplementary agenda."""
    meeting = item.meeting
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    _check_agenda_open_for_supplement(meeting)
    # The § number may have moved since the caller read the item (a supplementary item).
    item.refresh_from_db()
    checked = attachment_check(file, size=file.size or 0)
    title = title.strip() or (file.name or "").rsplit(".", 1)[0].strip()
    if not title:
        raise ValidationError(_("Give the attachment a title."))
    last = item.attachments.aggregate(Max("number"))["number__max"] or 0
    attachment = Attachment(
        agenda_item=item,
        number=last + 1,
        title=title,
        content_type=checked.content_type,
        size=checked.size,
        publicity=publicity,
        legal_basis=legal_basis,
    )
    attachment.full_clean(exclude=["file"])
    stem = slugify(title)[:80] or "liite"
    attachment.file.save(
        f"{item.pk}-{attachment.number}-{stem}.{checked.extension}", file, save=False
    )
    # A file written for a transaction that then fails is removed rather than left behind.
    name, storage = attachment.file.name or "", attachment.file.storage
    try:
        attachment.save()
    except Exception:
        storage.delete(name)
        raise
    if meeting.agenda_sent:
        _change_record(
            meeting=meeting,
            item=item,
            kind=AgendaChange.Kind.ATTACHMENT_ADDED,
            changed_by=changed_by,
            message=gettext_noop("§ %(number)s %(title)s: new attachment %(attachment)s"),
            params={
                "number": item.section_number,
                "title": item.title,
                "attachment": attachment,
            },
        )
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: Attachment, changed_by: User | None = None) -> None:
    """Remove an attachment of an item whose meeting has not been held; the file goes once the
    removal is committed. After the invitation it is recorded for the supplementary agenda."""
    item = attachment.agenda_item
    meeting = item.meeting
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    _check_agenda_open_for_supplement(meeting)
    item.refresh_from_db()
    if meeting.agenda_sent:
        _change_record(
            meeting=meeting,
            item=item,
            kind=AgendaChange.Kind.ATTACHMENT_REMOVED,
            changed_by=changed_by,
            message=gettext_noop("§ %(number)s %(title)s: attachment removed: %(attachment)s"),
            params={
                "number": item.section_number,
                "title": item.title,
                "attachment": attachment,
            },
        )
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def record_change_check(*, meeting: Meeting) -> None:
    """Call before any change to a meeting's record (attendance, speakers, proposals, votes,
    decisions), inside the transaction that makes it. Locked minutes never change: that is
    refused, and a correction is recorded instead (`kokous.minutes.services.correction_record`).
    Before the lock, the change voids the signatures already given, since they approved another
    text.

    Takes the body's row lock, which `minutes_sign` holds while it gives the last approval: a
    change made at the same moment waits for it and then finds the minutes locked, rather than
    slipping in after the lock (on PostgreSQL the lock timestamp is read after the wait)."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    locked = (
        Meeting.objects.filter(pk=meeting.pk).values_list("minutes_locked_at", flat=True).first()
    )
    if locked is not None:
        raise ValidationError(
            _(
                "The minutes of this meeting are locked and can no longer be changed; "
                "record a correction instead."
            )
        )
    # Saved one by one, not updated in bulk, so that the audit trail shows the voiding.
    for signature in Signature.objects.filter(meeting_id=meeting.pk, void=False):
        signature.void = True
        signature.save(update_fields=["void", "modified_at"])


@transaction.atomic
def attendance_record(
    *,
    meeting: Meeting,
    person: Person,
    capacity: str,
    present: bool = True,
    deputy_for: Person | None = None,
    represents: str = "",
    present_from: AgendaItem | None = None,
    present_until: AgendaItem | None = None,
    position: int = 0,
) -> Attendance:
    """Record (or update) a person's attendance. A deputy must be a personal deputy of the
    member they attend for, in force on the meeting date."""
    record_change_check(meeting=meeting)
    if capacity == Attendance.Capacity.DEPUTY:
        if deputy_for is None:
            raise ValidationError(_("A deputy attends for a named member."))
        is_deputy = (
            body_memberships_at(
                body=meeting.body, date=local_date(meeting.start), roles=[Membership.Role.DEPUTY]
            )
            .filter(person=person, deputy_for__person=deputy_for)
            .exists()
        )
        if not is_deputy:
            raise ValidationError(
                _("%(deputy)s is not the personal deputy of %(member)s in this body.")
                % {"deputy": person, "member": deputy_for}
            )
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first() or Attendance(
        meeting=meeting, person=person
    )
    attendance.capacity = capacity
    attendance.present = present
    attendance.deputy_for = deputy_for
    attendance.represents = represents
    attendance.present_from = present_from
    attendance.present_until = present_until
    attendance.position = position
    attendance.full_clean()
    attendance.save()
    return attendance


@transaction.atomic
def speaking_turns_set(*, item: AgendaItem, speakers: Sequence[Person]) -> None:
    """Record who took the floor on `item`, in order (a person may speak several times)."""
    record_change_check(meeting=item.meeting)
    item.speaking_turns.all().delete()
    SpeakingTurn.objects.bulk_create(
        SpeakingTurn(agenda_item=item, person=person, position=index)
        for index, person in enumerate(speakers, start=1)
    )


@transaction.atomic
def disqualification_record(*, item: AgendaItem, person: Person, reason: str) -> Disqualification:
    """Record that `person` is disqualified for `item`, with the reason."""
    record_change_check(meeting=item.meeting)
    if not reason.strip():
        raise ValidationError(_("A disqualification must state its reason."))
    Disqualification._meta.get_field("reason").run_validators(reason)  # its length
    disqualification, _created = Disqualification.objects.update_or_create(
        agenda_item=item, person=person, defaults={"reason": reason}
    )
    return disqualification


@dataclass(frozen=True)
class QuorumResult:
    """The quorum of a meeting, or of one item of it."""

    rule: str
    seats: int
    present: int
    required: int

    @property
    def has_quorum(self) -> bool:
        return self.present >= self.required


def quorum_required(*, rule: str, seats: int) -> int:
    """How many seats must be filled: at least two thirds for a council, more than half for
    other multi-member bodies, none for bodies without a formal quorum."""
    if rule == Body.QuorumRule.NONE:
        return 0
    if rule == Body.QuorumRule.TWO_THIRDS:
        return math.ceil(2 * seats / 3)
    if rule == Body.QuorumRule.MAJORITY:
        return seats // 2 + 1
    raise ValueError(f"unknown quorum rule {rule!r}")


@dataclass(frozen=True)
class Voter:
    """Who fills a seat at an item: the seat's holder, or the deputy attending for them."""

    person_id: int
    seat_holder_id: int

    @property
    def is_deputy(self) -> bool:
        return self.person_id != self.seat_holder_id


def voters_at(*, meeting: Meeting, item: AgendaItem | None = None) -> tuple[list[Voter], int]:
    """The seats filled at `item` (at the start of the meeting if None), and the number of seats.

    This is the one reading of "who may vote and counts for the quorum": a seat is filled by its
    holder when present and not disqualified for the item, otherwise by a deputy attending for
    the holder who is not disqualified. A seat counts once.
    """
    seats = list(body_seats_at(body=meeting.body, date=local_date(meeting.start)))
    attendances = list(meeting.attendances.select_related("present_from", "present_until"))
    if item is None:
        # At the start: whoever is present at the first item ("present from § 1" included).
        first = meeting.items.order_by("position").first()
        if first is None:
            here = [a for a in attendances if a.present]
        else:
            here = [a for a in attendances if a.present_at(first)]
        disqualified: set[int] = set()
    else:
        here = [a for a in attendances if a.present_at(item)]
        disqualified = set(item.disqualifications.values_list("person_id", flat=True))
    present_people = {a.person_id for a in here if a.capacity != Attendance.Capacity.DEPUTY}
    deputies_for = {
        a.deputy_for_id: a.person_id for a in here if a.capacity == Attendance.Capacity.DEPUTY
    }
    seat_holders = sorted({seat.person_id for seat in seats})
    voters = []
    for holder in seat_holders:
        deputy = deputies_for.get(holder)
        if holder in present_people and holder not in disqualified:
            voters.append(Voter(person_id=holder, seat_holder_id=holder))
        elif deputy is not None and deputy not in disqualified:
            voters.append(Voter(person_id=deputy, seat_holder_id=holder))
    return voters, len(seat_holders)


def quorum_evaluate(*, meeting: Meeting, item: AgendaItem | None = None) -> QuorumResult:
    """The quorum of `meeting`, at `item` if given (otherwise at the start of the meeting),
    counting the seats `voters_at` finds filled."""
    voters, seats = voters_at(meeting=meeting, item=item)
    rule = meeting.body.quorum_rule
    return QuorumResult(
        rule=rule,
        seats=seats,
        present=len(voters),
        required=quorum_required(rule=rule, seats=seats),
    )


@transaction.atomic
def agenda_item_personal_data_set(
    *,
    item: AgendaItem,
    personal_data: bool,
    private_persons: str,
    changed_by: User | None = None,
) -> AgendaItem:
    """Mark whether `item` names private persons, and which, so that their names give way to a
    neutral mention in the public version when the appeal period ends (kuntalaki 140 §). Open
    at every stage, also after the meeting: names often enter with the decision. Once the names
    have been removed the mark stays: unmarking would publish them again."""
    stored = AgendaItem.objects.select_for_update().get(pk=item.pk)
    private_persons = "\n".join(
        line.strip() for line in private_persons.splitlines() if line.strip()
    )
    if stored.personal_data_removed_on is not None and not personal_data:
        raise ValidationError(
            _(
                "The names have already been removed from the public version; the item stays "
                "marked. You may add names."
            )
        )
    stored.personal_data = personal_data
    stored.private_persons = private_persons
    stored.modified_by = changed_by
    stored.full_clean()
    stored.save(update_fields=["personal_data", "private_persons", "modified_by", "modified_at"])
    return stored

"""Reads for the open API: the rows each endpoint may list, with the publication rule applied as
the database filters of `kokous.publishing.rules`, their related rows loaded in a number of
queries that does not grow with the page, and the `modified_since` conditions for incremental
sync. The serializers apply the per-object rules (`item_content_public` ...) and
`item_for_public` to what these return."""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from kokous.api.models import Tombstone
from kokous.cases.models import Case
from kokous.core.timeutil import local_date
from kokous.meetings.models import AgendaItem, Attachment, Attendance, Meeting, SpeakingTurn
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.proceedings.models import Ballot, Dissent, Vote
from kokous.publishing import rules
from kokous.publishing.selectors import DecisionFilter, decisions


def organisations_public(*, since: dt.datetime | None = None) -> QuerySet[Organisation]:
    """Every organisation (they are public entities)."""
    rows = Organisation.objects.order_by("pk")
    return rows.filter(modified_at__gte=since) if since else rows


def bodies_public(*, since: dt.datetime | None = None) -> QuerySet[Body]:
    """Every body with its organisation and the body that set it up."""
    rows = Body.objects.select_related("organisation", "parent").order_by("pk")
    return rows.filter(modified_at__gte=since) if since else rows


def memberships_public(*, since: dt.datetime | None = None) -> QuerySet[Membership]:
    """Every membership: roles in bodies are held in an official capacity and are public."""
    rows = Membership.objects.select_related("person", "body", "deputy_for").order_by("pk")
    return rows.filter(modified_at__gte=since) if since else rows


def people_public(*, since: dt.datetime | None = None) -> QuerySet[Person]:
    """People who hold a role in a body or appear in a public part: presenter or contact of an
    item whose text is public, presenter on a public agenda, chair, secretary or participant
    of published minutes. Nobody else."""
    rows = (
        Person.objects.filter(rules.person_public_q())
        .prefetch_related(Prefetch("memberships", Membership.objects.order_by("pk")))
        .order_by("pk")
    )
    return rows.filter(modified_at__gte=since) if since else rows


def meetings_public(*, since: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Every meeting (its time, place and status are public from the start); the items, the
    participants and the people are loaded here and shown by the serializer as far as the
    publication rule allows."""
    rows = (
        Meeting.objects.select_related("body", "chair", "secretary", "presenter")
        .prefetch_related(
            Prefetch("items", AgendaItem.objects.order_by("position")),
            Prefetch(
                "attendances",
                Attendance.objects.select_related(
                    "person", "deputy_for", "present_from", "present_until"
                ).order_by("position", "person__last_name"),
            ),
        )
        .order_by("pk")
    )
    return rows.filter(modified_at__gte=since) if since else rows


def _items_loaded(rows: QuerySet[AgendaItem]) -> QuerySet[AgendaItem]:
    return rows.select_related("meeting", "meeting__body", "case", "presenter").prefetch_related(
        Prefetch("contacts", Person.objects.order_by("last_name", "first_name")),
        Prefetch("attachments", Attachment.objects.order_by("number")),
        Prefetch("speaking_turns", SpeakingTurn.objects.select_related("person")),
        Prefetch("votes", Vote.objects.order_by("position")),
        Prefetch("dissents", Dissent.objects.select_related("person")),
    )


def _item_since(*, since: dt.datetime, prefix: str = "") -> Q:
    """An item (at `prefix`) changed since `since`, or its meeting did: its public content
    changes with the meeting's status while the item's row stays as it was."""
    return Q(**{f"{prefix}modified_at__gte": since}) | Q(
        **{f"{prefix}meeting__modified_at__gte": since}
    )


def agenda_items_public(*, since: dt.datetime | None = None) -> QuerySet[AgendaItem]:
    """The agenda items the public sees at all (at least as a mention)."""
    rows = _items_loaded(AgendaItem.objects.filter(rules.item_listed_q())).order_by("pk")
    return rows.filter(_item_since(since=since)) if since else rows


def decisions_public(
    *, filters: DecisionFilter, since: dt.datetime | None = None
) -> QuerySet[AgendaItem]:
    """Public decisions as `kokous.publishing.selectors.decisions` finds them, newest first."""
    rows = _items_loaded(decisions(filters=filters))
    return rows.filter(_item_since(since=since)) if since else rows


def cases_public(*, since: dt.datetime | None = None) -> QuerySet[Case]:
    """Cases that a public agenda has carried, with those listed items (whose personal data
    rule also holds for the case title)."""
    listed = AgendaItem.objects.filter(rules.item_listed_q())
    rows = (
        Case.objects.filter(Exists(listed.filter(case=OuterRef("pk"))))
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                listed.select_related("meeting").order_by("meeting__start", "position"),
                to_attr="listed_items",
            )
        )
        .order_by("pk")
    )
    if since:
        changed = listed.filter(_item_since(since=since), case=OuterRef("pk"))
        rows = rows.filter(Q(modified_at__gte=since) | Exists(changed))
    return rows


def attachments_public(*, since: dt.datetime | None = None) -> QuerySet[Attachment]:
    """Attachments of the items whose text is public: the public ones to download, the others
    as a record only."""
    rows = (
        Attachment.objects.filter(rules.item_content_public_q(prefix="agenda_item__"))
        .select_related("agenda_item", "agenda_item__meeting")
        .order_by("pk")
    )
    if since:
        rows = rows.filter(
            Q(modified_at__gte=since) | _item_since(since=since, prefix="agenda_item__")
        )
    return rows


def votes_public(*, since: dt.datetime | None = None) -> QuerySet[Vote]:
    """Votes on the items whose decision is public, with their ballots by name."""
    rows = (
        Vote.objects.filter(rules.item_decision_public_q(prefix="agenda_item__"))
        .select_related(
            "agenda_item",
            "agenda_item__meeting",
            "yes",
            "yes__proposer",
            "no",
            "no__proposer",
        )
        .prefetch_related(
            Prefetch("ballots", Ballot.objects.select_related("person", "seat_holder"))
        )
        .order_by("pk")
    )
    if since:
        rows = rows.filter(
            Q(modified_at__gte=since) | _item_since(since=since, prefix="agenda_item__")
        )
    return rows


def seats_of_meetings(*, meetings: Iterable[Meeting]) -> dict[int, list[Membership]]:
    """The seats (memberships that vote) of each meeting's body on the meeting's day, by
    meeting id, in one query: whoever held a seat and cast no ballot was absent."""
    by_id = {meeting.pk: meeting for meeting in meetings}
    found: dict[int, list[Membership]] = {pk: [] for pk in by_id}
    if not by_id:
        return found
    seats = Membership.objects.filter(
        body_id__in={m.body_id for m in by_id.values()}, role__in=Membership.SEAT_ROLES
    ).select_related("person")
    for seat in seats.order_by("person__last_name", "person__first_name"):
        for meeting in by_id.values():
            day = local_date(meeting.start)
            if (
                seat.body_id == meeting.body_id
                and seat.start <= day
                and (seat.end is None or seat.end >= day)
            ):
                found[meeting.pk].append(seat)
    return found


def tombstones(*, types: Sequence[str], since: dt.datetime) -> QuerySet[Tombstone]:
    """Objects of `types` deleted at or after `since`, oldest first."""
    return Tombstone.objects.filter(object_type__in=list(types), deleted_at__gte=since).order_by(
        "deleted_at", "pk"
    )

"""Kokous as the 6Aika Open Decisions API (Päätösrajapinta, Swagger 2.0 v0.0.5, in
`shared/specs/6aika-paatos.swagger.yaml`), served under `/api/paatos/v1/`.

How Kokous maps onto the API's objects
======================================

Every object carries `url` (absolute), `id`, `data_source` = "kokous", `origin_id` = the Kokous
primary key as a string, and `created_at` / `modified_at` from the row (Person, Membership and
Post, which come from Popolo, name the latter `updated_at`; they carry both).

case → `Case`
    Only cases that a public agenda has carried. `register_id` = record number, `title` (with
    the names of private persons replaced where an item of the case has had its personal data
    removed), `function` = URL of the case's task class, `actions` = URLs of the case's listed
    agenda items in the order they were handled, `attachments` = the public attachments of
    those items, `geometries` = [].
action → `AgendaItem` on a public agenda (`rules.item_listed_q`)
    `title` as the public reads it (`rules.item_for_public`), `ordering` = position on the
    agenda, `article_number` = the section number (§) and `resolution` = the structured
    decision type (adopted_as_proposed, adopted_after_vote, adopted_amended, rejected, noted,
    returned, tabled, removed, election) — both null until the decision is public.
    `contents`: "preparation" (the preparation text) and "draft resolution" (the presenter's
    proposal) once the item's text is public, "resolution" (the decision) once the decision is;
    texts are HTML. A confidential item, or one that is public only after the decision, is a
    mention: title only, no contents. `attachments`: every attachment of the item, with
    `public`; the download `url` (`/attachments/<pk>/`) only for a public one with a file;
    `confidentiality_reason` = the legal basis for secrecy; the name of an attachment of an
    item whose text is not public is only "Attachment N". `case`, `event` = URLs; `post` =
    null: in Kokous bodies decide, not office holders.
event → `Meeting`
    Every meeting (its time, place and body are public from the start). `name` = the body and
    the meeting's number in the year, `start_date` / `end_date` = the days in Helsinki time,
    `organization` = URL of the body, `actions` = URLs of its listed items (none until the
    agenda is sent). `/event/?organization=<id>` filters by body, or by all the bodies of an
    organisation.
organization → `Organisation` and `Body`, in one id space
    A body's id is 2 × its primary key (even), an organisation's 2 × its primary key − 1 (odd);
    `origin_id` is "body:<pk>" or "organisation:<pk>", since the two tables' keys overlap.
    `classification` = the kind (council, board, …; wellbeing_services_county, municipality, …).
    A body's `parent` is the body that set it up, otherwise its organisation; an organisation
    has none. `founding_date` / `dissolution_date` = the body's active period. `events` =
    URLs of a body's meetings, `posts` = URLs of its posts.
person → `Person` who holds a membership or appears in a public role
    (presenter or contact of an item whose text is public, presenter on a public agenda,
    chair, secretary or participant in published minutes). `id` is a string, as Popolo has
    it. `name`, `given_name`, `family_name`, `sort_name` ("Family, Given"), `memberships`
    (each without the person again). Never e-mail or phone.
membership → `Membership`
    `id` (string), `role` = the role's code, `label` = its name, `person_id` and `person`,
    `organization` = the body (embedded; without its `events` and `posts` lists),
    `post_id` / `post` for the roles that are posts, `start_date` / `end_date` = the term.
post → a body's chair, vice chair, presenter or secretary
    One post per body and role that someone holds or has held; id = body pk × 10 + 1..4
    (chair, vice chair, presenter, secretary). `label` = "chair, <body>", `role` = the code,
    `organization` = the body, `start_date` / `end_date` = the body's active period,
    `memberships` = the terms of the people who held it (each without the post again).
function → the task class (tehtäväluokka) of public cases
    `function_id` = the code, e.g. "00.01.00", `name` = the code (Kokous keeps no names of task
    classes), id = its digits as a number (100 for 00.01.00), `parent` = the nearest upper
    class (00.01.00 → 00.00.00) when a public case is filed under it.

Lists: `limit` / `offset` (or `page` / `page_size`), 20 a page by default and at most 100. Every
list has a `meta` object (limit, offset, total_count, next, previous) and the shape the spec
gives its path: `objects` for person and membership, `count` / `next` / `previous` /
`results` for the others.

Null: Swagger 2.0 cannot say that a property may be null; the spec says so in words for
`article_number` ("null before decision"). Kokous gives null, never a made-up value, for
exactly the properties in `NULLABLE` below, and the contract tests allow null there only.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from kokous.cases.models import Case
from kokous.core.timeutil import local_date
from kokous.meetings.models import AgendaItem, Attachment, Meeting
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.paatos import selectors
from kokous.publishing import rules

DATA_SOURCE = "kokous"

# (definition, property) pairs that are null when Kokous has no value; see the docstring.
NULLABLE: frozenset[tuple[str, str]] = frozenset(
    {
        ("Meta", "next"),
        ("Meta", "previous"),
        ("list", "next"),
        ("list", "previous"),
        ("case", "register_id"),
        ("case", "function"),
        ("action", "article_number"),
        ("action", "resolution"),
        ("action", "case"),
        ("action", "post"),
        ("attachment", "url"),
        ("attachment", "confidentiality_reason"),
        ("Event", "end_date"),
        ("Organization", "founding_date"),
        ("Organization", "dissolution_date"),
        ("Organization", "parent"),
        ("Membership", "end_date"),
        ("Membership", "post_id"),
        ("Membership", "post"),
        ("Post", "start_date"),
        ("Post", "end_date"),
        ("function", "parent"),
    }
)

Json = dict[str, Any]


def _datetime(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


class Links:
    """Absolute URLs of the API's objects for one request."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    def absolute(self, path: str) -> str:
        return self._request.build_absolute_uri(path)

    def of(self, kind: str, pk: int) -> str:
        return self.absolute(reverse(f"paatos:{kind}-detail", kwargs={"pk": pk}))

    def body(self, pk: int) -> str:
        return self.of("organization", selectors.organization_id_of_body(pk))

    def organisation(self, pk: int) -> str:
        return self.of("organization", selectors.organization_id_of_organisation(pk))

    def attachment_download(self, pk: int) -> str:
        return self.absolute(reverse("publishing:attachment", kwargs={"pk": pk}))


def _common(*, links: Links, kind: str, pk: int, origin: str, row: Any) -> Json:
    return {
        "url": links.of(kind, pk),
        "id": pk,
        "data_source": DATA_SOURCE,
        "origin_id": origin,
        "created_at": _datetime(row.created_at),
        "modified_at": _datetime(row.modified_at),
    }


# --- action, content, attachment --------------------------------------------------------------


def _content(*, item: AgendaItem, kind: str, ordering: int, title: str, hypertext: str) -> Json:
    return {
        "data_source": DATA_SOURCE,
        "origin_id": f"{item.pk}:{kind}",
        "created_at": _datetime(item.created_at),
        "modified_at": _datetime(item.modified_at),
        "ordering": ordering,
        "title": title,
        "type": kind,
        "hypertext": hypertext,
    }


def action_contents(item: AgendaItem) -> list[Json]:
    """The texts of `item` that the public may read, as the public reads them."""
    meeting = item.meeting
    public = rules.item_for_public(item)
    texts: list[tuple[str, str, str]] = []
    if rules.item_content_public(item=item, meeting=meeting):
        if public.preparation_text.strip():
            texts.append(("preparation", _("Preparation"), public.preparation_text))
        if public.proposal.strip():
            texts.append(
                ("draft resolution", _("Presenter's proposal"), linebreaks(public.proposal, True))
            )
    if rules.item_decision_public(item=item, meeting=meeting) and public.decision.strip():
        texts.append(("resolution", _("Decision"), linebreaks(public.decision, True)))
    return [
        _content(item=item, kind=kind, ordering=number, title=title, hypertext=text)
        for number, (kind, title, text) in enumerate(texts, start=1)
    ]


def attachment_json(*, attachment: Attachment, item: AgendaItem, links: Links) -> Json:
    """An attachment of a listed item: its publicity always, its name when the item's text is
    public, its download address when the attachment itself is."""
    meeting = item.meeting
    public = rules.attachment_public(attachment=attachment, item=item, meeting=meeting)
    if rules.item_content_public(item=item, meeting=meeting):
        name = rules.item_public_text(item=item, text=attachment.title)
    else:
        name = _("Attachment %(number)s") % {"number": attachment.number}
    reason = None
    if not public:
        reason = attachment.legal_basis or item.legal_basis or None
    return {
        "url": links.attachment_download(attachment.pk) if public and attachment.file else None,
        "data_source": DATA_SOURCE,
        "origin_id": str(attachment.pk),
        "created_at": _datetime(attachment.created_at),
        "modified_at": _datetime(attachment.modified_at),
        "name": name,
        "number": attachment.number,
        "public": public,
        "confidentiality_reason": reason,
    }


def action_json(item: AgendaItem, *, links: Links) -> Json:
    """A listed agenda item (`selectors.actions_listed`: meeting and attachments loaded)."""
    meeting = item.meeting
    decision_public = rules.item_decision_public(item=item, meeting=meeting)
    return {
        **_common(links=links, kind="action", pk=item.pk, origin=str(item.pk), row=item),
        "title": rules.item_for_public(item).title,
        "ordering": item.position,
        "article_number": str(item.section_number) if decision_public else None,
        "resolution": (item.decision_type or None) if decision_public else None,
        "public": rules.item_content_public(item=item, meeting=meeting),
        "contents": action_contents(item),
        "attachments": [
            attachment_json(attachment=attachment, item=item, links=links)
            for attachment in item.attachments.all()
        ],
        "case": links.of("case", item.case_id) if item.case_id is not None else None,
        "event": links.of("event", item.meeting_id),
        "post": None,
    }


def actions_json(items: Sequence[AgendaItem], *, links: Links) -> list[Json]:
    return [action_json(item, links=links) for item in items]


# --- case and function ------------------------------------------------------------------------


def cases_json(cases: Sequence[Case], *, links: Links) -> list[Json]:
    """Public cases, with their listed items and public attachments loaded in two queries."""
    ids = [case.pk for case in cases]
    items: dict[int, list[AgendaItem]] = {pk: [] for pk in ids}
    for item in selectors.case_items_listed(case_ids=ids):
        assert item.case_id is not None
        items[item.case_id].append(item)
    attachments: dict[int, list[Json]] = {pk: [] for pk in ids}
    for attachment in selectors.case_attachments_public(case_ids=ids):
        item = attachment.agenda_item
        assert item.case_id is not None
        attachments[item.case_id].append(
            attachment_json(attachment=attachment, item=item, links=links)
        )
    return [
        {
            **_common(links=links, kind="case", pk=case.pk, origin=str(case.pk), row=case),
            "title": _case_title(case, items[case.pk]),
            "register_id": case.record_number or None,
            "function": (
                links.of("function", selectors.function_id(case.task_class))
                if case.task_class
                else None
            ),
            "actions": [links.of("action", item.pk) for item in items[case.pk]],
            "attachments": attachments[case.pk],
            "geometries": [],
        }
        for case in cases
    ]


def _case_title(case: Case, items: Iterable[AgendaItem]) -> str:
    """The case's title with the names that any of its items no longer shows replaced."""
    title = case.title
    for item in items:
        title = rules.item_public_text(item=item, text=title)
    return title


def functions_json(rows: Sequence[dict[str, Any]], *, links: Links) -> list[Json]:
    """Task classes (rows of `selectors.functions`)."""
    known = selectors.function_codes() if rows else set()
    result = []
    for row in rows:
        code = row["task_class"]
        pk = selectors.function_id(code)
        parent = selectors.function_parent_code(code, known)
        result.append(
            {
                "url": links.of("function", pk),
                "id": pk,
                "data_source": DATA_SOURCE,
                "origin_id": code,
                "created_at": _datetime(row["created"]),
                "modified_at": _datetime(row["modified"]),
                "function_id": code,
                "name": code,
                "parent": (links.of("function", selectors.function_id(parent)) if parent else None),
            }
        )
    return result


# --- event ------------------------------------------------------------------------------------


def events_json(meetings: Sequence[Meeting], *, links: Links) -> list[Json]:
    """Meetings (body loaded), with their listed items in one query."""
    listed = selectors.event_items_listed(meeting_ids=[m.pk for m in meetings])
    return [
        {
            **_common(
                links=links, kind="event", pk=meeting.pk, origin=str(meeting.pk), row=meeting
            ),
            "name": _("%(body)s, meeting %(number)s/%(year)s")
            % {"body": meeting.body.name, "number": meeting.number, "year": meeting.year},
            "start_date": _date(local_date(meeting.start)),
            "end_date": _date(local_date(meeting.end)) if meeting.end else None,
            "organization": links.body(meeting.body_id),
            "actions": [links.of("action", pk) for pk in listed.get(meeting.pk, [])],
            "status": meeting.status,
        }
        for meeting in meetings
    ]


# --- organization -----------------------------------------------------------------------------


def body_json(body: Body, *, links: Links) -> Json:
    """A body without the lists of its events and posts (as embedded in a membership)."""
    return {
        "url": links.body(body.pk),
        "id": selectors.organization_id_of_body(body.pk),
        "data_source": DATA_SOURCE,
        "origin_id": f"body:{body.pk}",
        "created_at": _datetime(body.created_at),
        "modified_at": _datetime(body.modified_at),
        "classification": body.kind,
        "name": body.name,
        "founding_date": _date(body.active_from),
        "dissolution_date": _date(body.active_until),
        "parent": (
            links.body(body.parent_id)
            if body.parent_id is not None
            else links.organisation(body.organisation_id)
        ),
    }


def organisation_json(organisation: Organisation, *, links: Links) -> Json:
    return {
        "url": links.organisation(organisation.pk),
        "id": selectors.organization_id_of_organisation(organisation.pk),
        "data_source": DATA_SOURCE,
        "origin_id": f"organisation:{organisation.pk}",
        "created_at": _datetime(organisation.created_at),
        "modified_at": _datetime(organisation.modified_at),
        "classification": organisation.kind,
        "name": organisation.name,
        "founding_date": None,
        "dissolution_date": None,
        "parent": None,
        "events": [],
        "posts": [],
    }


def organizations_json(rows: Sequence[Organisation | Body], *, links: Links) -> list[Json]:
    """Organisations and bodies, the bodies with their events and posts (two queries)."""
    body_ids = [row.pk for row in rows if isinstance(row, Body)]
    meetings = selectors.body_meeting_ids(body_ids=body_ids) if body_ids else {}
    roles = selectors.body_post_roles(body_ids=body_ids) if body_ids else {}
    result = []
    for row in rows:
        if isinstance(row, Organisation):
            result.append(organisation_json(row, links=links))
            continue
        post_ids = [selectors.post_id(body_id=row.pk, role=role) for role in roles.get(row.pk, [])]
        result.append(
            {
                **body_json(row, links=links),
                "events": [links.of("event", pk) for pk in meetings.get(row.pk, [])],
                "posts": [links.of("post", pk) for pk in post_ids if pk is not None],
            }
        )
    return result


# --- person, membership, post -----------------------------------------------------------------


def person_json(person: Person, *, links: Links) -> Json:
    """A person's public name, without memberships. Never e-mail or phone."""
    return {
        "url": links.of("person", person.pk),
        "id": str(person.pk),
        "data_source": DATA_SOURCE,
        "origin_id": str(person.pk),
        "name": person.full_name,
        "given_name": person.first_name,
        "family_name": person.last_name,
        "sort_name": f"{person.last_name}, {person.first_name}",
        "created_at": _datetime(person.created_at),
        "updated_at": _datetime(person.modified_at),
        "modified_at": _datetime(person.modified_at),
    }


def _post_label(*, role: str, body: Body) -> str:
    return _("%(role)s, %(body)s") % {"role": Membership.Role(role).label, "body": body.name}


def membership_json(
    membership: Membership, *, links: Links, with_person: bool = True, with_post: bool = True
) -> Json:
    """A membership (person and body loaded) with its person, body and post embedded; a
    person's own list leaves out the person, a post's own list the post."""
    body = membership.body
    pk = selectors.post_id(body_id=body.pk, role=membership.role)
    data: Json = {
        "url": links.of("membership", membership.pk),
        "id": str(membership.pk),
        "data_source": DATA_SOURCE,
        "origin_id": str(membership.pk),
        "role": membership.role,
        "label": str(membership.get_role_display()),
        "person_id": str(membership.person_id),
        "organization": body_json(body, links=links),
        "post_id": str(pk) if pk is not None else None,
        "start_date": _date(membership.start),
        "end_date": _date(membership.end),
        "represents": membership.represents,
        "created_at": _datetime(membership.created_at),
        "updated_at": _datetime(membership.modified_at),
        "modified_at": _datetime(membership.modified_at),
    }
    if with_person:
        data["person"] = person_json(membership.person, links=links)
    if with_post:
        data["post"] = (
            {
                "url": links.of("post", pk),
                "id": str(pk),
                "label": _post_label(role=membership.role, body=body),
                "role": membership.role,
            }
            if pk is not None
            else None
        )
    return data


def memberships_json(memberships: Sequence[Membership], *, links: Links) -> list[Json]:
    return [membership_json(membership, links=links) for membership in memberships]


def people_json(people: Sequence[Person], *, links: Links) -> list[Json]:
    """People (`selectors.people_public`: memberships and their bodies prefetched)."""
    result = []
    for person in people:
        memberships = sorted(person.memberships.all(), key=lambda m: (m.start, m.pk))
        result.append(
            {
                **person_json(person, links=links),
                "memberships": [
                    membership_json(membership, links=links, with_person=False)
                    for membership in memberships
                ],
            }
        )
    return result


def posts_json(rows: Sequence[dict[str, Any]], *, links: Links) -> list[Json]:
    """Posts (rows of `selectors.posts`), with their bodies and memberships in two queries."""
    keys = [(row["body_id"], row["role"]) for row in rows]
    bodies = {body.pk: body for body in selectors.bodies().filter(pk__in={k[0] for k in keys})}
    held = selectors.post_memberships(keys=keys)
    result = []
    for body_id, role in keys:
        body = bodies[body_id]
        pk = selectors.post_id(body_id=body_id, role=role)
        assert pk is not None
        result.append(
            {
                "url": links.of("post", pk),
                "id": str(pk),
                "data_source": DATA_SOURCE,
                "origin_id": f"body:{body_id}:{role}",
                "label": _post_label(role=role, body=body),
                "role": role,
                "organization": body_json(body, links=links),
                "start_date": _date(body.active_from),
                "end_date": _date(body.active_until),
                "memberships": [
                    membership_json(membership, links=links, with_post=False)
                    for membership in held[(body_id, role)]
                ],
                "created_at": _datetime(body.created_at),
                "updated_at": _datetime(body.modified_at),
                "modified_at": _datetime(body.modified_at),
            }
        )
    return result

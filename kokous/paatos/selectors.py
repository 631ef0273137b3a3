"""Reads for the 6Aika Open Decisions API: what of the register the public may see, as the
rows each endpoint lists. The publication rule is applied here through the database filters of
`kokous.publishing.rules`; `kokous.paatos.representations` applies the per-object rules and
the removal of personal data to what these return.

Every function returns rows in a stable order (primary key), so that limit/offset paging
neither skips nor repeats a row while nothing changes.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Exists, Max, Min, OuterRef, Q, QuerySet

from kokous.cases.models import Case
from kokous.meetings.models import AgendaItem, Attachment, Meeting
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.publishing import rules

# ---------------------------------------------------------------------------------------------
# Identifiers of the objects that are not rows of one table.

# Organisations and bodies share the `organization` id space: a body's id is even, an
# organisation's odd, so neither can take the other's id whatever the tables grow to.


def organization_id_of_body(pk: int) -> int:
    return 2 * pk


def organization_id_of_organisation(pk: int) -> int:
    return 2 * pk - 1


def organization_key(organization_id: int) -> tuple[str, int]:
    """("body", pk) or ("organisation", pk) for an `organization` id."""
    if organization_id % 2 == 0:
        return "body", organization_id // 2
    return "organisation", (organization_id + 1) // 2


# The posts of a body: the roles that one person holds at a time. A post's id is the body's
# primary key times ten plus the role's number here, so it never changes when people change.
POST_ROLES: tuple[str, ...] = (
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.PRESENTER,
    Membership.Role.SECRETARY,
)


def post_id(*, body_id: int, role: str) -> int | None:
    """The id of the post that a membership of `role` in body `body_id` holds, if any."""
    if role not in POST_ROLES:
        return None
    return body_id * 10 + POST_ROLES.index(role) + 1


def post_key(pk: int) -> tuple[int, str] | None:
    """(body id, role) of post `pk`, or None when no role has that number."""
    body_id, number = divmod(pk, 10)
    if not 1 <= number <= len(POST_ROLES) or body_id < 1:
        return None
    return body_id, POST_ROLES[number - 1]


# A function is a task class (tehtäväluokka) "05.01.02"; its id is the code's digits, 50102.


def function_id(task_class: str) -> int:
    return int(task_class.replace(".", ""))


def function_code(pk: int) -> str | None:
    """The task class whose id is `pk`, or None for an id no task class can have."""
    if not 0 <= pk <= 999999:
        return None
    digits = f"{pk:06d}"
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}"


def function_parent_code(code: str, known: Iterable[str]) -> str | None:
    """The nearest upper class of `code` that is `known`: 05.01.02 → 05.01.00 → 05.00.00."""
    known = set(known)
    main, middle, low = code.split(".")
    candidates = []
    if low != "00":
        candidates.append(f"{main}.{middle}.00")
    if middle != "00":
        candidates.append(f"{main}.00.00")
    for candidate in candidates:
        if candidate in known:
            return candidate
    return None


# ---------------------------------------------------------------------------------------------
# Rows.


def actions_listed() -> QuerySet[AgendaItem]:
    """Agenda items the public sees at least as a mention, with what each needs to be shown."""
    return (
        AgendaItem.objects.filter(rules.item_listed_q())
        .select_related("meeting", "meeting__body")
        .prefetch_related("attachments")
        .order_by("pk")
    )


def cases_public() -> QuerySet[Case]:
    """Cases that a public agenda has carried (a case page shows the same ones)."""
    listed = AgendaItem.objects.filter(rules.item_listed_q(), case=OuterRef("pk"))
    return Case.objects.filter(Exists(listed)).order_by("pk")


def case_items_listed(*, case_ids: Iterable[int]) -> QuerySet[AgendaItem]:
    """The listed agenda items of the cases, in the order they were handled."""
    return (
        AgendaItem.objects.filter(rules.item_listed_q(), case_id__in=list(case_ids))
        .select_related("meeting")
        .order_by("meeting__start", "meeting_id", "position")
    )


def case_attachments_public(*, case_ids: Iterable[int]) -> QuerySet[Attachment]:
    """The public attachments of the cases' items, in the order they were handled."""
    return (
        Attachment.objects.filter(
            rules.attachment_public_q(), agenda_item__case_id__in=list(case_ids)
        )
        .select_related("agenda_item", "agenda_item__meeting")
        .order_by("agenda_item__meeting__start", "agenda_item__position", "number")
    )


def events() -> QuerySet[Meeting]:
    """Every meeting: its time, place and body are public from the start."""
    return Meeting.objects.select_related("body").order_by("pk")


def event_items_listed(*, meeting_ids: Iterable[int]) -> dict[int, list[int]]:
    """The ids of the listed items of each meeting, in agenda order."""
    found: dict[int, list[int]] = {}
    items = (
        AgendaItem.objects.filter(rules.item_listed_q(), meeting_id__in=list(meeting_ids))
        .order_by("meeting_id", "position")
        .values_list("meeting_id", "pk")
    )
    for meeting_id, pk in items:
        found.setdefault(meeting_id, []).append(pk)
    return found


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("pk")


def bodies() -> QuerySet[Body]:
    return Body.objects.order_by("pk")


def body_meeting_ids(*, body_ids: Iterable[int]) -> dict[int, list[int]]:
    """The ids of each body's meetings, oldest first."""
    found: dict[int, list[int]] = {}
    rows = (
        Meeting.objects.filter(body_id__in=list(body_ids))
        .order_by("body_id", "start", "pk")
        .values_list("body_id", "pk")
    )
    for body_id, pk in rows:
        found.setdefault(body_id, []).append(pk)
    return found


def body_post_roles(*, body_ids: Iterable[int]) -> dict[int, list[str]]:
    """The post roles that someone holds or has held in each body, in `POST_ROLES` order."""
    found: dict[int, set[str]] = {}
    rows = (
        Membership.objects.filter(body_id__in=list(body_ids), role__in=POST_ROLES)
        .values_list("body_id", "role")
        .distinct()
    )
    for body_id, role in rows:
        found.setdefault(body_id, set()).add(role)
    return {
        body_id: [role for role in POST_ROLES if role in roles] for body_id, roles in found.items()
    }


def posts() -> QuerySet[Membership, Any]:
    """The posts, as distinct (body_id, role) rows of the memberships that hold them."""
    return (
        Membership.objects.filter(role__in=POST_ROLES)
        .values("body_id", "role")
        .distinct()
        .order_by("body_id", "role")
    )


def post_memberships(*, keys: Iterable[tuple[int, str]]) -> dict[tuple[int, str], list[Membership]]:
    """The memberships holding each post, earliest term first."""
    keys = list(keys)
    found: dict[tuple[int, str], list[Membership]] = {key: [] for key in keys}
    if not keys:
        return found
    condition = Q(pk__in=[])
    for body_id, role in keys:
        condition |= Q(body_id=body_id, role=role)
    for membership in memberships().filter(condition).order_by("start", "pk"):
        found[(membership.body_id, membership.role)].append(membership)
    return found


def memberships() -> QuerySet[Membership]:
    """Every membership: the roles of people in bodies are public in their official capacity."""
    return Membership.objects.select_related("person", "body").order_by("pk")


def people_public() -> QuerySet[Person]:
    """People who hold a role in a body or appear in a public role: presenter or contact of an
    item whose text is public, presenter on a public agenda, chair, secretary or participant in
    published minutes. Nobody else, and never their e-mail or phone."""
    return (
        Person.objects.filter(rules.person_public_q())
        .prefetch_related("memberships__body")
        .order_by("pk")
    )


def functions() -> QuerySet[Any, Any]:
    """The task classes of public cases, as rows of `task_class`, `created` and `modified`."""
    return (
        cases_public()
        .exclude(task_class="")
        .values("task_class")
        .annotate(created=Min("created_at"), modified=Max("modified_at"))
        .order_by("task_class")
    )


def function_codes() -> set[str]:
    """Every task class of a public case: the functions that a parent link may point at."""
    return set(
        cases_public().exclude(task_class="").values_list("task_class", flat=True).distinct()
    )

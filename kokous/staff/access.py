"""The access rule: who may read and change what in the staff workspace. Decided here only.

- A secretary of a body (a membership with the role "secretary" in force today) manages the
  body's meetings: creates them, builds and sends the agenda, edits every item.
- A presenter edits the items they present (the item's presenter is their person).
- Members, deputies, chairs, municipal representatives, presenters and secretaries of a body
  read all of its materials, non-public ones included: with a role in force today, or on the
  day of the meeting they read.
- The chair or secretary of a body (a working group's lead) manages the preparation tasks the
  body owns; the person responsible for a task updates its status and progress.
- Experts, invited guests and everyone else see only what the publication rule makes public
  (`kokous.publishing.rules`), which is the public site's business, not the workspace's.
- A superuser (the organisation's administrator) may do everything.

The rule keys on the user's Person, not on how they signed in, so an identity provider that
links accounts to people plugs in without changing it. Views call `access_for(request)` and
the `require_*` functions, which raise PermissionDenied (HTTP 403).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from kokous.core.timeutil import local_date
from kokous.meetings.models import AgendaItem, Meeting
from kokous.organisations.models import Membership
from kokous.preparation.models import Task

# Roles that read all of their body's materials.
READING_ROLES = frozenset(
    {
        Membership.Role.CHAIR,
        Membership.Role.VICE_CHAIR,
        Membership.Role.MEMBER,
        Membership.Role.DEPUTY,
        Membership.Role.REPRESENTATIVE,
        Membership.Role.PRESENTER,
        Membership.Role.SECRETARY,
    }
)
MANAGING_ROLES = frozenset({Membership.Role.SECRETARY})
# Roles that lead a body's preparation work (a working group's tasks).
LEADING_ROLES = frozenset({Membership.Role.CHAIR, Membership.Role.SECRETARY})


@dataclass(frozen=True)
class Grant:
    """One role of the user's person in a body, with its term."""

    body_id: int
    role: str
    start: dt.date
    end: dt.date | None

    def in_force(self, date: dt.date) -> bool:
        return self.start <= date and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class Access:
    """What one signed-in user may do; built once per request from their person's roles."""

    person_id: int | None
    superuser: bool
    today: dt.date
    grants: tuple[Grant, ...] = field(default=())

    def _has(self, body_id: int, roles: frozenset[str], dates: tuple[dt.date, ...]) -> bool:
        return any(
            grant.body_id == body_id
            and grant.role in roles
            and any(grant.in_force(date) for date in dates)
            for grant in self.grants
        )

    def manages_body(self, body_id: int) -> bool:
        return self.superuser or self._has(body_id, MANAGING_ROLES, (self.today,))

    def reads_body(self, body_id: int, on: dt.date | None = None) -> bool:
        dates = (self.today,) if on is None else (self.today, on)
        return self.superuser or self._has(body_id, READING_ROLES, dates)

    def reads_meeting(self, meeting: Meeting) -> bool:
        return self.reads_body(meeting.body_id, on=local_date(meeting.start))

    def manages_meeting(self, meeting: Meeting) -> bool:
        return self.manages_body(meeting.body_id)

    def edits_item(self, item: AgendaItem, meeting: Meeting) -> bool:
        """The body's secretary, or the item's presenter while they can read the meeting."""
        if self.manages_meeting(meeting):
            return True
        return (
            self.person_id is not None
            and item.presenter_id == self.person_id
            and self.reads_meeting(meeting)
        )

    def leads_body(self, body_id: int) -> bool:
        """The body's chair or secretary today: they manage the tasks the body owns."""
        return self.superuser or self._has(body_id, LEADING_ROLES, (self.today,))

    def manages_task(self, task: Task) -> bool:
        """Every field of a task: a lead of the group that owns it (or an administrator)."""
        return self.superuser or (task.group_id is not None and self.leads_body(task.group_id))

    def updates_task(self, task: Task) -> bool:
        """Status and progress: the task's managers and its responsible person."""
        return self.manages_task(task) or (
            self.person_id is not None and task.responsible_id == self.person_id
        )

    def led_body_ids(self) -> set[int] | None:
        """The bodies whose tasks the user manages; None means every body (superuser)."""
        if self.superuser:
            return None
        return {
            g.body_id for g in self.grants if g.role in LEADING_ROLES and g.in_force(self.today)
        }

    def body_ids(self, *, managed: bool = False) -> set[int] | None:
        """The bodies the user reads (or manages) today; None means every body (superuser)."""
        if self.superuser:
            return None
        roles = MANAGING_ROLES if managed else READING_ROLES
        return {g.body_id for g in self.grants if g.role in roles and g.in_force(self.today)}


def access_for(request: HttpRequest) -> Access:
    """The access of the request's user, computed once per request."""
    cached = getattr(request, "_kokous_access", None)
    if cached is not None:
        return cached
    user = request.user
    today = local_date(timezone.now())
    person = getattr(user, "person", None) if user.is_authenticated else None
    grants: tuple[Grant, ...] = ()
    if person is not None:
        grants = tuple(
            Grant(body_id=m.body_id, role=m.role, start=m.start, end=m.end)
            for m in Membership.objects.filter(person=person)
        )
    access = Access(
        person_id=person.pk if person is not None else None,
        superuser=bool(user.is_authenticated and user.is_superuser),
        today=today,
        grants=grants,
    )
    request._kokous_access = access  # type: ignore[attr-defined]
    return access


def _require(request: HttpRequest, allowed: Callable[[Access], bool]) -> Access:
    access = access_for(request)
    if not allowed(access):
        raise PermissionDenied
    return access


def require_read_meeting(request: HttpRequest, meeting: Meeting) -> Access:
    return _require(request, lambda access: access.reads_meeting(meeting))


def require_manage_meeting(request: HttpRequest, meeting: Meeting) -> Access:
    return _require(request, lambda access: access.manages_meeting(meeting))


def require_manage_body(request: HttpRequest, body_id: int) -> Access:
    return _require(request, lambda access: access.manages_body(body_id))


def require_read_body(request: HttpRequest, body_id: int) -> Access:
    return _require(request, lambda access: access.reads_body(body_id))


def require_edit_item(request: HttpRequest, item: AgendaItem) -> Access:
    return _require(request, lambda access: access.edits_item(item, item.meeting))

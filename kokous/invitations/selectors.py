"""Reads about invitations: recipients, timeliness, changes waiting to be announced."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kokous.core.timeutil import local_date
from kokous.invitations.models import Invitation
from kokous.meetings.models import AgendaChange, Meeting
from kokous.organisations.models import Membership, Person
from kokous.organisations.selectors import body_memberships_at

# Who is invited, in the order the message lists them. Deputies only when the body's rule says.
INVITED_ROLES = (
    Membership.Role.CHAIR,
    Membership.Role.VICE_CHAIR,
    Membership.Role.MEMBER,
    Membership.Role.REPRESENTATIVE,
    Membership.Role.DEPUTY,
    Membership.Role.PRESENTER,
    Membership.Role.SECRETARY,
    Membership.Role.EXPERT,
    Membership.Role.INVITED,
)


@dataclass(frozen=True)
class Recipient:
    person: Person
    role: str  # a Membership.Role value, or "officer" for a meeting officer without a role

    @property
    def role_label(self) -> str:
        if self.role in Membership.Role.values:
            return str(Membership.Role(self.role).label)
        return str(_("meeting officer"))


def invitation_recipients(*, meeting: Meeting) -> list[Recipient]:
    """Everyone the invitation goes to, each once under their first role in INVITED_ROLES:
    the body's members, representatives, presenters, secretaries, experts and invited guests
    on the meeting's date, its deputies when the body invites deputies, and the meeting's chair,
    secretary and presenter even when they hold no role in the body."""
    roles = [
        r for r in INVITED_ROLES if r != Membership.Role.DEPUTY or meeting.body.invite_deputies
    ]
    memberships = sorted(
        body_memberships_at(body=meeting.body, date=local_date(meeting.start), roles=roles),
        key=lambda m: (INVITED_ROLES.index(m.role), m.person.last_name, m.person.first_name),
    )
    recipients: dict[int, Recipient] = {}
    for membership in memberships:
        recipients.setdefault(membership.person_id, Recipient(membership.person, membership.role))
    for officer in (meeting.chair, meeting.secretary, meeting.presenter):
        if officer is not None:
            recipients.setdefault(officer.pk, Recipient(officer, "officer"))
    return list(recipients.values())


@dataclass(frozen=True)
class Timeliness:
    """Whether the invitation was sent the body's lead time before the meeting."""

    sent_at: dt.datetime
    days_before: int
    required_days: int

    @property
    def met(self) -> bool:
        return self.days_before >= self.required_days


def invitation_timeliness(*, meeting: Meeting) -> Timeliness | None:
    """The lead time of the meeting's invitation, or None while none has been sent in Kokous.

    Counted in calendar days in Helsinki between the day of sending and the meeting's day."""
    invitation = meeting.invitations.filter(kind=Invitation.Kind.INVITATION).first()
    if invitation is None:
        return None
    return Timeliness(
        sent_at=invitation.sent_at,
        days_before=(local_date(meeting.start) - local_date(invitation.sent_at)).days,
        required_days=meeting.body.invitation_lead_days,
    )


@dataclass(frozen=True)
class LeadTimeLeft:
    """Before sending: how many days remain until the meeting, against the body's lead time."""

    days_left: int
    required_days: int

    @property
    def late(self) -> bool:
        return self.days_left < self.required_days


def invitation_lead_time_left(*, meeting: Meeting, today: dt.date) -> LeadTimeLeft:
    """The days from `today` to the meeting's day in Helsinki, counted as `invitation_timeliness`
    counts them once the invitation has been sent."""
    return LeadTimeLeft(
        days_left=(local_date(meeting.start) - today).days,
        required_days=meeting.body.invitation_lead_days,
    )


def changes_pending(*, meeting: Meeting) -> QuerySet[AgendaChange]:
    """Changes to the sent agenda not yet announced in a supplementary agenda."""
    return meeting.changes.filter(announced_in__isnull=True).select_related("item", "changed_by")

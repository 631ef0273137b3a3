"""Reads about bodies, people and roles."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from kokous.organisations.models import Body, Membership, Person


def _in_term(date: dt.date) -> Q:
    return Q(start__lte=date) & (Q(end__isnull=True) | Q(end__gte=date))


def person_roles_at(*, person: Person, date: dt.date) -> QuerySet[Membership]:
    """The roles `person` holds on `date` (terms include their first and last day)."""
    return (
        Membership.objects.filter(_in_term(date), person=person)
        .select_related("body", "body__organisation", "deputy_for__person")
        .order_by("body__name_fi", "role")
    )


def body_memberships_at(
    *, body: Body, date: dt.date, roles: Iterable[str] | None = None
) -> QuerySet[Membership]:
    """The memberships of `body` in force on `date`, optionally limited to `roles`."""
    queryset = Membership.objects.filter(_in_term(date), body=body)
    if roles is not None:
        queryset = queryset.filter(role__in=list(roles))
    return queryset.select_related("person", "deputy_for__person").order_by(
        "role", "person__last_name", "person__first_name"
    )


def body_seats_at(*, body: Body, date: dt.date) -> QuerySet[Membership]:
    """The seats of `body` on `date`: the memberships that vote and count for the quorum."""
    return body_memberships_at(body=body, date=date, roles=Membership.SEAT_ROLES)

"""Writes about bodies, people and roles."""

import datetime as dt

from django.db import transaction

from kokous.organisations.models import Body, Membership, Person


@transaction.atomic
def membership_create(
    *,
    body: Body,
    person: Person,
    role: str,
    start: dt.date,
    end: dt.date | None = None,
    deputy_for: Membership | None = None,
    represents: str = "",
) -> Membership:
    """Give `person` a role in `body` for a term; a deputy names the member they stand in for."""
    membership = Membership(
        body=body,
        person=person,
        role=role,
        start=start,
        end=end,
        deputy_for=deputy_for,
        represents=represents,
    )
    membership.full_clean()
    membership.save()
    return membership

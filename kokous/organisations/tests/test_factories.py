"""The factories make rows that the services accept."""

import pytest
from django.contrib.auth import authenticate

from kokous.organisations.models import Membership
from kokous.organisations.tests.factories import DeputyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_user_factory_signs_in():
    user = UserFactory(username="sihteeri")

    assert authenticate(username="sihteeri", password="kokous-test") == user


def test_deputy_factory_follows_the_member():
    member = MembershipFactory()

    deputy = DeputyFactory(deputy_for=member)

    assert (deputy.role, deputy.body, deputy.deputy_for) == (
        Membership.Role.DEPUTY,
        member.body,
        member,
    )
    assert DeputyFactory().deputy_for.role == Membership.Role.MEMBER

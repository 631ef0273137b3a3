"""Factories for organisations, bodies, people and roles.

Memberships are created through `membership_create`, so a factory never makes a row that the
service would refuse. A deputy's body follows the member it stands in for.
"""

import datetime as dt
from typing import Any

import factory
from django.contrib.auth import get_user_model

from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.organisations.services import membership_create

TERM_START = dt.date(2021, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    """A user account that signs in with the password "kokous-test"."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"kayttaja{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.fi")
    password = factory.django.Password("kokous-test")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_fi = factory.Sequence(lambda n: f"Testialueen hyvinvointialue {n}")
    slug = factory.Sequence(lambda n: f"organisaatio-{n}")
    kind = Organisation.Kind.WELLBEING_SERVICES_COUNTY
    code = factory.Sequence(lambda n: f"ORG{n}")


class BodyFactory(factory.django.DjangoModelFactory):
    """A board (hallitus) by default: quorum by majority."""

    class Meta:
        model = Body

    organisation = factory.SubFactory(OrganisationFactory)
    name_fi = factory.Sequence(lambda n: f"Toimielin {n}")
    slug = factory.Sequence(lambda n: f"toimielin-{n}")
    kind = Body.Kind.BOARD


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    email = factory.Sequence(lambda n: f"henkilo{n}@example.fi")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A member (jäsen) from 1.1.2021 with an open-ended term, made by `membership_create`."""

    class Meta:
        model = Membership

    body = factory.SubFactory(BodyFactory)
    person = factory.SubFactory(PersonFactory)
    role = Membership.Role.MEMBER
    start = TERM_START
    end = None
    deputy_for = None
    represents = ""

    @classmethod
    def _create(cls, model_class: type[Membership], *args: Any, **kwargs: Any) -> Membership:
        return membership_create(**kwargs)


class DeputyFactory(MembershipFactory):
    """A personal deputy (varajäsen) of `deputy_for`, in that member's body.

    Pass `deputy_for`; the body follows it.
    """

    role = Membership.Role.DEPUTY
    deputy_for = factory.SubFactory(MembershipFactory)
    body = factory.LazyAttribute(lambda o: o.deputy_for.body)

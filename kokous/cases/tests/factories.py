"""Factories for the case register. Cases are opened through `case_create`, which gives them
their running number and record number."""

from typing import Any

import factory

from kokous.cases.models import Case
from kokous.cases.services import case_create
from kokous.organisations.tests.factories import OrganisationFactory


class CaseFactory(factory.django.DjangoModelFactory):
    """A case of 2022 in task class 00.01.00; pass `record_number` to keep an existing one."""

    class Meta:
        model = Case

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Asia {n}")
    task_class = "00.01.00"
    year = 2022

    @classmethod
    def _create(cls, model_class: type[Case], *args: Any, **kwargs: Any) -> Case:
        return case_create(**kwargs)

"""Factories of roadmaps and tasks; tasks are made by `task_create`, so a factory never makes a
row the service would refuse."""

import datetime as dt
from typing import Any

import factory

from kokous.organisations.models import Body
from kokous.organisations.tests.factories import BodyFactory, OrganisationFactory
from kokous.preparation.models import Phase, Roadmap, Task
from kokous.preparation.services import task_create


class RoadmapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Roadmap

    organisation = factory.SubFactory(OrganisationFactory)
    name_fi = factory.Sequence(lambda n: f"Tiekartta {n}")
    slug = factory.Sequence(lambda n: f"tiekartta-{n}")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    roadmap = factory.SubFactory(RoadmapFactory)
    name_fi = factory.Sequence(lambda n: f"Vaihe {n}")
    start = dt.date(2022, 1, 1)
    end = dt.date(2022, 12, 31)


class WorkingGroupFactory(BodyFactory):
    kind = Body.Kind.WORKING_GROUP


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    roadmap = factory.SubFactory(RoadmapFactory)
    code = factory.Sequence(lambda n: f"T{n + 1}")
    title = factory.Sequence(lambda n: f"Tehtävä {n}")

    @classmethod
    def _create(cls, model_class: type[Task], *args: Any, **kwargs: Any) -> Task:
        return task_create(**kwargs)

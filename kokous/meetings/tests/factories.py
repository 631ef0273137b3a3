"""Factories for meetings and what happens in them.

Meetings, agenda items, attendance and disqualifications are made by their services
(`meeting_create`, `agenda_item_add`, `attendance_record`, `disqualification_record`), so the
§ numbering and the other rules hold in every test that uses them.
"""

import datetime as dt
from typing import Any

import factory

from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import AgendaItem, Attendance, Disqualification, Meeting, StandardItem
from kokous.meetings.services import (
    agenda_item_add,
    attendance_record,
    disqualification_record,
    meeting_create,
)
from kokous.organisations.tests.factories import BodyFactory, PersonFactory


def _start(n: int) -> dt.datetime:
    # Weekly meetings in 2022 at 17.00 Helsinki time, wrapping round so the year never changes.
    return helsinki_datetime(2022, 1, 3, 17) + dt.timedelta(days=7 * (n % 52))


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting of a board in 2022, created by `meeting_create` with the body's opening
    and closing items (pass `with_standard_items=False` for an empty agenda)."""

    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    start = factory.Sequence(_start)
    end = factory.LazyAttribute(lambda o: o.start + dt.timedelta(hours=2))
    place = "Teams"
    status = Meeting.Status.PLANNED
    number = None
    with_standard_items = True

    @classmethod
    def _build(cls, model_class: type[Meeting], *args: Any, **kwargs: Any) -> Meeting:
        kwargs.pop("with_standard_items")
        return model_class(*args, **kwargs)

    @classmethod
    def _create(cls, model_class: type[Meeting], *args: Any, **kwargs: Any) -> Meeting:
        return meeting_create(**kwargs)


class StandardItemFactory(factory.django.DjangoModelFactory):
    """An item of a body's agenda template."""

    class Meta:
        model = StandardItem

    body = factory.SubFactory(BodyFactory)
    place = StandardItem.Place.OPENING
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Vakioasia {n}")


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """An item added to an unsent agenda by `agenda_item_add`, before the closing items."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Asiakohta {n}")
    proposal = "Hyväksytään."

    @classmethod
    def _create(cls, model_class: type[AgendaItem], *args: Any, **kwargs: Any) -> AgendaItem:
        return agenda_item_add(**kwargs)


class AttendanceFactory(factory.django.DjangoModelFactory):
    """A person present as a member, recorded by `attendance_record`."""

    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    capacity = Attendance.Capacity.MEMBER
    present = True

    @classmethod
    def _create(cls, model_class: type[Attendance], *args: Any, **kwargs: Any) -> Attendance:
        return attendance_record(**kwargs)


class DisqualificationFactory(factory.django.DjangoModelFactory):
    """A disqualification recorded by `disqualification_record`."""

    class Meta:
        model = Disqualification

    agenda_item = factory.SubFactory(AgendaItemFactory)
    person = factory.SubFactory(PersonFactory)
    reason = "Hallintolaki 28 § 1 mom. 2 k. (asianosainen)"

    @classmethod
    def _create(
        cls, model_class: type[Disqualification], *args: Any, **kwargs: Any
    ) -> Disqualification:
        return disqualification_record(
            item=kwargs["agenda_item"], person=kwargs["person"], reason=kwargs["reason"]
        )

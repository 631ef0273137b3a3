"""The factories make rows that the services accept, with the defaults their docstrings give."""

import pytest

from kokous.meetings.models import Attendance, Meeting
from kokous.meetings.tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DisqualificationFactory,
    MeetingFactory,
    StandardItemFactory,
)

pytestmark = pytest.mark.django_db


def test_meeting_factory_goes_through_meeting_create():
    meeting = MeetingFactory()

    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.start.tzinfo is not None and meeting.end > meeting.start
    assert (meeting.year, meeting.number) == (2022, 1)
    assert list(meeting.items.values_list("section_number", flat=True)) == [1, 2, 3, 4, 5]
    assert not MeetingFactory(with_standard_items=False).items.exists()
    assert MeetingFactory.build(body=meeting.body).pk is None


def test_agenda_item_factory_goes_through_agenda_item_add():
    item = AgendaItemFactory()

    assert (item.position, item.section_number) == (5, 5)
    assert item.meeting.items.get(position=6).title == "Muut asiat"


def test_standard_item_attendance_and_disqualification_factories():
    standard = StandardItemFactory(title="Avaus")
    assert MeetingFactory(body=standard.body).items.get().title == "Avaus"

    attendance = AttendanceFactory()
    assert (attendance.capacity, attendance.present) == (Attendance.Capacity.MEMBER, True)

    disqualification = DisqualificationFactory()
    assert disqualification.agenda_item.disqualifications.get() == disqualification

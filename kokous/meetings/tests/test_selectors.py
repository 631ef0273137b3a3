"""Reads about meetings for the staff workspace (`kokous.meetings.selectors`)."""

import datetime as dt

import pytest

from kokous.core.timeutil import HELSINKI, helsinki_datetime
from kokous.meetings.models import AgendaItem, Meeting
from kokous.meetings.selectors import meetings_for_bodies, month_bounds, tabled_items_pending
from kokous.meetings.services import (
    agenda_item_add,
    agenda_item_carry,
    agenda_item_ready_set,
    agenda_item_record,
    meeting_create,
    meeting_update,
)
from kokous.organisations.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def meeting_at(body, month, day, hour=17, *, year=2022, **kwargs):
    return meeting_create(body=body, start=helsinki_datetime(year, month, day, hour), **kwargs)


def status_set(meeting, status):
    meeting = Meeting.objects.get(pk=meeting.pk)
    return meeting_update(
        meeting=meeting, start=meeting.start, end=meeting.end, place=meeting.place, status=status
    )


# month_bounds ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "first", "following"),
    [
        (2026, 1, dt.date(2026, 1, 1), dt.date(2026, 2, 1)),
        (2026, 2, dt.date(2026, 2, 1), dt.date(2026, 3, 1)),
        (2026, 11, dt.date(2026, 11, 1), dt.date(2026, 12, 1)),
        (2026, 12, dt.date(2026, 12, 1), dt.date(2027, 1, 1)),
        (2024, 12, dt.date(2024, 12, 1), dt.date(2025, 1, 1)),
    ],
)
def test_month_bounds_are_midnights_in_helsinki(year, month, first, following):
    start, end = month_bounds(year, month)

    assert (start.date(), end.date()) == (first, following)
    assert start.time() == end.time() == dt.time(0, 0)
    assert start.tzinfo == end.tzinfo == HELSINKI


def test_month_bounds_follow_daylight_saving_time():
    # March starts in winter time (UTC+2) and April in summer time (UTC+3).
    start, end = month_bounds(2026, 3)

    assert start.utcoffset() == dt.timedelta(hours=2)
    assert end.utcoffset() == dt.timedelta(hours=3)
    assert start == dt.datetime(2026, 2, 28, 22, 0, tzinfo=dt.UTC)
    assert end == dt.datetime(2026, 3, 31, 21, 0, tzinfo=dt.UTC)


def test_the_months_of_a_year_tile_it():
    bounds = [month_bounds(2026, month) for month in range(1, 13)]

    for (_start, end), (following, _end) in zip(bounds, bounds[1:], strict=False):
        assert end == following
    assert bounds[-1][1] == month_bounds(2027, 1)[0]


# meetings_for_bodies --------------------------------------------------------------------------


def test_meetings_of_the_given_bodies_with_their_item_counts():
    board, committee, other = BodyFactory(), BodyFactory(), BodyFactory()
    february = meeting_at(board, 2, 14)
    agenda_item_add(meeting=february, title="Talousarvio")
    ready = agenda_item_add(meeting=february, title="Hallintosääntö")
    agenda_item_ready_set(item=ready, ready=True)
    empty = meeting_at(committee, 3, 1, with_standard_items=False)
    meeting_at(other, 2, 20)

    meetings = {m.pk: m for m in meetings_for_bodies(body_ids=[board.pk, committee.pk])}

    assert set(meetings) == {february.pk, empty.pk}
    # Five template items (ready) and two new ones, one of them still in preparation.
    assert (meetings[february.pk].item_count, meetings[february.pk].unready_count) == (7, 1)
    assert (meetings[empty.pk].item_count, meetings[empty.pk].unready_count) == (0, 0)


def test_no_bodies_means_no_meetings_and_none_means_all():
    board, committee = BodyFactory(), BodyFactory()
    meeting_at(board, 2, 14)
    meeting_at(committee, 2, 15)

    assert list(meetings_for_bodies(body_ids=[])) == []
    assert meetings_for_bodies(body_ids=None).count() == 2
    assert meetings_for_bodies(body_ids={board.pk}).get().body == board


def test_meetings_starting_in_a_half_open_range():
    body = BodyFactory()
    last_of_january = meeting_at(body, 1, 31, 23)
    first_of_february = meeting_at(body, 2, 1, 0)
    last_of_february = meeting_at(body, 2, 28, 23)
    meeting_at(body, 3, 1, 0)
    start, end = month_bounds(2022, 2)

    found = set(meetings_for_bodies(body_ids=None, start=start, end=end))

    assert found == {first_of_february, last_of_february}
    assert set(meetings_for_bodies(body_ids=None, end=start)) == {last_of_january}
    assert len(meetings_for_bodies(body_ids=None, start=start)) == 3


def test_the_month_is_the_helsinki_month_not_the_utc_one():
    body = BodyFactory()
    # 1.3.2022 at 01.00 in Helsinki is still 28.2.2022 in UTC.
    early = meeting_at(body, 3, 1, 1)

    assert list(meetings_for_bodies(body_ids=None, start=month_bounds(2022, 3)[0])) == [early]
    assert list(meetings_for_bodies(body_ids=None, end=month_bounds(2022, 3)[0])) == []


def test_listing_meetings_takes_one_query(django_assert_num_queries):
    for n in range(3):
        meeting_at(BodyFactory(), 2, 14 + n)

    with django_assert_num_queries(1):
        rows = [
            (m.body.name, m.body.organisation.name, m.item_count, m.unready_count)
            for m in meetings_for_bodies(body_ids=None)
        ]

    assert len(rows) == 3


# tabled_items_pending -------------------------------------------------------------------------


def held_meeting_with_items(body, month, day, *items):
    """A held meeting recorded from its minutes: (title, decision type) for each item."""
    meeting = meeting_at(body, month, day, with_standard_items=False, status=Meeting.Status.HELD)
    last = (
        AgendaItem.objects.filter(meeting__body=body, meeting__year=2022)
        .order_by("-section_number")
        .values_list("section_number", flat=True)
        .first()
        or 0
    )
    return [
        agenda_item_record(
            meeting=meeting, section_number=last + n, title=title, decision_type=decision_type
        )
        for n, (title, decision_type) in enumerate(items, start=1)
    ]


TABLED = AgendaItem.DecisionType.TABLED
ADOPTED = AgendaItem.DecisionType.ADOPTED_AS_PROPOSED


def test_tabled_items_of_earlier_meetings_are_pending_in_order():
    body = BodyFactory()
    kept, adopted, second = held_meeting_with_items(
        body, 1, 10, ("Palveluverkko", TABLED), ("Talousarvio", ADOPTED), ("Hankinta", TABLED)
    )
    (third,) = held_meeting_with_items(body, 1, 24, ("Investoinnit", TABLED))
    meeting = meeting_at(body, 2, 14)

    assert list(tabled_items_pending(meeting=meeting)) == [kept, second, third]
    assert adopted not in tabled_items_pending(meeting=meeting)


def test_only_the_same_body_and_earlier_meetings():
    body, other = BodyFactory(), BodyFactory()
    held_meeting_with_items(other, 1, 10, ("Toisen toimielimen asia", TABLED))
    (earlier,) = held_meeting_with_items(body, 1, 10, ("Aiempi", TABLED))
    meeting = meeting_at(body, 2, 14)
    (later,) = held_meeting_with_items(body, 3, 14, ("Myöhempi", TABLED))

    assert list(tabled_items_pending(meeting=meeting)) == [earlier]
    # The meeting that tabled an item does not take it up itself.
    assert list(tabled_items_pending(meeting=earlier.meeting)) == []
    assert list(tabled_items_pending(meeting=later.meeting)) == [earlier]


def test_a_carried_item_is_no_longer_pending_unless_its_meeting_was_cancelled():
    body = BodyFactory()
    (tabled,) = held_meeting_with_items(body, 1, 10, ("Palveluverkko", TABLED))
    february = meeting_at(body, 2, 14)
    march = meeting_at(body, 3, 14)
    agenda_item_carry(meeting=february, tabled=tabled)

    assert list(tabled_items_pending(meeting=february)) == []
    assert list(tabled_items_pending(meeting=march)) == []

    status_set(february, Meeting.Status.CANCELLED)

    assert list(tabled_items_pending(meeting=march)) == [tabled]


def test_items_tabled_at_a_cancelled_meeting_are_not_pending():
    body = BodyFactory()
    (tabled,) = held_meeting_with_items(body, 1, 10, ("Palveluverkko", TABLED))
    status_set(tabled.meeting, Meeting.Status.CANCELLED)

    assert list(tabled_items_pending(meeting=meeting_at(body, 2, 14))) == []


def test_pending_items_come_with_their_meeting_in_one_query(django_assert_num_queries):
    body = BodyFactory()
    held_meeting_with_items(body, 1, 10, ("A", TABLED), ("B", TABLED))
    meeting = meeting_at(body, 2, 14)

    with django_assert_num_queries(1):
        rows = [(i.meeting.start, i.case) for i in tabled_items_pending(meeting=meeting)]

    assert len(rows) == 2

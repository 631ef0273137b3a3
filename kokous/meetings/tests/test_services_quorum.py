"""Quorum (päätösvaltaisuus): Kuntalaki 103 § and the parallel rule for wellbeing services
counties. A council needs at least two thirds of its members present, any other multi-member
body more than half; a deputy counts for their member; a disqualified person does not count for
the item; working groups have no formal quorum."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import Attendance
from kokous.meetings.services import (
    agenda_item_add,
    agenda_item_reorder,
    attendance_record,
    disqualification_record,
    quorum_evaluate,
    quorum_required,
)
from kokous.meetings.tests.factories import MeetingFactory
from kokous.organisations.models import Body, Membership
from kokous.organisations.tests.factories import (
    BodyFactory,
    DeputyFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

MAJORITY = Body.QuorumRule.MAJORITY
TWO_THIRDS = Body.QuorumRule.TWO_THIRDS
NONE = Body.QuorumRule.NONE
MEETING_START = helsinki_datetime(2022, 3, 8, 16)


# The arithmetic ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "seats", "required"),
    [
        (MAJORITY, 1, 1),
        (MAJORITY, 2, 2),
        (MAJORITY, 3, 2),
        (MAJORITY, 7, 4),
        (MAJORITY, 9, 5),
        (MAJORITY, 10, 6),
        (MAJORITY, 11, 6),
        (MAJORITY, 13, 7),
        (MAJORITY, 19, 10),
        (TWO_THIRDS, 3, 2),
        (TWO_THIRDS, 9, 6),
        (TWO_THIRDS, 10, 7),
        (TWO_THIRDS, 43, 29),
        (TWO_THIRDS, 51, 34),
        (TWO_THIRDS, 59, 40),
        (TWO_THIRDS, 69, 46),
        (TWO_THIRDS, 79, 53),
        (NONE, 0, 0),
        (NONE, 1, 0),
        (NONE, 15, 0),
    ],
)
def test_quorum_required(rule, seats, required):
    assert quorum_required(rule=rule, seats=seats) == required


@pytest.mark.parametrize("seats", range(1, 151))
def test_quorum_required_is_the_smallest_number_that_satisfies_the_law(seats):
    two_thirds = quorum_required(rule=TWO_THIRDS, seats=seats)
    assert 3 * two_thirds >= 2 * seats > 3 * (two_thirds - 1)  # at least two thirds
    majority = quorum_required(rule=MAJORITY, seats=seats)
    assert 2 * majority > seats >= 2 * (majority - 1)  # more than half


def test_an_unknown_rule_is_an_error():
    with pytest.raises(ValueError, match="unknown quorum rule"):
        quorum_required(rule="unanimity", seats=5)


# The rule of a body --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "rule"),
    [
        (Body.Kind.COUNCIL, TWO_THIRDS),
        (Body.Kind.BOARD, MAJORITY),
        (Body.Kind.COMMITTEE, MAJORITY),
        (Body.Kind.SECTION, MAJORITY),
        (Body.Kind.PREPARATORY_BODY, MAJORITY),
        (Body.Kind.STEERING_GROUP, MAJORITY),
        (Body.Kind.OTHER, MAJORITY),
        (Body.Kind.WORKING_GROUP, NONE),
        (Body.Kind.SUB_WORKING_GROUP, NONE),
    ],
)
def test_quorum_rule_follows_the_kind_of_body(kind, rule):
    assert BodyFactory.build(kind=kind).quorum_rule == rule


@pytest.mark.parametrize("override", [TWO_THIRDS, MAJORITY, NONE])
def test_quorum_rule_can_be_overridden(override):
    for kind in (Body.Kind.COUNCIL, Body.Kind.BOARD, Body.Kind.WORKING_GROUP):
        body = BodyFactory(kind=kind, quorum_rule_override=override)
        body.refresh_from_db()
        assert body.quorum_rule == override


# Evaluating a meeting ------------------------------------------------------------------------


def seat_holders(body, count, role=Membership.Role.MEMBER, **kwargs):
    return [MembershipFactory(body=body, role=role, **kwargs) for _ in range(count)]


def attend(meeting, membership_or_person, capacity=Attendance.Capacity.MEMBER, **kwargs):
    person = getattr(membership_or_person, "person", membership_or_person)
    return attendance_record(meeting=meeting, person=person, capacity=capacity, **kwargs)


def attend_for(meeting, deputy, **kwargs):
    return attendance_record(
        meeting=meeting,
        person=deputy.person,
        capacity=Attendance.Capacity.DEPUTY,
        deputy_for=deputy.deputy_for.person,
        **kwargs,
    )


@pytest.fixture
def board():
    return BodyFactory(kind=Body.Kind.BOARD, name_fi="Aluehallitus")


@pytest.fixture
def members(board):
    """Nine seats: a chair, a vice chair and seven members."""
    return [
        MembershipFactory(body=board, role=Membership.Role.CHAIR),
        MembershipFactory(body=board, role=Membership.Role.VICE_CHAIR),
        *seat_holders(board, 7),
    ]


@pytest.fixture
def meeting(board, members):
    """A meeting with the five template items and three matters: § 5, 6 and 7."""
    meeting = MeetingFactory(body=board, start=MEETING_START)
    for title in ("Talousarvio", "Hallintosääntö", "Vaalit"):
        agenda_item_add(meeting=meeting, title=title)
    return meeting


def item(meeting, number):
    return meeting.items.get(section_number=number)


def present_count(meeting, at=None):
    return quorum_evaluate(meeting=meeting, item=at).present


def test_a_board_has_quorum_with_more_than_half_present(meeting, members):
    for membership in members[:4]:
        attend(meeting, membership)
    attend(meeting, members[4], present=False)

    result = quorum_evaluate(meeting=meeting)
    assert (result.rule, result.seats, result.present, result.required) == (MAJORITY, 9, 4, 5)
    assert not result.has_quorum

    attend(meeting, members[5])
    result = quorum_evaluate(meeting=meeting)
    assert (result.present, result.has_quorum) == (5, True)


def test_nobody_present(meeting):
    result = quorum_evaluate(meeting=meeting)
    assert (result.seats, result.present, result.required, result.has_quorum) == (9, 0, 5, False)


def test_a_deputy_counts_for_their_absent_member(board, meeting, members):
    for membership in members[:4]:
        attend(meeting, membership)
    deputy = DeputyFactory(deputy_for=members[8])
    attend(meeting, members[8], present=False)
    attend_for(meeting, deputy)

    result = quorum_evaluate(meeting=meeting)
    assert (result.seats, result.present, result.has_quorum) == (9, 5, True)


def test_a_seat_counts_once_when_both_member_and_deputy_are_marked_present(meeting, members):
    for membership in members[:4]:
        attend(meeting, membership)
    deputy = DeputyFactory(deputy_for=members[0])
    attend_for(meeting, deputy)

    result = quorum_evaluate(meeting=meeting)
    assert (result.present, result.has_quorum) == (4, False)


def test_deputies_do_not_add_seats(board, meeting, members):
    for membership in members:
        DeputyFactory(deputy_for=membership)

    assert quorum_evaluate(meeting=meeting).seats == 9


def test_an_absent_deputy_does_not_count(meeting, members):
    deputy = DeputyFactory(deputy_for=members[0])
    attend_for(meeting, deputy, present=False)

    assert present_count(meeting) == 0


def test_a_disqualified_member_does_not_count_for_that_item(meeting, members):
    for membership in members[:5]:
        attend(meeting, membership)
    disqualification_record(
        item=item(meeting, 6), person=members[2].person, reason="Hallintolaki 28 § 1 mom. 5 k."
    )

    at_6 = quorum_evaluate(meeting=meeting, item=item(meeting, 6))
    assert (at_6.present, at_6.has_quorum) == (4, False)
    for number in (1, 2, 5, 7, 8):
        at_other = quorum_evaluate(meeting=meeting, item=item(meeting, number))
        assert (number, at_other.present, at_other.has_quorum) == (number, 5, True)
    assert quorum_evaluate(meeting=meeting).has_quorum


def test_a_disqualified_deputy_does_not_count_for_that_item(meeting, members):
    for membership in members[:4]:
        attend(meeting, membership)
    deputy = DeputyFactory(deputy_for=members[6])
    attend_for(meeting, deputy)
    disqualification_record(item=item(meeting, 7), person=deputy.person, reason="Jäävi")

    assert present_count(meeting, item(meeting, 6)) == 5
    assert present_count(meeting, item(meeting, 7)) == 4


def test_a_deputy_may_stand_in_for_a_disqualified_member(meeting, members):
    # The body may call the personal deputy to handle the item for a disqualified member.
    for membership in members[:5]:
        attend(meeting, membership)
    deputy = DeputyFactory(deputy_for=members[0])
    attend_for(meeting, deputy, present_from=item(meeting, 6), present_until=item(meeting, 6))
    disqualification_record(item=item(meeting, 6), person=members[0].person, reason="Jäävi")

    assert present_count(meeting, item(meeting, 6)) == 5
    assert present_count(meeting, item(meeting, 5)) == 5


def test_disqualification_of_someone_without_a_seat_changes_nothing(meeting, members):
    presenter = PersonFactory()
    for membership in members[:5]:
        attend(meeting, membership)
    attend(meeting, presenter, capacity=Attendance.Capacity.PRESENTER)
    disqualification_record(item=item(meeting, 6), person=presenter, reason="Jäävi")

    assert present_count(meeting, item(meeting, 6)) == 5


def test_arrivals_count_from_their_item_on(meeting, members):
    for membership in members[:4]:
        attend(meeting, membership)
    attend(meeting, members[4], present_from=item(meeting, 6))

    assert not quorum_evaluate(meeting=meeting).has_quorum
    assert [present_count(meeting, item(meeting, n)) for n in range(1, 9)] == [
        4, 4, 4, 4, 4, 5, 5, 5
    ]  # fmt: skip
    assert quorum_evaluate(meeting=meeting, item=item(meeting, 6)).has_quorum


def test_departures_count_until_their_item(meeting, members):
    for membership in members[:4]:
        attend(meeting, membership)
    attend(meeting, members[4], present_until=item(meeting, 5))

    assert quorum_evaluate(meeting=meeting).has_quorum
    assert [present_count(meeting, item(meeting, n)) for n in range(1, 9)] == [
        5, 5, 5, 5, 5, 4, 4, 4
    ]  # fmt: skip
    assert not quorum_evaluate(meeting=meeting, item=item(meeting, 6)).has_quorum


def test_someone_present_from_the_first_item_is_present_at_the_start(meeting, members):
    for membership in members[:4]:
        attend(meeting, membership)
    attend(meeting, members[4], present_from=item(meeting, 1))

    assert quorum_evaluate(meeting=meeting).present == 5
    assert quorum_evaluate(meeting=meeting).has_quorum


def test_a_deputy_who_arrives_later_counts_from_then(meeting, members):
    for membership in members[:4]:
        attend(meeting, membership)
    deputy = DeputyFactory(deputy_for=members[5])
    attend_for(meeting, deputy, present_from=item(meeting, 7))

    assert present_count(meeting) == 4
    assert present_count(meeting, item(meeting, 6)) == 4
    assert present_count(meeting, item(meeting, 7)) == 5


def test_a_member_who_leaves_and_a_deputy_who_takes_over(meeting, members):
    for membership in members[:4]:
        attend(meeting, membership)
    attend(meeting, members[4], present_until=item(meeting, 5))
    deputy = DeputyFactory(deputy_for=members[4])
    attend_for(meeting, deputy, present_from=item(meeting, 6))

    assert [present_count(meeting, item(meeting, n)) for n in range(1, 9)] == [5] * 8


def test_agenda_order_not_section_number_decides_presence(meeting, members):
    # Presence is recorded by item; when the agenda is reordered, it follows the items.
    for membership in members[:4]:
        attend(meeting, membership)
    budget = item(meeting, 5)
    attend(meeting, members[4], present_from=budget)
    assert present_count(meeting, item(meeting, 4)) == 4

    ids = list(meeting.items.order_by("position").values_list("pk", flat=True))
    ids.remove(budget.pk)
    ids.insert(1, budget.pk)
    agenda_item_reorder(meeting=meeting, item_ids=ids)

    assert present_count(meeting, item(meeting, 2)) == 5  # the budget is now § 2
    assert present_count(meeting, item(meeting, 3)) == 5
    assert present_count(meeting, item(meeting, 1)) == 4


def test_a_working_group_always_has_quorum():
    group = BodyFactory(kind=Body.Kind.WORKING_GROUP)
    seat_holders(group, 6)
    meeting = MeetingFactory(body=group)

    result = quorum_evaluate(meeting=meeting)
    assert (result.rule, result.seats, result.present, result.required) == (NONE, 6, 0, 0)
    assert result.has_quorum
    assert quorum_evaluate(meeting=meeting, item=meeting.items.first()).has_quorum


def test_a_working_group_with_an_overridden_rule():
    group = BodyFactory(kind=Body.Kind.WORKING_GROUP, quorum_rule_override=MAJORITY)
    seat_holders(group, 6)
    meeting = MeetingFactory(body=group)

    result = quorum_evaluate(meeting=meeting)
    assert (result.rule, result.required, result.has_quorum) == (MAJORITY, 4, False)


@pytest.mark.parametrize(
    ("role", "capacity"),
    [
        (Membership.Role.PRESENTER, Attendance.Capacity.PRESENTER),
        (Membership.Role.SECRETARY, Attendance.Capacity.SECRETARY),
        (Membership.Role.EXPERT, Attendance.Capacity.EXPERT),
        (Membership.Role.INVITED, Attendance.Capacity.INVITED),
    ],
)
def test_roles_without_a_seat_do_not_count(board, meeting, members, role, capacity):
    for membership in members[:4]:
        attend(meeting, membership)
    others = seat_holders(board, 3, role=role)
    for membership in others:
        attend(meeting, membership, capacity=capacity)
    attend(meeting, PersonFactory(), capacity=Attendance.Capacity.OTHER)

    result = quorum_evaluate(meeting=meeting)
    assert (result.seats, result.present, result.has_quorum) == (9, 4, False)


def test_representatives_named_by_municipalities_hold_seats(board, meeting, members):
    representatives = seat_holders(
        board, 3, role=Membership.Role.REPRESENTATIVE, represents="Kotka"
    )
    for membership in members[:3]:
        attend(meeting, membership)
    for membership in representatives:
        attend(meeting, membership, capacity=Attendance.Capacity.REPRESENTATIVE)

    result = quorum_evaluate(meeting=meeting)
    assert (result.seats, result.present, result.required) == (12, 6, 7)
    assert not result.has_quorum


def test_seats_are_those_in_force_on_the_meeting_date(board, meeting, members):
    meeting_date = MEETING_START.date()
    MembershipFactory(body=board, start=dt.date(2020, 1, 1), end=meeting_date - dt.timedelta(1))
    MembershipFactory(body=board, start=meeting_date + dt.timedelta(1))
    MembershipFactory(body=board, start=meeting_date, end=meeting_date)

    assert quorum_evaluate(meeting=meeting).seats == 10


def test_a_person_with_two_seat_roles_holds_one_seat(board, meeting, members):
    MembershipFactory(body=board, person=members[0].person, role=Membership.Role.MEMBER)
    attend(meeting, members[0])

    result = quorum_evaluate(meeting=meeting)
    assert (result.seats, result.present) == (9, 1)


def test_a_council_of_59_needs_40():
    council = BodyFactory(kind=Body.Kind.COUNCIL, name_fi="Aluevaltuusto")
    councillors = seat_holders(council, 59)
    council_meeting = MeetingFactory(body=council, start=MEETING_START)
    for membership in councillors[:39]:
        attend(council_meeting, membership)
    deputy = DeputyFactory(deputy_for=councillors[58])

    result = quorum_evaluate(meeting=council_meeting)
    assert (result.rule, result.seats, result.present, result.required) == (TWO_THIRDS, 59, 39, 40)
    assert not result.has_quorum

    attend_for(council_meeting, deputy)
    result = quorum_evaluate(meeting=council_meeting)
    assert (result.present, result.has_quorum) == (40, True)


# Recording attendance ------------------------------------------------------------------------


def test_a_personal_deputy_is_recorded(meeting, members):
    deputy = DeputyFactory(deputy_for=members[3])

    attendance = attend_for(meeting, deputy, position=4)

    assert attendance.capacity == Attendance.Capacity.DEPUTY
    assert attendance.deputy_for == members[3].person
    assert attendance.position == 4


def test_recording_again_updates_the_same_row(meeting, members):
    attend(meeting, members[0])
    attend(meeting, members[0], present=False)

    assert meeting.attendances.count() == 1
    assert not meeting.attendances.get().present


def test_a_deputy_must_name_the_member(meeting, members):
    deputy = DeputyFactory(deputy_for=members[0])

    with pytest.raises(ValidationError):
        attendance_record(
            meeting=meeting, person=deputy.person, capacity=Attendance.Capacity.DEPUTY
        )

    assert not meeting.attendances.exists()


def test_a_deputy_of_another_member_is_refused(meeting, members):
    deputy = DeputyFactory(deputy_for=members[0])

    with pytest.raises(ValidationError):
        attendance_record(
            meeting=meeting,
            person=deputy.person,
            capacity=Attendance.Capacity.DEPUTY,
            deputy_for=members[1].person,
        )

    assert not meeting.attendances.exists()


def test_someone_who_is_not_a_deputy_is_refused(meeting, members):
    with pytest.raises(ValidationError):
        attendance_record(
            meeting=meeting,
            person=members[2].person,
            capacity=Attendance.Capacity.DEPUTY,
            deputy_for=members[1].person,
        )
    with pytest.raises(ValidationError):
        attendance_record(
            meeting=meeting,
            person=PersonFactory(),
            capacity=Attendance.Capacity.DEPUTY,
            deputy_for=members[1].person,
        )

    assert not meeting.attendances.exists()


def test_a_deputy_in_another_body_is_refused(meeting, members):
    other_board = BodyFactory()
    same_person_elsewhere = MembershipFactory(body=other_board, person=members[0].person)
    deputy_elsewhere = DeputyFactory(deputy_for=same_person_elsewhere)

    with pytest.raises(ValidationError):
        attendance_record(
            meeting=meeting,
            person=deputy_elsewhere.person,
            capacity=Attendance.Capacity.DEPUTY,
            deputy_for=members[0].person,
        )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2021, 1, 1), dt.date(2022, 3, 7)),  # ended the day before
        (dt.date(2022, 3, 9), None),  # starts the day after
    ],
)
def test_a_deputy_out_of_term_on_the_meeting_date_is_refused(meeting, members, start, end):
    deputy = DeputyFactory(deputy_for=members[0], start=start, end=end)

    with pytest.raises(ValidationError):
        attend_for(meeting, deputy)

    assert not meeting.attendances.exists()


@pytest.mark.parametrize(
    ("start", "end"),
    [(dt.date(2022, 3, 8), None), (dt.date(2021, 1, 1), dt.date(2022, 3, 8))],
)
def test_a_deputy_whose_term_starts_or_ends_on_the_meeting_date_is_accepted(
    meeting, members, start, end
):
    deputy = DeputyFactory(deputy_for=members[0], start=start, end=end)

    assert attend_for(meeting, deputy).pk


def test_the_meeting_date_is_the_helsinki_date(board, members):
    # 00.30 on 9 March in Helsinki is still 8 March in UTC; a deputy whose term ended on
    # 8 March cannot attend.
    late = MeetingFactory(body=board, start=helsinki_datetime(2022, 3, 9, 0, 30))
    deputy = DeputyFactory(deputy_for=members[0], end=dt.date(2022, 3, 8))

    with pytest.raises(ValidationError):
        attend_for(late, deputy)


def test_only_a_deputy_names_a_member(meeting, members):
    with pytest.raises(ValidationError):
        attendance_record(
            meeting=meeting,
            person=members[0].person,
            capacity=Attendance.Capacity.MEMBER,
            deputy_for=members[1].person,
        )


def test_items_of_another_meeting_are_refused(board, meeting, members):
    other = MeetingFactory(body=board, start=helsinki_datetime(2022, 4, 5, 16))

    for field in ("present_from", "present_until"):
        with pytest.raises(ValidationError):
            attend(meeting, members[0], **{field: other.items.first()})

    assert not meeting.attendances.exists()


def test_presence_cannot_end_before_it_starts(meeting, members):
    with pytest.raises(ValidationError):
        attend(meeting, members[0], present_from=item(meeting, 6), present_until=item(meeting, 5))

    assert attend(
        meeting, members[0], present_from=item(meeting, 6), present_until=item(meeting, 6)
    ).pk


def test_a_disqualification_needs_a_reason(meeting, members):
    with pytest.raises(ValidationError):
        disqualification_record(item=item(meeting, 6), person=members[0].person, reason="  ")

    assert not item(meeting, 6).disqualifications.exists()


# The rule as a property ----------------------------------------------------------------------

# How a seat stands at the item, by what the people of the seat did: its member present or not,
# disqualified for the item or not, a personal deputy attending for them or not (and
# disqualified or not). DOMAIN.md 2: a deputy who attends for a member counts for that member, a
# disqualified person does not count for the item, and a seat counts once.
SEAT_STATES = {
    # state: (member present, member disqualified, deputy attends, deputy disqualified, filled)
    "absent": (False, False, False, False, False),
    "present": (True, False, False, False, True),
    "disqualified": (True, True, False, False, False),
    "deputy": (False, False, True, False, True),
    "deputy_disqualified": (False, False, True, True, False),
    "member_and_deputy": (True, False, True, False, True),
    "deputy_for_the_disqualified": (True, True, True, False, True),
}


@settings(max_examples=30, deadline=None)
@given(
    kind=st.sampled_from([Body.Kind.BOARD, Body.Kind.COUNCIL, Body.Kind.WORKING_GROUP]),
    states=st.lists(st.sampled_from(sorted(SEAT_STATES)), min_size=1, max_size=9),
)
def test_quorum_holds_exactly_with_enough_seats_filled(kind, states):
    """A council has a quorum when at least two thirds of its seats are filled at the item, any
    other multi-member body when more than half are, a working group always (no formal quorum);
    never otherwise."""
    # Each example in a savepoint rolled back (pytest-django's transaction wraps the test).
    with transaction.atomic():
        body = BodyFactory(kind=kind)
        meeting = MeetingFactory(body=body, start=MEETING_START, with_standard_items=False)
        matter = agenda_item_add(meeting=meeting, title="Asia")
        for state in states:
            member_present, member_out, deputy_attends, deputy_out, _filled = SEAT_STATES[state]
            seat = MembershipFactory(body=body)
            attend(meeting, seat, present=member_present)
            if member_out:
                disqualification_record(item=matter, person=seat.person, reason="Jäävi")
            if deputy_attends:
                deputy = DeputyFactory(deputy_for=seat)
                attend_for(meeting, deputy)
                if deputy_out:
                    disqualification_record(item=matter, person=deputy.person, reason="Jäävi")

        result = quorum_evaluate(meeting=meeting, item=matter)
        seats, filled = len(states), sum(SEAT_STATES[state][4] for state in states)
        assert (result.seats, result.present) == (seats, filled)
        if kind == Body.Kind.COUNCIL:
            assert result.has_quorum == (3 * filled >= 2 * seats)
        elif kind == Body.Kind.BOARD:
            assert result.has_quorum == (2 * filled > seats)
        else:
            assert result.has_quorum
        transaction.set_rollback(True)

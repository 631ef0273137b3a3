"""Who holds which role in which body on a given day, and the rules a role must follow."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from kokous.organisations.models import Body, Membership
from kokous.organisations.selectors import body_memberships_at, body_seats_at, person_roles_at
from kokous.organisations.services import membership_create
from kokous.organisations.tests.factories import (
    BodyFactory,
    DeputyFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role


def roles(memberships):
    return [(m.body.name_fi, m.role) for m in memberships]


@pytest.fixture
def person():
    return PersonFactory(first_name="Vappu", last_name="Kuokka")


@pytest.fixture
def board():
    return BodyFactory(name_fi="Aluehallitus")


# person_roles_at -----------------------------------------------------------------------------


def test_a_term_includes_its_first_and_last_day(person, board):
    MembershipFactory(
        body=board, person=person, start=dt.date(2021, 6, 1), end=dt.date(2021, 12, 31)
    )

    def held(date):
        return roles(person_roles_at(person=person, date=date))

    assert held(dt.date(2021, 5, 31)) == []
    assert held(dt.date(2021, 6, 1)) == [("Aluehallitus", Role.MEMBER)]
    assert held(dt.date(2021, 9, 15)) == [("Aluehallitus", Role.MEMBER)]
    assert held(dt.date(2021, 12, 31)) == [("Aluehallitus", Role.MEMBER)]
    assert held(dt.date(2022, 1, 1)) == []


def test_a_one_day_term(person, board):
    day = dt.date(2022, 3, 8)
    MembershipFactory(body=board, person=person, role=Role.INVITED, start=day, end=day)

    assert roles(person_roles_at(person=person, date=day)) == [("Aluehallitus", Role.INVITED)]
    assert not person_roles_at(person=person, date=day - dt.timedelta(days=1)).exists()
    assert not person_roles_at(person=person, date=day + dt.timedelta(days=1)).exists()


def test_an_open_ended_term_has_no_last_day(person, board):
    MembershipFactory(body=board, person=person, start=dt.date(2022, 1, 1), end=None)

    assert not person_roles_at(person=person, date=dt.date(2021, 12, 31)).exists()
    assert person_roles_at(person=person, date=dt.date(2022, 1, 1)).exists()
    assert person_roles_at(person=person, date=dt.date(2099, 12, 31)).exists()


def test_roles_change_over_time(person, board):
    MembershipFactory(
        body=board, person=person, role=Role.MEMBER, start=dt.date(2021, 1, 1),
        end=dt.date(2022, 5, 31),
    )  # fmt: skip
    MembershipFactory(body=board, person=person, role=Role.CHAIR, start=dt.date(2022, 6, 1))

    assert roles(person_roles_at(person=person, date=dt.date(2022, 5, 31))) == [
        ("Aluehallitus", Role.MEMBER)
    ]
    assert roles(person_roles_at(person=person, date=dt.date(2022, 6, 1))) == [
        ("Aluehallitus", Role.CHAIR)
    ]


def test_roles_in_several_bodies_ordered_by_body(person, board):
    council = BodyFactory(organisation=board.organisation, name_fi="Aluevaltuusto")
    group = BodyFactory(name_fi="Digityöryhmä", kind=Body.Kind.WORKING_GROUP)
    MembershipFactory(body=council, person=person, role=Role.MEMBER)
    MembershipFactory(body=board, person=person, role=Role.VICE_CHAIR)
    MembershipFactory(body=group, person=person, role=Role.EXPERT)
    member = MembershipFactory(body=board)
    MembershipFactory(body=board, person=person, role=Role.PRESENTER, end=dt.date(2021, 12, 31))
    DeputyFactory(deputy_for=member, person=person)
    MembershipFactory(body=board)  # someone else's role

    assert roles(person_roles_at(person=person, date=dt.date(2022, 3, 8))) == [
        ("Aluehallitus", Role.DEPUTY),
        ("Aluehallitus", Role.VICE_CHAIR),
        ("Aluevaltuusto", Role.MEMBER),
        ("Digityöryhmä", Role.EXPERT),
    ]


def test_person_roles_at_reads_bodies_and_deputised_members_in_one_query(
    person, board, django_assert_num_queries
):
    for _ in range(3):
        DeputyFactory(deputy_for=MembershipFactory(body=BodyFactory()), person=person)

    with django_assert_num_queries(1):
        described = [
            (m.body.organisation.name, m.body.name, m.deputy_for.person.full_name)
            for m in person_roles_at(person=person, date=dt.date(2022, 3, 8))
        ]
    assert len(described) == 3


# body_memberships_at and body_seats_at -------------------------------------------------------


@pytest.fixture
def full_board(board):
    """Every role on 8 March 2022, and some that are not in force then."""

    def person(last_name):
        return PersonFactory(first_name="Testi", last_name=last_name)

    chair = MembershipFactory(body=board, person=person("Rintamo"), role=Role.CHAIR)
    MembershipFactory(body=board, person=person("Kuokka"), role=Role.VICE_CHAIR)
    member = MembershipFactory(body=board, person=person("Virtanen"), role=Role.MEMBER)
    MembershipFactory(body=board, person=person("Alastalo"), role=Role.MEMBER)
    MembershipFactory(
        body=board, person=person("Leppänen"), role=Role.REPRESENTATIVE, represents="Kouvola"
    )
    DeputyFactory(deputy_for=member, person=person("Mattila"))
    DeputyFactory(deputy_for=chair, person=person("Haapanen"))
    MembershipFactory(body=board, person=person("Niiranen"), role=Role.PRESENTER)
    MembershipFactory(body=board, person=person("Nevalainen"), role=Role.SECRETARY)
    MembershipFactory(body=board, person=person("Korhonen"), role=Role.EXPERT)
    MembershipFactory(body=board, person=person("Witting"), role=Role.INVITED)
    # Not in force on the day:
    MembershipFactory(
        body=board, person=person("Entinen"), start=dt.date(2021, 1, 1), end=dt.date(2022, 3, 7)
    )
    MembershipFactory(body=board, person=person("Tuleva"), start=dt.date(2022, 3, 9))
    # Another body:
    MembershipFactory(person=person("Muualla"))
    return board


MEETING_DAY = dt.date(2022, 3, 8)


def last_names(memberships):
    return [m.person.last_name for m in memberships]


def test_body_memberships_at_lists_every_role_in_force(full_board):
    memberships = body_memberships_at(body=full_board, date=MEETING_DAY)

    assert [(m.role, m.person.last_name) for m in memberships] == [
        (Role.CHAIR, "Rintamo"),
        (Role.DEPUTY, "Haapanen"),
        (Role.DEPUTY, "Mattila"),
        (Role.EXPERT, "Korhonen"),
        (Role.INVITED, "Witting"),
        (Role.MEMBER, "Alastalo"),
        (Role.MEMBER, "Virtanen"),
        (Role.PRESENTER, "Niiranen"),
        (Role.REPRESENTATIVE, "Leppänen"),
        (Role.SECRETARY, "Nevalainen"),
        (Role.VICE_CHAIR, "Kuokka"),
    ]


def test_body_memberships_at_by_role(full_board):
    deputies = body_memberships_at(body=full_board, date=MEETING_DAY, roles=[Role.DEPUTY])
    assert [(m.person.last_name, m.deputy_for.person.last_name) for m in deputies] == [
        ("Haapanen", "Rintamo"),
        ("Mattila", "Virtanen"),
    ]
    staff = body_memberships_at(
        body=full_board, date=MEETING_DAY, roles=(r for r in (Role.PRESENTER, Role.SECRETARY))
    )
    assert last_names(staff) == ["Niiranen", "Nevalainen"]
    assert not body_memberships_at(body=full_board, date=MEETING_DAY, roles=[]).exists()


def test_body_memberships_at_other_dates(full_board):
    assert "Entinen" in last_names(body_memberships_at(body=full_board, date=dt.date(2022, 3, 7)))
    assert "Tuleva" not in last_names(
        body_memberships_at(body=full_board, date=dt.date(2022, 3, 7))
    )
    assert "Tuleva" in last_names(body_memberships_at(body=full_board, date=dt.date(2022, 3, 9)))
    assert not body_memberships_at(body=full_board, date=dt.date(2020, 12, 31)).exists()


def test_body_seats_at_are_the_roles_that_vote(full_board):
    seats = body_seats_at(body=full_board, date=MEETING_DAY)

    assert [(m.role, m.person.last_name) for m in seats] == [
        (Role.CHAIR, "Rintamo"),
        (Role.MEMBER, "Alastalo"),
        (Role.MEMBER, "Virtanen"),
        (Role.REPRESENTATIVE, "Leppänen"),
        (Role.VICE_CHAIR, "Kuokka"),
    ]
    assert all(m.holds_seat for m in seats)
    assert body_seats_at(body=full_board, date=dt.date(2022, 3, 7)).count() == 6


# Rules of a membership -----------------------------------------------------------------------


def test_a_deputy_names_a_member_of_the_same_body(board):
    member = MembershipFactory(body=board)

    deputy = DeputyFactory(deputy_for=member)

    assert deputy.body == board
    assert list(member.deputies.all()) == [deputy]
    assert not deputy.holds_seat


def test_a_deputy_without_a_member_is_refused(board):
    with pytest.raises(ValidationError) as excinfo:
        membership_create(
            body=board, person=PersonFactory(), role=Role.DEPUTY, start=dt.date(2022, 1, 1)
        )
    assert "deputy_for" in excinfo.value.message_dict
    assert not Membership.objects.exists()


def test_a_deputy_of_a_member_of_another_body_is_refused(board):
    elsewhere = MembershipFactory()

    with pytest.raises(ValidationError) as excinfo:
        membership_create(
            body=board,
            person=PersonFactory(),
            role=Role.DEPUTY,
            start=dt.date(2022, 1, 1),
            deputy_for=elsewhere,
        )
    assert "deputy_for" in excinfo.value.message_dict
    assert Membership.objects.count() == 1


@pytest.mark.parametrize(
    "role", [Role.PRESENTER, Role.SECRETARY, Role.EXPERT, Role.INVITED, Role.DEPUTY]
)
def test_a_deputy_only_stands_in_for_a_seat(board, role):
    if role == Role.DEPUTY:
        without_seat = DeputyFactory(deputy_for=MembershipFactory(body=board))
    else:
        without_seat = MembershipFactory(body=board, role=role)

    with pytest.raises(ValidationError) as excinfo:
        DeputyFactory(deputy_for=without_seat)
    assert "deputy_for" in excinfo.value.message_dict


@pytest.mark.parametrize("role", [Role.CHAIR, Role.VICE_CHAIR, Role.REPRESENTATIVE])
def test_a_deputy_may_stand_in_for_any_seat(board, role):
    assert DeputyFactory(deputy_for=MembershipFactory(body=board, role=role)).pk


def test_only_a_deputy_names_a_member(board):
    member = MembershipFactory(body=board)

    with pytest.raises(ValidationError) as excinfo:
        membership_create(
            body=board,
            person=PersonFactory(),
            role=Role.MEMBER,
            start=dt.date(2022, 1, 1),
            deputy_for=member,
        )
    assert "deputy_for" in excinfo.value.message_dict


def test_the_database_refuses_a_deputy_without_a_member_and_a_member_with_one(board):
    member = MembershipFactory(body=board)
    person = PersonFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership(body=board, person=person, role=Role.DEPUTY, start=dt.date(2022, 1, 1)).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership(
            body=board, person=person, role=Role.MEMBER, start=dt.date(2022, 1, 1),
            deputy_for=member,
        ).save()  # fmt: skip
    assert Membership.objects.count() == 1


def test_a_term_cannot_end_before_it_starts(board):
    with pytest.raises(ValidationError) as excinfo:
        MembershipFactory(body=board, start=dt.date(2022, 6, 1), end=dt.date(2022, 5, 31))
    assert "end" in excinfo.value.message_dict

    membership = MembershipFactory.build(
        body=board, person=PersonFactory(), start=dt.date(2022, 6, 1), end=dt.date(2022, 5, 31)
    )
    with pytest.raises(ValidationError):
        membership.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        membership.save()
    assert not Membership.objects.exists()


def test_a_term_may_end_on_the_day_it_starts(board):
    day = dt.date(2022, 6, 1)
    assert MembershipFactory(body=board, start=day, end=day).pk


# Rules of a body -----------------------------------------------------------------------------


def test_a_body_cannot_be_set_up_by_itself(board):
    board.parent = board

    with pytest.raises(ValidationError) as excinfo:
        board.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_a_body_may_be_set_up_by_another(board):
    group = BodyFactory(organisation=board.organisation, kind=Body.Kind.WORKING_GROUP)
    group.parent = board

    group.full_clean()
    group.save()

    assert list(board.children.all()) == [group]
    BodyFactory.build(parent=board, organisation=board.organisation).full_clean()


def test_a_body_cannot_be_set_up_by_a_body_it_set_up(board):
    group = BodyFactory(organisation=board.organisation, parent=board)
    subgroup = BodyFactory(organisation=board.organisation, parent=group)
    board.parent = subgroup

    with pytest.raises(ValidationError) as excinfo:
        board.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_a_body_cannot_end_before_it_starts(board):
    board.active_from = dt.date(2022, 3, 1)
    board.active_until = dt.date(2022, 2, 28)

    with pytest.raises(ValidationError):
        board.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        board.save()

    board.refresh_from_db()
    assert (board.active_from, board.active_until) == (None, None)


def test_names_in_finnish_and_swedish():
    organisation = OrganisationFactory(
        name_fi="Kymenlaakson hyvinvointialue", name_sv="Kymmenedalens välfärdsområde"
    )
    body = BodyFactory(organisation=organisation, name_fi="Aluehallitus", name_sv="")

    with translation.override("sv"):
        assert str(organisation) == "Kymmenedalens välfärdsområde"
        assert body.name == "Aluehallitus"  # no Swedish name: Finnish
    with translation.override("fi"):
        assert str(organisation) == "Kymenlaakson hyvinvointialue"
    with translation.override("en"):
        assert organisation.name == "Kymenlaakson hyvinvointialue"


def test_a_person_is_shown_by_full_name(person):
    assert str(person) == "Vappu Kuokka"
    assert person.full_name == "Vappu Kuokka"

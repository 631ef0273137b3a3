"""Handling an item at the meeting (DOMAIN.md items 2 and 4): proposals and seconding, motions
decided before the matter, the voting rule (open vote by name, yes / no / blank, a tie decided
by the chair's vote), who may vote at an item, the decision text, dissents, the minute checkers
and the quorum at each item."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kokous.meetings.models import AgendaItem, Attendance, Meeting
from kokous.meetings.services import (
    attendance_record,
    disqualification_record,
    meeting_create,
    quorum_evaluate,
    voters_at,
)
from kokous.organisations.models import Body
from kokous.organisations.tests.factories import (
    BodyFactory,
    DeputyFactory,
    MembershipFactory,
)
from kokous.proceedings.models import Ballot, Dissent, Proposal, Vote
from kokous.proceedings.services import (
    _genitive,
    decision_record,
    decision_suggest,
    discussion_close,
    dissent_record,
    minute_checkers_set,
    proposal_base,
    proposal_base_amend,
    proposal_base_withdraw,
    proposal_make,
    proposal_second,
    vote_record,
)
from kokous.proceedings.tests.factories import MEETING_START, board_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are matched in English, the source language: the Finnish and Swedish
    catalogues are completed later."""
    with translation.override("en"):
        yield


COUNTER = Proposal.Kind.COUNTER
TABLING = Proposal.Kind.TABLING
RETURN = Proposal.Kind.RETURN
Types = AgendaItem.DecisionType


def cast(*, yes=(), no=(), blank=()):
    """The ballots of a vote: person id → yes / no / blank."""
    ballots = {}
    for choice, people in (("yes", yes), ("no", no), ("blank", blank)):
        for person in people:
            assert person.pk not in ballots, f"{person} votes twice"
            ballots[person.pk] = choice
    return ballots


def counter(board, *, by=0, seconded_by=1, item=None, text="Palautetaan strategia."):
    """A counter-proposal of board.members[by], seconded by board.members[seconded_by]."""
    return proposal_make(
        item=item or board.matter,
        kind=COUNTER,
        text=text,
        proposer=board.members[by],
        seconder=None if seconded_by is None else board.members[seconded_by],
    )


def state(proposal):
    proposal.refresh_from_db()
    return proposal.state


@pytest.fixture
def board():
    """A chair and ten members, all present: eleven votes."""
    return board_meeting(members=10, surnames={0: "Mattila", 2: "Virtanen", 4: "Carlson"})


# A simple vote -------------------------------------------------------------------------------


def test_the_base_proposal_wins_a_simple_vote_against_a_seconded_counter_proposal(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    discussion_close(item=board.matter)

    seats = board.seats
    vote = vote_record(
        item=board.matter, yes=base, no=mattila, ballots=cast(yes=seats[:6], no=seats[6:])
    )

    assert (vote.yes_count, vote.no_count, vote.blank_count) == (6, 5, 0)
    assert vote.yes_won and not vote.decided_by_chair
    assert vote.position == 1
    assert state(mattila) == Proposal.State.REJECTED
    assert state(base) == Proposal.State.OPEN  # adopted only with the decision
    # Recorded by name, each for their own seat.
    recorded = {b.person_id: (b.choice, b.seat_holder_id) for b in vote.ballots.all()}
    assert recorded == {p.pk: ("yes" if i < 6 else "no", p.pk) for i, p in enumerate(seats)}

    suggestion = decision_suggest(item=board.matter)
    assert suggestion.decision_type == Types.ADOPTED_AFTER_VOTE
    assert "6" in suggestion.text and "5" in suggestion.text


def test_pairwise_voting_order_with_three_proposals(board):
    """The counter-proposals are first set against each other; the winner goes against the
    presenter's proposal. Every loser is rejected and cannot be voted on again."""
    seats = board.seats
    base = proposal_base(item=board.matter)
    b = counter(board, by=0, seconded_by=1, text="Vastaehdotus B.")
    c = counter(board, by=2, seconded_by=3, text="Vastaehdotus C.")
    discussion_close(item=board.matter)

    first = vote_record(item=board.matter, yes=b, no=c, ballots=cast(yes=seats[:6], no=seats[6:]))
    assert first.yes_won
    assert state(c) == Proposal.State.REJECTED
    assert (state(b), state(base)) == (Proposal.State.OPEN, Proposal.State.OPEN)

    with pytest.raises(ValidationError, match="cannot be voted on"):
        vote_record(item=board.matter, yes=base, no=c, ballots=cast(yes=seats))

    final = vote_record(
        item=board.matter, yes=base, no=b, ballots=cast(yes=seats[:4], no=seats[4:])
    )
    assert not final.yes_won and final.position == 2
    assert state(base) == Proposal.State.REJECTED
    assert state(b) == Proposal.State.OPEN

    suggestion = decision_suggest(item=board.matter)
    assert suggestion.decision_type == Types.ADOPTED_AFTER_VOTE
    assert "Mattilan" in suggestion.text
    assert "7" in suggestion.text and "4" in suggestion.text

    decision_record(item=board.matter, text=suggestion.text, decision_type=suggestion.decision_type)
    assert state(b) == Proposal.State.ADOPTED
    assert [state(p) for p in (base, c)] == [Proposal.State.REJECTED] * 2


def test_proposals_must_belong_to_the_item_and_differ(board):
    base = proposal_base(item=board.matter)
    other = counter(board, item=board.noting)
    everyone = cast(yes=board.seats)

    with pytest.raises(ValidationError, match="must belong to this item"):
        vote_record(item=board.matter, yes=base, no=other, ballots=everyone)
    with pytest.raises(ValidationError, match="against itself"):
        vote_record(item=board.matter, yes=base, no=base, ballots=everyone)
    with pytest.raises(ValidationError, match="Only a motion"):
        vote_record(item=board.matter, yes=base, no=None, ballots=everyone)
    assert not Vote.objects.exists()


# Ties and blank votes --------------------------------------------------------------------------


@pytest.mark.parametrize("chair_votes", ["yes", "no"])
def test_a_tie_is_decided_by_the_chairs_vote(chair_votes):
    board = board_meeting(members=9)  # ten votes
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    chair, members = board.chair, board.members
    with_chair, against = members[:4], members[4:]  # four with the chair, five against
    ballots = (
        cast(yes=[chair, *with_chair], no=against)
        if chair_votes == "yes"
        else cast(no=[chair, *with_chair], yes=against)
    )

    vote = vote_record(item=board.matter, yes=base, no=mattila, ballots=ballots)

    assert (vote.yes_count, vote.no_count) == (5, 5)
    assert vote.decided_by_chair
    assert vote.yes_won is (chair_votes == "yes")
    loser = mattila if chair_votes == "yes" else base
    assert state(loser) == Proposal.State.REJECTED


def test_a_tie_with_the_chair_voting_blank_is_refused(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    members = board.members

    with pytest.raises(ValidationError, match="chair"):
        vote_record(
            item=board.matter,
            yes=base,
            no=mattila,
            ballots=cast(yes=members[:5], no=members[5:], blank=[board.chair]),
        )

    assert not Vote.objects.exists() and not Ballot.objects.exists()
    assert state(base) == state(mattila) == Proposal.State.OPEN


def test_blank_votes_count_for_neither_side(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    seats = board.seats

    vote = vote_record(
        item=board.matter,
        yes=base,
        no=mattila,
        ballots=cast(yes=seats[:2], no=seats[2:5], blank=seats[5:]),
    )

    assert (vote.yes_count, vote.no_count, vote.blank_count) == (2, 3, 6)
    assert not vote.yes_won and not vote.decided_by_chair
    assert state(base) == Proposal.State.REJECTED


def test_a_ballot_must_be_yes_no_or_blank(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    ballots = cast(yes=board.seats)
    ballots[board.chair.pk] = "abstain"

    with pytest.raises(ValidationError, match="yes, no or blank"):
        vote_record(item=board.matter, yes=base, no=mattila, ballots=ballots)


# Who votes at an item --------------------------------------------------------------------------


def test_a_member_who_left_before_the_item_does_not_vote(board):
    leaver = board.members[9]
    attendance_record(
        meeting=board.meeting,
        person=leaver,
        capacity=Attendance.Capacity.MEMBER,
        present_until=board.item(4),  # left after § 4; the matter is the fifth item
    )
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    staying = board.seats[:10]

    with pytest.raises(ValidationError, match=leaver.last_name):
        vote_record(
            item=board.matter,
            yes=base,
            no=mattila,
            ballots=cast(yes=staying[:6], no=[*staying[6:], leaver]),
        )
    with pytest.raises(ValidationError, match="Every member present votes"):
        vote_record(
            item=board.matter, yes=base, no=mattila, ballots=cast(yes=staying[:6], no=staying[7:])
        )
    assert not Vote.objects.exists()

    vote = vote_record(
        item=board.matter, yes=base, no=mattila, ballots=cast(yes=staying[:6], no=staying[6:])
    )
    assert (vote.yes_count, vote.no_count) == (6, 4)
    assert not vote.ballots.filter(person=leaver).exists()
    # The member leaving is no proposer either.
    with pytest.raises(ValidationError, match="no vote at this item"):
        proposal_make(item=board.matter, kind=TABLING, text="Pöydälle.", proposer=leaver)


def test_someone_without_a_seat_does_not_vote_or_propose(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    ballots = cast(yes=[*board.seats, board.presenter])

    with pytest.raises(ValidationError, match=board.presenter.last_name):
        vote_record(item=board.matter, yes=base, no=mattila, ballots=ballots)
    with pytest.raises(ValidationError, match="unknown person"):
        vote_record(
            item=board.matter, yes=base, no=mattila, ballots={**cast(yes=board.seats), 0: "yes"}
        )
    with pytest.raises(ValidationError, match="no vote at this item"):
        proposal_make(item=board.matter, kind=COUNTER, text="Toisin.", proposer=board.secretary)


def test_a_deputy_votes_for_their_member():
    board = board_meeting(members=6, attend=False)
    absent = board.members[0]
    deputy = DeputyFactory(deputy_for=board.memberships[absent.pk]).person
    others = [board.chair, *board.members[1:]]
    for person in others:
        attendance_record(meeting=board.meeting, person=person, capacity="member")
    attendance_record(meeting=board.meeting, person=absent, capacity="member", present=False)
    attendance_record(meeting=board.meeting, person=deputy, capacity="deputy", deputy_for=absent)
    base = proposal_base(item=board.matter)
    mattila = counter(board, by=1, seconded_by=2)

    with pytest.raises(ValidationError, match=absent.last_name):
        vote_record(item=board.matter, yes=base, no=mattila, ballots=cast(yes=[*others, absent]))
    with pytest.raises(ValidationError, match=absent.last_name):
        vote_record(
            item=board.matter,
            yes=base,
            no=mattila,
            ballots=cast(yes=[*others, deputy], no=[absent]),
        )
    with pytest.raises(ValidationError, match="Every member present votes"):
        vote_record(item=board.matter, yes=base, no=mattila, ballots=cast(yes=others))

    vote = vote_record(
        item=board.matter, yes=base, no=mattila, ballots=cast(yes=others, no=[deputy])
    )
    ballot = vote.ballots.get(person=deputy)
    assert ballot.seat_holder == absent
    assert (vote.yes_count, vote.no_count) == (6, 1)


def test_the_member_holds_the_seat_again_after_returning():
    """A deputy stands in until § 5 (the member's absence); the member is back from § 6."""
    board = board_meeting(members=4, attend=False)
    member = board.members[0]
    deputy = DeputyFactory(deputy_for=board.memberships[member.pk]).person
    for person in [board.chair, *board.members[1:]]:
        attendance_record(meeting=board.meeting, person=person, capacity="member")
    attendance_record(
        meeting=board.meeting, person=member, capacity="member", present_from=board.noting
    )
    attendance_record(
        meeting=board.meeting,
        person=deputy,
        capacity="deputy",
        deputy_for=member,
        present_until=board.matter,
    )

    def voting(item):
        voters, _seats = voters_at(meeting=board.meeting, item=item)
        return {v.person_id: v.seat_holder_id for v in voters}

    assert voting(board.matter)[deputy.pk] == member.pk
    assert member.pk not in voting(board.matter)
    assert voting(board.noting)[member.pk] == member.pk
    assert deputy.pk not in voting(board.noting)


def test_a_disqualified_member_neither_votes_nor_counts_at_that_item(board):
    jaavi = board.members[5]
    disqualification_record(item=board.matter, person=jaavi, reason="Hallintolaki 28 § 1 mom. 2 k.")
    others = [p for p in board.seats if p != jaavi]
    base = proposal_base(item=board.matter)
    mattila = counter(board)

    assert quorum_evaluate(meeting=board.meeting, item=board.matter).present == 10
    assert quorum_evaluate(meeting=board.meeting, item=board.noting).present == 11
    with pytest.raises(ValidationError, match=jaavi.last_name):
        vote_record(item=board.matter, yes=base, no=mattila, ballots=cast(yes=board.seats))
    with pytest.raises(ValidationError, match="no vote at this item"):
        proposal_make(item=board.matter, kind=COUNTER, text="Toisin.", proposer=jaavi)
    vote = vote_record(item=board.matter, yes=base, no=mattila, ballots=cast(yes=others))
    assert vote.ballots.count() == 10

    # At the next item the member is back: their vote is needed.
    noting_base = proposal_base(item=board.noting)
    tabling = proposal_make(
        item=board.noting,
        kind=TABLING,
        text="Pöydälle.",
        proposer=board.members[0],
        seconder=board.members[1],
    )
    with pytest.raises(ValidationError, match=jaavi.last_name):
        vote_record(item=board.noting, yes=tabling, no=None, ballots=cast(no=others))
    vote = vote_record(item=board.noting, yes=tabling, no=None, ballots=cast(no=board.seats))
    assert vote.ballots.filter(person=jaavi).exists()
    assert state(noting_base) == Proposal.State.OPEN


# Proposals, seconding and the close of the discussion -----------------------------------------


def test_an_unseconded_counter_proposal_lapses_and_is_not_voted_on(board):
    base = proposal_base(item=board.matter)
    alone = counter(board, by=0, seconded_by=None)
    seconded_later = counter(board, by=2, seconded_by=None)
    proposal_second(proposal=seconded_later, seconder=board.members[3])

    with pytest.raises(ValidationError, match="not been seconded"):
        vote_record(item=board.matter, yes=base, no=alone, ballots=cast(yes=board.seats))

    lapsed = discussion_close(item=board.matter)

    assert lapsed == [alone]
    assert state(alone) == Proposal.State.LAPSED
    assert state(seconded_later) == Proposal.State.OPEN
    assert state(base) == Proposal.State.OPEN  # the presenter's proposal needs no seconder
    with pytest.raises(ValidationError, match="cannot be voted on"):
        vote_record(item=board.matter, yes=base, no=alone, ballots=cast(yes=board.seats))
    with pytest.raises(ValidationError, match="Only an open proposal"):
        proposal_second(proposal=alone, seconder=board.members[5])
    assert not Vote.objects.exists()


def test_seconding_rules(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board, seconded_by=None)

    with pytest.raises(ValidationError, match="own proposal"):
        proposal_second(proposal=mattila, seconder=board.members[0])
    with pytest.raises(ValidationError, match="no vote at this item"):
        proposal_second(proposal=mattila, seconder=board.presenter)
    with pytest.raises(ValidationError, match="needs no seconder"):
        proposal_second(proposal=base, seconder=board.members[1])
    with pytest.raises(ValidationError, match="Write the proposal"):
        proposal_make(item=board.matter, kind=COUNTER, text="  ", proposer=board.members[1])
    with pytest.raises(ValidationError, match="Choose"):
        proposal_make(item=board.matter, kind="base", text="Toinen.", proposer=board.members[1])
    assert (
        proposal_second(proposal=mattila, seconder=board.members[1]).seconder == (board.members[1])
    )


def test_the_record_is_written_only_once_the_invitation_is_sent():
    body = BodyFactory(kind=Body.Kind.BOARD)
    member = MembershipFactory(body=body).person
    meeting = meeting_create(body=body, start=MEETING_START)
    attendance_record(meeting=meeting, person=member, capacity="member")

    item = meeting.items.get(position=2)
    with pytest.raises(ValidationError, match="between the invitation"):
        proposal_make(item=item, kind=COUNTER, text="Toisin.", proposer=member)
    with pytest.raises(ValidationError, match="between the invitation"):
        proposal_base(item=item)
    assert not Proposal.objects.exists()


def test_the_base_proposal_is_taken_from_the_agenda_once(board):
    base = proposal_base(item=board.matter)

    assert (base.kind, base.text, base.proposer) == (
        Proposal.Kind.BASE,
        board.matter.proposal,
        board.presenter,
    )
    assert base.seconder is None and not base.amended
    assert proposal_base(item=board.matter) == base
    counter(board)
    assert board.matter.proposals.filter(kind=Proposal.Kind.BASE).count() == 1
    with pytest.raises(ValidationError, match="no presenter's proposal"):
        proposal_base(item=board.item(7))  # "Muut asiat"


# Motions to table and to return ---------------------------------------------------------------


def test_a_seconded_motion_is_decided_before_the_matter(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    tabling = proposal_make(
        item=board.matter,
        kind=TABLING,
        text="Asia jätetään pöydälle.",
        proposer=board.members[4],
        seconder=board.members[5],
    )
    seats = board.seats

    with pytest.raises(ValidationError, match="decided before the matter"):
        vote_record(item=board.matter, yes=base, no=mattila, ballots=cast(yes=seats))

    # The motion (yes) is put against continuing the handling (no).
    motion_vote = vote_record(
        item=board.matter, yes=tabling, no=None, ballots=cast(yes=seats[:3], no=seats[3:])
    )
    assert not motion_vote.yes_won
    assert state(tabling) == Proposal.State.REJECTED

    vote = vote_record(item=board.matter, yes=base, no=mattila, ballots=cast(yes=seats))
    assert vote.position == 2
    # The rejected motion is no decision: the last vote on the matter gives it.
    assert decision_suggest(item=board.matter).decision_type == Types.ADOPTED_AFTER_VOTE


def test_an_unseconded_motion_does_not_hold_up_the_vote(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    proposal_make(item=board.matter, kind=RETURN, text="Palautetaan.", proposer=board.members[4])

    vote = vote_record(item=board.matter, yes=base, no=mattila, ballots=cast(yes=board.seats))

    assert vote.yes_won


def test_an_adopted_tabling_motion_tables_the_item(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    tabling = proposal_make(
        item=board.matter,
        kind=TABLING,
        text="Asia jätetään pöydälle.",
        proposer=board.members[4],
        seconder=board.members[5],
    )
    seats = board.seats

    vote = vote_record(
        item=board.matter, yes=tabling, no=None, ballots=cast(yes=seats[:6], no=seats[6:])
    )

    assert vote.yes_won and vote.no is None
    assert state(tabling) == Proposal.State.ADOPTED
    suggestion = decision_suggest(item=board.matter)
    assert suggestion.decision_type == Types.TABLED
    assert suggestion.text.strip()  # "Asia jätettiin pöydälle." once translated
    # The handling has ended: the matter itself is no longer voted on.
    with pytest.raises(ValidationError, match="ended"):
        vote_record(item=board.matter, yes=base, no=mattila, ballots=cast(yes=seats))
    assert state(base) == state(mattila) == Proposal.State.OPEN

    decision_record(item=board.matter, text=suggestion.text, decision_type=suggestion.decision_type)
    assert state(base) == Proposal.State.OPEN  # tabling adopts nothing


def test_an_adopted_return_motion_returns_the_item(board):
    ret = proposal_make(
        item=board.matter,
        kind=RETURN,
        text="Palautetaan valmisteluun.",
        proposer=board.members[4],
        seconder=board.members[5],
    )
    vote_record(item=board.matter, yes=ret, no=None, ballots=cast(yes=board.seats))

    suggestion = decision_suggest(item=board.matter)

    assert suggestion.decision_type == Types.RETURNED
    assert suggestion.text.strip()


# The decision ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("surname", "genitive"),
    [
        ("Virtanen", "Virtasen"),
        ("Koskinen", "Koskisen"),
        ("Mattila", "Mattilan"),
        ("Laine", "Lainen"),
        ("Mäkelä", "Mäkelän"),
        ("Carlson", "Carlsonin"),
        ("Ek", "Ekin"),
    ],
)
def test_genitive(surname, genitive):
    assert _genitive(surname) == genitive


def test_a_counter_proposal_winning_7_to_4(board):
    base = proposal_base(item=board.matter)
    virtanen = counter(board, by=2, seconded_by=3)
    seats = board.seats

    vote_record(item=board.matter, yes=base, no=virtanen, ballots=cast(yes=seats[:4], no=seats[4:]))
    suggestion = decision_suggest(item=board.matter)

    assert suggestion.decision_type == Types.ADOPTED_AFTER_VOTE
    assert "7" in suggestion.text and "4" in suggestion.text
    assert "Virtasen" in suggestion.text
    assert suggestion.text.index("7") < suggestion.text.index("4")  # for – against


def test_carlsons_counter_proposal(board):
    base = proposal_base(item=board.matter)
    carlson = counter(board, by=4, seconded_by=5)
    seats = board.seats

    vote_record(item=board.matter, yes=carlson, no=base, ballots=cast(yes=seats[:7], no=seats[7:]))

    assert "Carlsonin" in decision_suggest(item=board.matter).text


def test_withdrawn_proposal_removes_the_item(board):
    base = proposal_base_withdraw(item=board.matter)

    assert base.state == Proposal.State.WITHDRAWN
    suggestion = decision_suggest(item=board.matter)
    assert suggestion.decision_type == Types.REMOVED
    assert suggestion.text.strip()
    with pytest.raises(ValidationError, match="withdrawn only before"):
        proposal_base_withdraw(item=board.matter)


def test_amended_proposal(board):
    base = proposal_base_amend(item=board.matter, text="Hyväksytään muutettuna.")

    assert base.amended and base.text == "Hyväksytään muutettuna."
    suggestion = decision_suggest(item=board.matter)
    assert suggestion.decision_type == Types.ADOPTED_AMENDED
    assert suggestion.text.strip()
    with pytest.raises(ValidationError, match="cannot be empty"):
        proposal_base_amend(item=board.matter, text=" ")


def test_a_proposal_is_not_amended_after_a_vote(board):
    base = proposal_base(item=board.matter)
    vote_record(item=board.matter, yes=base, no=counter(board), ballots=cast(yes=board.seats))

    with pytest.raises(ValidationError, match="amended only before"):
        proposal_base_amend(item=board.matter, text="Myöhässä.")
    with pytest.raises(ValidationError, match="withdrawn only before"):
        proposal_base_withdraw(item=board.matter)


def test_merkitaan_is_noted_and_otherwise_adopted_as_proposed(board):
    assert decision_suggest(item=board.noting).decision_type == Types.NOTED
    suggestion = decision_suggest(item=board.matter)
    assert suggestion.decision_type == Types.ADOPTED_AS_PROPOSED
    assert suggestion.text.strip()


def test_decision_record_adopts_the_open_base_proposal(board):
    base = proposal_base(item=board.matter)
    lapsing = counter(board, seconded_by=None)
    discussion_close(item=board.matter)
    version = board.matter.version

    item = decision_record(
        item=board.matter,
        text="Hyväksyttiin esittelijän esitys.",
        decision_type=Types.ADOPTED_AS_PROPOSED,
    )

    assert state(base) == Proposal.State.ADOPTED
    assert state(lapsing) == Proposal.State.LAPSED
    item.refresh_from_db()
    assert item.decision == "Hyväksyttiin esittelijän esitys."
    assert item.decision_type == Types.ADOPTED_AS_PROPOSED
    assert item.version == version + 1


def test_decision_record_needs_text_and_type(board):
    with pytest.raises(ValidationError, match="Write the decision"):
        decision_record(item=board.matter, text=" ", decision_type=Types.NOTED)
    with pytest.raises(ValidationError, match="type of the decision"):
        decision_record(item=board.matter, text="Jotain.", decision_type="maybe")
    board.matter.refresh_from_db()
    assert board.matter.decision == ""


# Dissents --------------------------------------------------------------------------------------


def test_dissent_by_who_voted_against_and_by_the_presenter(board):
    base = proposal_base(item=board.matter)
    virtanen = counter(board, by=2, seconded_by=3)
    seats = board.seats
    # Seven for the counter-proposal (no), four for the presenter's proposal (yes).
    vote_record(item=board.matter, yes=base, no=virtanen, ballots=cast(yes=seats[:4], no=seats[4:]))
    minority, majority = seats[0], seats[6]

    dissent = dissent_record(item=board.matter, person=minority, reason="Strategia on kesken.")
    assert (dissent.person, dissent.reason) == (minority, "Strategia on kesken.")
    dissent_record(item=board.matter, person=board.presenter)
    with pytest.raises(ValidationError, match="voted against"):
        dissent_record(item=board.matter, person=majority)
    with pytest.raises(ValidationError, match="voted against"):
        dissent_record(item=board.matter, person=board.secretary)

    # A second dissent of the same person replaces the first.
    dissent_record(item=board.matter, person=minority, reason="Perustelut.")
    assert Dissent.objects.filter(agenda_item=board.matter).count() == 2
    assert Dissent.objects.get(person=minority).reason == "Perustelut."


def test_no_dissent_without_a_vote_except_the_presenters(board):
    with pytest.raises(ValidationError, match="voted against"):
        dissent_record(item=board.matter, person=board.members[0])
    assert dissent_record(item=board.matter, person=board.presenter).person == board.presenter


# Minute checkers -------------------------------------------------------------------------------


def test_minute_checkers_are_two_members_present(board):
    away = board.members[9]
    attendance_record(meeting=board.meeting, person=away, capacity="member", present=False)
    first, second = board.members[0], board.members[1]

    with pytest.raises(ValidationError, match="two different"):
        minute_checkers_set(item=board.checkers_item, checkers=[first])
    with pytest.raises(ValidationError, match="two different"):
        minute_checkers_set(item=board.checkers_item, checkers=[first, first])
    with pytest.raises(ValidationError, match="two different"):
        minute_checkers_set(item=board.checkers_item, checkers=[first, second, board.chair])
    with pytest.raises(ValidationError, match=away.last_name):
        minute_checkers_set(item=board.checkers_item, checkers=[first, away])
    with pytest.raises(ValidationError, match=board.secretary.last_name):
        minute_checkers_set(item=board.checkers_item, checkers=[first, board.secretary])
    assert not board.meeting.minute_checkers.exists()

    meeting = minute_checkers_set(item=board.checkers_item, checkers=[first, second])
    assert set(meeting.minute_checkers.all()) == {first, second}


# The quorum at each item -----------------------------------------------------------------------


def test_quorum_at_each_item_with_arrivals_departures_and_a_disqualification():
    """Seven seats, four needed. Three members are there throughout; one arrives for § 5, one
    leaves after § 5, a deputy stands in for an absent member from § 6, and one of those
    present is disqualified at § 6."""
    board = board_meeting(members=6, attend=False)
    chair, m = board.chair, board.members
    meeting = board.meeting
    for person in (chair, m[0], m[1]):
        attendance_record(meeting=meeting, person=person, capacity="member")
    attendance_record(meeting=meeting, person=m[2], capacity="member", present_from=board.matter)
    attendance_record(meeting=meeting, person=m[3], capacity="member", present_until=board.matter)
    attendance_record(meeting=meeting, person=m[4], capacity="member", present=False)
    deputy = DeputyFactory(deputy_for=board.memberships[m[4].pk]).person
    attendance_record(
        meeting=meeting,
        person=deputy,
        capacity="deputy",
        deputy_for=m[4],
        present_from=board.noting,
    )
    disqualification_record(item=board.noting, person=m[0], reason="Hallintolaki 28 §")

    def at(item):
        result = quorum_evaluate(meeting=meeting, item=item)
        assert (result.seats, result.required) == (7, 4)
        return result.present, result.has_quorum

    assert at(None) == (4, True)  # chair, m0, m1, m3 at the opening
    assert at(board.item(4)) == (4, True)
    assert at(board.matter) == (5, True)  # m2 has arrived, m3 still there
    assert at(board.noting) == (4, True)  # m3 left, the deputy came, m0 disqualified
    assert at(board.item(7)) == (5, True)  # m0 counts again
    disqualification_record(item=board.noting, person=m[1], reason="Hallintolaki 28 §")
    assert at(board.noting) == (3, False)
    disqualification_record(item=board.noting, person=deputy, reason="Hallintolaki 28 §")
    assert at(board.noting) == (2, False)
    assert at(board.item(7)) == (5, True)


# The voting rule as a property ----------------------------------------------------------------


def test_vote_counting_property():
    """For any ballots of the voters present: the counts add up to the voters, the side with
    more votes wins, and a tie goes the chair's way (refused when the chair voted blank)."""
    board = board_meeting(members=10)
    meeting, seats = board.meeting, board.seats
    base = proposal_base(item=board.matter)
    other = counter(board)

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(
        present=st.integers(min_value=1, max_value=len(seats)),
        choices=st.lists(
            st.sampled_from(["yes", "no", "blank"]), min_size=len(seats), max_size=len(seats)
        ),
    )
    def check(present, choices):
        # Each example in a savepoint that is rolled back.
        with transaction.atomic():
            here = seats[:present]  # the chair is always there
            for person in seats:
                attendance_record(
                    meeting=meeting, person=person, capacity="member", present=person in here
                )
            ballots = {p.pk: choice for p, choice in zip(here, choices, strict=False)}
            yes = list(ballots.values()).count("yes")
            no = list(ballots.values()).count("no")
            if yes == no and ballots[board.chair.pk] == "blank":
                with pytest.raises(ValidationError):
                    vote_record(item=board.matter, yes=base, no=other, ballots=ballots)
            else:
                vote = vote_record(item=board.matter, yes=base, no=other, ballots=ballots)
                assert vote.yes_count + vote.no_count + vote.blank_count == present
                assert (vote.yes_count, vote.no_count) == (yes, no)
                assert vote.ballots.count() == present
                if yes != no:
                    assert vote.yes_won == (yes > no)
                    assert not vote.decided_by_chair
                else:
                    assert vote.decided_by_chair
                    assert vote.yes_won == (ballots[board.chair.pk] == "yes")
                loser = other if vote.yes_won else base
                assert state(loser) == Proposal.State.REJECTED
            transaction.set_rollback(True)

    check()
    assert not Vote.objects.exists()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.INVITATION_SENT


def test_votes_leave_history(board):
    base = proposal_base(item=board.matter)
    mattila = counter(board)
    vote = vote_record(item=board.matter, yes=base, no=mattila, ballots=cast(yes=board.seats))

    assert vote.history.count() == 1
    assert Vote.history.filter(id=vote.pk, history_type="+").exists()
    assert mattila.history.filter(state=Proposal.State.REJECTED).exists()
    # Every ballot by name is in the audit trail too.
    assert Ballot.history.filter(vote_id=vote.pk).count() == len(board.seats)

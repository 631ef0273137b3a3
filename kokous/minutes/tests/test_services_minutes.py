"""Checking, signing, locking and publishing the minutes (DOMAIN.md items 5, 6 and 10).

The minute checkers approve, the chair and the secretary sign; the last approval locks the
minutes. After the lock the meeting's record never changes: every write is refused and a
correction is a dated, reasoned record of its own. A change before the lock voids the
signatures already given. Published minutes have an appeal period that ends 21 days after
publication, moved past weekends and holidays."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone, translation
from simple_history.middleware import HistoryRequestMiddleware

from kokous.core.deadlines import appeal_period
from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import AgendaItem, Attendance, Meeting
from kokous.meetings.services import (
    attendance_record,
    disqualification_record,
    meeting_update,
    speaking_turns_set,
)
from kokous.minutes.models import Correction, Signature
from kokous.minutes.services import (
    correction_record,
    minutes_appeal_period,
    minutes_publish,
    minutes_sign,
    minutes_signers,
)
from kokous.organisations.tests.factories import UserFactory
from kokous.proceedings.models import Ballot, Dissent, Proposal, Vote
from kokous.proceedings.services import (
    decision_record,
    discussion_close,
    dissent_record,
    meeting_close,
    minute_checkers_set,
    proposal_base,
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


APPROVED = Signature.Verdict.APPROVED
COMMENTED = Signature.Verdict.COMMENTED
Types = AgendaItem.DecisionType
END = MEETING_START + dt.timedelta(hours=2)


def decide_all(board, *, except_numbers=()):
    for item in board.meeting.items.order_by("position"):
        if item.position in except_numbers:
            continue
        decision_record(
            item=item, text=f"Päätös {item.section_number} §.", decision_type=Types.NOTED
        )


def held_meeting(**kwargs):
    """A board of a chair and four members whose meeting has been held: members 0 and 1 were
    elected minute checkers, the matter was voted on (4–1) and every item has a decision."""
    board = board_meeting(members=4, **kwargs)
    minute_checkers_set(item=board.checkers_item, checkers=board.members[:2])
    base = proposal_base(item=board.matter)
    counter = proposal_make(
        item=board.matter,
        kind=Proposal.Kind.COUNTER,
        text="Palautetaan.",
        proposer=board.members[3],
        seconder=board.members[2],
    )
    discussion_close(item=board.matter)
    seats = board.seats
    vote_record(
        item=board.matter,
        yes=base,
        no=counter,
        ballots={p.pk: "yes" if i < 4 else "no" for i, p in enumerate(seats)},
    )
    decide_all(board)
    meeting_close(meeting=board.meeting, end=END)
    board.meeting.refresh_from_db()
    return board


@pytest.fixture
def board():
    return held_meeting()


def sign(board, person, verdict=APPROVED, comment=""):
    return minutes_sign(meeting=board.meeting, person=person, verdict=verdict, comment=comment)


def everyone_signs(board):
    for person in signers_of(board):
        sign(board, person)


def signers_of(board):
    return [*board.members[:2], board.chair, board.secretary]


def locked(board):
    board.meeting.refresh_from_db()
    return board.meeting.minutes_locked_at is not None


# Closing the meeting ---------------------------------------------------------------------------


def test_meeting_close_refuses_undecided_items():
    board = board_meeting(members=2)
    decide_all(board, except_numbers=(5, 6, 7))

    with pytest.raises(ValidationError, match=r"no decision yet: § 5, § 6\."):
        meeting_close(meeting=board.meeting, end=END)
    board.meeting.refresh_from_db()
    assert board.meeting.status == Meeting.Status.INVITATION_SENT
    assert board.meeting.end == END  # as planned, untouched

    # "Muut asiat" (7) has no proposal to decide on and may stay without a decision.
    decide_all(board, except_numbers=(7,))
    with pytest.raises(ValidationError, match="end after it starts"):
        meeting_close(meeting=board.meeting, end=MEETING_START)
    with pytest.raises(ValidationError, match="end after it starts"):
        meeting_close(meeting=board.meeting, end=dt.datetime(2025, 11, 25, 20))  # noqa: DTZ001
    closed = meeting_close(meeting=board.meeting, end=END + dt.timedelta(minutes=15))
    assert closed.status == Meeting.Status.HELD
    assert board.item(7).decision == ""
    assert closed.end == END + dt.timedelta(minutes=15)
    with pytest.raises(ValidationError, match="invitation was sent"):
        meeting_close(meeting=board.meeting, end=END)


# Signing ---------------------------------------------------------------------------------------


def test_the_signers_are_the_checkers_the_chair_and_the_secretary(board):
    signers = minutes_signers(meeting=board.meeting)

    assert [(s.person, s.role) for s in signers] == [
        *((p, Signature.Role.CHECKER) for p in sorted(board.members[:2], key=_by_name)),
        (board.chair, Signature.Role.CHAIR),
        (board.secretary, Signature.Role.SECRETARY),
    ]
    assert not any(s.approved for s in signers)


def _by_name(person):
    return (person.last_name, person.first_name)


def test_signing_waits_for_the_meeting_to_be_closed():
    board = board_meeting(members=2)
    minute_checkers_set(item=board.checkers_item, checkers=board.members)

    with pytest.raises(ValidationError, match="closed"):
        minutes_sign(meeting=board.meeting, person=board.members[0], verdict=APPROVED)
    assert not Signature.objects.exists()


def test_someone_who_is_not_a_signer_is_refused(board):
    for person in (board.members[2], board.presenter):
        with pytest.raises(ValidationError, match="not a minute checker"):
            sign(board, person)
    assert not Signature.objects.exists()


def test_a_comment_needs_text_and_does_not_approve(board):
    checker = board.members[0]
    with pytest.raises(ValidationError, match="Write what should be changed"):
        sign(board, checker, COMMENTED, comment="  ")
    with pytest.raises(ValidationError, match="Approve the minutes or write a comment"):
        sign(board, checker, "maybe")
    assert not Signature.objects.exists()

    comment = sign(board, checker, COMMENTED, comment="§ 5: äänestystulos 4–1, ei 5–0.")
    assert (comment.role, comment.verdict) == (Signature.Role.CHECKER, COMMENTED)
    for person in signers_of(board)[1:]:
        sign(board, person)
    assert not locked(board)  # the checker commented: not approved yet

    approval = sign(board, checker)
    comment.refresh_from_db()
    assert comment.void and not approval.void
    assert locked(board)


def test_the_last_approval_locks_the_minutes(board):
    user = UserFactory()
    *first, last = signers_of(board)
    for person in first:
        minutes_sign(meeting=board.meeting, person=person, verdict=APPROVED, user=user)
        assert not locked(board)
    before = timezone.now()

    signature = sign(board, last)

    assert signature.role == Signature.Role.SECRETARY
    board.meeting.refresh_from_db()
    assert board.meeting.status == Meeting.Status.MINUTES_CHECKED
    assert before <= board.meeting.minutes_locked_at <= timezone.now()
    assert all(s.approved for s in minutes_signers(meeting=board.meeting))
    assert Signature.objects.filter(user=user).count() == 3
    with pytest.raises(ValidationError, match="already been checked"):
        sign(board, last)


def test_a_chair_who_is_also_a_checker_signs_once():
    board = board_meeting(members=2)
    minute_checkers_set(item=board.checkers_item, checkers=[board.chair, board.members[0]])
    decide_all(board)
    meeting_close(meeting=board.meeting, end=END)

    signers = minutes_signers(meeting=board.meeting)
    assert [s.person for s in signers] == [
        *sorted([board.chair, board.members[0]], key=_by_name),
        board.secretary,
    ]
    assert next(s for s in signers if s.person == board.chair).role == Signature.Role.CHECKER
    for person in (board.chair, board.members[0], board.secretary):
        sign(board, person)
    assert locked(board)


# The lock --------------------------------------------------------------------------------------


def record_snapshot(meeting):
    """Everything of the meeting's record that the refused writes below could touch."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    items = AgendaItem.objects.filter(meeting=meeting).order_by("position")
    return {
        "meeting": (meeting.start, meeting.end, meeting.place, meeting.status, meeting.version),
        "checkers": sorted(meeting.minute_checkers.values_list("pk", flat=True)),
        "items": list(items.values_list("decision", "decision_type", "version")),
        "attendance": sorted(
            meeting.attendances.values_list("person_id", "present", "present_until_id")
        ),
        "speakers": sorted(
            AgendaItem.objects.filter(meeting=meeting).values_list("speaking_turns__person_id")
        ),
        "disqualifications": list(
            AgendaItem.objects.filter(meeting=meeting)
            .exclude(disqualifications=None)
            .values_list("disqualifications__person_id")
        ),
        "proposals": sorted(
            Proposal.objects.filter(agenda_item__meeting=meeting).values_list(
                "pk", "state", "seconder_id"
            )
        ),
        "votes": Vote.objects.filter(agenda_item__meeting=meeting).count(),
        "ballots": Ballot.objects.filter(vote__agenda_item__meeting=meeting).count(),
        "dissents": Dissent.objects.filter(agenda_item__meeting=meeting).count(),
        "signatures": sorted(meeting.signatures.values_list("pk", "void")),
    }


def test_after_the_lock_every_write_is_refused_and_nothing_changes(board):
    everyone_signs(board)
    assert locked(board)
    meeting, matter, noting = board.meeting, board.matter, board.noting
    member = board.members[2]
    open_tabling = Proposal.objects.create(
        agenda_item=noting, position=99, kind=Proposal.Kind.TABLING, text="x", proposer=member
    )  # an open motion, as if left over: the services below must not touch it
    before = record_snapshot(meeting)

    writes = {
        "attendance_record": lambda: attendance_record(
            meeting=meeting, person=member, capacity="member", present_until=matter
        ),
        "speaking_turns_set": lambda: speaking_turns_set(item=matter, speakers=[member]),
        "disqualification_record": lambda: disqualification_record(
            item=matter, person=member, reason="Hallintolaki 28 §"
        ),
        "proposal_base": lambda: proposal_base(item=noting),  # not taken into the record yet
        "proposal_make": lambda: proposal_make(
            item=noting, kind=Proposal.Kind.COUNTER, text="Toisin.", proposer=member
        ),
        "proposal_second": lambda: proposal_second(
            proposal=open_tabling, seconder=board.members[3]
        ),
        "discussion_close": lambda: discussion_close(item=noting),
        "vote_record": lambda: vote_record(
            item=noting,
            yes=open_tabling,
            no=None,
            ballots={p.pk: "yes" for p in board.seats},
        ),
        "decision_record": lambda: decision_record(
            item=matter, text="Toinen päätös.", decision_type=Types.REJECTED
        ),
        "dissent_record": lambda: dissent_record(item=matter, person=board.presenter),
        "minute_checkers_set": lambda: minute_checkers_set(
            item=board.checkers_item, checkers=board.members[2:4]
        ),
        "meeting_close": lambda: meeting_close(meeting=meeting, end=END),
        "meeting_update": lambda: meeting_update(
            meeting=Meeting.objects.get(pk=meeting.pk),
            start=MEETING_START,
            end=END + dt.timedelta(hours=1),
            place="Valtuustosali",
            status=Meeting.Status.MINUTES_CHECKED,
            chair=board.chair,
            secretary=board.secretary,
            presenter=board.presenter,
        ),
    }
    for name, write in writes.items():
        with pytest.raises(ValidationError):
            write()
        assert record_snapshot(meeting) == before, name


@pytest.mark.parametrize(
    "write",
    ["attendance_record", "speaking_turns_set", "disqualification_record", "meeting_update"],
)
def test_the_meetings_own_writes_name_the_lock(board, write):
    everyone_signs(board)
    member = board.members[2]
    call = {
        "attendance_record": lambda: attendance_record(
            meeting=board.meeting, person=member, capacity="member", present=False
        ),
        "speaking_turns_set": lambda: speaking_turns_set(item=board.matter, speakers=[member]),
        "disqualification_record": lambda: disqualification_record(
            item=board.matter, person=member, reason="Hallintolaki 28 §"
        ),
        "meeting_update": lambda: meeting_update(
            meeting=Meeting.objects.get(pk=board.meeting.pk),
            start=MEETING_START,
            end=END,
            place="Teams",
            status=Meeting.Status.MINUTES_CHECKED,
            chair=board.chair,
            secretary=board.secretary,
            presenter=board.presenter,
        ),
    }[write]

    with pytest.raises(ValidationError, match="locked"):
        call()


def test_a_change_before_the_lock_voids_the_signatures_given(board):
    checker, other_checker = board.members[:2]
    early = [sign(board, checker), sign(board, board.chair)]

    speaking_turns_set(item=board.matter, speakers=[board.members[3], board.presenter])

    for signature in early:
        signature.refresh_from_db()
        assert signature.void
    sign(board, other_checker)
    sign(board, board.secretary)
    assert not locked(board)  # the first two approved another text
    approved = {s.person for s in minutes_signers(meeting=board.meeting) if s.approved}
    assert approved == {other_checker, board.secretary}

    sign(board, checker)
    assert not locked(board)
    sign(board, board.chair)
    assert locked(board)


@pytest.mark.parametrize("change", ["attendance", "decision", "disqualification"])
def test_every_kind_of_change_voids_the_signatures(board, change):
    sign(board, board.members[0])
    if change == "attendance":
        attendance_record(
            meeting=board.meeting,
            person=board.members[3],
            capacity="member",
            present_until=board.noting,
        )
    elif change == "decision":
        decision_record(item=board.noting, text="Merkittiin tiedoksi.", decision_type=Types.NOTED)
    else:
        disqualification_record(item=board.noting, person=board.members[3], reason="HL 28 §")

    assert not Signature.objects.filter(void=False).exists()
    # The voiding is in the audit trail.
    assert Signature.history.filter(void=True).exists()


def test_a_refused_change_leaves_the_signatures_in_force(board):
    signature = sign(board, board.members[0])

    with pytest.raises(ValidationError):
        decision_record(item=board.noting, text="  ", decision_type=Types.NOTED)
    with pytest.raises(ValidationError):
        disqualification_record(item=board.noting, person=board.members[3], reason="")

    signature.refresh_from_db()
    assert not signature.void


def test_a_change_of_the_meeting_before_the_lock_voids_the_signatures(board):
    sign(board, board.members[0])

    meeting_update(
        meeting=Meeting.objects.get(pk=board.meeting.pk),
        start=MEETING_START,
        end=END + dt.timedelta(hours=1),
        place="Valtuustosali",
        status=Meeting.Status.HELD,
        chair=board.chair,
        secretary=board.secretary,
        presenter=board.presenter,
    )

    assert not Signature.objects.filter(void=False).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a second connection that can wait on a lock"
)
@pytest.mark.django_db(transaction=True)
def test_a_change_racing_the_last_signature_waits_for_it_and_is_refused():
    """The last approval and a change of the record at the same moment: the change waits for
    the lock on the body that the signing holds, then finds the minutes locked."""
    board = held_meeting()
    for person in signers_of(board)[:-1]:
        sign(board, person)
    signed = threading.Event()
    failures = []

    def sign_last_and_hold():
        try:
            with transaction.atomic():
                minutes_sign(
                    meeting=Meeting.objects.get(pk=board.meeting.pk),
                    person=board.secretary,
                    verdict=APPROVED,
                )
                signed.set()
                # Hold the transaction open while the other connection tries its change.
                threading.Event().wait(0.5)
        except Exception as error:  # pragma: no cover - reported below
            failures.append(error)
            signed.set()
        finally:
            connection.close()

    signer = threading.Thread(target=sign_last_and_hold)
    signer.start()
    assert signed.wait(10)
    try:
        with pytest.raises(ValidationError, match="locked"):
            attendance_record(
                meeting=board.meeting, person=board.members[3], capacity="member", present=False
            )
    finally:
        signer.join(10)
    assert not failures
    assert locked(board)
    assert Attendance.objects.get(meeting=board.meeting, person=board.members[3]).present
    assert Signature.objects.filter(void=False).count() == 4


# Publishing and the appeal period --------------------------------------------------------------


def lock_on(board, day):
    """Lock the minutes, then date the lock to `day` (the meeting is from 2025, the lock would
    otherwise carry today's date)."""
    everyone_signs(board)
    Meeting.objects.filter(pk=board.meeting.pk).update(
        minutes_locked_at=helsinki_datetime(day.year, day.month, day.day, 12)
    )
    board.meeting.refresh_from_db()


def test_only_locked_minutes_are_published(board):
    with pytest.raises(ValidationError, match="checked and locked"):
        minutes_publish(meeting=board.meeting, published_on=dt.date(2025, 12, 3))
    board.meeting.refresh_from_db()
    assert board.meeting.minutes_published_on is None
    assert minutes_appeal_period(meeting=board.meeting) is None


def test_publishing_sets_the_appeal_period(board):
    lock_on(board, dt.date(2025, 12, 2))
    assert minutes_appeal_period(meeting=board.meeting) is None

    meeting = minutes_publish(meeting=board.meeting, published_on=dt.date(2025, 12, 3))

    assert meeting.status == Meeting.Status.PUBLISHED
    assert meeting.minutes_published_on == dt.date(2025, 12, 3)
    period = minutes_appeal_period(meeting=meeting)
    assert period is not None
    assert period.published == dt.date(2025, 12, 3)
    assert period.notified == dt.date(2025, 12, 10)  # + 7
    # + 21 is Wednesday 24.12. (Christmas Eve), then Christmas, Boxing Day and a weekend.
    assert period.appeal_ends == dt.date(2025, 12, 29)
    assert period == appeal_period(published=dt.date(2025, 12, 3))
    with pytest.raises(ValidationError, match="already been published"):
        minutes_publish(meeting=meeting, published_on=dt.date(2025, 12, 4))


def test_an_ordinary_appeal_period_is_three_weeks(board):
    lock_on(board, dt.date(2025, 11, 28))
    minutes_publish(meeting=board.meeting, published_on=dt.date(2025, 12, 1))

    period = minutes_appeal_period(meeting=Meeting.objects.get(pk=board.meeting.pk))

    assert (period.notified, period.appeal_ends) == (dt.date(2025, 12, 8), dt.date(2025, 12, 22))


def test_minutes_are_not_published_before_they_were_checked(board):
    lock_on(board, dt.date(2025, 12, 2))

    with pytest.raises(ValidationError, match="before they were checked"):
        minutes_publish(meeting=board.meeting, published_on=dt.date(2025, 12, 1))
    board.meeting.refresh_from_db()
    assert board.meeting.status == Meeting.Status.MINUTES_CHECKED


def test_published_minutes_stay_locked(board):
    lock_on(board, dt.date(2025, 12, 2))
    minutes_publish(meeting=board.meeting, published_on=dt.date(2025, 12, 3))

    with pytest.raises(ValidationError, match="locked"):
        speaking_turns_set(item=board.matter, speakers=[board.members[0]])
    with pytest.raises(ValidationError):
        decision_record(item=board.matter, text="Uusi.", decision_type=Types.NOTED)


# Corrections -----------------------------------------------------------------------------------


def test_a_correction_needs_the_lock(board):
    with pytest.raises(ValidationError, match="not locked yet"):
        correction_record(meeting=board.meeting, reason="Kirjoitusvirhe.", text="4–1")
    assert not Correction.objects.exists()


def test_a_correction_is_dated_and_reasoned_and_the_minutes_stay(board):
    everyone_signs(board)
    user = UserFactory()
    decision = AgendaItem.objects.get(pk=board.matter.pk).decision

    for reason, text in (("", "Äänestystulos 4–1."), ("Kirjoitusvirhe.", " ")):
        with pytest.raises(ValidationError, match="reason"):
            correction_record(meeting=board.meeting, reason=reason, text=text, item=board.matter)
    other = board_meeting(members=1)
    with pytest.raises(ValidationError, match="same meeting"):
        correction_record(meeting=board.meeting, reason="R.", text="T.", item=other.matter)
    assert not Correction.objects.exists()

    correction = correction_record(
        meeting=board.meeting,
        item=board.matter,
        reason=" Kirjoitusvirhe äänestystuloksessa. ",
        text="Äänestystulos oli 4–1.",
        user=user,
    )
    dated = correction_record(
        meeting=board.meeting,
        reason="Liitteen numero.",
        text="Liite 2, ei liite 3.",
        corrected_on=dt.date(2025, 12, 5),
    )

    assert correction.corrected_on == timezone.localdate()
    assert (correction.reason, correction.made_by) == ("Kirjoitusvirhe äänestystuloksessa.", user)
    assert dated.corrected_on == dt.date(2025, 12, 5) and dated.agenda_item is None
    assert list(board.matter.corrections.all()) == [correction]
    assert AgendaItem.objects.get(pk=board.matter.pk).decision == decision
    assert locked(board)
    assert correction.history.count() == 1


# The audit trail -------------------------------------------------------------------------------


def test_changes_to_the_record_leave_history():
    board = board_meeting(members=4)
    item = board.matter
    base = proposal_base(item=item)
    counter = proposal_make(
        item=item,
        kind=Proposal.Kind.COUNTER,
        text="Palautetaan.",
        proposer=board.members[0],
        seconder=board.members[1],
    )
    vote = vote_record(item=item, yes=base, no=counter, ballots={p.pk: "yes" for p in board.seats})
    decision_record(item=item, text="Ensimmäinen.", decision_type=Types.ADOPTED_AFTER_VOTE)
    decision_record(item=item, text="Korjattu.", decision_type=Types.ADOPTED_AFTER_VOTE)

    history = item.history.order_by("history_date", "history_id")
    decisions = [h.decision for h in history]
    assert decisions[-3:] == ["", "Ensimmäinen.", "Korjattu."]
    assert history.last().history_type == "~"
    assert history.last().history_user is None  # a service call outside a request
    assert Vote.history.filter(id=vote.pk).count() == 1
    assert Ballot.history.filter(vote_id=vote.pk).count() == len(board.seats)
    states = [h.state for h in base.history.order_by("history_date", "history_id")]
    assert states == [Proposal.State.OPEN, Proposal.State.ADOPTED]
    assert counter.history.filter(state=Proposal.State.REJECTED).exists()


def test_a_change_made_in_a_request_names_its_user():
    """HistoryRequestMiddleware (in settings.MIDDLEWARE) gives the history row the signed-in
    user of the request that made the change."""
    board = board_meeting(members=2)
    user = UserFactory()
    request = RequestFactory().post("/")
    request.user = user

    def view(request):
        decision_record(item=board.noting, text="Merkittiin.", decision_type=Types.NOTED)
        return None

    HistoryRequestMiddleware(view)(request)

    latest = board.noting.history.latest("history_date")
    assert (latest.decision, latest.history_user) == ("Merkittiin.", user)

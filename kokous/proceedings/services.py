"""Writes for what happens to an item at the meeting (DOMAIN.md item 4): proposals and
seconding, the voting rule, the decision and dissents, the minute checkers, closing the meeting.

The voting rule lives here and nowhere else: `vote_record` checks who may vote, counts, and
decides a tie by the chair's vote.
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import override

from kokous.meetings.models import AgendaItem, Meeting
from kokous.meetings.services import record_change_check, voters_at
from kokous.organisations.models import Body, Person
from kokous.proceedings.models import Ballot, Dissent, Proposal, Vote

# A meeting's record is written live once the invitation has been sent, and afterwards until the
# minutes are checked (the lock is checked by record_change_check).
RECORDABLE_STATUSES = frozenset({Meeting.Status.INVITATION_SENT, Meeting.Status.HELD})

# Decision types that adopt a proposal.
ADOPTING_TYPES = frozenset(
    {
        AgendaItem.DecisionType.ADOPTED_AS_PROPOSED,
        AgendaItem.DecisionType.ADOPTED_AFTER_VOTE,
        AgendaItem.DecisionType.ADOPTED_AMENDED,
        AgendaItem.DecisionType.NOTED,
        AgendaItem.DecisionType.ELECTION,
    }
)


def _item_lock(item: AgendaItem) -> AgendaItem:
    """Lock the body (one writer of a meeting's record at a time), check that the record may
    change, and return the item fresh from the database."""
    Body.objects.select_for_update().get(pk=item.meeting.body_id)
    fresh = AgendaItem.objects.select_related("meeting", "meeting__body").get(pk=item.pk)
    if fresh.meeting.minutes_locked_at is not None:
        record_change_check(meeting=fresh.meeting)  # refuses: the minutes are locked
    if fresh.meeting.status not in RECORDABLE_STATUSES:
        raise ValidationError(
            _(
                "The record of a meeting is written between the invitation and the checking "
                "of its minutes; this meeting is %(status)s."
            )
            % {"status": fresh.meeting.get_status_display()}
        )
    record_change_check(meeting=fresh.meeting)
    return fresh


def _voter_ids(item: AgendaItem) -> set[int]:
    voters, _seats = voters_at(meeting=item.meeting, item=item)
    return {voter.person_id for voter in voters}


def _next_position(queryset: object, field: str = "position") -> int:
    return (queryset.aggregate(Max(field))[f"{field}__max"] or 0) + 1  # type: ignore[attr-defined]


@transaction.atomic
def proposal_base(*, item: AgendaItem) -> Proposal:
    """The presenter's proposal as it stands at the meeting: taken from the agenda into the
    record the first time it is needed, which is a change of the record like any other (refused
    once the minutes are locked)."""
    base = item.proposals.filter(kind=Proposal.Kind.BASE).first()
    if base is not None:
        return base
    return _proposal_base(_item_lock(item))


def _proposal_base(item: AgendaItem) -> Proposal:
    """`proposal_base` for callers that already hold `_item_lock`."""
    base = item.proposals.filter(kind=Proposal.Kind.BASE).first()
    if base is not None:
        return base
    if not item.proposal.strip():
        raise ValidationError(_("The item has no presenter's proposal."))
    return Proposal.objects.create(
        agenda_item=item,
        position=_next_position(item.proposals),
        kind=Proposal.Kind.BASE,
        text=item.proposal,
        proposer=item.presenter,
    )


@transaction.atomic
def proposal_base_amend(*, item: AgendaItem, text: str) -> Proposal:
    """The presenter amends the proposal at the meeting (before any vote on it)."""
    item = _item_lock(item)
    if not text.strip():
        raise ValidationError(_("The amended proposal cannot be empty."))
    base = _proposal_base(item)
    if base.state != Proposal.State.OPEN or item.votes.exists():
        raise ValidationError(_("The proposal can be amended only before it is voted on."))
    base.text = text
    base.amended = True
    base.save(update_fields=["text", "amended", "modified_at"])
    return base


@transaction.atomic
def proposal_base_withdraw(*, item: AgendaItem) -> Proposal:
    """The presenter withdraws the proposal: the matter cannot be decided at this meeting, and
    the item is removed from the agenda."""
    item = _item_lock(item)
    base = _proposal_base(item)
    if base.state != Proposal.State.OPEN or item.votes.exists():
        raise ValidationError(_("The proposal can be withdrawn only before it is voted on."))
    base.state = Proposal.State.WITHDRAWN
    base.save(update_fields=["state", "modified_at"])
    return base


@transaction.atomic
def proposal_make(
    *,
    item: AgendaItem,
    kind: str,
    text: str,
    proposer: Person,
    seconder: Person | None = None,
) -> Proposal:
    """A counter-proposal or a motion to table or return, made in the discussion by a member
    present with a vote at this item; it needs a seconder to be voted on."""
    item = _item_lock(item)
    if kind not in {Proposal.Kind.COUNTER, *Proposal.MOTIONS}:
        raise ValidationError(_("Choose a counter-proposal, a motion to table or to return."))
    if not text.strip():
        raise ValidationError(_("Write the proposal."))
    voters = _voter_ids(item)
    if proposer.pk not in voters:
        raise ValidationError(
            _("%(person)s has no vote at this item and cannot make a proposal.")
            % {"person": proposer}
        )
    if seconder is not None and seconder.pk not in voters:
        raise ValidationError(
            _("%(person)s has no vote at this item and cannot second.") % {"person": seconder}
        )
    if kind == Proposal.Kind.COUNTER:
        _proposal_base(item)  # the base proposal is what a counter-proposal is set against
    proposal = Proposal(
        agenda_item=item,
        position=_next_position(item.proposals),
        kind=kind,
        text=text.strip(),
        proposer=proposer,
        seconder=seconder,
    )
    proposal.full_clean()
    proposal.save()
    return proposal


@transaction.atomic
def proposal_second(*, proposal: Proposal, seconder: Person) -> Proposal:
    """Record the seconder (kannattaja) of a proposal."""
    item = _item_lock(proposal.agenda_item)
    proposal.refresh_from_db()
    if proposal.kind == Proposal.Kind.BASE:
        raise ValidationError(_("The presenter's proposal needs no seconder."))
    if proposal.state != Proposal.State.OPEN:
        raise ValidationError(_("Only an open proposal can be seconded."))
    if seconder.pk not in _voter_ids(item):
        raise ValidationError(
            _("%(person)s has no vote at this item and cannot second.") % {"person": seconder}
        )
    proposal.seconder = seconder
    proposal.full_clean()
    proposal.save(update_fields=["seconder", "modified_at"])
    return proposal


@transaction.atomic
def discussion_close(*, item: AgendaItem) -> list[Proposal]:
    """Close the discussion: every proposal without a seconder lapses and is recorded so."""
    item = _item_lock(item)
    lapsed = list(
        item.proposals.filter(state=Proposal.State.OPEN, seconder__isnull=True).exclude(
            kind=Proposal.Kind.BASE
        )
    )
    for proposal in lapsed:
        proposal.state = Proposal.State.LAPSED
        proposal.save(update_fields=["state", "modified_at"])
    return lapsed


@transaction.atomic
def vote_record(
    *,
    item: AgendaItem,
    yes: Proposal,
    no: Proposal | None,
    ballots: Mapping[int, str],
) -> Vote:
    """Record a vote by name: `yes` (Jaa) against `no` (Ei), or a motion against continuing the
    handling (`no` None). `ballots` maps the person id of every member voting at this item to
    yes, no or blank.

    The rule: only open, seconded proposals are voted on; motions to table or return are
    decided before the matter itself; every seat filled at this item votes (a deputy for their
    member; someone who has left, is disqualified or holds no seat does not); the side with
    more votes wins and a tie is decided by the chair's vote. The losing proposal is rejected; an
    adopted motion ends the handling.
    """
    item = _item_lock(item)
    yes.refresh_from_db()
    if no is not None:
        no.refresh_from_db()
    for proposal in (yes, no):
        if proposal is None:
            continue
        if proposal.agenda_item_id != item.pk:
            raise ValidationError(_("Both proposals must belong to this item."))
        if proposal.state != Proposal.State.OPEN:
            raise ValidationError(
                _("%(proposal)s is %(state)s and cannot be voted on.")
                % {"proposal": proposal, "state": proposal.get_state_display()}
            )
        if proposal.kind != Proposal.Kind.BASE and proposal.seconder_id is None:
            raise ValidationError(
                _("%(proposal)s has not been seconded and is not voted on.")
                % {"proposal": proposal}
            )
    if no is not None and yes.pk == no.pk:
        raise ValidationError(_("A proposal cannot be voted against itself."))
    if item.proposals.filter(kind__in=Proposal.MOTIONS, state=Proposal.State.ADOPTED).exists():
        raise ValidationError(
            _("The item was tabled or returned for preparation: its handling has ended.")
        )
    is_motion_vote = yes.kind in Proposal.MOTIONS or (
        no is not None and no.kind in Proposal.MOTIONS
    )
    if no is None and yes.kind not in Proposal.MOTIONS:
        raise ValidationError(_("Only a motion is voted against continuing the handling."))
    if not is_motion_vote:
        pending = item.proposals.filter(
            kind__in=Proposal.MOTIONS, state=Proposal.State.OPEN, seconder__isnull=False
        )
        if pending.exists():
            raise ValidationError(
                _("A seconded motion to table or return is decided before the matter itself.")
            )
    voters, _seats = voters_at(meeting=item.meeting, item=item)
    by_person = {voter.person_id: voter for voter in voters}
    people = {p.pk: p for p in Person.objects.filter(pk__in=set(by_person) | set(ballots))}
    strangers = sorted(str(people[pk]) for pk in set(ballots) - set(by_person) if pk in people)
    if strangers or any(pk not in people for pk in ballots):
        raise ValidationError(
            _("Not voting at this item (absent, left, disqualified or without a seat): %(names)s.")
            % {"names": ", ".join(strangers) or _("unknown person")}
        )
    missing = sorted(str(people[pk]) for pk in set(by_person) - set(ballots))
    if missing:
        raise ValidationError(
            _("Every member present votes; record the vote of %(names)s.")
            % {"names": ", ".join(missing)}
        )
    if any(choice not in Ballot.Choice.values for choice in ballots.values()):
        raise ValidationError(_("A vote is yes, no or blank."))
    counts = {choice: 0 for choice in Ballot.Choice.values}
    for choice in ballots.values():
        counts[choice] += 1
    decided_by_chair = counts["yes"] == counts["no"]
    if decided_by_chair:
        chair_id = item.meeting.chair_id
        chair_choice = ballots.get(chair_id) if chair_id is not None else None
        if chair_choice not in {Ballot.Choice.YES, Ballot.Choice.NO}:
            raise ValidationError(
                _(
                    "The votes are tied and the chair's vote decides, but the chair has not "
                    "voted yes or no."
                )
            )
        yes_won = chair_choice == Ballot.Choice.YES
    else:
        yes_won = counts["yes"] > counts["no"]
    vote = Vote.objects.create(
        agenda_item=item,
        position=_next_position(item.votes),
        yes=yes,
        no=no,
        yes_count=counts["yes"],
        no_count=counts["no"],
        blank_count=counts["blank"],
        yes_won=yes_won,
        decided_by_chair=decided_by_chair,
    )
    # One by one rather than bulk_create, so that every ballot is in the audit trail.
    for pk, choice in ballots.items():
        Ballot.objects.create(
            vote=vote, person_id=pk, seat_holder_id=by_person[pk].seat_holder_id, choice=choice
        )
    winner, loser = (yes, no) if yes_won else (no, yes)
    if loser is not None:
        loser.state = Proposal.State.REJECTED
        loser.save(update_fields=["state", "modified_at"])
    if winner is not None and winner.kind in Proposal.MOTIONS:
        winner.state = Proposal.State.ADOPTED
        winner.save(update_fields=["state", "modified_at"])
    return vote


# --- The decision ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionSuggestion:
    text: str
    decision_type: str


# A proposal for noting opens with one of these verbs and says "tiedoksi" ("Merkitään tiedoksi
# ...", "Tuodaan tiedoksi ..."); the decision is then "Merkittiin tiedoksi".
NOTING_VERBS = frozenset({"merkitään", "tuodaan", "saatetaan", "annetaan"})


def _genitive(name: str) -> str:
    """A Finnish surname in the genitive, by the regular endings (Virtanen → Virtasen, Mattila
    → Mattilan, Carlson → Carlsonin). Names with consonant gradation (Kuokka → Kuokan) come out
    regular; the suggested text is edited where needed."""
    if name.endswith("nen"):
        return name[:-3] + "sen"
    if name[-1:].lower() in "aeiouyäö":
        return name + "n"
    return name + "in"


def decision_suggest(*, item: AgendaItem) -> DecisionSuggestion:
    """The decision text as the minutes would write it, from what happened to the item: an
    adopted motion, a withdrawn proposal, the result of the last vote, or the presenter's
    (possibly amended) proposal adopted without a vote. In Finnish, the language of the record."""
    types = AgendaItem.DecisionType
    proposals = list(item.proposals.all())
    motions = [p for p in proposals if p.kind in Proposal.MOTIONS and p.state == "adopted"]
    base = next((p for p in proposals if p.kind == Proposal.Kind.BASE), None)
    last_vote = item.votes.select_related("yes__proposer", "no__proposer").order_by("-position")
    vote = last_vote.first()
    with override("fi"):
        if motions and motions[0].kind == Proposal.Kind.TABLING:
            return DecisionSuggestion(_("The item was tabled."), types.TABLED)
        if motions:
            return DecisionSuggestion(_("The item was returned for preparation."), types.RETURNED)
        if base is not None and base.state == Proposal.State.WITHDRAWN:
            return DecisionSuggestion(
                _("The presenter withdrew the proposal. The item was removed from the agenda."),
                types.REMOVED,
            )
        if vote is not None and vote.yes.kind not in Proposal.MOTIONS:
            winner = vote.yes if vote.yes_won else vote.no
            assert winner is not None
            votes: dict[str, object] = {
                "for": vote.yes_count if vote.yes_won else vote.no_count,
                "against": vote.no_count if vote.yes_won else vote.yes_count,
            }
            if winner.kind == Proposal.Kind.BASE:
                text = _("The presenter's proposal was adopted by %(for)s votes to %(against)s.")
            else:
                assert winner.proposer is not None
                votes["name"] = _genitive(winner.proposer.last_name)
                text = _("%(name)s counter-proposal was adopted by %(for)s votes to %(against)s.")
            return DecisionSuggestion(text % votes, types.ADOPTED_AFTER_VOTE)
        if base is not None and base.amended:
            return DecisionSuggestion(
                _("The presenter's amended proposal was adopted."), types.ADOPTED_AMENDED
            )
        proposal_text = (base.text if base is not None else item.proposal).strip().lower()
        if proposal_text.split(" ", 1)[0] in NOTING_VERBS and "tiedoksi" in proposal_text:
            return DecisionSuggestion(_("Noted."), types.NOTED)
        return DecisionSuggestion(
            _("The presenter's proposal was adopted."), types.ADOPTED_AS_PROPOSED
        )


@transaction.atomic
def decision_record(
    *, item: AgendaItem, text: str, decision_type: str, changed_by: User | None = None
) -> AgendaItem:
    """Record the decision (its text, editable, and its structured type). An adopting decision
    marks the proposal still open as adopted."""
    item = _item_lock(item)
    if not text.strip():
        raise ValidationError(_("Write the decision."))
    if decision_type not in AgendaItem.DecisionType.values:
        raise ValidationError(_("Choose the type of the decision."))
    item.decision = text.strip()
    item.decision_type = decision_type
    item.version += 1
    item.modified_by = changed_by
    item.save(update_fields=["decision", "decision_type", "version", "modified_by", "modified_at"])
    if decision_type in ADOPTING_TYPES:
        open_proposals = list(
            item.proposals.filter(state=Proposal.State.OPEN).exclude(kind__in=Proposal.MOTIONS)
        )
        if len(open_proposals) == 1:
            # Saved, not updated in bulk, so that the audit trail records the adoption.
            adopted = open_proposals[0]
            adopted.state = Proposal.State.ADOPTED
            adopted.save(update_fields=["state", "modified_at"])
    return item


@transaction.atomic
def dissent_record(*, item: AgendaItem, person: Person, reason: str = "") -> Dissent:
    """Record a dissent (eriävä mielipide). Only someone who voted against the decision at this
    item, or the presenter, may leave one."""
    item = _item_lock(item)
    voted_against = Ballot.objects.filter(vote__agenda_item=item, person=person).filter(
        vote__yes_won=True, choice=Ballot.Choice.NO
    ) | Ballot.objects.filter(vote__agenda_item=item, person=person).filter(
        vote__yes_won=False, choice=Ballot.Choice.YES
    )
    if person.pk != item.presenter_id and not voted_against.exists():
        raise ValidationError(
            _("Only someone who voted against the decision, or the presenter, may dissent.")
        )
    dissent, _created = Dissent.objects.update_or_create(
        agenda_item=item, person=person, defaults={"reason": reason.strip()}
    )
    return dissent


@transaction.atomic
def minute_checkers_set(*, item: AgendaItem, checkers: Sequence[Person]) -> Meeting:
    """Store the two minute checkers elected at `item` (the third item, by custom); they must
    be members present at it."""
    item = _item_lock(item)
    if len({p.pk for p in checkers}) != 2:
        raise ValidationError(_("Elect two different minute checkers."))
    present = _voter_ids(item)
    absent = [str(p) for p in checkers if p.pk not in present]
    if absent:
        raise ValidationError(
            _("A minute checker must be a member present at the meeting: %(names)s.")
            % {"names": ", ".join(absent)}
        )
    item.meeting.minute_checkers.set(checkers)
    return item.meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, end: dt.datetime) -> Meeting:
    """The chair closes the meeting: its end time is recorded and it becomes held. Every item
    with a presenter's proposal must have a decision by then (an item without one, such as
    "Muut asiat" used for information, may have none)."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    meeting.refresh_from_db()
    if meeting.status != Meeting.Status.INVITATION_SENT:
        raise ValidationError(_("Only a meeting whose invitation was sent can be closed."))
    record_change_check(meeting=meeting)
    if end.tzinfo is None or end <= meeting.start:
        raise ValidationError(_("The meeting must end after it starts."))
    undecided = [
        f"§ {i.section_number}" for i in meeting.items.filter(decision="").exclude(proposal="")
    ]
    if undecided:
        raise ValidationError(
            _("These items have no decision yet: %(items)s.") % {"items": ", ".join(undecided)}
        )
    meeting.end = end
    meeting.status = Meeting.Status.HELD
    meeting.version += 1
    meeting.save(update_fields=["end", "status", "version", "modified_at"])
    return meeting

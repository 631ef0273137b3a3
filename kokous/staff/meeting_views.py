"""The staff workspace during and after the meeting: attendance, handling each item (speakers,
proposals, votes by name, the decision), closing the meeting, and checking, signing and
publishing the minutes. Thin views over `kokous.proceedings` and `kokous.minutes`."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kokous.core.timeutil import HELSINKI, local_date
from kokous.invitations.selectors import invitation_timeliness
from kokous.meetings import services as meeting_services
from kokous.meetings.models import AgendaItem, Attendance, Meeting
from kokous.minutes import services as minutes_services
from kokous.minutes.models import Signature
from kokous.organisations.models import Membership, Person
from kokous.organisations.selectors import body_memberships_at
from kokous.proceedings import services as proceedings
from kokous.proceedings.models import Ballot, Proposal
from kokous.staff import access as rules
from kokous.staff.views import _item_or_404, _meeting_or_404

# The capacity in which a role of the body attends.
CAPACITY_OF_ROLE = {
    Membership.Role.CHAIR: Attendance.Capacity.MEMBER,
    Membership.Role.VICE_CHAIR: Attendance.Capacity.MEMBER,
    Membership.Role.MEMBER: Attendance.Capacity.MEMBER,
    Membership.Role.REPRESENTATIVE: Attendance.Capacity.REPRESENTATIVE,
    Membership.Role.DEPUTY: Attendance.Capacity.DEPUTY,
    Membership.Role.PRESENTER: Attendance.Capacity.PRESENTER,
    Membership.Role.SECRETARY: Attendance.Capacity.SECRETARY,
    Membership.Role.EXPERT: Attendance.Capacity.EXPERT,
    Membership.Role.INVITED: Attendance.Capacity.INVITED,
}


# Who may be added to a meeting without a role in the body.
GUEST_CAPACITIES = [
    (value, label)
    for value, label in Attendance.Capacity.choices
    if value in {Attendance.Capacity.EXPERT, Attendance.Capacity.INVITED, Attendance.Capacity.OTHER}
]


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _pk(value: str | None) -> int | None:
    """A primary key as posted; None for anything else (text, a number no key can be)."""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


def _text(post: QueryDict, name: str) -> str:
    """Free text of the record as posted, without NUL bytes: no one types them, and PostgreSQL
    refuses them (the forms' CharField says so; these views read the post directly)."""
    return post.get(name, "").replace("\x00", "")


def _item_chosen(items: dict[int, AgendaItem], value: str | None) -> AgendaItem | None:
    """The item chosen from a list of the meeting's items (none for the empty choice)."""
    if not value:
        return None
    pk = _pk(value)
    if pk is None:
        raise ValidationError(_("Not valid."))
    return items.get(pk)


def _person(pk: str | None) -> Person | None:
    if not pk:
        return None
    try:
        return Person.objects.get(pk=int(pk))
    except (ValueError, Person.DoesNotExist):
        return None


@login_required
@require_GET
def meeting_run(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting room: legality and quorum, the items and where each stands."""
    meeting = _meeting_or_404(pk)
    access = rules.require_read_meeting(request, meeting)
    items = list(meeting.items.order_by("position"))
    return render(
        request,
        "staff/run.html",
        {
            "meeting": meeting,
            "items": [
                {
                    "item": item,
                    "quorum": meeting_services.quorum_evaluate(meeting=meeting, item=item),
                }
                for item in items
            ],
            "quorum": meeting_services.quorum_evaluate(meeting=meeting),
            "timeliness": invitation_timeliness(meeting=meeting),
            "can_manage": access.manages_meeting(meeting),
            "recordable": meeting.status in proceedings.RECORDABLE_STATUSES
            and meeting.minutes_locked_at is None,
        },
    )


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who is present, in which capacity, and from which item to which."""
    meeting = _meeting_or_404(pk)
    rules.require_manage_meeting(request, meeting)
    items = list(meeting.items.order_by("position"))
    memberships = list(body_memberships_at(body=meeting.body, date=local_date(meeting.start)))
    recorded = {a.person_id: a for a in meeting.attendances.select_related("person")}
    people: dict[int, dict[str, Any]] = {}
    for index, membership in enumerate(memberships):
        row = people.setdefault(
            membership.person_id,
            {
                "person": membership.person,
                "capacity": CAPACITY_OF_ROLE[membership.role],
                "deputy_for": membership.deputy_for.person if membership.deputy_for else None,
                "represents": membership.represents,
                "position": index + 1,
            },
        )
        row.setdefault("roles", []).append(membership.get_role_display())
    for officer in (meeting.chair, meeting.secretary, meeting.presenter):
        if officer is not None and officer.pk not in people:
            people[officer.pk] = {
                "person": officer,
                "capacity": Attendance.Capacity.OTHER,
                "deputy_for": None,
                "represents": "",
                "position": len(people) + 1,
                "roles": [],
            }
    for person_id, attendance_row in recorded.items():
        if person_id not in people:  # a guest recorded earlier
            people[person_id] = {
                "person": attendance_row.person,
                "capacity": attendance_row.capacity,
                "deputy_for": attendance_row.deputy_for,
                "represents": attendance_row.represents,
                "position": attendance_row.position or len(people) + 1,
                "roles": [],
            }
    for person_id, row in people.items():
        row["attendance"] = recorded.get(person_id)
        if row["attendance"] is not None:
            row["capacity"] = row["attendance"].capacity
    if request.method == "POST":
        try:
            _attendance_save(request, meeting, people, items)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("staff:meeting_run", pk=meeting.pk)
    return render(
        request,
        "staff/attendance.html",
        {
            "meeting": meeting,
            "rows": list(people.values()),
            "items": items,
            "capacities": [
                (value, label)
                for value, label in Attendance.Capacity.choices
                if value != Attendance.Capacity.DEPUTY
            ],
            "guest_capacities": GUEST_CAPACITIES,
            "everyone": Person.objects.exclude(pk__in=list(people)).order_by(
                "last_name", "first_name"
            ),
        },
    )


def _attendance_save(
    request: HttpRequest, meeting: Meeting, people: dict[int, dict[str, Any]], items: list[Any]
) -> None:
    by_id = {item.pk: item for item in items}
    with transaction.atomic():
        for person_id, row in people.items():
            state = request.POST.get(f"present-{person_id}", "")
            if state == "" and row["attendance"] is None:
                continue  # not marked
            from_item = _item_chosen(by_id, request.POST.get(f"from-{person_id}"))
            until_item = _item_chosen(by_id, request.POST.get(f"until-{person_id}"))
            capacity = row["capacity"]
            if capacity != Attendance.Capacity.DEPUTY:
                capacity = request.POST.get(f"capacity-{person_id}") or capacity
            meeting_services.attendance_record(
                meeting=meeting,
                person=row["person"],
                capacity=capacity,
                present=state == "present",
                deputy_for=row["deputy_for"],
                represents=row["represents"],
                present_from=from_item,
                present_until=until_item,
                position=row["position"],
            )
        guest = _person(request.POST.get("guest"))
        if guest is not None:
            capacity = request.POST.get("guest_capacity", "")
            if capacity not in dict(GUEST_CAPACITIES):
                raise ValidationError(_("Choose the capacity in which the guest attends."))
            meeting_services.attendance_record(
                meeting=meeting,
                person=guest,
                capacity=capacity,
                present=True,
                represents=_text(request.POST, "guest_represents").strip(),
                position=len(people) + 1,
            )


@login_required
def item_handle(request: HttpRequest, pk: int) -> HttpResponse:
    """Handling one item at the meeting; each form posts an `action`."""
    item = _item_or_404(pk)
    meeting = item.meeting
    access = rules.require_read_meeting(request, meeting)
    can_manage = access.manages_meeting(meeting)
    if request.method == "POST":
        rules.require_manage_meeting(request, meeting)
        try:
            message = _handle_action(request, item)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            if message:
                messages.success(request, message)
        return redirect(reverse("staff:item_handle", kwargs={"pk": item.pk}) + "#handling")
    voters, _seats = meeting_services.voters_at(meeting=meeting, item=item)
    voter_people = {p.pk: p for p in Person.objects.filter(pk__in=[v.person_id for v in voters])}
    proposals = list(item.proposals.select_related("proposer", "seconder"))
    suggestion = proceedings.decision_suggest(item=item)
    return render(
        request,
        "staff/handle.html",
        {
            "item": item,
            "meeting": meeting,
            "can_manage": can_manage,
            "recordable": meeting.status in proceedings.RECORDABLE_STATUSES
            and meeting.minutes_locked_at is None,
            "quorum": meeting_services.quorum_evaluate(meeting=meeting, item=item),
            "voters": [
                {
                    "voter": v,
                    "person": voter_people[v.person_id],
                    "for_member": voter_people.get(v.seat_holder_id),
                }
                for v in voters
            ],  # fmt: skip
            "members_present": sorted(voter_people.values(), key=lambda p: p.last_name),
            "proposals": proposals,
            "open_proposals": [p for p in proposals if p.state == Proposal.State.OPEN],
            "votes": list(item.votes.prefetch_related("ballots__person")),
            "speakers": list(item.speaking_turns.select_related("person")),
            "disqualifications": list(item.disqualifications.select_related("person")),
            "dissents": list(item.dissents.select_related("person")),
            "people": list(
                Person.objects.filter(
                    pk__in=meeting.attendances.filter(present=True).values("person_id")
                ).order_by("last_name", "first_name")
            ),
            "suggestion": suggestion,
            "decision_types": AgendaItem.DecisionType.choices,
            "proposal_kinds": [
                (k, label) for k, label in Proposal.Kind.choices if k != Proposal.Kind.BASE
            ],
            "ballot_choices": Ballot.Choice.choices,
            "history": _item_history(item),
            "corrections": list(item.corrections.all()),
        },
    )


def _handle_action(request: HttpRequest, item: AgendaItem) -> str:
    post = request.POST
    action = post.get("action")
    if action == "speaker":
        speaker = _person(post.get("person"))
        if speaker is None:
            raise ValidationError(_("Choose the speaker."))
        speakers = [turn.person for turn in item.speaking_turns.select_related("person")]
        meeting_services.speaking_turns_set(item=item, speakers=[*speakers, speaker])
        return _("%(person)s took the floor.") % {"person": speaker}
    if action == "disqualification":
        person = _person(post.get("person"))
        if person is None:
            raise ValidationError(_("Choose the person."))
        meeting_services.disqualification_record(
            item=item, person=person, reason=_text(post, "reason")
        )
        return _("Disqualification recorded.")
    if action == "base":
        proceedings.proposal_base(item=item)
        return ""
    if action == "amend":
        proceedings.proposal_base_amend(item=item, text=_text(post, "text"))
        return _("The presenter's amended proposal recorded.")
    if action == "withdraw":
        proceedings.proposal_base_withdraw(item=item)
        return _("The proposal was withdrawn.")
    if action == "propose":
        proposer = _person(post.get("proposer"))
        if proposer is None:
            raise ValidationError(_("Choose who made the proposal."))
        proceedings.proposal_make(
            item=item,
            kind=post.get("kind", ""),
            text=_text(post, "text"),
            proposer=proposer,
            seconder=_person(post.get("seconder")),
        )
        return _("Proposal recorded.")
    if action == "second":
        proposal = get_object_or_404(Proposal, pk=_pk(post.get("proposal")), agenda_item=item)
        seconder = _person(post.get("seconder"))
        if seconder is None:
            raise ValidationError(_("Choose the seconder."))
        proceedings.proposal_second(proposal=proposal, seconder=seconder)
        return _("Seconding recorded.")
    if action == "close_discussion":
        lapsed = proceedings.discussion_close(item=item)
        return _("Discussion closed; %(count)s proposals lapsed for want of a seconder.") % {
            "count": len(lapsed)
        }
    if action == "vote":
        yes = get_object_or_404(Proposal, pk=_pk(post.get("yes")), agenda_item=item)
        no_pk = post.get("no")
        no = get_object_or_404(Proposal, pk=_pk(no_pk), agenda_item=item) if no_pk else None
        ballots: dict[int, str] = {}
        for key, value in post.items():
            if key.startswith("ballot-") and value:
                voter = _pk(key.removeprefix("ballot-"))
                if voter is None:
                    raise ValidationError(_("Not valid."))
                ballots[voter] = value
        vote = proceedings.vote_record(item=item, yes=yes, no=no, ballots=ballots)
        return _("Vote recorded: yes %(yes)s, no %(no)s, blank %(blank)s.") % {
            "yes": vote.yes_count,
            "no": vote.no_count,
            "blank": vote.blank_count,
        }
    if action == "decision":
        proceedings.decision_record(
            item=item,
            text=_text(post, "decision"),
            decision_type=post.get("decision_type", ""),
            changed_by=request.user,  # type: ignore[arg-type]
        )
        checkers = [p for p in (_person(v) for v in post.getlist("checkers")) if p is not None]
        if checkers:
            proceedings.minute_checkers_set(item=item, checkers=checkers)
        return _("Decision recorded.")
    if action == "dissent":
        person = _person(post.get("person"))
        if person is None:
            raise ValidationError(_("Choose the person."))
        proceedings.dissent_record(item=item, person=person, reason=_text(post, "reason"))
        return _("Dissent recorded.")
    raise ValidationError(_("Unknown action."))


def _item_history(item: AgendaItem) -> list[dict[str, Any]]:
    """The audit trail of the item and of what was recorded on it (proposals, votes, ballots,
    speakers, disqualifications, dissents): who saved what and when, newest first."""
    from kokous.meetings.models import Disqualification, SpeakingTurn
    from kokous.proceedings.models import Dissent, Vote

    sources = [
        item.history.all(),
        Proposal.history.filter(agenda_item_id=item.pk),
        Vote.history.filter(agenda_item_id=item.pk),
        Ballot.history.filter(vote__agenda_item_id=item.pk),
        SpeakingTurn.history.filter(agenda_item_id=item.pk),
        Disqualification.history.filter(agenda_item_id=item.pk),
        Dissent.history.filter(agenda_item_id=item.pk),
    ]
    records = sorted(
        (r for source in sources for r in source.select_related("history_user")[:100]),
        key=lambda r: r.history_date,
        reverse=True,
    )[:100]
    rows = []
    for record in records:
        fields: list[str] = []
        previous = record.prev_record if record.history_type == "~" else None
        if previous is not None:
            fields = [
                str(record.instance._meta.get_field(change.field).verbose_name)
                for change in record.diff_against(previous).changes
            ]
        rows.append(
            {
                "when": record.history_date,
                "who": record.history_user,
                "what": record.instance._meta.verbose_name,
                "type": record.get_history_type_display(),
                "fields": fields,
            }
        )
    return rows


@login_required
@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(pk)
    rules.require_manage_meeting(request, meeting)
    try:
        end_time = dt.time.fromisoformat(request.POST.get("end", ""))
    except ValueError:
        messages.error(request, _("Give the time the meeting ended, e.g. 13.08 as 13:08."))
        return redirect("staff:meeting_run", pk=meeting.pk)
    end = dt.datetime.combine(local_date(meeting.start), end_time, tzinfo=HELSINKI)
    try:
        proceedings.meeting_close(meeting=meeting, end=end)
    except ValidationError as exc:
        _refused(request, exc)
        return redirect("staff:meeting_run", pk=meeting.pk)
    messages.success(request, _("The meeting is closed. The minutes can now be checked."))
    return redirect("staff:minutes", pk=meeting.pk)


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes as assembled from the record, with the signatures, and for the secretary
    publication and corrections."""
    meeting = _meeting_or_404(pk)
    access = rules.require_read_meeting(request, meeting)
    person = getattr(request.user, "person", None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "sign":
                if person is None:
                    raise ValidationError(_("Your account is not linked to a person."))
                minutes_services.minutes_sign(
                    meeting=meeting,
                    person=person,
                    verdict=request.POST.get("verdict", ""),
                    comment=_text(request.POST, "comment"),
                    user=request.user,  # type: ignore[arg-type]
                )
                messages.success(request, _("Your signature has been recorded."))
            elif action == "publish":
                rules.require_manage_meeting(request, meeting)
                published_on = dt.date.fromisoformat(request.POST.get("published_on", ""))
                minutes_services.minutes_publish(meeting=meeting, published_on=published_on)
                messages.success(request, _("The minutes have been published."))
            elif action == "correct":
                rules.require_manage_meeting(request, meeting)
                item_pk = request.POST.get("item")
                minutes_services.correction_record(
                    meeting=meeting,
                    item=meeting.items.get(pk=item_pk) if item_pk else None,
                    reason=_text(request.POST, "reason"),
                    text=_text(request.POST, "text"),
                    user=request.user,  # type: ignore[arg-type]
                )
                messages.success(request, _("The correction has been recorded."))
        except (ValueError, AgendaItem.DoesNotExist):
            messages.error(request, _("Check the date and the item."))
        except ValidationError as exc:
            _refused(request, exc)
        return redirect("staff:minutes", pk=meeting.pk)
    meeting.refresh_from_db()
    signers = minutes_services.minutes_signers(meeting=meeting)
    me = next((s for s in signers if person is not None and s.person.pk == person.pk), None)
    return render(
        request,
        "staff/minutes.html",
        {
            "meeting": meeting,
            "items": list(
                meeting.items.order_by("position").prefetch_related(
                    "speaking_turns__person",
                    "votes__ballots__person",
                    "dissents__person",
                    "disqualifications__person",
                    "corrections",
                )
            ),  # fmt: skip
            "attendances": list(meeting.attendances.select_related("person", "deputy_for")),
            "checkers": list(meeting.minute_checkers.all()),
            "signers": signers,
            "me": me,
            "verdicts": Signature.Verdict.choices,
            "can_manage": access.manages_meeting(meeting),
            "appeal": minutes_services.minutes_appeal_period(meeting=meeting),
            "today": timezone.localdate(),
            "corrections": list(meeting.corrections.select_related("agenda_item")),
        },
    )

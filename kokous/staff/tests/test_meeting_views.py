"""Running a meeting through the workspace: attendance, a vote, decisions, closing, signing,
locking and publishing the minutes."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from kokous.core.deadlines import appeal_period
from kokous.core.timeutil import HELSINKI
from kokous.meetings.models import AgendaItem, Meeting
from kokous.meetings.services import agenda_item_add, meeting_create
from kokous.organisations.models import Membership
from kokous.organisations.tests.factories import (
    BodyFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from kokous.proceedings.models import Proposal


@pytest.fixture
def board(db):
    """A board of five with a chair, a secretary and a presenter who can sign in."""
    body = BodyFactory(name_fi="Aluehallitus")
    users = {}
    people = {}
    for key, role in (
        ("chair", Membership.Role.CHAIR),
        ("a", Membership.Role.MEMBER),
        ("b", Membership.Role.MEMBER),
        ("c", Membership.Role.MEMBER),
        ("d", Membership.Role.MEMBER),
        ("secretary", Membership.Role.SECRETARY),
        ("presenter", Membership.Role.PRESENTER),
    ):
        users[key] = UserFactory(username=key)
        people[key] = PersonFactory(user=users[key], last_name=f"Sukunimi{key.capitalize()}")
        MembershipFactory(body=body, person=people[key], role=role)
    start = timezone.now().astimezone(HELSINKI).replace(second=0, microsecond=0) - dt.timedelta(
        hours=1
    )
    meeting = meeting_create(
        body=body,
        start=start,
        place="Sali",
        chair=people["chair"],
        secretary=people["secretary"],
        presenter=people["presenter"],
    )
    agenda_item_add(
        meeting=meeting,
        title="Talousarvio",
        proposal="Hyväksytään talousarvio.",
        presenter=people["presenter"],
    )
    AgendaItem.objects.filter(meeting=meeting).update(ready=True)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.INVITATION_SENT)
    meeting.refresh_from_db()
    return {"body": body, "meeting": meeting, "users": users, "people": people}


def _post_handle(client, item, **data):
    response = client.post(reverse("staff:item_handle", kwargs={"pk": item.pk}), data)
    assert response.status_code == 302
    return client.get(response.headers["Location"])


def test_a_whole_meeting_from_attendance_to_published_minutes(board, client):
    meeting, people, users = board["meeting"], board["people"], board["users"]
    client.force_login(users["secretary"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    data = {f"present-{people[k].pk}": "present" for k in ("chair", "a", "b", "c", "secretary")}
    data[f"present-{people['d'].pk}"] = "absent"
    response = client.post(reverse("staff:attendance", kwargs={"pk": meeting.pk}), data)
    assert response.status_code == 302
    page = client.get(reverse("staff:meeting_run", kwargs={"pk": meeting.pk})).content.decode()
    assert "Quorate: 4 of 5 seats filled (3 needed)" in page

    items = list(meeting.items.order_by("position"))
    for item in items:
        if item.title == "Talousarvio":
            continue
        _post_handle(client, item, action="decision", decision="Todettiin.", decision_type="noted",
                     **({"checkers": [people["a"].pk, people["b"].pk]} if item.position == 3
                        else {}))  # fmt: skip
    budget = meeting.items.get(title="Talousarvio")
    _post_handle(client, budget, action="base")
    _post_handle(client, budget, action="speaker", person=people["a"].pk)
    _post_handle(
        client, budget, action="propose", kind="counter", text="Palautetaan menot 2026 tasolle.",
        proposer=people["a"].pk, seconder=people["b"].pk,
    )  # fmt: skip
    _post_handle(client, budget, action="propose", kind="counter", text="Ei kannatettu.",
                 proposer=people["c"].pk)  # fmt: skip
    _post_handle(client, budget, action="close_discussion")
    base = budget.proposals.get(kind=Proposal.Kind.BASE)
    counter = budget.proposals.get(text__startswith="Palautetaan")
    assert budget.proposals.get(text="Ei kannatettu.").state == Proposal.State.LAPSED
    ballots = {
        f"ballot-{people['chair'].pk}": "yes",
        f"ballot-{people['a'].pk}": "no",
        f"ballot-{people['b'].pk}": "no",
        f"ballot-{people['c'].pk}": "yes",
    }
    page = _post_handle(
        client, budget, action="vote", yes=base.pk, no=counter.pk, **ballots
    ).content.decode()
    assert "The votes were tied; the chair" in page
    assert "Hyväksyttiin äänin 2–2 esittelijän esitys." in page  # the suggested decision
    _post_handle(
        client, budget, action="decision", decision="Hyväksyttiin äänin 2–2 esittelijän esitys.",
        decision_type="adopted_after_vote",
    )  # fmt: skip
    _post_handle(client, budget, action="dissent", person=people["a"].pk, reason="Menot kasvavat.")
    history = client.get(reverse("staff:item_handle", kwargs={"pk": budget.pk})).content.decode()
    assert "decision" in history  # the audit trail names the changed field

    response = client.post(
        reverse("staff:meeting_close", kwargs={"pk": meeting.pk}), {"end": "23:59"}
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD, response

    for key in ("a", "b", "chair", "secretary"):
        client.force_login(users[key])
        client.post(
            reverse("staff:minutes", kwargs={"pk": meeting.pk}),
            {"action": "sign", "verdict": "approved"},
        )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_CHECKED
    assert meeting.minutes_locked_at is not None

    # Locked: the record no longer changes, whoever asks.
    client.force_login(users["secretary"])
    page = _post_handle(
        client, budget, action="decision", decision="Muutettu.", decision_type="rejected"
    ).content.decode()
    budget.refresh_from_db()
    assert budget.decision.startswith("Hyväksyttiin")
    assert "locked" in page

    today = timezone.localdate()
    client.post(
        reverse("staff:minutes", kwargs={"pk": meeting.pk}),
        {"action": "publish", "published_on": today.isoformat()},
    )
    page = client.get(reverse("staff:minutes", kwargs={"pk": meeting.pk})).content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    ends = appeal_period(published=today).appeal_ends
    with translation.override("en"):
        assert f'id="appeal-ends">{date_format(ends, "DATE_FORMAT")}' in page
    client.post(
        reverse("staff:minutes", kwargs={"pk": meeting.pk}),
        {"action": "correct", "item": budget.pk, "reason": "Kirjoitusvirhe",
         "text": "Äänet olivat 2–2."},
    )  # fmt: skip
    assert budget.corrections.get().reason == "Kirjoitusvirhe"


def test_a_member_can_read_but_not_record(board, client):
    meeting = board["meeting"]
    item = meeting.items.get(title="Talousarvio")
    client.force_login(board["users"]["a"])
    assert client.get(reverse("staff:item_handle", kwargs={"pk": item.pk})).status_code == 200
    response = client.post(
        reverse("staff:item_handle", kwargs={"pk": item.pk}),
        {"action": "decision", "decision": "X", "decision_type": "noted"},
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.decision == ""

"""`kokous demo --replay`: the demo secretary runs the 27.1.2022 meeting (seed 003) again in the
workspace and reaches locked, checked minutes with the same attendance and decisions."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kokous.demo.services import demo_load, demo_replay_meeting
from kokous.meetings.models import Meeting
from kokous.organisations.models import Person


def _record(meeting: Meeting) -> dict[str, object]:
    return {
        "attendance": sorted(
            (a.person.full_name, a.capacity, a.represents, a.present)
            for a in meeting.attendances.select_related("person")
        ),
        "decisions": list(
            meeting.items.order_by("position").values_list(
                "section_number", "decision", "decision_type"
            )
        ),
        "checkers": sorted(p.full_name for p in meeting.minute_checkers.all()),
        "speakers": [
            [t.person.full_name for t in item.speaking_turns.select_related("person")]
            for item in meeting.items.order_by("position")
        ],
    }


@pytest.mark.django_db
def test_the_seed_meeting_can_be_run_again_to_the_same_locked_minutes(demo, client: Client):
    meeting = Meeting.objects.get(body__slug="vate-poliittinen-seurantaryhma", number=1)
    assert meeting.minutes_locked_at is not None  # the seed minutes are a locked record
    seed = _record(meeting)

    meeting = demo_replay_meeting()
    assert meeting.status == Meeting.Status.INVITATION_SENT
    assert not meeting.attendances.exists() and not meeting.minute_checkers.exists()
    assert all(d == "" for _n, d, _t in _record(meeting)["decisions"])  # type: ignore[union-attr]

    people = {p.full_name: p for p in Person.objects.all()}
    client.login(username="sihteeri", password="kokous-demo")
    # Attendance as the minutes list it: every row of the attendance page, plus the guest.
    data: dict[str, object] = {}
    for name, capacity, represents, present in seed["attendance"]:  # type: ignore[union-attr]
        if name == "Ismo Korhonen":
            data.update(guest=people[name].pk, guest_capacity=capacity, guest_represents=represents)
            continue
        data[f"present-{people[name].pk}"] = "present" if present else "absent"
        data[f"capacity-{people[name].pk}"] = capacity
    response = client.post(reverse("staff:attendance", kwargs={"pk": meeting.pk}), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    items = list(meeting.items.order_by("position"))
    for item, (_number, decision, decision_type), speakers in zip(
        items,
        seed["decisions"],
        seed["speakers"],
        strict=True,  # type: ignore[call-overload]
    ):
        url = reverse("staff:item_handle", kwargs={"pk": item.pk})
        for speaker in speakers:
            client.post(url, {"action": "speaker", "person": people[speaker].pk})
        if not decision:
            continue
        post = {"action": "decision", "decision": decision, "decision_type": decision_type}
        if item.position == 3:
            post["checkers"] = [people[name].pk for name in seed["checkers"]]  # type: ignore[assignment,union-attr]
        assert client.post(url, post).status_code == 302
    client.post(reverse("staff:meeting_close", kwargs={"pk": meeting.pk}), {"end": "13:08"})
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD

    for username in ("jasen", "tarkastaja", "puheenjohtaja", "sihteeri"):
        client.login(username=username, password="kokous-demo")
        client.post(
            reverse("staff:minutes", kwargs={"pk": meeting.pk}),
            {"action": "sign", "verdict": "approved"},
        )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_CHECKED
    assert meeting.minutes_locked_at is not None
    assert _record(meeting) == seed

    # The next `kokous demo` (as `make run` does) puts the seed record back, and is then idle.
    call_command("demo", "--force", stdout=io.StringIO())
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PUBLISHED
    assert _record(meeting) == seed
    assert not demo_load().updated

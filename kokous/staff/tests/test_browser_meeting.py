"""A whole meeting in a real browser (Debian's Chromium): the secretary sends the invitation,
records attendance, handles every item (one with a counter-proposal and a vote by name),
closes the meeting; the checkers, the chair and the secretary sign, and the minutes lock.
Accessibility is checked on each kind of page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from kokous.core.tests.browser import axe_check
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
from kokous.proceedings.models import Ballot, Proposal

ROLES = {
    "puheenjohtaja": Membership.Role.CHAIR,
    "aino": Membership.Role.MEMBER,
    "bertta": Membership.Role.MEMBER,
    "cecilia": Membership.Role.MEMBER,
    "daniel": Membership.Role.MEMBER,
    "sihteeri": Membership.Role.SECRETARY,
}


def _sign_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "kokous-test")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))


@pytest.mark.django_db(transaction=True)
def test_a_meeting_from_invitation_to_locked_minutes(live_server, page: Page):
    body = BodyFactory(name_fi="Aluehallitus")
    people = {}
    for username, role in ROLES.items():
        people[username] = PersonFactory(
            user=UserFactory(username=username), last_name=username.capitalize()
        )
        MembershipFactory(body=body, person=people[username], role=role)
    day = timezone.now().astimezone(HELSINKI).date() + dt.timedelta(days=7)
    meeting = meeting_create(
        body=body,
        start=dt.datetime.combine(day, dt.time(10), tzinfo=HELSINKI),
        place="Valtuustosali",
        chair=people["puheenjohtaja"],
        secretary=people["sihteeri"],
        presenter=people["puheenjohtaja"],
    )
    agenda_item_add(meeting=meeting, title="Talousarvio 2027", proposal="Hyväksytään talousarvio.")
    AgendaItem.objects.filter(meeting=meeting).update(ready=True)
    base = live_server.url
    staff = f"{base}/staff/meetings/{meeting.pk}"

    _sign_in(page, base, "sihteeri")
    page.goto(f"{staff}/invitation/")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(f"{staff}/")

    # Attendance: everyone but Daniel.
    page.goto(f"{staff}/attendance/")
    axe_check(page)
    for username, person in people.items():
        state = "absent" if username == "daniel" else "present"
        page.check(f"input[name='present-{person.pk}'][value='{state}']")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(f"{staff}/run/")
    expect(page.locator("#quorum")).to_contain_text("4")
    axe_check(page)

    items = list(meeting.items.order_by("position"))
    for item in items:
        page.goto(f"{base}/staff/items/{item.pk}/handle/")
        if item.title == "Talousarvio 2027":
            page.locator("form:has(input[value=base]) button").click()
            page.select_option("#kind", "counter")
            page.fill("#proposal-text", "Menot pidetään vuoden 2026 tasolla.")
            page.select_option("#proposer", str(people["aino"].pk))
            page.select_option("#seconder", str(people["bertta"].pk))
            page.locator("#propose-form button").click()
            page.locator("form:has(input[value=close_discussion]) button").click()
            axe_check(page)
            votes = {"puheenjohtaja": "yes", "aino": "no", "bertta": "no", "cecilia": "no"}
            for username, choice in votes.items():
                page.check(f"input[name='ballot-{people[username].pk}'][value='{choice}']")
            page.locator("#vote-form button").click()
            expect(page.locator("table.vote")).to_contain_text("3")
            # The decision is pre-filled from the vote: the counter-proposal won 3–1.
            expect(page.locator("#decision")).to_have_value(re.compile("3.*1"))
            page.select_option("#decision-type", "adopted_after_vote")
            page.locator("#decision-form button").click()
            page.select_option("#dissent-person", str(people["puheenjohtaja"].pk))
            page.fill("#dissent-reason", "Talousarvio ei tasapainotu.")
            page.locator("form:has(input[value=dissent]) button").click()
            expect(page.locator("#handling")).to_contain_text("Talousarvio ei tasapainotu.")
            continue
        if item.position == 3:
            page.check(f"input[name=checkers][value='{people['aino'].pk}']")
            page.check(f"input[name=checkers][value='{people['bertta'].pk}']")
        page.locator("#decision-form button").click()
        expect(page.locator(".decision")).to_be_visible()

    page.goto(f"{staff}/run/")
    page.fill("#end", "12:15")
    page.locator("main form button.primary").click()
    expect(page).to_have_url(f"{staff}/minutes/")
    axe_check(page)

    for username in ("aino", "bertta", "puheenjohtaja", "sihteeri"):
        _sign_in(page, base, username)
        page.goto(f"{staff}/minutes/")
        page.locator("#sign-form button").click()
        expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("#sign-form")).to_have_count(0)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_CHECKED
    assert meeting.minutes_locked_at is not None
    assert set(meeting.minute_checkers.values_list("pk", flat=True)) == {
        people["aino"].pk,
        people["bertta"].pk,
    }
    budget = meeting.items.get(title="Talousarvio 2027")
    assert budget.decision_type == AgendaItem.DecisionType.ADOPTED_AFTER_VOTE
    vote = budget.votes.get()
    assert (vote.yes_count, vote.no_count, vote.blank_count, vote.yes_won) == (1, 3, 0, False)
    assert vote.ballots.get(person=people["aino"]).choice == Ballot.Choice.NO
    assert budget.proposals.get(kind=Proposal.Kind.COUNTER).state == Proposal.State.ADOPTED
    assert budget.proposals.get(kind=Proposal.Kind.BASE).state == Proposal.State.REJECTED
    # Locked: the record no longer offers any form to change it.
    page.goto(f"{base}/staff/items/{budget.pk}/handle/")
    expect(page.locator("#decision-form")).to_have_count(0)
    axe_check(page)

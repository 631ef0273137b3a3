"""`kokous bench-data` at a tiny scale: the counts asked for, a record that the domain's rules
(§ numbering, quorum, voting, deputies) accept, pages that render, and the refusals."""

import datetime as dt
import io
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils.html import escape

from kokous.cases.models import Case
from kokous.core.timeutil import local_date
from kokous.demo.benchdata import BENCH_CODE, bench_data_generate
from kokous.meetings.models import AgendaItem, Attendance, Meeting
from kokous.meetings.services import _section_numbers_renumber, quorum_evaluate, voters_at
from kokous.organisations.models import Body, Membership, Organisation, Person
from kokous.organisations.selectors import body_memberships_at
from kokous.proceedings.models import Ballot, Dissent, Proposal, Vote

pytestmark = pytest.mark.django_db

# A fixed day, so that which meetings are past does not depend on when the tests run.
TODAY = dt.date(2025, 11, 18)


@pytest.fixture
def bench():
    return bench_data_generate(years=1, bodies=2, seed=7, index=False, today=TODAY)


def _meetings(report):
    return Meeting.objects.filter(body__organisation=report.organisation)


def test_counts_come_out_as_requested(bench):
    meetings = _meetings(bench)
    assert meetings.count() == bench.counts["Meeting"] == 1 * 2 * 17
    items = AgendaItem.objects.filter(meeting__in=meetings)
    assert items.count() == bench.counts["AgendaItem"] == 34 * 15
    assert Body.objects.filter(organisation=bench.organisation).count() == 2
    assert bench.organisation.code == BENCH_CODE
    assert Vote.objects.filter(agenda_item__in=items).count() == bench.counts["Vote"] > 0
    assert items.exclude(case=None).values("case").distinct().count() == bench.counts["Case"]
    past = meetings.filter(start__lt=dt.datetime(2025, 11, 18, tzinfo=dt.UTC))
    assert past.count() > 20
    # Past minutes are published and locked, as the importer and the demo leave them.
    assert not past.exclude(status=Meeting.Status.PUBLISHED).exists()
    assert not past.filter(minutes_locked_at=None).exists()
    assert not past.filter(minutes_published_on=None).exists()
    assert not past.filter(minutes_published_on__gt=TODAY).exists()
    # A few meetings ahead, each body's next one with its agenda sent.
    future = meetings.exclude(pk__in=past)
    assert future.filter(status=Meeting.Status.INVITATION_SENT).count() >= 2
    assert not AgendaItem.objects.filter(meeting__in=future).exclude(decision="").exists()


def test_numbering_follows_the_rules(bench):
    by_body_year = defaultdict(list)
    for meeting in _meetings(bench).order_by("start", "pk"):
        assert meeting.year == local_date(meeting.start).year
        by_body_year[(meeting.body, meeting.year)].append(meeting)
    for (body, year), meetings in by_body_year.items():
        # Numbered in the year in date order, as meeting_create numbers them.
        assert [m.number for m in meetings] == list(range(1, len(meetings) + 1))
        stored = list(
            AgendaItem.objects.filter(meeting__in=meetings)
            .order_by("meeting__start", "meeting_id", "position")
            .values_list("pk", "section_number")
        )
        assert [number for _pk, number in stored] == list(range(1, len(stored) + 1))
        # The § rule itself: with every agenda of the year reopened, it renumbers nothing.
        with transaction.atomic():
            Meeting.objects.filter(pk__in=[m.pk for m in meetings]).update(
                status=Meeting.Status.PLANNED
            )
            _section_numbers_renumber(body=body, year=year)
            renumbered = dict(
                AgendaItem.objects.filter(meeting__in=meetings).values_list("pk", "section_number")
            )
            transaction.set_rollback(True)
        assert renumbered == dict(stored)
    for meeting in _meetings(bench)[:5]:
        items = list(meeting.items.order_by("position"))
        assert [i.position for i in items] == list(range(1, len(items) + 1))
        assert items[0].standard_place == "opening" and items[-1].standard_place == "closing"


def test_record_follows_the_rules(bench):
    meetings = _meetings(bench).filter(status=Meeting.Status.PUBLISHED)
    for meeting in meetings:
        assert quorum_evaluate(meeting=meeting).has_quorum, meeting
        voters = {v.person_id for v in voters_at(meeting=meeting)[0]}
        checkers = list(meeting.minute_checkers.all())
        assert len(checkers) == 2 and {p.pk for p in checkers} <= voters
        assert meeting.chair_id in voters
        checkers_item = meeting.items.get(title="Pöytäkirjantarkastajien valinta")
        assert all(person.full_name in checkers_item.decision for person in checkers)
        day = local_date(meeting.start)
        for deputy in meeting.attendances.filter(capacity=Attendance.Capacity.DEPUTY):
            assert (
                body_memberships_at(body=meeting.body, date=day, roles=[Membership.Role.DEPUTY])
                .filter(person=deputy.person, deputy_for__person=deputy.deputy_for)
                .exists()
            )
    votes = Vote.objects.filter(agenda_item__meeting__in=meetings).select_related(
        "agenda_item__meeting", "yes", "no"
    )
    assert votes
    for vote in votes:
        item = vote.agenda_item
        expected = {
            (v.person_id, v.seat_holder_id) for v in voters_at(meeting=item.meeting, item=item)[0]
        }
        ballots = list(vote.ballots.all())
        assert {(b.person_id, b.seat_holder_id) for b in ballots} == expected
        counts = {choice: sum(b.choice == choice for b in ballots) for choice in Ballot.Choice}
        assert (vote.yes_count, vote.no_count, vote.blank_count) == (
            counts[Ballot.Choice.YES], counts[Ballot.Choice.NO], counts[Ballot.Choice.BLANK]
        )  # fmt: skip
        assert vote.yes_won == (vote.yes_count > vote.no_count) and not vote.decided_by_chair
        winner, loser = (vote.yes, vote.no) if vote.yes_won else (vote.no, vote.yes)
        assert (winner.state, loser.state) == (Proposal.State.ADOPTED, Proposal.State.REJECTED)
        assert {vote.no.proposer_id, vote.no.seconder_id} <= {
            b.person_id for b in ballots if b.choice == Ballot.Choice.NO
        }
        assert item.decision_type == AgendaItem.DecisionType.ADOPTED_AFTER_VOTE
        assert f"{max(vote.yes_count, vote.no_count)}–{min(vote.yes_count, vote.no_count)}" in (
            item.decision
        )
        against = Ballot.Choice.NO if vote.yes_won else Ballot.Choice.YES
        for dissent in Dissent.objects.filter(agenda_item=item):
            assert vote.ballots.filter(person=dissent.person, choice=against).exists()


def test_public_pages_and_api_render(bench, client):
    meeting = Meeting.objects.get(pk=bench.sample_meeting_id)
    assert meeting.status == Meeting.Status.PUBLISHED
    voted = Vote.objects.filter(agenda_item__meeting__body__organisation=bench.organisation)
    voted_item = voted.first().agenda_item
    ahead = _meetings(bench).filter(status=Meeting.Status.INVITATION_SENT).first()
    item = meeting.items.filter(standard_place="").first()
    case = Case.objects.filter(agenda_items__meeting__status=Meeting.Status.PUBLISHED).first()
    for url, text in [
        (f"/meetings/{meeting.pk}/", item.title),
        (f"/meetings/{meeting.pk}/minutes/", meeting.minute_checkers.first().full_name),
        (f"/meetings/{voted_item.meeting_id}/minutes/", voted_item.title),
        (f"/items/{voted_item.pk}/", voted_item.title),
        (f"/items/{item.pk}/extract/", item.title),
        (f"/meetings/{ahead.pk}/", ahead.items.last().title),
        (f"/meetings/{ahead.pk}/agenda/", ahead.items.last().title),
        (f"/bodies/{meeting.body.slug}/", meeting.body.name_fi),
        (f"/cases/{case.pk}/", case.record_number),
        ("/decisions/", ""),
        ("/api/v1/meetings/", ""),
        (f"/api/v1/meetings/{meeting.pk}/", item.title),
        ("/api/v1/agenda-items/", ""),
        ("/api/v1/attachments/", ""),
    ]:
        response = client.get(url, HTTP_ACCEPT="application/json" if "/api/" in url else "*/*")
        assert response.status_code == 200, url
        content = response.content.decode()
        assert escape(text) in content or text in content, url


def test_search_index_finds_the_items(client):
    report = bench_data_generate(years=1, bodies=1, seed=3, index=True, today=TODAY)
    assert report.indexed > 0
    found = client.get("/api/v1/search/?q=kokous&type=item", HTTP_ACCEPT="application/json")
    assert found.status_code == 200
    assert found.json()["count"] > 0


def _run(**options):
    out = io.StringIO()
    call_command("bench-data", years=1, bodies=2, no_index=True, no_progress=True, force=True,
                 stdout=out, stderr=io.StringIO(), **options)  # fmt: skip
    return out.getvalue()


def test_command_refuses_a_second_run_and_replaces(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="KOKOUS_DEBUG is off"):
        call_command("bench-data", years=1, bodies=1, no_index=True, stdout=io.StringIO())
    output = _run()
    assert "meetings:" in output and "/minutes/" in output
    organisation = Organisation.objects.get(slug="bench")
    first = set(
        Meeting.objects.filter(body__organisation=organisation).values_list("pk", flat=True)
    )
    people = Person.objects.count()
    with pytest.raises(CommandError, match="already has data"):
        _run()
    assert set(Meeting.objects.values_list("pk", flat=True)) == first
    output = _run(replace=True)
    assert "deleted first" in output
    organisation = Organisation.objects.get(slug="bench")
    again = set(
        Meeting.objects.filter(body__organisation=organisation).values_list("pk", flat=True)
    )
    assert len(again) == len(first) and not again & first
    assert not Meeting.objects.filter(pk__in=first).exists()
    assert Person.objects.count() == people
    assert Organisation.objects.filter(code=BENCH_CODE).count() == 1


def test_command_never_touches_another_organisation():
    Organisation.objects.create(slug="kunta", name_fi="Kunta", kind="municipality", code="KUNTA")
    with pytest.raises(CommandError, match="not made by bench-data"):
        _run(organisation="kunta", replace=True)
    assert Organisation.objects.filter(slug="kunta", code="KUNTA").exists()
    assert not Body.objects.exists()

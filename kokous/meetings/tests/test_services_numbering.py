"""§ numbering: consecutive over the calendar year for each body, in meeting and agenda order.

The rule lives in `kokous.meetings.services` (`meeting_create`, `agenda_item_add`,
`agenda_item_remove`, `agenda_item_reorder`, `agenda_item_record`); these tests go through
those functions only, as every caller does.
"""

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from kokous.cases.tests.factories import CaseFactory
from kokous.core.timeutil import helsinki_datetime
from kokous.meetings.models import AgendaItem, Meeting, StandardItem
from kokous.meetings.services import (
    DEFAULT_CLOSING_ITEMS,
    DEFAULT_OPENING_ITEMS,
    agenda_item_add,
    agenda_item_record,
    agenda_item_remove,
    agenda_item_reorder,
    meeting_create,
    meeting_update,
)
from kokous.meetings.tests.factories import StandardItemFactory
from kokous.organisations.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

OPENING_TITLES = [title for title, _text, _proposal in DEFAULT_OPENING_ITEMS]
CLOSING_TITLES = [title for title, _text, _proposal in DEFAULT_CLOSING_ITEMS]
TEMPLATE_TITLES = OPENING_TITLES + CLOSING_TITLES


@pytest.fixture
def body():
    return BodyFactory(name_fi="Aluehallitus")


def meeting_at(body, month, day, hour=17, *, year=2022, **kwargs):
    return meeting_create(body=body, start=helsinki_datetime(year, month, day, hour), **kwargs)


def agenda(meeting):
    """(§, title) of the meeting's items in agenda order, read from the database."""
    return list(meeting.items.order_by("position").values_list("section_number", "title"))


def numbers(meeting):
    return [number for number, _title in agenda(meeting)]


def titles(meeting):
    return [title for _number, title in agenda(meeting)]


def positions(meeting):
    return list(meeting.items.order_by("position").values_list("position", flat=True))


def mark_sent(meeting):
    # No service sends invitations yet; the status is what freezes the agenda.
    meeting.status = Meeting.Status.INVITATION_SENT
    meeting.save(update_fields=["status"])


# The agenda template -------------------------------------------------------------------------


def test_new_meeting_gets_the_standard_opening_and_closing_items(body):
    meeting = meeting_at(body, 2, 14)

    assert agenda(meeting) == [
        (1, "Kokouksen avaus ja osallistujien toteaminen"),
        (2, "Laillisuus ja päätösvaltaisuus"),
        (3, "Pöytäkirjantarkastajien valinta"),
        (4, "Työjärjestyksen hyväksyminen"),
        (5, "Muut asiat"),
    ]
    assert positions(meeting) == [1, 2, 3, 4, 5]
    items = list(meeting.items.order_by("position"))
    assert [item.standard_place for item in items] == ["opening"] * 4 + ["closing"]
    assert items[1].proposal == "Todetaan kokouksen laillisuus ja päätösvaltaisuus."
    assert items[0].preparation_text == (
        "<p>Puheenjohtaja avaa kokouksen ja toteaa läsnä olevat.</p>"
    )
    assert (meeting.year, meeting.number) == (2022, 1)


def test_the_template_is_created_once_for_the_body(body):
    meeting_at(body, 2, 14)
    meeting_at(body, 3, 14)

    template = list(body.standard_items.order_by("-place", "position"))
    assert [item.title for item in template] == TEMPLATE_TITLES
    assert [item.place for item in template] == ["opening"] * 4 + ["closing"]


def test_an_edited_template_is_used_for_the_next_meeting(body):
    first = meeting_at(body, 2, 14)
    checkers = body.standard_items.get(title="Pöytäkirjantarkastajien valinta")
    checkers.title = "Pöytäkirjantarkastajien ja ääntenlaskijoiden valinta"
    checkers.proposal = "Valitaan kaksi pöytäkirjantarkastajaa, jotka toimivat ääntenlaskijoina."
    checkers.save()
    StandardItemFactory(
        body=body, place=StandardItem.Place.CLOSING, position=2, title="Kokouksen päättäminen"
    )

    second = meeting_at(body, 3, 14)

    assert titles(second) == [
        "Kokouksen avaus ja osallistujien toteaminen",
        "Laillisuus ja päätösvaltaisuus",
        "Pöytäkirjantarkastajien ja ääntenlaskijoiden valinta",
        "Työjärjestyksen hyväksyminen",
        "Muut asiat",
        "Kokouksen päättäminen",
    ]
    assert second.items.get(position=3).proposal.endswith("toimivat ääntenlaskijoina.")
    assert numbers(second) == list(range(6, 12))
    # The meeting made before the change keeps its agenda.
    assert titles(first) == TEMPLATE_TITLES


def test_a_body_with_its_own_template_gets_no_defaults(body):
    StandardItemFactory(body=body, place=StandardItem.Place.OPENING, position=1, title="Avaus")
    StandardItemFactory(
        body=body, place=StandardItem.Place.CLOSING, position=1, title="Päättäminen"
    )

    meeting = meeting_at(body, 2, 14)

    assert agenda(meeting) == [(1, "Avaus"), (2, "Päättäminen")]
    assert body.standard_items.count() == 2


def test_a_meeting_can_start_with_an_empty_agenda(body):
    meeting = meeting_at(body, 2, 14, with_standard_items=False)

    assert agenda(meeting) == []
    item = agenda_item_add(meeting=meeting, title="Talousarvio")
    assert (item.section_number, item.position) == (1, 1)


# Adding, removing and reordering ---------------------------------------------------------------


def test_new_items_go_before_the_closing_items(body):
    meeting = meeting_at(body, 2, 14)

    first = agenda_item_add(meeting=meeting, title="Talousarvio 2023")
    second = agenda_item_add(meeting=meeting, title="Hallintosääntö")

    assert agenda(meeting) == [
        (1, "Kokouksen avaus ja osallistujien toteaminen"),
        (2, "Laillisuus ja päätösvaltaisuus"),
        (3, "Pöytäkirjantarkastajien valinta"),
        (4, "Työjärjestyksen hyväksyminen"),
        (5, "Talousarvio 2023"),
        (6, "Hallintosääntö"),
        (7, "Muut asiat"),
    ]
    assert (first.section_number, first.position) == (5, 5)
    assert (second.section_number, second.position) == (6, 6)
    assert first.standard_place == ""
    assert positions(meeting) == list(range(1, 8))


def test_an_item_added_at_a_position(body):
    meeting = meeting_at(body, 2, 14)

    urgent = agenda_item_add(meeting=meeting, title="Kiireellinen asia", position=1)
    last = agenda_item_add(meeting=meeting, title="Viimeinen", position=7)
    middle = agenda_item_add(meeting=meeting, title="Keskellä", position=4)

    assert titles(meeting) == [
        "Kiireellinen asia",
        "Kokouksen avaus ja osallistujien toteaminen",
        "Laillisuus ja päätösvaltaisuus",
        "Keskellä",
        "Pöytäkirjantarkastajien valinta",
        "Työjärjestyksen hyväksyminen",
        "Muut asiat",
        "Viimeinen",
    ]
    assert numbers(meeting) == list(range(1, 9))
    assert positions(meeting) == list(range(1, 9))
    urgent.refresh_from_db()
    last.refresh_from_db()
    assert (urgent.section_number, middle.section_number, last.section_number) == (1, 4, 8)


@pytest.mark.parametrize("position", [0, 7, 100])
def test_an_item_cannot_be_added_outside_the_agenda(body, position):
    meeting = meeting_at(body, 2, 14)
    before = agenda(meeting)

    with pytest.raises(ValidationError):
        agenda_item_add(meeting=meeting, title="Ei mahdu", position=position)

    assert agenda(meeting) == before
    assert not AgendaItem.objects.filter(title="Ei mahdu").exists()


def test_without_closing_items_new_items_go_last(body):
    StandardItemFactory(body=body, place=StandardItem.Place.OPENING, position=1, title="Avaus")
    meeting = meeting_at(body, 2, 14)

    agenda_item_add(meeting=meeting, title="Asia A")
    agenda_item_add(meeting=meeting, title="Asia B")

    assert agenda(meeting) == [(1, "Avaus"), (2, "Asia A"), (3, "Asia B")]


def test_new_items_go_before_a_closing_item_that_was_moved(body):
    meeting = meeting_at(body, 2, 14)
    items = list(meeting.items.order_by("position"))
    agenda_item_reorder(
        meeting=meeting, item_ids=[items[0].pk, items[4].pk, *(i.pk for i in items[1:4])]
    )

    agenda_item_add(meeting=meeting, title="Uusi")

    assert titles(meeting)[:3] == [
        "Kokouksen avaus ja osallistujien toteaminen",
        "Uusi",
        "Muut asiat",
    ]
    assert numbers(meeting) == list(range(1, 7))


def test_removing_an_item_closes_the_gap(body):
    meeting = meeting_at(body, 2, 14)
    budget = agenda_item_add(meeting=meeting, title="Talousarvio")
    agenda_item_add(meeting=meeting, title="Hallintosääntö")

    agenda_item_remove(item=budget)

    assert agenda(meeting) == [
        (1, "Kokouksen avaus ja osallistujien toteaminen"),
        (2, "Laillisuus ja päätösvaltaisuus"),
        (3, "Pöytäkirjantarkastajien valinta"),
        (4, "Työjärjestyksen hyväksyminen"),
        (5, "Hallintosääntö"),
        (6, "Muut asiat"),
    ]
    assert positions(meeting) == list(range(1, 7))


def test_removing_an_opening_item_renumbers_all_after_it(body):
    meeting = meeting_at(body, 2, 14)

    agenda_item_remove(item=meeting.items.get(position=1))

    assert agenda(meeting) == list(enumerate(TEMPLATE_TITLES[1:], start=1))
    assert positions(meeting) == [1, 2, 3, 4]


def test_reorder_renumbers_in_the_new_order(body):
    meeting = meeting_at(body, 2, 14)
    a = agenda_item_add(meeting=meeting, title="A")
    b = agenda_item_add(meeting=meeting, title="B")
    c = agenda_item_add(meeting=meeting, title="C")
    items = list(meeting.items.order_by("position"))
    opening, closing = items[:4], items[-1]

    result = agenda_item_reorder(
        meeting=meeting, item_ids=[*(i.pk for i in opening), c.pk, a.pk, b.pk, closing.pk]
    )

    assert titles(meeting)[4:] == ["C", "A", "B", "Muut asiat"]
    assert numbers(meeting) == list(range(1, 9))
    assert positions(meeting) == list(range(1, 9))
    assert [(item.position, item.section_number, item.title) for item in result][4:] == [
        (5, 5, "C"),
        (6, 6, "A"),
        (7, 7, "B"),
        (8, 8, "Muut asiat"),
    ]


@pytest.mark.parametrize("change", ["missing", "duplicate", "unknown", "other_meeting", "empty"])
def test_reorder_refuses_an_order_that_is_not_a_permutation(body, change):
    meeting = meeting_at(body, 2, 14)
    other = meeting_at(body, 3, 14)
    ids = list(meeting.items.order_by("position").values_list("pk", flat=True))
    reversed_ids = ids[::-1]
    bad = {
        "missing": reversed_ids[:-1],
        "duplicate": [*reversed_ids[:-1], reversed_ids[0]],
        "unknown": [*reversed_ids[:-1], max(ids) + 1000],
        "other_meeting": [*reversed_ids[:-1], other.items.first().pk],
        "empty": [],
    }[change]
    before, before_other = agenda(meeting), agenda(other)

    with pytest.raises(ValidationError):
        agenda_item_reorder(meeting=meeting, item_ids=bad)

    assert agenda(meeting) == before
    assert agenda(other) == before_other
    assert positions(meeting) == [1, 2, 3, 4, 5]


# Across the meetings of a year -----------------------------------------------------------------


def test_a_later_meeting_continues_the_numbering(body):
    first = meeting_at(body, 2, 14)
    second = meeting_at(body, 3, 14)

    assert numbers(first) == [1, 2, 3, 4, 5]
    assert numbers(second) == [6, 7, 8, 9, 10]
    assert (first.number, second.number) == (1, 2)


def test_a_later_meeting_is_renumbered_when_an_earlier_agenda_changes(body):
    first = meeting_at(body, 2, 14)
    second = meeting_at(body, 3, 14)
    agenda_item_add(meeting=second, title="Maaliskuun asia")

    added = agenda_item_add(meeting=first, title="Lisäasia")
    assert numbers(first) == list(range(1, 7))
    assert numbers(second) == list(range(7, 13))
    assert dict((t, n) for n, t in agenda(second))["Maaliskuun asia"] == 11

    agenda_item_remove(item=added)
    agenda_item_remove(item=first.items.get(title="Muut asiat"))
    assert numbers(first) == [1, 2, 3, 4]
    assert numbers(second) == list(range(5, 11))


def test_a_meeting_created_between_two_others_takes_its_place_in_the_numbering(body):
    january = meeting_at(body, 1, 17)
    march = meeting_at(body, 3, 14)

    february = meeting_at(body, 2, 14)

    assert numbers(january) == [1, 2, 3, 4, 5]
    assert numbers(february) == [6, 7, 8, 9, 10]
    assert numbers(march) == [11, 12, 13, 14, 15]
    # Meeting numbers follow creation; the § numbers follow the calendar.
    assert (january.number, march.number, february.number) == (1, 2, 3)


def test_meetings_on_the_same_day_are_numbered_in_time_order(body):
    evening = meeting_at(body, 2, 14, 18)
    morning = meeting_at(body, 2, 14, 9)

    assert numbers(morning) == [1, 2, 3, 4, 5]
    assert numbers(evening) == [6, 7, 8, 9, 10]


def test_a_sent_agenda_keeps_its_numbers_and_cannot_be_reordered_or_shrunk(body):
    # (Additions to a sent agenda go on the supplementary agenda: test_services_preparation.)
    first = meeting_at(body, 2, 14)
    item = agenda_item_add(meeting=first, title="Talousarvio")
    mark_sent(first)
    frozen = agenda(first)
    ids = list(first.items.order_by("-position").values_list("pk", flat=True))

    with pytest.raises(ValidationError):
        agenda_item_remove(item=item)
    with pytest.raises(ValidationError):
        agenda_item_reorder(meeting=first, item_ids=ids)

    assert agenda(first) == frozen

    second = meeting_at(body, 3, 14)
    assert numbers(second) == list(range(7, 12))
    agenda_item_add(meeting=second, title="Maaliskuun asia")
    assert agenda(first) == frozen
    assert numbers(second) == list(range(7, 13))


def test_the_sent_status_is_read_from_the_database(body):
    meeting = meeting_at(body, 2, 14)
    stale = Meeting.objects.get(pk=meeting.pk)
    mark_sent(meeting)

    late = agenda_item_add(meeting=stale, title="Myöhästynyt asia")
    assert late.supplementary  # read as sent: it went on the supplementary agenda
    with pytest.raises(ValidationError):
        agenda_item_remove(item=AgendaItem.objects.get(meeting=meeting, position=1))

    assert numbers(meeting) == [1, 2, 3, 4, 5, 6]


def test_an_earlier_unsent_meeting_cannot_take_numbers_of_a_sent_one(body):
    february = meeting_at(body, 2, 14)
    march = meeting_at(body, 3, 14)
    mark_sent(march)

    with pytest.raises(ValidationError, match="§"):
        agenda_item_add(meeting=february, title="Ei mahdu")

    assert numbers(february) == [1, 2, 3, 4, 5]
    assert numbers(march) == [6, 7, 8, 9, 10]
    assert not AgendaItem.objects.filter(title="Ei mahdu").exists()
    # Removing from the earlier meeting is fine: the sent meeting keeps its numbers.
    agenda_item_remove(item=february.items.get(title="Muut asiat"))
    assert numbers(february) == [1, 2, 3, 4]
    assert numbers(march) == [6, 7, 8, 9, 10]


def test_no_new_meeting_before_a_sent_one_if_its_numbers_are_taken(body):
    march = meeting_at(body, 3, 14)
    mark_sent(march)

    with pytest.raises(ValidationError):
        meeting_at(body, 2, 14)

    assert list(Meeting.objects.filter(body=body)) == [march]
    assert numbers(march) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "status", [Meeting.Status.INVITATION_SENT, Meeting.Status.HELD, Meeting.Status.PUBLISHED]
)
def test_a_meeting_created_as_sent_numbers_its_template_items(body, status):
    first = meeting_at(body, 2, 14, status=status)

    assert first.status == status
    assert Meeting.objects.get(pk=first.pk).status == status
    assert numbers(first) == [1, 2, 3, 4, 5]
    second = meeting_at(body, 3, 14)
    assert numbers(second) == [6, 7, 8, 9, 10]
    if status == Meeting.Status.INVITATION_SENT:
        # Until the meeting is held, an addition goes on the supplementary agenda and the
        # later, unsent meeting moves on by one.
        assert agenda_item_add(meeting=first, title="Lisäasia").supplementary
        assert numbers(first) == [1, 2, 3, 4, 5, 6]
        assert numbers(second) == [7, 8, 9, 10, 11]
    else:
        with pytest.raises(ValidationError):
            agenda_item_add(meeting=first, title="Myöhästynyt asia")


def test_a_cancelled_meeting_holds_no_numbers(body):
    february = meeting_at(body, 2, 14)
    march = meeting_at(body, 3, 14)
    february.status = Meeting.Status.CANCELLED
    february.save(update_fields=["status"])

    agenda_item_add(meeting=march, title="Maaliskuun asia")

    assert numbers(march) == [1, 2, 3, 4, 5, 6]
    april = meeting_at(body, 4, 11)
    assert numbers(april) == [7, 8, 9, 10, 11]
    # The cancelled meeting's items keep their old numbers but do not count.
    assert numbers(february) == [1, 2, 3, 4, 5]
    # It keeps its meeting number, though: the next meeting is the third of the year.
    assert april.number == 3


def test_a_cancelled_meeting_takes_no_new_items(body):
    cancelled = meeting_at(body, 2, 14, status=Meeting.Status.CANCELLED)

    with pytest.raises(ValidationError):
        agenda_item_add(meeting=cancelled, title="Peruttuun kokoukseen")

    assert numbers(cancelled) == [1, 2, 3, 4, 5]


def test_recording_may_use_a_number_left_by_a_cancelled_meeting(body):
    cancelled = meeting_at(body, 1, 10, status=Meeting.Status.CANCELLED)
    assert numbers(cancelled) == [1, 2, 3, 4, 5]
    held = meeting_at(body, 1, 17, status=Meeting.Status.HELD, with_standard_items=False)

    item = agenda_item_record(meeting=held, section_number=3, title="Kokouksen avaus")

    assert item.section_number == 3


# Years -----------------------------------------------------------------------------------------


def test_a_new_year_starts_at_section_one(body):
    december = meeting_at(body, 12, 12, year=2022)
    january = meeting_at(body, 1, 16, year=2023)
    agenda_item_add(meeting=december, title="Joulukuun lisäasia")

    assert numbers(december) == [1, 2, 3, 4, 5, 6]
    assert numbers(january) == [1, 2, 3, 4, 5]
    assert (december.year, december.number) == (2022, 1)
    assert (january.year, january.number) == (2023, 1)


def test_the_year_is_the_helsinki_date_not_the_utc_date(body):
    new_years_eve = meeting_create(body=body, start=helsinki_datetime(2021, 12, 31, 18))
    just_after_midnight = meeting_create(body=body, start=helsinki_datetime(2022, 1, 1, 0, 30))

    assert just_after_midnight.start.astimezone(dt.UTC).year == 2021
    assert just_after_midnight.year == 2022
    assert Meeting.objects.get(pk=just_after_midnight.pk).year == 2022
    assert (just_after_midnight.number, new_years_eve.number) == (1, 1)
    assert numbers(just_after_midnight) == [1, 2, 3, 4, 5]
    assert new_years_eve.year == 2021
    assert numbers(new_years_eve) == [1, 2, 3, 4, 5]


def test_the_year_follows_the_helsinki_date_for_a_utc_start(body):
    # 22.30 UTC on 31 December is already 1 January in Helsinki (UTC+2).
    meeting = meeting_create(body=body, start=dt.datetime(2021, 12, 31, 22, 30, tzinfo=dt.UTC))

    assert meeting.year == 2022


def test_separate_bodies_number_independently(body):
    committee = BodyFactory(organisation=body.organisation, kind="committee")
    board_february = meeting_at(body, 2, 14)
    committee_february = meeting_at(committee, 2, 10)
    board_march = meeting_at(body, 3, 14)
    agenda_item_add(meeting=committee_february, title="Lautakunnan asia")

    assert numbers(committee_february) == [1, 2, 3, 4, 5, 6]
    assert numbers(board_february) == [1, 2, 3, 4, 5]
    assert numbers(board_march) == [6, 7, 8, 9, 10]
    assert (board_february.number, committee_february.number, board_march.number) == (1, 1, 2)


# Recording meetings held outside Kokous --------------------------------------------------------


def test_recorded_items_keep_their_numbers(body):
    held = meeting_at(body, 1, 12, status=Meeting.Status.HELD, with_standard_items=False)

    for number, title in [(1, "Avaus"), (2, "Laillisuus"), (5, "Johtamisen rakenteet")]:
        agenda_item_record(meeting=held, section_number=number, title=title)

    assert agenda(held) == [(1, "Avaus"), (2, "Laillisuus"), (5, "Johtamisen rakenteet")]
    assert positions(held) == [1, 2, 3]
    # A meeting prepared in Kokous afterwards continues after the highest recorded number.
    later = meeting_at(body, 2, 14)
    assert numbers(later) == [6, 7, 8, 9, 10]
    assert agenda(held)[-1] == (5, "Johtamisen rakenteet")


def test_recording_refuses_a_number_taken_in_the_year(body):
    first = meeting_at(body, 1, 12, status=Meeting.Status.HELD, with_standard_items=False)
    agenda_item_record(meeting=first, section_number=4, title="Talousarvio")
    second = meeting_at(body, 2, 9, status=Meeting.Status.HELD, with_standard_items=False)

    with pytest.raises(ValidationError, match="4"):
        agenda_item_record(meeting=second, section_number=4, title="Sama numero")
    with pytest.raises(ValidationError):
        agenda_item_record(meeting=first, section_number=4, title="Sama kokous")

    assert AgendaItem.objects.filter(meeting__body=body).count() == 1


def test_recording_may_reuse_a_number_of_another_body_or_year(body):
    meeting_2022 = meeting_at(body, 1, 12, status=Meeting.Status.HELD, with_standard_items=False)
    agenda_item_record(meeting=meeting_2022, section_number=4, title="Talousarvio")
    meeting_2023 = meeting_at(
        body, 1, 12, year=2023, status=Meeting.Status.HELD, with_standard_items=False
    )
    other = BodyFactory(organisation=body.organisation)
    other_meeting = meeting_at(other, 1, 12, status=Meeting.Status.HELD, with_standard_items=False)

    assert agenda_item_record(meeting=meeting_2023, section_number=4, title="T").section_number == 4
    assert agenda_item_record(meeting=other_meeting, section_number=4, title="T").pk


def test_an_item_cannot_belong_to_a_case_of_another_organisation(body):
    meeting = meeting_at(body, 2, 14)
    foreign_case = CaseFactory()

    with pytest.raises(ValidationError):
        agenda_item_add(meeting=meeting, title="Vieras asia", case=foreign_case)
    with pytest.raises(ValidationError):
        agenda_item_record(meeting=meeting, section_number=99, title="Vieras", case=foreign_case)

    assert numbers(meeting) == [1, 2, 3, 4, 5]
    own_case = CaseFactory(organisation=body.organisation)
    assert agenda_item_add(meeting=meeting, title="Oma asia", case=own_case).case == own_case


# Meeting numbers and times ---------------------------------------------------------------------


def test_meeting_numbers_increment_within_the_year(body):
    meetings = [meeting_at(body, month, 10) for month in (2, 3, 4)]
    next_year = meeting_at(body, 1, 15, year=2023)

    assert [m.number for m in meetings] == [1, 2, 3]
    assert next_year.number == 1
    assert str(meetings[1]) == "Aluehallitus 10.03.2022 (2/2022)"


def test_a_given_meeting_number_is_kept_and_must_be_free(body):
    meeting = meeting_at(body, 2, 14, number=7)
    assert meeting.number == 7
    assert meeting_at(body, 3, 14).number == 8

    with pytest.raises(ValidationError):
        meeting_at(body, 4, 11, number=7)

    assert Meeting.objects.filter(body=body).count() == 2
    assert numbers(Meeting.objects.get(number=8)) == [6, 7, 8, 9, 10]


@pytest.mark.parametrize("naive", ["start", "end"])
def test_naive_datetimes_are_refused(body, naive):
    start = helsinki_datetime(2022, 2, 14, 17)
    end = helsinki_datetime(2022, 2, 14, 19)
    if naive == "start":
        start = start.replace(tzinfo=None)
    else:
        end = end.replace(tzinfo=None)

    with pytest.raises(ValidationError):
        meeting_create(body=body, start=start, end=end)

    assert not Meeting.objects.exists()
    assert not StandardItem.objects.exists()


def test_a_meeting_cannot_end_before_it_starts(body):
    with pytest.raises(ValidationError):
        meeting_create(
            body=body,
            start=helsinki_datetime(2022, 2, 14, 17),
            end=helsinki_datetime(2022, 2, 14, 16),
        )

    assert not Meeting.objects.exists()


# A property: any sequence of edits leaves the numbering consecutive ----------------------------

EDITS = st.lists(
    st.tuples(
        st.sampled_from(["add", "add_at", "remove", "reorder"]),
        st.integers(min_value=0, max_value=3),  # which meeting (3 is another body's)
        st.integers(min_value=0, max_value=2**16),  # seed for the position or the permutation
    ),
    max_size=12,
)


def sections_in_year_order(body):
    items = AgendaItem.objects.filter(meeting__body=body).order_by("meeting__start", "position")
    return list(items.values_list("section_number", flat=True))


@settings(max_examples=25, deadline=None)
@given(edits=EDITS)
def test_any_edits_leave_sections_consecutive(edits):
    # Each example runs in a savepoint that is rolled back: hypothesis runs many examples in
    # one test, and pytest-django's transaction only wraps the whole test.
    with transaction.atomic():
        body = BodyFactory()
        other_body = BodyFactory(organisation=body.organisation)
        # Created out of calendar order on purpose: the numbering follows the dates.
        meetings = [
            meeting_at(body, 3, 14),
            meeting_at(body, 1, 17),
            meeting_at(body, 2, 14),
            meeting_at(other_body, 2, 1),
        ]
        # The expected agenda of each meeting: (title, closing item?) in order.
        model = {m.pk: [(t, t in CLOSING_TITLES) for t in TEMPLATE_TITLES] for m in meetings}
        for step, (edit, which, seed) in enumerate(edits):
            meeting = meetings[which]
            expected = model[meeting.pk]
            rng = random.Random(seed)
            title = f"Asia {step}"
            if edit == "add":
                closing = [index for index, (_t, is_closing) in enumerate(expected) if is_closing]
                expected.insert(closing[0] if closing else len(expected), (title, False))
                agenda_item_add(meeting=meeting, title=title)
            elif edit == "add_at":
                position = rng.randint(1, len(expected) + 1)
                expected.insert(position - 1, (title, False))
                agenda_item_add(meeting=meeting, title=title, position=position)
            elif edit == "remove" and expected:
                removed, _closing = expected.pop(rng.randrange(len(expected)))
                agenda_item_remove(item=meeting.items.get(title=removed))
            elif edit == "reorder":
                rng.shuffle(expected)
                by_title = dict(meeting.items.values_list("title", "pk"))
                agenda_item_reorder(meeting=meeting, item_ids=[by_title[t] for t, _c in expected])
            sections = sections_in_year_order(meeting.body)
            assert sections == list(range(1, len(sections) + 1)), (step, edit)

        for meeting in meetings:
            assert titles(meeting) == [t for t, _closing in model[meeting.pk]]
            assert positions(meeting) == list(range(1, len(model[meeting.pk]) + 1))
        for each_body in (body, other_body):
            sections = sections_in_year_order(each_body)
            assert sections == list(range(1, len(sections) + 1))
        transaction.set_rollback(True)


# Moving a meeting (meeting_update) ------------------------------------------------------------


def move(meeting, start):
    return meeting_update(
        meeting=meeting, start=start, end=None, place=meeting.place, status=meeting.status
    )


def test_moving_a_meeting_before_another_renumbers_both(body):
    march = meeting_at(body, 3, 1)
    april = meeting_at(body, 4, 5)
    agenda_item_add(meeting=april, title="Huhtikuun asia")

    move(april, helsinki_datetime(2022, 2, 1, 17))

    assert numbers(april) == [1, 2, 3, 4, 5, 6]
    assert numbers(march) == [7, 8, 9, 10, 11]
    assert (april.number, april.year) == (2, 2022)  # keeps its number in the year


def test_moving_a_meeting_to_another_year_renumbers_both_years(body):
    december = meeting_at(body, 12, 1)
    later = meeting_at(body, 12, 15)

    move(december, helsinki_datetime(2023, 1, 10, 17))

    assert numbers(later) == [1, 2, 3, 4, 5]
    assert numbers(december) == [1, 2, 3, 4, 5]
    assert december.year == 2023


def test_moving_a_meeting_before_a_sent_agenda_is_refused_and_nothing_changes(body):
    sent = meeting_at(body, 3, 1)
    mark_sent(sent)
    later = meeting_at(body, 4, 5)

    with pytest.raises(ValidationError), transaction.atomic():
        move(later, helsinki_datetime(2022, 2, 1, 17))

    later.refresh_from_db()
    assert later.start == helsinki_datetime(2022, 4, 5, 17)
    assert numbers(sent) == [1, 2, 3, 4, 5] and numbers(later) == [6, 7, 8, 9, 10]


def test_moving_needs_an_aware_time(body):
    meeting = meeting_at(body, 3, 1)
    with pytest.raises(ValidationError):
        move(meeting, dt.datetime(2022, 3, 2, 17))  # noqa: DTZ001

"""Working days and the appeal period: worked examples around weekends and holidays, the
27.1.2022 seed meeting, and properties that hold for every date from 1900 to 2200."""

import datetime as dt

import holidays
import pytest
from dateutil.easter import easter
from hypothesis import given
from hypothesis import strategies as st

from kokous.core.deadlines import (
    AppealPeriod,
    appeal_period,
    is_working_day,
    next_working_day,
)
from kokous.core.timeutil import helsinki_datetime

D = dt.date
DAY = dt.timedelta(days=1)

# Finnish calendars have at most five days off in a row: Christmas Eve on a Wednesday to the
# Sunday after, or Saturday 22.12. to Boxing Day on a Wednesday. So the last day of a period
# moves by five days at most.
LONGEST_SHIFT = dt.timedelta(days=5)

dates = st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31))


# is_working_day --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (D(2025, 3, 22), "Saturday"),
        (D(2025, 3, 23), "Sunday"),
        (D(2026, 1, 1), "Uudenvuodenpäivä, Thursday"),
        (D(2026, 1, 6), "Loppiainen, Tuesday"),
        (D(2025, 4, 18), "Pitkäperjantai"),
        (D(2025, 4, 21), "Toinen pääsiäispäivä"),
        (D(2025, 5, 1), "Vappu, Thursday"),
        (D(2025, 5, 29), "Helatorstai"),
        (D(2025, 6, 20), "Juhannusaatto, a Friday: a day off though not a public holiday"),
        (D(2022, 12, 6), "Itsenäisyyspäivä, Tuesday"),
        (D(2025, 12, 24), "Jouluaatto, Wednesday: a day off though not a public holiday"),
        (D(2025, 12, 25), "Joulupäivä"),
        (D(2025, 12, 26), "Tapaninpäivä"),
        (D(2150, 12, 24), "Jouluaatto after 2100, where the holidays library stops by default"),
        (D(2200, 12, 25), "Joulupäivä, 2200"),
    ],
)
def test_days_off(day, why):
    assert not is_working_day(day), why


@pytest.mark.parametrize(
    "day",
    [
        D(2025, 3, 24),  # an ordinary Monday
        D(2025, 4, 17),  # Maundy Thursday is a working day
        D(2025, 4, 22),  # the Tuesday after Easter
        D(2025, 6, 19),  # the Thursday before Midsummer Eve
        D(2025, 12, 23),
        D(2025, 12, 31),  # New Year's Eve is a working day
        D(2025, 12, 29),
        D(2026, 1, 2),
    ],
)
def test_working_days(day):
    assert is_working_day(day)


@pytest.mark.parametrize("year", [1900, 1955, 1973, 1990, 2022, 2025, 2100])
def test_days_off_are_the_holidays_librarys_default_list_plus_weekends(year):
    """Within the library's own range our calendar is exactly `holidays.Finland`'s default
    list (checked day by day, so a library change of Midsummer or Christmas Eve shows)."""
    library = holidays.Finland(years=year, language="fi")
    day = D(year, 1, 1)
    while day.year == year:
        assert is_working_day(day) == (day.weekday() < 5 and day not in library), day
        day += DAY


@pytest.mark.parametrize("year", range(1900, 2201))
def test_every_year_to_2200_has_its_moving_holidays(year):
    """Past 2100 the library returns nothing unless told otherwise; our calendar keeps going."""
    assert not is_working_day(easter(year) - 2 * DAY)  # Good Friday
    assert not is_working_day(easter(year) + DAY)  # Easter Monday
    if not 1973 <= year <= 1990:  # those years Ascension Day was kept on a Saturday
        assert not is_working_day(easter(year) + 39 * DAY)  # Ascension Day (Thursday)
    assert not is_working_day(D(year, 12, 24))
    assert not is_working_day(D(year, 12, 25))
    assert not is_working_day(D(year, 12, 26))


def test_years_without_a_calendar_are_refused():
    with pytest.raises(ValueError, match="no Finnish holiday calendar"):
        is_working_day(D(1800, 1, 2))


def test_a_datetime_is_refused():
    """A datetime never equals a date, so it would slip past every holiday: refuse it."""
    moment = helsinki_datetime(2025, 12, 24, 12)
    with pytest.raises(TypeError):
        is_working_day(moment)
    with pytest.raises(TypeError):
        next_working_day(moment)
    with pytest.raises(TypeError):
        appeal_period(published=moment)


# next_working_day ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 3, 24), D(2025, 3, 24)),  # a working day stays
        (D(2025, 3, 22), D(2025, 3, 24)),  # Saturday -> Monday
        (D(2025, 12, 24), D(2025, 12, 29)),  # Wednesday Christmas Eve -> Monday, 5 days on
        (D(2025, 4, 18), D(2025, 4, 22)),  # Good Friday -> Tuesday after Easter Monday
    ],
)
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected


# appeal_period: worked examples ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "notified", "appeal_ends", "why"),
    [
        # 21 days are three weeks: a weekday publication ends on the same weekday.
        (D(2025, 3, 6), D(2025, 3, 13), D(2025, 3, 27), "Thursday, nothing moves"),
        (D(2025, 3, 1), D(2025, 3, 8), D(2025, 3, 24), "+21 is Saturday 22.3. -> Monday"),
        (D(2025, 3, 2), D(2025, 3, 9), D(2025, 3, 24), "+21 is Sunday 23.3. -> Monday"),
        # Christmas Eve in each position of the week.
        (D(2024, 12, 3), D(2024, 12, 10), D(2024, 12, 27), "Tue 24.12.2024 -> Fri 27.12."),
        (D(2025, 12, 3), D(2025, 12, 10), D(2025, 12, 29), "Wed 24.12.2025 -> Mon 29.12."),
        (D(2026, 12, 3), D(2026, 12, 10), D(2026, 12, 28), "Thu 24.12.2026 -> Mon 28.12."),
        (D(2021, 12, 3), D(2021, 12, 10), D(2021, 12, 27), "Fri 24.12.2021 -> Mon 27.12."),
        (D(2022, 12, 3), D(2022, 12, 10), D(2022, 12, 27), "Sat 24.12.2022 -> Tue 27.12."),
        (D(2025, 5, 30), D(2025, 6, 6), D(2025, 6, 23), "Midsummer Eve Fri 20.6. -> Mon 23.6."),
        (D(2024, 11, 15), D(2024, 11, 22), D(2024, 12, 9), "Independence Day Fri -> Mon 9.12."),
        (D(2022, 11, 15), D(2022, 11, 22), D(2022, 12, 7), "Independence Day Tue -> Wed 7.12."),
        (D(2025, 3, 28), D(2025, 4, 4), D(2025, 4, 22), "Good Friday 18.4. -> Tue 22.4."),
        (D(2025, 3, 31), D(2025, 4, 7), D(2025, 4, 22), "Easter Monday 21.4. -> Tue 22.4."),
        (D(2025, 4, 10), D(2025, 4, 17), D(2025, 5, 2), "May Day Thu 1.5. -> Fri 2.5."),
        (D(2025, 5, 8), D(2025, 5, 15), D(2025, 5, 30), "Ascension Thu 29.5. -> Fri 30.5."),
        (D(2025, 12, 11), D(2025, 12, 18), D(2026, 1, 2), "New Year Thu 1.1.2026 -> Fri 2.1."),
        (D(2025, 12, 16), D(2025, 12, 23), D(2026, 1, 7), "Epiphany Tue 6.1.2026 -> Wed 7.1."),
    ],
)
def test_appeal_period_examples(published, notified, appeal_ends, why):
    assert appeal_period(published=published) == AppealPeriod(
        published=published, notified=notified, appeal_ends=appeal_ends
    ), why


def test_the_notification_day_does_not_move():
    """Published Friday 11.4.2025: residents are deemed notified on Good Friday 18.4.2025,
    a holiday, and that day stays. The 14 days run from it and end on Friday 2.5.2025, a
    working day. (Moving the notification to Tuesday 22.4. would give Tuesday 6.5.)"""
    period = appeal_period(published=D(2025, 4, 11))
    assert period.notified == D(2025, 4, 18)
    assert not is_working_day(period.notified)
    assert period.appeal_ends == D(2025, 5, 2)


def test_seed_political_monitoring_group_27_1_2022():
    """The seed minutes of VATE's political monitoring group, meeting Thursday 27.1.2022.

    Take the minutes as checked electronically and published a week later, Thursday
    3.2.2022. By hand: notified 3.2. + 7 = Thursday 10.2.2022; the 14 days run from 11.2.
    to Thursday 24.2.2022, a working day (no holiday in February), so the period ends then.
    """
    assert appeal_period(published=D(2022, 2, 3)) == AppealPeriod(
        published=D(2022, 2, 3), notified=D(2022, 2, 10), appeal_ends=D(2022, 2, 24)
    )


def test_appeal_period_is_keyword_only_and_frozen():
    with pytest.raises(TypeError):
        appeal_period(D(2022, 2, 3))  # type: ignore[misc]
    period = appeal_period(published=D(2022, 2, 3))
    with pytest.raises(AttributeError):
        period.appeal_ends = D(2022, 3, 1)  # type: ignore[misc]


# Properties, 1900-2200 -------------------------------------------------------------------------


@given(published=dates)
def test_appeal_period_properties(published):
    period = appeal_period(published=published)
    last_day = published + 21 * DAY

    assert period.published == published
    assert period.notified == published + 7 * DAY
    assert last_day <= period.appeal_ends <= last_day + LONGEST_SHIFT
    assert is_working_day(period.appeal_ends)
    # It moved only over days off: every day from the unshifted last day up to the end.
    day = last_day
    while day < period.appeal_ends:
        assert not is_working_day(day), day
        day += DAY


@given(day=dates)
def test_next_working_day_properties(day):
    result = next_working_day(day)

    assert day <= result <= day + LONGEST_SHIFT
    assert is_working_day(result)
    assert next_working_day(result) == result
    assert (result == day) == is_working_day(day)
    skipped = day
    while skipped < result:
        assert not is_working_day(skipped), skipped
        skipped += DAY


def test_longest_run_of_days_off_is_five():
    """The bound the properties use, checked over the whole range rather than sampled."""
    longest = run = 0
    day = D(1900, 1, 1)
    while day <= D(2200, 12, 31):
        run = 0 if is_working_day(day) else run + 1
        longest = max(longest, run)
        day += DAY
    assert longest == LONGEST_SHIFT.days

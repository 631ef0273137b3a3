"""Statutory deadlines: Finnish working days and the appeal period of published minutes.

The appeal-period rule is one of the five rules that live in exactly one function
(`appeal_period`). Everything that needs the dates (the minutes' appeal instructions, the
public pages, the removal of personal data when the period ends, the importer, the demo)
calls it and never adds days itself.

Dates here are calendar dates in Finland. Callers holding an aware datetime convert it first
with `kokous.core.timeutil.local_date`; a datetime is refused (see `_require_date`).
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from holidays.countries.finland import Finland

# Kuntalaki 410/2015 140 § 3 mom.: a resident is deemed to have been notified of a decision
# seven days after the minutes were put on the public web.
NOTIFICATION_DAYS = 7
# Kuntalaki 410/2015, chapter 16: a request for rectification is made within 14 days of
# notification.
RECTIFICATION_DAYS = 14
# Kuntalaki 410/2015 135 § with laki oikeudenkäynnistä hallintoasioissa 808/2019: a municipal
# appeal to the administrative court is made within 30 days of notification.
APPEAL_DAYS = 30

# The first year of the `holidays` library's Finnish calendar, and the last year for which
# dateutil, which the library uses for Easter, documents its Gregorian Easter as valid.
FIRST_YEAR = 1853
LAST_YEAR = 4099


class _FinlandWithoutEndYear(Finland):
    """`holidays.Finland` with its calendar extended past 2100.

    The library stops every country at 2100 (`end_year`) and, silently, returns no holidays
    at all for later years, which would make every weekday of 2101 a working day. The Finnish
    rules it implements have no end date, so we let them run on to `LAST_YEAR`. For the years
    the library covers, the days are identical (tested).
    """

    end_year = LAST_YEAR


@lru_cache(maxsize=512)
def _days_off(year: int) -> frozenset[dt.date]:
    """The weekday-independent days off of one year: the whole default list of
    `holidays.Finland(language="fi")`, Midsummer Eve and Christmas Eve included.

    Cached per year (512 years of 15 dates: any real use stays well inside). A frozenset
    rather than the library's object, because that object adds years to itself when asked
    about a date of another year, and a cached value shared by every thread must not change.
    """
    if not FIRST_YEAR <= year <= LAST_YEAR:
        # Fail loudly: an empty calendar would quietly make holidays working days.
        raise ValueError(f"no Finnish holiday calendar for {year} ({FIRST_YEAR}-{LAST_YEAR})")
    return frozenset(_FinlandWithoutEndYear(years=year, language="fi"))


def _require_date(day: dt.date) -> None:
    """Refuse a datetime: it is a subclass of date, but never equal to one, so a holiday
    lookup with it would always miss and the arithmetic would return datetimes."""
    if isinstance(day, dt.datetime):
        raise TypeError("pass a calendar date (kokous.core.timeutil.local_date), not a datetime")


def is_working_day(day: dt.date) -> bool:
    """Whether a statutory deadline may end on `day`.

    Laki säädettyjen määräaikain laskemisesta 150/1930, 5 §: when the last day of a period
    is a public holiday (pyhäpäivä, Sundays included), Independence Day, May Day, Christmas
    Eve, Midsummer Eve or a Saturday, the act may be done on the next working day. Those
    are exactly Saturdays, Sundays and the default list of `holidays.Finland`, which
    includes Christmas Eve and Midsummer Eve although they are not public holidays.
    """
    _require_date(day)
    return day.weekday() < 5 and day not in _days_off(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, otherwise the first working day after it.

    Finnish calendars have at most five days off in a row (Christmas Eve on a Wednesday,
    Christmas Day, Boxing Day, Saturday, Sunday; or a weekend followed by Christmas Eve to
    Boxing Day), so this moves a date by five days at most.
    """
    _require_date(day)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class AppealPeriod:
    """The dates of the period for requesting rectification of published minutes.

    `published`: the day the checked minutes with their appeal instructions were put on the
    public web (not the meeting day). `notified`: the day residents are deemed to have been
    notified of the decisions. `appeal_ends`: the last day, inclusive, on which a request for
    rectification may be made; when it has passed, the personal data in the published
    minutes is removed from the web (kuntalaki 140 § 1 mom.). The time of day by which the
    request must arrive (the office's closing time, 150/1930 6 §) is not a date rule and is
    not modelled here.
    """

    published: dt.date
    notified: dt.date
    appeal_ends: dt.date


def appeal_period(*, published: dt.date, days: int = RECTIFICATION_DAYS) -> AppealPeriod:
    """The appeal period of minutes published on the public web on `published`.

    - `notified` is `published` + 7 days (kuntalaki 140 § 3 mom.: "seitsemän päivän
      kuluttua" from publication; by 150/1930 2 § the day of publication is not counted,
      so the seven days run from the day after it).
    - The request for rectification is due 14 days after notification (kuntalaki, chapter
      16), the day of notification again not counted: `published` + 21 days.
    - If that last day is not a working day (see `is_working_day`), it moves to the next
      working day (150/1930 5 §).

    The notification day itself never moves, even when it falls on a Saturday, Sunday or
    holiday. It is not a period within which anyone must act but a legal presumption of
    when the resident learnt of the decision: 150/1930 5 § lets an *act* (tehtävä) due on a
    day off be done on the next working day, and being notified is no act. Hence the
    standard appeal instructions of municipalities: "Tiedoksisaantipäivää ei lueta
    oikaisuvaatimusaikaan. Jos oikaisuvaatimusajan viimeinen päivä on pyhäpäivä, ..." Only
    the last day of the 14 days moves. (It matters: minutes published on Friday 11.4.2025
    are deemed notified on Good Friday 18.4.2025, and the period ends on Friday 2.5.2025;
    moving the notification to Tuesday 22.4. would wrongly give Tuesday 6.5.2025.)

    Since 21 days are three whole weeks, the unshifted last day is the same weekday as the
    publication: only holidays, or a publication on a weekend, move it.

    `days` is the length of the period after notification: `RECTIFICATION_DAYS` (14) for a
    request for rectification, `APPEAL_DAYS` (30) for an appeal to the administrative court
    against a council's decision; both count and move in the same way.

    Wellbeing services counties (laki hyvinvointialueesta 611/2021) have the same rule. This
    is the period of residents, who learn of decisions from the public web; a party sent an
    extract by letter or e-mail is notified on another day (hallintolaki 59 §, laki
    sähköisestä asioinnista viranomaistoiminnassa 19 §), which this function does not cover.
    """
    _require_date(published)
    notified = published + dt.timedelta(days=NOTIFICATION_DAYS)
    if days < 1:
        raise ValueError("an appeal period lasts at least one day")
    last_day = notified + dt.timedelta(days=days)
    return AppealPeriod(
        published=published, notified=notified, appeal_ends=next_working_day(last_day)
    )

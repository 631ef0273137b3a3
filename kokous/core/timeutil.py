"""Time helpers: Kokous stores aware datetimes and shows them in Europe/Helsinki."""

import datetime as dt
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def helsinki_datetime(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0
) -> dt.datetime:
    """An aware datetime for a wall-clock time in Helsinki."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=HELSINKI)


def local_date(value: dt.datetime) -> dt.date:
    """The calendar date of an aware datetime in Helsinki."""
    if value.tzinfo is None:
        raise ValueError("naive datetime: Kokous only handles timezone-aware datetimes")
    return value.astimezone(HELSINKI).date()


def format_fi_date(value: dt.date) -> str:
    """A date as Finnish documents write it: 12.1.2022."""
    return f"{value.day}.{value.month}.{value.year}"

"""The meeting as an iCalendar event (RFC 5545), attached to invitations."""

import datetime as dt

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar, Event

from kokous.core.timeutil import HELSINKI
from kokous.meetings.models import Meeting


def meeting_uid(meeting: Meeting) -> str:
    """A stable identifier: a calendar updates the same event on each supplementary agenda."""
    host = settings.KOKOUS_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"kokous-meeting-{meeting.pk}@{host}"


def meeting_calendar(
    *, meeting: Meeting, sequence: int, summary: str, description: str, stamp: dt.datetime
) -> str:
    """The calendar file of `meeting`: one event in Helsinki time with the place or online
    link, the materials' address, and `sequence` raised with each update."""
    calendar = Calendar()
    calendar.add("prodid", "-//Kokous//Kokous//FI")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.start.astimezone(HELSINKI))
    if meeting.end is not None:
        event.add("dtend", meeting.end.astimezone(HELSINKI))
    event.add("summary", summary)
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    url = settings.KOKOUS_SITE_URL + reverse("staff:meeting", kwargs={"pk": meeting.pk})
    event.add("url", url)
    event.add("description", description)
    if meeting.status == Meeting.Status.CANCELLED:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")

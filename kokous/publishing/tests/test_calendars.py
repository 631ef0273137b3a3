"""The public meeting calendars (iCalendar): they parse, carry the properties RFC 5545 requires
and the times in the right zone, and show an agenda's titles only once the agenda is public,
never an item's text and never a private person's removed name."""

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kokous.core.timeutil import helsinki_datetime, local_date
from kokous.documents.tests.builders import AFTER_DECISION_TEXT, SECRET, small_meeting
from kokous.meetings.models import AgendaItem, Meeting
from kokous.meetings.tests.factories import MeetingFactory
from kokous.organisations.tests.factories import BodyFactory

pytestmark = pytest.mark.django_db

ALL = reverse("syndication:meetings_ics")


def one(pk: int) -> str:
    return reverse("syndication:meeting_ics", kwargs={"pk": pk})


def fetch(client: Client, url: str, **query: str) -> icalendar.Calendar:
    """A calendar file parsed by icalendar, after checking the answer and the required
    properties of the calendar and of each event."""
    response = client.get(url, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"])
    for event in calendar.walk("VEVENT"):
        for name in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "URL", "SEQUENCE", "LAST-MODIFIED"):
            assert name in event, name
    return calendar


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def days_from_now(days: int, hour: int = 17) -> dt.datetime:
    day = local_date(timezone.now()) + dt.timedelta(days=days)
    return helsinki_datetime(day.year, day.month, day.day, hour)


def move(meeting: Meeting, start: dt.datetime) -> None:
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + dt.timedelta(hours=2))


# Validity -------------------------------------------------------------------------------------


def test_a_sent_agenda_in_the_meeting_calendar(client: Client):
    small = small_meeting("sent")
    meeting = small.meeting
    calendar = fetch(client, one(meeting.pk))
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"meeting-{meeting.pk}@testserver"
    assert str(event["SUMMARY"]) == "Aluehallitus, meeting 1/2025"
    assert str(calendar["X-WR-CALNAME"]) == "Aluehallitus, meeting 1/2025"
    assert str(event["LOCATION"]) == "Valtuustosali"
    assert str(event["URL"]) == f"http://testserver/meetings/{meeting.pk}/"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert int(event["SEQUENCE"]) == meeting.version
    assert event.decoded("LAST-MODIFIED") == meeting.modified_at.replace(microsecond=0)
    # 25.11.2025 17.00-18.42 in Helsinki (winter time, UTC+2).
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.tzinfo is not None and end.tzinfo is not None
    assert start.astimezone(dt.UTC) == dt.datetime(2025, 11, 25, 15, 0, tzinfo=dt.UTC)
    assert end.astimezone(dt.UTC) == dt.datetime(2025, 11, 25, 16, 42, tzinfo=dt.UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/Helsinki"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Helsinki"
    # The agenda is public: every item's title, the confidential one's as its mention...
    description = str(event["DESCRIPTION"])
    for item in meeting.items.all():
        assert f"§ {item.section_number} {item.title}" in description
    # ...but never an item's text.
    assert SECRET not in description and AFTER_DECISION_TEXT not in description
    assert "Hyväksytään" not in description


@pytest.mark.parametrize(
    ("start", "utc_hour"),
    [
        (helsinki_datetime(2022, 1, 27, 12), 10),  # winter: UTC+2
        (helsinki_datetime(2022, 6, 15, 12), 9),  # summer: UTC+3
    ],
)
def test_a_noon_meeting_in_helsinki_is_at_the_right_utc_time(client: Client, start, utc_hour):
    meeting = MeetingFactory(start=start, end=start + dt.timedelta(hours=1))
    [event] = fetch(client, one(meeting.pk)).walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(dt.UTC).hour == utc_hour
    assert event.decoded("DTSTART").astimezone(dt.UTC).date() == start.date()


def test_a_meeting_known_only_by_its_day_is_an_all_day_event(client: Client):
    meeting = MeetingFactory(start=helsinki_datetime(2018, 3, 5, 0), end=None, time_known=False)
    [event] = fetch(client, one(meeting.pk)).walk("VEVENT")
    assert event.decoded("DTSTART") == dt.date(2018, 3, 5)
    assert event.decoded("DTEND") == dt.date(2018, 3, 6)
    assert event["DTSTART"].params.get("VALUE") == "DATE"


def test_a_cancelled_meeting_is_cancelled(client: Client):
    meeting = MeetingFactory(status=Meeting.Status.CANCELLED)
    [event] = fetch(client, one(meeting.pk)).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert "cancelled" in str(event["SUMMARY"])
    assert "Vakioasia" not in str(event["DESCRIPTION"])


def test_the_calendar_of_all_meetings_reaches_a_year_back(client: Client):
    body, other = BodyFactory(), BodyFactory()
    future = MeetingFactory(body=body, start=days_from_now(30))
    recent = MeetingFactory(body=body, start=days_from_now(-200))
    old = MeetingFactory(body=body, start=days_from_now(-400))
    elsewhere = MeetingFactory(body=other, start=days_from_now(10))
    found = events(fetch(client, ALL))
    uid = "meeting-{}@testserver".format
    assert set(found) == {uid(future.pk), uid(recent.pk), uid(elsewhere.pk)}
    assert uid(old.pk) not in found
    # Soonest first.
    assert list(found) == [uid(recent.pk), uid(elsewhere.pk), uid(future.pk)]

    per_body = fetch(client, ALL, body=body.slug)
    assert set(events(per_body)) == {uid(future.pk), uid(recent.pk)}
    assert body.name_fi in str(per_body["X-WR-CALNAME"])
    assert client.get(ALL, {"body": "ei-ole"}).status_code == 404
    assert client.get(one(999999)).status_code == 404


def test_the_event_is_the_same_event_in_every_calendar(client: Client):
    meeting = MeetingFactory(start=days_from_now(3))
    [single] = fetch(client, one(meeting.pk)).walk("VEVENT")
    listed = events(fetch(client, ALL))[str(single["UID"])]
    assert listed.decoded("DTSTART") == single.decoded("DTSTART")
    assert str(listed["SUMMARY"]) == str(single["SUMMARY"])


def test_query_count_does_not_grow_with_the_meetings(client, django_assert_max_num_queries):
    body = BodyFactory()
    for days in (5, 12, 19, 26):
        MeetingFactory(body=body, start=days_from_now(days))
    small_meeting("sent")  # an agenda with titles, within the last year of this test's clock
    with django_assert_max_num_queries(2):
        fetch(client, ALL)
    with django_assert_max_num_queries(3):
        assert len(fetch(client, ALL, body=body.slug).walk("VEVENT")) == 4


# Publication rules ----------------------------------------------------------------------------


def test_a_planned_meetings_items_never_appear(client: Client):
    small = small_meeting("planned")
    titles = [item.title for item in small.meeting.items.all()]
    assert "Palveluverkko" in titles
    move(small.meeting, days_from_now(20))
    for url in (one(small.meeting.pk), ALL):
        content = client.get(url).content.decode()
        for title in titles:
            assert title not in content
        assert "§" not in content


def test_the_members_online_meeting_link_is_not_published(client: Client):
    # The public documents leave the link out too (documents/_document.html): it is the members'.
    meeting = MeetingFactory(place="", online_url="https://teams.example/meet/salainen-4471")
    content = client.get(one(meeting.pk)).content.decode()
    assert "salainen-4471" not in content and "LOCATION" not in content


def test_published_minutes_add_no_decision_to_the_calendar(client: Client):
    small = small_meeting("published")
    description = str(fetch(client, one(small.meeting.pk)).walk("VEVENT")[0]["DESCRIPTION"])
    assert "§ 5 Palveluverkko" in description
    assert "Päätös" not in description and AFTER_DECISION_TEXT not in description


def test_a_removed_name_never_appears(client: Client):
    small = small_meeting("published")
    AgendaItem.objects.filter(pk=small.matter.pk).update(
        personal_data=True,
        private_persons="Matti Kivilahtinen",
        personal_data_removed_on=dt.date(2025, 12, 30),
        title="Poikkeuslupa Matti Kivilahtiselle",
        decision="Myönnetään Matti Kivilahtiselle poikkeuslupa.",
    )
    move(small.meeting, days_from_now(-3))
    for url in (one(small.meeting.pk), ALL):
        content = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "Kivilahti" not in content
        event = events(fetch(client, url))[f"meeting-{small.meeting.pk}@testserver"]
        description = str(event["DESCRIPTION"])
        assert "Poikkeuslupa [private person]" in description


def test_the_demo_meeting_of_seed_003(client: Client, demo):
    meeting = Meeting.objects.get(
        body__slug="vate-poliittinen-seurantaryhma", start=helsinki_datetime(2022, 1, 27, 12)
    )
    [event] = fetch(client, one(meeting.pk)).walk("VEVENT")
    assert event.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(
        2022, 1, 27, 10, 0, tzinfo=dt.UTC
    )
    assert str(event["LOCATION"]) == "Teams"
    assert "§ 4 Kohti hyvinvointialuetta: johtamisen rakenteet ja välineet" in str(
        event["DESCRIPTION"]
    )

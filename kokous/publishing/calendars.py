"""The public meeting calendars as iCalendar (RFC 5545) files, written with `icalendar`.

A subscribed calendar shows every meeting's time and place; its description lists the agenda's
titles once the agenda is public (`rules.item_listed_q` picks the items, `rules.item_for_public`
gives their titles). The invitations' calendar file (`kokous.invitations.calendar`) is a
different event: it is for the members, links to the staff pages and counts its own sequence
per sent invitation, so it keeps its own UID and builder.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from kokous.core.timeutil import HELSINKI, local_date
from kokous.meetings.models import AgendaItem, Meeting
from kokous.organisations.models import Body
from kokous.publishing import rules

# How far back the calendar of all meetings reaches; the future is always in full.
CALENDAR_PAST = dt.timedelta(days=366)
CONTENT_TYPE = "text/calendar; charset=utf-8"


def site_host() -> str:
    """The host of the configured site address: the stable domain of the events' UIDs."""
    return settings.KOKOUS_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]


def public_meeting_uid(meeting: Meeting) -> str:
    """The public event's identifier, the same in every download, so that a subscribed
    calendar updates the event instead of adding another."""
    return f"meeting-{meeting.pk}@{site_host()}"


def _meetings() -> QuerySet[Meeting]:
    listed = AgendaItem.objects.filter(rules.item_listed_q()).order_by("position")
    return Meeting.objects.select_related("body").prefetch_related(
        Prefetch("items", queryset=listed, to_attr="listed_items")
    )


def meeting_summary(meeting: Meeting) -> str:
    summary = _("%(body)s, meeting %(number)s/%(year)s") % {
        "body": meeting.body.name,
        "number": meeting.number,
        "year": meeting.year,
    }
    if meeting.status == Meeting.Status.CANCELLED:
        summary = _("%(summary)s (cancelled)") % {"summary": summary}
    return summary


def _description(meeting: Meeting, url: str) -> str:
    lines = []
    if rules.meeting_agenda_public(meeting=meeting):
        lines.append(_("Agenda:"))
        for item in meeting.listed_items:  # type: ignore[attr-defined]
            public = rules.item_for_public(item)
            lines.append(f"§ {public.section_number} {public.title}")
    elif meeting.status == Meeting.Status.CANCELLED:
        lines.append(_("The meeting has been cancelled."))
    else:
        lines.append(_("The agenda is published when the invitation has been sent."))
    lines += ["", url]
    return "\n".join(lines)


def meeting_event(*, meeting: Meeting, request: HttpRequest, stamp: dt.datetime) -> Event:
    """The public event of `meeting` (loaded by `_meetings`, with its listed items)."""
    url = request.build_absolute_uri(reverse("publishing:meeting", kwargs={"pk": meeting.pk}))
    event = Event()
    event.add("uid", public_meeting_uid(meeting))
    event.add("dtstamp", stamp)
    event.add("sequence", meeting.version)
    event.add("last-modified", meeting.modified_at)
    if meeting.time_known:
        event.add("dtstart", meeting.start.astimezone(HELSINKI))
        if meeting.end is not None:
            event.add("dtend", meeting.end.astimezone(HELSINKI))
    else:
        # Only the day is known (meetings recorded from old documents): an all-day event.
        day = local_date(meeting.start)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", meeting_summary(meeting))
    if meeting.place:
        event.add("location", meeting.place)
    event.add("url", url)
    event.add("description", _description(meeting, url))
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def _calendar_response(
    *, meetings: list[Meeting], name: str, request: HttpRequest, filename: str
) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//Kokous//Kokous//FI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting=meeting, request=request, stamp=stamp))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def meetings_ics(request: HttpRequest) -> HttpResponse:
    """Every meeting from a year back on, or one body's (`?body=<slug>`)."""
    meetings = _meetings().filter(start__gte=timezone.now() - CALENDAR_PAST).order_by("start")
    name = _("Meetings")
    slug = request.GET.get("body", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL
    if slug:
        body = Body.objects.filter(slug=slug).first()
        if body is None:
            raise Http404(_("No such body."))
        meetings = meetings.filter(body=body)
        name = _("Meetings: %(body)s") % {"body": body.name}
    filename = f"{slug or 'meetings'}.ics"
    return _calendar_response(
        meetings=list(meetings), name=name, request=request, filename=filename
    )


def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting as a calendar file to add to one's own calendar."""
    meeting = _meetings().filter(pk=pk).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    return _calendar_response(
        meetings=[meeting],
        name=meeting_summary(meeting),
        request=request,
        filename=f"meeting-{meeting.pk}.ics",
    )

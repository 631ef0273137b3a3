"""Filters for the documents: dates, times and lists as Finnish (and Swedish) records write them."""

import datetime as dt

from django import template
from django.urls import reverse
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kokous.core.timeutil import HELSINKI, format_fi_date
from kokous.documents import selectors
from kokous.meetings.models import Attachment, Meeting
from kokous.proceedings.models import Proposal

register = template.Library()


@register.filter
def fi_date(value: dt.date | None) -> str:
    """12.1.2022 (the same in Swedish records)."""
    return format_fi_date(value) if value is not None else ""


@register.filter
def meeting_when(meeting: Meeting, kind: str = "") -> str:
    """27.1.2022 klo 12.00–13.08, or the date alone when the time of day is not known. An
    agenda gives the start only: the end is known once the meeting has been held."""
    start = meeting.start.astimezone(HELSINKI)
    text = format_fi_date(start.date())
    if not meeting.time_known:
        return text
    text += f" {pgettext('time of day', 'at')} {time_format(start.time())}"
    if meeting.end is not None and kind != "agenda":
        end = meeting.end.astimezone(HELSINKI)
        if end.date() != start.date():
            text += f"–{date_format(end.date())} {time_format(end.time())}"
        else:
            text += f"–{time_format(end.time())}"
    return text


@register.filter
def pair(first: object, second: object) -> list[object]:
    """The two values that are set, in order (for the chair's and secretary's signatures)."""
    return [value for value in (first, second) if value is not None]


@register.filter
def sections(numbers: list[int]) -> str:
    """Section numbers with runs compressed: 1–3, 5 §."""
    runs: list[list[int]] = []
    for number in sorted(set(numbers)):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs]
    return ", ".join(parts) + " §" if parts else ""


@register.filter
def join_and(names: list[str]) -> str:
    """A, B ja C (A, B och C; A, B and C)."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {_('and')} {names[-1]}"


@register.filter
def appeal_paragraph(paragraph: str) -> SafeString:
    """A paragraph of appeal instructions; a first line of its own is the paragraph's heading."""
    heading, newline, rest = paragraph.partition("\n")
    if newline and rest.strip():
        return format_html(
            '<h4 class="appeal-heading">{}</h4><p>{}</p>', heading.strip(), rest.strip()
        )
    return format_html("<p>{}</p>", paragraph)


@register.filter
def proposal_label(proposal: Proposal) -> str:
    return selectors.proposal_label(proposal)


@register.filter
def appeal_title(kind: str, doc: selectors.Document) -> str:
    """The heading of the appeal instructions of `kind` printed in `doc`."""
    for group in doc.appeals:
        if group.instruction.kind == kind:
            return group.instruction.title
    return ""


@register.filter
def attachment_href(attachment: Attachment, links: str) -> str:
    """Where the document links an attachment: the workspace's download, or the public file."""
    if links == "staff":
        return reverse("staff:attachment", kwargs={"pk": attachment.pk})
    return reverse("publishing:attachment", kwargs={"pk": attachment.pk}) if attachment.file else ""

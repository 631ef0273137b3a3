"""RSS and Atom feeds of public decisions (Django's syndication framework).

The feeds read `kokous.publishing.selectors.decisions`, the selector of the decisions list and
the API, so a feed never carries a decision the publication rule holds back; every text of an
entry goes through `rules.item_for_public`. The query string is the decisions list's:
`?body=<slug>&organisation=<slug>&type=<decision_type>&q=<words>&from=<yyyy-mm-dd>&to=<...>`.
"""

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.urls import reverse
from django.utils.feedgenerator import SyndicationFeed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from kokous.core.feeds import Atom1Feed, Rss201rev2Feed
from kokous.core.timeutil import format_fi_date, helsinki_datetime, local_date
from kokous.meetings.models import AgendaItem
from kokous.organisations.models import Body, Organisation
from kokous.publishing import rules, selectors
from kokous.publishing.selectors import DecisionFilter

# The newest entries a feed carries; readers poll, so older ones are already theirs.
FEED_LIMIT = 50

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class FeedQueryError(ValueError):
    """A query string that names no valid filter (a malformed date, an unknown type)."""


@dataclass(frozen=True)
class DecisionFeedQuery:
    """What a decision feed was asked for: the filter and what it names, for the feed's title."""

    filters: DecisionFilter
    body: Body | None = None
    organisation: Organisation | None = None
    path: str = ""  # the feed's own path and query string


def _param(query: QueryDict, name: str) -> str:
    """A parameter of the query string, without NUL bytes (PostgreSQL refuses them)."""
    return query.get(name, "").replace("\x00", "").strip()


def decision_feed_query(*, query: QueryDict) -> DecisionFeedQuery:
    """The filter a feed's query string asks for. An unknown body or organisation is a 404 (the
    address names something that does not exist); a malformed date or an unknown decision type
    is a `FeedQueryError` (the request is wrong)."""
    body = organisation = None
    body_slug = _param(query, "body")
    if body_slug:
        body = Body.objects.select_related("organisation").filter(slug=body_slug).first()
        if body is None:
            raise Http404(_("No such body."))
    organisation_slug = _param(query, "organisation")
    if organisation_slug:
        organisation = Organisation.objects.filter(slug=organisation_slug).first()
        if organisation is None:
            raise Http404(_("No such organisation."))
    decision_type = query.get("type", "").strip()
    if decision_type and decision_type not in AgendaItem.DecisionType.values:
        raise FeedQueryError(_("Unknown type of decision."))
    date_from = _date(query.get("from", ""))
    date_to = _date(query.get("to", ""))
    if date_from and date_to and date_from > date_to:
        raise FeedQueryError(_("The start date is after the end date."))
    return DecisionFeedQuery(
        filters=DecisionFilter(
            body=body_slug,
            organisation=organisation_slug,
            date_from=date_from,
            date_to=date_to,
            decision_type=decision_type,
            q=_param(query, "q")[:200],
        ),
        body=body,
        organisation=organisation,
    )


def _date(value: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        if not _DATE.fullmatch(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise FeedQueryError(_("Give dates as yyyy-mm-dd.")) from exc


def _filter_labels(query: DecisionFeedQuery) -> list[str]:
    """What the feed is narrowed by, in words, for its title and description."""
    filters = query.filters
    labels = []
    if query.body is not None:
        labels.append(query.body.name)
    if query.organisation is not None:
        labels.append(query.organisation.name)
    if filters.decision_type:
        labels.append(str(AgendaItem.DecisionType(filters.decision_type).label))
    if filters.q:
        labels.append(_("search “%(words)s”") % {"words": filters.q})
    if filters.date_from:
        labels.append(_("from %(date)s") % {"date": format_fi_date(filters.date_from)})
    if filters.date_to:
        labels.append(_("until %(date)s") % {"date": format_fi_date(filters.date_to)})
    return labels


def decision_entry_title(item: AgendaItem) -> str:
    """ "Aluehallitus 25.11.2025 § 5 Palveluverkko": body, meeting day, section and title.
    `item` is the public version (`rules.item_for_public`)."""
    meeting = item.meeting
    return (
        f"{meeting.body.name} {format_fi_date(local_date(meeting.start))} "
        f"§ {item.section_number} {item.title}"
    )


class DecisionRssFeed(Feed):
    """The newest public decisions as RSS 2.0, narrowed by the query string."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = super().__call__(request, *args, **kwargs)
        except FeedQueryError as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "public, max-age=300"
        return response

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> DecisionFeedQuery:
        # One Feed instance serves every request: what a request asked for lives in `obj`.
        query = decision_feed_query(query=request.GET)
        return replace(query, path=request.get_full_path())

    def title(self, obj: DecisionFeedQuery) -> str:
        labels = _filter_labels(obj)
        if not labels:
            return _("Decisions")
        return _("Decisions: %(filters)s") % {"filters": ", ".join(labels)}

    def description(self, obj: DecisionFeedQuery) -> str:
        labels = _filter_labels(obj)
        if not labels:
            return _("The newest public decisions of all bodies, newest meeting first.")
        return _("The newest public decisions (%(filters)s), newest meeting first.") % {
            "filters": ", ".join(labels)
        }

    # Atom's subtitle is the RSS description.
    subtitle = description

    def link(self, obj: DecisionFeedQuery) -> str:
        path = reverse("publishing:decisions")
        query = obj.path.partition("?")[2]
        return f"{path}?{query}" if query else path

    def feed_url(self, obj: DecisionFeedQuery) -> str:
        return obj.path

    def feed_guid(self, obj: DecisionFeedQuery) -> str:
        return settings.KOKOUS_SITE_URL + obj.path

    def items(self, obj: DecisionFeedQuery) -> list[AgendaItem]:
        found = selectors.decisions(filters=obj.filters)[:FEED_LIMIT]
        return [rules.item_for_public(item) for item in found]

    def item_title(self, item: AgendaItem) -> str:
        return decision_entry_title(item)

    def item_description(self, item: AgendaItem) -> str:
        # Readers treat the description as HTML: the plain decision text is escaped first.
        text = linebreaks(item.decision, autoescape=True)
        if item.decision_type:
            label = _("Type of decision: %(type)s") % {"type": item.get_decision_type_display()}
            text += f"<p>{escape(label)}</p>"
        return text

    def item_link(self, item: AgendaItem) -> str:
        return reverse("publishing:item", kwargs={"pk": item.pk})

    def item_guid(self, item: AgendaItem) -> str:
        # The configured site address, not the request's: the identifier never changes.
        return settings.KOKOUS_SITE_URL + reverse("publishing:item", kwargs={"pk": item.pk})

    item_guid_is_permalink = False

    def item_pubdate(self, item: AgendaItem) -> dt.datetime:
        """When the decision became public: the day the minutes were published (midnight in
        Helsinki), or the meeting's start for minutes published before that was recorded."""
        day = item.meeting.minutes_published_on
        if day is None:
            return item.meeting.start
        return helsinki_datetime(day.year, day.month, day.day)

    def item_updateddate(self, item: AgendaItem) -> dt.datetime:
        return item.modified_at

    def item_author_name(self, item: AgendaItem) -> str:
        # The body decided; Atom requires an author on every entry of a feed without one.
        return item.meeting.body.name

    def item_categories(self, item: AgendaItem) -> list[str]:
        categories = [item.meeting.body.name]
        if item.decision_type:
            categories.append(str(item.get_decision_type_display()))
        return categories


class DecisionAtomFeed(DecisionRssFeed):
    """The same decisions as Atom 1.0."""

    feed_type = Atom1Feed

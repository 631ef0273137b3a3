"""RSS and Atom feeds of any public search (Django's syndication framework), newest first.

The query string is the search page's (`kokous.search.forms`); the feed always orders by date,
whatever `order` says. Entries come from `kokous.search.selectors.search` with the public
audience, so a feed carries only what the public index holds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import SyndicationFeed
from django.utils.translation import gettext as _

from kokous.core.feeds import Atom1Feed, Rss201rev2Feed
from kokous.core.timeutil import format_fi_date, helsinki_datetime
from kokous.search.forms import NOT_FILTERS, SearchForm, decision_type_label, query_filled
from kokous.search.models import Kind
from kokous.search.selectors import PUBLIC, Hit, search

# The newest entries a feed carries; readers poll, so older ones are already theirs.
FEED_LIMIT = 50


class SearchFeedQueryError(ValueError):
    """A query string the search form refuses."""


@dataclass
class SearchFeedQuery:
    """What a feed was asked for: the valid form, its query string, and what it found."""

    form: SearchForm
    query: str  # the filters' query string, without page and order
    path: str  # the feed's own path and query string
    hits: list[Hit] = field(default_factory=list)


def _labels(form: SearchForm) -> list[str]:
    """What the search is, in words, for the feed's title and description."""
    data = form.cleaned_data
    labels = []
    if data.get("q"):
        labels.append(_("“%(words)s”") % {"words": data["q"].strip()})
    if data.get("body"):
        labels.append(data["body"].name)
    kinds = dict(Kind.choices)
    labels += [str(kinds[kind]) for kind in dict.fromkeys(data.get("type") or ())]
    if data.get("decision_type"):
        labels.append(decision_type_label(data["decision_type"]))
    if data.get("from"):
        labels.append(_("from %(date)s") % {"date": format_fi_date(data["from"])})
    if data.get("to"):
        labels.append(_("until %(date)s") % {"date": format_fi_date(data["to"])})
    return labels


class SearchRssFeed(Feed):
    """A public search's newest results as RSS 2.0."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = super().__call__(request, *args, **kwargs)
        except SearchFeedQueryError as exc:
            return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "public, max-age=300"
        return response

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> SearchFeedQuery:
        # One Feed instance serves every request: what a request asked for lives in `obj`.
        form = SearchForm(request.GET)
        if not form.is_valid():
            messages = [
                " ".join(str(error) for error in errors)
                if name == "__all__"
                else f"{name}: {' '.join(str(error) for error in errors)}"
                for name, errors in form.errors.items()
            ]
            raise SearchFeedQueryError("\n".join(messages))
        arguments = {**form.search_kwargs(), "order": "date", "page": 1}
        found = search(audience=PUBLIC, page_size=FEED_LIMIT, **arguments)
        return SearchFeedQuery(
            form=form,
            query=query_filled(request.GET, without=NOT_FILTERS).urlencode(),
            path=request.get_full_path(),
            hits=found.hits,
        )

    def title(self, obj: SearchFeedQuery) -> str:
        return _("Search: %(search)s") % {"search": ", ".join(_labels(obj.form))}

    def description(self, obj: SearchFeedQuery) -> str:
        return _("The newest public documents found by the search %(search)s.") % {
            "search": ", ".join(_labels(obj.form))
        }

    # Atom's subtitle is the RSS description.
    subtitle = description

    def link(self, obj: SearchFeedQuery) -> str:
        path = reverse("search:page")
        return f"{path}?{obj.query}" if obj.query else path

    def feed_url(self, obj: SearchFeedQuery) -> str:
        return obj.path

    def feed_guid(self, obj: SearchFeedQuery) -> str:
        return settings.KOKOUS_SITE_URL + obj.path

    def items(self, obj: SearchFeedQuery) -> list[Hit]:
        return obj.hits

    def item_title(self, item: Hit) -> str:
        return item.title

    def item_description(self, item: Hit) -> str:
        # The snippet is escaped HTML with the matched words in <mark>.
        return str(item.snippet)

    def item_link(self, item: Hit) -> str:
        return item.url

    def item_guid(self, item: Hit) -> str:
        # The configured site address, not the request's: the identifier never changes.
        return settings.KOKOUS_SITE_URL + item.url

    item_guid_is_permalink = False

    def item_pubdate(self, item: Hit) -> dt.datetime | None:
        if item.date is None:
            return None
        return helsinki_datetime(item.date.year, item.date.month, item.date.day)

    def item_author_name(self, item: Hit) -> str:
        # Atom requires an author on every entry of a feed without one.
        return item.body.name if item.body is not None else "Kokous"

    def item_categories(self, item: Hit) -> list[str]:
        categories = [item.kind_label]
        if item.body is not None:
            categories.append(item.body.name)
        if item.decision_type:
            categories.append(decision_type_label(item.decision_type))
        return categories


class SearchAtomFeed(SearchRssFeed):
    """The same results as Atom 1.0."""

    feed_type = Atom1Feed

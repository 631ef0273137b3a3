"""The search form: what the search page, the staff search, the feeds and the API read from a
query string, checked, and turned into the arguments of `kokous.search.selectors.search`.

One set of parameter names everywhere (a page's query string is also its feed's and its
alert's): `q`, `body` (a body's slug), `from` and `to` (yyyy-mm-dd), `type` (kinds of document,
repeated or comma-separated), `decision_type`, `order` (`relevance` or `date`) and `page`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kokous.meetings.models import AgendaItem
from kokous.publishing.forms import SearchInput, body_field, date_field, decision_type_choices
from kokous.search import analysis
from kokous.search.models import Kind
from kokous.search.selectors import ORDERS, SearchFilter

MAX_QUERY = 500
MAX_PAGE = 1000  # deeper pages are no use to a reader and costly to compute
ORDER_CHOICES = [("relevance", _("Best match first")), ("date", _("Newest first"))]
# The kinds as the form offers them: decisions first, what a resident mostly looks for.
KIND_CHOICES = [
    (Kind.ITEM.value, _("Agenda items and decisions")),
    (Kind.ATTACHMENT.value, _("Attachments")),
    (Kind.MEETING.value, _("Meetings")),
    (Kind.CASE.value, _("Cases")),
    (Kind.BODY.value, _("Bodies")),
    (Kind.PERSON.value, _("People")),
    (Kind.NEWS.value, _("News")),
]
# Parameters that do not change what is found: left out of a feed's or an alert's address.
NOT_FILTERS = ("page", "page_size", "order")


def search_languages() -> tuple[str, ...]:
    """The languages a query is analysed in: Finnish always, Swedish too for a Swedish
    reader."""
    if (get_language() or "").startswith(analysis.SWEDISH):
        return (analysis.FINNISH, analysis.SWEDISH)
    return (analysis.FINNISH,)


class KindsField(forms.MultipleChoiceField):
    """Kinds of document, as repeated parameters (`type=item&type=case`, what a form's
    checkboxes send) or comma-separated (`type=item,case`, handier in an address)."""

    def to_python(self, value: Any) -> list[str]:
        values = super().to_python(value)
        return [part.strip() for item in values for part in item.split(",") if part.strip()]


class SearchForm(forms.Form):
    """The search's words and filters. Bad input (a malformed date, an unknown body, kind or
    type, a page that is no number, a null character) is a field error, never an exception."""

    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=MAX_QUERY,
        widget=SearchInput(attrs={"maxlength": MAX_QUERY}),
        help_text=_(
            'Words find their inflected forms. "Quotes" for a phrase, an asterisk for a '
            "beginning (valtuusto*), a minus to leave a word out."
        ),
    )
    body = forms.Field()  # replaced in __init__: querysets are built per form
    type = KindsField(
        label=_("Kind of document"),
        required=False,
        choices=KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    decision_type = forms.ChoiceField(label=_("Type of decision"), required=False)
    order = forms.ChoiceField(label=_("Order"), required=False, choices=ORDER_CHOICES)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, data: QueryDict | None = None, *args: Any, **kwargs: Any) -> None:
        # A null character cannot be stored or looked up (PostgreSQL refuses it): values are
        # cleaned of it here and the field reports it, so that no lookup ever sees one.
        self.null_fields: set[str] = set()
        if data is not None:
            clean = QueryDict(mutable=True)
            for name, values in data.lists():
                if any("\x00" in value for value in values):
                    self.null_fields.add(name)
                clean.setlist(name, [value.replace("\x00", "") for value in values])
            data = clean
        super().__init__(data, *args, **kwargs)
        self.fields["body"] = body_field()
        self.fields["decision_type"].choices = decision_type_choices()  # type: ignore[attr-defined]
        # "from" is a Python keyword, so these two cannot be declared as class attributes.
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = date_field(label, _("As yyyy-mm-dd, e.g. 2022-01-27."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in sorted(self.null_fields):
            field = name if name in self.fields else None
            self.add_error(field, _("Null characters are not allowed."))
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date is before the start date."))
        return data

    def search_filter(self) -> SearchFilter:
        """The selector's filter for the cleaned form (call after `is_valid()`)."""
        data = self.cleaned_data
        body = data.get("body")
        return SearchFilter(
            body=body.pk if body else None,
            date_from=data.get("from"),
            date_to=data.get("to"),
            kinds=tuple(dict.fromkeys(data.get("type") or ())),
            decision_type=data.get("decision_type") or "",
        )

    def search_kwargs(self) -> dict[str, Any]:
        """The arguments of `selectors.search` but the audience (call after `is_valid()`)."""
        data = self.cleaned_data
        order = data.get("order") or "relevance"
        return {
            "q": (data.get("q") or "").strip(),
            "filters": self.search_filter(),
            "order": order if order in ORDERS else "relevance",
            "page": data.get("page") or 1,
            "languages": search_languages(),
        }


def decision_type_label(value: str) -> str:
    """The name of a decision type (the value itself if the index holds one no longer known)."""
    return str(dict(AgendaItem.DecisionType.choices).get(value, value))


def query_filled(query: QueryDict, *, without: tuple[str, ...] = ()) -> QueryDict:
    """`query` without its empty parameters and without the parameters `without`."""
    filled = QueryDict(mutable=True)
    for name, values in query.lists():
        kept = [value for value in values if value.strip()]
        if kept and name not in without:
            filled.setlist(name, kept)
    return filled

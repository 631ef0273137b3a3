"""The filter forms of the public pages (GET forms: their values live in the address).

The parameter names are the ones the feeds and calendars read (`kokous.publishing.feeds`,
`kokous.publishing.calendars`), so that a list's query string also subscribes to it."""

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kokous.meetings.models import AgendaItem
from kokous.organisations.models import Body, Organisation
from kokous.publishing.selectors import DecisionFilter

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class SearchInput(forms.TextInput):
    input_type = "search"


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's date picker, which sends ISO dates


class MonthInput(forms.TextInput):
    input_type = "month"  # a month picker where the browser has one, a text field elsewhere


class BodyChoiceField(forms.ModelChoiceField):
    """A body by its slug, shown by its name in the active language."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def body_field() -> BodyChoiceField:
    return BodyChoiceField(
        label=_("Body"),
        queryset=Body.objects.order_by("name_fi"),
        to_field_name="slug",
        required=False,
        empty_label=_("All bodies"),
    )


def date_field(label: "StrOrPromise", help_text: "StrOrPromise" = "") -> forms.DateField:
    # ISO dates (what <input type="date"> sends) are always accepted besides the locale's.
    return forms.DateField(
        label=label,
        required=False,
        widget=DateInput(format="%Y-%m-%d"),
        help_text=help_text,
    )


def decision_type_choices() -> list[tuple[str, "StrOrPromise"]]:
    return [("", _("All types")), *AgendaItem.DecisionType.choices]


class DecisionFilterForm(forms.Form):
    """The decisions list's filters; `filters()` gives the selector's `DecisionFilter`."""

    q = forms.CharField(label=_("Words"), required=False, max_length=200, widget=SearchInput)
    body = forms.Field()  # replaced in __init__: querysets are built per form
    organisation = forms.Field()
    type = forms.ChoiceField(label=_("Type of decision"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"] = body_field()
        self.fields["organisation"] = OrganisationChoiceField(
            label=_("Organisation"),
            queryset=Organisation.objects.order_by("name_fi"),
            to_field_name="slug",
            required=False,
            empty_label=_("All organisations"),
        )
        self.fields["type"].choices = decision_type_choices()  # type: ignore[attr-defined]
        # "from" is a Python keyword, so these two cannot be declared as class attributes.
        self.fields["from"] = date_field(_("From"))
        self.fields["to"] = date_field(_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", _("The end date is before the start date."))
        return data

    def filters(self) -> DecisionFilter:
        """The selector's filter for the cleaned form (call after `is_valid()`)."""
        data = self.cleaned_data
        body, organisation = data.get("body"), data.get("organisation")
        return DecisionFilter(
            body=body.slug if body else "",
            organisation=organisation.slug if organisation else "",
            date_from=data.get("from"),
            date_to=data.get("to"),
            decision_type=data.get("type") or "",
            q=(data.get("q") or "").strip(),
        )


class MeetingCalendarForm(forms.Form):
    """The meeting calendar's month (yyyy-mm) and body."""

    month = forms.CharField(
        label=_("Month"),
        required=False,
        widget=MonthInput(attrs={"placeholder": "2022-01"}),
    )
    body = forms.Field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"] = body_field()

    def clean_month(self) -> dt.date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        match = _MONTH.match(value)
        if match is None or not (1 <= int(match[2]) <= 12) or not (1900 <= int(match[1]) <= 2200):
            raise forms.ValidationError(_("Give the month as year and month, e.g. 2022-01."))
        return dt.date(int(match[1]), int(match[2]), 1)

"""Forms of the staff workspace. They validate input and hand it to the services; the rules
themselves (numbering, concurrency, what may change when) live in the services."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import ProseEditorWidget

from kokous.cases.models import Case, task_class_validator
from kokous.core.forms import ModelMultipleChoiceField
from kokous.core.timeutil import HELSINKI
from kokous.meetings.models import AgendaItem, AppealKind, Meeting, Publicity
from kokous.organisations.models import Body, Membership, Person

# The rich-text editor offers what the sanitiser keeps (kokous.core.text.ALLOWED_TAGS).
PROSE_EDITOR_CONFIG = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Underline": True,
        "Subscript": True,
        "Superscript": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
        "Table": True,
        "TableRow": True,
        "TableHeader": True,
        "TableCell": True,
        "History": True,
        # The browser's own spelling check helps the people who write the texts.
        "NoSpellCheck": False,
    }
}


def people_for_body(body: Body, *, also: Q | None = None) -> QuerySet[Person]:
    """The people who hold or have held a role in the bodies of `body`'s organisation (and
    those matching `also`, such as an item's current contacts)."""
    condition = Q(
        pk__in=Membership.objects.filter(body__organisation_id=body.organisation_id).values(
            "person_id"
        )
    )
    if also is not None:
        condition |= also
    return Person.objects.filter(condition).order_by("last_name", "first_name")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return f"{obj.last_name} {obj.first_name}" + (f", {obj.title}" if obj.title else "")


class PeopleChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return f"{obj.last_name} {obj.first_name}" + (f", {obj.title}" if obj.title else "")


class LegalBasisRequired:
    """A form with `publicity` and `legal_basis`: a confidential thing must state the legal
    basis for its secrecy (the model's constraint, said to the user at the field)."""

    legal_basis_message = _("A confidential item must state the legal basis for secrecy.")

    def _check_legal_basis(self, data: dict[str, Any]) -> None:
        if data.get("publicity") == Publicity.CONFIDENTIAL and not data.get("legal_basis"):
            self.add_error("legal_basis", self.legal_basis_message)  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    """A meeting's time, place and officers. `version` is the version the editor opened."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at (estimate)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_url = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )
    chair = PersonChoiceField(label=_("Chair"), queryset=Person.objects.none(), required=False)
    secretary = PersonChoiceField(
        label=_("Secretary"), queryset=Person.objects.none(), required=False
    )
    presenter = PersonChoiceField(
        label=_("Presenter"), queryset=Person.objects.none(), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = people_for_body(body)
        for name in ("chair", "secretary", "presenter"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, meeting: Meeting) -> dict[str, Any]:
        start = meeting.start.astimezone(HELSINKI)
        return {
            "date": start.date(),
            "start_time": start.time(),
            "end_time": meeting.end.astimezone(HELSINKI).time() if meeting.end else None,
            "place": meeting.place,
            "online_url": meeting.online_url,
            "chair": meeting.chair_id,
            "secretary": meeting.secretary_id,
            "presenter": meeting.presenter_id,
            "version": meeting.version,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        date, start_time, end_time = data.get("date"), data.get("start_time"), data.get("end_time")
        if date is not None and start_time is not None:
            data["start"] = dt.datetime.combine(date, start_time, tzinfo=HELSINKI)
            data["end"] = None
            if end_time is not None:
                if end_time <= start_time:
                    self.add_error("end_time", _("The meeting must end after it starts."))
                else:
                    data["end"] = dt.datetime.combine(date, end_time, tzinfo=HELSINKI)
        if not data.get("place") and not data.get("online_url"):
            self.add_error("place", _("Give the place or the online meeting link (or both)."))
        return data


class AgendaItemCreateForm(LegalBasisRequired, forms.Form):
    """A new item: its title, presenter and case (none, a new one, or an existing one)."""

    class CaseMode:
        NONE = "none"
        NEW = "new"
        EXISTING = "existing"

    title = forms.CharField(label=_("Title"), max_length=500)
    case_mode = forms.ChoiceField(
        label=_("Case"),
        choices=[
            (CaseMode.NEW, _("Open a new case")),
            (CaseMode.EXISTING, _("Continue an existing case")),
            (CaseMode.NONE, _("No case (for example a matter for information only)")),
        ],
        initial=CaseMode.NEW,
        widget=forms.RadioSelect,
    )
    task_class = forms.CharField(
        label=_("Task class of the new case"),
        max_length=8,
        required=False,
        validators=[task_class_validator],
        help_text=_("For example 00.01.00. Leave empty if not known yet."),
    )
    case = forms.ModelChoiceField(
        label=_("Existing case"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_("Search by record number or title."),
    )
    presenter = PersonChoiceField(
        label=_("Presenter"), queryset=Person.objects.none(), required=False
    )
    publicity = forms.ChoiceField(
        label=_("Publicity"), choices=Publicity.choices, initial=Publicity.PUBLIC
    )
    legal_basis = forms.CharField(
        label=_("Legal basis for secrecy"),
        max_length=200,
        required=False,
        help_text=_("Required when the item is confidential, e.g. JulkL 24 § 1 mom. 25 k."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = Case.objects.filter(  # type: ignore[attr-defined]
            organisation_id=meeting.body.organisation_id
        )
        self.fields["presenter"].queryset = people_for_body(meeting.body)  # type: ignore[attr-defined]
        self.fields["presenter"].initial = meeting.presenter_id

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("case_mode") == self.CaseMode.EXISTING and not data.get("case"):
            self.add_error("case", _("Choose the case to continue."))
        self._check_legal_basis(data)
        return data


def case_options(*, organisation_id: int, query: str, limit: int = 50) -> QuerySet[Case]:
    """Cases of the organisation whose record number or title contains `query` (its first ten
    words: a query of thousands would take minutes to build; NUL bytes, which PostgreSQL
    refuses, dropped)."""
    cases = Case.objects.filter(organisation_id=organisation_id)
    for word in query.replace("\x00", "").split()[:10]:
        cases = cases.filter(Q(record_number__icontains=word) | Q(title__icontains=word))
    return cases.order_by("-year", "-running_number", "title")[:limit]


class AgendaItemForm(LegalBasisRequired, forms.Form):
    """An item's texts, publicity and contacts; managers also choose the presenter."""

    title = forms.CharField(label=_("Title"), max_length=500)
    preparation_text = forms.CharField(
        label=_("Preparation text"),
        required=False,
        widget=ProseEditorWidget(config=PROSE_EDITOR_CONFIG, preset="configurable"),
    )
    proposal = forms.CharField(
        label=_("Presenter's proposal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    publicity = forms.ChoiceField(label=_("Publicity"), choices=Publicity.choices)
    legal_basis = forms.CharField(
        label=_("Legal basis for secrecy"),
        max_length=200,
        required=False,
        help_text=_("Required when the item is confidential, e.g. JulkL 24 § 1 mom. 25 k."),
    )
    presenter = PersonChoiceField(
        label=_("Presenter"), queryset=Person.objects.none(), required=False
    )
    appeal_kind = forms.ChoiceField(
        label=_("Appeal instructions"),
        choices=[("", _("By the decision and the body"))] + list(AppealKind.choices),
        required=False,
        help_text=_(
            "No appeal for preparation, execution or noting; rectification for boards and "
            "committees; an appeal to the administrative court for councils."
        ),
    )
    contacts = PeopleChoiceField(
        label=_("More information from"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, item: AgendaItem, can_choose_presenter: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        people = people_for_body(item.meeting.body)
        self.fields["presenter"].queryset = people  # type: ignore[attr-defined]
        self.fields["presenter"].disabled = not can_choose_presenter
        self.fields["contacts"].queryset = people_for_body(  # type: ignore[attr-defined]
            item.meeting.body, also=Q(pk__in=item.contacts.values("pk"))
        )

    @classmethod
    def initial_from(cls, item: AgendaItem) -> dict[str, Any]:
        return {
            "title": item.title,
            "preparation_text": item.preparation_text,
            "proposal": item.proposal,
            "publicity": item.publicity,
            "legal_basis": item.legal_basis,
            "presenter": item.presenter_id,
            "appeal_kind": item.appeal_kind,
            "contacts": list(item.contacts.values_list("pk", flat=True)),
            "version": item.version,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_legal_basis(data)
        return data


class PersonalDataForm(forms.Form):
    """Which private persons an item names (their names leave the public version when the
    appeal period ends)."""

    personal_data = forms.BooleanField(
        label=_("The item contains personal data of private persons"), required=False
    )
    private_persons = forms.CharField(
        label=_("Names of private persons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One name per line as the texts write it, e.g. Matti Virtanen. Members of bodies "
            "acting in their official capacity stay named."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("personal_data") and not (data.get("private_persons") or "").strip():
            self.add_error(
                "private_persons",
                _("List the private persons whose names are removed when the appeal period ends."),
            )
        return data


class AttachmentForm(LegalBasisRequired, forms.Form):
    legal_basis_message = _("A confidential attachment must state the legal basis.")

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, an office document or an image."),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt,"
                ".png,.jpg,.jpeg,.gif,.webp,.tif,.tiff"
            }
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        help_text=_("Leave empty to use the file's name."),
    )
    publicity = forms.ChoiceField(
        label=_("Publicity"), choices=Publicity.choices, initial=Publicity.PUBLIC
    )
    legal_basis = forms.CharField(
        label=_("Legal basis for secrecy"), max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._check_legal_basis(data)
        return data


def parse_month(value: str | None, *, today: dt.date) -> tuple[int, int]:
    """A month given as YYYY-MM, or today's month; ValidationError for anything else."""
    if not value:
        return today.year, today.month
    try:
        year_text, month_text = value.split("-")
        year, month = int(year_text), int(month_text)
    except ValueError as exc:
        raise ValidationError(_("Give the month as YYYY-MM, e.g. 2026-11.")) from exc
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise ValidationError(_("Give the month as YYYY-MM, e.g. 2026-11."))
    return year, month

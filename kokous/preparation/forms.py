"""Forms of the staff pages of preparation work. They only read input: the services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kokous.cases.models import Case
from kokous.core.forms import ModelMultipleChoiceField
from kokous.meetings.models import AgendaItem
from kokous.organisations.models import Body, Person
from kokous.preparation.models import Roadmap, Task

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TaskForm(forms.Form):
    """Every field of a task: for the leads of its group."""

    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("For example A2.1 or 1.10."))
    title = forms.CharField(label=_("Title"), max_length=500)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    group = forms.ModelChoiceField(label=_("Group"), queryset=Body.objects.none(), required=False)
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=Person.objects.all(), required=False
    )
    participants = ModelMultipleChoiceField(
        label=_("Other participants"), queryset=Person.objects.all(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )  # fmt: skip
    participants_note = forms.CharField(
        label=_("Others taking part"), max_length=300, required=False
    )
    phase = forms.ModelChoiceField(label=_("Phase"), queryset=Task.objects.none(), required=False)
    start = forms.DateField(label=_("Starts"), required=False, widget=DateInput())
    due = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    weight = forms.IntegerField(label=_("Weight"), min_value=0, max_value=1000, initial=1)

    def __init__(self, *args: Any, roadmap: Roadmap, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
        self.fields["phase"].queryset = roadmap.phases.all()  # type: ignore[attr-defined]

    @staticmethod
    def initial_of(task: Task) -> dict[str, Any]:
        return {
            "code": task.code, "title": task.title, "description": task.description,
            "group": task.group_id, "responsible": task.responsible_id,
            "participants": list(task.participants.all()),
            "participants_note": task.participants_note,
            "phase": task.phase_id, "start": task.start, "due": task.due, "status": task.status,
            "progress": task.progress, "weight": task.weight,
        }  # fmt: skip


class TaskProgressForm(forms.Form):
    """Status and progress: what the responsible person updates."""

    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


class RoadmapImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file or spreadsheet (.xlsx)"),
        help_text=_("The first row names the columns: code and title at least."),
    )

    def clean_file(self) -> Any:
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return file


class TaskReportForm(forms.Form):
    """Where the task was reported or decided: an agenda item, a case, or a note."""

    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False
    )
    case = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none(), required=False)
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False,
        help_text=_("For example: Väliarviointi VATE 9.2.2022."),
    )  # fmt: skip
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, items: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, prefix="report", **kwargs)
        self.fields["agenda_item"].queryset = items  # type: ignore[attr-defined]
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self.fields["agenda_item"].label_from_instance = (  # type: ignore[attr-defined]
            lambda item: f"{item.meeting.body.name} {item.meeting.start:%d.%m.%Y} {item}"
        )

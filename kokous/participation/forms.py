"""Forms of participation: the answering form built from a survey's questions, the comment
form, and the staff's forms. They convert what the browser sends into values and hand them to
`kokous.participation.services`, which holds the rules."""

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kokous.core.forms import ModelMultipleChoiceField
from kokous.core.timeutil import HELSINKI
from kokous.participation import services
from kokous.participation.models import CommentRound, Option, Question, Section, Survey
from kokous.participation.services import SurveyQuestions

HONEYPOT = "website"
TOKEN = "form_token"
FILE_ACCEPT = (
    ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff"
)


class SpamFieldsMixin(forms.Form):
    """The honeypot (a field people do not see) and the signed time the form was shown."""

    website = forms.CharField(label=_("Leave this empty"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)


@dataclass
class QuestionBlock:
    """A question as the template shows it: its fields (several for a matrix or ranking)."""

    question: Question
    number: int
    names: list[str]
    condition: "Question | None" = None
    condition_options: list[Option] = field(default_factory=list)


def _scale_choices(question: Question) -> list[tuple[str, str]]:
    return [(str(point), label) for point, label in enumerate(question.scale_labels(), start=1)]


class AnswerForm(SpamFieldsMixin):
    """A survey's questions as fields named "q<id>" (a matrix's rows and a ranking's items as
    "q<id>_<option id>"). `clean()` turns them into values by question id and checks them
    with `services.answers_clean`; its errors land on the question's first field."""

    def __init__(self, *args: Any, sq: SurveyQuestions, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sq = sq
        self.blocks: list[QuestionBlock] = []
        options_by_id = {o.pk: o for options in sq.options.values() for o in options}
        questions_by_id = {q.pk: q for q in sq.questions}
        for number, question in enumerate(sq.questions, start=1):
            names = self._fields_add(question, sq.options[question.pk])
            block = QuestionBlock(question=question, number=number, names=names)
            source = sq.condition_source(question)
            if source is not None:
                block.condition = questions_by_id[source]
                block.condition_options = [
                    options_by_id[pk] for pk in sorted(sq.conditions[question.pk])
                ]
            self.blocks.append(block)

    def _fields_add(self, question: Question, options: list[Option]) -> list[str]:
        name = f"q{question.pk}"
        kind = question.kind
        common = {"label": question.text, "required": False, "help_text": question.help_text}
        choices = [(str(o.pk), o.text) for o in options]
        if kind == Question.Kind.SHORT_TEXT:
            self.fields[name] = forms.CharField(max_length=services.SHORT_TEXT_MAX, **common)
        elif kind == Question.Kind.LONG_TEXT:
            self.fields[name] = forms.CharField(
                max_length=services.LONG_TEXT_MAX,
                widget=forms.Textarea(attrs={"rows": 5}),
                **common,
            )
        elif kind == Question.Kind.SINGLE:
            self.fields[name] = forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, **common
            )
        elif kind == Question.Kind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(
                choices=choices, widget=forms.CheckboxSelectMultiple, **common
            )
        elif kind == Question.Kind.SCALE:
            self.fields[name] = forms.ChoiceField(
                choices=_scale_choices(question), widget=forms.RadioSelect, **common
            )
        elif kind == Question.Kind.MATRIX:
            names = []
            for option in options:
                sub = f"{name}_{option.pk}"
                self.fields[sub] = forms.ChoiceField(
                    label=option.text,
                    required=False,
                    choices=_scale_choices(question),
                    widget=forms.RadioSelect,
                )
                names.append(sub)
            return names
        elif kind == Question.Kind.RANKING:
            names = []
            ranks = [("", "–")] + [(str(n), str(n)) for n in range(1, len(options) + 1)]
            for option in options:
                sub = f"{name}_{option.pk}"
                self.fields[sub] = forms.ChoiceField(
                    label=option.text, required=False, choices=ranks
                )
                names.append(sub)
            return names
        elif kind == Question.Kind.FILE:
            self.fields[name] = forms.FileField(
                widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}), **common
            )
        # Groups of radios and checkboxes say "required" in their legend; ARIA allows
        # aria-required only on the text and file inputs.
        text_like = kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT, Question.Kind.FILE)
        if question.required and text_like and question.pk not in self.sq.conditions:
            self.fields[name].widget.attrs["aria-required"] = "true"
        return [name]

    def values(self) -> dict[int, Any]:
        """The answers by question id, from the cleaned fields."""
        data = self.cleaned_data
        values: dict[int, Any] = {}
        for block in self.blocks:
            question = block.question
            name = f"q{question.pk}"
            kind = question.kind
            if kind in (Question.Kind.SINGLE, Question.Kind.SCALE):
                raw = data.get(name) or ""
                if kind == Question.Kind.SINGLE:
                    values[question.pk] = [int(raw)] if raw else []
                else:
                    values[question.pk] = int(raw) if raw else None
            elif kind == Question.Kind.MULTIPLE:
                values[question.pk] = [int(v) for v in data.get(name) or []]
            elif kind == Question.Kind.MATRIX:
                values[question.pk] = {
                    sub.rsplit("_", 1)[1]: int(data[sub]) for sub in block.names if data.get(sub)
                }
            elif kind == Question.Kind.RANKING:
                ranks = {int(sub.rsplit("_", 1)[1]): data.get(sub) for sub in block.names}
                given = sorted((int(r), pk) for pk, r in ranks.items() if r)
                if len({r for r, _pk in given}) != len(given):
                    raise ValidationError({block.names[0]: _("Give each item a different rank.")})
                if [r for r, _pk in given] != list(range(1, len(given) + 1)):
                    raise ValidationError(
                        {block.names[0]: _("Number the ranks from 1 without gaps.")}
                    )
                values[question.pk] = [pk for _r, pk in given]
            else:
                values[question.pk] = data.get(name)
        return values

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            services.answers_clean(sq=self.sq, values=self.values())
        except ValidationError as error:
            first = {block.question.pk: block.names[0] for block in self.blocks}
            for key, messages in error.message_dict.items():
                qid = int(key[1:]) if key.startswith("q") and key[1:].isdigit() else None
                self.add_error(first.get(qid) if qid else None, messages)  # type: ignore[arg-type]
        return cleaned

    def block_errors(self) -> dict[int, list[str]]:
        return {
            block.question.pk: [e for name in block.names for e in self.errors.get(name, [])]
            for block in self.blocks
        }


class CommentForm(SpamFieldsMixin):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=services.COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    author_name = forms.CharField(
        label=_("Name or nickname (optional)"),
        max_length=100,
        required=False,
        help_text=_("Shown with your comment. Leave empty to comment anonymously."),
    )
    paragraph = forms.IntegerField(required=False, widget=forms.HiddenInput)


# Staff forms -----------------------------------------------------------------------------------


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"])
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if hasattr(value, "astimezone"):
            return value.astimezone(HELSINKI).strftime("%Y-%m-%dT%H:%M")
        return value


CONSULTATION_FIELDS = [
    "organisation", "case", "title", "introduction", "contact", "opens_at", "closes_at",
    "published", "sign_in", "privacy_notice",
]  # fmt: skip


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [*CONSULTATION_FIELDS, "anonymity", "results_public", "thanks"]
        field_classes = {"opens_at": LocalDateTimeField, "closes_at": LocalDateTimeField}
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "privacy_notice": forms.Textarea(attrs={"rows": 4}),
            "thanks": forms.Textarea(attrs={"rows": 2}),
        }


class CommentRoundForm(forms.ModelForm):
    document = forms.FileField(
        label=_("Draft document"),
        required=False,
        help_text=_("Markdown, Word (DOCX) or PDF with text. It is split into paragraphs."),
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,.txt,.docx,.pdf"}),
    )

    class Meta:
        model = CommentRound
        fields = CONSULTATION_FIELDS
        field_classes = {"opens_at": LocalDateTimeField, "closes_at": LocalDateTimeField}
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "privacy_notice": forms.Textarea(attrs={"rows": 4}),
        }


class ClosingForm(forms.Form):
    closes_at = LocalDateTimeField(label=_("New closing time"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        help_text=_("Shown with the change, e.g. 'More time for answers'."),
    )


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class QuestionForm(forms.ModelForm):
    options = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One on each line: the choices, a matrix's statements, or the items to rank."),
    )
    show_if = ModelMultipleChoiceField(
        label=_("Show only when the answer was"),
        queryset=Option.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Options of an earlier choice question. Empty: always shown."),
    )

    class Meta:
        model = Question
        fields = [
            "section", "kind", "text", "help_text", "required", "scale_points",
            "scale_min_label", "scale_max_label",
        ]  # fmt: skip

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = survey.sections.all()  # type: ignore[attr-defined]
        earlier = Option.objects.filter(
            question__survey=survey, question__kind__in=Question.CHOICE_KINDS
        ).select_related("question")
        if self.instance.pk:
            earlier = earlier.exclude(question=self.instance)
            self.fields["options"].initial = "\n".join(o.text for o in self.instance.options.all())
            self.fields["show_if"].initial = list(self.instance.show_if.all())
        self.fields["show_if"].queryset = earlier  # type: ignore[attr-defined]
        self.fields["show_if"].label_from_instance = lambda o: f"{o.question.text}: {o.text}"  # type: ignore[attr-defined]


class HideForm(forms.Form):
    hidden_reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=300,
        help_text=_("Shown in place of the comment, e.g. 'Insulting language'."),
    )

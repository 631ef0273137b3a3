"""Forms of the news app: they validate input and hand it to `kokous.news.services`."""

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import ProseEditorWidget

from kokous.core.forms import ModelMultipleChoiceField
from kokous.core.timeutil import HELSINKI
from kokous.news.models import Category, News
from kokous.organisations.models import Organisation
from kokous.staff.forms import PROSE_EDITOR_CONFIG

ATTACHMENT_ACCEPT = (
    ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt,.png,.jpg,.jpeg,.gif,.webp,.tif,.tiff"
)


class CategoryChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Category) -> str:  # type: ignore[override]
        return obj.name


class NewsForm(forms.Form):
    """A news item as communications staff write it, with one optional new attachment."""

    title = forms.CharField(label=_("Title"), max_length=300)
    lead = forms.CharField(
        label=_("Lead"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A summary of one or two sentences, shown in the archive and feeds."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=ProseEditorWidget(config=PROSE_EDITOR_CONFIG, preset="configurable"),
    )
    categories = CategoryChoiceField(
        label=_("Categories"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    contacts = forms.CharField(
        label=_("More information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who gives more information, as it should read, e.g. name, title, phone."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=News.Status.choices)
    publish_date = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Empty: at once when published. A later date schedules the publication."),
    )
    publish_time = forms.TimeField(
        label=_("Publication time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Helsinki time."),
    )
    send_newsletter = forms.BooleanField(
        label=_("Send as newsletter"),
        required=False,
        help_text=_("E-mailed to the subscribers of its categories when the news becomes public."),
    )
    attachment = forms.FileField(
        label=_("Add an attachment"),
        required=False,
        help_text=_("PDF, an office document or an image."),
        widget=forms.ClearableFileInput(attrs={"accept": ATTACHMENT_ACCEPT}),
    )
    attachment_title = forms.CharField(
        label=_("Title of the attachment"),
        max_length=300,
        required=False,
        help_text=_("Leave empty to use the file's name."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = Category.objects.order_by("position")  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = Organisation.objects.order_by("name_fi")  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, news: News) -> dict[str, Any]:
        local = news.publish_at.astimezone(HELSINKI) if news.publish_at else None
        return {
            "title": news.title,
            "lead": news.lead,
            "body": news.body,
            "categories": list(news.categories.values_list("pk", flat=True)),
            "organisation": news.organisation_id,
            "contacts": news.contacts,
            "status": news.status,
            "publish_date": local.date() if local else None,
            "publish_time": local.time().replace(second=0, microsecond=0) if local else None,
            "send_newsletter": news.send_newsletter,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        date, time = data.get("publish_date"), data.get("publish_time")
        if time is not None and date is None:
            self.add_error("publish_date", _("Give the date too."))
        data["publish_at"] = (
            dt.datetime.combine(date, time or dt.time(0, 0), tzinfo=HELSINKI) if date else None
        )
        return data

    def service_values(self) -> dict[str, Any]:
        """The cleaned values as the news services take them."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "lead": data.get("lead", ""),
            "body": data.get("body", ""),
            "categories": list(data.get("categories") or []),
            "organisation": data.get("organisation"),
            "contacts": data.get("contacts", ""),
            "status": data["status"],
            "publish_at": data.get("publish_at"),
            "send_newsletter": bool(data.get("send_newsletter")),
        }


def _languages_by_own_name() -> list[tuple[str, str]]:
    """Each language by its own name (suomi, svenska, English), as a reader looks for it."""
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


class SubscribeForm(forms.Form):
    """The newsletter's subscription form."""

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=_languages_by_own_name, initial="fi"
    )
    categories = CategoryChoiceField(
        label=_("Categories"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive every news item."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = Category.objects.order_by("position")  # type: ignore[attr-defined]

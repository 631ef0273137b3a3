"""Appeal settings and the organisation's own appeal instruction texts, edited in the admin;
stored documents listed read only (they are generated once and never change)."""

from django import forms
from django.contrib import admin

from kokous.core.admin import ReadOnlyAdminMixin
from kokous.documents.appeals import DEFAULT_TEXTS
from kokous.documents.models import AppealSettings, AppealText, StoredDocument


@admin.register(AppealSettings)
class AppealSettingsAdmin(admin.ModelAdmin):
    list_display = ["organisation", "registry", "email", "court"]
    list_select_related = ["organisation"]


class AppealTextForm(forms.ModelForm):
    class Meta:
        model = AppealText
        fields = ["organisation", "kind", "language", "title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 24, "cols": 100})}


@admin.register(AppealText)
class AppealTextAdmin(admin.ModelAdmin):
    form = AppealTextForm
    list_display = ["organisation", "kind", "language", "title"]
    list_filter = ["kind", "language", "organisation"]
    list_select_related = ["organisation"]

    def get_changeform_initial_data(self, request):  # type: ignore[no-untyped-def]
        """A new text starts from the default of the kind and language asked for in the
        address (?kind=rectification&language=fi), or the Finnish request for rectification."""
        initial = super().get_changeform_initial_data(request)
        kind = initial.get("kind") or "rectification"
        language = initial.get("language") or "fi"
        title, text = DEFAULT_TEXTS.get((kind, language), DEFAULT_TEXTS[("rectification", "fi")])
        return {"kind": kind, "language": language, "title": title, "text": text, **initial}


@admin.register(StoredDocument)
class StoredDocumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["meeting", "kind", "item", "variant", "language", "pages", "sha256"]
    list_filter = ["kind", "variant", "language"]
    list_select_related = ["meeting", "meeting__body", "item"]
    search_fields = ["sha256"]

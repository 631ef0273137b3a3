"""The admin for meetings and agenda items: a staff fallback until the staff workspace exists.

Creating a meeting, adding or removing an agenda item and recording attendance go through
`kokous.meetings.services`, so the § numbering and the other rules hold here too.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kokous.core.admin import ReadOnlyAdminMixin, ServiceAdmin
from kokous.meetings import services
from kokous.meetings.models import (
    AgendaChange,
    AgendaItem,
    Attachment,
    Attendance,
    Disqualification,
    Meeting,
    SpeakingTurn,
    StandardItem,
)

MEETING_FIELDS = [
    "start", "end", "time_known", "place", "online_url", "status", "chair", "secretary",
    "presenter",
]  # fmt: skip


@admin.display(description=_("agenda (add items under Agenda items)"))
def agenda_list(meeting: Meeting) -> str:
    """The agenda of a meeting as links, read-only: items are added and removed under Agenda
    items, where the § numbers follow."""
    if meeting.pk is None:
        return "-"
    return format_html_join(
        mark_safe("<br>"),
        '<a href="{}">§ {} {}</a>',
        (
            (reverse("admin:meetings_agendaitem_change", args=[item.pk]), item.section_number,
             item.title)
            for item in meeting.items.order_by("position")
        ),
    ) or "-"  # fmt: skip


def _attendance_record(meeting: Meeting, data: dict[str, Any]) -> Attendance:
    """Record the attendance a form describes, through the service and its deputy rule."""
    return services.attendance_record(
        meeting=meeting,
        person=data["person"],
        capacity=data["capacity"],
        present=data["present"],
        deputy_for=data.get("deputy_for"),
        represents=data.get("represents", ""),
        present_from=data.get("present_from"),
        present_until=data.get("present_until"),
        position=data.get("position") or 0,
    )


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fields = [
        "position", "person", "capacity", "deputy_for", "represents", "present", "present_from",
        "present_until",
    ]  # fmt: skip
    autocomplete_fields = ["person", "deputy_for"]
    extra = 0

    def get_formset(self, request: HttpRequest, obj: Meeting | None = None, **kwargs: Any) -> Any:
        self._meeting = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in {"present_from", "present_until"}:
            meeting = getattr(self, "_meeting", None)
            kwargs["queryset"] = (
                AgendaItem.objects.filter(meeting=meeting).order_by("position")
                if meeting is not None
                else AgendaItem.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Meeting)
class MeetingAdmin(ServiceAdmin):
    list_display = ["__str__", "body", "start", "status"]
    list_filter = ["status", "body__organisation", "body"]
    search_fields = ["body__name_fi", "body__name_sv", "body__abbreviation", "place"]
    date_hierarchy = "start"
    list_select_related = ["body"]
    autocomplete_fields = ["body", "chair", "secretary", "presenter", "minute_checkers"]
    # An online meeting link typed without a scheme is taken as https.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fields(self, request: HttpRequest, obj: Meeting | None = None) -> list[str]:
        fields = ["body", "number", *MEETING_FIELDS, "minute_checkers"]
        return fields if obj is None else [*fields, agenda_list]

    def get_readonly_fields(self, request: HttpRequest, obj: Meeting | None = None) -> list[Any]:
        # The number is given by meeting_create; a meeting never moves to another body.
        return ["number"] if obj is None else ["body", "number", agenda_list]

    def get_inlines(self, request: HttpRequest, obj: Meeting | None) -> list[Any]:
        # Attendance is recorded once the meeting and its agenda exist.
        return [] if obj is None else [AttendanceInline]

    def save_model(self, request: HttpRequest, obj: Meeting, form: Any, change: bool) -> None:
        data = {name: form.cleaned_data[name] for name in MEETING_FIELDS}
        if change:
            services.meeting_update(meeting=Meeting.objects.get(pk=obj.pk), **data)
            return
        created = services.meeting_create(body=form.cleaned_data["body"], **data)
        obj.pk, obj.number, obj.year = created.pk, created.number, created.year
        obj._state.adding = False

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not Attendance:
            super().save_formset(request, form, formset, change)
            return
        formset.save(commit=False)  # sorts the forms into new, changed and deleted
        for deleted in formset.deleted_objects:
            deleted.delete()
        for attendance_form in formset.forms:
            if not attendance_form.has_changed() or attendance_form in formset.deleted_forms:
                continue
            _attendance_record(form.instance, attendance_form.cleaned_data)


class AttachmentInline(admin.TabularInline):
    """Attachments are uploaded in the staff workspace, where the file's content is checked;
    here their title and publicity can be corrected."""

    model = Attachment
    fields = ["number", "title", "file", "publicity", "legal_basis", "content_type", "size"]
    readonly_fields = ["number", "file", "content_type", "size"]
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SpeakingTurnInline(admin.TabularInline):
    model = SpeakingTurn
    fields = ["position", "person"]
    autocomplete_fields = ["person"]
    extra = 0


class DisqualificationInline(admin.TabularInline):
    model = Disqualification
    fields = ["person", "reason"]
    autocomplete_fields = ["person"]
    extra = 0


ITEM_ADD_FIELDS = [
    "meeting", "title", "case", "presenter", "preparation_text", "proposal", "publicity",
    "legal_basis", "contacts",
]  # fmt: skip


@admin.register(AgendaItem)
class AgendaItemAdmin(ServiceAdmin):
    list_display = ["section_number", "title", "meeting", "publicity", "decision_type"]
    list_display_links = ["section_number", "title"]
    list_filter = ["publicity", "decision_type", "meeting__body__organisation", "meeting__body"]
    search_fields = ["title", "case__record_number", "case__title", "decision"]
    list_select_related = ["meeting", "meeting__body"]
    autocomplete_fields = ["meeting", "case", "presenter", "contacts"]

    def get_fields(self, request: HttpRequest, obj: AgendaItem | None = None) -> list[str]:
        if obj is None:
            return ITEM_ADD_FIELDS
        return [
            "meeting", "section_number", "position", "standard_place", *ITEM_ADD_FIELDS[1:],
            "decision", "decision_type",
        ]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: AgendaItem | None = None) -> list[str]:
        if obj is None:
            return []
        return ["meeting", "section_number", "position", "standard_place"]

    def get_inlines(self, request: HttpRequest, obj: AgendaItem | None) -> list[Any]:
        # An item gets its attachments and its record of the meeting once it exists.
        return [] if obj is None else [AttachmentInline, SpeakingTurnInline, DisqualificationInline]

    def save_model(self, request: HttpRequest, obj: AgendaItem, form: Any, change: bool) -> None:
        if change:
            # Locked minutes never change (refused with a message, nothing stored); before the
            # lock the change voids the signatures given.
            services.record_change_check(meeting=obj.meeting)
            # A new version: whoever has the item open in the workspace gets a conflict
            # instead of overwriting this change.
            obj.version += 1
            obj.modified_by = request.user  # type: ignore[assignment]
            super().save_model(request, obj, form, change)
            return
        # The contacts are set by the admin's save_related, on the item created here.
        created = services.agenda_item_add(
            **{name: form.cleaned_data[name] for name in ITEM_ADD_FIELDS if name != "contacts"}
        )
        obj.pk, obj.position, obj.section_number = (
            created.pk,
            created.position,
            created.section_number,
        )
        obj._state.adding = False

    def save_formset(
        self, request: HttpRequest, form: Any, formset: BaseInlineFormSet, change: bool
    ) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is Attachment:
            for attachment in form.instance.attachments.exclude(file=""):
                if attachment.size != attachment.file.size:
                    attachment.size = attachment.file.size
                    attachment.save(update_fields=["size", "modified_at"])

    def delete_model(self, request: HttpRequest, obj: AgendaItem) -> None:
        services.agenda_item_remove(item=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AgendaItem]) -> None:
        for item in queryset.select_related("meeting"):
            services.agenda_item_remove(item=item)


@admin.register(Attendance)
class AttendanceAdmin(ServiceAdmin):
    list_display = ["person", "capacity", "represents", "present", "meeting"]
    list_filter = ["capacity", "present", "meeting__body"]
    search_fields = ["person__first_name", "person__last_name", "represents"]
    list_select_related = ["person", "meeting", "meeting__body"]
    autocomplete_fields = ["meeting", "person", "deputy_for", "present_from", "present_until"]

    def save_model(self, request: HttpRequest, obj: Attendance, form: Any, change: bool) -> None:
        saved = _attendance_record(form.cleaned_data["meeting"], form.cleaned_data)
        obj.pk = saved.pk
        obj._state.adding = False


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Uploads happen in the staff workspace, which checks each file's content."""

    list_display = ["__str__", "agenda_item", "publicity", "content_type", "size"]
    list_filter = ["publicity", "content_type"]
    search_fields = ["title", "agenda_item__title"]
    list_select_related = ["agenda_item", "agenda_item__meeting"]
    readonly_fields = ["agenda_item", "number", "file", "content_type", "size"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(AgendaChange)
class AgendaChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The record of changes to sent agendas: read only, it is part of the meeting's record."""

    list_display = ["description", "meeting", "kind", "changed_by", "created_at", "announced_in"]
    list_filter = ["kind", "meeting__body"]
    list_select_related = ["meeting", "meeting__body", "changed_by", "announced_in"]


class ListOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rows of a meeting's record, edited with their item (where the lock is checked)."""


@admin.register(SpeakingTurn)
class SpeakingTurnAdmin(ListOnlyAdmin):
    list_display = ["person", "position", "agenda_item"]
    search_fields = ["person__first_name", "person__last_name", "agenda_item__title"]
    list_select_related = ["person", "agenda_item"]
    autocomplete_fields = ["agenda_item", "person"]


@admin.register(Disqualification)
class DisqualificationAdmin(ListOnlyAdmin):
    list_display = ["person", "agenda_item", "reason"]
    search_fields = ["person__first_name", "person__last_name", "reason", "agenda_item__title"]
    list_select_related = ["person", "agenda_item"]
    autocomplete_fields = ["agenda_item", "person"]


@admin.register(StandardItem)
class StandardItemAdmin(admin.ModelAdmin):
    list_display = ["title", "body", "place", "position"]
    list_filter = ["place", "body__organisation", "body"]
    search_fields = ["title", "body__name_fi"]
    list_select_related = ["body"]
    autocomplete_fields = ["body"]

"""Preparation in the Django admin: roadmaps with their phases, the annual cycle, and the
tasks, whose saves go through the services (codes, parents and the status rules)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kokous.core.admin import ReadOnlyAdminMixin, ServiceAdmin
from kokous.preparation import services
from kokous.preparation.models import (
    CycleEvent,
    Phase,
    Reminder,
    Roadmap,
    Task,
    TaskLink,
    TaskReport,
)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["name_fi", "organisation", "source"]
    list_filter = ["organisation"]
    prepopulated_fields = {"slug": ["name_fi"]}
    inlines = [PhaseInline]


@admin.register(CycleEvent)
class CycleEventAdmin(admin.ModelAdmin):
    list_display = ["title_fi", "organisation", "body", "month", "day", "kind"]
    list_filter = ["organisation", "kind"]


class TaskReportInline(admin.TabularInline):
    model = TaskReport
    extra = 0
    raw_id_fields = ["agenda_item", "case"]


@admin.register(Task)
class TaskAdmin(ServiceAdmin):
    list_display = ["code", "title", "roadmap", "group", "responsible", "due", "status", "progress"]
    list_filter = ["roadmap", "status", "group"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["responsible", "participants"]
    readonly_fields = ["parent", "completed_on"]
    inlines = [TaskReportInline]

    def save_model(self, request: HttpRequest, obj: Task, form: Any, change: bool) -> None:
        values = {name: form.cleaned_data[name] for name in services.TASK_FIELDS
                  if name in form.cleaned_data}  # fmt: skip
        if change:
            updated = services.task_update(task=obj, **values)
        else:
            updated = services.task_create(roadmap=form.cleaned_data["roadmap"], **values)
        obj.pk = updated.pk

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        task = Task.objects.get(pk=form.instance.pk)
        services.task_update(task=task, participants=form.cleaned_data.get("participants", []))
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: Task) -> None:
        services.task_delete(task=obj)


@admin.register(TaskLink)
class TaskLinkAdmin(ServiceAdmin):
    list_display = ["source", "target", "kind"]
    list_filter = ["kind"]

    def save_model(self, request: HttpRequest, obj: TaskLink, form: Any, change: bool) -> None:
        link = services.task_link_set(source=obj.source, target=obj.target, kind=obj.kind)
        obj.pk = link.pk


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "person", "key", "sent_at"]
    list_filter = ["kind"]

"""Staff pages of preparation work: my tasks, a group's board, editing a task, and importing a
roadmap. Who may do what is decided in `kokous.staff.access`; what a change does, in
`services.py` and `imports.py`."""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from kokous.cases.models import Case
from kokous.core.forms import form_errors_add
from kokous.meetings.models import AgendaItem
from kokous.organisations.models import Body
from kokous.preparation import selectors, services
from kokous.preparation.forms import (
    RoadmapImportForm,
    TaskForm,
    TaskProgressForm,
    TaskReportForm,
)
from kokous.preparation.imports import RoadmapImportError, roadmap_import
from kokous.preparation.models import Roadmap, Task
from kokous.publishing import rules
from kokous.staff.access import access_for

REPORT_CHOICES = 300  # agenda items and cases offered for a report, newest first


def _groups(request: HttpRequest, roadmap: Roadmap) -> QuerySet[Body]:
    """The bodies whose tasks the user may create or move tasks to, in the roadmap's
    organisation."""
    led = access_for(request).led_body_ids()
    bodies = Body.objects.filter(organisation_id=roadmap.organisation_id)
    return bodies if led is None else bodies.filter(pk__in=led)


def _saved(form: Any, save: Callable[..., Task]) -> Task | None:
    """Call the service with the form's values; its refusal becomes the form's errors."""
    values = dict(form.cleaned_data)
    participants = values.pop("participants", None)
    try:
        return save(participants=participants, **values)
    except ValidationError as exc:
        form_errors_add(form, exc)
        return None


@login_required
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    access = access_for(request)
    today = selectors.preparation_today()
    groups = (
        selectors.person_tasks(person_id=access.person_id, today=today)
        if access.person_id is not None
        else {"late": [], "soon": [], "later": []}
    )
    read = access.body_ids()
    led = access.led_body_ids()
    boards = Body.objects.filter(tasks__isnull=False).distinct().order_by("name_fi")
    if read is not None:
        boards = boards.filter(pk__in=read | (led or set()))
    roadmaps = Roadmap.objects.all() if access.superuser else Roadmap.objects.filter(
        organisation__bodies__pk__in=led or set()
    ).distinct()  # fmt: skip
    editable = {
        row.task.pk for rows in groups.values() for row in rows if access.updates_task(row.task)
    }
    return render(
        request,
        "preparation/staff/my_tasks.html",
        {"groups": groups, "boards": boards, "roadmaps": roadmaps, "today": today,
         "superuser": access.superuser, "editable": editable},
    )  # fmt: skip


@login_required
@require_GET
def board(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_object_or_404(Body, slug=slug)
    access = access_for(request)
    if not (access.reads_body(group.pk) or access.leads_body(group.pk)):
        raise PermissionDenied
    today = selectors.preparation_today()
    columns = selectors.group_board(group_id=group.pk, today=today)
    editable = {
        row.task.pk
        for _status, _label, rows in columns
        for row in rows
        if access.updates_task(row.task)
    }
    return render(
        request,
        "preparation/staff/board.html",
        {"group": group, "columns": columns, "editable": editable, "today": today,
         "leads": access.leads_body(group.pk)},
    )  # fmt: skip


def _back(task: Task) -> str:
    if task.group is not None:
        return reverse("preparation_staff:board", args=[task.group.slug])
    return reverse("preparation_staff:my_tasks")


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(Task.objects.select_related("roadmap", "group"), pk=pk)
    access = access_for(request)
    if access.manages_task(task):
        full = True
        form: Any = TaskForm(
            request.POST or None,
            initial=TaskForm.initial_of(task),
            roadmap=task.roadmap,
            groups=_groups(request, task.roadmap) | Body.objects.filter(pk=task.group_id),
        )
    elif access.updates_task(task):
        full = False
        form = TaskProgressForm(
            request.POST or None, initial={"status": task.status, "progress": task.progress}
        )
    else:
        raise PermissionDenied
    report_form = (
        _report_form(request, task, request.POST if "report-note" in request.POST else None)
        if full
        else None
    )
    if request.method == "POST" and report_form is not None and report_form.is_bound:
        if report_form.is_valid():
            try:
                services.task_report_add(task=task, **report_form.cleaned_data)
            except ValidationError as exc:
                form_errors_add(report_form, exc)
            else:
                messages.success(request, _("The report was added."))
                return redirect(reverse("preparation_staff:task_edit", args=[task.pk]))
        form = TaskForm(initial=TaskForm.initial_of(task), roadmap=task.roadmap,
                        groups=form.fields["group"].queryset)  # fmt: skip
    elif request.method == "POST" and form.is_valid():
        if _saved(form, functools.partial(services.task_update, task=task)):
            messages.success(request, _("The task was saved."))
            return redirect(_back(task))
    reports = selectors.task_reports(task_ids=[task.pk], readable_body_ids=access.body_ids())
    return render(
        request,
        "preparation/staff/task_form.html",
        {"form": form, "task": task, "roadmap": task.roadmap, "full": full, "back": _back(task),
         "report_form": report_form, "reports": reports},
    )  # fmt: skip


def _report_form(request: HttpRequest, task: Task, data: Any) -> TaskReportForm:
    """The agenda items and cases of the roadmap's organisation that the user may name: those
    of the bodies they read, and those the public sees; the newest first."""
    organisation_id = task.roadmap.organisation_id
    read = access_for(request).body_ids()
    items = AgendaItem.objects.filter(meeting__body__organisation_id=organisation_id)
    cases = Case.objects.filter(organisation_id=organisation_id)
    if read is not None:
        items = items.filter(Q(meeting__body_id__in=read) | rules.item_listed_q())
        cases = cases.filter(
            Q(agenda_items__meeting__body_id__in=read)
            | Q(agenda_items__in=AgendaItem.objects.filter(rules.item_listed_q()))
        ).distinct()
    items = items.select_related("meeting__body").order_by("-meeting__start", "section_number")
    return TaskReportForm(data, items=items[:REPORT_CHOICES], cases=cases[:REPORT_CHOICES])


@login_required
def task_create(request: HttpRequest, slug: str) -> HttpResponse:
    roadmap = get_object_or_404(Roadmap, slug=slug)
    groups = _groups(request, roadmap)
    access = access_for(request)
    if not access.superuser and not groups.exists():
        raise PermissionDenied
    form = TaskForm(request.POST or None, roadmap=roadmap, groups=groups)
    if not access.superuser:
        form.fields["group"].required = True  # a lead creates tasks for a group they lead
    if request.method == "POST" and form.is_valid():
        task = _saved(form, functools.partial(services.task_create, roadmap=roadmap))
        if task is not None:
            messages.success(request, _("The task was added."))
            return redirect(_back(task))
    return render(
        request,
        "preparation/staff/task_form.html",
        {"form": form, "task": None, "roadmap": roadmap, "full": True,
         "back": reverse("preparation_staff:my_tasks")},
    )  # fmt: skip


@login_required
def roadmap_import_view(request: HttpRequest, slug: str) -> HttpResponse:
    """Import tasks into a roadmap: the organisation's administrators only, since a roadmap's
    rows may belong to any of its groups."""
    roadmap = get_object_or_404(Roadmap, slug=slug)
    if not access_for(request).superuser:
        raise PermissionDenied
    form = RoadmapImportForm(request.POST or None, request.FILES or None)
    errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = roadmap_import(roadmap=roadmap, file=upload, filename=upload.name)
        except RoadmapImportError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Imported: %(created)s tasks added, %(updated)s updated, %(links)s links.")
                % {"created": result.created, "updated": result.updated, "links": result.links},
            )
            return redirect(
                reverse("preparation:roadmap", args=[roadmap.organisation.slug, roadmap.slug])
            )
    return render(
        request,
        "preparation/staff/import.html",
        {"form": form, "roadmap": roadmap, "errors": errors},
        status=400 if errors else 200,
    )

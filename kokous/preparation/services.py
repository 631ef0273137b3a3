"""Writes about roadmaps and their tasks. Every change of a task goes through here: its code
and place under another task, the rules that tie status and progress together, and links
between tasks (no task may come to depend on itself)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kokous.core.timeutil import local_date
from kokous.organisations.models import Person
from kokous.preparation.codes import code_ancestors, code_normalise, code_sort_key
from kokous.preparation.models import Roadmap, Task, TaskLink, TaskReport

# The fields of a task that task_create and task_update take (participants aside).
TASK_FIELDS = (
    "code",
    "title",
    "description",
    "group",
    "responsible",
    "participants_note",
    "phase",
    "start",
    "due",
    "status",
    "progress",
    "weight",
)


def _today() -> dt.date:
    return local_date(timezone.now())


def _status_rules_apply(task: Task, *, today: dt.date) -> None:
    """Status and progress agree: a task done is complete (100) and dated; a task begun is in
    progress; an open task is not at 100."""
    if task.progress is None or not 0 <= task.progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    if task.status == Task.Status.DONE:
        task.progress = 100
        task.completed_on = task.completed_on or today
        return
    task.completed_on = None
    if task.progress == 100 and task.status != Task.Status.CANCELLED:
        raise ValidationError(
            {"progress": _("A task whose progress is 100 is done: mark it done, or give less.")}
        )
    if task.status == Task.Status.NOT_STARTED and task.progress > 0:
        task.status = Task.Status.IN_PROGRESS


def _task_check(task: Task) -> None:
    """Rules on one task beyond its row's constraints."""
    roadmap = task.roadmap
    if task.group is not None and task.group.organisation_id != roadmap.organisation_id:
        raise ValidationError({"group": _("The group must belong to the roadmap's organisation.")})
    if task.phase is not None and task.phase.roadmap_id != roadmap.pk:
        raise ValidationError({"phase": _("The phase must be one of the roadmap's phases.")})
    if task.start and task.due and task.due < task.start:
        raise ValidationError({"due": _("A task cannot be due before it starts.")})


def roadmap_parents_refresh(*, roadmap: Roadmap) -> None:
    """Place each task of the roadmap under the task with the nearest code it continues
    ("A2.1" under "A2", or under "A" when there is no "A2"). Call inside the transaction that
    changed a code."""
    tasks = list(Task.objects.filter(roadmap=roadmap).only("pk", "code", "parent_id"))
    by_code = {task.code: task.pk for task in tasks}
    changed = []
    for task in tasks:
        parent_id = next(
            (by_code[code] for code in code_ancestors(task.code) if code in by_code), None
        )
        if parent_id != task.parent_id:
            task.parent_id = parent_id
            changed.append(task)
    if changed:
        # Unlink first, so that no intermediate state trips the foreign keys' protection.
        Task.objects.bulk_update(changed, ["parent"])


def _participants_set(task: Task, participants: Iterable[Person] | None) -> None:
    if participants is not None:
        task.participants.set(list(participants))


@transaction.atomic
def task_create(
    *,
    roadmap: Roadmap,
    code: str,
    title: str,
    participants: Iterable[Person] | None = None,
    today: dt.date | None = None,
    **values: Any,
) -> Task:
    """A new task of the roadmap; its code must be new there."""
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"task_create() got unexpected fields {sorted(unknown)}")
    task = Task(roadmap=roadmap, title=title.strip(), **values)
    task.code = code_normalise(code)
    task.sort_key = code_sort_key(task.code)
    _status_rules_apply(task, today=today or _today())
    _task_check(task)
    if Task.objects.filter(roadmap=roadmap, code=task.code).exists():
        raise ValidationError({"code": _("The roadmap already has a task with this code.")})
    task.full_clean(exclude=["parent", "sort_key"])
    ancestors = code_ancestors(task.code)
    nearest = {t.code: t.pk for t in Task.objects.filter(roadmap=roadmap, code__in=ancestors)}
    task.parent_id = next((nearest[code] for code in ancestors if code in nearest), None)
    task.save()
    _participants_set(task, participants)
    # The tasks whose codes continue this one's and that hung higher up now hang under it.
    moved = [
        other
        for other in Task.objects.filter(roadmap=roadmap, code__startswith=task.code)
        .exclude(pk=task.pk)
        .select_related("parent")
        if task.code in (codes := code_ancestors(other.code))
        and (other.parent is None or codes.index(task.code) < codes.index(other.parent.code))
    ]
    for other in moved:
        other.parent_id = task.pk
    Task.objects.bulk_update(moved, ["parent"])
    return task


@transaction.atomic
def task_update(
    *,
    task: Task,
    participants: Iterable[Person] | None = None,
    today: dt.date | None = None,
    **values: Any,
) -> Task:
    """Change a task: any of TASK_FIELDS, and its participants. A new code moves it (and its
    subtasks stay under it only if their codes still continue it)."""
    unknown = set(values) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"task_update() got unexpected fields {sorted(unknown)}")
    task = Task.objects.select_for_update().get(pk=task.pk)
    old_code = task.code
    for name, value in values.items():
        setattr(task, name, value)
    if "code" in values:
        task.code = code_normalise(values["code"])
        task.sort_key = code_sort_key(task.code)
        clash = Task.objects.filter(roadmap=task.roadmap, code=task.code).exclude(pk=task.pk)
        if clash.exists():
            raise ValidationError({"code": _("The roadmap already has a task with this code.")})
    if "title" in values:
        task.title = task.title.strip()
    _status_rules_apply(task, today=today or _today())
    _task_check(task)
    task.full_clean(exclude=["parent", "sort_key"])
    task.save()
    _participants_set(task, participants)
    if task.code != old_code:
        roadmap_parents_refresh(roadmap=task.roadmap)
        task.refresh_from_db()
    return task


@transaction.atomic
def task_delete(*, task: Task) -> None:
    """Delete a task with its links and reports; its subtasks move up to the task above it."""
    roadmap = task.roadmap
    Task.objects.filter(parent=task).update(parent=None)
    task.delete()
    roadmap_parents_refresh(roadmap=roadmap)


def _depends(source_id: int, target_id: int) -> bool:
    """Whether `source` already depends on `target`, directly or through other tasks."""
    seen: set[int] = set()
    frontier = {source_id}
    while frontier:
        if target_id in frontier:
            return True
        seen |= frontier
        frontier = (
            set(
                TaskLink.objects.filter(
                    kind=TaskLink.Kind.DEPENDS_ON, source_id__in=frontier
                ).values_list("target_id", flat=True)
            )
            - seen
        )
    return False


@transaction.atomic
def task_link_set(*, source: Task, target: Task, kind: str) -> TaskLink:
    """Say how `source` bears on `target` (one link a pair; a new kind replaces the old).
    Both belong to the same organisation's roadmaps; no task may depend on itself through
    others."""
    if kind not in TaskLink.Kind.values:
        raise ValidationError({"kind": _("Choose how the tasks are linked.")})
    if source.pk == target.pk:
        raise ValidationError(_("A task cannot be linked to itself."))
    if source.roadmap.organisation_id != target.roadmap.organisation_id:
        raise ValidationError(_("Linked tasks must belong to the same organisation's roadmaps."))
    if kind == TaskLink.Kind.DEPENDS_ON and _depends(target.pk, source.pk):
        raise ValidationError(
            _("%(other)s already depends on %(task)s: the dependence would go round in a circle.")
            % {"other": target.code, "task": source.code}
        )
    link, _created = TaskLink.objects.update_or_create(
        source=source, target=target, defaults={"kind": kind}
    )
    return link


@transaction.atomic
def task_report_add(
    *,
    task: Task,
    agenda_item: Any = None,
    case: Any = None,
    note: str = "",
    date: dt.date | None = None,
) -> TaskReport:
    """Record where the task was reported or decided."""
    organisation_id = task.roadmap.organisation_id
    if case is not None and case.organisation_id != organisation_id:
        raise ValidationError({"case": _("The case must be the roadmap's organisation's.")})
    if agenda_item is not None and agenda_item.meeting.body.organisation_id != organisation_id:
        raise ValidationError(
            {"agenda_item": _("The agenda item must be the roadmap's organisation's.")}
        )
    if agenda_item is None and case is None and not note.strip():
        raise ValidationError(_("Name the agenda item, the case or the meeting in a note."))
    if date is None and agenda_item is not None:
        date = local_date(agenda_item.meeting.start)
    report = TaskReport(task=task, agenda_item=agenda_item, case=case, note=note.strip(), date=date)
    report.full_clean()
    report.save()
    return report

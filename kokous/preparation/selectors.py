"""Reads of preparation work: a task's status as shown (late when past due), progress rolled
up from subtasks, a group's board and a person's tasks."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kokous.core.timeutil import local_date
from kokous.preparation.models import DemoClock, Roadmap, Task, TaskLink, TaskReport

OPEN_STATUSES = (Task.Status.NOT_STARTED, Task.Status.IN_PROGRESS)


def preparation_today() -> dt.date:
    """Today for preparation work: the demo clock's date when it is set, else today in
    Helsinki."""
    clock = DemoClock.objects.first()
    return clock.today if clock is not None else local_date(timezone.now())


def task_status(task: Task, *, today: dt.date) -> str:
    """The status to show: the stored one, or `Task.LATE` for an open task past its due date."""
    if task.status in OPEN_STATUSES and task.due is not None and task.due < today:
        return Task.LATE
    return task.status


def task_is_late(task: Task, *, today: dt.date) -> bool:
    return task_status(task, today=today) == Task.LATE


def status_label(status: str) -> str:
    if status == Task.LATE:
        return _("late")
    return str(Task.Status(status).label)


def progress_rollup(tasks: Iterable[Task]) -> dict[int, float]:
    """Each task's progress in percent. A task done is at 100; a task with subtasks that are
    not cancelled is at their average weighted by `weight` (their own progress rolled up the
    same way); any other task is at its own `progress`. Pass whole trees (a roadmap's tasks):
    a subtask left out does not count."""
    tasks = list(tasks)
    children: dict[int | None, list[Task]] = defaultdict(list)
    for task in tasks:
        children[task.parent_id].append(task)
    result: dict[int, float] = {}

    def value(task: Task) -> float:
        if task.pk in result:
            return result[task.pk]
        counted = [c for c in children.get(task.pk, []) if c.status != Task.Status.CANCELLED]
        weight = sum(child.weight for child in counted)
        if task.status == Task.Status.DONE:
            share = 100.0
        elif counted and weight > 0:
            share = sum(value(child) * child.weight for child in counted) / weight
        else:
            share = float(task.progress)
        result[task.pk] = share
        return share

    for task in tasks:
        value(task)
    return result


def roadmap_tasks(*, roadmap: Roadmap) -> QuerySet[Task]:
    return (
        Task.objects.filter(roadmap=roadmap)
        .select_related("group", "responsible", "phase", "parent")
        .prefetch_related("participants")
        .order_by("sort_key")
    )


@dataclass(frozen=True)
class TaskRow:
    """A task as lists and pictures show it."""

    task: Task
    status: str
    status_label: str
    progress: float
    depth: int

    @property
    def late(self) -> bool:
        return self.status == Task.LATE


def task_rows(
    tasks: Sequence[Task], *, today: dt.date, progress: dict[int, float]
) -> list[TaskRow]:
    depth: dict[int, int] = {}
    rows = []
    for task in tasks:
        depth[task.pk] = depth.get(task.parent_id, -1) + 1 if task.parent_id else 0
        status = task_status(task, today=today)
        rows.append(
            TaskRow(
                task=task,
                status=status,
                status_label=status_label(status),
                progress=progress.get(task.pk, float(task.progress)),
                depth=depth[task.pk],
            )
        )
    return rows


BOARD_COLUMNS = (
    Task.Status.NOT_STARTED,
    Task.Status.IN_PROGRESS,
    Task.LATE,
    Task.Status.DONE,
    Task.Status.CANCELLED,
)


def group_board(*, group_id: int, today: dt.date) -> list[tuple[str, str, list[TaskRow]]]:
    """The group's tasks in columns by the status shown: (status, label, rows)."""
    tasks = list(
        Task.objects.filter(group_id=group_id)
        .select_related("roadmap", "responsible", "phase", "parent")
        .order_by("roadmap__name_fi", "sort_key")
    )
    roadmaps = {task.roadmap_id for task in tasks}
    progress = progress_rollup(Task.objects.filter(roadmap_id__in=roadmaps))
    columns: dict[str, list[TaskRow]] = {status: [] for status in BOARD_COLUMNS}
    for row in task_rows(tasks, today=today, progress=progress):
        columns[row.status].append(row)
    return [(status, status_label(status), columns[status]) for status in BOARD_COLUMNS]


def person_tasks(
    *, person_id: int, today: dt.date, soon_days: int = 14
) -> dict[str, list[TaskRow]]:
    """The open tasks a person is responsible for or takes part in: late ones, those due within
    `soon_days`, and the rest (by due date, undated last)."""
    tasks = list(
        Task.objects.filter(Q(responsible_id=person_id) | Q(participants__id=person_id))
        .filter(status__in=OPEN_STATUSES)
        .select_related("roadmap", "group", "responsible", "phase")
        .distinct()
    )
    tasks.sort(key=lambda t: (t.due is None, t.due or dt.date.max, t.sort_key))
    roadmaps = {task.roadmap_id for task in tasks}
    progress = progress_rollup(Task.objects.filter(roadmap_id__in=roadmaps))
    groups: dict[str, list[TaskRow]] = {"late": [], "soon": [], "later": []}
    for row in task_rows(tasks, today=today, progress=progress):
        due = row.task.due
        if row.late:
            groups["late"].append(row)
        elif due is not None and due <= today + dt.timedelta(days=soon_days):
            groups["soon"].append(row)
        else:
            groups["later"].append(row)
    return groups


@dataclass(frozen=True)
class RoadmapPage:
    """What a roadmap's page shows: its tasks as rows (tree order), phases, groups in order,
    and the links of its tasks (to tasks of any of the organisation's roadmaps)."""

    roadmap: Roadmap
    rows: list[TaskRow]
    phases: list[Any]
    group_names: dict[int | None, str]
    links: list[tuple[TaskRow, TaskRow, str]]
    progress: float | None


def roadmap_page(*, roadmap: Roadmap, today: dt.date, no_group: str) -> RoadmapPage:
    tasks = list(roadmap_tasks(roadmap=roadmap))
    progress = progress_rollup(tasks)
    rows = task_rows(tasks, today=today, progress=progress)
    group_names: dict[int | None, str] = {}
    for task in tasks:
        if task.group_id not in group_names:
            group_names[task.group_id] = task.group.name if task.group else no_group
    links = list(
        TaskLink.objects.filter(Q(source__roadmap=roadmap) | Q(target__roadmap=roadmap))
        .select_related("source__group", "target__group", "source__responsible",
                        "target__responsible", "source__roadmap", "target__roadmap")
        .order_by("target__sort_key", "source__sort_key")
    )  # fmt: skip
    others = [t for link in links for t in (link.source, link.target) if t.roadmap_id != roadmap.pk]
    other_progress = progress_rollup(
        Task.objects.filter(roadmap_id__in={t.roadmap_id for t in others})
    ) if others else {}  # fmt: skip
    by_id = {row.task.pk: row for row in rows}
    for row in task_rows(others, today=today, progress=other_progress):
        by_id.setdefault(row.task.pk, row)
        if row.task.group_id not in group_names:
            group_names[row.task.group_id] = row.task.group.name if row.task.group else no_group
    tops = [
        row
        for row in rows
        if row.task.parent_id is None and row.task.status != Task.Status.CANCELLED
    ]
    weight = sum(row.task.weight for row in tops)
    overall = sum(row.progress * row.task.weight for row in tops) / weight if weight else None
    return RoadmapPage(
        roadmap=roadmap,
        rows=rows,
        phases=list(roadmap.phases.all()),
        group_names=group_names,
        links=[(by_id[link.source_id], by_id[link.target_id], link.kind) for link in links],
        progress=overall,
    )


def organisation_roadmaps(*, organisation_id: int) -> list[tuple[Roadmap, float | None, int]]:
    """The organisation's roadmaps with their overall progress and number of tasks (two
    queries however many roadmaps there are)."""
    roadmaps = list(Roadmap.objects.filter(organisation_id=organisation_id))
    by_roadmap: dict[int, list[Task]] = defaultdict(list)
    for task in Task.objects.filter(roadmap__organisation_id=organisation_id):
        by_roadmap[task.roadmap_id].append(task)
    result = []
    for roadmap in roadmaps:
        tasks = by_roadmap[roadmap.pk]
        progress = progress_rollup(tasks)
        tops = [t for t in tasks if t.parent_id is None and t.status != Task.Status.CANCELLED]
        weight = sum(t.weight for t in tops)
        overall = sum(progress[t.pk] * t.weight for t in tops) / weight if weight else None
        result.append((roadmap, overall, len(tasks)))
    return result


@dataclass(frozen=True)
class ReportView:
    """Where a task was reported, as one reader may see it: the agenda item or case only when
    its title is theirs to read (`url` empty otherwise), or the note alone."""

    task_id: int
    date: dt.date | None
    text: str
    url: str


def task_reports(
    *, task_ids: Iterable[int], readable_body_ids: AbstractSet[int] | None = frozenset()
) -> list[ReportView]:
    """The reports of these tasks for a reader who reads the bodies `readable_body_ids`
    (None: every body; empty: the public). An agenda item or a case shows as the public sees
    it (a listed item, its public title; a case carried by a public agenda) unless the reader
    reads its body; what they may not see is left out, and its note alone shown."""
    from kokous.cases.models import Case
    from kokous.meetings.models import AgendaItem
    from kokous.publishing import rules

    reports = list(
        TaskReport.objects.filter(task_id__in=list(task_ids))
        .select_related("agenda_item__meeting__body", "case")
        .order_by("task_id", "date", "pk")
    )
    item_ids = {r.agenda_item_id for r in reports if r.agenda_item_id}
    listed = set(
        AgendaItem.objects.filter(rules.item_listed_q(), pk__in=item_ids).values_list(
            "pk", flat=True
        )
    )
    case_ids = {r.case_id for r in reports if r.case_id}
    case_items: dict[int, list[AgendaItem]] = {}
    for carrier in AgendaItem.objects.filter(
        rules.item_listed_q(), case_id__in=case_ids
    ).select_related("meeting"):
        case_items.setdefault(carrier.case_id, []).append(carrier)  # type: ignore[arg-type]

    def reads(body_id: int) -> bool:
        return readable_body_ids is None or body_id in readable_body_ids

    views = []
    for report in reports:
        parts: list[str] = []
        url = ""
        reported = report.agenda_item
        if reported is not None:
            meeting = reported.meeting
            if reads(meeting.body_id) or reported.pk in listed:
                shown = reported if reads(meeting.body_id) else rules.item_for_public(reported)
                parts.append(f"{meeting.body.name} {shown}")
                url = reported.get_absolute_url() if reported.pk in listed else ""
        case: Case | None = report.case
        if case is not None and (readable_body_ids is None or case.pk in case_items):
            title = case.title
            for carried in case_items.get(case.pk, []):
                title = rules.item_public_text(item=carried, text=title)
            parts.append(" ".join(p for p in (case.record_number, title) if p))
            url = url or case.get_absolute_url()
        if report.note:
            parts.insert(0, report.note)
        if parts:
            views.append(ReportView(report.task_id, report.date, " – ".join(parts), url))
    return views

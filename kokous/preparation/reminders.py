"""Reminders of preparation work by e-mail: to the responsible person a set number of days
before a task is due (the roadmap's `reminder_days`) and once it is late (`late_reminder_days`
after the due date), and to each group lead a weekly digest of their groups' late and coming
tasks. Each is sent once: a `Reminder` row records it, so running again sends nothing twice
(a new due date is a new reminder). Run daily by `kokous preparation_reminders_send` or the
task queue (`tasks.preparation_reminders_task`)."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kokous.organisations.models import Membership, Person
from kokous.preparation.models import Reminder, Task
from kokous.preparation.selectors import OPEN_STATUSES
from kokous.staff.access import LEADING_ROLES

logger = logging.getLogger(__name__)
DIGEST_DAYS = 14  # a digest lists what falls due within this many days


@dataclass
class ReminderReport:
    due: int = 0
    late: int = 0
    digests: int = 0
    failed: int = 0


def _day(day: dt.date) -> str:
    return date_format(day, "j.n.Y")


def _link(path: str) -> str:
    return settings.KOKOUS_SITE_URL.rstrip("/") + path


def _send_once(*, kind: str, person: Person, key: str, task: Task | None, subject: str,
               body: str, report: ReminderReport) -> bool:  # fmt: skip
    """Send unless it was sent: the row is written first, in the same transaction, and rolled
    back if the mail server refuses, so a failure is tried again on the next run."""
    try:
        with transaction.atomic():
            Reminder.objects.create(kind=kind, person=person, key=key, task=task)
            EmailMessage(subject=subject, body=body, to=[person.email]).send()
    except IntegrityError:
        return False  # sent already
    except Exception as exc:  # noqa: BLE001 - the mail server; logged and tried again
        logger.warning("Reminder %s %s to person %s failed: %s", kind, key, person.pk, exc)
        report.failed += 1
        return False
    return True


def _task_text(task: Task) -> str:
    lines = [f"{task.code} {task.title}", f"{_('Roadmap')}: {task.roadmap.name}"]
    if task.group is not None:
        lines.append(f"{_('Group')}: {task.group.name}")
    if task.due is not None:
        lines.append(f"{_('Due')}: {_day(task.due)}")
    lines.append(f"{_('Progress')}: {task.progress} %")
    lines.append(_link(reverse("preparation_staff:task_edit", args=[task.pk])))
    return "\n".join(lines)


def reminders_send(*, today: dt.date) -> ReminderReport:
    """Send the reminders due on `today`: before due dates, of late tasks, and the weekly
    digests. Tasks without a responsible person with an e-mail address are skipped."""
    report = ReminderReport()
    tasks = (
        Task.objects.filter(status__in=OPEN_STATUSES, due__isnull=False)
        .exclude(responsible__isnull=True)
        .exclude(responsible__email="")
        .select_related("roadmap", "group", "responsible")
    )
    with translation.override(settings.LANGUAGE_CODE):
        for task in tasks:
            assert task.due is not None and task.responsible is not None
            key = f"{task.pk}:{task.due.isoformat()}"
            late_from = task.due + dt.timedelta(days=task.roadmap.late_reminder_days or 1)
            if today >= late_from:
                subject = _("Late: %(code)s %(title)s") % {"code": task.code, "title": task.title}
                body = _("The task was due on %(date)s and is not done.") % {"date": _day(task.due)}
                if _send_once(kind=Reminder.Kind.LATE, person=task.responsible, key=key,
                              task=task, subject=subject, body=f"{body}\n\n{_task_text(task)}",
                              report=report):  # fmt: skip
                    report.late += 1
            elif task.due - dt.timedelta(days=task.roadmap.reminder_days) <= today <= task.due:
                subject = _("Due on %(date)s: %(code)s %(title)s") % {
                    "date": _day(task.due), "code": task.code, "title": task.title,
                }  # fmt: skip
                body = _("A reminder: the task you are responsible for is due on %(date)s.") % {
                    "date": _day(task.due)
                }
                if _send_once(kind=Reminder.Kind.DUE, person=task.responsible, key=key,
                              task=task, subject=subject, body=f"{body}\n\n{_task_text(task)}",
                              report=report):  # fmt: skip
                    report.due += 1
        report.digests = _digests_send(today=today, report=report)
    return report


def _digests_send(*, today: dt.date, report: ReminderReport) -> int:
    """Once an ISO week, each lead of a group with open tasks: the late ones and those due
    within DIGEST_DAYS."""
    year, week, _weekday = today.isocalendar()
    key = f"{year}-W{week:02d}"
    leads = (
        Membership.objects.filter(
            role__in=LEADING_ROLES, start__lte=today, body__tasks__status__in=OPEN_STATUSES
        )
        .exclude(end__lt=today)
        .exclude(person__email="")
        .select_related("person", "body")
        .distinct()
    )  # fmt: skip
    groups: dict[int, tuple[Person, set[int]]] = {}
    for membership in leads:
        groups.setdefault(membership.person_id, (membership.person, set()))[1].add(
            membership.body_id
        )
    sent = 0
    for person, body_ids in groups.values():
        tasks = list(
            Task.objects.filter(group_id__in=body_ids, status__in=OPEN_STATUSES, due__isnull=False,
                                due__lte=today + dt.timedelta(days=DIGEST_DAYS))
            .select_related("roadmap", "group", "responsible")
            .order_by("due", "sort_key")
        )  # fmt: skip
        if not tasks:
            continue
        late = [task for task in tasks if task.due is not None and task.due < today]
        coming = [task for task in tasks if task not in late]
        parts = [_("The tasks of your groups on %(date)s.") % {"date": _day(today)}]
        for title, items in ((_("Late"), late), (_("Due within two weeks"), coming)):
            if items:
                parts.append(f"{title}:\n" + "\n".join(
                    f"- {t.code} {t.title} ({t.group.name if t.group else ''}), "
                    f"{_day(t.due) if t.due else ''}, {t.responsible or '–'}"
                    for t in items
                ))  # fmt: skip
        parts.append(_link(reverse("preparation_staff:my_tasks")))
        subject = _("Weekly digest of preparation tasks: %(late)s late, %(coming)s coming") % {
            "late": len(late),
            "coming": len(coming),
        }
        if _send_once(kind=Reminder.Kind.DIGEST, person=person, key=key, task=None,
                      subject=subject, body="\n\n".join(parts), report=report):  # fmt: skip
            sent += 1
    return sent

"""Preparation work: roadmaps of coded tasks that working groups carry out, their phases, the
links between tasks, and the meetings where tasks were reported or decided.

A reform is prepared against a roadmap (the ministry's roadmap for the wellbeing services
counties, or a group's own plan): tasks coded hierarchically ("A2.1", "1.10"), each owned by
a group (a body of kind working group or other) and a responsible person, dated, and tracked
by status and progress. Rules that span rows (codes and parents, status and progress,
lateness, the roll-up of progress, cycles of dependence) live in `services.py` and
`selectors.py`."""

import calendar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kokous.core.models import TimeStampedModel
from kokous.organisations.models import BilingualNameMixin


class Roadmap(BilingualNameMixin, TimeStampedModel):
    """A programme of preparation work of one organisation: tasks by code, in phases."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="roadmaps",
    )
    slug = models.SlugField(_("identifier in addresses"), max_length=100, unique=True)
    source = models.CharField(
        _("set by"),
        max_length=200,
        blank=True,
        help_text=_("Who drew up the roadmap, e.g. the Ministry of Social Affairs and Health."),
    )
    description = models.TextField(_("description"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder days before the due date"),
        default=7,
        help_text=_("The responsible person is reminded this many days before a task is due."),
    )
    late_reminder_days = models.PositiveSmallIntegerField(
        _("days late before a reminder"),
        default=1,
        help_text=_(
            "The responsible person is told a task is late this many days after it was due."
        ),
    )

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        ordering = ["organisation__name_fi", "name_fi"]


class Phase(BilingualNameMixin, TimeStampedModel):
    """A period of a roadmap ("VATE-valmisteluvaihe 1.7.2021–28.2.2022")."""

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="phases"
    )
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["roadmap", "start", "end"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="phase_period_ordered"),
        ]


class Task(TimeStampedModel):
    """A unit of preparation work, coded within its roadmap. A task with subtasks (those whose
    code continues its own: "1.1" under "1") takes its progress from them."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    # Not stored: an open task past its due date is shown as late (selectors.task_status).
    LATE = "late"

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="tasks"
    )
    code = models.CharField(_("code"), max_length=30, help_text=_("For example A2.1 or 1.10."))
    sort_key = models.CharField(max_length=200, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="children",
    )
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    group = models.ForeignKey(
        "organisations.Body",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    responsible = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("responsible person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks_responsible",
    )
    participants = models.ManyToManyField(
        "organisations.Person",
        verbose_name=_("other participants"),
        blank=True,
        related_name="tasks_participating",
    )
    participants_note = models.CharField(
        _("others taking part"),
        max_length=300,
        blank=True,
        help_text=_("For example: and others the responsible person finds necessary."),
    )
    phase = models.ForeignKey(
        Phase,
        verbose_name=_("phase"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    start = models.DateField(_("starts"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        help_text=_("How much the task counts in the progress of the task it is part of."),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["roadmap", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "code"], name="task_code_unique"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_percent"),
            models.CheckConstraint(
                condition=Q(due__isnull=True) | Q(start__isnull=True) | Q(due__gte=F("start")),
                name="task_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress=100), name="task_done_complete"
            ),
        ]
        indexes = [models.Index(fields=["responsible", "status"], name="task_responsible")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TaskLink(TimeStampedModel):
    """How one task bears on another: its work affects the other's directly or indirectly
    (seed 003 marks other groups' tasks so), or it cannot end before the other has."""

    class Kind(models.TextChoices):
        DIRECT = "direct", _("affects directly")
        INDIRECT = "indirect", _("affects indirectly")
        DEPENDS_ON = "depends_on", _("depends on")

    source = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        Task, verbose_name=_("other task"), on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("link between tasks")
        verbose_name_plural = _("links between tasks")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="task_link_unique"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="task_link_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code} ({self.get_kind_display()})"


class TaskReport(TimeStampedModel):
    """Where a task was reported or decided: an agenda item, a case, or a note with a date
    ("Väliarviointi VATE 9.2.2022") when the meeting is not in the register."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="reports"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_reports",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="task_reports",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)

    class Meta:
        verbose_name = _("report of a task")
        verbose_name_plural = _("reports of tasks")
        ordering = ["task", "date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agenda_item__isnull=False) | Q(case__isnull=False) | ~Q(note=""),
                name="task_report_names_something",
            ),
        ]

    def __str__(self) -> str:
        return self.note or str(self.agenda_item or self.case)


class CycleEvent(TimeStampedModel):
    """A recurring point of an organisation's year (vuosikello): a decision that falls due
    every year (the budget by the end of the year), a recurring meeting, a deadline."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("decision")
        MEETING = "meeting", _("meeting")
        DEADLINE = "deadline", _("deadline")
        OTHER = "other", _("other")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="cycle_events",
    )
    body = models.ForeignKey(
        "organisations.Body",
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cycle_events",
    )
    title_fi = models.CharField(_("title in Finnish"), max_length=300)
    title_sv = models.CharField(_("title in Swedish"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION)
    month = models.PositiveSmallIntegerField(_("month"))
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, help_text=_("Leave empty for some time in the month.")
    )
    basis = models.CharField(
        _("basis"), max_length=300, blank=True, help_text=_("For example the section of law.")
    )

    class Meta:
        verbose_name = _("event of the annual cycle")
        verbose_name_plural = _("events of the annual cycle")
        ordering = ["organisation", "month", "day", "title_fi"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="cycle_month"),
            models.CheckConstraint(
                condition=Q(day__isnull=True) | Q(day__gte=1, day__lte=31), name="cycle_day"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if (get_language() or "fi").startswith("sv") and self.title_sv:
            return self.title_sv
        return self.title_fi

    def clean(self) -> None:
        if self.day is not None and self.month and 1 <= self.month <= 12:
            if self.day > calendar.monthrange(2024, self.month)[1]:  # a leap year: 29.2. exists
                raise ValidationError({"day": _("The month has no such day.")})


class DemoClock(models.Model):
    """The date that preparation work takes as today, when set: for demonstrations and
    training only (`kokous demo_clock`). One row at most; without it, today is today."""

    today = models.DateField(_("today"))

    class Meta:
        verbose_name = _("demo clock")
        verbose_name_plural = _("demo clocks")

    def __str__(self) -> str:
        return self.today.isoformat()


class Reminder(models.Model):
    """A reminder e-mail that was sent, so that none is sent twice: about a task before it is
    due or once it is late (`key`: the task and the due date it was about), or a lead's weekly
    digest (`key`: the ISO week)."""

    class Kind(models.TextChoices):
        DUE = "due", _("before the due date")
        LATE = "late", _("late")
        DIGEST = "digest", _("weekly digest")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="reminders",
    )  # fmt: skip
    person = models.ForeignKey(
        "organisations.Person", verbose_name=_("person"), on_delete=models.CASCADE,
        related_name="+",
    )  # fmt: skip
    key = models.CharField(_("about"), max_length=40)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["kind", "person", "key"], name="reminder_once"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.person}"

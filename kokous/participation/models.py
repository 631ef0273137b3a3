"""Residents' participation next to the decisions: surveys (osallisuuskysely) and comment
rounds on a draft document ("Kerro mielipiteesi").

A survey has sections of questions; a resident's answers are a `Response` (a draft until it is
sent) with one `Answer` per question answered. A comment round shows a draft split into
paragraphs (`DraftParagraph`); residents comment on a paragraph or on the whole and support
each other's comments. Either can be linked to a case, so that its results show in the case's
history. Closing times can be extended; every change is kept (`ClosingChange`). The rules
(answering, conditional questions, locking, spam checks, moderation) live in `services.py`."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokous.core.models import TimeStampedModel


class SignIn(models.TextChoices):
    NONE = "none", _("No sign-in")
    OPTIONAL = "optional", _("Sign-in optional")
    REQUIRED = "required", _("Sign-in required")


class Consultation(TimeStampedModel):
    """What a survey and a comment round share: who runs it, when it is open, and how."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Its results are shown in the case's history."),
    )
    slug = models.SlugField(_("identifier in addresses"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    introduction = models.TextField(_("introduction"), blank=True)
    contact = models.CharField(
        _("more information"),
        max_length=500,
        blank=True,
        help_text=_("Who gives more information, e.g. name, title, e-mail."),
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown on the public site.")
    )
    sign_in = models.CharField(
        _("sign-in"), max_length=10, choices=SignIn.choices, default=SignIn.NONE
    )
    privacy_notice = models.TextField(
        _("privacy notice"),
        blank=True,
        help_text=_("What is collected, why, who sees it and how long it is kept."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.published and self.opens_at <= now < self.closes_at

    def has_closed(self, now: dt.datetime | None = None) -> bool:
        return (now or timezone.now()) >= self.closes_at


class Survey(Consultation):
    class Anonymity(models.TextChoices):
        ANONYMOUS = "anonymous", _("Anonymous: answers are not linked to anyone")
        NAMED = "named", _("Named: staff see who answered (sign-in required)")

    anonymity = models.CharField(
        _("anonymity"), max_length=10, choices=Anonymity.choices, default=Anonymity.ANONYMOUS
    )
    results_public = models.BooleanField(
        _("public summary after closing"),
        default=False,
        help_text=_("The results of the choice questions are shown on the public site."),
    )
    thanks = models.TextField(_("thank-you text"), blank=True)

    class Meta(Consultation.Meta):
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        permissions = [("manage_participation", _("Can manage surveys and comment rounds"))]

    def get_absolute_url(self) -> str:
        return reverse("participation:survey", kwargs={"slug": self.slug})


class CommentRound(Consultation):
    document_name = models.CharField(_("draft document"), max_length=255, blank=True)
    document_sha256 = models.CharField(_("SHA-256 of the draft"), max_length=64, blank=True)

    class Meta(Consultation.Meta):
        verbose_name = _("comment round")
        verbose_name_plural = _("comment rounds")

    def get_absolute_url(self) -> str:
        return reverse("participation:round", kwargs={"slug": self.slug})


class ClosingChange(models.Model):
    """A change of a survey's or a comment round's closing time, as it was made."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, null=True, blank=True, related_name="closing_changes"
    )
    round = models.ForeignKey(
        CommentRound,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closing_changes",
    )
    previous = models.DateTimeField(_("closed before"))
    new = models.DateTimeField(_("closes now"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("change of closing time")
        verbose_name_plural = _("changes of closing time")
        ordering = ["changed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(survey__isnull=False, round__isnull=True)
                | Q(survey__isnull=True, round__isnull=False),
                name="closing_change_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"{self.previous:%Y-%m-%d %H:%M} → {self.new:%Y-%m-%d %H:%M}"


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale")
        MATRIX = "matrix", _("Matrix (statements on a scale)")
        RANKING = "ranking", _("Ranking")
        FILE = "file", _("File upload")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
    OPTION_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.MATRIX, Kind.RANKING)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    scale_points = models.PositiveSmallIntegerField(
        _("points on the scale"),
        default=5,
        help_text=_("For scale and matrix questions: 2 to 11 points, numbered from 1."),
    )
    scale_min_label = models.CharField(_("label of the lowest point"), max_length=100, blank=True)
    scale_max_label = models.CharField(_("label of the highest point"), max_length=100, blank=True)
    show_if: "models.ManyToManyField[Option, Any]" = models.ManyToManyField(
        "Option",
        verbose_name=_("shown only when the answer was"),
        blank=True,
        related_name="shows",
        help_text=_(
            "Options of one earlier choice question: this question is shown only when one of "
            "them was chosen."
        ),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "section_id", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def scale_labels(self) -> list[str]:
        """The points of a scale or matrix, 1 to `scale_points`, the ends with their labels."""
        labels = []
        for point in range(1, self.scale_points + 1):
            label = str(point)
            if point == 1 and self.scale_min_label:
                label = f"{point} – {self.scale_min_label}"
            elif point == self.scale_points and self.scale_max_label:
                label = f"{point} – {self.scale_max_label}"
            labels.append(label)
        return labels


class Option(models.Model):
    """A choice of a choice question, a statement (row) of a matrix, or an item to rank."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.CharField(_("text"), max_length=300)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class Response(models.Model):
    """One resident's answers to a survey: a draft (`submitted_at` empty) kept while they
    answer, then sent. `respondent_key` is a keyed hash of the signed-in user (never the user
    itself when the survey is anonymous) that keeps one answer per person."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    respondent_key = models.CharField(max_length=64, blank=True, db_index=True)
    draft_key = models.CharField(max_length=64, blank=True, db_index=True)
    draft = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    saved_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=8, blank=True)
    synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Made up for the demonstration.")
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "respondent_key"],
                condition=Q(submitted_at__isnull=False) & ~Q(respondent_key=""),
                name="response_one_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class Answer(models.Model):
    """The answer to one question. `value` by the question's kind: text (a string), single and
    multiple choice (a list of option ids), scale (a point), matrix ({row option id: point}),
    ranking (option ids, first ranked first); a file question keeps the file."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    file = models.FileField(upload_to="participation/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once")]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"


class DraftParagraph(models.Model):
    class Kind(models.TextChoices):
        HEADING = "heading", _("Heading")
        PARAGRAPH = "paragraph", _("Paragraph")
        LIST_ITEM = "list_item", _("List item")
        QUOTE = "quote", _("Quote")

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField(_("position"))
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PARAGRAPH)
    level = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("paragraph of a draft")
        verbose_name_plural = _("paragraphs of a draft")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "position"], name="draft_paragraph_position")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    @property
    def number(self) -> int:
        return self.position + 1


class Comment(models.Model):
    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey(
        DraftParagraph,
        verbose_name=_("paragraph"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
        help_text=_("Empty: a comment on the whole draft."),
    )
    text = models.TextField(_("comment"))
    author_name = models.CharField(_("name or nickname"), max_length=100, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    synthetic = models.BooleanField(
        _("synthetic"), default=False, help_text=_("Made up for the demonstration.")
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None


class CommentSupport(models.Model):
    """A resident's support (like) of a comment: one per supporter and comment."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="supports")
    supporter_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "supporter_key"], name="comment_support_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}"


class SubmissionAttempt(models.Model):
    """A recent submission from a client, kept for rate limits: the client is a keyed hash of
    its address, never the address; rows older than a day are removed as new ones come."""

    kind = models.CharField(max_length=12)
    client = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "client", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"

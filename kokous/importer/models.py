"""The record of a meeting imported from an old system's minutes."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kokous.core.models import TimeStampedModel
from kokous.meetings.models import Meeting


def source_upload_to(instance: "ImportedMinutes", filename: str) -> str:
    meeting = instance.meeting
    return f"imported/{meeting.body.slug}/{meeting.year}/{meeting.pk}/{filename}"


class ImportedMinutes(TimeStampedModel):
    """Marks `meeting` as imported: its record came from `file` (the old system's minutes, kept
    as they were, with their SHA-256), not from work done in Kokous. An imported meeting's
    minutes are locked: they change only by importing a changed file again."""

    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="import_record",
    )
    source_name = models.CharField(_("source file name"), max_length=255)
    file = models.FileField(_("source file"), upload_to=source_upload_to, max_length=500)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    warnings = models.JSONField(
        _("warnings"),
        default=list,
        blank=True,
        help_text=_("What the parser did not understand: line, text and reason."),
    )

    class Meta:
        verbose_name = _("imported minutes")
        verbose_name_plural = _("imported minutes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.meeting} ← {self.source_name}"

    def get_absolute_url(self) -> str:
        return reverse("importer:source", kwargs={"pk": self.meeting_id})

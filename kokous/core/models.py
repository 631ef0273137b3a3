"""Abstract base models shared by the domain apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Records when a row was created and last modified (for sync and audit)."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic concurrency: every save through the services raises `version`, and an edit
    made on an older version is refused as a conflict instead of overwriting (see
    `kokous.core.exceptions.EditConflict`). `modified_by` names who saved last."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        abstract = True

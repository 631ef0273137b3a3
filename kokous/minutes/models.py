"""Checking and signing the minutes, and the corrections made after they are locked.

Once every signature is in, the minutes are locked (`Meeting.minutes_locked_at`): nothing of the
meeting's record changes any more, and a later correction is a record of its own here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kokous.core.models import TimeStampedModel
from kokous.meetings.models import AgendaItem, Meeting
from kokous.organisations.models import Person


class Signature(TimeStampedModel):
    """A minute checker's approval or comment, or the chair's or secretary's signature."""

    class Role(models.TextChoices):
        CHECKER = "checker", _("minute checker")
        CHAIR = "chair", _("chair")
        SECRETARY = "secretary", _("secretary")

    class Verdict(models.TextChoices):
        APPROVED = "approved", _("approved")
        COMMENTED = "commented", _("commented, not approved")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="signatures"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    comment = models.TextField(_("comment"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed in as"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    # Set when the minutes change after this signature: it no longer counts.
    void = models.BooleanField(_("void: the minutes changed afterwards"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["meeting", "created_at"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}): {self.get_verdict_display()}"


class Correction(TimeStampedModel):
    """A correction to locked minutes: dated and reasoned, shown with the item it corrects.
    The minutes themselves never change."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="corrections"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="corrections",
    )  # fmt: skip
    corrected_on = models.DateField(_("date"))
    reason = models.TextField(_("reason"))
    text = models.TextField(_("correction"))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["meeting", "corrected_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.corrected_on}: {self.reason}"

"""Invitations to meetings and supplementary agendas: what was sent, to whom, and when.

The record matters in law: a meeting's legality depends on when its invitation was sent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kokous.core.models import TimeStampedModel
from kokous.meetings.models import Meeting
from kokous.organisations.models import Person


class Invitation(TimeStampedModel):
    """One sending: the invitation with the agenda (kokouskutsu), or a supplementary agenda
    (lisäesityslista) announcing what changed after it. The message is kept as it was sent."""

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("invitation")
        SUPPLEMENT = "supplement", _("supplementary agenda")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="invitations"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sequence = models.PositiveSmallIntegerField(
        _("sequence"), help_text=_("0 for the invitation, 1, 2 ... for the supplements.")
    )
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"))
    calendar = models.TextField(_("calendar file (iCalendar)"))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "sequence"], name="invitation_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting"],
                condition=models.Q(kind="invitation"),
                name="invitation_once_per_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"


class Delivery(TimeStampedModel):
    """The invitation's message to one recipient, and how its delivery went."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        NO_ADDRESS = "no_address", _("no e-mail address")

    invitation = models.ForeignKey(
        Invitation,
        verbose_name=_("invitation"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("recipient"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=40)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    sent_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["invitation", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "person"], name="delivery_unique")
        ]

    def __str__(self) -> str:
        return f"{self.person} <{self.email}>: {self.get_status_display()}"

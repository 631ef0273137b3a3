"""What happens to an item at the meeting: proposals, seconding, votes by name, dissents.

The decision itself (its text and type) is stored on the agenda item; these records are what
it was decided from, and what the minutes print.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kokous.core.models import TimeStampedModel
from kokous.meetings.models import AgendaItem
from kokous.organisations.models import Person


class Proposal(TimeStampedModel):
    """A proposal on an item: the presenter's (base) proposal as it stands at the meeting, a
    counter-proposal (vastaehdotus), or a motion to table (pöydällepano) or to return the item
    for preparation (palautus), which are decided before the matter itself."""

    class Kind(models.TextChoices):
        BASE = "base", _("presenter's proposal")
        COUNTER = "counter", _("counter-proposal")
        TABLING = "tabling", _("motion to table")
        RETURN = "return", _("motion to return for preparation")

    class State(models.TextChoices):
        OPEN = "open", _("open")
        LAPSED = "lapsed", _("lapsed for want of a seconder")
        WITHDRAWN = "withdrawn", _("withdrawn")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")

    MOTIONS = (Kind.TABLING, Kind.RETURN)

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE,
        related_name="proposals",
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("proposal"))
    proposer = models.ForeignKey(
        Person, verbose_name=_("proposed by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    seconder = models.ForeignKey(
        Person, verbose_name=_("seconded by"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    amended = models.BooleanField(
        _("amended at the meeting"),
        default=False,
        help_text=_("The presenter changed the proposal at the meeting."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["agenda_item", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"], name="proposal_position_unique"
            ),
            models.UniqueConstraint(
                fields=["agenda_item"], condition=Q(kind="base"), name="proposal_one_base"
            ),
        ]

    def __str__(self) -> str:
        if self.kind == self.Kind.BASE:
            return str(self.get_kind_display())
        return f"{self.get_kind_display()} ({self.proposer})"

    def clean(self) -> None:
        if self.kind != self.Kind.BASE and self.proposer_id is None:
            raise ValidationError(
                {"proposer": _("A proposal made at the meeting names its maker.")}
            )
        if self.seconder_id is not None and self.seconder_id == self.proposer_id:
            raise ValidationError({"seconder": _("Nobody can second their own proposal.")})


class Vote(TimeStampedModel):
    """One vote in the chair's voting order: `yes` set against `no` (Jaa / Ei), by name.

    A motion to table or return is voted against continuing the handling (`no` empty)."""

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="votes"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    yes = models.ForeignKey(
        Proposal, verbose_name=_("yes (Jaa)"), on_delete=models.PROTECT, related_name="+"
    )
    no = models.ForeignKey(
        Proposal, verbose_name=_("no (Ei)"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text=_("Empty when a motion is voted against continuing."),
    )  # fmt: skip
    yes_count = models.PositiveSmallIntegerField(_("yes votes"))
    no_count = models.PositiveSmallIntegerField(_("no votes"))
    blank_count = models.PositiveSmallIntegerField(_("blank votes"))
    yes_won = models.BooleanField(_("yes won"))
    decided_by_chair = models.BooleanField(_("tie decided by the chair's vote"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["agenda_item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "position"], name="vote_position_unique")
        ]

    def __str__(self) -> str:
        return f"{self.yes} – {self.no or _('continuing the handling')}"


class Ballot(TimeStampedModel):
    """One member's vote, kept by name. A deputy votes for the member they stand in for."""

    class Choice(models.TextChoices):
        YES = "yes", pgettext_lazy("ballot", "yes")
        NO = "no", pgettext_lazy("ballot", "no")
        BLANK = "blank", pgettext_lazy("ballot", "blank")

    vote = models.ForeignKey(
        Vote, verbose_name=_("vote"), on_delete=models.CASCADE, related_name="ballots"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="+"
    )
    seat_holder = models.ForeignKey(
        Person, verbose_name=_("for the seat of"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.CharField(pgettext_lazy("ballot", "vote"), max_length=5, choices=Choice.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["vote", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "person"], name="ballot_one_per_voter"),
            models.UniqueConstraint(fields=["vote", "seat_holder"], name="ballot_one_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_choice_display()}"


class Dissent(TimeStampedModel):
    """A dissent (eriävä mielipide) of someone who voted against the decision, or of the
    presenter whose proposal was not adopted."""

    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE,
        related_name="dissents",
    )  # fmt: skip
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reasons"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dissent")
        verbose_name_plural = _("dissents")
        ordering = ["agenda_item", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "person"], name="dissent_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)

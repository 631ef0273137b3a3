"""Meetings, their agendas, attendance and what happened to each item."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kokous.cases.models import Case
from kokous.core.fields import SanitizedHTMLField
from kokous.core.models import TimeStampedModel, VersionedModel
from kokous.core.timeutil import local_date
from kokous.organisations.models import Body, Person


class Publicity(models.TextChoices):
    PUBLIC = "public", _("public")
    CONFIDENTIAL = "confidential", _("confidential")
    PUBLIC_AFTER_DECISION = "public_after_decision", _("public after the decision")


class AppealKind(models.TextChoices):
    """Which appeal instructions an item's decision carries (DOMAIN.md item 8)."""

    NONE = "none", _("no appeal: preparation, execution or noting")
    RECTIFICATION = "rectification", _("request for rectification")
    MUNICIPAL_APPEAL = "municipal_appeal", _("appeal to the administrative court")


class StandardItem(TimeStampedModel):
    """An item that every new meeting of a body starts with (opening items) or ends with
    ("Muut asiat"): the body's agenda template, editable by staff."""

    class Place(models.TextChoices):
        OPENING = "opening", _("at the start")
        CLOSING = "closing", _("at the end")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="standard_items"
    )
    place = models.CharField(_("place on the agenda"), max_length=10, choices=Place.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=500)
    preparation_text = SanitizedHTMLField(_("preparation text"), blank=True)
    proposal = models.TextField(_("presenter's proposal"), blank=True)

    class Meta:
        verbose_name = _("standard item")
        verbose_name_plural = _("standard items")
        ordering = ["body", "-place", "position"]  # "opening" sorts after "closing": reversed

    def __str__(self) -> str:
        return self.title


class Meeting(VersionedModel, TimeStampedModel):
    """A meeting (kokous) of a body."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        INVITATION_SENT = "invitation_sent", _("invitation sent")
        HELD = "held", _("held")
        MINUTES_CHECKED = "minutes_checked", _("minutes checked")
        PUBLISHED = "published", _("minutes published")
        CANCELLED = "cancelled", _("cancelled")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    number = models.PositiveSmallIntegerField(_("number in the year"))
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    time_known = models.BooleanField(
        _("time of day known"),
        default=True,
        help_text=_("Off for meetings recorded from documents that give only the date."),
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online meeting link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    chair = models.ForeignKey(
        Person,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_chaired",
    )
    secretary = models.ForeignKey(
        Person,
        verbose_name=_("secretary"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_as_secretary",
    )
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("presenter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings_presented",
    )
    minute_checkers = models.ManyToManyField(
        Person, verbose_name=_("minute checkers"), blank=True, related_name="minutes_checked"
    )
    minutes_locked_at = models.DateTimeField(
        _("minutes locked"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the last signature was given; the record no longer changes."),
    )
    minutes_published_on = models.DateField(
        _("minutes published"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["modified_at"])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="meeting_number_unique_in_year"
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gt=models.F("start")),
                name="meeting_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["body", "start"]),
            # The calendars and the home page across bodies (upcoming, recent, a month's).
            models.Index(fields=["start"], name="meeting_start"),
            # The decisions, feeds and people's pages: published minutes, newest first.
            models.Index(fields=["status", "start"], name="meeting_status_start"),
        ]

    def __str__(self) -> str:
        return f"{self.body} {local_date(self.start):%d.%m.%Y} ({self.number}/{self.year})"

    def get_absolute_url(self) -> str:
        return reverse("publishing:meeting", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        # The year of the numbering follows the meeting date in Helsinki, not UTC.
        self.year = local_date(self.start).year
        super().save(*args, **kwargs)

    @property
    def agenda_sent(self) -> bool:
        return self.status not in {self.Status.PLANNED, self.Status.CANCELLED}


class AgendaItem(VersionedModel, TimeStampedModel):
    """An agenda item (asia, pykälä §) of a meeting."""

    class DecisionType(models.TextChoices):
        ADOPTED_AS_PROPOSED = "adopted_as_proposed", _("adopted as proposed")
        ADOPTED_AFTER_VOTE = "adopted_after_vote", _("adopted after a vote")
        ADOPTED_AMENDED = "adopted_amended", _("adopted as amended")
        REJECTED = "rejected", _("rejected")
        NOTED = "noted", _("noted")
        RETURNED = "returned", _("returned for preparation")
        TABLED = "tabled", _("tabled")
        REMOVED = "removed", _("removed from the agenda")
        ELECTION = "election", _("election")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("order on the agenda"))
    standard_place = models.CharField(
        _("from the agenda template"),
        max_length=10,
        choices=StandardItem.Place.choices,
        blank=True,
        help_text=_("Set on the opening and closing items copied from the body's template."),
    )
    section_number = models.PositiveIntegerField(_("section number (§)"))
    title = models.CharField(_("title"), max_length=500)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    preparation_text = SanitizedHTMLField(_("preparation text"), blank=True)
    presenter = models.ForeignKey(
        Person,
        verbose_name=_("presenter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items_presented",
    )
    proposal = models.TextField(_("presenter's proposal"), blank=True)
    decision = models.TextField(_("decision"), blank=True)
    decision_type = models.CharField(
        _("type of decision"), max_length=24, choices=DecisionType.choices, blank=True
    )
    publicity = models.CharField(
        _("publicity"), max_length=24, choices=Publicity.choices, default=Publicity.PUBLIC
    )
    legal_basis = models.CharField(
        _("legal basis for secrecy"),
        max_length=200,
        blank=True,
        help_text=_("For example JulkL 24 § 1 mom. 25 k."),
    )
    contacts = models.ManyToManyField(
        Person, verbose_name=_("more information from"), blank=True, related_name="items_contact"
    )
    appeal_kind = models.CharField(
        _("appeal instructions"),
        max_length=20,
        choices=AppealKind.choices,
        blank=True,
        help_text=_(
            "Leave empty to choose by the decision and the body: no appeal for preparation, "
            "execution or noting; rectification for boards and committees; an appeal to the "
            "administrative court for councils."
        ),
    )
    personal_data = models.BooleanField(
        _("contains personal data of private persons"),
        default=False,
        help_text=_(
            "When the appeal period has ended, the names listed below are replaced by a neutral "
            "mention in the public version (kuntalaki 140 §). Members of bodies acting in "
            "their official capacity stay named."
        ),
    )
    private_persons = models.TextField(
        _("names of private persons"),
        blank=True,
        help_text=_(
            "One name per line as it appears in the texts, e.g. Matti Virtanen. Add any "
            "inflected form that the text uses and that does not begin with the name itself."
        ),
    )
    personal_data_removed_on = models.DateField(
        _("personal data removed from the public version"),
        null=True,
        blank=True,
        editable=False,
    )
    ready = models.BooleanField(
        _("ready"),
        default=False,
        help_text=_("The preparation is finished; the invitation can be sent only when all are."),
    )
    supplementary = models.BooleanField(
        _("on the supplementary agenda"),
        default=False,
        help_text=_("Added after the invitation was sent (lisäesityslista)."),
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("continues the item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
        help_text=_("The tabled item of an earlier meeting that this item takes up again."),
    )
    history = HistoricalRecords(excluded_fields=["modified_at"])

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_item_position_unique"
            ),
            models.UniqueConstraint(
                fields=["meeting", "section_number"], name="agenda_item_section_unique"
            ),
            models.CheckConstraint(
                condition=~Q(publicity="confidential") | ~Q(legal_basis=""),
                name="agenda_item_confidential_has_legal_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"§ {self.section_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("publishing:item", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.publicity == Publicity.CONFIDENTIAL and not self.legal_basis.strip():
            raise ValidationError(
                {"legal_basis": _("A confidential item must state the legal basis for secrecy.")}
            )
        if self.personal_data and not self.private_persons.strip():
            raise ValidationError(
                {
                    "private_persons": _(
                        "List the private persons whose names are removed when the appeal "
                        "period ends."
                    )
                }
            )


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    meeting = instance.agenda_item.meeting
    return f"attachments/{meeting.body.slug}/{meeting.year}/{meeting.pk}/{filename}"


class Attachment(TimeStampedModel):
    """An attachment (liite) of an agenda item, numbered within the item."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=500)
    file = models.FileField(
        _("file"),
        upload_to=attachment_upload_to,
        max_length=500,
        blank=True,
        help_text=_("Empty when only the record of the attachment survives."),
    )
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    publicity = models.CharField(
        _("publicity"), max_length=24, choices=Publicity.choices, default=Publicity.PUBLIC
    )
    legal_basis = models.CharField(_("legal basis for secrecy"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["agenda_item", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "number"], name="attachment_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(publicity="confidential") | ~Q(legal_basis=""),
                name="attachment_confidential_has_legal_basis",
            ),
        ]

    def __str__(self) -> str:
        return f"Liite {self.number}: {self.title}"


class Attendance(TimeStampedModel):
    """Who took part in a meeting, in which capacity, and for which items."""

    class Capacity(models.TextChoices):
        MEMBER = "member", _("member")
        DEPUTY = "deputy", _("deputy")
        REPRESENTATIVE = "representative", _("representative named by a member municipality")
        PRESENTER = "presenter", _("presenter")
        SECRETARY = "secretary", _("secretary")
        EXPERT = "expert", _("expert")
        INVITED = "invited", _("invited")
        OTHER = "other", _("other participant")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="attendances"
    )
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    deputy_for = models.ForeignKey(
        Person,
        verbose_name=_("deputy for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    represents = models.CharField(_("represents"), max_length=200, blank=True)
    present = models.BooleanField(_("present"), default=True)
    present_from = models.ForeignKey(
        AgendaItem,
        verbose_name=_("present from item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    present_until = models.ForeignKey(
        AgendaItem,
        verbose_name=_("present until item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("order in the list"), default=0)
    history = HistoricalRecords(excluded_fields=["modified_at"])

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "position", "person__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_unique"),
            models.CheckConstraint(
                condition=Q(capacity="deputy", deputy_for__isnull=False)
                | (~Q(capacity="deputy") & Q(deputy_for__isnull=True)),
                name="attendance_deputy_names_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_capacity_display()}"

    def clean(self) -> None:
        for field in ("present_from", "present_until"):
            item = getattr(self, field)
            if item is not None and item.meeting_id != self.meeting_id:
                raise ValidationError({field: _("The item must belong to the same meeting.")})
        if (
            self.present_from is not None
            and self.present_until is not None
            and self.present_until.position < self.present_from.position
        ):
            raise ValidationError({"present_until": _("Presence cannot end before it starts.")})

    def present_at(self, item: AgendaItem) -> bool:
        """Whether the person was in the meeting while `item` was handled."""
        if not self.present:
            return False
        if self.present_from is not None and item.position < self.present_from.position:
            return False
        if self.present_until is not None and item.position > self.present_until.position:
            return False
        return True


class SpeakingTurn(TimeStampedModel):
    """One turn to speak on an item ("Puheenvuoroja käyttivät: ..."), in order."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="speaking_turns",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("speaker"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("order"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("speaking turn")
        verbose_name_plural = _("speaking turns")
        ordering = ["agenda_item", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "position"], name="speaking_turn_position_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.person)


class Disqualification(TimeStampedModel):
    """A person disqualified (esteellinen) for an item: they leave and do not count for it."""

    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="disqualifications",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disqualification")
        verbose_name_plural = _("disqualifications")
        constraints = [
            models.UniqueConstraint(
                fields=["agenda_item", "person"], name="disqualification_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.reason}"


class AgendaChange(TimeStampedModel):
    """A change made to an agenda after its invitation was sent. Nothing changes silently: each
    change is recorded here and announced in the next supplementary agenda."""

    class Kind(models.TextChoices):
        ITEM_ADDED = "item_added", _("item added")
        ITEM_CHANGED = "item_changed", _("item changed")
        ATTACHMENT_ADDED = "attachment_added", _("attachment added")
        ATTACHMENT_REMOVED = "attachment_removed", _("attachment removed")
        MEETING_CHANGED = "meeting_changed", _("time or place changed")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="changes"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    kind = models.CharField(_("kind of change"), max_length=24, choices=Kind.choices)
    description = models.TextField(_("description"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    announced_in = models.ForeignKey(
        "invitations.Invitation",
        verbose_name=_("announced in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="changes",
    )

    class Meta:
        verbose_name = _("change to a sent agenda")
        verbose_name_plural = _("changes to sent agendas")
        ordering = ["meeting", "created_at", "pk"]

    def __str__(self) -> str:
        return self.description

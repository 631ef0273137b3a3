"""Organisations, their bodies (toimielimet), people and the roles people hold in bodies."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kokous.core.fields import SanitizedHTMLField
from kokous.core.models import TimeStampedModel


class BilingualNameMixin(models.Model):
    """A name in Finnish and, for bilingual organisations, Swedish."""

    name_fi = models.CharField(_("name in Finnish"), max_length=255)
    name_sv = models.CharField(_("name in Swedish"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Finnish."""
        if (get_language() or "fi").startswith("sv") and self.name_sv:
            return self.name_sv
        return self.name_fi


class Organisation(BilingualNameMixin, TimeStampedModel):
    """A legal entity that owns bodies and a case register: a wellbeing services county,
    a municipality, a joint municipal authority or a regional council."""

    class Kind(models.TextChoices):
        WELLBEING_SERVICES_COUNTY = "wellbeing_services_county", _("wellbeing services county")
        MUNICIPALITY = "municipality", _("municipality")
        JOINT_AUTHORITY = "joint_authority", _("joint municipal authority")
        REGIONAL_COUNCIL = "regional_council", _("regional council")
        OTHER = "other", _("other")

    slug = models.SlugField(_("identifier in addresses"), unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    code = models.CharField(
        _("code in record numbers"),
        max_length=20,
        help_text=_("For example KYMHVA in KYMHVA/123/00.01.00/2022."),
    )
    record_number_format = models.CharField(
        _("record number format"),
        max_length=100,
        default="{org}/{number}/{task_class}/{year}",
        help_text=_(
            "Placeholders: {org} code, {number} running number in the year, "
            "{task_class} task class (TT.TT.TT), {year}."
        ),
    )
    bilingual = models.BooleanField(_("bilingual (Finnish and Swedish)"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_fi"]


class Body(BilingualNameMixin, TimeStampedModel):
    """A body (toimielin) of an organisation: council, board, committee, section, temporary
    preparatory body, political steering group, working group or sub-working group."""

    class Kind(models.TextChoices):
        COUNCIL = "council", _("council")
        BOARD = "board", _("board")
        COMMITTEE = "committee", _("committee")
        SECTION = "section", _("section")
        PREPARATORY_BODY = "preparatory_body", _("temporary preparatory body")
        STEERING_GROUP = "steering_group", _("political steering or monitoring group")
        WORKING_GROUP = "working_group", _("working group")
        SUB_WORKING_GROUP = "sub_working_group", _("sub-working group")
        OTHER = "other", _("other")

    class QuorumRule(models.TextChoices):
        TWO_THIRDS = "two_thirds", _("at least two thirds of the members present")
        MAJORITY = "majority", _("more than half of the members present")
        NONE = "none", _("no formal quorum")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="bodies",
    )
    slug = models.SlugField(_("identifier in addresses"), max_length=100, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("set up by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    mandate = SanitizedHTMLField(_("mandate"), blank=True)
    report_deadline = models.DateField(_("report deadline"), null=True, blank=True)
    quorum_rule_override = models.CharField(
        _("quorum rule"),
        max_length=16,
        choices=QuorumRule.choices,
        blank=True,
        help_text=_("Leave empty to use the rule that follows from the kind of body."),
    )
    invitation_lead_days = models.PositiveSmallIntegerField(
        _("invitation lead time in days"),
        default=4,
        help_text=_("How many days before the meeting the invitation must be sent."),
    )
    invite_deputies = models.BooleanField(_("deputies receive the invitation"), default=False)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["organisation__name_fi", "name_fi"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="body_active_period_ordered",
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("publishing:body", kwargs={"slug": self.slug})

    @property
    def quorum_rule(self) -> str:
        """The body's quorum rule: its own override, or the one its kind implies."""
        if self.quorum_rule_override:
            return self.quorum_rule_override
        if self.kind == self.Kind.COUNCIL:
            return self.QuorumRule.TWO_THIRDS
        if self.kind in {self.Kind.WORKING_GROUP, self.Kind.SUB_WORKING_GROUP}:
            return self.QuorumRule.NONE
        return self.QuorumRule.MAJORITY

    @property
    def quorum_rule_label(self) -> str:
        return str(self.QuorumRule(self.quorum_rule).label)

    def clean(self) -> None:
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A body cannot be set up by itself.")})
        # Walk up the tree: a body cannot be set up by one of the bodies it set up.
        seen = {self.pk}
        ancestor = self.parent
        while ancestor is not None and self.pk is not None:
            if ancestor.pk in seen:
                raise ValidationError(
                    {"parent": _("A body cannot be set up by a body it has set up itself.")}
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent


class Person(TimeStampedModel):
    """A person who holds roles in bodies, presents or prepares items, or takes part."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    affiliation = models.CharField(_("organisation or municipality"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Membership(TimeStampedModel):
    """A role a person holds in a body for a term."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("chair")
        VICE_CHAIR = "vice_chair", _("vice chair")
        MEMBER = "member", _("member")
        DEPUTY = "deputy", _("personal deputy")
        REPRESENTATIVE = "representative", _("representative named by a member municipality")
        PRESENTER = "presenter", _("presenter")
        SECRETARY = "secretary", _("secretary")
        EXPERT = "expert", _("expert")
        INVITED = "invited", _("invited")

    # Roles that hold a seat: they vote and count for the quorum.
    SEAT_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.REPRESENTATIVE)

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    deputy_for = models.ForeignKey(
        "self",
        verbose_name=_("personal deputy of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deputies",
    )
    represents = models.CharField(
        _("represents"),
        max_length=200,
        blank=True,
        help_text=_("The municipality or organisation that named the person, e.g. Kotka."),
    )
    start = models.DateField(_("term starts"))
    end = models.DateField(_("term ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "person__last_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_term_ordered",
            ),
            models.CheckConstraint(
                condition=Q(role="deputy", deputy_for__isnull=False)
                | (~Q(role="deputy") & Q(deputy_for__isnull=True)),
                name="membership_deputy_has_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()} – {self.body}"

    def clean(self) -> None:
        if self.role == self.Role.DEPUTY:
            if self.deputy_for is None:
                raise ValidationError({"deputy_for": _("A deputy must name the member.")})
            if self.deputy_for.body_id != self.body_id:
                raise ValidationError({"deputy_for": _("The member must belong to the same body.")})
            if self.deputy_for.role not in self.SEAT_ROLES:
                raise ValidationError(
                    {"deputy_for": _("A deputy can only stand in for a member who holds a seat.")}
                )
        elif self.deputy_for_id is not None:
            raise ValidationError({"deputy_for": _("Only a deputy names a member.")})
        if self.end is not None and self.end < self.start:
            raise ValidationError({"end": _("The term cannot end before it starts.")})

    @property
    def holds_seat(self) -> bool:
        return self.role in self.SEAT_ROLES

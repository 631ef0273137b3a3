"""The official documents: where appeals go, the organisation's own appeal instructions, and
the stored PDF of each final document with its SHA-256."""

import string

from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kokous.core.models import TimeStampedModel
from kokous.meetings.models import AgendaItem, AppealKind, Meeting
from kokous.organisations.models import Organisation

# The placeholders an appeal instruction text may use; `appeal_text_render` fills them in.
APPEAL_PLACEHOLDERS = (
    "body",
    "organisation",
    "registry",
    "postal_address",
    "visiting_address",
    "email",
    "office_hours",
    "court",
    "court_address",
    "court_email",
    "days",
)


def appeal_placeholders_check(text: str) -> None:
    """Refuse a text whose {placeholders} are unknown or malformed."""
    try:
        fields = [
            (name, spec, conversion)
            for _text, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError as exc:
        raise ValidationError(
            _("Braces must enclose a placeholder such as {registry}: %(error)s") % {"error": exc}
        ) from exc
    # Only plain {name}: an empty {}, a format {days:d} or a conversion {body!r} could fail
    # when the text is printed. A literal brace is written twice: {{ and }}.
    if any(not name or spec or conversion for name, spec, conversion in fields):
        raise ValidationError(
            _(
                "Write placeholders as a plain name in braces, such as {registry}; "
                "write a brace itself twice: {{ or }}."
            )
        )
    names = {name for name, _spec, _conversion in fields}
    unknown = sorted(names - set(APPEAL_PLACEHOLDERS))
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(unknown)s. Known ones: %(known)s.")
            % {
                "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                "known": ", ".join(f"{{{name}}}" for name in APPEAL_PLACEHOLDERS),
            }
        )


class AppealSettings(TimeStampedModel):
    """Where an organisation receives requests for rectification, and which administrative
    court hears appeals against its council's decisions: filled into the appeal instructions."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="appeal_settings",
    )
    registry = models.CharField(
        _("registry office"),
        max_length=200,
        help_text=_("For example: Kymenlaakson hyvinvointialue, kirjaamo."),
    )
    postal_address = models.CharField(_("postal address"), max_length=300)
    visiting_address = models.CharField(_("visiting address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"))
    office_hours = models.CharField(
        _("office hours"), max_length=100, blank=True, help_text=_("For example 9.00–15.00.")
    )
    court = models.CharField(
        _("administrative court"),
        max_length=200,
        help_text=_("For example: Hämeenlinnan hallinto-oikeus."),
    )
    court_address = models.CharField(_("address of the court"), max_length=300)
    court_email = models.EmailField(_("e-mail of the court"), blank=True)

    class Meta:
        verbose_name = _("appeal settings")
        verbose_name_plural = _("appeal settings")

    def __str__(self) -> str:
        return str(self.organisation)


class AppealText(TimeStampedModel):
    """An organisation's own text for one kind of appeal instructions in one language. Without
    one, the default text of `kokous.documents.appeals` is used."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="appeal_texts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AppealKind.choices)
    language = models.CharField(
        _("language"), max_length=2, choices=[("fi", _("Finnish")), ("sv", _("Swedish"))]
    )
    title = models.CharField(_("heading"), max_length=200)
    text = models.TextField(
        _("text"),
        help_text=_(
            "Paragraphs separated by an empty line. Placeholders filled in when printed: "
            "{body} {organisation} {registry} {postal_address} {visiting_address} {email} "
            "{office_hours} {court} {court_address} {court_email} {days}."
        ),
    )

    class Meta:
        verbose_name = _("appeal instruction text")
        verbose_name_plural = _("appeal instruction texts")
        ordering = ["organisation", "kind", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "language"], name="appeal_text_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        for field in ("title", "text"):
            try:
                appeal_placeholders_check(getattr(self, field))
            except ValidationError as exc:
                raise ValidationError({field: exc.messages}) from exc


def _documents_storage():  # type: ignore[no-untyped-def]
    return storages["documents"]


def stored_document_upload_to(instance: "StoredDocument", filename: str) -> str:
    meeting = instance.meeting
    return f"{meeting.body.slug}/{meeting.year}/{meeting.pk}/{filename}"


class StoredDocument(TimeStampedModel):
    """The PDF of a final document (minutes or extract, once the minutes are locked and
    published), generated once and served from storage ever after. Its SHA-256 is shown on the
    public page so that anyone can verify a copy."""

    class Kind(models.TextChoices):
        AGENDA = "agenda", _("agenda")
        MINUTES = "minutes", _("minutes")
        EXTRACT = "extract", _("extract")

    class Variant(models.TextChoices):
        PUBLIC = "public", _("public version")
        FULL = "full", _("full version for the body")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="documents"
    )
    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    variant = models.CharField(_("version"), max_length=10, choices=Variant.choices)
    language = models.CharField(_("language"), max_length=2)
    file = models.FileField(
        _("file"), storage=_documents_storage, upload_to=stored_document_upload_to, max_length=300
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"))

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["meeting", "kind", "item", "variant", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "variant", "language"],
                condition=Q(item__isnull=True),
                name="stored_document_unique",
            ),
            models.UniqueConstraint(
                fields=["item", "kind", "variant", "language"],
                condition=Q(item__isnull=False),
                name="stored_extract_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind="extract", item__isnull=False)
                | (~Q(kind="extract") & Q(item__isnull=True)),
                name="stored_document_extract_has_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.meeting} ({self.variant}, {self.language})"

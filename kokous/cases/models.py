"""The case register (diaari): matters that travel between bodies and meetings."""

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kokous.core.models import TimeStampedModel
from kokous.organisations.models import Organisation

task_class_validator = RegexValidator(
    r"^\d{2}\.\d{2}\.\d{2}$", _("A task class has the form TT.TT.TT, e.g. 00.01.00.")
)


class Case(TimeStampedModel):
    """A case (asia) with its record number; its handling history is derived from the agenda
    items that reference it (see `kokous.cases.selectors.case_handling_history`)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="cases"
    )
    record_number = models.CharField(_("record number"), max_length=64, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    running_number = models.PositiveIntegerField(_("running number"), null=True, blank=True)
    task_class = models.CharField(
        _("task class"), max_length=8, blank=True, validators=[task_class_validator]
    )
    title = models.CharField(_("title"), max_length=500)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "-running_number", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "running_number"],
                name="case_running_number_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "record_number"],
                condition=~models.Q(record_number=""),
                name="case_record_number_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_number} {self.title}" if self.record_number else self.title

    def get_absolute_url(self) -> str:
        return reverse("publishing:case", kwargs={"pk": self.pk})

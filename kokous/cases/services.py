"""Writes to the case register."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kokous.cases.models import Case
from kokous.core.timeutil import local_date
from kokous.organisations.models import Organisation


def record_number_render(
    *, organisation: Organisation, number: int, task_class: str, year: int
) -> str:
    """The record number in the organisation's format, e.g. KYMHVA/123/00.01.00/2022."""
    try:
        return organisation.record_number_format.format(
            org=organisation.code,
            number=number,
            task_class=task_class or "00.00.00",
            year=year,
        )
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as exc:
        raise ValidationError(
            _("The record number format of %(organisation)s is invalid: %(error)s")
            % {"organisation": organisation, "error": exc}
        ) from exc


@transaction.atomic
def case_create(
    *,
    organisation: Organisation,
    title: str,
    task_class: str = "",
    year: int | None = None,
    record_number: str | None = None,
) -> Case:
    """Open a case. It gets the next running number of the organisation's year and a record
    number in the organisation's format, unless an existing `record_number` is given (a case
    brought in from an older register keeps its number)."""
    # Lock the organisation row: two secretaries opening cases at once get different numbers.
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    year = year or local_date(timezone.now()).year
    case = Case(organisation=organisation, title=title, task_class=task_class, year=year)
    if record_number is None:
        last = Case.objects.filter(organisation=organisation, year=year).aggregate(
            Max("running_number")
        )["running_number__max"]
        number = (last or 0) + 1
        rendered = record_number_render(
            organisation=organisation, number=number, task_class=task_class, year=year
        )
        # A number brought in from an older register has no running number here; step past it
        # rather than refuse every new case of the year.
        while Case.objects.filter(organisation=organisation, record_number=rendered).exists():
            following = record_number_render(
                organisation=organisation, number=number + 1, task_class=task_class, year=year
            )
            if following == rendered:
                break  # The format ignores the number: the uniqueness check below refuses.
            number, rendered = number + 1, following
        case.running_number = number
        case.record_number = rendered
    else:
        case.record_number = record_number
    case.full_clean()
    case.save()
    return case

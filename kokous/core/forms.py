"""Helpers shared by the apps' forms."""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

# The largest primary key the databases hold (a signed 64-bit integer).
MAX_PK = 2**63 - 1


def form_errors_add(
    form: forms.Form, exc: ValidationError, *, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's refusal on the form: each message on the field it names (through
    `fields` when the service's names differ from the form's), the rest above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = (fields or {}).get(name, name)
        form.add_error(target if target in form.fields else None, errors)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a number too large for any primary key as an invalid choice: SQLite
    raises OverflowError for it in the `pk__in` query that checks the choices."""

    def _check_values(self, value: Iterable[Any]) -> Any:
        if self.to_field_name is None:
            for pk in value:
                text = str(pk).strip()
                if text.lstrip("-").isdigit() and abs(int(text)) > MAX_PK:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)

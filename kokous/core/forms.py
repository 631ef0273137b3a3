"""Helpers shared by the apps' forms."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


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

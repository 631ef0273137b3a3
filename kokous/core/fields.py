"""Model fields shared by the apps."""

from typing import Any

from django.db import models

from kokous.core.text import sanitize_html


class SanitizedHTMLField(models.TextField):
    """Rich text that is sanitised on every save, whoever writes it (forms, admin, API, import)."""

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = sanitize_html(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

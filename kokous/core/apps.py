from typing import Any

from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _cache_table_create(*, using: str = "default", **kwargs: Any) -> None:
    """The database cache's table (settings.CACHES), made by every `migrate`, so that a new
    site or test database has it; does nothing for other cache backends or when it exists."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "kokous.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        post_migrate.connect(_cache_table_create, sender=self)

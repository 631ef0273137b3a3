from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "kokous.api"
    label = "api"
    verbose_name = _("Open API")

    def ready(self) -> None:
        from kokous.api.signals import tombstone_signals_connect

        tombstone_signals_connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaatosConfig(AppConfig):
    name = "kokous.paatos"
    label = "paatos"
    verbose_name = _("6Aika Open Decisions API")

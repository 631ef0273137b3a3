from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "kokous.minutes"
    label = "minutes"
    verbose_name = _("Minutes")

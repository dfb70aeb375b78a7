from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeveringConfig(AppConfig):
    name = "levering"
    verbose_name = _("Levering (leverandør)")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilsynConfig(AppConfig):
    name = "tilsyn"
    verbose_name = _("Opfølgning, tilsyn og frister")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeveringConfig(AppConfig):
    name = "levering"
    verbose_name = _("Levering (leverandør)")

    def ready(self) -> None:
        from bostotte.core.access import register_sag_scope

        from .access import sag_scope_leverandoer

        register_sag_scope(sag_scope_leverandoer)

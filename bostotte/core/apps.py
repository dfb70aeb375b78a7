from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bostotte.core"
    label = "core"
    verbose_name = _("Fælles kerne: organisation, borgere, sager, journal og adgangslog")

    def ready(self) -> None:
        from .models import MYNDIGHED_ROLLER
        from .navigation import register_menu

        register_menu(label=_("Forside"), url_name="core:home", roller={*MYNDIGHED_ROLLER, "leverandoerleder", "bostoette", "analytiker", "administrator"}, order=0)
        register_menu(label=_("Sager"), url_name="core:sag-list", roller=MYNDIGHED_ROLLER, order=10)

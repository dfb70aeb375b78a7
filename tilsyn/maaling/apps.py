from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaalingConfig(AppConfig):
    name = "tilsyn.maaling"
    label = "maaling"
    verbose_name = _("Måling: proces- og effektmål, eksporter og FFB-indberetning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from bostotte.core.navigation import register_menu  # noqa: PLC0415 (apps are not ready at import)

        from .scope import MAALING_ROLLER  # noqa: PLC0415

        register_menu(label=_("Målinger"), url_name="maaling:dashboard", roller=MAALING_ROLLER, order=80)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandleplanerConfig(AppConfig):
    name = "handleplaner"
    verbose_name = _("Handleplaner og pædagogiske planer")

    def ready(self) -> None:
        from bostotte.core.case_sections import register_case_section  # noqa: PLC0415
        from bostotte.core.models import Rolle  # noqa: PLC0415
        from bostotte.core.navigation import register_menu  # noqa: PLC0415

        from .views import sag_section  # noqa: PLC0415

        register_menu(label=_("Planer"), url_name="handleplaner:plan-list", roller={Rolle.BOSTOETTE, Rolle.LEVERANDOERLEDER}, order=35)
        register_case_section(sag_section, order=30)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeveringConfig(AppConfig):
    name = "levering"
    verbose_name = _("Levering (leverandør)")

    def ready(self) -> None:
        from bostotte.core.access import register_sag_scope  # noqa: PLC0415
        from bostotte.core.case_sections import register_case_section  # noqa: PLC0415
        from bostotte.core.models import Rolle  # noqa: PLC0415
        from bostotte.core.navigation import register_menu  # noqa: PLC0415

        from .access import sag_scope_leverandoer  # noqa: PLC0415
        from .case_section import levering_case_section  # noqa: PLC0415

        register_sag_scope(sag_scope_leverandoer)
        register_case_section(levering_case_section, order=60)
        register_menu(label=_("Bestillinger"), url_name="levering:indbakke", roller={Rolle.LEVERANDOERLEDER}, order=10)
        register_menu(label=_("I dag"), url_name="levering:i-dag", roller={Rolle.BOSTOETTE}, order=10)
        register_menu(label=_("Kalender"), url_name="levering:kalender", roller={Rolle.BOSTOETTE, Rolle.LEVERANDOERLEDER}, order=20)
        register_menu(label=_("Gruppesession"), url_name="levering:gruppesession-create", roller={Rolle.BOSTOETTE}, order=30)
        register_menu(label=_("Timer"), url_name="levering:timer", roller={Rolle.BOSTOETTE, Rolle.LEVERANDOERLEDER}, order=40)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Borgerportal")

    def ready(self) -> None:
        from bostotte.core.case_sections import register_case_section  # noqa: PLC0415
        from bostotte.core.navigation import register_menu  # noqa: PLC0415

        from .case_section import portal_case_section  # noqa: PLC0415

        register_menu(
            label=_("Ønsker fra borgere"), url_name="portal:anmodning-list",
            roller={"bostoette", "leverandoerleder"}, order=45,
        )
        register_case_section(portal_case_section, order=70)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitationConfig(AppConfig):
    name = "visitation"
    verbose_name = _("Visitation (myndighed)")

    def ready(self) -> None:
        from bostotte.core.case_sections import register_case_section  # noqa: PLC0415
        from bostotte.core.models import Rolle  # noqa: PLC0415
        from bostotte.core.navigation import register_menu  # noqa: PLC0415

        from .case_section import visitation_section  # noqa: PLC0415

        register_case_section(visitation_section, order=10)
        myndighed = {Rolle.SAGSBEHANDLER, Rolle.MYNDIGHEDSLEDER}
        register_menu(label=_("Ny henvendelse"), url_name="visitation:henvendelse-create", roller=myndighed, order=20)
        register_menu(label=_("Til godkendelse"), url_name="visitation:godkendelser", roller={Rolle.MYNDIGHEDSLEDER}, order=25)
        register_menu(label=_("Kvalitetsstandarder"), url_name="visitation:ks-list", roller=myndighed, order=80)

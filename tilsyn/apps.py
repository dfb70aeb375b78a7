# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TilsynConfig(AppConfig):
    name = "tilsyn"
    verbose_name = _("Opfølgning, tilsyn og frister")

    def ready(self) -> None:
        from bostotte.core.case_sections import register_case_section
        from bostotte.core.models import MYNDIGHED_ROLLER, Rolle
        from bostotte.core.navigation import register_header_link, register_menu

        from . import deadlines  # noqa: F401
        from .deadlines import kinds  # noqa: F401  (registers the deadline kinds)
        from .sections import tilsyn_case_section
        from .templatetags.tilsyn_tags import indbakke_html

        register_menu(label=_("Mine opgaver"), url_name="tilsyn:mine-opgaver", roller=MYNDIGHED_ROLLER, order=20)
        register_menu(label=_("Teamets opgaver"), url_name="tilsyn:team-opgaver", roller={Rolle.MYNDIGHEDSLEDER}, order=21)
        register_case_section(tilsyn_case_section, order=80)
        register_header_link(indbakke_html)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "bostotte.api"
    label = "api"
    verbose_name = _("Integrations-API: API-klienter, nøgler og adgang for andre systemer")

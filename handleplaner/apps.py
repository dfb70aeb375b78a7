from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandleplanerConfig(AppConfig):
    name = "handleplaner"
    verbose_name = _("Handleplaner og pædagogiske planer")

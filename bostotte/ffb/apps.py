from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FfbConfig(AppConfig):
    name = "bostotte.ffb"
    label = "ffb"
    verbose_name = _("FFB-referencedata (Fælles Faglige Begreber og CareSocialCodes)")

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .navigation import menu_for


def shell(request: HttpRequest) -> dict[str, object]:
    """What the base template needs: the kommune, the role menu, and `csp_nonce`, which
    django-htmx's {% htmx_script %} reads (django-csp names it CSP_NONCE)."""
    user = getattr(request, "user", None)
    return {
        "KOMMUNE_NAVN": settings.KOMMUNE_NAVN,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "menu": menu_for(user) if user is not None and user.is_authenticated else [],
    }

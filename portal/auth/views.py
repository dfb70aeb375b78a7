"""The portal's login page, the development login and the friendly "could not log you in" page."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from bostotte.core.models import Borger, Rolle

from ..services import portal_indstillinger_get
from .identity import SESSION_FEJL

FEJL_KODER = {"ukendt", "sikringsniveau", "mangler", "konflikt", "spaerret", "afbrudt"}


def _demo_borgere() -> list[Borger]:
    return list(
        Borger.objects.filter(user__isnull=False, user__is_active=True, user__rolle=Rolle.BORGER)
        .select_related("user")
        .order_by("fornavn", "efternavn", "id")[:40]
    )


@login_not_required
@require_GET
def login_page(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and getattr(request.user, "rolle", None) == Rolle.BORGER:
        return redirect("portal:forside")
    return render(request, "portal/login.html", {
        "saml": getattr(settings, "PORTAL_SAML_ENABLED", False),
        "oidc": getattr(settings, "PORTAL_OIDC_ENABLED", False),
        "dev_login": settings.DEV_LOGIN,
        "demo_borgere": _demo_borgere() if settings.DEV_LOGIN else [],
    })


@login_not_required
@require_POST
def dev_login(request: HttpRequest) -> HttpResponse:
    """Development and test only (settings.DEV_LOGIN): log in as a demo citizen by choosing them."""
    if not settings.DEV_LOGIN:
        raise Http404
    borger = Borger.objects.filter(
        uuid=request.POST.get("borger", "") or None, user__is_active=True, user__rolle=Rolle.BORGER
    ).select_related("user").first() if _is_uuid(request.POST.get("borger", "")) else None
    if borger is None or borger.user is None:
        raise Http404
    login(request, borger.user, backend="bostotte.core.auth_backends.ModelBackend")
    return redirect("portal:forside")


def _is_uuid(value: str) -> bool:

    try:
        uuid.UUID(value)
    except (ValueError, TypeError):
        return False
    return True


@login_not_required
@require_GET
def login_fejl(request: HttpRequest) -> HttpResponse:
    """Why we could not log the citizen in, in plain Danish, and who to call. Never an error page."""
    kode = request.session.pop(SESSION_FEJL, None) or request.GET.get("grund", "")
    if kode not in FEJL_KODER:
        kode = "mangler"

    return render(request, "portal/login_fejl.html", {
        "kode": kode, "indstillinger": portal_indstillinger_get(), "min_loa": settings.PORTAL_MIN_LOA,
    })

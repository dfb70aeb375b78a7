"""The kommune's OIDC broker (MitID) through mozilla-django-oidc, with its own settings
(PORTAL_OIDC_*), its own callback and its own backend, separate from the staff login."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from bostotte.core.models import Rolle, User

from .identity import (
    SESSION_FEJL,
    Borgeridentitet,
    LoginAfvist,
    borger_login_resolve,
    loa_normalise,
)

BACKEND_PATH = "portal.auth.oidc.BorgerOIDCBackend"
_FIXED = {
    "OIDC_AUTHENTICATION_CALLBACK_URL": "portal:oidc-callback",
    "OIDC_CREATE_USER": False,
}


def portal_oidc_setting(attr: str, *args: Any) -> Any:
    """OIDC_X is read from PORTAL_OIDC_X (never the staff login's OIDC_X)."""
    if attr in _FIXED:
        return _FIXED[attr]
    if attr == "OIDC_AUTH_REQUEST_EXTRA_PARAMS":
        acr = getattr(settings, "PORTAL_OIDC_ACR_VALUES", "")
        return {"acr_values": acr} if acr else {}
    if attr == "LOGIN_REDIRECT_URL":
        return reverse("portal:forside")
    if attr == "LOGIN_REDIRECT_URL_FAILURE":
        return reverse("portal:login-fejl")
    if attr.startswith("OIDC_"):
        name = f"PORTAL_{attr}"
        if hasattr(settings, name):
            return getattr(settings, name)
        if args:
            return args[0]
        raise ImproperlyConfigured(f"{name} skal være sat, når PORTAL_OIDC_ENABLED er slået til.")
    return import_from_settings(attr, *args)


class BorgerOIDCBackend(OIDCAuthenticationBackend):
    """Maps the broker's claims to a citizen: `sub` is the subject, the CPR comes from
    PORTAL_OIDC_CPR_CLAIM and the NSIS level from PORTAL_OIDC_LOA_CLAIM (or `acr`)."""

    get_settings = staticmethod(portal_oidc_setting)  # type: ignore[assignment]

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only our own callback view calls this backend (with borgerportal=True); the global
        # authenticate() used by the staff logins passes through.
        if not kwargs.pop("borgerportal", False):
            return None
        return super().authenticate(request, **kwargs)

    def identitet_from_claims(self, claims: dict[str, Any]) -> Borgeridentitet:
        loa_claim = getattr(settings, "PORTAL_OIDC_LOA_CLAIM", "loa")
        return Borgeridentitet(
            issuer=str(claims.get("iss") or getattr(settings, "PORTAL_OIDC_OP_ISSUER", "")).strip(),
            subject=str(claims.get("sub") or "").strip(),
            cpr=str(claims.get(getattr(settings, "PORTAL_OIDC_CPR_CLAIM", "dk.cpr")) or "").strip(),
            loa=loa_normalise(claims.get(loa_claim) or claims.get("acr")),
        )

    def user_for_claims(self, claims: dict[str, Any]) -> User:
        """Raises LoginAfvist with the reason."""
        return borger_login_resolve(identitet=self.identitet_from_claims(claims))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        claims = {**payload, **(self.get_userinfo(access_token, id_token, payload) or {})}
        try:
            return self.user_for_claims(claims)
        except LoginAfvist as exc:
            if self.request is not None:
                self.request.session[SESSION_FEJL] = exc.kode
            return None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:  # pragma: no cover - not used
        return self.UserModel.objects.none()

    def create_user(self, claims: dict[str, Any]) -> User:  # pragma: no cover - not used
        raise SuspiciousOperation("Borgere oprettes via borger_login_resolve.")

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True, rolle=Rolle.BORGER).first()


class BorgerOIDCRequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(portal_oidc_setting)  # type: ignore[assignment]


class BorgerOIDCCallbackView(OIDCAuthenticationCallbackView):
    """mozilla's callback, authenticating with the citizen backend only."""

    get_settings = staticmethod(portal_oidc_setting)  # type: ignore[assignment]

    def get(self, request: HttpRequest) -> HttpResponse:
        if "code" in request.GET and "state" in request.GET and "error" not in request.GET:
            states = request.session.get("oidc_states") or {}
            state = request.GET["state"]
            if state not in states:
                request.session[SESSION_FEJL] = "mangler"
                return self.login_failure()
            entry = states.pop(state)
            request.session["oidc_states"] = states
            request.session.save()
            self.user = BorgerOIDCBackend().authenticate(
                request, borgerportal=True, nonce=entry.get("nonce"), code_verifier=entry.get("code_verifier")
            )
            if self.user is not None and self.user.is_active:
                auth.login(request, self.user, backend=BACKEND_PATH)
                return HttpResponseRedirect(self.success_url)
            request.session.setdefault(SESSION_FEJL, "mangler")
            return self.login_failure()
        request.session[SESSION_FEJL] = "afbrudt"
        return self.login_failure()

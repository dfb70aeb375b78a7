"""`Authorization: Bearer …` on the API, two kinds, told apart by their form:

* an API client's key (`bst_…`, no dots): the request runs as the client's service user and
  `request.auth` is the ApiKlient (the permission class checks its scopes);
* with USE_OIDC, a staff member's JWT from the municipal IdP (three dot-separated parts): the
  request runs as that staff user, `request.auth` is a StaffToken, and no scopes apply (like a
  session). The same access functions decide what either may see."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from bostotte.core.oidc import staff_users_for_identity

from . import oidc
from .models import ApiKlient
from .selectors import apiklient_for_token
from .services import TOKEN_PREFIX, apiklient_touch

KEYWORD = "Bearer"


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer <token>` header; None for no header or another
    scheme (the next authenticator may try)."""
    header = authentication.get_authorization_header(request).decode("latin-1")
    if not header:
        return None
    parts = header.split()
    if not parts or parts[0].lower() != KEYWORD.lower():
        return None
    if len(parts) != 2:
        raise exceptions.AuthenticationFailed(
            "Ugyldig Authorization-header: brug 'Bearer <nøgle>'."
        )
    return parts[1]


def is_staff_token(raw: str) -> bool:
    return not raw.startswith(TOKEN_PREFIX) and oidc.looks_like_jwt(raw) and oidc.is_configured()


class ApiKlientAuthentication(authentication.BaseAuthentication):
    keyword = KEYWORD

    def authenticate(self, request: Request) -> tuple[Any, ApiKlient] | None:
        raw = bearer_token(request)
        if raw is None or is_staff_token(raw):
            return None
        now = timezone.now()
        klient = apiklient_for_token(raw=raw, now=now)
        if klient is None:
            # Unknown, revoked and expired keys get the same answer.
            raise exceptions.AuthenticationFailed("Nøglen er ugyldig, udløbet eller tilbagekaldt.")
        user = klient.service_user
        if not user.is_active:
            raise exceptions.AuthenticationFailed("Nøglen er ugyldig, udløbet eller tilbagekaldt.")
        apiklient_touch(klient=klient, now=now)
        return user, klient

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="api"'


class StaffOidcAuthentication(authentication.BaseAuthentication):
    """A staff member's bearer JWT (see bostotte.api.oidc for the checks). A valid token whose
    subject is no active staff user is `401 ukendt_bruger`; the web login uses the same rule."""

    def authenticate(self, request: Request) -> tuple[Any, oidc.StaffToken] | None:
        raw = bearer_token(request)
        if raw is None or not is_staff_token(raw):
            return None
        try:
            claims = oidc.oidc_token_verify(raw=raw)
        except oidc.OidcTokenError as exc:
            raise exceptions.AuthenticationFailed(exc.message, code="ugyldigt_token") from exc
        user = (
            staff_users_for_identity(issuer=claims["iss"], subject=claims["sub"])
            .select_related("medarbejder")
            .first()
        )
        if user is None:
            raise exceptions.AuthenticationFailed(
                "Der er ingen aktiv medarbejder i Bostøtte med dette login. "
                "Kontakt en administrator.",
                code="ukendt_bruger",
            )
        return user, oidc.StaffToken(
            issuer=claims["iss"], subject=claims["sub"], expires_at=int(claims["exp"])
        )

    def authenticate_header(self, request: Request) -> str:
        return f'{KEYWORD} realm="api"'


class ApiKlientAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "bostotte.api.authentication.ApiKlientAuthentication"
    name = "apiKlient"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "API-nøgle for en API-klient (`bst_…`; se docs/api.md).",
        }


class StaffOidcAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "bostotte.api.authentication.StaffOidcAuthentication"
    name = "staffOidc"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "JWT",
            "description": (
                "En medarbejders token fra kommunens login-udbyder (OIDC, RS256/ES256), kun når "
                "staff-OIDC er slået til. Kalderen ser det samme som på websiderne; ingen scopes."
            ),
        }

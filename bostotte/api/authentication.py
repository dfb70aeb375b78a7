"""`Authorization: Bearer <token>` for API clients. The request runs as the client's service
user; `request.auth` is the ApiKlient (the permission class checks its scopes)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from .models import ApiKlient
from .selectors import apiklient_for_token
from .services import apiklient_touch


class ApiKlientAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, ApiKlient] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if not parts or parts[0].lower() != self.keyword.lower():
            return None  # another scheme: let the next authenticator try
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Ugyldig Authorization-header: brug 'Bearer <nøgle>'."
            )
        now = timezone.now()
        klient = apiklient_for_token(raw=parts[1], now=now)
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


class ApiKlientAuthenticationScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "bostotte.api.authentication.ApiKlientAuthentication"
    name = "apiKlient"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "API-nøgle for en API-klient (se docs/api.md).",
        }

"""Staff login through the municipality's OIDC identity provider (mozilla-django-oidc).

Users are matched on (issuer, subject), never on e-mail, and are never created from a login:
staff accounts are provisioned by an administrator, who records the IdP subject."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        sub = claims.get("sub")
        if not sub:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(
            oidc_issuer=settings.OIDC_OP_ISSUER, oidc_subject=sub, is_active=True
        ).exclude(rolle="borger")

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def create_user(self, claims: dict[str, Any]) -> User:  # pragma: no cover - disabled by setting
        raise PermissionError("Brugere oprettes ikke ved login.")

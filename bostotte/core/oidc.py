"""Staff login through the municipality's OIDC identity provider (mozilla-django-oidc).

Users are matched on (issuer, subject), never on e-mail, and are never created from a login:
staff accounts are provisioned by an administrator, who records the IdP subject."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User


def staff_users_for_identity(*, issuer: str, subject: str) -> QuerySet[User]:
    """Active staff matching an IdP identity. The one rule for the web login and the API's
    bearer tokens (bostotte.api.authentication.StaffOidcAuthentication)."""
    if not issuer or not subject:
        return User.objects.none()
    return User.objects.filter(oidc_issuer=issuer, oidc_subject=subject, is_active=True).exclude(
        rolle="borger"
    )


class StaffOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return staff_users_for_identity(
            issuer=settings.OIDC_OP_ISSUER, subject=claims.get("sub") or ""
        )

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("sub"))

    def create_user(self, claims: dict[str, Any]) -> User:  # pragma: no cover - disabled by setting
        raise PermissionError("Brugere oprettes ikke ved login.")

"""Reads for API clients (the token lookup used by the authentication class)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from .models import ApiKlient
from .services import TOKEN_PREFIX, token_hash


def apiklient_for_token(*, raw: str, now: datetime | None = None) -> ApiKlient | None:
    """The active client holding `raw`, or None (unknown, revoked or expired look the same).
    Looked up by the SHA-256 of the token (unique index), never by the token itself."""
    now = now or timezone.now()
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    return (
        ApiKlient.objects.active(now)
        .select_related("service_user", "service_user__medarbejder", "kommune", "leverandoer")
        .filter(token_hash=token_hash(raw))
        .first()
    )


def apiklient_list() -> QuerySet[ApiKlient]:
    return ApiKlient.objects.select_related("service_user", "kommune", "leverandoer").order_by(
        "navn", "id"
    )

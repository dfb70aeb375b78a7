"""Pseudonyms: HMAC-SHA256(key, borger id). Stable within one export (the export's own secret)
and different across exports; never reversible without the secret, which is never exported."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings


def pseudonym(secret: str, borger_id: int) -> str:
    digest = hmac.new(secret.encode(), str(borger_id).encode(), hashlib.sha256).hexdigest()
    return f"P-{digest[:12]}"


def viewer_secret(user_id: int) -> str:
    """The drill-down key for one viewer: stable for them, not linkable to other viewers or exports."""
    return hmac.new(settings.SECRET_KEY.encode(), f"maaling-drill:{user_id}".encode(), hashlib.sha256).hexdigest()

"""The visitation panel on the myndighed's case page: the whole story as one timeline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from bostotte.core.models import MYNDIGHED_ROLLER

from .selectors import sag_timeline


def visitation_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    if getattr(request.user, "rolle", None) not in MYNDIGHED_ROLLER:
        return None
    return {
        "template": "visitation/_sag_section.html",
        "tl": sag_timeline(sag=sag),
        "today": timezone.localdate(),
    }

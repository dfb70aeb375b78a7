from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from ..logging import request_id_var
from ..models import AccessLog, Borger, Sag, User


def accesslog_record(
    *,
    actor: User | None,
    borger: Borger,
    art: str,
    formaal: str,
    view_name: str,
    sag: Sag | None = None,
    now: datetime | None = None,
) -> AccessLog:
    """One row per look at a citizen's data (detail view, document, export, CPR lookup)."""
    return AccessLog.objects.create(
        at=now or timezone.now(),
        actor=actor,
        rolle=getattr(actor, "rolle", "") if actor else "system",
        borger=borger,
        sag=sag,
        art=art,
        formaal=formaal[:200],
        view_name=view_name[:100],
        request_id=request_id_var.get() if request_id_var.get() != "-" else "",
    )

"""The myndighed's case-page panel: the leverandør's answer, totals and deviations per week
(not individual visit notes), admissions with the "udskrevet – opfølgning" marker, status reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from visitation.models import Bestilling

from . import selectors
from .timer import timer_for_sag


def levering_case_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    bestillinger = list(
        Bestilling.objects.filter(sag=sag).exclude(status="kladde").select_related("leverandoer", "besvaret_af").order_by("-created_at")[:5]
    )
    indlaeggelser = selectors.indlaeggelser_for_sag(sag=sag)
    if not bestillinger and not indlaeggelser:
        return {"template": "levering/_sag_section.html", "sag": sag, "tom": True}
    today = timezone.localdate()
    return {
        "template": "levering/_sag_section.html",
        "sag": sag,
        "bestillinger": bestillinger,
        "timer": timer_for_sag(sag=sag, fra=today - timedelta(weeks=7), til=today, inddeling="uge"),
        "indlaeggelser": indlaeggelser,
        "rapporter": selectors.statusrapporter_for_sag(sag=sag),
        "today": today,
    }

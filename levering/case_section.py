"""The myndighed's case-page panel: the leverandør's answer, totals and deviations per week
(not individual visit notes), admissions with the "udskrevet – opfølgning" marker, status reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from bostotte.core.case_sections import case_data
from visitation.selectors import sag_bestillinger

from . import selectors
from .access import LIVE_BESTILLING
from .models import Indlaeggelse
from .timer import timer_for_bestillinger


def levering_case_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    # The case's bestillinger are loaded once for the whole case page (visitation.selectors).
    alle = sag_bestillinger(sag=sag)
    bestillinger = [b for b in alle if b.status != "kladde"][:5]
    indlaeggelser: list[Indlaeggelse] = case_data(sag, "levering.indlaeggelser", lambda: selectors.indlaeggelser_for_sag(sag=sag))
    if not bestillinger and not indlaeggelser:
        return {"template": "levering/_sag_section.html", "sag": sag, "tom": True}
    today = timezone.localdate()
    live = [b for b in alle if b.status in LIVE_BESTILLING]
    # timer_for_sag's figures, with the rows above instead of loading them again.
    timer = timer_for_bestillinger(bestillinger=live, fra=today - timedelta(weeks=7), til=today, inddeling="uge", indlaeggelser=indlaeggelser)
    return {
        "template": "levering/_sag_section.html",
        "sag": sag,
        "bestillinger": bestillinger,
        "timer": [timer[b.pk] for b in live],
        "indlaeggelser": indlaeggelser,
        "rapporter": selectors.statusrapporter_for_sag(sag=sag),
        "today": today,
    }

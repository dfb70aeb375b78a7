"""The panel on the myndighed's case page: open deadlines, past opfølgninger and tilsyn."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from bostotte.core.models import MYNDIGHED_ROLLER
from visitation.selectors import sag_afgoerelser, sag_bestillinger

from . import selectors


def tilsyn_case_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    if getattr(request.user, "rolle", None) not in MYNDIGHED_ROLLER:
        return None
    data = selectors.sag_section_data(sag=sag, today=timezone.localdate())
    # The case's bestillinger and afgørelser are loaded once for the whole case page (newest
    # first): the live bestilling is selectors.live_bestilling_for_sag's, the active bevilling
    # selectors.aktiv_bevilling_for_sag's, without a query each.
    bestilling = next((b for b in sag_bestillinger(sag=sag) if b.status in selectors.LIVE_STATUSES), None)
    data["maal"] = list(bestilling.indsatsmaal.filter(status="aktiv").select_related("undertema")) if bestilling else []
    data["har_bestilling"] = bestilling is not None
    data["har_bevilling"] = any(a.er_aktiv for a in sag_afgoerelser(sag=sag))
    return {"template": "tilsyn/_sag_section.html", **data}

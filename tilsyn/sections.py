"""The panel on the myndighed's case page: open deadlines, past opfølgninger and tilsyn."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from bostotte.core.models import MYNDIGHED_ROLLER

from . import selectors


def tilsyn_case_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    if getattr(request.user, "rolle", None) not in MYNDIGHED_ROLLER:
        return None
    data = selectors.sag_section_data(sag=sag, today=timezone.localdate())
    bestilling = selectors.live_bestilling_for_sag(sag=sag)
    data["maal"] = list(bestilling.indsatsmaal.filter(status="aktiv").select_related("undertema")) if bestilling else []
    data["har_bestilling"] = bestilling is not None
    data["har_bevilling"] = selectors.aktiv_bevilling_for_sag(sag=sag) is not None
    return {"template": "tilsyn/_sag_section.html", **data}

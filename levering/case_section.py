"""The myndighed's case-page panel: the leverandør's answer, totals and deviations per week
(not individual visit notes), admissions with the "udskrevet – opfølgning" marker, status reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from bostotte.core.case_sections import CaseQuery, case_data, case_instances
from visitation.selectors import sag_bestillinger

from .access import LIVE_BESTILLING
from .models import Indlaeggelse, Statusrapport, StatusrapportDelmaal
from .timer import timer_for_bestillinger

_INDLAEGGELSE_FIELDS = (
    "id",
    "uuid",
    "sag_id",
    "indlagt_on",
    "udskrevet_on",
    "pause",
    "opfoelgning_afsluttet_at",
)
# `selectors.indlaeggelser_for_sag` and `selectors.statusrapporter_for_sag` with the columns the
# panel and the hours table use, compiled once (`CaseQuery`, issue 10).
_SAG_INDLAEGGELSER = CaseQuery(
    lambda sag_id: (
        Indlaeggelse.objects.filter(sag_id=sag_id)
        .order_by("-indlagt_on")
        .values_list(*_INDLAEGGELSE_FIELDS)
    )
)
_SAG_RAPPORTER = CaseQuery(
    lambda sag_id: (
        Statusrapport.objects.filter(sag_id=sag_id)
        .order_by("-sendt_at")
        .values_list(
            "id",
            "bestilling_id",
            "sendt_at",
            "periode_fra",
            "periode_til",
            "hvad_virkede",
            "borgers_perspektiv",
            "samlet_vurdering",
        )
    )
)
# the goals' status with its delmål, for all the case's reports in one query (not one per report)
_SAG_RAPPORT_DELMAAL = CaseQuery(
    lambda sag_id: (
        StatusrapportDelmaal.objects.filter(rapport__sag_id=sag_id)
        .order_by("id")
        .values_list("rapport_id", "delmaal__titel", "fremskridt")
    )
)


def _indlaeggelser(sag: Any) -> list[Indlaeggelse]:
    return case_instances(Indlaeggelse, _INDLAEGGELSE_FIELDS, _SAG_INDLAEGGELSER.rows(sag))


def _statusrapporter(sag: Any, bestillinger: list[Any]) -> list[dict[str, Any]]:
    """The reports, newest first, each with its leverandør (from the case page's shared
    bestillinger, not a join) and its delmål's progress [(titel, fremskridt)]."""
    rows = _SAG_RAPPORTER.rows(sag)
    if not rows:
        return []
    delmaal: dict[int, list[tuple[str, str]]] = {}
    for rapport_id, titel, fremskridt in _SAG_RAPPORT_DELMAAL.rows(sag):
        delmaal.setdefault(rapport_id, []).append((titel, fremskridt))
    leverandoer = {b.pk: b.leverandoer.navn for b in bestillinger}
    return [
        {
            "sendt_at": sendt_at,
            "leverandoer": leverandoer.get(bestilling_id, ""),
            "periode_fra": fra,
            "periode_til": til,
            "hvad_virkede": virkede,
            "borgers_perspektiv": perspektiv,
            "samlet_vurdering": samlet,
            "delmaal": delmaal.get(pk, []),
        }
        for pk, bestilling_id, sendt_at, fra, til, virkede, perspektiv, samlet in rows
    ]


def levering_case_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    # The case's bestillinger are loaded once for the whole case page (visitation.selectors).
    alle = sag_bestillinger(sag=sag)
    bestillinger = [b for b in alle if b.status != "kladde"][:5]
    indlaeggelser: list[Indlaeggelse] = case_data(
        sag, "levering.indlaeggelser", lambda: _indlaeggelser(sag)
    )
    if not bestillinger and not indlaeggelser:
        return {"template": "levering/_sag_section.html", "sag": sag, "tom": True}
    today = timezone.localdate()
    live = [b for b in alle if b.status in LIVE_BESTILLING]
    # timer_for_sag's figures, with the rows above instead of loading them again.
    timer = timer_for_bestillinger(
        bestillinger=live,
        fra=today - timedelta(weeks=7),
        til=today,
        inddeling="uge",
        indlaeggelser=indlaeggelser,
    )
    return {
        "template": "levering/_sag_section.html",
        "sag": sag,
        "bestillinger": bestillinger,
        "timer": [timer[b.pk] for b in live],
        "indlaeggelser": indlaeggelser,
        "rapporter": _statusrapporter(sag, alle),
        "today": today,
    }

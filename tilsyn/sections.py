"""The panel on the myndighed's case page: open deadlines, past opfølgninger and tilsyn."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.case_sections import (
    CaseQuery,
    case_instances,
    date_text,
    field_labels,
    uuid_url,
)
from bostotte.core.models import MYNDIGHED_ROLLER
from bostotte.ffb.models import Kode
from visitation.models import Indsatsmaal
from visitation.selectors import sag_afgoerelser, sag_bestillinger

from . import selectors
from .models import Opfoelgning, Opgave, Tilsyn


def _navn(username: str | None, first_name: str | None, last_name: str | None) -> str:
    """`User.visningsnavn` from the columns."""
    return f"{first_name or ''} {last_name or ''}".strip() or (username or "")


def _rows(data: dict[str, Any], today: Any) -> None:
    """The panel's list items formatted once in Python (`{% url %}`, `|date` and choice labels
    per row through the template engine were most of the panel's time, issue 10); the output
    is the same. Labels, month names and URLs are built once per language (core.case_sections)."""
    art = field_labels(Opgave, "art")
    data["opgaver"] = [
        {
            "art": art.get(kind, kind),
            "due": date_text(due_on, "j. b Y"),
            "overskredet": due_on < today,
            "ansvarlig": _navn(username, first_name, last_name),
        }
        for kind, due_on, username, first_name, last_name in data["opgaver"]
    ]
    resultat = field_labels(Opfoelgning, "resultat")
    hele = _("hele indsatsen")
    data["opfoelgninger"] = [
        {
            "url": uuid_url("tilsyn:opfoelgning-detail", uuid),
            "dato": date_text(udfoert_on, "j. b Y"),
            "emne": undertema if maal_id else hele,
            "resultat": resultat.get(res, res),
        }
        for uuid, udfoert_on, res, maal_id, undertema in data["opfoelgninger"]
    ]
    handling = field_labels(Tilsyn, "handling")
    data["tilsyn_liste"] = [
        {
            "url": uuid_url("tilsyn:tilsyn-detail", uuid),
            "dato": date_text(udfoert_on, "j. b Y"),
            "handling": handling.get(h, h),
        }
        for uuid, udfoert_on, h in data["tilsyn_liste"]
    ]


_MAAL_FIELDS = ("id", "uuid", "bestilling_id")
# The active indsatsmål of the case's bestillinger with their undertema (compiled once, issue 10).
_SAG_MAAL = CaseQuery(
    lambda sag_id: (
        Indsatsmaal.objects.filter(bestilling__sag_id=sag_id, status="aktiv")
        .order_by("raekkefoelge", "id")
        .values_list(*_MAAL_FIELDS, "undertema_id", "undertema__display")
    )
)


def _maal(sag: Any, bestilling: Any) -> list[Indsatsmaal]:
    """The live bestilling's active goals (`bestilling.indsatsmaal.filter(status="aktiv")`),
    each with its undertema's display name."""
    rows = [r for r in _SAG_MAAL.rows(sag) if r[2] == bestilling.pk]
    maal = case_instances(Indsatsmaal, _MAAL_FIELDS, rows)
    for m, row in zip(maal, rows, strict=True):
        m.undertema = Kode.from_db(DEFAULT_DB_ALIAS, ["id", "display"], list(row[3:]))
    return maal


def tilsyn_case_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    if getattr(request.user, "rolle", None) not in MYNDIGHED_ROLLER:
        return None
    today = timezone.localdate()
    data = selectors.sag_section_data(sag=sag, today=today)
    _rows(data, today)
    # The case's bestillinger and afgørelser are loaded once for the whole case page (newest
    # first): the live bestilling is selectors.live_bestilling_for_sag's, the active bevilling
    # selectors.aktiv_bevilling_for_sag's, without a query each.
    bestilling = next(
        (b for b in sag_bestillinger(sag=sag) if b.status in selectors.LIVE_STATUSES), None
    )
    data["maal"] = _maal(sag, bestilling) if bestilling else []
    data["har_bestilling"] = bestilling is not None
    data["har_bevilling"] = any(a.er_aktiv for a in sag_afgoerelser(sag=sag))
    data["opfoelgning_url"] = uuid_url("tilsyn:opfoelgning-create", sag.uuid)
    return {"template": "tilsyn/_sag_section.html", **data}

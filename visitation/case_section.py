"""The visitation panel on the myndighed's case page: the whole story as one timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.template.defaultfilters import floatformat
from django.utils import timezone

from bostotte.core.case_sections import date_text, field_labels, uuid_url
from bostotte.core.models import MYNDIGHED_ROLLER

from .models import Afgoerelse, Bestilling, Henvendelse, Klage, Udredning
from .selectors import sag_timeline

_URLS = {
    "henvendelse": "visitation:henvendelse-detail",
    "udredning": "visitation:udredning-edit",
    "afgoerelse": "visitation:afgoerelse-detail",
    "bestilling": "visitation:bestilling-detail",
    "klage": "visitation:klage-detail",
    "brev": "visitation:afgoerelse-brev",
}


def _dato(value: date | datetime | None) -> str:
    """As the template's `|date:"j. F Y"` (a datetime in the current time zone)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return date_text(value, "j. F Y")


def _format(events: list[dict[str, Any]]) -> None:
    """Each event's links, dates and choice labels formatted once in Python (`v`): per event
    `{% url %}`, `|date` and `get_…_display` through the template engine were most of the
    panel's time (issue 10). The template keeps the markup; the output is the same. The
    labels, month names and URLs are built once per language (`bostotte.core.case_sections`)."""
    label = {
        (model, field): field_labels(model, field)
        for model, fields in (
            (Henvendelse, ("status", "kilde", "art")),
            (Udredning, ("status",)),
            (Afgoerelse, ("status", "resultat", "timer_periode")),
            (Bestilling, ("status",)),
            (Klage, ("anke_resultat", "genvurdering", "form")),
        )
        for field in fields
    }

    def display(o: Any, field: str) -> Any:  # o.get_<field>_display()
        value = getattr(o, field)
        return label[type(o), field].get(value, value)

    for e in events:
        o, kind = e["obj"], e["kind"]
        v: dict[str, Any] = {"url": uuid_url(_URLS[kind], o.uuid), "dato": _dato(e["on"])}
        if kind == "henvendelse":
            v |= {
                "status": display(o, "status"),
                "kilde": display(o, "kilde"),
                "art": display(o, "art"),
                "frist": _dato(o.frist_on),
                "forventet": _dato(o.forventet_afgoerelse_on),
            }
        elif kind == "udredning":
            v["status"] = display(o, "status")
        elif kind == "afgoerelse":
            v |= {
                "status": display(o, "status"),
                "resultat": display(o, "resultat"),
                "timer": floatformat(o.timer, "-2") if o.timer else "",
                "periode": display(o, "timer_periode"),
                "brev_url": uuid_url(_URLS["brev"], o.uuid) if o.brev else "",
            }
        elif kind == "bestilling":
            v |= {
                "status": display(o, "status"),
                "sendt": _dato(o.sendt_at),
                "besvaret": _dato(o.besvaret_at),
                "foerste": _dato(o.foerste_besoeg_on),
            }
        elif kind == "klage":
            v |= {
                "anke": display(o, "anke_resultat") if o.anke_resultat else "",
                "genvurdering": display(o, "genvurdering") if o.genvurdering else "",
                "form": display(o, "form"),
                "frist": _dato(o.genvurdering_frist_on),
            }
        e["v"] = v


def visitation_section(request: HttpRequest, sag: Any) -> dict[str, object] | None:
    if getattr(request.user, "rolle", None) not in MYNDIGHED_ROLLER:
        return None
    tl = sag_timeline(sag=sag)
    _format(tl["events"])
    return {
        "template": "visitation/_sag_section.html",
        "tl": tl,
        "today": timezone.localdate(),
    }

"""The visitation panel on the myndighed's case page: the whole story as one timeline."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import dateformat, timezone

from bostotte.core.models import MYNDIGHED_ROLLER

from .selectors import sag_timeline

_ZERO_UUID = "00000000-0000-0000-0000-000000000000"
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
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return dateformat.format(value, "j. F Y")


def _format(events: list[dict[str, Any]]) -> None:
    """Each event's links, dates and choice labels formatted once in Python (`v`): per event
    `{% url %}`, `|date` and `get_…_display` through the template engine were most of the
    panel's time (issue 10). The template keeps the markup; the output is the same."""
    urls = {kind: reverse(name, kwargs={"uuid": _ZERO_UUID}) for kind, name in _URLS.items()}
    for e in events:
        o, kind = e["obj"], e["kind"]
        v: dict[str, Any] = {
            "url": urls[kind].replace(_ZERO_UUID, str(o.uuid)),
            "dato": _dato(e["on"]),
        }
        if kind == "henvendelse":
            v |= {
                "status": o.get_status_display(),
                "kilde": o.get_kilde_display(),
                "art": o.get_art_display(),
                "frist": _dato(o.frist_on),
                "forventet": _dato(o.forventet_afgoerelse_on),
            }
        elif kind == "udredning":
            v["status"] = o.get_status_display()
        elif kind == "afgoerelse":
            v |= {
                "status": o.get_status_display(),
                "resultat": o.get_resultat_display(),
                "timer": floatformat(o.timer, "-2") if o.timer else "",
                "periode": o.get_timer_periode_display(),
                "brev_url": urls["brev"].replace(_ZERO_UUID, str(o.uuid)) if o.brev else "",
            }
        elif kind == "bestilling":
            v |= {
                "status": o.get_status_display(),
                "sendt": _dato(o.sendt_at),
                "besvaret": _dato(o.besvaret_at),
                "foerste": _dato(o.foerste_besoeg_on),
            }
        elif kind == "klage":
            v |= {
                "anke": o.get_anke_resultat_display() if o.anke_resultat else "",
                "genvurdering": o.get_genvurdering_display() if o.genvurdering else "",
                "form": o.get_form_display(),
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

"""Small helpers that build handleplan state through the services."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handleplaner.models import Handleplan, HandleplanVersion
from handleplaner.services import handleplan_answer, handleplan_offer, handleplan_version_create

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=CPH)

INDHOLD = {
    "formaal": "Erik vil gerne kunne bo i sin egen lejlighed og have en god hverdag.",
    "indsats": "Socialpædagogisk støtte 3 timer om ugen til indkøb, mad og økonomi.",
    "varighed": "Et år, derefter ser vi på det igen.",
    "bolig": "Erik bor alene i en lejlighed.",
    "behandling": "Erik går til samtaler i distriktspsykiatrien hver anden uge.",
    "borgers_ord": "Jeg vil gerne kunne lave mad selv og få styr på regningerne.",
}


def offered(sag, actor, *, svar: str = "accepteret", now: datetime = NOW, del_med_leverandoer: bool = True) -> Handleplan:  # type: ignore[no-untyped-def]
    plan = handleplan_offer(sag=sag, tilbudt_on=date(2026, 6, 1), tilbudt_maade="moede", actor=actor, now=now)
    if svar != "ikke_besluttet" or not del_med_leverandoer:
        plan = handleplan_answer(
            handleplan=plan, svar=svar, svar_on=date(2026, 6, 2) if svar != "ikke_besluttet" else None,
            del_med_leverandoer=del_med_leverandoer, actor=actor, now=now,
        )
    return plan


def written(sag, actor, *, svar: str = "accepteret", del_med_leverandoer: bool = True, **overrides) -> HandleplanVersion:  # type: ignore[no-untyped-def]
    plan = offered(sag, actor, svar=svar, del_med_leverandoer=del_med_leverandoer)
    return handleplan_version_create(handleplan=plan, expected_nummer=0, actor=actor, now=NOW, **{**INDHOLD, **overrides})

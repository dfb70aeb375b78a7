"""Levering pages on Erik's case: lise (Bostøtten Nord) has accepted the bestilling and assigned
dorte; frank (same leverandør, not assigned) and lars (other leverandør) get 404."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from levering.services import (
    besoeg_create,
    bestilling_accept,
    indlaeggelse_create,
    indlaeggelse_udskriv,
    tildeling_create,
)
from tests.levering import builders

from .routes import Route


def _sendt(c: SimpleNamespace) -> None:
    c.bestilling = builders.bestilling(c.sag_erik, c.lev_nord, oprettet_af=c.anna)


def _levering(c: SimpleNamespace) -> None:
    _sendt(c)
    today = timezone.localdate()
    bestilling_accept(bestilling=c.bestilling, actor=c.lise)
    c.bestilling.refresh_from_db()
    c.tildeling = tildeling_create(bestilling=c.bestilling, medarbejder=c.dorte, starts_on=today - timedelta(days=30), actor=c.lise)
    c.delmaal = builders.delmaal(c.bestilling)
    start = timezone.make_aware(datetime.combine(today + timedelta(days=1), time(10)))
    c.besoeg = besoeg_create(bestilling=c.bestilling, medarbejder=c.dorte, starts_at=start, ends_at=start + timedelta(hours=1), kontaktform="hjemmebesoeg", status="planlagt", actor=c.dorte)


def _indlagt(c: SimpleNamespace) -> None:
    _levering(c)
    c.indlaeggelse = indlaeggelse_create(sag=c.sag_erik, indlagt_on=timezone.localdate() - timedelta(days=5), actor=c.anna)


def _udskrevet(c: SimpleNamespace) -> None:
    _indlagt(c)
    indlaeggelse_udskriv(indlaeggelse=c.indlaeggelse, udskrevet_on=timezone.localdate() - timedelta(days=1), actor=c.anna)


def _yesterday() -> str:
    return (timezone.localdate() - timedelta(days=1)).isoformat()


B = lambda c: {"uuid": c.bestilling.uuid}  # noqa: E731
LEDERE = {"lise": 200, "lars": 200}
LEV_ALLE = {"lise": 200, "lars": 200, "dorte": 200, "frank": 200}
PAA_SAGEN = {"anna": 200, "anders": 200, "bo": 200, "lise": 200, "dorte": 200}

ROUTES = [
    Route("levering:indbakke", setup=_sendt, ok=LEDERE),
    Route("levering:bestilling-detail", setup=_levering, kwargs=B, ok={"lise": 200, "dorte": 200}, logs_access=True),
    Route("levering:bestilling-accept", setup=_sendt, kwargs=B, method="POST", data=lambda c: {"version": c.bestilling.version}, ok={"lise": 302}),
    Route("levering:bestilling-decline", setup=_sendt, kwargs=B, method="POST", data=lambda c: {"version": c.bestilling.version, "begrundelse": "Timerne er urealistiske for behovet."}, ok={"lise": 302}),
    Route("levering:tildeling-match", setup=_levering, kwargs=B, ok={"lise": 200}, forbidden=frozenset({"dorte"}), logs_access=True),
    Route("levering:tildeling-match", id="POST levering:tildeling-match", setup=_levering, kwargs=B, method="POST",
          data=lambda c: {"medarbejder": c.frank.pk, "starts_on": timezone.localdate().isoformat()}, ok={"lise": 302},
          forbidden=frozenset({"dorte", "frank"})),  # lise assigns frank, so frank then sees it (403)
    Route("levering:tildeling-end", setup=_levering, kwargs=lambda c: {"uuid": c.tildeling.uuid}, method="POST",
          data=lambda c: {"ends_on": (timezone.localdate() + timedelta(days=30)).isoformat()}, ok={"lise": 302}, forbidden=frozenset({"dorte"})),
    Route("levering:i-dag", setup=_levering, ok={"dorte": 200, "frank": 200}),
    Route("levering:besoeg-create", setup=_levering, kwargs=B, ok={"dorte": 200}, forbidden=frozenset({"lise"}), logs_access=True),
    Route("levering:besoeg-create", id="POST levering:besoeg-create", setup=_levering, kwargs=B, method="POST",
          data=lambda c: {"dato": _yesterday(), "start": "10:00", "slut": "10:20", "kontaktform": "telefon", "status": "gennemfoert", "planlagt": "0"},
          ok={"dorte": 302}, forbidden=frozenset({"lise"})),
    Route("levering:besoeg-log", setup=_levering, kwargs=lambda c: {"uuid": c.besoeg.uuid}, ok={"dorte": 200}, forbidden=frozenset({"lise"}), logs_access=True),
    Route("levering:besoeg-log", id="POST levering:besoeg-log", setup=_levering, kwargs=lambda c: {"uuid": c.besoeg.uuid}, method="POST",
          data=lambda c: {"dato": _yesterday(), "start": "09:00", "minutter": "45", "kontaktform": "hjemmebesoeg", "status": "gennemfoert", "planlagt": "1", "delmaal": [c.delmaal.pk], "version": c.besoeg.version},
          ok={"dorte": 302}, forbidden=frozenset({"lise"})),
    Route("levering:kalender", setup=_levering, ok=LEV_ALLE),
    Route("levering:bestilling-kalender", setup=_levering, kwargs=B, ok={"lise": 200, "dorte": 200}, logs_access=True),
    Route("levering:serie-create", setup=_levering, kwargs=B, ok={"dorte": 200}, forbidden=frozenset({"lise"}), logs_access=True),
    Route("levering:statusrapport-create", setup=_levering, kwargs=B, ok={"lise": 200, "dorte": 200}, logs_access=True),
    Route("levering:gruppesession-create", setup=_levering, ok={"dorte": 200, "frank": 200}),
    Route("levering:timer", setup=_levering, ok=LEV_ALLE),
    Route("levering:indlaeggelse-create", setup=_levering, kwargs=lambda c: {"uuid": c.sag_erik.uuid}, ok=PAA_SAGEN, logs_access=True),
    Route("levering:indlaeggelse-udskriv", setup=_indlagt, kwargs=lambda c: {"uuid": c.indlaeggelse.uuid}, ok=PAA_SAGEN, logs_access=True),
    Route("levering:indlaeggelse-opfoelgning", setup=_udskrevet, kwargs=lambda c: {"uuid": c.indlaeggelse.uuid}, method="POST",
          ok={"anna": 302, "anders": 302, "bo": 302}, forbidden=frozenset({"lise", "dorte"})),
]

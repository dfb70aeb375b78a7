"""Access matrix rows for the measures app (tilsyn.maaling)."""

from __future__ import annotations

from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from tilsyn.maaling.models import Eksportjob

from .routes import CAST_USERS, Route

LEDERE = {"bo", "sofie", "lise", "lars", "hans"}
ANDRE = frozenset(set(CAST_USERS) - LEDERE)


def _job(cast: SimpleNamespace, *, done: bool = False) -> None:

    job = Eksportjob.objects.create(
        bestilt_af=cast.bo, rolle="myndighedsleder", datasaet="maal", format="xlsx", pseudonymiseret=True,
        filtre={"fra": "2026-01-01", "til": "2026-06-30", "today": "2026-06-30"},
    )
    if done:
        job.fil.save(f"eksport-{job.uuid}.xlsx", ContentFile(b"PK\x03\x04"), save=False)
        job.status, job.faerdig_at = "faerdig", timezone.now()
        job.save()
    cast.maaling_job = job


ROUTES = [
    Route("maaling:dashboard", ok=dict.fromkeys(LEDERE, 200), forbidden=ANDRE),
    Route("maaling:dashboard", ok=dict.fromkeys(LEDERE, 200), forbidden=ANDRE, htmx=True, id="GET maaling:dashboard (htmx)"),
    # "Genberegn": queues a refresh of the viewer's own stored measures, then back to the dashboard
    Route("maaling:genberegn", method="POST", ok=dict.fromkeys(LEDERE, 302), forbidden=ANDRE),
    Route("maaling:drill", kwargs=lambda c: {"key": "ventetid_afgoerelse"}, ok=dict.fromkeys(LEDERE, 200), forbidden=ANDRE),
    # myndighed-only measures: the leverandørledere get 404 (as if the drill-down did not exist)
    Route("maaling:drill", kwargs=lambda c: {"key": "frist"}, ok={"bo": 200, "sofie": 200, "hans": 200}, forbidden=ANDRE,
          id="GET maaling:drill (kun myndighed)"),
    # without a choice of data set the export answers 422 to those who may export
    Route("maaling:eksport-csv", ok=dict.fromkeys(LEDERE, 422), forbidden=ANDRE),
    Route("maaling:eksport-xlsx", method="POST", data=lambda c: {"datasaet": "maal", "pseudonymiseret": "on"},
          ok=dict.fromkeys(LEDERE, 302), forbidden=ANDRE),
    Route("maaling:eksport-status", kwargs=lambda c: {"uuid": c.maaling_job.uuid}, setup=_job, ok={"bo": 200}),
    Route("maaling:eksport-hent", kwargs=lambda c: {"uuid": c.maaling_job.uuid}, setup=lambda c: _job(c, done=True), ok={"bo": 200}),
]

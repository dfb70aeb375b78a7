"""Demo data for tilsyn (called by `manage.py seed_demo` after visitation, levering, handleplaner).

Uses what the earlier apps created (live bestillinger with indsatsmål, active bevillinger) and
adds, through the services:

* past opfølgninger with re-rated funktionsevneniveauer (most show improvement), some with the
  next follow-up already overdue so worklists show overdue and escalated tasks;
* personrelateret tilsyn for some of the active bevillinger;
* then one run of the deadline scan (`frister_scan`) so "Mine opgaver" and "Teamets opgaver" are
  populated.

Adds to ctx: `opfoelgninger` (list), `tilsyn` (list), `scanlog` (the ScanLog row).
"""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.utils import timezone

from bostotte.core.exceptions import ApplicationError
from bostotte.ffb.models import Kode

from .services.frister import frister_scan
from .services.opfoelgning import VurderingInput, foer_niveauer, opfoelgning_create
from .services.tilsyn import tilsyn_create

logger = logging.getLogger(__name__)

BORGER_ORD = [
    "Jeg handler selv ind nu – det havde jeg ikke troet for et år siden.",
    "Det går op og ned, men jeg kommer ud af døren oftere.",
    "Jeg har styr på regningerne, når vi laver budget sammen.",
    "Jeg vil gerne have lidt mindre hjælp nu.",
]


def seed(ctx: SimpleNamespace) -> None:
    from visitation.models import Afgoerelse, Bestilling

    now = ctx.now
    today = timezone.localdate(now)
    rng = ctx.rng
    niveauer = {k.ordinal: k for k in Kode.objects.funktionsevneniveauer(include_ikke_vurderet=False)}
    stoette = {k.ordinal: k for k in Kode.objects.stoettebehov(include_ikke_vurderet=False)}
    ctx.opfoelgninger, ctx.tilsyn = [], []
    sager = list(getattr(ctx, "sager", []))
    bestillinger = {
        b.sag_id: b
        for b in Bestilling.objects.filter(sag__in=sager, status__in=["accepteret", "startet"]).select_related("afgoerelse", "sag__ansvarlig").order_by("created_at")
    }
    for i, sag in enumerate(sager):
        best = bestillinger.get(sag.pk)
        if best is None or i % 3 == 2:
            continue
        maal = list(best.indsatsmaal.filter(status="aktiv").select_related("undertema"))
        if not maal:
            continue
        m = maal[0]
        before = foer_niveauer(sag=sag, bestilling=best, undertema_ids=[m.undertema_id]).get(m.undertema_id)
        start = before.ordinal if before is not None and before.ordinal is not None else 3
        delta = -1 if rng.random() < 0.75 else rng.choice([0, 1])  # most improve
        efter = niveauer[max(0, min(4, start + delta))]
        overdue = i % 4 == 0
        udfoert = today - timedelta(days=200 if overdue else rng.randint(20, 60))
        naeste = today - timedelta(days=rng.randint(3, 20)) if overdue else today + timedelta(days=rng.randint(60, 150))
        try:
            opf = opfoelgning_create(
                sag=sag, bestilling=best, indsatsmaal=m, udfoert_on=udfoert, form=rng.choice(["moede_borger", "moede_bostoette", "telefon"]),
                deltagere="Borgeren, bostøtten og sagsbehandleren", vurderinger=[VurderingInput(undertema=m.undertema, niveau=efter)],
                stoettebehov=stoette[max(0, min(4, start + delta))], borgers_vurdering=rng.choice(BORGER_ORD),
                statusrapport_tekst="Borgeren har arbejdet stabilt med delmålene.", gas_score=rng.choice([-1, 0, 1, 1, 2]),
                resultat="fortsaet", naeste_opfoelgning_on=naeste, actor=sag.ansvarlig, now=now,
            )
            ctx.opfoelgninger.append(opf)
        except (ValidationError, ApplicationError) as exc:  # demo data from other apps may be partial
            logger.info("tilsyn demo: springer opfølgning over på %s: %s", sag.sagsnummer, exc)
    for i, afg in enumerate(Afgoerelse.objects.filter(sag__in=sager, er_aktiv=True).select_related("sag__ansvarlig").order_by("id")):
        if i % 3 != 0 or afg.starts_on is None or afg.starts_on > today:
            continue
        problem = i % 9 == 0
        try:
            ctx.tilsyn.append(tilsyn_create(
                sag=afg.sag, afgoerelse=afg, udfoert_on=max(afg.starts_on, today - timedelta(days=rng.randint(5, 40))),
                form="moede_borger", formaal_opfyldt="delvist" if problem else "ja",
                borgers_beretning="Jeg er glad for hjælpen, men vil gerne have mere hjælp til økonomi." if problem else "Jeg er tryg ved min bostøtte.",
                sikkerhed_ok="ja", paaroerende=rng.choice(["ja", "ikke_relevant"]),
                konklusion="Støtten virker, men planen skal justeres." if problem else "Støtten virker efter hensigten.",
                handling="plan" if problem else "ingen",
                handling_beskrivelse="Økonomi tilføjes som delmål i den pædagogiske plan." if problem else "",
                actor=afg.sag.ansvarlig, now=now,
            ))
        except (ValidationError, ApplicationError) as exc:
            logger.info("tilsyn demo: springer tilsyn over på %s: %s", afg.sag.sagsnummer, exc)
    ctx.scanlog = frister_scan(now=now, kilde="demo")

"""Benchmark the daily deadline scan at 5,000 and 50,000 cases (not part of the test suite).

    .venv/bin/python scripts/bench_frister.py [--due 200]

Creates a separate database (`bench_frister`, dropped and recreated), seeds cases cheaply with
bulk_create — each with an application, an active bevilling, an accepted order and an indsatsmål —
of which a fixed number (`--due`) have something due. It times `frister_scan` at 5,000 cases,
then adds 45,000 cases with nothing due and times it again at 50,000. Because every source reads
only due items through (partial) indexes, the time should follow the number of due items, not
the number of cases. A second run on the same day (nothing new) is timed too.
"""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

import argparse
import functools
import hashlib
import os
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bostotte.settings.test")
os.environ["TEST_DATABASE_NAME"] = "bench_frister"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

print = functools.partial(print, flush=True)  # noqa: A001

NOW = datetime(2026, 6, 1, 5, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
TODAY = NOW.date()


def seed(start: int, count: int, due: int, ctx: dict) -> None:  # type: ignore[type-arg]
    """Bulk seeding with triggers off (history and cross-table guards are not what is measured)."""
    with connection.cursor() as c:
        c.execute("SET session_replication_role = replica")
    try:
        _seed(start, count, due, ctx)
    finally:
        with connection.cursor() as c:
            c.execute("SET session_replication_role = origin")


def _seed(start: int, count: int, due: int, ctx: dict) -> None:  # type: ignore[type-arg]
    from bostotte.core.models import Borger, Sag
    from visitation.models import Afgoerelse, Bestilling, Henvendelse, Indsatsmaal

    borgere = [
        Borger(
            cpr_encrypted="x", cpr_index=hashlib.sha256(f"b{n}".encode()).hexdigest(), fornavn="Bench", efternavn=f"B{n}",
            foedselsdato=date(1980, 1, 1), koen="mand", kommune=ctx["kommune"],
        )
        for n in range(start, start + count)
    ]
    Borger.objects.bulk_create(borgere, batch_size=5000)
    sager = [
        Sag(sagsnummer=f"B-{n}", borger=bo, ansvarlig=ctx["user"], team=ctx["team"], handlekommune=ctx["kommune"],
            betalingskommune=ctx["kommune"], opened_on=TODAY - timedelta(days=60))
        for n, bo in zip(range(start, start + count), borgere, strict=True)
    ]
    Sag.objects.bulk_create(sager, batch_size=5000)
    ks, maalgruppe, undertema, maaltype = ctx["ks"], ctx["maalgruppe"], ctx["undertema"], ctx["maaltype"]
    henv, afg = [], []
    for k, sag in enumerate(sager):
        is_due = k < due
        henv.append(Henvendelse(
            sag=sag, modtaget_on=TODAY - timedelta(days=60), kilde="egen", er_ansoegning=True, kvalitetsstandard=ks,
            borgers_ord="x", frist_on=TODAY + timedelta(days=3 if is_due else 400), status="aaben",
        ))
        afg.append(Afgoerelse(
            sag=sag, borger_id=sag.borger_id, kvalitetsstandard=ks, resultat="bevilling", status="truffet", lovgrundlag="sel_85",
            maalgruppe=maalgruppe, timer=Decimal(3), timer_periode="uge", form="individuel",
            starts_on=TODAY - timedelta(days=30), begrundelse_regler="x", begrundelse_hovedhensyn="x",
            partshoering="ikke_noedvendig", partshoering_ikke_begrundelse="x", klagevejledning="x",
            truffet_at=NOW - timedelta(days=40), er_aktiv=True,
        ))
    Henvendelse.objects.bulk_create(henv, batch_size=5000)
    Afgoerelse.objects.bulk_create(afg, batch_size=5000)
    best = [
        Bestilling(sag=a.sag, afgoerelse=a, leverandoer=ctx["lev"], status="accepteret", indsatsformaal="x", timer=Decimal(3),
                   timer_periode="uge", starts_on=TODAY - timedelta(days=30), sendt_at=NOW - timedelta(days=35),
                   foerste_besoeg_on=TODAY - timedelta(days=25))
        for a in afg
    ]
    Bestilling.objects.bulk_create(best, batch_size=5000)
    from handleplaner.models import Handleplan

    Handleplan.objects.bulk_create(
        [Handleplan(sag=sag, tilbudt_on=TODAY - timedelta(days=35), tilbudt_maade="moede", svar="accepteret", svar_on=TODAY - timedelta(days=30)) for sag in sager], batch_size=5000
    )
    Indsatsmaal.objects.bulk_create(
        [Indsatsmaal(bestilling=b, undertema=undertema, beskrivelse="x", maaltype=maaltype,
                     opfoelgning_on=TODAY + timedelta(days=5 if k < due else 150)) for k, b in enumerate(best)],
        batch_size=5000,
    )


def timed_scan(label: str) -> None:
    from tilsyn.models import Opgave
    from tilsyn.services.frister import frister_scan

    with connection.cursor() as c:
        c.execute("ANALYZE")
    t0 = time.perf_counter()
    log = frister_scan(now=NOW, kilde="bench")
    t1 = time.perf_counter()
    log2 = frister_scan(now=NOW, kilde="bench")
    t2 = time.perf_counter()
    print(f"{label}: first scan {t1 - t0:.3f} s (new tasks {log.oprettet}, reminders/escalations {log.behandlet}); "
          f"rerun {t2 - t1:.3f} s (new {log2.oprettet}); open tasks {Opgave.objects.filter(status='aaben').count()}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--due", type=int, default=200)
    args = parser.parse_args()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from bostotte.core.models import Kommune, Leverandoer, MyndighedTeam, Rolle, User
        from bostotte.ffb.models import Kode
        from bostotte.ffb.services import kodesystem_load
        from tilsyn.models import Notifikation
        from visitation.models import Kvalitetsstandard

        for name in ("CodeSystem-FFB.json", "CodeSystem-CareSocialCodes.json"):
            kodesystem_load(path=settings.FFB_REFERENCE_DIR / name)
        kommune = Kommune.objects.create(kommunenummer="998", navn="Bench")
        user = User.objects.create(username="bench", rolle=Rolle.SAGSBEHANDLER, email="bench@kommune.invalid")
        leder = User.objects.create(username="leder", rolle=Rolle.MYNDIGHEDSLEDER)
        ctx = {
            "kommune": kommune, "user": user,
            "team": MyndighedTeam.objects.create(kommune=kommune, navn="Bench", leder=leder),
            "lev": Leverandoer.objects.create(navn="Bench", cvr="11111111", art="kommunal", kommune=kommune),
            "ks": Kvalitetsstandard.objects.create(
                lovgrundlag="sel_85", version=1, status="publiceret", gyldig_fra=date(2025, 1, 1), titel="x", formaal="x",
                maalgruppe_beskrivelse="x", indhold="x", visitationskriterier="x", former=["individuel"]),
            "maalgruppe": Kode.objects.maalgrupper().first(),
            "undertema": Kode.objects.aktivitet_deltagelse_undertemaer().first(),
            "maaltype": Kode.objects.maaltyper().first(),
        }
        t = time.perf_counter()
        seed(0, 5_000, args.due, ctx)
        print(f"seeded 5,000 cases in {time.perf_counter() - t:.1f} s ({args.due} with due items)")
        timed_scan("  5,000 cases")
        # Reset the engine's state so the second measurement starts alike.
        Notifikation.objects.all().delete()
        from tilsyn.models import Opgave, ScanLog

        Opgave.objects.all().delete()
        ScanLog.objects.all().delete()
        t = time.perf_counter()
        seed(5_000, 45_000, 0, ctx)
        print(f"seeded 45,000 more cases in {time.perf_counter() - t:.1f} s (none due)")
        timed_scan(" 50,000 cases")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

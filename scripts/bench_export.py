# ruff: noqa: PLC0415  -- Django is set up at run time, after the scratch database exists
"""Benchmark (not part of the test suite): CSV export of 1,000,000 visit rows and the measures
dashboard at 5,000 citizens, on a scratch database (`bench_maaling`, dropped and re-created).

    .venv/bin/python scripts/bench_export.py [--visits 1000000] [--citizens 5000] [--keep] [--reuse]

Prints wall time, rows/s and peak Python memory (tracemalloc) per run; the CSV is also run on
10 % of the rows to show that memory stays flat with size (the visit CSV streams from
PostgreSQL's COPY). Rows are bulk-inserted with PostgreSQL COPY through psycopg; `--keep` leaves
the database, and `--reuse` measures on a kept one without seeding again (same --visits/--citizens).
The dashboard is measured live (every measure computed) and from its stored rows (snapshot.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = "bench_maaling"
CPH = ZoneInfo("Europe/Copenhagen")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bostotte.settings.test")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{DB}"
    import django

    django.setup()


def recreate_db() -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB}")
        conn.execute(f"CREATE DATABASE {DB}")


def seed(citizens: int, visits: int) -> dict[str, object]:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    call_command("shell", "-c", "pass")
    from django.conf import settings

    from bostotte.core.models import (
        Kommune,
        Leverandoer,
        LeverandoerTeam,
        Medarbejder,
        MyndighedTeam,
        Rolle,
        User,
    )
    from bostotte.ffb.services import kodesystem_load

    for name in ("CodeSystem-FFB.json", "CodeSystem-CareSocialCodes.json"):
        kodesystem_load(path=settings.FFB_REFERENCE_DIR / name)
    from bostotte.ffb.models import Kode

    kommune = Kommune.objects.create(kommunenummer="999", navn="Bench Kommune")
    leder = User.objects.create(username="leder", rolle=Rolle.MYNDIGHEDSLEDER)
    team = MyndighedTeam.objects.create(kommune=kommune, navn="Team Bench", leder=leder)
    Medarbejder.objects.create(user=leder, myndighed_team=team)
    lev = Leverandoer.objects.create(navn="Bench Bostøtte", cvr="12345678", art="kommunal", kommune=kommune)
    lteam = LeverandoerTeam.objects.create(leverandoer=lev, navn="Team 1")
    analytiker = User.objects.create(username="analytiker", rolle=Rolle.ANALYTIKER)
    maalgruppe = Kode.objects.current().maalgrupper().first()
    per = max(1, visits // citizens)
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        raw = cur.connection
        cur.execute("SET session_replication_role = replica")  # skip pghistory/pgtrigger triggers for the bulk load
        with raw.cursor().copy("COPY core_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined, uuid, rolle, oidc_issuer, oidc_subject) FROM STDIN") as cp:
            for i in range(citizens):
                cp.write_row(("!", False, f"b{i}", "Bo", f"Støtte{i}", "", False, True, datetime.now(CPH), f"00000000-0000-4000-8000-{i:012d}", "bostoette", "", ""))
        cur.execute("SELECT id FROM core_user WHERE username LIKE 'b%%' ORDER BY id")
        staff = [r[0] for r in cur.fetchall()]
        with raw.cursor().copy("COPY core_medarbejder (created_at, updated_at, user_id, leverandoer_team_id, uddannelse, koen, sprog, telefon, ugentlige_timer) FROM STDIN") as cp:
            for uid in staff:
                cp.write_row((datetime.now(CPH), datetime.now(CPH), uid, lteam.pk, "", "", "", "", 30))
        with raw.cursor().copy("COPY core_borger (created_at, updated_at, uuid, cpr_encrypted, cpr_index, fornavn, efternavn, foedselsdato, koen, adresse, postnummer, \"by\", telefon, email, kommune_id, oensket_koen, oensket_alder, oensket_sprog, oensker_andet) FROM STDIN") as cp:
            for i in range(citizens):
                cp.write_row((datetime.now(CPH), datetime.now(CPH), f"10000000-0000-4000-8000-{i:012d}", "x", f"{i:064x}", f"Fornavn{i}", "=Efternavn",
                              date(1950 + i % 55, 1 + i % 12, 1 + i % 28), "mand" if i % 2 else "kvinde", "", "", "", "", "", kommune.pk, "", "", "", ""))
        cur.execute("SELECT id FROM core_borger ORDER BY id")
        borgere = [r[0] for r in cur.fetchall()]
        # with the citizen's names, which the case's trigger (off in replica mode) would copy
        with raw.cursor().copy("COPY core_sag (created_at, updated_at, uuid, sagsnummer, borger_id, borger_efternavn, borger_fornavn, titel, ansvarlig_id, team_id, handlekommune_id, betalingskommune_id, status, opened_on, bevares) FROM STDIN") as cp:
            for i, b in enumerate(borgere):
                cp.write_row((datetime.now(CPH), datetime.now(CPH), f"20000000-0000-4000-8000-{i:012d}", f"B-{i:07d}", b, "=Efternavn", f"Fornavn{i}", "§ 85", leder.pk, team.pk, kommune.pk, kommune.pk, "aaben", date(2025, 1, 1), False))
        cur.execute("SELECT id, borger_id FROM core_sag ORDER BY id")
        sager = cur.fetchall()
        from visitation.models import Kvalitetsstandard

        ks = Kvalitetsstandard.objects.create(lovgrundlag="sel_85", version=1, status="publiceret", gyldig_fra=date(2025, 1, 1), titel="T", formaal="F",
                                              maalgruppe_beskrivelse="M", indhold="I", visitationskriterier="V", former=["individuel"])
        with raw.cursor().copy("COPY visitation_afgoerelse (created_at, updated_at, uuid, sag_id, borger_id, kvalitetsstandard_id, resultat, status, lovgrundlag, maalgruppe_id, timer, timer_periode, form, supplerende_kontakt, starts_on, fuldt_medhold, begrundelse_regler, begrundelse_hovedhensyn, begrundelse_fakta, partshoering, partshoering_ikke_begrundelse, klagevejledning, truffet_at, er_aktiv, leder_kommentar, brev, version) FROM STDIN") as cp:
            for i, (sid, bid) in enumerate(sager):
                cp.write_row((datetime.now(CPH), datetime.now(CPH), f"30000000-0000-4000-8000-{i:012d}", sid, bid, ks.pk, "bevilling", "truffet", "sel_85", maalgruppe.pk, 3, "uge", "individuel", "{}",
                              date(2025, 2, 1), False, "SEL § 85", "Behov", "", "ikke_noedvendig", "Medhold", "Klag inden 4 uger", datetime(2025, 1, 20, 10, tzinfo=CPH), True, "", "", 1))
        cur.execute("SELECT id, sag_id FROM visitation_afgoerelse ORDER BY id")
        afg = cur.fetchall()
        with raw.cursor().copy("COPY visitation_bestilling (created_at, updated_at, uuid, sag_id, afgoerelse_id, leverandoer_id, status, indsatsformaal, timer, timer_periode, starts_on, borgers_oensker, praktisk, del_borgers_maal, sendt_at, besvaret_at, afvist_begrundelse, version) FROM STDIN") as cp:
            for i, (aid, sid) in enumerate(afg):
                cp.write_row((datetime.now(CPH), datetime.now(CPH), f"40000000-0000-4000-8000-{i:012d}", sid, aid, lev.pk, "startet", "Formål", 3, "uge", date(2025, 2, 1), "", "", True,
                              datetime(2025, 1, 21, 9, tzinfo=CPH), datetime(2025, 1, 22, 9, tzinfo=CPH), "", 1))
        cur.execute("SELECT id, sag_id FROM visitation_bestilling ORDER BY id")
        best = cur.fetchall()
        with raw.cursor().copy("COPY levering_tildeling (created_at, updated_at, uuid, bestilling_id, medarbejder_id, er_primaer, starts_on, begrundelse) FROM STDIN") as cp:
            for i, (bid, _sid) in enumerate(best):
                cp.write_row((datetime.now(CPH), datetime.now(CPH), f"50000000-0000-4000-8000-{i:012d}", bid, staff[i], True, date(2025, 2, 1), ""))
        start = datetime(2025, 2, 3, 10, tzinfo=CPH)
        statuses = ["gennemfoert"] * 8 + ["aflyst_borger", "udeblevet"]
        n = 0
        with raw.cursor().copy("COPY levering_besoeg (created_at, updated_at, uuid, bestilling_id, sag_id, medarbejder_id, starts_at, ends_at, kontaktform, planlagt, status, note, version) FROM STDIN") as cp:
            for i, (bid, sid) in enumerate(best):
                for k in range(per):
                    s = start + timedelta(days=k * 2)
                    cp.write_row((s, s, f"{i:08x}-{k:04x}-4000-8000-000000000000", bid, sid, staff[i], s, s + timedelta(minutes=75), "hjemmebesoeg", True, statuses[(i + k) % 10], "", 1))
                    n += 1
        cur.execute("SET session_replication_role = origin")
        cur.execute("ANALYZE")
    return {"leder": leder, "analytiker": analytiker, "rows": n, "seed_s": time.perf_counter() - t0}


def measure(label: str, fn, *, memory: bool = True) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Time one run without tracemalloc (it slows every allocation several-fold, which would
    distort rows/s), then, if `memory`, run it again under tracemalloc for the peak."""
    import gc

    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    peak = 0
    if memory:
        gc.collect()
        tracemalloc.start()
        fn()
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rows = f"{out[0] / dt:9,.0f} rows/s   " if isinstance(out, tuple) else ""
    mem = f"peak {peak / 1024 / 1024:7.1f} MiB   " if memory else ""
    print(f"{label:<58} {dt:8.2f} s   {rows}{mem}{out[1] if isinstance(out, tuple) else out}", flush=True)
    return dt, peak


def reuse_info() -> dict[str, object]:
    from django.core.management import call_command

    from bostotte.core.models import User
    from levering.models import Besoeg

    call_command("migrate", verbosity=0)
    return {"leder": User.objects.get(username="leder"), "analytiker": User.objects.get(username="analytiker"),
            "rows": Besoeg.objects.count(), "seed_s": 0.0}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--citizens", type=int, default=5_000)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--reuse", action="store_true", help="use a kept scratch database (implies --keep)")
    parser.add_argument("--no-dashboard", action="store_true", help="measure the CSV export only")
    parser.add_argument("--no-live", action="store_true", help="skip the live dashboard (minutes at 1 M visits)")
    parser.add_argument("--roller", default="myndighedsleder,analytiker", help="dashboards to measure")
    args = parser.parse_args()
    if args.reuse:
        args.keep = True
        setup_django()
        info = reuse_info()
        print(f"reusing {DB}: {info['rows']} visits")
    else:
        recreate_db()
        setup_django()
        info = seed(args.citizens, args.visits)
        print(f"seeded {args.citizens} citizens and {info['rows']} visits with COPY in {info['seed_s']:.1f} s")

    from django.utils import timezone

    from tilsyn.maaling.measures import measures_for
    from tilsyn.maaling.services import eksport_csv
    from tilsyn.maaling.udsnit import Udsnit

    today = date(2026, 6, 30)
    now = timezone.now()

    def csv_export(fra: date, til: date, pseudo: bool = False) -> tuple[int, str]:
        user = info["analytiker"] if pseudo else info["leder"]
        u = Udsnit(user=user, fra=fra, til=til, today=today, niveau="pseudonymiseret" if pseudo else "identificeret")  # type: ignore[arg-type]
        _job, stream = eksport_csv(udsnit=u, datasaet="besoeg", pseudonymiseret=pseudo, actor=user, now=now)  # type: ignore[arg-type]
        size = lines = 0
        for chunk in stream:
            data = chunk if isinstance(chunk, bytes) else chunk.encode()
            size += len(data)
            lines += data.count(b"\r\n")
        return lines - 1, f"{lines - 1} rows, {size / 1024 / 1024:.0f} MiB CSV"

    # visits are spread over 2025-02-03 … (2 days apart): a short period holds ~10 % of them
    per = args.visits // args.citizens
    small_til = date(2025, 2, 3) + timedelta(days=2 * max(1, per // 10) - 1)
    measure("CSV export, ~10 % of the visits", lambda: csv_export(date(2025, 1, 1), small_til))
    measure("CSV export, all visits", lambda: csv_export(date(2025, 1, 1), date(2026, 12, 31)))
    measure("CSV export, all visits, pseudonymised (analytiker)", lambda: csv_export(date(2025, 1, 1), date(2026, 12, 31), pseudo=True))
    if args.no_dashboard:
        return finish(args)
    from tilsyn.maaling.snapshot import (
        maaling_snapshot_for,
        maaling_snapshot_refresh,
        snapshot_enhed,
    )
    from tilsyn.maaling.udsnit import default_periode

    fra, til = default_periode(today)
    for user, label in ((info["leder"], "myndighedsleder"), (info["analytiker"], "analytiker")):
        if label not in args.roller.split(","):
            continue
        u = Udsnit(user=user, fra=fra, til=til, today=today, niveau="identificeret" if label != "analytiker" else "pseudonymiseret")  # type: ignore[arg-type]
        if not args.no_live:
            measure(f"Dashboard measures live, {args.citizens} citizens ({label})", lambda u=u: f"{len(measures_for(u))} measures")
        enhed = snapshot_enhed(u)
        if enhed is None:
            print(f"  no stored unit for the {label}")
            continue
        then = datetime.combine(today, datetime.min.time(), tzinfo=CPH).replace(hour=4)
        measure(f"  stored: refresh {enhed[0]} (the nightly task)", lambda e=enhed, t=then: f"{maaling_snapshot_refresh(enhed=e, now=t)} rows", memory=False)
        measure("  stored: read for the page", lambda u=u, e=enhed: f"{len(maaling_snapshot_for(u, e)[0])} measures")
    finish(args)


def finish(args: argparse.Namespace) -> None:
    import resource

    # tracemalloc sees Python objects only; the process's peak RSS includes libpq's buffers
    print(f"peak RSS of this process (whole run, incl. Django and seeding): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if not args.keep:
        from django.db import connections

        connections.close_all()
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()

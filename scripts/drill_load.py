#!/usr/bin/env python
"""Drill: bounded load with writes, then count every acknowledged write in the database.

    .venv/bin/python scripts/drill_load.py [--source bench_500] [--users 50] [--time 10m] [--port 8795]

Copies the seeded database (`CREATE DATABASE bench_drill TEMPLATE <source>`, so the source stays
clean), starts gunicorn on loopback with the production settings (scripts/bench/run.py's
Server), and runs locust headless with scripts/drill_locustfile.py: every role, reads and writes
(sagsbehandlere write journal notes, citizens fill in WHO-5, bostøtter re-log visits, leaders
and leverandørledere read). Each write the server acknowledged (302 to the saved object) is
appended to a local file with its unique marker; afterwards the markers are counted in the
database. Prints acknowledged vs found, errors, requests/s and p95. Exit 1 on any error or
missing write. Only bench_* databases are created or dropped."""
# ruff: noqa: S603, S608  (runs our own tools; the SQL names are constants)

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "bench"))

from run import PASSWORD, WORK, Server, admin_sql, db_exists, manage, pick, query  # noqa: E402

DRILL_DB = "bench_drill"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default="bench_500")
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--time", default="10m")
    ap.add_argument("--port", type=int, default=8795)
    ap.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", "4")))
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    if not db_exists(args.source):
        print(f"{args.source} findes ikke (byg den med scripts/bench/run.py --sizes 500)")
        return 1
    admin_sql(f"DROP DATABASE IF EXISTS {DRILL_DB}")
    admin_sql(f"CREATE DATABASE {DRILL_DB} TEMPLATE {args.source}")
    manage(DRILL_DB, "migrate", "--noinput", "-v0")  # the copy may be older than the code
    if not (
        WORK / "static" / "staticfiles.json"
    ).exists():  # shared with make bench; slow on a loaded machine
        manage(DRILL_DB, "collectstatic", "--noinput", "-v0")
    run_id = uuid.uuid4().hex[:10]
    acks = WORK / f"drill-{run_id}.jsonl"
    p = pick(DRILL_DB)
    cases = [
        str(u)
        for (u,) in query(
            DRILL_DB,
            "SELECT s.uuid FROM core_sag s JOIN core_user u ON u.id = s.ansvarlig_id WHERE s.status = 'aaben' AND u.username = %s ORDER BY s.id LIMIT 50",
            [p["sagsbehandler"]],
        )
    ]
    uuid_, starts, ends, form = p["besoeg"]  # type: ignore[misc]
    env = {
        **os.environ,
        "BENCH_USERS_JSON": json.dumps({k: str(v) for k, v in p.items() if k != "besoeg"}),
        "BENCH_PASSWORD": PASSWORD,
        "BENCH_VISIT_POST": json.dumps(
            {
                "uuid": str(uuid_),
                "dato": starts.date().isoformat(),
                "start": starts.strftime("%H:%M"),
                "slut": ends.strftime("%H:%M"),
                "kontaktform": form,
                "status": "gennemfoert",
                "planlagt": "1",
                "note": "Øvelse: registreret igen.",
                "note_undertema": str(p["undertema"]),
            }
        ),
        "BENCH_N_BO": str(
            query(DRILL_DB, "SELECT count(*) FROM core_user WHERE username LIKE 'vol-bo-%%'")[0][0]
        ),
        "BENCH_N_SB": str(
            query(DRILL_DB, "SELECT count(*) FROM core_user WHERE username LIKE 'vol-sb-%%'")[0][0]
        ),
        "DRILL_RUN_ID": run_id,
        "DRILL_ACK_FILE": str(acks),
        "DRILL_CASES": json.dumps(cases),
    }
    load_before = os.getloadavg()
    with Server(DRILL_DB, args.port, workers=args.workers) as srv:
        cmd = [
            str(ROOT / ".venv/bin/locust"),
            "-f",
            str(ROOT / "scripts/drill_locustfile.py"),
            "--headless",
            "-u",
            str(args.users),
            "-r",
            str(max(1, args.users // 5)),
            "-t",
            args.time,
            "--host",
            srv.url,
            "--only-summary",
            "--stop-timeout",
            "10",
            "--csv",
            str(WORK / "drill"),
        ]
        print(
            f"locust: {args.users} brugere i {args.time} mod {DRILL_DB} (kørsel {run_id}) …",
            flush=True,
        )
        subprocess.run(cmd, cwd=ROOT, env=env, check=False)
    stats = (WORK / "drill_stats.csv").read_text().splitlines()
    head = stats[0].split(",")
    rows = [dict(zip(head, line.split(","), strict=False)) for line in stats[1:]]
    agg = next(r for r in rows if r["Name"] == "Aggregated")
    acked: dict[str, set[str]] = {}
    for line in acks.read_text().splitlines() if acks.exists() else []:
        ack = json.loads(line)
        acked.setdefault(ack["kind"], set()).add(ack["marker"])
    like = f"drill-{run_id}-%"
    found = {
        "journalnotat": {
            m
            for (m,) in query(
                DRILL_DB, "SELECT emne FROM core_journalnotat WHERE emne LIKE %s", [like]
            )
        },
        "trivsel": {
            m
            for (m,) in query(
                DRILL_DB,
                "SELECT bemaerkning FROM portal_trivselsmaaling WHERE bemaerkning LIKE %s",
                [like],
            )
        },
    }
    print(
        f"\nøvelse {run_id}: {args.users} brugere, {args.time}, {args.workers} gunicorn-workers, load før {load_before}, efter {os.getloadavg()}"
    )
    print(
        f"requests: {agg['Request Count']}, fejl: {agg['Failure Count']}, {float(agg['Requests/s']):.1f} req/s, p50 {agg['50%']} ms, p95 {agg['95%']} ms"
    )
    ok = int(agg["Failure Count"]) == 0
    for kind in sorted(set(acked) | set(found)):
        a = acked.get(kind, set())
        if kind not in found:  # a re-logged visit updates an existing row
            print(f"  {kind:<13} kvitteret {len(a):>5} (opdateringer; ikke talt)")
            continue
        missing, extra = a - found[kind], found[kind] - a
        print(
            f"  {kind:<13} kvitteret {len(a):>5}  heraf i databasen {len(a) - len(missing):>5}  mangler {len(missing)}"
            f"  (gemt uden kvittering, fx svar afbrudt ved stop: {len(extra)})"
        )
        ok = ok and not missing and bool(a)
    print("Resultat:", "ingen fejl, alle kvitterede skrivninger findes" if ok else "FEJL")
    print(f"(databasen {DRILL_DB} er beholdt til efterkontrol; kvitteringer i {acks})")
    return 0 if ok else 1


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"varighed {time.monotonic() - started:.0f} s")
    sys.exit(code)

"""EXPLAIN (ANALYZE, BUFFERS) of the queries behind the key pages on a bench database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_5000 .venv/bin/python scripts/bench/explain.py

Renders each page with Django's test client as a real user of the generated data, captures its
queries, and EXPLAINs every query that reads visits or cases (plus the deadline scan's). Prints
the plans of the slowest ones and a verdict per page: is there a sequential scan over
levering_besoeg or core_sag?"""
# ruff: noqa: PLC0415, E402  (Django must be set up before the imports)

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bostotte.settings.dev")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "2oB0xk1bKfT3ZcQvNn3e8lJ5Yq0cYp3A9hWb6mJ1cXo=")
os.environ.setdefault("CPR_INDEX_KEY", "dev-only-cpr-index-key")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bostotte.core.models import User  # noqa: E402

BIG = re.compile(r'"(levering_besoeg|core_sag)"')


def explain(sql: str, params: Any) -> str:
    with connection.cursor() as cursor:  # client-side binding: the plan for these values
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(r[0] for r in cursor.fetchall())


def run(label: str, fn) -> None:  # type: ignore[no-untyped-def]
    # the SQL and its values as sent (a prepared statement sends them apart, decision 0006)
    sent: list[tuple[str, Any]] = []

    def keep(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        fn()
    worst = []
    seq: list[tuple[str, str]] = []
    for sql, params in sent:
        if not BIG.search(sql) or not sql.lstrip().upper().startswith("SELECT"):
            continue
        plan = explain(sql, params)
        m = re.search(r"Execution Time: ([0-9.]+)", plan)
        ms = float(m.group(1)) if m else 0.0
        found = re.search(r".*Seq Scan on (levering_besoeg|core_sag)\b.*", plan)
        if found:
            seq.append((sql, found.group(0).strip()))
        worst.append((ms, sql, plan))
    worst.sort(key=lambda t: -t[0])
    print(
        f"\n### {label}: {len(sent)} queries, {len(worst)} on visits/cases, "
        f"{'SEQ SCAN over visits/cases' if seq else 'no sequential scan over visits or cases'}"
    )
    for sql, node in seq:
        print(f"sequential scan: {node}\n  in: {sql[:300]}…")
    for ms, sql, plan in worst[:1]:
        print(f"slowest ({ms:.1f} ms): {sql[:300]}…\n```\n{plan}\n```")


def page(username: str, url: str):  # type: ignore[no-untyped-def]
    def fn() -> None:
        c = Client()
        c.force_login(User.objects.get(username=username))
        r = c.get(url)
        assert r.status_code == 200, (url, r.status_code)

    return fn


def main() -> None:
    sb = User.objects.filter(rolle="sagsbehandler").order_by("username").first()
    from bostotte.core.models import Sag
    from levering.models import Besoeg

    sag = Sag.objects.filter(ansvarlig=sb, status="aaben", bestillinger__isnull=False).first()
    bo = (
        Besoeg.objects.filter(starts_at__date=django.utils.timezone.localdate())
        .values_list("medarbejder__username", flat=True)
        .first()
    )
    borger = (
        User.objects.filter(rolle="borger", borger__sager__bestillinger__status="startet")
        .order_by("id")
        .first()
    )
    ll = User.objects.filter(rolle="leverandoerleder").order_by("username").first()
    ml = User.objects.filter(rolle="myndighedsleder").order_by("username").first()
    run(f"Mine sager ({sb.username})", page(sb.username, "/sager/?mine=1"))
    run("sager i teamet (side 1)", page(sb.username, "/sager/"))
    run("sagsside", page(sb.username, f"/sager/{sag.uuid}/"))
    run(f"I dag ({bo})", page(bo, "/levering/i-dag/"))
    run("timer (bostøtte)", page(bo, "/levering/timer/"))
    run(f"timer ({ll.username}, leverandørleder)", page(ll.username, "/levering/timer/"))
    run(f"ledelsesoverblik /maaling/ ({ml.username})", page(ml.username, "/maaling/"))
    run(f"mine opgaver ({sb.username})", page(sb.username, "/tilsyn/opgaver/"))
    run(f"teamets opgaver ({ml.username})", page(ml.username, "/tilsyn/opgaver/team/"))
    run("borgerportal forside", page(borger.username, "/borger/"))
    run("API /api/v1/sager/", page(sb.username, "/api/v1/sager/"))
    from django.db import transaction

    from tilsyn.services.frister import frister_scan

    with transaction.atomic():
        run("daglig fristscanning (rullet tilbage)", lambda: frister_scan(kilde="kommando"))
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()

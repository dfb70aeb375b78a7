"""Profile one page in-process against a bench database (docs/benchmarks.md, "Profilering").

    .venv/bin/python scripts/bench/profile_page.py --db bench_5000 --user vol-sb-001 --url /sager/
        [--requests 50] [--sort tottime] [--limit 40] [--method post --data k=v ...]

Runs the production settings (the same dummy secrets as `make bench`) with Django's test client,
logged in as the given user (force_login: the page's cost, not the login's), warms the page up,
then runs it under cProfile and prints the hottest functions, the time per request, the queries
per request and the share of wall time spent waiting for PostgreSQL. Nothing is written unless
the profiled request itself writes (a POST).
"""
# ruff: noqa: T201, S108, PLC0415  (a script: Django is imported after its settings are chosen)

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts" / "bench"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default="bench_5000")
    ap.add_argument("--user", required=True)
    ap.add_argument("--url", required=True)
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--sort", default="tottime")
    ap.add_argument("--limit", type=int, default=40)
    ap.add_argument("--method", default="get", choices=["get", "post"])
    ap.add_argument("--data", nargs="*", default=[], help="key=value for a POST")
    ap.add_argument("--callers", default="", help="print callers of functions matching this")
    ap.add_argument("--filter", default="", help="only functions whose file matches this regex")
    ap.add_argument(
        "--sql", action="store_true", help="print each query of one request with its time"
    )
    args = ap.parse_args()

    from run import ENV, PG  # the same settings as make bench

    os.environ.update({**ENV, "DATABASE_URL": f"{PG}/{args.db}"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bostotte.settings.production")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    user = get_user_model().objects.get(username=args.user)
    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=False)
    client.force_login(user)
    data = dict(kv.split("=", 1) for kv in args.data)

    def once():  # type: ignore[no-untyped-def]
        if args.method == "post":
            r = client.post(args.url, data=data, HTTP_REFERER="http://127.0.0.1/")
        else:
            r = client.get(args.url)
        assert r.status_code in (200, 302), f"{args.url}: {r.status_code}"
        return r

    for _ in range(5):
        once()
    db_time = 0.0
    queries = 0

    def timer(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        nonlocal db_time, queries
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            db_time += time.perf_counter() - t
            queries += 1

    prof = cProfile.Profile()
    with connection.execute_wrapper(timer):
        t = time.perf_counter()
        for _ in range(args.requests):
            once()
        plain = (time.perf_counter() - t) / args.requests
        db_plain, q_plain = db_time / args.requests, queries / args.requests
        prof.enable()
        for _ in range(args.requests):
            once()
        prof.disable()
    print(
        f"{args.url}: {plain * 1000:.1f} ms/request without profiler, {q_plain:.0f} queries, "
        f"{db_plain * 1000:.1f} ms in the database (execute incl. driver)"
    )
    if args.sql:
        timed: list[tuple[float, str]] = []

        def each(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            t = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                timed.append(((time.perf_counter() - t) * 1000, sql))

        with connection.execute_wrapper(each):
            once()
        for ms, sql in timed:
            print(f"{ms:7.2f} ms  {sql[:300]}")
    stats = pstats.Stats(prof)
    if not args.filter:
        stats.strip_dirs()
    stats.sort_stats(args.sort)
    stats.print_stats(*([args.filter] if args.filter else []), args.limit)
    if args.callers:
        stats.print_callers(args.callers)


if __name__ == "__main__":
    main()

"""`make bench`: request benchmarks through the real stack (issue 10, docs/benchmarks.md).

    .venv/bin/python scripts/bench/run.py [--sizes 500,5000] [--requests 40] [--no-locust]
        [--locust-users 50] [--locust-time 60s] [--no-scan] [--no-export] [--reseed]

For each size N it builds (or reuses) the database `bench_<N>` with `seed_volume --borgere N
--years 5` (from a migrated template `bench_template`), starts gunicorn on 127.0.0.1 with the
production settings (dummy secrets; SECURE_SSL_REDIRECT=false; BENCH_QUERY_COUNT=1 so every
response carries X-Query-Count and Server-Timing), logs in through the login form as real
users, and times each page sequentially. Then a bounded, headless locust run (50 users, mixed
roles, reads and writes) against bench_5000, the daily deadline scan and the 1,000,000-row CSV
export. Only bench_* databases are created or dropped.
"""
# ruff: noqa: S603, S108  (runs our own tools; scratch files under /tmp)

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
PG = "postgresql://postgres@127.0.0.1:5432"
PASSWORD = "volumen-bench-2026"  # noqa: S105 - the seed_volume default, bench databases only
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/bostotte-bench"))
# Dummy secrets: the same for seeding and serving (CPR is encrypted with FIELD_ENCRYPTION_KEYS).
ENV = {
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-not-secret",
    "FIELD_ENCRYPTION_KEYS": "2oB0xk1bKfT3ZcQvNn3e8lJ5Yq0cYp3A9hWb6mJ1cXo=",
    "CPR_INDEX_KEY": "dev-only-cpr-index-key",
    "SECURE_SSL_REDIRECT": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "REDIS_URL": "redis://127.0.0.1:6379/12",
    "STATIC_ROOT": str(WORK / "static"),
    "PRIVATE_MEDIA_ROOT": str(WORK / "private"),
    "BENCH_QUERY_COUNT": "1",
    "DB_CONN_MAX_AGE": "60",
}


def log(msg: str) -> None:
    print(msg, flush=True)


def env_for(db: str, settings: str) -> dict[str, str]:
    return {**os.environ, **ENV, "DATABASE_URL": f"{PG}/{db}", "DJANGO_SETTINGS_MODULE": settings}


def manage(db: str, *args: str, settings: str = "bostotte.settings.production") -> str:
    out = subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env_for(db, settings),
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(
            f"manage.py {' '.join(args)} fejlede:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
        )
    return out.stdout


def admin_sql(sql: str) -> None:
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def db_exists(db: str) -> bool:
    with psycopg.connect(f"{PG}/postgres") as conn:
        return (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
            is not None
        )


def query(db: str, sql: str, params: list[object] | None = None) -> list[tuple]:  # type: ignore[type-arg]
    with psycopg.connect(f"{PG}/{db}") as conn:
        return conn.execute(sql, params or []).fetchall()


def ensure_db(n: int, reseed: bool) -> str:
    db = f"bench_{n}"
    assert db.startswith("bench_")
    if not reseed and db_exists(db):
        try:
            have = query(db, "SELECT count(*) FROM core_borger WHERE cpr_index IS NOT NULL")[0][0]
        except psycopg.Error:
            have = 0
        if have >= n:
            log(f"{db}: genbruges ({have} borgere); migrate …")
            manage(db, "migrate", "-v0", settings="bostotte.settings.dev")
            return db
    if not db_exists("bench_template"):
        admin_sql("CREATE DATABASE bench_template")
    # Every time: a template from an earlier checkout may lack newer migrations (no-op otherwise).
    log("bench_template: migrate …")
    manage("bench_template", "migrate", "-v0", settings="bostotte.settings.dev")
    admin_sql(f"DROP DATABASE IF EXISTS {db}")
    admin_sql(f"CREATE DATABASE {db} TEMPLATE bench_template")
    log(f"{db}: seed_volume --borgere {n} --years 5 …")
    t = time.monotonic()
    out = manage(
        db, "seed_volume", "--borgere", str(n), "--years", "5", settings="bostotte.settings.dev"
    )
    log(out.split("\n\n")[-1])
    log(f"{db}: seeded in {time.monotonic() - t:.0f} s")
    return db


class Server:
    def __init__(self, db: str, port: int, workers: int = 2) -> None:
        self.db, self.port, self.workers = db, port, workers
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Server:
        self.proc = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "bostotte.wsgi",
                "-b",
                f"127.0.0.1:{self.port}",
                "-w",
                str(self.workers),
                "--access-logfile",
                "-",
                "--error-logfile",
                str(WORK / f"gunicorn-{self.db}.log"),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env_for(self.db, "bostotte.settings.production"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(120):
            try:
                if requests.get(f"{self.url}/log-ind/", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise SystemExit(f"gunicorn startede ikke (se {WORK}/gunicorn-{self.db}.log)")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        if self.proc:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=30)


class LoopbackSession(requests.Session):
    """Sends Secure cookies over loopback http (the server runs the production settings)."""

    def request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        response = super().request(*args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


def login(base: str, username: str) -> requests.Session:
    """Log in through the login form. Production cookies are Secure; on loopback http we send
    them anyway by clearing the flag in the client's jar."""
    s = LoopbackSession()
    r = s.get(f"{base}/log-ind/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
    assert token, "intet CSRF-token på login-siden"
    r = s.post(
        f"{base}/log-ind/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        headers={"Referer": f"{base}/log-ind/"},
        allow_redirects=False,
    )
    assert r.status_code == 302, f"login for {username} fejlede ({r.status_code})"
    s.headers["X-CSRFToken"] = s.cookies.get("csrftoken", "")
    return s


def pick(db: str) -> dict[str, object]:
    """Real users and objects from the generated data."""
    q = lambda sql, *p: query(db, sql, list(p))  # noqa: E731
    sb_user, sb_id = (
        q("""SELECT u.username, u.id FROM core_user u JOIN core_sag s ON s.ansvarlig_id = u.id
        WHERE s.status = 'aaben' GROUP BY u.id ORDER BY count(*) DESC LIMIT 1""")[0]
    )
    n_cases = q(
        "SELECT count(*) FROM core_sag WHERE ansvarlig_id = %s AND status = 'aaben'", sb_id
    )[0][0]
    sag_uuid = q(
        """SELECT s.uuid FROM core_sag s JOIN visitation_bestilling b ON b.sag_id = s.id
        WHERE s.ansvarlig_id = %s AND s.status = 'aaben' ORDER BY s.id LIMIT 1""",
        sb_id,
    )[0][0]
    bo_user, bo_id = (
        q("""SELECT u.username, u.id FROM core_user u JOIN levering_besoeg b ON b.medarbejder_id = u.id
        WHERE u.rolle = 'bostoette' AND b.starts_at::date = current_date GROUP BY u.id ORDER BY count(*) DESC LIMIT 1""")[
            0
        ]
    )
    besoeg = q(
        """SELECT b.uuid, b.starts_at AT TIME ZONE 'Europe/Copenhagen', b.ends_at AT TIME ZONE 'Europe/Copenhagen', b.kontaktform
        FROM levering_besoeg b WHERE b.medarbejder_id = %s AND b.status = 'gennemfoert' ORDER BY b.starts_at DESC LIMIT 1""",
        bo_id,
    )[0]
    ll_user = q(
        "SELECT username FROM core_user WHERE rolle = 'leverandoerleder' ORDER BY username LIMIT 1"
    )[0][0]
    ml_user = q(
        "SELECT username FROM core_user WHERE rolle = 'myndighedsleder' ORDER BY username LIMIT 1"
    )[0][0]
    borger_user = q("""SELECT u.username FROM core_user u JOIN core_borger b ON b.user_id = u.id JOIN core_sag s ON s.borger_id = b.id
        JOIN visitation_bestilling best ON best.sag_id = s.id AND best.status = 'startet' ORDER BY u.id LIMIT 1""")[
        0
    ][0]
    undertema = q("SELECT id FROM ffb_kode WHERE gruppe = 'undertema' ORDER BY id LIMIT 1")[0][0]
    return {
        "undertema": undertema,
        "sagsbehandler": sb_user,
        "sagsbehandler_id": sb_id,
        "cases": n_cases,
        "sag_uuid": str(sag_uuid),
        "bostoette": bo_user,
        "besoeg": besoeg,
        "leverandoerleder": ll_user,
        "myndighedsleder": ml_user,
        "borger": borger_user,
    }


def api_token(db: str, username: str) -> str:
    out = manage(
        db,
        "api_klient_opret",
        "--navn",
        f"bench {time.time():.0f}",
        "--bruger",
        username,
        "--kommunenummer",
        "999",
        "--scope",
        "sager:read",
        "--scope",
        "borgere:read",
    )
    token = [line.strip() for line in out.splitlines() if line.strip()][-1]
    assert " " not in token, f"ingen nøgle i output: {out}"
    return token


def cpu_reference() -> float:
    """The best of three timings of a fixed pure-Python loop: one core's speed for this
    interpreter, printed with the figures so that runs on different machines can be compared
    (the absolute targets, requests/s above all, depend on it; the ratios to the floor do not)."""
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        best = min(best, time.perf_counter() - t)
    return best


def measure_all(cases: dict[str, object], n: int) -> dict[str, dict[str, object]]:
    """Every page `n` times, interleaved: one round asks for each page once, then the next round.
    The floor and the pages then see the same moments of a noisy machine (a shared 2-core box
    varied ±30 % between minutes), so the ratios to the floor compare like with like. Each page
    is warmed up 3 times first; a page that answers anything but 200/302 is reported as an error.
    Slow runs stop after at least 5 rounds and about 30 s per page."""
    server: dict[str, list[float]] = {name: [] for name in cases}
    client: dict[str, list[float]] = {name: [] for name in cases}
    queries: dict[str, set[int]] = {name: set() for name in cases}
    errors: dict[str, str] = {}

    def once(name: str, fn) -> None:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        r = fn()
        client[name].append((time.perf_counter() - t) * 1000)
        assert r.status_code in (200, 302), f"{r.request.method} {r.url}: {r.status_code}"
        m = re.search(r"dur=([0-9.]+)", r.headers.get("Server-Timing", ""))
        server[name].append(float(m.group(1)) if m else client[name][-1])
        queries[name].add(int(r.headers.get("X-Query-Count", "-1")))

    for name, fn in cases.items():
        try:
            for _ in range(3):
                fn()
        except AssertionError as exc:
            errors[name] = str(exc)
    for name in cases:
        server[name].clear()
        client[name].clear()
    started = time.monotonic()
    for i in range(n):
        if i >= 5 and time.monotonic() - started > 30 * len(cases):
            break
        for name, fn in cases.items():
            if name in errors:
                continue
            try:
                once(name, fn)
            except AssertionError as exc:
                errors[name] = str(exc)
    results: dict[str, dict[str, object]] = {}
    for name in cases:
        if name in errors or not server[name]:
            results[name] = {"error": errors.get(name, "ingen målinger")}
            continue
        srv, cli = sorted(server[name]), sorted(client[name])
        results[name] = {
            "p50": statistics.median(srv),
            "p95": srv[max(0, int(len(srv) * 0.95) - 1)],
            "client_p50": statistics.median(cli),
            "n": len(srv),
            "queries": "/".join(str(q) for q in sorted(queries[name])),
        }
    return results


def bench_size(db: str, n_requests: int, port: int) -> dict[str, dict[str, object]]:
    p = pick(db)
    log(
        f"{db}: sagsbehandler {p['sagsbehandler']} ({p['cases']} åbne sager), bostøtte {p['bostoette']}, "
        f"leder {p['myndighedsleder']}, leverandørleder {p['leverandoerleder']}, borger {p['borger']}"
    )
    token = api_token(db, str(p["sagsbehandler"]))
    with Server(db, port) as srv:
        base = srv.url
        sb, bo, ml, ll, bg = (
            login(base, str(p[k]))
            for k in ("sagsbehandler", "bostoette", "myndighedsleder", "leverandoerleder", "borger")
        )
        uuid, starts, ends, form = p["besoeg"]  # type: ignore[misc]
        post_data = {
            "dato": starts.date().isoformat(),
            "start": starts.strftime("%H:%M"),
            "slut": ends.strftime("%H:%M"),
            "kontaktform": form,
            "status": "gennemfoert",
            "planlagt": "1",
            "note": "Bench: registreret igen.",
            "note_undertema": str(p["undertema"]),
        }
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        cases = {
            "floor: forside (bostøtte)": lambda: bo.get(f"{base}/"),
            f"Mine sager ({p['cases']} sager)": lambda: sb.get(f"{base}/sager/?mine=1"),
            "sager i teamet (side 1)": lambda: sb.get(f"{base}/sager/"),
            "sagsside": lambda: sb.get(f"{base}/sager/{p['sag_uuid']}/"),
            "I dag (bostøtte)": lambda: bo.get(f"{base}/levering/i-dag/"),
            "registrér besøg (POST)": lambda: bo.post(
                f"{base}/levering/besoeg/{uuid}/",
                data=post_data,
                allow_redirects=False,
                headers={"Referer": f"{base}/levering/i-dag/"},
            ),
            "timer (bostøtte)": lambda: bo.get(f"{base}/levering/timer/"),
            "timer (leverandørleder)": lambda: ll.get(f"{base}/levering/timer/"),
            "ledelsesoverblik /maaling/": lambda: ml.get(f"{base}/maaling/"),
            "borgerportal forside": lambda: bg.get(f"{base}/borger/"),
            "API GET /api/v1/sager/": lambda: api.get(f"{base}/api/v1/sager/"),
        }
        results = measure_all(cases, n_requests)
        for name in cases:
            log(f"  {name:<32} {results[name]}")
    return results


def print_table(all_results: dict[int, dict[str, dict[str, object]]]) -> None:
    sizes = sorted(all_results)
    big, small = sizes[-1], sizes[0]
    names = list(all_results[big])
    floor = {n: all_results[n][names[0]].get("p50", 1) for n in sizes}
    hdr = f"| {'side':<32} |" + "".join(f" p50 {n} | p95 {n} | q {n} | ×floor {n} |" for n in sizes)
    if len(sizes) > 1:
        hdr += f" {big}/{small} |"
    log("\n" + hdr)
    log("|" + "---|" * (hdr.count("|") - 1))
    for name in names:
        row = f"| {name:<32} |"
        for n in sizes:
            r = all_results[n].get(name, {})
            if "p50" in r:
                row += f" {r['p50']:.1f} | {r['p95']:.1f} | {r['queries']} | {r['p50'] / floor[n]:.1f} |"  # type: ignore[operator]
            else:
                row += f" {r.get('error', '–')} | | | |"
        if (
            len(sizes) > 1
            and "p50" in all_results[big].get(name, {})
            and "p50" in all_results[small].get(name, {})
        ):
            row += f" {all_results[big][name]['p50'] / all_results[small][name]['p50']:.2f} |"  # type: ignore[operator]
        log(row)
    log("(ms; server time from the Server-Timing header; q = queries per request)")


def run_locust(db: str, users: int, duration: str, port: int) -> None:
    p = pick(db)
    with Server(db, port, workers=int(os.environ.get("BENCH_WORKERS", "4"))) as srv:
        uuid, starts, ends, form = p["besoeg"]  # type: ignore[misc]
        visit = {
            "uuid": str(uuid),
            "dato": starts.date().isoformat(),
            "start": starts.strftime("%H:%M"),
            "slut": ends.strftime("%H:%M"),
            "kontaktform": form,
            "status": "gennemfoert",
            "planlagt": "1",
            "note": "Bench: registreret igen.",
            "note_undertema": str(p["undertema"]),
        }
        n_bo, n_sb = (
            query(db, "SELECT count(*) FROM core_user WHERE username LIKE %s", [f"vol-{r}-%"])[0][0]
            for r in ("bo", "sb")
        )
        env = {
            **os.environ,
            "BENCH_USERS_JSON": json.dumps({k: str(v) for k, v in p.items() if k != "besoeg"}),
            "BENCH_PASSWORD": PASSWORD,
            "BENCH_VISIT_POST": json.dumps(visit),
            "BENCH_N_BO": str(n_bo),
            "BENCH_N_SB": str(n_sb),
            "BENCH_LOCUST_TIMES": str(WORK / "locust_times.jsonl"),
        }
        cmd = [
            str(ROOT / ".venv/bin/locust"),
            "-f",
            str(ROOT / "scripts/bench/locustfile.py"),
            "--headless",
            "-u",
            str(users),
            "-r",
            str(max(1, users // 5)),
            "-t",
            duration,
            "--host",
            srv.url,
            "--only-summary",
            "--stop-timeout",
            "5",
            # The 50 logins (PBKDF2, ≈ 0.3 s CPU each) happen while users are spawned; the figures
            # are the working load after that.
            "--reset-stats",
            "--csv",
            str(WORK / "locust"),
        ]
        log(f"locust: {users} brugere i {duration} mod {db} …")
        before = cpu_seconds(srv)
        t0 = time.monotonic()
        subprocess.run(cmd, cwd=ROOT, env=env, check=False)
        wall = time.monotonic() - t0
        used = {k: v - before.get(k, 0.0) for k, v in cpu_seconds(srv).items()}
        stats = (WORK / "locust_stats.csv").read_text().splitlines()
        head = stats[0].split(",")
        agg = next(line.split(",") for line in stats if line.split(",")[1] == "Aggregated")
        row = dict(zip(head, agg, strict=False))
        log(
            f"locust i alt (inkl. login): {float(row['Requests/s']):.1f} requests/s, p50 {row['50%']} ms, "
            f"p95 {row['95%']} ms, {row['Failure Count']} fejl af {row['Request Count']}"
        )
        working_load(WORK / "locust_times.jsonl")
        total = sum(used.values())
        n_req = int(row["Request Count"]) or 1
        log(
            f"CPU i kørslen ({wall:.0f} s, {os.cpu_count()} kerner): "
            + ", ".join(f"{k} {v:.0f} s ({v / total:.0%})" for k, v in used.items())
            + f"; i alt {total / wall:.2f} kerner optaget; server (gunicorn + PostgreSQL) "
            f"{(used['gunicorn'] + used['postgres']) / n_req * 1000:.1f} ms CPU pr. request (logins medregnet)"
        )


def cpu_seconds(srv: Server) -> dict[str, float]:
    """CPU seconds (user + system) used so far by the gunicorn workers, the PostgreSQL server
    processes and the finished child processes (locust): where the machine's cores go in a run."""
    import psutil  # noqa: PLC0415  (comes with locust, a bench dependency)

    def cpu(proc: psutil.Process) -> float:
        try:
            t = proc.cpu_times()
        except psutil.Error:
            return 0.0
        return t.user + t.system

    assert srv.proc is not None
    parent = psutil.Process(srv.proc.pid)
    gunicorn = cpu(parent) + sum(cpu(c) for c in parent.children(recursive=True))
    postgres = sum(cpu(p) for p in psutil.process_iter(["name"]) if p.info["name"] == "postgres")
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "gunicorn": gunicorn,
        "postgres": postgres,
        "locust": children.ru_utime + children.ru_stime,
    }


def working_load(path: Path) -> None:
    """The working load: every request after the last login completed (logins are PBKDF2 by
    design, once a day per user), with exact percentiles over the individual response times."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    logins = [t for t, name, _ms, _f in rows if name.startswith("login")]
    if not rows or not logins:
        log("locust: ingen målinger")
        return
    start = max(logins)
    work = [
        (t, ms, failed)
        for t, name, ms, failed in rows
        if t > start and not name.startswith("login")
    ]
    if len(work) < 2:
        log("locust: for kort kørsel efter login")
        return
    span = max(t for t, _ms, _f in work) - start
    times = sorted(ms for _t, ms, _f in work)
    failures = sum(1 for *_, failed in work if failed)
    p50 = statistics.median(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    log(
        f"locust arbejdsbelastning (efter sidste login, {span:.0f} s): {len(work) / span:.1f} requests/s, "
        f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, {failures} fejl af {len(work)}"
    )


def run_scan(db: str) -> None:
    for label in ("første kørsel", "anden kørsel (intet nyt)"):
        t = time.monotonic()
        out = manage(db, "frister_scan")
        log(
            f"frister_scan {label}: {time.monotonic() - t:.2f} s (inkl. Django-opstart) – {out.strip().splitlines()[-1]}"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="500,5000")
    ap.add_argument("--requests", type=int, default=40)
    ap.add_argument("--no-locust", action="store_true")
    ap.add_argument("--locust-users", type=int, default=50)
    ap.add_argument("--locust-time", default="60s", help="fx 10m for en længere soak-kørsel")
    ap.add_argument("--no-scan", action="store_true")
    ap.add_argument("--no-export", action="store_true")
    ap.add_argument("--reseed", action="store_true")
    ap.add_argument("--port", type=int, default=8791)
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    log(
        f"maskine: {os.cpu_count()} kerner, load {os.getloadavg()}, "
        f"Python-reference {cpu_reference():.2f} s (10 M additioner; mindre er hurtigere)"
    )
    sizes = [int(s) for s in args.sizes.split(",")]
    dbs = {n: ensure_db(n, args.reseed) for n in sizes}
    manage(dbs[sizes[0]], "collectstatic", "--noinput", "-v0")
    results = {n: bench_size(dbs[n], args.requests, args.port) for n in sizes}
    print_table(results)
    big = dbs[max(sizes)]
    if not args.no_scan:
        run_scan(big)
    if not args.no_locust:
        run_locust(big, args.locust_users, args.locust_time, args.port + 1)
    if not args.no_export:
        script = ROOT / "scripts" / "bench_export.py"
        if script.exists():
            log("CSV-eksport af 1.000.000 besøg (scripts/bench_export.py) …")
            subprocess.run(
                [PY, str(script), "--visits", "1000000", "--citizens", "5000"],
                cwd=ROOT,
                check=False,
            )
    log(f"load til sidst: {os.getloadavg()}")


if __name__ == "__main__":
    sys.exit(main())

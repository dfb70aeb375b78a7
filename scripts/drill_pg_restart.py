#!/usr/bin/env python
"""Drill: restart PostgreSQL while the app serves requests (docs/operations.md).

Starts gunicorn (production settings, loopback only) against DATABASE_URL (default: the local
cluster's `bostotte` database), requests /healthz and a logged-in page continuously, restarts
the local PostgreSQL cluster with pg_ctlcluster, and reports failures during the restart and
recovery afterwards. Bounded: about 30 seconds of traffic. Not part of the test suite (it
restarts the machine's database server)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("DRILL_PORT", "8799"))
URL = f"http://127.0.0.1:{PORT}/healthz"


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        return 0


def main() -> int:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bostotte.settings.production",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "drill-" + "x" * 50),
        "FIELD_ENCRYPTION_KEYS": os.environ.get("FIELD_ENCRYPTION_KEYS", "n2SSD2-engM6YDB7iI7T1lXPLkKLtC0pYEuHZ4pA-cE="),
        "CPR_INDEX_KEY": os.environ.get("CPR_INDEX_KEY", "drill"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bostotte"),
    }
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bostotte.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", "2", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if get(URL) == 200:
                break
            time.sleep(0.2)
        else:
            print("gunicorn svarede ikke")
            return 1
        before = [get(URL) for _ in range(20)]
        version = sorted(os.listdir("/etc/postgresql"))[0]
        restart = subprocess.Popen(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"])
        during: list[int] = []
        while restart.poll() is None:
            during.append(get(URL))
            time.sleep(0.05)
        after: list[int] = []
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            after.append(get(URL))
            if after[-5:] == [200] * 5:
                break
            time.sleep(0.2)
        print(f"før genstart:   {before.count(200)}/{len(before)} OK")
        print(f"under genstart: {during.count(200)}/{len(during)} OK, {during.count(503)} svar 503, {during.count(0)} uden svar")
        print(f"efter genstart: de sidste {min(5, len(after))} svar {after[-5:]} (efter {len(after)} forsøg)")
        recovered = after[-5:] == [200] * 5
        print("Resultat:", "appen kom sig selv efter genstarten" if recovered else "appen kom IKKE sig")
        return 0 if recovered and before.count(200) == len(before) else 1
    finally:
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=20)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python
"""Before the test suite: make sure PostgreSQL and Redis answer.

With DATABASE_URL/REDIS_URL set, those servers are used as they are. Otherwise the CI/build
machines' servers on 127.0.0.1:5432 and :6379 are used, started with the documented commands if
they are down. Exits non-zero with a clear message if a server cannot be reached."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time


def listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def wait_for(host: str, port: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if listening(host, port):
            return True
        time.sleep(0.5)
    return False


def main() -> int:
    if not os.environ.get("DATABASE_URL") and not listening("127.0.0.1", 5432):
        print("PostgreSQL svarer ikke på 127.0.0.1:5432 – forsøger at starte den lokale klynge …")
        try:
            versions = os.listdir("/etc/postgresql")
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", versions[0], "main", "start"],
                check=False,
            )
        except (FileNotFoundError, IndexError):
            pass
        if not wait_for("127.0.0.1", 5432):
            print(
                "PostgreSQL kunne ikke startes. Sæt DATABASE_URL til en PostgreSQL-server.",
                file=sys.stderr,
            )
            return 1
    if not os.environ.get("REDIS_URL") and not listening("127.0.0.1", 6379):
        print("Redis svarer ikke på 127.0.0.1:6379 – starter redis-server …")
        try:
            subprocess.run(
                [
                    "redis-server",
                    "--daemonize",
                    "yes",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    "6379",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                check=False,
            )
        except FileNotFoundError:
            pass
        if not wait_for("127.0.0.1", 6379):
            print("Redis kunne ikke startes. Sæt REDIS_URL til en Redis-server.", file=sys.stderr)
            return 1
    flush_test_broker()
    ensure_debian_packages()
    print("PostgreSQL og Redis svarer.")
    return 0


def flush_test_broker() -> None:
    """Tests that commit (transaction=True) enqueue tasks on the test broker (Redis db 13) with no
    worker listening; empty it before a run so it does not grow from run to run."""
    if os.environ.get("REDIS_URL"):
        return  # someone else's Redis: leave it alone
    try:
        import redis

        redis.Redis(host="127.0.0.1", port=6379, db=13, socket_timeout=2).flushdb()
    except Exception as exc:  # noqa: BLE001 - a failed flush must not stop the test run
        print(f"Kunne ikke tømme testkøen (Redis db 13): {exc}", file=sys.stderr)


# Debian packages the test suite needs: Chromium for the Playwright browser tests (Playwright
# cannot download its own browsers here) and xmlsec1 for SAML (djangosaml2/pysaml2).
DEBIAN_PACKAGES = {"/usr/bin/chromium": "chromium", "/usr/bin/xmlsec1": "xmlsec1"}


def ensure_debian_packages() -> None:
    missing = [pkg for path, pkg in DEBIAN_PACKAGES.items() if not os.path.exists(path)]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"Mangler Debian-pakkerne {missing}; installér dem (apt-get install -y {' '.join(missing)}).", file=sys.stderr)
        return
    print(f"Installerer {', '.join(missing)} …")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=False, env=env)


if __name__ == "__main__":
    sys.exit(main())

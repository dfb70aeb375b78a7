"""Mixed load for `make bench` (scripts/bench/run.py starts it headless and bounded).

Roles and weights follow a working day: bostøtter (phone, "I dag", logging visits, hours) are
the most numerous, then sagsbehandlere (worklist, case page), citizens (portal), and a few
leaders (dashboard). Logins go through the login form; users are the seed_volume accounts
(vol-bo-NNN, vol-sb-NNN, …, password from BENCH_PASSWORD)."""
# ruff: noqa: S311  (load-test randomness, not cryptography)

from __future__ import annotations

import json
import os
import random
import re

from locust import HttpUser, between, task

USERS = json.loads(os.environ.get("BENCH_USERS_JSON", "{}"))
PASSWORD = os.environ.get("BENCH_PASSWORD", "volumen-bench-2026")
N_BO = int(os.environ.get("BENCH_N_BO", "250"))
N_SB = int(os.environ.get("BENCH_N_SB", "60"))
VISIT_LINK = re.compile(r"/levering/besoeg/([0-9a-f-]{36})/")
CASE_LINK = re.compile(r"/sager/([0-9a-f-]{36})/")


class _Base(HttpUser):
    abstract = True
    # Think time per user. With 0.5–2 s, 50 users cannot ask for more than ≈ 40 requests/s
    # whatever the server does, so the default is short enough to measure capacity;
    # BENCH_WAIT="0.5,2.0" gives the calmer, more human mix.
    wait_time = between(*(float(x) for x in os.environ.get("BENCH_WAIT", "0.05,0.25").split(",")))
    username = ""

    def on_start(self) -> None:
        # Production cookies are Secure; on loopback http we clear the flag after every response.
        original = self.client.request

        def request(*args, **kwargs):  # type: ignore[no-untyped-def]
            response = original(*args, **kwargs)
            for cookie in self.client.cookies:
                cookie.secure = False
            return response

        self.client.request = request  # type: ignore[method-assign]
        r = self.client.get("/log-ind/", name="login (GET)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text)
        self.client.post(
            "/log-ind/",
            name="login (POST)",
            allow_redirects=False,
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/log-ind/"},
        )
        self.csrf = self.client.cookies.get("csrftoken", "")


class Bostoette(_Base):
    weight = 6

    def on_start(self) -> None:
        self.username = f"vol-bo-{random.randint(1, N_BO):03d}"
        super().on_start()
        self.visits: list[str] = []

    @task(5)
    def i_dag(self) -> None:
        r = self.client.get("/levering/i-dag/", name="I dag")
        self.visits = VISIT_LINK.findall(r.text) or self.visits

    @task(2)
    def log_form(self) -> None:
        if self.visits:
            self.client.get(
                f"/levering/besoeg/{random.choice(self.visits)}/", name="besøg (formular)"
            )

    @task(1)
    def timer(self) -> None:
        self.client.get("/levering/timer/", name="timer")


class BostoetteWriter(_Base):
    """Logs (re-logs) a finished visit: a real write through service, constraints and history."""

    # Exactly one: every writer re-logs the same visit, and two at once are an honest
    # optimistic-locking conflict (422 with the conflict message), not a load failure.
    fixed_count = 1

    def on_start(self) -> None:
        self.username = USERS.get("bostoette", "vol-bo-001")
        super().on_start()

    @task
    def log_visit(self) -> None:
        data = json.loads(os.environ.get("BENCH_VISIT_POST", "{}"))
        if not data:
            return
        uuid = data.pop("uuid")
        data["csrfmiddlewaretoken"] = self.csrf
        with self.client.post(
            f"/levering/besoeg/{uuid}/",
            data=data,
            name="registrér besøg (POST)",
            allow_redirects=False,
            headers={"Referer": f"{self.host}/levering/i-dag/"},
            catch_response=True,
        ) as r:
            if r.status_code not in (302, 204):
                r.failure(f"status {r.status_code}")


class Sagsbehandler(_Base):
    weight = 3

    def on_start(self) -> None:
        self.username = f"vol-sb-{random.randint(1, N_SB):03d}"
        super().on_start()
        self.cases: list[str] = []

    @task(3)
    def mine_sager(self) -> None:
        r = self.client.get("/sager/", name="Mine sager")
        self.cases = CASE_LINK.findall(r.text)[:50] or self.cases

    @task(2)
    def sag(self) -> None:
        if self.cases:
            self.client.get(f"/sager/{random.choice(self.cases)}/", name="sagsside")


class Borger(_Base):
    weight = 2

    def on_start(self) -> None:
        self.username = USERS.get("borger", "vol-borger-00001")
        super().on_start()

    @task
    def forside(self) -> None:
        self.client.get("/borger/", name="borgerportal forside")


class Leder(_Base):
    weight = 1

    def on_start(self) -> None:
        self.username = USERS.get("myndighedsleder", "vol-ml-01")
        super().on_start()

    @task(3)
    def forside(self) -> None:
        self.client.get("/", name="forside (leder)")

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/maaling/", name="ledelsesoverblik")

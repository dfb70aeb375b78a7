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
import time

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from locust.exception import StopUser

USERS = json.loads(os.environ.get("BENCH_USERS_JSON", "{}"))
PASSWORD = os.environ.get("BENCH_PASSWORD", "volumen-bench-2026")
N_BO = int(os.environ.get("BENCH_N_BO", "250"))
N_SB = int(os.environ.get("BENCH_N_SB", "60"))
VISIT_LINK = re.compile(r"/levering/besoeg/([0-9a-f-]{36})/")
CASE_LINK = re.compile(r"/sager/([0-9a-f-]{36})/")

# Every request's end time, name, response time and outcome, written as JSON lines when the run
# stops (BENCH_LOCUST_TIMES): run.py measures the working load after the last login from them.
TIMES_FILE = os.environ.get("BENCH_LOCUST_TIMES", "")
_times: list[tuple[float, str, float, bool]] = []


@events.request.add_listener
def _record(name: str, response_time: float, exception: object, **_: object) -> None:
    if TIMES_FILE:
        _times.append((time.time(), name, response_time, exception is not None))


@events.quitting.add_listener
def _dump(**_: object) -> None:
    if TIMES_FILE:
        with open(TIMES_FILE, "w", encoding="utf-8") as fh:
            for row in _times:
                fh.write(json.dumps(row) + "\n")


class _Base(FastHttpUser):
    """FastHttpUser (geventhttpclient): the load generator shares the 2 cores with the server,
    and python-requests costs several times more CPU per request."""

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
            for cookie in self.client.cookiejar:
                cookie.secure = False
            return response

        self.client.request = request  # type: ignore[method-assign]
        login_page = self.page("/log-ind/", "login (GET)")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
        with self.client.post(
            "/log-ind/",
            name="login (POST)",
            allow_redirects=False,
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            headers={"Referer": f"{self.host}/log-ind/"},
            catch_response=True,
        ) as r:
            if r.status_code != 302 or "/log-ind/" in (r.headers.get("Location") or ""):
                r.failure(f"login fejlede: status {r.status_code}")
                raise StopUser
        self.csrf = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")

    def page(self, url: str, name: str) -> str:
        """GET a page; anything but 200 (a redirect to the login page, say) is a failure."""
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"status {r.status_code}")
            return r.text or ""


class Bostoette(_Base):
    weight = 6

    def on_start(self) -> None:
        self.username = f"vol-bo-{random.randint(1, N_BO):03d}"
        super().on_start()
        self.visits: list[str] = []

    @task(5)
    def i_dag(self) -> None:
        self.visits = VISIT_LINK.findall(self.page("/levering/i-dag/", "I dag")) or self.visits

    @task(2)
    def log_form(self) -> None:
        if self.visits:
            self.page(f"/levering/besoeg/{random.choice(self.visits)}/", "besøg (formular)")

    @task(1)
    def timer(self) -> None:
        self.page("/levering/timer/", "timer")


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

    @task(2)
    def mine_sager(self) -> None:
        self.cases = CASE_LINK.findall(self.page("/sager/?mine=1", "Mine sager"))[:50] or self.cases

    @task(1)
    def team_sager(self) -> None:
        self.page("/sager/", "sager (team)")

    @task(2)
    def sag(self) -> None:
        if self.cases:
            self.page(f"/sager/{random.choice(self.cases)}/", "sagsside")


class Borger(_Base):
    weight = 2

    def on_start(self) -> None:
        self.username = USERS.get("borger", "vol-borger-00001")
        super().on_start()

    @task
    def forside(self) -> None:
        self.page("/borger/", "borgerportal forside")


class Leder(_Base):
    weight = 1

    def on_start(self) -> None:
        self.username = USERS.get("myndighedsleder", "vol-ml-01")
        super().on_start()

    @task(3)
    def forside(self) -> None:
        self.page("/", "forside (leder)")

    @task(1)
    def dashboard(self) -> None:
        self.page("/maaling/", "ledelsesoverblik")

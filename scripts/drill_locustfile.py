"""Locust users for scripts/drill_load.py: every role, reads and writes. Each write the server
acknowledges (a 302 to the saved object) is appended to DRILL_ACK_FILE with its unique marker,
which the drill then counts in the database. Logins and reads as in scripts/bench/locustfile.py."""
# ruff: noqa: S311  (load-test randomness, not cryptography)

from __future__ import annotations

import itertools
import json
import os
import random
import re
import sys
from pathlib import Path

from locust import between, task

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))
import locustfile as bench  # noqa: E402  (a module, so locust does not collect its users)
from locustfile import USERS, _Base  # noqa: E402

RUN_ID = os.environ.get("DRILL_RUN_ID", "lokal")
ACK_FILE = Path(os.environ["DRILL_ACK_FILE"])  # set by scripts/drill_load.py
CASES = json.loads(os.environ.get("DRILL_CASES", "[]"))
_counter = itertools.count(1)
WHO5_INPUT = re.compile(r'<input[^>]*name="(who5_[a-z0-9_]+)"[^>]*value="(\d+)"')


def marker() -> str:
    return f"drill-{RUN_ID}-{next(_counter)}"


def acknowledge(kind: str, mark: str, location: str) -> None:
    with ACK_FILE.open("a") as fh:
        fh.write(json.dumps({"kind": kind, "marker": mark, "location": location}) + "\n")


class _Drill(_Base):
    abstract = True
    wait_time = between(0.5, 2.0)

    def post_form(self, url: str, data: dict[str, str], name: str, kind: str, mark: str) -> None:
        with self.client.post(
            url,
            data={**data, "csrfmiddlewaretoken": self.csrf},
            name=name,
            allow_redirects=False,
            headers={"Referer": f"{self.host}{url}"},
            catch_response=True,
        ) as r:
            if r.status_code in (302, 204):
                acknowledge(kind, mark, r.headers.get("Location", ""))
            else:
                r.failure(f"status {r.status_code}")


class Sagsbehandler(_Drill, bench.Sagsbehandler):
    """Reads Mine sager and case pages exactly as the benchmark's sagsbehandler does."""


class JournalSkriver(_Drill):
    """Writes journal notes on the cases of one sagsbehandler (a real write with history)."""

    weight = 2

    def on_start(self) -> None:
        self.username = USERS.get("sagsbehandler", "vol-sb-001")
        super().on_start()

    @task(1)
    def sag(self) -> None:
        if CASES:
            self.client.get(f"/sager/{random.choice(CASES)}/", name="sagsside")

    @task(2)
    def journalnotat(self) -> None:
        if not CASES:
            return
        mark = marker()
        self.post_form(
            f"/sager/{random.choice(CASES)}/journal/",
            {"art": "opkald", "emne": mark, "tekst": "Øvelse: borgeren ringede om næste besøg."},
            "journalnotat (POST)",
            "journalnotat",
            mark,
        )


class Bostoette(_Drill, bench.Bostoette):
    """I dag, the visit form and the hours page exactly as the benchmark's bostøtte; weight 5."""

    weight = 5


class BesoegSkriver(_Drill):
    """Re-logs a finished visit (an update through service, constraints and history). One user:
    two re-logging the same visit at once would be an optimistic-locking conflict, by design."""

    fixed_count = 1

    def on_start(self) -> None:
        self.username = USERS.get("bostoette", "vol-bo-001")
        super().on_start()

    @task
    def log_visit(self) -> None:
        data = json.loads(os.environ.get("BENCH_VISIT_POST", "{}"))
        if data:
            uuid = data.pop("uuid")
            self.post_form(
                f"/levering/besoeg/{uuid}/", data, "registrér besøg (POST)", "besoeg", marker()
            )


class Borger(_Drill):
    """Reads the portal and fills in WHO-5 (the remark carries the marker)."""

    weight = 2

    def on_start(self) -> None:
        self.username = USERS.get("borger", "vol-borger-00001")
        super().on_start()

    @task(3)
    def forside(self) -> None:
        self.client.get("/borger/", name="borgerportal forside")

    @task(1)
    def trivsel(self) -> None:
        r = self.client.get("/borger/trivsel/udfyld/", name="trivsel (formular)")
        answers = {name: value for name, value in WHO5_INPUT.findall(r.text)}
        if not answers:
            return
        mark = marker()
        self.post_form(
            "/borger/trivsel/udfyld/",
            {**answers, "bemaerkning": mark},
            "trivsel (POST)",
            "trivsel",
            mark,
        )


class Leverandoerleder(_Drill):
    weight = 1

    def on_start(self) -> None:
        self.username = USERS.get("leverandoerleder", "vol-ll-01")
        super().on_start()

    @task(2)
    def indbakke(self) -> None:
        self.client.get("/levering/bestillinger/", name="indbakke (leverandørleder)")

    @task(1)
    def timer(self) -> None:
        self.client.get("/levering/timer/", name="timer (leverandørleder)")


class Leder(_Drill):
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

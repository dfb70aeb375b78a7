"""A Celery worker killed in the middle of a PDF and of an export (issue 11, "Faults").

Separate worker processes (tests/fault/worker_app.py, solo pool, Redis database 8) run against
this test's database. The first blocks at a known step and is SIGKILLed there; a second worker
finishes the work from the redelivered message (or the sweep), and nothing that must happen
once happens twice: one letter file, one export file, one set of access-log rows."""
# ruff: noqa: PLC0415, S603

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from bostotte.core.models import AccessLog
from tests.maaling.builders import build
from tests.visitation.builders import make_draft, make_kvalitetsstandard
from tilsyn.maaling.models import Eksportjob
from visitation import services as s
from visitation.models import Afgoerelse

from .conftest import BROKER_DB

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
BROKER = f"redis://127.0.0.1:6379/{BROKER_DB}"
EKSPORT = {"fra": "2026-01-01", "til": "2026-06-30", "datasaet": "besoeg", "pseudonymiseret": ""}
# A message whose worker died is handed out again after 2 s (production: 3600 s).
TRANSPORT = {"visibility_timeout": 2, "unacked_restore_interval": 1, "unacked_restore_throttle": 1}


def wait_for(predicate: Callable[[], bool], timeout: float = 180.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError("ventede forgæves")


class Worker:
    def __init__(self, proc: subprocess.Popen[bytes], log: Path, marker: Path) -> None:
        self.proc, self.log, self.marker = proc, log, marker

    def succeeded(self, task: str) -> list[str]:
        """The results the worker logged for `task` ("succeeded in …: True")."""
        text = self.log.read_text() if self.log.exists() else ""
        return [
            line.rsplit(":", 1)[-1].strip()
            for line in text.splitlines()
            if f"Task {task}[" in line and " succeeded in " in line
        ]

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)


@pytest.fixture
def start_worker(celery_app, tmp_path) -> Iterator[Callable[..., Worker]]:  # type: ignore[no-untyped-def]
    redis.Redis.from_url(BROKER).flushdb()
    celery_app.set_current()  # publish to the test broker (the fixture restores the default app)
    started: list[Worker] = []
    queue = celery_app.conf.task_default_queue

    def start(name: str, block: str = "") -> Worker:
        log, marker = tmp_path / f"worker-{name}.log", tmp_path / f"{name}.marker"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bostotte.settings.test",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
            "CELERY_BROKER_URL": BROKER,
            "CELERY_RESULT_BACKEND": BROKER,
            "FAULT_BLOCK": block,
            "FAULT_MARKER": str(marker),
            "FAULT_TRANSPORT_OPTIONS": json.dumps(TRANSPORT),
        }
        cmd = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "tests.fault.worker_app",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-n",
            f"fault-{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "INFO",
        ]
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        worker = Worker(proc, log, marker)
        started.append(worker)
        return worker

    yield start
    for w in started:
        if w.proc.poll() is None:
            w.proc.terminate()
            try:
                w.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                w.kill()


def files(pattern: str) -> list[Path]:
    return list(Path(settings.PRIVATE_MEDIA_ROOT).rglob(pattern))


class WorkerKilledMidPdfTests:
    @pytest.mark.usefixtures("ffb")
    def test_the_next_worker_makes_exactly_one_letter(self, start_worker, cast) -> None:  # type: ignore[no-untyped-def]
        from visitation.tasks import afgoerelse_brev_task

        make_kvalitetsstandard(cast.bo)
        afg = make_draft(cast.sag_erik, cast.anna)
        s.afgoerelse_traef(
            afgoerelse=afg, version=afg.version, actor=cast.anna
        )  # enqueued on commit
        first = start_worker("a", block="brev")
        wait_for(first.marker.exists)
        assert not Afgoerelse.objects.get(pk=afg.pk).brev
        first.kill()
        assert (
            redis.Redis.from_url(BROKER).hlen("unacked") == 1
        )  # the message is not lost (acks_late)

        second = start_worker("b")
        wait_for(
            lambda: second.succeeded("visitation.afgoerelse_brev") == ["True"]
        )  # the redelivery
        afg.refresh_from_db()
        made_at = afg.brev_dannet_at
        assert afg.brev.read(5) == b"%PDF-"
        afgoerelse_brev_task.delay(afg.pk)  # a late duplicate (a sweep that overlapped)
        wait_for(lambda: len(second.succeeded("visitation.afgoerelse_brev")) == 2)
        assert second.succeeded("visitation.afgoerelse_brev") == ["True", "False"]
        afg.refresh_from_db()
        assert afg.brev_dannet_at == made_at
        assert len(files(f"afgoerelse-{afg.uuid}*.pdf")) == 1


class WorkerKilledMidExportTests:
    @pytest.mark.usefixtures("ffb")
    def test_the_job_is_taken_over_after_the_lease_and_built_once(
        self, start_worker, client, cast
    ) -> None:  # type: ignore[no-untyped-def]
        from tilsyn.maaling.services import EKSPORT_LEASE, eksportjob_sweep

        build(cast)
        before = AccessLog.objects.count()
        client.force_login(cast.bo)
        assert client.post(reverse("maaling:eksport-xlsx"), EKSPORT).status_code == 302
        job = Eksportjob.objects.get()
        first = start_worker("a", block="eksport")
        wait_for(first.marker.exists)
        job.refresh_from_db()
        assert job.status == Eksportjob.Status.KOERER and not job.fil and job.antal
        first.kill()

        # The redelivered message meets the dead build's claim, which is younger than the lease
        # (and so, as far as anyone can tell, still running): it does nothing.
        second = start_worker("b")
        wait_for(lambda: second.succeeded("maaling.eksport_xlsx") == ["False"])
        job.refresh_from_db()
        assert job.status == Eksportjob.Status.KOERER and AccessLog.objects.count() == before

        # The lease runs out (moved back rather than waited for); the sweep enqueues the job again.
        Eksportjob.objects.filter(pk=job.pk).update(
            startet_at=F("startet_at") - EKSPORT_LEASE - timedelta(minutes=1),
            created_at=timezone.now() - timedelta(minutes=10),
        )
        assert eksportjob_sweep() == 1
        wait_for(lambda: Eksportjob.objects.get(pk=job.pk).status == Eksportjob.Status.FAERDIG)
        assert eksportjob_sweep() == 0
        assert second.succeeded("maaling.eksport_xlsx") == ["False", "True"]
        assert len(files(f"eksport-{job.uuid}*.xlsx")) == 1
        assert AccessLog.objects.count() - before == 1  # Erik, once

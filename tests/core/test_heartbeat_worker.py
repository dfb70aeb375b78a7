"""The heartbeat task runs in a real Celery worker (Redis broker), as beat would have it."""

from __future__ import annotations

import os
import time

import pytest

from bostotte.core.models import Heartbeat
from bostotte.core.tasks import heartbeat_task

pytest_plugins = ("celery.contrib.pytest",)


@pytest.fixture(scope="session")
def celery_config() -> dict[str, object]:
    return {
        "broker_url": "redis://127.0.0.1:6379/11",
        "result_backend": "redis://127.0.0.1:6379/11",
        # One queue per xdist worker: two workers must never consume each other's tasks.
        "task_default_queue": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        "task_acks_late": True,
    }


@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_the_heartbeat(celery_worker) -> None:  # type: ignore[no-untyped-def]
    heartbeat_task.delay()  # ignore_result: wait for its effect instead of a result
    deadline = time.monotonic() + 20
    while not Heartbeat.objects.filter(name="beat").exists():
        assert time.monotonic() < deadline, "arbejderen kørte ikke livstegn-opgaven inden for 20 s"
        time.sleep(0.1)

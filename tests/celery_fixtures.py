"""Celery's pytest fixtures for the test modules that need a real worker (one place for all).

Import them into a conftest with `from tests.celery_fixtures import *` and define `celery_config`
there with `celery_test_config(<redis db>)`. pytest refuses `pytest_plugins` in a non-root
conftest when the whole suite runs, hence the import."""

from __future__ import annotations

import os
from typing import Any

import pytest
from celery.contrib.pytest import (  # noqa: F401 (fixtures)
    celery_app,
    celery_config,
    celery_enable_logging,
    celery_includes,
    celery_parameters,
    celery_worker,
    celery_worker_pool,
    depends_on_current_app,
    use_celery_app_trap,
)

__all__ = [
    "celery_app",
    "celery_config",
    "celery_enable_logging",
    "celery_includes",
    "celery_parameters",
    "celery_test_config",
    "celery_worker",
    "celery_worker_parameters",
    "celery_worker_pool",
    "depends_on_current_app",
    "use_celery_app_trap",
]


def celery_test_config(redis_db: int, **extra: Any) -> dict[str, Any]:
    """Broker and result backend on the real Redis, JSON only, one queue per xdist worker."""
    url = f"redis://127.0.0.1:6379/{redis_db}"
    return {
        "broker_url": url,
        "result_backend": url,
        # One queue per xdist worker: two workers must never consume each other's tasks.
        "task_default_queue": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_serializer": "json",
        **extra,
    }


@pytest.fixture(scope="session")
def celery_worker_parameters() -> dict[str, float]:
    """A loaded CI machine can take longer than Celery's default 10 s to answer the start-up ping."""
    return {"ping_task_timeout": 60.0, "shutdown_timeout": 30.0}

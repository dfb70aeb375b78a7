"""Visitation fixtures. The Celery fixtures are imported from celery.contrib.pytest rather than
declared with `pytest_plugins` here: pytest refuses `pytest_plugins` in a non-root conftest when
the whole suite runs (`pytest tests`), which would break the lead's full run."""

from __future__ import annotations

import os

import pytest
from celery.contrib.pytest import (  # noqa: F401 (fixtures)
    celery_app,
    celery_config,
    celery_enable_logging,
    celery_includes,
    celery_parameters,
    celery_worker,
    celery_worker_parameters,
    celery_worker_pool,
    depends_on_current_app,
    use_celery_app_trap,
)

from .builders import make_kvalitetsstandard


@pytest.fixture(scope="session")
def celery_config():  # type: ignore[no-untyped-def]  # noqa: F811
    return {
        "broker_url": "redis://127.0.0.1:6379/14",
        "result_backend": "redis://127.0.0.1:6379/14",
        # One queue per xdist worker: two workers must never consume each other's tasks.
        "task_default_queue": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_serializer": "json",
    }


@pytest.fixture
def ks(cast, ffb):  # type: ignore[no-untyped-def]
    """The published § 85 kvalitetsstandard (no leader approval)."""
    return make_kvalitetsstandard(cast.bo)


@pytest.fixture(scope="session")
def celery_worker_parameters():  # type: ignore[no-untyped-def]  # noqa: F811
    """A loaded CI machine can take longer than Celery's default 10 s to answer the start-up ping."""
    return {"ping_task_timeout": 60.0, "shutdown_timeout": 30.0}

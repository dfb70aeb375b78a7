"""maaling fixtures: the Celery worker fixtures (imported, like tests/tilsyn/conftest.py, since
pytest_plugins is refused in a non-root conftest) on Redis database 12."""

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

from tilsyn.maaling.scope import niveau_for
from tilsyn.maaling.udsnit import Udsnit

from .builders import FRA, TIL, TODAY, build


@pytest.fixture(scope="session")
def celery_config():  # type: ignore[no-untyped-def]  # noqa: F811
    return {
        "broker_url": "redis://127.0.0.1:6379/12",
        "result_backend": "redis://127.0.0.1:6379/12",
        # One queue per xdist worker: two workers must never consume each other's tasks.
        "task_default_queue": f"test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}",
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_serializer": "json",
    }


@pytest.fixture(scope="session")
def celery_includes():  # type: ignore[no-untyped-def]  # noqa: F811
    return ["tilsyn.maaling.tasks"]


@pytest.fixture
def data(cast, ffb):  # type: ignore[no-untyped-def]
    return build(cast)


@pytest.fixture
def udsnit_for():  # type: ignore[no-untyped-def]

    def make(user, **kw):  # type: ignore[no-untyped-def]
        args = {"fra": FRA, "til": TIL, "today": TODAY, "niveau": niveau_for(user)}
        args.update(kw)
        return Udsnit(user=user, **args)

    return make


@pytest.fixture(scope="session")
def celery_worker_parameters():  # type: ignore[no-untyped-def]  # noqa: F811
    """A loaded CI machine can take longer than Celery's default 10 s to answer the start-up ping."""
    return {"ping_task_timeout": 60.0, "shutdown_timeout": 30.0}

"""Fault drills as tests (issue 11): Redis down while the web app runs, and Celery workers killed
mid-task. Real Redis (databases 8 and 9), real PostgreSQL, real workers: an in-process worker
thread (celery.contrib.pytest) and separate worker processes that the tests SIGKILL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from celery import Celery
from celery.contrib.testing.app import setup_default_app
from django.test import override_settings

# Shared tasks are bound to each app when it is finalised, through a list that every test app
# restores on exit: import the task modules here, at collection, so every app gets them.
import tilsyn.maaling.tasks  # noqa: F401
import tilsyn.tasks  # noqa: F401
import visitation.tasks  # noqa: F401
from tests.celery_fixtures import *  # noqa: F403 (Celery's worker fixtures)
from tests.celery_fixtures import celery_test_config

BROKER_DB = 8
# Nothing listens here: connecting is refused at once, as when Redis is stopped.
CLOSED_REDIS = "redis://127.0.0.1:6399/0"


@pytest.fixture(scope="session")
def celery_config():  # type: ignore[no-untyped-def]  # noqa: F811
    return celery_test_config(BROKER_DB)


@pytest.fixture(scope="session")
def celery_includes():  # type: ignore[no-untyped-def]  # noqa: F811
    return ["visitation.tasks", "tilsyn.tasks", "tilsyn.maaling.tasks"]


@contextmanager
def redis_down() -> Iterator[Celery]:
    """Broker and cache both point at a closed port (the app's own configuration otherwise)."""
    app = Celery("redis-nede", set_as_current=False)
    app.conf.update(
        broker_url=CLOSED_REDIS,
        result_backend=None,
        task_ignore_result=True,
        broker_connection_timeout=1,
        broker_transport_options={"socket_connect_timeout": 1, "socket_timeout": 1},
    )
    closed_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CLOSED_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with setup_default_app(app), override_settings(CACHES=closed_cache):
        app.set_current()
        yield app

"""tilsyn fixtures. The Celery fixtures come from celery.contrib.pytest. They are imported here
rather than declared with `pytest_plugins = ("celery.contrib.pytest",)`, because pytest refuses
`pytest_plugins` in a non-root conftest when the whole suite runs (`pytest tests`); importing the
fixtures gives the same `celery_worker` (a real worker thread) on the real Redis, database 15."""

from __future__ import annotations

import pytest

from tests.celery_fixtures import *  # noqa: F403 (Celery's worker fixtures)
from tests.celery_fixtures import celery_test_config


@pytest.fixture(scope="session")
def celery_config():  # type: ignore[no-untyped-def]  # noqa: F811
    return celery_test_config(15, task_acks_late=True)


@pytest.fixture(scope="session")
def celery_includes():  # type: ignore[no-untyped-def]  # noqa: F811
    return ["tilsyn.tasks"]

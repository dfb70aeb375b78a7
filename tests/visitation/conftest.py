"""Visitation fixtures. The Celery fixtures are imported from celery.contrib.pytest rather than
declared with `pytest_plugins` here: pytest refuses `pytest_plugins` in a non-root conftest when
the whole suite runs (`pytest tests`), which would break the lead's full run."""

from __future__ import annotations

import pytest

from tests.celery_fixtures import *  # noqa: F403 (Celery's worker fixtures)
from tests.celery_fixtures import celery_test_config

from .builders import make_kvalitetsstandard


@pytest.fixture(scope="session")
def celery_config():  # type: ignore[no-untyped-def]  # noqa: F811
    return celery_test_config(14)


@pytest.fixture
def ks(cast, ffb):  # type: ignore[no-untyped-def]
    """The published § 85 kvalitetsstandard (no leader approval)."""
    return make_kvalitetsstandard(cast.bo)

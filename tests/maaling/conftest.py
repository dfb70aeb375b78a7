"""maaling fixtures: the Celery worker fixtures (imported, like tests/tilsyn/conftest.py, since
pytest_plugins is refused in a non-root conftest) on Redis database 12."""

from __future__ import annotations

import pytest

from tests.celery_fixtures import *  # noqa: F403 (Celery's worker fixtures)
from tests.celery_fixtures import celery_test_config
from tilsyn.maaling.scope import niveau_for
from tilsyn.maaling.udsnit import Udsnit

from .builders import FRA, TIL, TODAY, build


@pytest.fixture(scope="session")
def celery_config():  # type: ignore[no-untyped-def]  # noqa: F811
    return celery_test_config(12)


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

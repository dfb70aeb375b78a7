from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .builders import build_world


@pytest.fixture
def world(cast, ffb):  # type: ignore[no-untyped-def]
    return build_world(cast)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def bearer(client: APIClient, token: str) -> APIClient:
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client

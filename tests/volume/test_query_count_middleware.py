"""The benchmark middleware reports queries and server time, and is off unless asked for."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

MW = "bostotte.core.volume.middleware.QueryCountMiddleware"


@pytest.mark.django_db
class QueryCountMiddlewareTests:
    def test_it_is_not_installed_by_default(self) -> None:
        assert MW not in settings.MIDDLEWARE

    def test_it_adds_the_query_count_and_server_timing(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.dorte)
        with override_settings(MIDDLEWARE=[MW, *settings.MIDDLEWARE]):
            response = client.get("/")
        assert response.status_code == 200
        assert int(response["X-Query-Count"]) >= 1
        assert response["Server-Timing"].startswith("app;dur=")

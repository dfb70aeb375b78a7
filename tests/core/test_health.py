from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from bostotte.core.models import Heartbeat
from bostotte.core.tasks import heartbeat_task

pytestmark = pytest.mark.django_db


def test_web_health_answers_without_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_background_health_needs_a_recent_heartbeat(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/healthz/baggrund").status_code == 503
    heartbeat_task()
    assert client.get("/healthz/baggrund").status_code == 200
    Heartbeat.objects.filter(name="beat").update(at=timezone.now() - timedelta(minutes=16))
    assert client.get("/healthz/baggrund").json()["status"] == "fejl"


def test_the_heartbeat_is_in_the_beat_schedule() -> None:
    from django.conf import settings

    assert settings.CELERY_BEAT_SCHEDULE["livstegn"]["task"] == "core.heartbeat"

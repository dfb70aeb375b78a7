from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(name="core.heartbeat", ignore_result=True, soft_time_limit=30, time_limit=60)
def heartbeat_task() -> None:
    """Scheduled by beat every 5 minutes, run by a worker: proves beat → broker → worker."""
    Heartbeat.objects.update_or_create(name="beat", defaults={"at": timezone.now()})

"""Thin Celery tasks: ids only, time limits, call a service with actor=None."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from .fhir import ffb_rapport_write
from .services import eksportjob_build


@shared_task(name="maaling.eksport_xlsx", soft_time_limit=1800, time_limit=1900, acks_late=True)
def eksport_xlsx_task(job_id: int) -> bool:
    return eksportjob_build(job_id=job_id)


@shared_task(name="maaling.ffb_rapport", soft_time_limit=1800, time_limit=1900, acks_late=True)
def ffb_rapport_task(dag: str | None = None) -> int:
    """The daily FFB report (KL gateway format): one bundle per citizen changed on `dag`
    (default: yesterday). Returns the number of bundles written."""
    day = date.fromisoformat(dag) if dag else timezone.localdate() - timedelta(days=1)
    return len(ffb_rapport_write(dag=day))

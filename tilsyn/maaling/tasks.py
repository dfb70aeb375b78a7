"""Thin Celery tasks: ids only, time limits, call a service with actor=None."""

from __future__ import annotations

from datetime import date, timedelta

from celery import shared_task
from django.utils import timezone

from .fhir import ffb_rapport_write
from .services import eksportjob_build, eksportjob_sweep


@shared_task(name="maaling.eksport_xlsx", soft_time_limit=1800, time_limit=1900, acks_late=True)
def eksport_xlsx_task(job_id: int) -> bool:
    """Idempotent (a claim by status with a lease, services.EKSPORT_LEASE), hence acks_late: a
    worker killed mid-build leaves the message to be redelivered, and the job to be taken over."""
    return eksportjob_build(job_id=job_id)


@shared_task(name="maaling.eksport_sweep", soft_time_limit=60, time_limit=90)
def eksport_sweep_task() -> int:
    """Beat, every ten minutes: re-enqueue lost or abandoned export builds."""
    return eksportjob_sweep()


@shared_task(name="maaling.ffb_rapport", soft_time_limit=1800, time_limit=1900, acks_late=True)
def ffb_rapport_task(dag: str | None = None) -> int:
    """The daily FFB report (KL gateway format): one bundle per citizen changed on `dag`
    (default: yesterday). Returns the number of bundles written."""
    day = date.fromisoformat(dag) if dag else timezone.localdate() - timedelta(days=1)
    return len(ffb_rapport_write(dag=day))


@shared_task(name="maaling.snapshot_refresh", soft_time_limit=1800, time_limit=1900, acks_late=True)
def maaling_snapshot_refresh_task(enhed: str, enhed_id: int | None = None) -> int:
    """Recompute the stored measures of one unit (snapshot.py). Returns the number of rows."""
    from .snapshot import maaling_snapshot_refresh  # noqa: PLC0415 (snapshot imports this module lazily)

    return maaling_snapshot_refresh(enhed=(enhed, enhed_id))


@shared_task(name="maaling.snapshots_plan", soft_time_limit=300, time_limit=360, acks_late=True)
def maaling_snapshots_plan_task() -> int:
    """The nightly refresh (beat, 04:15 Europe/Copenhagen): one refresh task per unit, so each
    unit has its own time limit and a failure in one does not stop the others."""
    from .snapshot import maaling_snapshot_units  # noqa: PLC0415

    units = maaling_snapshot_units()
    for kind, pk in units:
        maaling_snapshot_refresh_task.delay(kind, pk)
    return len(units)

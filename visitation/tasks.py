"""Celery tasks: thin, ids only, time-limited (STYLE.md 16)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from .services.brev import afgoerelse_brev_generate, afgoerelse_brev_sweep


@shared_task(
    name="visitation.afgoerelse_brev",
    soft_time_limit=60,
    time_limit=90,
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_jitter=True,
    max_retries=5,
)
def afgoerelse_brev_task(afgoerelse_id: int) -> bool:
    """Render the afgørelsesbrev for a decision that has been made and store it on the case."""
    return afgoerelse_brev_generate(afgoerelse_id=afgoerelse_id)


@shared_task(name="visitation.afgoerelse_brev_sweep", soft_time_limit=60, time_limit=90)
def afgoerelse_brev_sweep_task() -> int:
    """Beat, every ten minutes: re-enqueue letters that were never made (bostotte/core/queue.py)."""
    return afgoerelse_brev_sweep()

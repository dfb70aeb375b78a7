"""Thin Celery tasks: ids only, load, call a service with actor=None, own the retries."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

import logging
import smtplib
import socket

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(name="tilsyn.frister_scan", acks_late=True)
def frister_scan_task() -> int:
    """The daily scan (beat, 05:00 Europe/Copenhagen). Idempotent, so acks_late is safe: a
    redelivered or second run creates nothing new and continues where the first stopped."""
    from .services.frister import frister_scan

    log = frister_scan(kilde="beat")
    return log.pk


@shared_task(
    name="tilsyn.notifikation_email_send",
    acks_late=True,  # idempotent: email_sent_at is claimed before sending
    autoretry_for=(smtplib.SMTPException, socket.error, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def notifikation_email_send_task(notifikation_id: int) -> bool:
    from .services.notifikation import notifikation_email_send

    return notifikation_email_send(notifikation_id=notifikation_id)


@shared_task(name="tilsyn.notifikation_email_sweep", soft_time_limit=60, time_limit=90)
def notifikation_email_sweep_task() -> int:
    """Beat, every ten minutes: re-enqueue e-mails that were never queued (bostotte/core/queue.py)."""
    from .services.notifikation import notifikation_email_sweep

    return notifikation_email_sweep()

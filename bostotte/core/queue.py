"""Enqueueing Celery work so that a broker outage never loses a write or shows the user a 500.

The rule (docs/operations.md, "Redis nede"): the database row is the durable record of work to
do (a decision without a letter, a notification whose e-mail is not sent, an export that waits);
the queue message is only a wake-up call. So:

- `enqueue_on_commit(task, id)` is the default for services: after commit it tries to publish,
  and if the broker cannot be reached it logs one line (task name and id, never personal data)
  and returns. The row stays in its waiting state and the app's sweep task (beat, every ten
  minutes) enqueues it again. All tasks enqueued this way must be idempotent.
- `enqueue(task, id)` publishes now and says whether it worked, for a caller that must tell the
  user (an export: "midlertidig fejl, prøv igen om lidt").

Publishing is bounded: one retry and short socket timeouts (CELERY_BROKER_TRANSPORT_OPTIONS),
so a request never hangs on an unreachable Redis.
"""

from __future__ import annotations

import logging
import socket
from typing import Any

import redis.exceptions
from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError as KombuOperationalError

logger = logging.getLogger(__name__)

# What a publish (or a cache call) raises when Redis is down, refuses, times out or is unreachable.
REDIS_ERRORS: tuple[type[BaseException], ...] = (
    KombuOperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    socket.timeout,
    OSError,
)

# One quick retry, then give up: the sweep is the real retry.
PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}


def enqueue(task: Task, *args: int | str) -> bool:
    """Publish `task(*args)` now. Returns False (and logs) when the broker cannot be reached.
    Arguments are ids only (STYLE.md 16), so they may be logged."""
    try:
        task.apply_async(args=args, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except REDIS_ERRORS as exc:
        logger.warning(
            "Køen kan ikke nås (%s): %s%r blev ikke lagt i kø; den venter i databasen til næste fejning",
            type(exc).__name__,
            task.name,
            tuple(args),
        )
        return False
    return True


def enqueue_on_commit(task: Task, *args: int | str, using: str | None = None) -> None:
    """Publish `task(*args)` after the current transaction commits (immediately outside one).
    Never raises for a broker outage: the committed row is what the sweep picks up."""

    def publish() -> Any:
        return enqueue(task, *args)

    transaction.on_commit(publish, using=using)

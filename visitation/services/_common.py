"""Helpers shared by the visitation services."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import Any

import pghistory
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ConflictError, NotAllowedError
from bostotte.core.models import MYNDIGHED_ROLLER, Rolle, Sag, User
from bostotte.core.services.journal import journalnotat_create

try:  # django-zeal is a test dependency (N+1 detection); production runs without it.
    from zeal import zeal_ignore as _zeal_ignore
except ImportError:  # pragma: no cover - only without the test extras

    def _zeal_ignore(allowlist: list[dict[str, str]] | None = None) -> AbstractContextManager[None]:
        return nullcontext()


def ctx(actor: User | None, reason: str) -> AbstractContextManager[Any]:
    return pghistory.context(actor_id=getattr(actor, "pk", None), reason=reason)


def require_myndighed(actor: User | None) -> None:
    """Tasks and the seed pass actor=None (the system); people must be myndighed staff."""
    if actor is not None and actor.rolle not in MYNDIGHED_ROLLER:
        raise NotAllowedError(_("Kun myndighedens medarbejdere kan gøre dette."), code="ikke_myndighed")


def require_leder(actor: User | None, sag: Sag | None = None) -> None:
    """Only a myndighedsleder (for a case: the leader of the case's team)."""
    if actor is None:
        return
    if actor.rolle != Rolle.MYNDIGHEDSLEDER:
        raise NotAllowedError(_("Kun en myndighedsleder kan gøre dette."), code="ikke_leder")
    if sag is not None and sag.team.leder_id != actor.pk:
        raise NotAllowedError(_("Kun lederen af sagens team kan gøre dette."), code="ikke_leder")


def sidst_gemt_af(instance: models.Model) -> str:
    """Who saved `instance` last, from its pghistory events (for the conflict message)."""
    event_model = getattr(instance.__class__, "pgh_event_model", None)
    if event_model is None:
        return ""
    event = (
        event_model.objects.filter(pgh_obj_id=instance.pk)
        .select_related("pgh_context")
        .order_by("-pgh_id")
        .first()
    )
    if event is None or event.pgh_context is None:
        return ""
    actor_id = (event.pgh_context.metadata or {}).get("actor_id")
    user = User.objects.filter(pk=actor_id).first() if actor_id else None
    return user.visningsnavn if user else ""


def lock_and_check_version(instance: Any, version: int | None, *, what: str) -> Any:
    """Lock the row and compare the version the user started from (optimistic locking).

    Returns the locked, fresh row. Raises ConflictError with a Danish message that says who
    saved in the meantime."""
    # The caller already loaded `instance`; this second load is the deliberate row lock. Each
    # service commits on its own (ATOMIC_REQUESTS is off), so a "gem og send" request that calls
    # e.g. bestilling_update and then bestilling_send must lock and re-check the version twice:
    # the first lock ended with the first commit. django-zeal counts the two `.get()` calls from
    # this line as an N+1, so exactly this query (this model's `.get()`) is marked as intended.
    with _zeal_ignore([{"model": instance._meta.label, "field": "get()"}]):
        fresh = instance.__class__.objects.select_for_update().get(pk=instance.pk)
    if version is not None and fresh.version != version:
        hvem = sidst_gemt_af(fresh)
        tid = timezone.localtime(fresh.updated_at).strftime("%d.%m.%Y kl. %H:%M")
        if hvem:
            msg = _(
                "%(hvem)s har gemt %(what)s %(tid)s, efter du åbnede den. Dine ændringer er ikke "
                "gemt. Åbn siden igen for at se de nye oplysninger, og indtast derefter dine ændringer."
            ) % {"hvem": hvem, "what": what, "tid": tid}
        else:
            msg = _(
                "En anden har gemt %(what)s %(tid)s, efter du åbnede den. Dine ændringer er ikke "
                "gemt. Åbn siden igen for at se de nye oplysninger, og indtast derefter dine ændringer."
            ) % {"what": what, "tid": tid}
        raise ConflictError(msg, extra={"version": fresh.version, "hvem": hvem})
    return fresh


def journal(sag: Sag, emne: str, tekst: str, actor: User | None, now: datetime) -> None:
    journalnotat_create(sag=sag, art="sagsskridt", emne=emne, tekst=tekst, actor=actor, now=now, haendelse_at=now)

"""The leverandør side of the access model (plugged into bostotte.core.access)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bostotte.core.models import Rolle, User

LIVE_BESTILLING = ("accepteret", "startet")


def leverandoer_id_for(user: User) -> int | None:
    medarbejder = getattr(user, "medarbejder", None)
    team = getattr(medarbejder, "leverandoer_team", None) if medarbejder else None
    return team.leverandoer_id if team else None


def tildeling_active_q(user: User, now: datetime, prefix: str = "") -> Q:
    today = timezone.localdate(now)
    return Q(
        **{
            f"{prefix}medarbejder_id": user.pk,
            f"{prefix}starts_on__lte": today,
        }
    ) & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today}))


def sag_scope_leverandoer(user: User, now: datetime) -> QuerySet[Any] | None:
    """A leverandørleder sees cases with an accepted/started bestilling to their leverandør;
    a bostøtte sees cases they are assigned to, for exactly the assignment period.

    Returns the case ids (one column) for `bostotte.core.access.sag_scope`'s UNION: index
    lookups on the bestilling's leverandør and on the assignment's bostøtte."""
    from visitation.models import Bestilling  # noqa: PLC0415

    from .models import Tildeling  # noqa: PLC0415

    if user.rolle == Rolle.LEVERANDOERLEDER:
        lev_id = leverandoer_id_for(user)
        if lev_id is None:
            return None
        return (
            Bestilling.objects.filter(leverandoer_id=lev_id, status__in=LIVE_BESTILLING)
            .order_by()
            .values("sag_id")
        )
    if user.rolle == Rolle.BOSTOETTE:
        return (
            Tildeling.objects.filter(
                tildeling_active_q(user, now), bestilling__status__in=LIVE_BESTILLING
            )
            .order_by()
            .values("bestilling__sag_id")
        )
    return None


def bestilling_scope(user: User, now: datetime | None = None) -> Q:
    """A Q over `visitation.Bestilling`: what the user may see of orders.

    Myndighed: orders on cases in their scope. Leverandørleder: their leverandør's orders once
    sent (the inbox). Bostøtte: orders they are assigned to, in the assignment period."""
    from bostotte.core.access import NOTHING, sag_scope  # noqa: PLC0415
    from bostotte.core.models import MYNDIGHED_ROLLER, Sag  # noqa: PLC0415

    from .models import Tildeling  # noqa: PLC0415

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    now = now or timezone.now()
    if user.rolle in MYNDIGHED_ROLLER:
        return Q(Exists(Sag.objects.filter(sag_scope(user, now), pk=OuterRef("sag_id"))))
    if user.rolle == Rolle.LEVERANDOERLEDER:
        lev_id = leverandoer_id_for(user)
        return NOTHING if lev_id is None else Q(leverandoer_id=lev_id) & ~Q(status="kladde")
    if user.rolle == Rolle.BOSTOETTE:
        active = Tildeling.objects.filter(
            tildeling_active_q(user, now), bestilling_id=OuterRef("pk")
        )
        return Q(Exists(active)) & Q(status__in=LIVE_BESTILLING)
    return NOTHING

"""The leverandør side of the access model (plugged into bostotte.core.access)."""

from __future__ import annotations

from datetime import date, datetime
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
    return tildeling_active_for(user.pk, timezone.localdate(now), prefix)


def tildeling_active_for(user_id: int, today: date, prefix: str = "") -> Q:
    """`tildeling_active_q` as a function of the two values its SQL holds (the bostøtte's id and
    the day), for queries compiled once and re-run with new values (`sql.FixedSql`, issue 10)."""
    return Q(
        **{
            f"{prefix}medarbejder_id": user_id,
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

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    now = now or timezone.now()
    if user.rolle in MYNDIGHED_ROLLER:
        return Q(Exists(Sag.objects.filter(sag_scope(user, now), pk=OuterRef("sag_id"))))
    if user.rolle == Rolle.LEVERANDOERLEDER:
        lev_id = leverandoer_id_for(user)
        return NOTHING if lev_id is None else Q(leverandoer_id=lev_id) & ~Q(status="kladde")
    if user.rolle == Rolle.BOSTOETTE:
        return bostoette_bestilling_q(user.pk, timezone.localdate(now))
    return NOTHING


def bostoette_bestilling_q(user_id: int, today: date) -> Q:
    """`bestilling_scope` of an active bostøtte (see `bostoette_scope_values`): the orders they
    are assigned to on `today`, live. A function of the values its SQL holds, so a query built on
    it can be compiled once for every bostøtte and re-run with their id and the day (the visit
    form, issue 10)."""
    from .models import Tildeling  # noqa: PLC0415

    active = Tildeling.objects.filter(tildeling_active_for(user_id, today), bestilling_id=OuterRef("pk"))
    return Q(Exists(active)) & Q(status__in=LIVE_BESTILLING)


def bostoette_scope_values(user: User, now: datetime | None = None) -> tuple[int, date] | None:
    """The values `(user_id, today)` for which `bestilling_scope(user, now)` is
    `bostoette_bestilling_q(user_id, today)`: for an active bostøtte. None for everyone else
    (their scope holds other values, e.g. a leader's leverandør): build with `bestilling_scope`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.rolle != Rolle.BOSTOETTE:
        return None
    return user.pk, timezone.localdate(now or timezone.now())

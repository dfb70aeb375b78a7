"""The access model: who may see which case and which citizen.

One function per aggregate builds a SQL predicate (a `Q`) from the case relationships:

* myndighed: the responsible sagsbehandler, everyone on the case's team, the team's leader;
* leverandør: contributed by the `levering`/`visitation` apps through `register_sag_scope`
  (a leverandør with an accepted bestilling, the bostøtte assigned for the assignment period);
* the citizen: their own cases;
* explicit, time-limited grants (django-guardian direct-FK rows, e.g. a vikar).

Everything else is outside the scope and answers 404. There are no superuser shortcuts and no
global permissions: `is_superuser` is never consulted here. Views, APIs, exports and tasks all
use `Sag.objects.visible_to(user)` / `Borger.objects.visible_to(user)` (or the Q functions).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

if TYPE_CHECKING:
    from .models import User

SagScope = Callable[["User", datetime], Q | None]

NOTHING = Q(pk__in=[])

_sag_scopes: list[SagScope] = []


def register_sag_scope(scope: SagScope) -> SagScope:
    """Let an app add a relationship that grants access to a case (used in AppConfig.ready).

    The callable gets the user and the current time and returns a Q over `Sag` (or None)."""
    if scope not in _sag_scopes:
        _sag_scopes.append(scope)
    return scope


def _myndighed_scope(user: User) -> Q | None:
    from .models import MYNDIGHED_ROLLER, Medarbejder

    if user.rolle not in MYNDIGHED_ROLLER:
        return None
    same_team = Exists(
        Medarbejder.objects.filter(user_id=user.pk, myndighed_team_id=OuterRef("team_id"))
    )
    return Q(ansvarlig_id=user.pk) | Q(team__leder_id=user.pk) | Q(same_team)


def _grant_scope(user: User, now: datetime) -> Q:
    from .models import SagUserObjectPermission

    grant = SagUserObjectPermission.objects.filter(
        user_id=user.pk,
        content_object_id=OuterRef("pk"),
        permission__codename="view_sag",
    ).filter(Q(udloeber_at__isnull=True) | Q(udloeber_at__gt=now))
    return Q(Exists(grant))


def sag_scope(user: User, now: datetime | None = None) -> Q:
    """A Q over `Sag` selecting exactly the cases `user` may see."""
    from .models import Rolle

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    now = now or timezone.now()
    q = NOTHING
    if user.rolle == Rolle.BORGER:
        q |= Q(borger__user_id=user.pk)
    myndighed = _myndighed_scope(user)
    if myndighed is not None:
        q |= myndighed
    q |= _grant_scope(user, now)
    for scope in _sag_scopes:
        extra = scope(user, now)
        if extra is not None:
            q |= extra
    return q


def borger_scope(user: User, now: datetime | None = None) -> Q:
    """A Q over `Borger`: the citizens with at least one visible case, and oneself."""
    from .models import Rolle, Sag

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    visible_sag = Sag.objects.filter(sag_scope(user, now)).filter(borger_id=OuterRef("pk"))
    q = Q(Exists(visible_sag))
    if user.rolle == Rolle.BORGER:
        q |= Q(user_id=user.pk)
    return q

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
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from .models import User  # noqa: PLC0415

# A registered scope returns the ids of the cases it grants, as a one-column queryset
# (`….values("sag_id")`), or a Q over `Sag` (kept for callers that need one), or None.
SagScope = Callable[["User", datetime], "QuerySet[Any] | Q | None"]

NOTHING = Q(pk__in=[])

_sag_scopes: list[SagScope] = []


def register_sag_scope(scope: SagScope) -> SagScope:
    """Let an app add a relationship that grants access to a case (used in AppConfig.ready).

    The callable gets the user and the current time and returns the granted case ids as a
    one-column queryset (preferred: an index serves it), a Q over `Sag`, or None."""
    if scope not in _sag_scopes:
        _sag_scopes.append(scope)
    return scope


def _myndighed_branches(user: User) -> list[QuerySet[Any]]:
    """The responsible caseworker's cases (index core_sag_ansvarlig_status) and the cases of
    the teams the user works in or leads (index core_sag_team_status)."""
    from .models import MYNDIGHED_ROLLER, Medarbejder, MyndighedTeam, Sag  # noqa: PLC0415

    if user.rolle not in MYNDIGHED_ROLLER:
        return []
    teams = (
        Medarbejder.objects.filter(user_id=user.pk, myndighed_team_id__isnull=False)
        .order_by()
        .values("myndighed_team_id")
        .union(MyndighedTeam.objects.filter(leder_id=user.pk).order_by().values("pk"), all=True)
    )
    return [
        Sag.objects.filter(ansvarlig_id=user.pk).order_by().values("pk"),
        Sag.objects.filter(team_id__in=teams).order_by().values("pk"),
    ]


def _grant_branch(user: User, now: datetime) -> QuerySet[Any]:
    """Explicit, time-limited grants (index core_saguserperm_user_sag)."""
    from .models import SagUserObjectPermission  # noqa: PLC0415

    return (
        SagUserObjectPermission.objects.filter(user_id=user.pk, permission__codename="view_sag")
        .filter(Q(udloeber_at__isnull=True) | Q(udloeber_at__gt=now))
        .order_by()
        .values("content_object_id")
    )


def sag_scope(user: User, now: datetime | None = None) -> Q:
    """A Q over `Sag` selecting exactly the cases `user` may see.

    Built as `pk IN (branch UNION ALL branch …)`, one branch per relationship, so that each
    branch is an index lookup; an OR of the relationships (or of EXISTS per relationship) over
    `core_sag` can only be answered by a sequential scan of all cases."""
    from .models import Rolle, Sag  # noqa: PLC0415

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    now = now or timezone.now()
    branches: list[QuerySet[Any]] = []
    if user.rolle == Rolle.BORGER:
        branches.append(Sag.objects.filter(borger__user_id=user.pk).order_by().values("pk"))
    branches.extend(_myndighed_branches(user))
    branches.append(_grant_branch(user, now))
    for scope in _sag_scopes:
        extra = scope(user, now)
        if isinstance(extra, Q):
            extra = Sag.objects.filter(extra).order_by().values("pk")
        if extra is not None:
            branches.append(extra)
    first, *rest = branches
    return Q(pk__in=first.union(*rest, all=True) if rest else first)


def borger_scope(user: User, now: datetime | None = None) -> Q:
    """A Q over `Borger`: the citizens with at least one visible case, and oneself."""
    from .models import Rolle, Sag  # noqa: PLC0415

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    q = Q(pk__in=Sag.objects.filter(sag_scope(user, now)).order_by().values("borger_id"))
    if user.rolle == Rolle.BORGER:
        q |= Q(user_id=user.pk)
    return q

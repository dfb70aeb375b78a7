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

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from .lookups import AnyOf

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
    one-column queryset (preferred: an index serves it), a Q over `Sag`, or None. The queryset
    must stay filterable (no `.union()`, no slicing): `sag_row_scope` adds `<its column> = sag.id`."""
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


def _sag_branches(user: User, now: datetime) -> list[QuerySet[Any]]:
    """One one-column queryset of granted case ids per relationship (never empty)."""
    from .models import Rolle, Sag  # noqa: PLC0415

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
    return branches


def _is_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def sag_scope(user: User, now: datetime | None = None) -> Q:
    """A Q over `Sag` selecting exactly the cases `user` may see.

    Built as `pk IN (branch UNION ALL branch …)`, one branch per relationship, so that each
    branch is an index lookup; an OR of the relationships (or of EXISTS per relationship) over
    `core_sag` can only be answered by a sequential scan of all cases. For ONE case use
    `sag_row_scope` / `sag_visible`: the union is evaluated in full, whatever the outer filter."""
    if not _is_user(user):
        return NOTHING
    first, *rest = _sag_branches(user, now or timezone.now())
    return Q(pk__in=first.union(*rest, all=True) if rest else first)


def sag_scope_for_page(user: User, now: datetime | None = None) -> Q:
    """`sag_scope` with the union written `id = ANY(ARRAY(<the same union>))`: PostgreSQL then
    evaluates the union on its own (an InitPlan) and looks the cases up by primary key, instead
    of planning one join problem with a HashAggregate over the ids. The same cases; for a list
    that picks one page of a large scope (the case list, issue 10)."""
    if not _is_user(user):
        return NOTHING
    return Q(AnyOf(F("pk"), ArraySubquery(sag_scope_ids(user, now))))


def sag_scope_ids(user: User, now: datetime | None = None) -> QuerySet[Any]:
    """The ids `sag_scope` grants, as one column: the union of the access branches (with
    duplicates; `UNION ALL`). For `id = ANY(ARRAY(<these>))` (`sag_scope_for_page`, the API's
    case list); an empty queryset for an inactive user."""
    from .models import Sag  # noqa: PLC0415

    if not _is_user(user):
        return Sag.objects.none().values("pk")
    first, *rest = _sag_branches(user, now or timezone.now())
    return first.union(*rest, all=True) if rest else first


def sag_scope_branches(user: User, now: datetime | None = None) -> list[QuerySet[Any]]:
    """`sag_scope`'s relationships as one `Sag` queryset each; their union is exactly the cases
    `sag_scope` grants. A relationship over the case itself (the responsible caseworker, the
    team, the citizen) stays as it is, so a list can filter and read the case's own columns in
    each branch from an index that holds them (the case list: `core_sag_team_status`, index-only,
    issue 10); any other becomes `pk IN (<its case ids>)`. Empty for an inactive user."""
    from .models import Sag  # noqa: PLC0415

    if not _is_user(user):
        return []
    return [
        branch if branch.model is Sag else Sag.objects.filter(pk__in=branch)
        for branch in _sag_branches(user, now or timezone.now())
    ]


def sag_row_scope(user: User, now: datetime | None = None) -> Q:
    """The same relationships as `sag_scope`, as `EXISTS (branch WHERE <its id> = sag.id) OR …`:
    for lookups that narrow `Sag` to one row first (pk, uuid). Each EXISTS is an index probe
    with that row's id, so loading one case no longer evaluates every case the user can see.
    Over a list, use `sag_scope` (an OR of EXISTS cannot use an index on `core_sag`)."""
    if not _is_user(user):
        return NOTHING
    q = Q()
    for branch in _sag_branches(user, now or timezone.now()):
        (column,) = branch.query.values_select  # the granted case id: pk, sag_id, …
        q |= Q(Exists(branch.filter(**{column: OuterRef("pk")})))
    return q


def sag_row_scope_key(user: User, now: datetime) -> tuple[str, int] | None:
    """What `sag_row_scope(user, now)`'s SQL depends on besides `now`: the user's role and id,
    when the relationships are this module's own (`_sag_branches` reads nothing else of the
    user) — an active user for whom no registered scope adds a branch. None otherwise: a
    registered scope's branch may hold values it looked up (the leverandør of a leverandørleder),
    so the caller must build the query for each call. For callers that compile a query built on
    `sag_row_scope` or `sag_scope` once per key and run it with `now` (`sql.PerUserSql`: the case
    page's one-case query and the case list's page)."""
    if not _is_user(user) or any(scope(user, now) is not None for scope in _sag_scopes):
        return None
    return (user.rolle, user.pk)


def sag_visible(user: User, sag_id: int, now: datetime | None = None) -> bool:
    """May `user` see the case with this id? One query of index probes (see `sag_row_scope`)."""
    from .models import Sag  # noqa: PLC0415

    return Sag.objects.filter(sag_row_scope(user, now), pk=sag_id).exists()


def sag_row_visible(user: User, sag_ref: str = "sag_id", now: datetime | None = None) -> Exists:
    """For loading ONE object of another model by its own key (`….filter(sag_row_visible(user))
    .get(uuid=…)`): its case, `sag_ref` on that model, is visible to `user` (`sag_row_scope`).
    Not for lists: use `sag__in=Sag.objects.visible_to(user)` there."""
    from .models import Sag  # noqa: PLC0415

    return Exists(Sag.objects.filter(sag_row_scope(user, now), pk=OuterRef(sag_ref)))


def borger_self_scope(user: User) -> Q:
    """`borger_scope` narrowed to the user's own citizen row (`user_id = user.pk`), for the
    portal's "who am I". The case branch of borger_scope cannot add or remove that row (its own
    branch `user_id = user.pk` already admits it), so it is left out: the same answer without
    evaluating the user's case union on every portal page."""
    from .models import Rolle  # noqa: PLC0415

    if not _is_user(user) or user.rolle != Rolle.BORGER:
        return NOTHING
    return Q(user_id=user.pk)


def borger_scope(user: User, now: datetime | None = None) -> Q:
    """A Q over `Borger`: the citizens with at least one visible case, and oneself."""
    from .models import Rolle, Sag  # noqa: PLC0415

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    q = Q(pk__in=Sag.objects.filter(sag_scope(user, now)).order_by().values("borger_id"))
    if user.rolle == Rolle.BORGER:
        q |= Q(user_id=user.pk)
    return q

"""Stored measures for the dashboard (docs/measures.md, "Lagrede tal").

The measures aggregate over a whole team, leverandør or kommune; at 5,000 citizens that takes
seconds (the hours measure most), too slow for a page. So the dashboard's *default view* reads
`Maaling` rows computed in the background:

* units: the kommune (all cases), each myndighedsteam (the team's cases) and each leverandør
  (the cases with a live order to it, measures cut to its orders — exactly a leverandørleder's
  scope);
* `maaling_snapshot_refresh` computes one unit with the same measure functions as the live
  dashboard (so the numbers are the same) and replaces its rows in one transaction;
* the nightly beat task (`maaling.snapshots_plan`, 04:15 Europe/Copenhagen) queues one
  `maaling.snapshot_refresh` per unit; a leader's "Genberegn" queues their own unit after commit;
* `snapshot_enhed` decides which unit (if any) serves a request, from the viewer's access:
  analytiker → kommune or a chosen team (pseudonymised, small groups suppressed when read);
  leverandørleder → their leverandør; myndighedsleder → a team they lead or belong to (all of
  whose cases they may see). Other filters, periods or teams are computed live as before.
"""

from __future__ import annotations

import contextlib
import zlib
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bostotte.core.models import Leverandoer, MyndighedTeam, Rolle, Sag, User
from bostotte.core.queue import REDIS_ERRORS, enqueue_on_commit
from bostotte.core.sql import FixedSql
from levering.access import LIVE_BESTILLING
from visitation.models import Bestilling

from .measures import MEASURES, Raekke, Resultat, suppress
from .models import Maaling
from .scope import IDENTIFICERET, fixed_leverandoer_id, sees_myndighed_measures
from .udsnit import Udsnit, default_periode

Enhed = tuple[str, int | None]  # (Maaling.Enhed value, team/leverandør id or None)
QUEUE_LOCK_SECONDS = 600


# --------------------------------------------------------------------------------------------
# Computing a unit
# --------------------------------------------------------------------------------------------
def enhed_sager(enhed: Enhed) -> QuerySet[Sag]:
    kind, pk = enhed
    if kind == Maaling.Enhed.KOMMUNE:
        return Sag.objects.all()
    if kind == Maaling.Enhed.TEAM:
        return Sag.objects.filter(team_id=pk)
    # a leverandørleder's scope (levering.access.sag_scope_leverandoer)
    assert pk is not None  # checked by maaling_snapshot_refresh
    return Sag.objects.filter(
        Exists(
            Bestilling.objects.filter(
                sag_id=OuterRef("pk"), leverandoer_id=pk, status__in=LIVE_BESTILLING
            )
        )
    )


def enhed_udsnit(
    enhed: Enhed, *, today: date, fra: date | None = None, til: date | None = None
) -> Udsnit:
    """The cut a unit's measures are computed on: identified (staff rows are dropped for
    pseudonymised viewers when read), the default period unless given."""
    dfra, dtil = default_periode(today)
    kind, pk = enhed
    return Udsnit(
        user=None,  # type: ignore[arg-type]  # the unit's cases replace the viewer's scope
        fra=fra or dfra,
        til=til or dtil,
        today=today,
        niveau=IDENTIFICERET,
        leverandoer_id=pk if kind == Maaling.Enhed.LEVERANDOER else None,
        enhed_sager=enhed_sager(enhed),
    )


def _to_json(r: Resultat) -> dict[str, Any]:
    data = asdict(r)
    data["columns"] = [list(c) for c in r.columns]
    return data


def _from_json(data: dict[str, Any]) -> Resultat:
    return Resultat(
        key=data["key"],
        titel=data["titel"],
        gruppe=data["gruppe"],
        columns=[(k, label) for k, label in data["columns"]],
        rows=[Raekke(**row) for row in data["rows"]],
        note=data["note"],
        extra=data["extra"],
    )


def maaling_snapshot_refresh(
    *, enhed: Enhed, now: datetime | None = None, fra: date | None = None, til: date | None = None
) -> int:
    """Compute every measure for one unit and replace its stored rows. Returns the number of rows.

    The computation runs outside the transaction; the replacement holds an advisory lock per unit
    so two refreshes of the same unit (beat and a "Genberegn") never interleave."""
    now = now or timezone.now()
    kind, pk = enhed
    if kind not in Maaling.Enhed.values or (kind == Maaling.Enhed.KOMMUNE) != (pk is None):
        raise ValueError(f"ukendt enhed {enhed!r}")
    u = enhed_udsnit(enhed, today=timezone.localdate(now), fra=fra, til=til)
    # a leverandørleder never sees the myndighed-only measures
    myndighed = kind != Maaling.Enhed.LEVERANDOER
    rows = []
    for i, m in enumerate(MEASURES):
        if m.kun_myndighed and not myndighed:
            continue
        r = m.fn(u)
        rows.append(
            Maaling(
                enhed=kind,
                enhed_id=pk,
                maal=m.key,
                raekkefoelge=i,
                fra=u.fra,
                til=u.til,
                value=r.value,
                n=r.n,
                resultat=_to_json(r),
                computed_at=now,
            )
        )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s::bigint)",
                [zlib.crc32(f"maaling_snapshot:{kind}:{pk}".encode())],
            )
        Maaling.objects.filter(enhed=kind, enhed_id=pk).delete()
        Maaling.objects.bulk_create(rows)
    with contextlib.suppress(*REDIS_ERRORS):  # the lock expires by itself
        cache.delete(_lock_key(enhed))
    return len(rows)


def maaling_snapshot_units() -> list[Enhed]:
    """Every unit the nightly refresh computes: the kommune, each team, each leverandør."""
    units: list[Enhed] = [(Maaling.Enhed.KOMMUNE, None)]
    units += [
        (Maaling.Enhed.TEAM, pk)
        for pk in MyndighedTeam.objects.order_by("pk").values_list("pk", flat=True)
    ]
    units += [
        (Maaling.Enhed.LEVERANDOER, pk)
        for pk in Leverandoer.objects.order_by("pk").values_list("pk", flat=True)
    ]
    return units


def _lock_key(enhed: Enhed) -> str:
    return f"maaling:genberegn:{enhed[0]}:{enhed[1]}"


def maaling_snapshot_enqueue(*, enhed: Enhed) -> bool:
    """Queue one refresh of the unit after commit, unless one is already queued (a cache lock
    that the refresh removes, or that expires after 10 minutes). Returns whether it queued.
    With Redis down the page still renders: no lock, and the publish only logs (core.queue)."""
    from .tasks import maaling_snapshot_refresh_task  # noqa: PLC0415 (tasks import this module)

    try:
        if not cache.add(_lock_key(enhed), 1, timeout=QUEUE_LOCK_SECONDS):
            return False
    except REDIS_ERRORS:
        pass
    kind, pk = enhed
    enqueue_on_commit(maaling_snapshot_refresh_task, *((kind,) if pk is None else (kind, pk)))
    return True


# --------------------------------------------------------------------------------------------
# Reading (selectors)
# --------------------------------------------------------------------------------------------
def _myndighed_teams_query(user_id: int) -> QuerySet[MyndighedTeam, tuple[int]]:
    return (
        MyndighedTeam.objects.filter(Q(leder_id=user_id) | Q(medarbejdere__user_id=user_id))
        .order_by("pk")
        .values_list("pk")
        .distinct()
    )


# Compiled once per database (issue 10): the ORM took longer to build this join than PostgreSQL
# to run it, on every dashboard a myndighedsleder opens.
_MYNDIGHED_TEAMS = FixedSql(_myndighed_teams_query, ((-739_120_101,), (-739_120_102,)))


def myndighed_teams_for(user: User) -> list[int]:
    """The teams whose every case a myndighedsleder may see: led by them or theirs as a member
    (bostotte.core.access._myndighed_scope)."""
    return sorted(pk for (pk,) in _MYNDIGHED_TEAMS.rows(user.pk))


def snapshot_enhed(u: Udsnit) -> Enhed | None:
    """The unit whose stored measures answer this request, or None to compute it live: only the
    default period with no filters other than a team (and the leverandørleder's own leverandør)."""
    if u.maalgruppe_id or u.aldersgruppe or u.koen or (u.fra, u.til) != default_periode(u.today):
        return None
    rolle = u.user.rolle
    if rolle == Rolle.ANALYTIKER:
        if u.leverandoer_id:
            return None
        return (Maaling.Enhed.TEAM, u.team_id) if u.team_id else (Maaling.Enhed.KOMMUNE, None)
    if rolle == Rolle.LEVERANDOERLEDER:
        lev = fixed_leverandoer_id(u.user)
        if u.team_id or not lev or lev < 0:
            return None
        return (Maaling.Enhed.LEVERANDOER, lev)
    if rolle == Rolle.MYNDIGHEDSLEDER and not u.leverandoer_id:
        teams = myndighed_teams_for(u.user)
        if u.team_id:
            return (Maaling.Enhed.TEAM, u.team_id) if u.team_id in teams else None
        if len(teams) == 1:
            return (Maaling.Enhed.TEAM, teams[0])
    return None


_STORED_COLUMNS = ("maal", "fra", "til", "resultat", "computed_at")


def _stored_query(kind: str, pk: int | None) -> QuerySet[Maaling, tuple[Any, ...]]:
    # uses the unique index maaling_maaling_unik
    return (
        Maaling.objects.filter(enhed=kind, enhed_id=pk)
        .order_by("raekkefoelge")
        .values_list(*_STORED_COLUMNS)
    )


# A unit's stored rows, compiled once per database (issue 10). The kommune's rows have no id
# (`enhed_id IS NULL`, a different SQL), so they have a query of their own.
_STORED_UNIT = FixedSql(_stored_query, (("~enhed-1", -739_120_201), ("~enhed-2", -739_120_202)))
_STORED_KOMMUNE = FixedSql(lambda: _stored_query(Maaling.Enhed.KOMMUNE, None), ((), ()))


def _stored_rows(enhed: Enhed) -> list[tuple[Any, ...]]:
    """The unit's rows in order: (maal, fra, til, resultat, computed_at). The values come as
    PostgreSQL sends them, so `resultat` goes through JSONField's own converter, as the ORM
    would do."""
    kind, pk = enhed
    rows = _STORED_KOMMUNE.rows() if pk is None else _STORED_UNIT.rows(kind, pk)
    resultat = Maaling._meta.get_field("resultat")
    return [
        (maal, fra, til, resultat.from_db_value(data, None, connection), computed_at)  # type: ignore[attr-defined,arg-type]
        for maal, fra, til, data, computed_at in rows
    ]


def maaling_snapshot_for(u: Udsnit, enhed: Enhed) -> tuple[list[Resultat], Maaling] | None:
    """The stored measures of `enhed` as the viewer may see them (staff rows dropped and small
    groups suppressed when pseudonymised; myndighed-only measures for myndighed viewers only),
    and the first row (period, computed_at; an unsaved Maaling holding the columns read). None
    when the unit has not been computed yet."""
    rows = _stored_rows(enhed)
    if not rows:
        return None
    myndighed = sees_myndighed_measures(u.user)
    kun_myndighed = {m.key for m in MEASURES if m.kun_myndighed}
    out = []
    for maal, _fra, _til, resultat, _computed_at in rows:
        if maal in kun_myndighed and not myndighed:
            continue
        r = _from_json(resultat)
        if u.pseudonymiseret:
            r.rows = [x for x in r.rows if not x.personlig]
            r = suppress(r)
        out.append(r)
    maal, fra, til, resultat, computed_at = rows[0]
    first = Maaling(
        enhed=enhed[0],
        enhed_id=enhed[1],
        maal=maal,
        fra=fra,
        til=til,
        resultat=resultat,
        computed_at=computed_at,
    )
    return out, first

"""Reads for the leverandør side. Every selector goes through the access functions
(`Bestilling.objects.visible_to`, `Sag.objects.visible_to`); outside the scope is 404; detail
views of a citizen's data write one AccessLog row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast
from uuid import UUID

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.core.paginator import Page
from django.db import connection
from django.db.models import (
    BigIntegerField,
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    Window,
)
from django.db.models.query import MAX_GET_RESULTS
from django.http import Http404
from django.utils import timezone

from bostotte.core.access import sag_row_visible
from bostotte.core.lookups import AnyOf
from bostotte.core.models import AccessLog, Borger, LeverandoerTeam, Medarbejder, Rolle, Sag, User
from bostotte.core.services.accesslog import accesslog_record
from bostotte.core.sql import FixedSql, compiled_sql, fetch_all
from bostotte.core.viewutils import page_from
from handleplaner.models import Delmaal
from visitation.models import Bestilling, Tilstand

from .access import (
    LIVE_BESTILLING,
    bestilling_scope,
    bostoette_bestilling_q,
    bostoette_scope_values,
    leverandoer_id_for,
    tildeling_active_for,
    tildeling_active_q,
)
from .models import AFLYST, Besoeg, Indlaeggelse, Statusrapport, StatusrapportDelmaal, Tildeling
from .services.indlaeggelse import ON_CASE_ROLLER

__all__ = ["AFLYST", "ON_CASE_ROLLER", "accesslog_record"]
from .timer import (
    Indlagt,
    TimerAfgoerelse,
    TimerBestilling,
    TimerBorger,
    TimerKvalitetsstandard,
    TimerSag,
    besoeg_vindue,
    caseload_pr_uge,
)

LEDER = frozenset({Rolle.LEVERANDOERLEDER})
LEVERANDOER = frozenset({Rolle.LEVERANDOERLEDER, Rolle.BOSTOETTE})
BESTILLING_SELECT = ("sag__borger", "afgoerelse__kvalitetsstandard", "afgoerelse__udredning", "leverandoer")


def _active_tildeling_filter(today: date) -> Q:
    return Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def svar_frist(b: Bestilling) -> date | None:
    if b.sendt_at is None:
        return None
    return timezone.localdate(b.sendt_at) + timedelta(days=b.afgoerelse.kvalitetsstandard.bestilling_svar_frist_dage)


def bestilling_inbox(*, user: User, now: datetime | None = None) -> dict[str, list[Bestilling]]:
    """The leader's inbox: new orders (with the answer deadline) and live orders (with the
    current primary bostøtte). Constant number of queries."""
    if user.rolle not in LEDER:
        raise Http404
    now = now or timezone.now()
    today = timezone.localdate(now)
    active = Tildeling.objects.filter(_active_tildeling_filter(today)).select_related("medarbejder").order_by("-er_primaer", "starts_on")
    qs = (
        Bestilling.objects.visible_to(user)
        .select_related("sag__borger", "afgoerelse__kvalitetsstandard")
        .prefetch_related(Prefetch("tildelinger", queryset=active, to_attr="aktive_tildelinger"))
        .order_by("sendt_at", "id")
    )
    nye, aktive, andre = [], [], []
    for b in qs:
        b.svar_frist = svar_frist(b)  # type: ignore[attr-defined]
        b.ikke_besvaret = b.status == Bestilling.Status.SENDT and b.svar_frist is not None and today > b.svar_frist  # type: ignore[attr-defined]
        if b.status == Bestilling.Status.SENDT:
            nye.append(b)
        elif b.status in LIVE_BESTILLING:
            aktive.append(b)
        else:
            andre.append(b)
    return {"nye": nye, "aktive": aktive, "andre": andre[:50]}


def bestilling_get(*, user: User, uuid: UUID | str, roller: frozenset[str] = LEVERANDOER) -> Bestilling:
    """A bestilling in the user's scope (no AccessLog). Other roles and out-of-scope: 404."""
    if user.rolle not in roller:
        raise Http404
    try:
        return Bestilling.objects.visible_to(user).select_related(*BESTILLING_SELECT).get(uuid=uuid)
    except (Bestilling.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def bestilling_get_for_view(
    *, user: User, uuid: UUID | str, formaal: str, view_name: str, roller: frozenset[str] = LEVERANDOER
) -> Bestilling:
    b = bestilling_get(user=user, uuid=uuid, roller=roller)
    accesslog_record(actor=user, borger=b.sag.borger, sag=b.sag, art=AccessLog.Art.VISNING, formaal=formaal, view_name=view_name)
    return b


@dataclass
class Delt:
    """Exactly what the myndighed shared with the leverandør — nothing else of the case."""

    indsatsmaal: list
    ydelser: list
    tilstande: list
    borgers_maal: str


def bestilling_shared(*, bestilling: Bestilling) -> Delt:
    tilstande = list(
        Tilstand.objects.filter(delt_i_bestillinger=bestilling).select_related("undertema", "funktionsevneniveau").order_by("undertema__path")
    )
    udredning = bestilling.afgoerelse.udredning
    return Delt(
        indsatsmaal=list(bestilling.indsatsmaal.select_related("undertema", "maaltype", "forventet_niveau")),
        ydelser=list(bestilling.ydelser.all()),
        tilstande=tilstande,
        borgers_maal=udredning.borgers_maal_og_oensker if (bestilling.del_borgers_maal and udredning) else "",
    )


def tildelinger_for_bestilling(*, bestilling: Bestilling) -> QuerySet[Tildeling]:
    return Tildeling.objects.filter(bestilling=bestilling).select_related("medarbejder", "tildelt_af").order_by("-starts_on", "-id")


def staff_for_matching(*, bestilling: Bestilling, today: date) -> list[Medarbejder]:
    """The leverandør's bostøtter with profile, age and current caseload (hours per week)."""
    staff = list(
        Medarbejder.objects.filter(leverandoer_team__leverandoer_id=bestilling.leverandoer_id, user__rolle=Rolle.BOSTOETTE, user__is_active=True)
        .select_related("user", "leverandoer_team").order_by("user__first_name", "user__last_name")
    )
    load = caseload_pr_uge(medarbejder_ids=[m.user_id for m in staff], today=today)
    borger = bestilling.sag.borger
    borger_alder = borger.alder(today)
    for m in staff:
        m.alder = (today.year - m.foedselsaar) if m.foedselsaar else None  # type: ignore[attr-defined]
        m.antal_borgere, m.timer_pr_uge = load.get(m.user_id, (0, 0.0))  # type: ignore[attr-defined]
        match = []
        if borger.oensket_koen and m.koen == borger.oensket_koen:
            match.append("køn")
        if borger.oensket_sprog and borger.oensket_sprog.lower() in (m.sprog or "").lower():
            match.append("sprog")
        if borger.oensket_alder and m.alder is not None:  # type: ignore[attr-defined]
            diff = m.alder - borger_alder  # type: ignore[attr-defined]
            if (borger.oensket_alder == "yngre" and diff < -5) or (borger.oensket_alder == "aeldre" and diff > 5) or (borger.oensket_alder == "samme" and abs(diff) <= 7):
                match.append("alder")
        m.match = match  # type: ignore[attr-defined]
    staff.sort(key=lambda m: (-len(m.match), m.timer_pr_uge))  # type: ignore[attr-defined]
    return staff


def delmaal_for_bestilling(*, bestilling_ids: list[int]) -> dict[int, list[Delmaal]]:
    """Active delmål per bestilling. One query."""
    out: dict[int, list[Delmaal]] = defaultdict(list)
    for d in Delmaal.objects.filter(plan__bestilling_id__in=bestilling_ids, status=Delmaal.Status.AKTIV).select_related("plan").order_by("raekkefoelge", "id"):
        out[d.plan.bestilling_id].append(d)
    return out


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return timezone.make_aware(datetime.combine(day, time.min), tz), timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min), tz)


@dataclass
class IDag:
    besoeg: list[Besoeg]
    tildelinger: list[Tildeling]
    today: date


def i_dag(*, user: User, now: datetime | None = None) -> IDag:
    """"I dag" for a bostøtte: today's visits with address and active delmål, and the citizens
    assigned today (to log an unplanned contact). Four queries whatever the data size. As model
    instances, for the group session form; the "I dag" page itself uses `i_dag_rows`."""
    if user.rolle != Rolle.BOSTOETTE:
        raise Http404
    now = now or timezone.now()
    today = timezone.localdate(now)
    lo, hi = _day_bounds(today)
    tildelinger = list(
        Tildeling.objects.filter(tildeling_active_q(user, now), bestilling__status__in=LIVE_BESTILLING)
        .select_related("bestilling__sag__borger").order_by("bestilling__sag__borger__fornavn", "id")
    )
    # uses index levering_besoeg_medarb_tid
    besoeg = list(
        Besoeg.objects.filter(medarbejder=user, starts_at__gte=lo, starts_at__lt=hi)
        .filter(bestilling__in=[t.bestilling_id for t in tildelinger])
        .select_related("sag__borger", "bestilling").order_by("starts_at", "id")
    )
    dm = delmaal_for_bestilling(bestilling_ids=[t.bestilling_id for t in tildelinger])
    for b in besoeg:
        b.aktive_delmaal = dm.get(b.bestilling_id, [])  # type: ignore[attr-defined]
    for t in tildelinger:
        t.aktive_delmaal = dm.get(t.bestilling_id, [])  # type: ignore[attr-defined]
    return IDag(besoeg=besoeg, tildelinger=tildelinger, today=today)


@dataclass
class IDagRows:
    """"I dag" as plain rows for the page (`i_dag_rows`): no model instances."""

    besoeg: Sequence[Mapping[str, Any]]
    borgere: Sequence[Mapping[str, Any]]
    today: date


def _i_dag_borgere_query(user_id: int, today: date) -> QuerySet[Tildeling]:
    """The citizens a bostøtte is assigned to on `today` (the access function's own
    `tildeling_active_for`), with the columns of `_I_DAG_BORGERE_NAMES`."""
    borger = "bestilling__sag__borger__"
    aktive_delmaal = (
        Delmaal.objects.filter(plan__bestilling_id=OuterRef("bestilling_id"), status=Delmaal.Status.AKTIV)
        .order_by("raekkefoelge", "id")
        .values("titel")
    )
    return (
        Tildeling.objects.filter(tildeling_active_for(user_id, today), bestilling__status__in=LIVE_BESTILLING)
        .order_by(f"{borger}fornavn", "id")
        .values(
            "bestilling_id",
            bestilling_uuid=F("bestilling__uuid"),
            fornavn=F(f"{borger}fornavn"),
            efternavn=F(f"{borger}efternavn"),
            adresse=F(f"{borger}adresse"),
            postnummer=F(f"{borger}postnummer"),
            by=F(f"{borger}by"),
            telefon=F(f"{borger}telefon"),
            delmaal=ArraySubquery(aktive_delmaal),
        )
    )


def _i_dag_besoeg_query(user_id: int, lo: datetime, hi: datetime, bestilling_ids: list[int]) -> QuerySet[Besoeg]:
    """The bostøtte's visits from `lo` to `hi` on these bestillinger, with the columns of
    `_I_DAG_BESOEG_NAMES`. `= ANY(%s)` with the ids as one array parameter, not `IN (…)`: the
    same SQL for any number of citizens, so it is compiled once. Uses index levering_besoeg_medarb_tid."""
    return (
        Besoeg.objects.filter(medarbejder_id=user_id, starts_at__gte=lo, starts_at__lt=hi)
        .filter(AnyOf(F("bestilling_id"), Value(bestilling_ids, output_field=ArrayField(BigIntegerField()))))
        .order_by("starts_at", "id")
        .values("uuid", "bestilling_id", "starts_at", "ends_at", "kontaktform", "status")
    )


# The column names of the two querysets' `.values()` rows, in their SELECT order (pinned by
# tests/levering/selectors/test_hot_reads_sql.py against the querysets themselves).
_I_DAG_BORGERE_NAMES = ("bestilling_id", "bestilling_uuid", "fornavn", "efternavn", "adresse", "postnummer", "by", "telefon", "delmaal")
_I_DAG_BESOEG_NAMES = ("uuid", "bestilling_id", "starts_at", "ends_at", "kontaktform", "status")
# Compiled once per process and re-run with the values (issue 10): building and compiling the two
# querysets cost more than PostgreSQL spent running them. Marker values: never a real id or day.
_MARK_DAY = (date(1901, 2, 3), date(1902, 3, 4))
_MARK_LO = (datetime(1901, 2, 3, 4, 5, 6, 739_120, tzinfo=UTC), datetime(1902, 3, 4, 5, 6, 7, 391_204, tzinfo=UTC))
_MARK_HI = (datetime(1901, 3, 4, 5, 6, 7, 739_121, tzinfo=UTC), datetime(1902, 4, 5, 6, 7, 8, 391_205, tzinfo=UTC))
_MARK_ID = (-739_120_739, -391_204_391)
_I_DAG_BORGERE = FixedSql(_i_dag_borgere_query, ((_MARK_ID[0], _MARK_DAY[0]), (_MARK_ID[1], _MARK_DAY[1])))
_I_DAG_BESOEG = FixedSql(
    _i_dag_besoeg_query,
    ((_MARK_ID[0], _MARK_LO[0], _MARK_HI[0], [_MARK_ID[0] - 1]), (_MARK_ID[1], _MARK_LO[1], _MARK_HI[1], [_MARK_ID[1] - 1])),
)


def i_dag_rows(*, user: User, now: datetime | None = None) -> IDagRows:
    """What the "I dag" page prints, as `.values()` rows: the citizens assigned today (name,
    address, phone, the active delmål's titles) and today's visits. Two queries whatever the data
    size (one without citizens). A visit's citizen is its bestilling's (the trigger
    levering_besoeg_within_tildeling keeps `besoeg.sag` = `bestilling.sag`), so the visits need
    no joins."""
    if user.rolle != Rolle.BOSTOETTE:
        raise Http404
    now = now or timezone.now()
    today = timezone.localdate(now)
    lo, hi = _day_bounds(today)
    borgere = [dict(zip(_I_DAG_BORGERE_NAMES, r, strict=True)) for r in _I_DAG_BORGERE.rows(user.pk, today)]
    ids = list(dict.fromkeys(b["bestilling_id"] for b in borgere))
    besoeg = [dict(zip(_I_DAG_BESOEG_NAMES, r, strict=True)) for r in _I_DAG_BESOEG.rows(user.pk, lo, hi, ids)] if ids else []
    return IDagRows(besoeg=besoeg, borgere=borgere, today=today)


def besoeg_get(*, user: User, uuid: UUID | str) -> Besoeg:
    """A visit on a bestilling the user may see (bostøtte: assigned now; leader: own leverandør)."""
    if user.rolle not in LEVERANDOER:
        raise Http404
    try:
        return Besoeg.objects.select_related("bestilling__sag__borger", "medarbejder", "gruppesession").get(
            uuid=uuid, bestilling__in=Bestilling.objects.visible_to(user)
        )
    except (Besoeg.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _besoeg_form_base(med_borger: bool) -> QuerySet[Besoeg]:
    """`besoeg_get_for_form`'s joins and annotations, before the scope and the uuid."""
    qs = Besoeg.objects.select_related("bestilling__sag__borger" if med_borger else "bestilling")
    if med_borger:
        qs = qs.annotate(
            delmaal_ids=ArraySubquery(Besoeg.delmaal.through.objects.filter(besoeg_id=OuterRef("pk")).order_by("delmaal_id").values("delmaal_id")),
            ydelse_ids=ArraySubquery(Besoeg.ydelser.through.objects.filter(besoeg_id=OuterRef("pk")).order_by("kode_id").values("kode_id")),
        )
    return qs


def _besoeg_form_query(user_id: int, today: date, uuid: UUID, med_borger: bool) -> QuerySet[Besoeg]:
    """`besoeg_get_for_form`'s query for an active bostøtte, as a function of its values: the
    access function's own `bostoette_bestilling_q` (what `Bestilling.objects.visible_to` is for
    them) and what `.get()` adds (no ordering, LIMIT 21)."""
    scope = Bestilling.objects.filter(bostoette_bestilling_q(user_id, today))
    return _besoeg_form_base(med_borger).filter(uuid=uuid, bestilling__in=scope).order_by()[:MAX_GET_RESULTS]


_MARK_UUID = (UUID("73912073-9120-4739-8120-739120739120"), UUID("39120439-1204-4391-8204-391204391204"))
# Compiled once per process for every bostøtte (issue 10): building and compiling the query with
# its access subquery was ≈ 5 % of the server's CPU under the mixed load. Per `med_borger`.
_BESOEG_FORM = {
    med_borger: FixedSql(
        lambda user_id, today, uuid, med_borger=med_borger: _besoeg_form_query(user_id, today, uuid, med_borger),
        ((_MARK_ID[0], _MARK_DAY[0], _MARK_UUID[0]), (_MARK_ID[1], _MARK_DAY[1], _MARK_UUID[1])),
    )
    for med_borger in (False, True)
}


# The models of a `_besoeg_form_query` row in SELECT order, each with the relation to the next.
_BESOEG_FORM_MODELS: tuple[tuple[type[Any], str], ...] = ((Besoeg, "bestilling"), (Bestilling, "sag"), (Sag, "borger"), (Borger, ""))


def _besoeg_from_row(row: Sequence[Any], med_borger: bool, db: str) -> Besoeg:
    """The visit with its bestilling (and its case and citizen) from a row of
    `_besoeg_form_query`, as select_related builds them: each model's columns in
    `concrete_fields` order, the visit's annotations after its own columns, each related object
    in its relation's cache. No column of these models needs a converter (pinned with the
    objects themselves by tests/levering/selectors/test_hot_reads_sql.py)."""
    chain = _BESOEG_FORM_MODELS if med_borger else _BESOEG_FORM_MODELS[:2]
    objects: list[Any] = []
    i = 0
    for model, _relation in chain:
        names = tuple(f.attname for f in model._meta.concrete_fields)
        objects.append(model.from_db(db, names, row[i : i + len(names)]))
        i += len(names)
        if model is Besoeg and med_borger:
            objects[0].delmaal_ids, objects[0].ydelse_ids = row[i], row[i + 1]
            i += 2
    for (model, relation), obj, related in zip(chain, objects, objects[1:], strict=False):
        model._meta.get_field(relation).set_cached_value(obj, related)
    return objects[0]


def besoeg_get_for_form(*, user: User, uuid: UUID | str, med_borger: bool) -> Besoeg:
    """`besoeg_get` for the visit form, with the same scope, joining only what the form uses:
    the bestilling (the service's rules), and with `med_borger` its case and citizen (the page
    and its AccessLog row). The staff member is the caller (the view checks it) and a group
    session is only compared by id, so neither is joined: each join costs planning time on
    every request (≈ 1 ms for the five joins of `besoeg_get`).

    With `med_borger` (the form page) the ids of the visit's delmål and ydelser come along as
    `delmaal_ids` and `ydelse_ids` (two array subqueries in the same query instead of two more
    queries, issue 10).

    For an active bostøtte (the only role the form serves) the query is compiled once and
    re-run with their id, the day and the uuid (`access.bostoette_scope_values`); everyone else
    gets the ORM query with `Bestilling.objects.visible_to` (a leader: 403 in the view)."""
    if user.rolle not in LEVERANDOER:
        raise Http404
    values = bostoette_scope_values(user)
    try:
        if values is not None:
            found = _BESOEG_FORM[med_borger].rows(*values, uuid if isinstance(uuid, UUID) else UUID(str(uuid)))
            if len(found) != 1:  # none (out of scope) — more cannot be: the uuid is unique
                raise Besoeg.DoesNotExist
            return _besoeg_from_row(found[0], med_borger, connection.alias)
        return _besoeg_form_base(med_borger).get(uuid=uuid, bestilling__in=Bestilling.objects.visible_to(user))
    except (Besoeg.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def kalender_for_medarbejder(*, user: User, fra: date, til: date) -> list[Besoeg]:
    lo, _ = _day_bounds(fra)
    _, hi = _day_bounds(til)
    return list(
        Besoeg.objects.filter(medarbejder=user, starts_at__gte=lo, starts_at__lt=hi, bestilling__in=Bestilling.objects.visible_to(user))
        .select_related("sag__borger").order_by("starts_at", "id")
    )


def kalender_for_bestilling(*, bestilling: Bestilling, fra: date, til: date) -> list[Besoeg]:
    lo, _ = _day_bounds(fra)
    _, hi = _day_bounds(til)
    return list(
        Besoeg.objects.filter(bestilling=bestilling, starts_at__gte=lo, starts_at__lt=hi)
        .select_related("medarbejder").prefetch_related("delmaal").order_by("starts_at", "id")
    )


def leverandoer_staff(*, user: User) -> QuerySet[User]:
    lev = leverandoer_id_for(user)
    return User.objects.filter(rolle=Rolle.BOSTOETTE, is_active=True, medarbejder__leverandoer_team__leverandoer_id=lev).order_by("first_name", "last_name")


def sag_get_on_case(*, user: User, uuid: UUID | str, formaal: str, view_name: str) -> Sag:
    """For pages every role on the case uses (indlæggelse): myndighed, leader, assigned bostøtte."""
    if user.rolle not in ON_CASE_ROLLER:
        raise Http404
    try:
        sag = Sag.objects.visible_one(user).select_related("borger").get(uuid=uuid)
    except (Sag.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    accesslog_record(actor=user, borger=sag.borger, sag=sag, art=AccessLog.Art.VISNING, formaal=formaal, view_name=view_name)
    return sag


def indlaeggelse_get(*, user: User, uuid: UUID | str) -> Indlaeggelse:
    if user.rolle not in ON_CASE_ROLLER:
        raise Http404
    try:
        return Indlaeggelse.objects.select_related("sag__borger").filter(sag_row_visible(user)).get(uuid=uuid)
    except (Indlaeggelse.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def indlaeggelser_for_sag(*, sag: Sag) -> list[Indlaeggelse]:
    return list(Indlaeggelse.objects.filter(sag=sag).select_related("registreret_af").order_by("-indlagt_on"))


def indlaeggelse_udskrivninger_uden_opfoelgning() -> QuerySet[Indlaeggelse]:
    """Discharges the sagsbehandler has not followed up yet (for the deadline engine).
    Order by discharge date; the engine computes its own due date from `udskrevet_on`."""
    # uses index levering_indl_udskrevet_aaben
    return Indlaeggelse.objects.filter(udskrevet_on__isnull=False, opfoelgning_afsluttet_at__isnull=True).select_related("sag").order_by("udskrevet_on", "id")


def statusrapporter_for_sag(*, sag: Sag) -> list[Statusrapport]:
    return list(
        Statusrapport.objects.filter(sag=sag).select_related("skrevet_af", "bestilling__leverandoer")
        # the goals' status with its delmål in one query (not one per level)
        .prefetch_related(Prefetch("delmaal_status", queryset=StatusrapportDelmaal.objects.select_related("delmaal")))
        .order_by("-sendt_at")
    )




# --------------------------------------------------------------------------------------------
# Timer (hours page)
# --------------------------------------------------------------------------------------------
@dataclass
class TimerTeams:
    """The hours page's team filter: the leverandør's teams, the chosen ones (None = all)."""

    teams: list[LeverandoerTeam]
    valgt: list[int] | None
    alle: bool


# The user's staff profile with its team's leverandør (all that the access functions and the
# hours page read of it), and with `{teams}` the leverandør's teams by name (the team filter: id,
# name, leader). SQL: the ORM's two queries cost a round trip and more Python to build than
# to run (issue 10).
_MEDARBEJDER_SQL = (
    "SELECT m.id, m.leverandoer_team_id, t.leverandoer_id{teams} FROM core_medarbejder m"
    " LEFT JOIN core_leverandoerteam t ON t.id = m.leverandoer_team_id{lateral} WHERE m.user_id = %s"
)
_TEAMS_LATERAL = (
    " LEFT JOIN LATERAL (SELECT ARRAY_AGG(l.id ORDER BY l.navn, l.id) AS ids, ARRAY_AGG(l.navn ORDER BY l.navn, l.id) AS navne,"
    " ARRAY_AGG(l.leder_id ORDER BY l.navn, l.id) AS ledere FROM core_leverandoerteam l WHERE l.leverandoer_id = t.leverandoer_id) x ON TRUE"
)


def medarbejder_load(*, user: User, med_teams: bool = False) -> list[LeverandoerTeam] | None:
    """Load the user's staff profile with its leverandør team in one query and keep it on `user`,
    so `leverandoer_id_for(user)` (used by the access functions and the hours page, sometimes
    several times a request) costs no query after this (instead of one for the profile and one
    for its team). With `med_teams` also the team's leverandør's teams in the same query
    (ordered by name; only id, name and leader loaded), else None; also None when the profile
    was loaded already."""
    if User.medarbejder.related.is_cached(user):  # type: ignore[attr-defined]
        return None
    sql = _MEDARBEJDER_SQL.format(teams=", x.ids, x.navne, x.ledere", lateral=_TEAMS_LATERAL) if med_teams else _MEDARBEJDER_SQL.format(teams="", lateral="")
    found = fetch_all(sql, [user.pk])
    row = found[0] if found else None
    if row is None:
        return [] if med_teams else None
    db = connection.alias
    m = Medarbejder.from_db(db, ("id", "user_id", "leverandoer_team_id"), (row[0], user.pk, row[1]))
    team = None if row[1] is None else LeverandoerTeam.from_db(db, ("id", "leverandoer_id"), (row[1], row[2]))
    Medarbejder._meta.get_field("leverandoer_team").set_cached_value(m, team)
    user.medarbejder = m  # sets both sides' caches
    if not med_teams:
        return None
    ids, navne, ledere = row[3] or (), row[4] or (), row[5] or ()
    return [LeverandoerTeam.from_db(db, ("id", "navn", "leder_id"), t) for t in zip(ids, navne, ledere, strict=True)]


def timer_teams(*, user: User, valg: str | None) -> TimerTeams:
    """The leader's team filter. `valg` is the query parameter: "alle", a team id of the user's
    own leverandør, or empty/unknown for the default: the teams the user leads, else the team
    they work in (a leader of a large leverandør would otherwise get every citizen at once)."""
    leder = user.rolle == Rolle.LEVERANDOERLEDER
    teams = medarbejder_load(user=user, med_teams=leder)
    lev_id = leverandoer_id_for(user)
    if not leder or lev_id is None:
        return TimerTeams(teams=[], valgt=None, alle=True)
    if teams is None:  # the profile was loaded already
        # the filter shows the name and needs the leader; not the timestamps
        teams = list(LeverandoerTeam.objects.filter(leverandoer_id=lev_id).only("navn", "leder_id").order_by("navn", "id"))
    if valg == "alle":
        return TimerTeams(teams=teams, valgt=None, alle=True)
    ids = {t.pk for t in teams}
    if valg and valg.isdigit() and int(valg) in ids:
        return TimerTeams(teams=teams, valgt=[int(valg)], alle=False)
    own = [t.pk for t in teams if t.leder_id == user.pk]
    if not own:
        own_team = getattr(getattr(user, "medarbejder", None), "leverandoer_team_id", None)
        own = [own_team] if own_team in ids else []
    return TimerTeams(teams=teams, valgt=own or None, alle=not own)


def bestillinger_for_timer(*, user: User, team_ids: list[int] | None, today: date) -> QuerySet[Bestilling]:
    """The live bestillinger on the hours page, in the user's scope; with `team_ids` only those
    whose primary bostøtte today works in one of the teams. Ordered by the citizen's first name.

    Only their ids: load the page's rows with `bestillinger_for_timer_side`. The one query with
    the page's rows and their four joins sorted (and counted) every matching row with all the
    joins, and planned them as one join problem; two narrow queries cost about half as much
    (issue 10). The page itself runs this query compiled once (`timer_side`)."""
    return _timer_bestillinger(bestilling_scope(user), today, team_ids).only("id")


def _timer_bestillinger(scope: Q, today: date | None, team_ids: list[int] | None) -> QuerySet[Bestilling]:
    """`bestillinger_for_timer` with the user's scope given as the access function's Q
    (`bestilling_scope`, which is what `Bestilling.objects.visible_to` filters on), so the query
    is a function of that Q and its values (`timer_side`)."""
    qs = Bestilling.objects.filter(scope).filter(status__in=LIVE_BESTILLING)
    if team_ids is not None:
        if today is None:
            raise TypeError("the team filter needs the day")
        # `id = ANY(ARRAY(SELECT ...))`, not `id IN (SELECT ...)`: PostgreSQL plans the team's
        # bestillinger apart (an InitPlan, via index levering_tild_primaer_medarb) instead
        # of one join problem with the rest of the query, which cost ≈ 1.5 ms of planning. The
        # teams as one array parameter (`= ANY(%s)`, not `IN (…)`): the same SQL for any number.
        # The staff of the teams by their profiles' user ids (`medarbejder_id IN (…)`), not through
        # the join tildeling → user → profile: the user row adds nothing but planning (≈ 0.1 ms).
        staff = Medarbejder.objects.filter(
            AnyOf(F("leverandoer_team_id"), Value(team_ids, output_field=ArrayField(BigIntegerField())))
        ).values("user_id")
        team = (
            Tildeling.objects.filter(_active_tildeling_filter(today), er_primaer=True, medarbejder_id__in=staff)
            .order_by()
            .values("bestilling_id")
        )
        qs = qs.filter(AnyOf(F("pk"), ArraySubquery(team)))
    return qs.order_by("sag__borger__fornavn", "id")


def _timer_ids_and_total(qs: QuerySet[Bestilling]) -> QuerySet[Any]:
    """The ids and the total (`COUNT(*) OVER ()`, as `page_with_total`), as plain rows; then the
    citizen's id and names, which the ordering has joined already (`_TIMER_PAGE_SQL` reads them
    from here instead of joining the case and the citizen again)."""
    return qs.annotate(_i_alt=Window(Count("pk"))).values_list(
        "id", "_i_alt", "sag__borger_id", "sag__borger__fornavn", "sag__borger__efternavn"
    )


def _timer_ids_query(user_id: int, today: date) -> QuerySet[Any]:
    """The page's query for an active bostøtte (who has no team filter) as a function of the
    values its SQL holds: the access function's own `bostoette_bestilling_q`."""
    return _timer_ids_and_total(_timer_bestillinger(bostoette_bestilling_q(user_id, today), None, None))


# Compiled once per process for every bostøtte (issue 10): building and compiling the queryset
# with its access subquery was about a fifth of the hours page's Python time.
_TIMER_IDS = FixedSql(_timer_ids_query, ((_MARK_ID[0], _MARK_DAY[0]), (_MARK_ID[1], _MARK_DAY[1])))
# For everyone else: compiled once per scope (the access function's Q, when it holds plain
# values only: a leader's `leverandoer_id = … AND NOT status = 'kladde'`) and team filter or
# not, and re-run with the day and the teams. Per process, at most 2,000 scopes; then it starts over.
_TIMER_IDS_BY_SCOPE: dict[tuple[Q, bool], FixedSql] = {}
_TEAM_MARKS = ((_MARK_DAY[0], [_MARK_ID[0] - 1]), (_MARK_DAY[1], [_MARK_ID[1] - 1]))


def _plain_q(q: Q) -> bool:
    """Does the Q hold nothing but lookups with plain values (numbers, strings, None and lists of
    them)? Then the SQL built from it depends only on the Q, which compares and hashes by those
    values; a subquery or expression in it (a bostøtte's or a myndighed's scope) compares by
    identity, new on every request."""
    plain = (int, str, type(None))
    for child in q.children:
        if isinstance(child, Q):
            if not _plain_q(child):
                return False
        elif not (
            isinstance(child, tuple)
            and len(child) == 2
            and isinstance(child[0], str)
            and (isinstance(child[1], plain) or (isinstance(child[1], (list, tuple)) and all(isinstance(v, plain) for v in child[1])))
        ):
            return False
    return True


def _timer_ids_sql(user: User, team_ids: list[int] | None, today: date) -> tuple[str, list[Any]] | None:
    """The SQL and parameters of the page's ids and total (`_timer_ids_and_total` of
    `bestillinger_for_timer`), compiled once where the access function's answer allows it (see
    above); None when the scope can match nothing."""
    values = bostoette_scope_values(user)
    if values is not None and team_ids is None:
        return _TIMER_IDS.sql(*values)
    scope = bestilling_scope(user)
    if not _plain_q(scope):
        return compiled_sql(_timer_ids_and_total(_timer_bestillinger(scope, today, team_ids)))
    key = (scope, team_ids is not None)
    fixed = _TIMER_IDS_BY_SCOPE.get(key)
    if fixed is None:
        if len(_TIMER_IDS_BY_SCOPE) >= 2_000:
            _TIMER_IDS_BY_SCOPE.clear()
        if team_ids is None:
            fixed = FixedSql(lambda: _timer_ids_and_total(_timer_bestillinger(scope, None, None)), ((), ()))
        else:
            fixed = FixedSql(lambda day, teams: _timer_ids_and_total(_timer_bestillinger(scope, day, teams)), _TEAM_MARKS)
        _TIMER_IDS_BY_SCOPE[key] = fixed
    return fixed.sql() if team_ids is None else fixed.sql(today, team_ids)


def timer_side(*, user: User, team_ids: list[int] | None, today: date, side: str | None, pr_side: int) -> Page:
    """Page `side` of `bestillinger_for_timer` (`page_from`: the total in the page's own query),
    its `object_list` the bestillingers' ids, in order (load them with
    `bestillinger_for_timer_side`). The query is compiled once and re-run with its values
    (`_timer_ids_sql`: for a bostøtte their id and the day, `access.bostoette_scope_values`; for
    a leader per leverandør and team filter), the page's LIMIT and OFFSET as parameters. The
    hours page itself loads the page with its rows and visits in one query
    (`bestillinger_for_timer_page`, the same ids' query)."""
    page = _timer_page(_timer_ids_sql(user, team_ids, today), "{ids} LIMIT %s OFFSET %s", side, pr_side, total=1)
    page.object_list = [r[0] for r in page.object_list]
    return page


def _timer_page(
    found: tuple[str, list[Any]] | None, statement: str, side: str | None, pr_side: int, extra: Sequence[Any] = (), *, total: int = -1
) -> Page:
    """`page_from` over `statement` with the ids' query (`_timer_ids_sql`'s `found`) in place of
    `{ids}`, its parameters, then the page's LIMIT and OFFSET, then `extra`; the page's rows as
    its `object_list` and the total from their column `total`."""

    def fetch(start: int, stop: int) -> tuple[list[Any], int]:
        if found is None:  # the scope can match nothing
            return [], 0
        sql, params = found
        rows = fetch_all(statement.replace("{ids}", sql), [*params, stop - start, start, *extra])
        return rows, (rows[0][total] if rows else 0)

    return page_from(fetch, side, pr_side)


# The page's rows by id, with what the hours page and `timer_for_bestillinger` read (the
# bestilling's frame and period, the case's citizen's name, the afgørelse's frame and raised
# frame, the kvalitetsstandard's tolerance). SQL: a fixed shape by primary keys whose ORM
# version (select_related with only()) cost more to build than to run (issue 10).
_TIMER_SIDE_COLUMNS = (
    "SELECT b.id, b.uuid, b.sag_id, b.afgoerelse_id, b.timer, b.timer_periode, b.starts_on, b.ends_on,"
    " s.borger_id, p.fornavn, p.efternavn, a.kvalitetsstandard_id, a.timer, a.timer_periode,"
    " a.forhoejet_timer, a.forhoejet_uger, k.timer_tolerance_pct,"
    # the case's admissions as [[indlagt_on, udskrevet_on], ...] for `timer_for_bestillinger`
    # (instead of a query of its own; index levering_indlaeggelse_sag_id_646e4b03)
    " (SELECT ARRAY_AGG(ARRAY[i.indlagt_on, i.udskrevet_on]) FROM levering_indlaeggelse i WHERE i.sag_id = b.sag_id)"
)
_TIMER_SIDE_JOINS = (
    " JOIN core_sag s ON s.id = b.sag_id JOIN core_borger p ON p.id = s.borger_id"
    " JOIN visitation_afgoerelse a ON a.id = b.afgoerelse_id"
    " JOIN visitation_kvalitetsstandard k ON k.id = a.kvalitetsstandard_id"
)
_TIMER_SIDE_SQL = f"{_TIMER_SIDE_COLUMNS} FROM visitation_bestilling b{_TIMER_SIDE_JOINS} WHERE b.id = ANY(%s)"
# The page's ids (`_timer_ids_sql`, with LIMIT and OFFSET) and their rows in one query: the page
# as a subquery (a LIMIT keeps PostgreSQL from merging it into the join), its rows joined to it and
# sorted as `_timer_bestillinger` sorts (first name, id: unique), the total as the last column.
# One round trip and one statement less than the ids and then the rows (issue 10).
# With each row its visits' figures as `timer._BESOEG_SQL` gives them (period, contact form and
# status per group, as arrays; the same index levering_besoeg_best_tid), for
# `timer_for_bestillinger(besoeg=…)`: one round trip less again.
# The citizen's id and names come from the page's query (`_timer_ids_and_total`'s last three
# columns), not from joining the case and the citizen again: two joins less to plan and run
# (≈ 0.4 ms of the statement's ≈ 2.4 ms on bench_5000).
_TIMER_PAGE_SQL = (
    _TIMER_SIDE_COLUMNS.replace("s.borger_id, p.fornavn, p.efternavn", "side.borger_id, side.fornavn, side.efternavn")  # noqa: S608 - constant SQL, values as parameters
    + ", x.perioder, x.former, x.statusser, x.varigheder, x.antal, side._i_alt"
    " FROM ({ids} LIMIT %s OFFSET %s) side (id, _i_alt, borger_id, fornavn, efternavn)"
    " JOIN visitation_bestilling b ON b.id = side.id"
    " JOIN visitation_afgoerelse a ON a.id = b.afgoerelse_id"
    " JOIN visitation_kvalitetsstandard k ON k.id = a.kvalitetsstandard_id"
    " LEFT JOIN LATERAL (SELECT ARRAY_AGG(g.periode) AS perioder, ARRAY_AGG(g.kontaktform) AS former,"
    " ARRAY_AGG(g.status) AS statusser, ARRAY_AGG(g.varighed) AS varigheder, ARRAY_AGG(g.antal) AS antal FROM"
    " (SELECT (DATE_TRUNC(%s, v.starts_at AT TIME ZONE %s))::date AS periode, v.kontaktform, v.status,"
    " SUM(v.ends_at - v.starts_at) AS varighed, COUNT(*) AS antal FROM levering_besoeg v"
    " WHERE v.bestilling_id = b.id AND v.starts_at >= %s AND v.starts_at < %s GROUP BY 1, 2, 3) g) x ON TRUE"
    " ORDER BY side.fornavn, b.id"
)
if "side.borger_id" not in _TIMER_PAGE_SQL:  # the replace above must find its columns
    raise RuntimeError("_TIMER_PAGE_SQL: the citizen's columns were not replaced")


def bestillinger_for_timer_side(*, ids: Sequence[int]) -> tuple[list[TimerBestilling], list[Indlagt]]:
    """The bestillinger with these ids (a page of `bestillinger_for_timer`, which decided what the
    user may see), in that order, as `TimerBestilling` rows (what the hours page reads of the
    bestilling, its citizen's name, its afgørelse and kvalitetsstandard, under the models'
    attribute names: no model instances, issue 10); and their cases' admissions for
    `timer_for_bestillinger` (its `indlaeggelser`). One query."""
    if not ids:
        return [], []
    with connection.cursor() as cursor:
        cursor.execute(_TIMER_SIDE_SQL, [list(ids)])
        found = cursor.fetchall()
    rows, indlagt = _timer_rows(found)
    by_id = {b.pk: b for b in rows}
    return [by_id[i] for i in ids if i in by_id], indlagt


@dataclass
class TimerSide:
    """A page of the hours page (`bestillinger_for_timer_page`): the paginator's page, its
    bestillinger (also its `object_list`), their cases' admissions and their visits' rows."""

    page: Page
    bestillinger: list[TimerBestilling]
    indlagt: list[Indlagt]
    besoeg: list[tuple[Any, ...]]


def bestillinger_for_timer_page(
    *, user: User, team_ids: list[int] | None, today: date, side: str | None, pr_side: int, fra: date, til: date, inddeling: str
) -> TimerSide:
    """`timer_side` and `bestillinger_for_timer_side` of its ids in one query (`_TIMER_PAGE_SQL`):
    the page with the `TimerBestilling` rows in the list's order; their cases' admissions; and
    their visits' rows as `timer_for_bestillinger(fra=fra, til=til, inddeling=inddeling)` would
    load them (pass both to it: `indlaeggelser`, `besoeg`). The ids' query is `timer_side`'s,
    compiled once the same way."""
    found = _timer_ids_sql(user, team_ids, today)
    page = _timer_page(found, _TIMER_PAGE_SQL, side, pr_side, besoeg_vindue(fra, til, inddeling))
    found_rows = cast(list[tuple[Any, ...]], page.object_list)
    bestillinger, indlagt = _timer_rows(found_rows)
    page.object_list = bestillinger
    # (bestilling_id, period, contact form, status, duration, count) per group, as `_BESOEG_SQL`
    besoeg = [(r[0], *g) for r in found_rows if r[18] is not None for g in zip(r[18], r[19], r[20], r[21], r[22], strict=True)]
    return TimerSide(page, bestillinger, indlagt, besoeg)


def _timer_rows(found: Sequence[Sequence[Any]]) -> tuple[list[TimerBestilling], list[Indlagt]]:
    """`_TIMER_SIDE_COLUMNS` rows as `TimerBestilling` rows, in their order, and their cases'
    admissions (each case's once)."""
    rows: list[TimerBestilling] = []
    indlagt: dict[int, list[Indlagt]] = {}
    for r in found:
        afg = TimerAfgoerelse(r[12], r[13], r[14], r[15], TimerKvalitetsstandard(r[16]))
        b = TimerBestilling(r[0], r[1], r[2], r[4], r[5], r[6], r[7], afg, TimerSag(TimerBorger(r[9], r[10])))
        rows.append(b)
        indlagt[b.sag_id] = [Indlagt(b.sag_id, fra, til) for fra, til in r[17] or ()]
    return rows, [i for sag in indlagt.values() for i in sag]

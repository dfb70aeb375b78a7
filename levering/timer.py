"""Hours delivered vs granted (selectors). Reusable by dashboards and the deadline engine.

Public API:

* `timer_for_bestillinger(bestillinger=[...], fra=date, til=date, inddeling="uge"|"maaned")`
  -> {bestilling_id: BestillingTimer}. Two queries whatever the data size (delivered hours
  aggregated in SQL with date_trunc in Europe/Copenhagen; admissions), plus none for the
  bestillinger, which the caller loads with `BESTILLING_RELATED` select_related (or as
  `TimerBestilling` rows: the hours page, `selectors.bestillinger_for_timer_side`).
* `timer_for_sag(sag=..., fra, til, inddeling)` -> list[BestillingTimer] for the case's live orders.
* `belastning(leverandoer_id=..., fra, til, today)` -> Belastning: per bostøtte the caseload in
  granted hours per week (active primary assignments) and delivered hours in the period, and per team.

Rules: only status `gennemfoert` counts as delivered; each citizen's own time in a group session
counts for that citizen; the frame is prorated per day (a month frame spread over the month's days,
so a week crossing two months takes each month's rate); days with an admission (indlagt_on up to
the day before udskrevet_on) are excluded from the frame; for `forhoejet_uger` weeks from
`udskrevet_on` the afgørelse's `forhoejet_timer` replaces the normal frame; only days inside the
bestilling's period and inside [fra, til] count, so pass `til=today` for a fair current week.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any, NamedTuple
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    Q,
    Sum,
    When,
)
from django.utils.safestring import SafeString

from bostotte.core.models import LeverandoerTeam, Medarbejder, Rolle, Sag, User
from bostotte.core.sql import fetch_all
from visitation.models import Bestilling

from .access import LIVE_BESTILLING
from .models import BesoegStatus, Indlaeggelse, Kontaktform, Tildeling
from .timer_tabel import tabel_tekster, timer_tbody, total_rad

CPH = ZoneInfo("Europe/Copenhagen")
BESTILLING_RELATED = ("afgoerelse__kvalitetsstandard", "sag__borger")
KONTAKTFORMER = dict(Kontaktform.choices)  # lazy labels, translated when shown


class Indlagt(NamedTuple):
    """What `timer_for_bestillinger` reads of an admission (an `Indlaeggelse` will do too)."""

    sag_id: int
    indlagt_on: date
    udskrevet_on: date | None


class TimerKvalitetsstandard(NamedTuple):
    timer_tolerance_pct: int


class TimerAfgoerelse(NamedTuple):
    timer: Decimal | None
    timer_periode: str
    forhoejet_timer: Decimal | None
    forhoejet_uger: int | None
    kvalitetsstandard: TimerKvalitetsstandard


class TimerBorger(NamedTuple):
    fornavn: str
    efternavn: str

    @property
    def navn(self) -> str:
        return f"{self.fornavn} {self.efternavn}"  # as Borger.navn


class TimerSag(NamedTuple):
    borger: TimerBorger


class TimerBestilling(NamedTuple):
    """What `timer_for_bestillinger` and the hours page's sections read of a bestilling, under the
    same attribute names as the model (`b.afgoerelse.kvalitetsstandard.timer_tolerance_pct`,
    `b.sag.borger.navn`), as plain tuples: the hours page only prints them, and building the
    five model instances per row (`from_db`) cost more than the rest of the loading (issue 10)."""

    pk: int
    uuid: UUID
    sag_id: int
    timer: Decimal | None
    timer_periode: str
    starts_on: date
    ends_on: date | None
    afgoerelse: TimerAfgoerelse
    sag: TimerSag


@dataclass
class Periode:
    start: date
    slut: date  # inclusive
    label: str
    ramme: float | None = None
    leveret: float = 0.0
    leveret_pr_form: dict[str, float] = field(default_factory=dict)
    aflyst_borger: int = 0
    aflyst_medarbejder: int = 0
    udeblevet: int = 0
    planlagt: int = 0
    indlagt_dage: int = 0
    forhoejet_dage: int = 0
    tolerance_pct: int = 0

    @property
    def afvigelse(self) -> float | None:
        return None if self.ramme is None else round(self.leveret - self.ramme, 2)

    @property
    def afvigelse_pct(self) -> float | None:
        if not self.ramme:
            return None
        return round((self.leveret - self.ramme) / self.ramme * 100, 1)

    @property
    def under_tolerance(self) -> bool:
        # Rounded like `ramme` and `leveret` (two decimals): 3 h less 20 % is 2.4, not 2.4000000000000004.
        return bool(self.ramme) and self.leveret < round(self.ramme * (100 - self.tolerance_pct) / 100, 2)  # type: ignore[operator]

    @property
    def aflysninger(self) -> int:
        return self.aflyst_borger + self.aflyst_medarbejder + self.udeblevet

    def former_i_orden(self) -> list[tuple[str, float]]:
        """(contact form code, hours) in the order of the contact forms (Kontaktform), not the
        order the database happened to return the groups in."""
        return [(k, self.leveret_pr_form[k]) for k in KONTAKTFORMER if self.leveret_pr_form.get(k)]

    @property
    def former(self) -> list[tuple[str, float]]:
        return [(str(KONTAKTFORMER[k]), round(v, 2)) for k, v in self.former_i_orden()]


@dataclass
class BestillingTimer:
    bestilling: Bestilling | TimerBestilling
    perioder: list[Periode]
    total: Periode

    @property
    def under_tolerance(self) -> list[Periode]:
        return [p for p in self.perioder if p.under_tolerance]

    @cached_property
    def tbody(self) -> SafeString:
        """The periods as the hours table's rows, pre-formatted (`levering.timer_tabel`)."""
        return timer_tbody(self)

    @cached_property
    def total_rad(self) -> dict[str, str]:
        return total_rad(self)

    @property
    def tekster(self) -> dict[str, str]:
        return tabel_tekster()


def _periods(fra: date, til: date, inddeling: str) -> list[tuple[date, date, str]]:
    out = []
    if inddeling == "maaned":
        d = fra.replace(day=1)
        while d <= til:
            last = d.replace(day=calendar.monthrange(d.year, d.month)[1])
            out.append((d, last, f"{d:%m}.{d.year}"))
            d = last + timedelta(days=1)
    else:
        d = fra - timedelta(days=fra.weekday())
        while d <= til:
            iso = d.isocalendar()
            out.append((d, d + timedelta(days=6), f"Uge {iso.week} {iso.year}"))
            d += timedelta(days=7)
    return out


def _aware(d: date) -> datetime:
    return datetime.combine(d, time.min, tzinfo=CPH)


def _days(a: date, b: date) -> Iterable[date]:
    d = a
    while d <= b:
        yield d
        d += timedelta(days=1)


def _frame_hours(b: Bestilling | TimerBestilling, forhoejet: bool) -> float | None:
    """Granted hours per frame period (week or month); on a raised day the afgørelse's
    `forhoejet_timer` when set."""
    afg = b.afgoerelse
    timer = b.timer if b.timer is not None else afg.timer
    if forhoejet and afg.forhoejet_timer is not None:
        timer = afg.forhoejet_timer
    return None if timer is None else float(timer)


def _month_runs(a: date, b: date) -> Iterable[tuple[int, int]]:
    """(number of days, days in that month) per calendar month of [a, b], in order."""
    while a <= b:
        mdage = _month_days(a.year, a.month)
        last = min(b, a.replace(day=mdage))
        yield (last - a).days + 1, mdage
        a = last + timedelta(days=1)


@lru_cache(maxsize=256)
def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@lru_cache(maxsize=4096)
def _plain_frame(normal: float | None, maaned: bool, a: date, z: date) -> float | None:
    """The frame of the days [a, z] without an admission or a raised day (the common case): the
    same additions day by day as `timer_for_bestillinger`'s loop, per run of days with one rate
    instead of per date, rounded to two decimals. Cached: a page's orders share a few weekly or
    monthly frames and the same periods, and the loops were ~10 % of the page (issue 10)."""
    total: float | None = None
    if normal is not None:
        for n, mdage in _month_runs(a, z):
            x = normal / (mdage if maaned else 7)
            for _ in range(n):
                total = x if total is None else total + x
    return None if total is None else round(total, 2)


# The two queries of `timer_for_bestillinger`, as SQL: fixed shapes, and the ORM's building and
# compiling of them was about a third of the function's time on the hours page (issue 10).
# Delivered hours and counts per bestilling, period (its first local day as a date: date_trunc in
# Europe/Copenhagen), contact form and status; uses index levering_besoeg_best_tid.
_BESOEG_SQL = (
    "SELECT bestilling_id, (DATE_TRUNC(%s, starts_at AT TIME ZONE %s))::date, kontaktform, status,"
    " SUM(ends_at - starts_at), COUNT(*) FROM levering_besoeg"
    " WHERE bestilling_id = ANY(%s) AND starts_at >= %s AND starts_at < %s GROUP BY 1, 2, 3, 4"
)
# The same rows for one case's live bestillinger (the case page's batch: the ids are not known
# before it runs); the case's bestillinger by index visitation_bestilling_sag_id_6d81c5de (the
# FK's), as `= ANY(ARRAY(…))`, which plans in about half the time of `IN (SELECT …)`.
BESOEG_SAG_SQL = _BESOEG_SQL.replace(
    "bestilling_id = ANY(%s)", "bestilling_id = ANY(ARRAY(SELECT id FROM visitation_bestilling WHERE sag_id = %s AND status = ANY(%s)))"
)
# uses index levering_indlaeggelse_sag_id_646e4b03 (the foreign key's)
_INDLAEGGELSER_SQL = (
    "SELECT sag_id, indlagt_on, udskrevet_on FROM levering_indlaeggelse"
    " WHERE sag_id = ANY(%s) AND indlagt_on <= %s AND (udskrevet_on IS NULL OR udskrevet_on >= %s)"
)


def besoeg_vindue(fra: date, til: date, inddeling: str = "uge") -> tuple[str, str, datetime, datetime]:
    """The values of `_BESOEG_SQL` but the ids for `timer_for_bestillinger(fra, til, inddeling)`:
    the period unit, the time zone and the window's start and end (exclusive), so a caller can
    fetch the same rows in a query of its own (the hours page: `selectors.bestillinger_for_timer_page`)."""
    spans = _periods(fra, til, inddeling)
    return "month" if inddeling == "maaned" else "week", CPH.key, _aware(spans[0][0]), _aware(spans[-1][1] + timedelta(days=1))


def timer_for_bestillinger(
    *,
    bestillinger: Sequence[Bestilling | TimerBestilling],
    fra: date,
    til: date,
    inddeling: str = "uge",
    indlaeggelser: Sequence[Indlaeggelse | Indlagt] | None = None,
    besoeg: Sequence[Sequence[Any]] | None = None,
) -> dict[int, BestillingTimer]:
    """Granted vs delivered per bestilling and period (see the module docstring). Two queries,
    one if the caller passes the cases' admissions (`indlaeggelser`, all of them or at least
    those overlapping the period; the case page has them loaded already), none if it also passes
    the visits' rows (`besoeg`: `_BESOEG_SQL`'s rows for these bestillinger with
    `besoeg_vindue`'s values, in any order)."""
    if not bestillinger:
        return {}
    ids = [b.pk for b in bestillinger]
    spans = _periods(fra, til, inddeling)
    lo, hi = spans[0][0], spans[-1][1]
    sag_ids = list({b.sag_id for b in bestillinger})
    # The admissions that can touch the frame: admitted by the period's end and not discharged
    # more than 60 weeks before it begins (a raised frame lasts `forhoejet_uger` weeks after).
    oldest = lo - timedelta(weeks=60)
    admissions: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    with connection.cursor() as cursor:
        if indlaeggelser is None:
            cursor.execute(_INDLAEGGELSER_SQL, (sag_ids, hi, oldest))
            for sag_id, indlagt_on, udskrevet_on in cursor.fetchall():
                admissions[sag_id].append((indlagt_on, udskrevet_on))
        else:
            wanted = set(sag_ids)
            for ind in indlaeggelser:
                if ind.sag_id in wanted and ind.indlagt_on <= hi and (ind.udskrevet_on is None or ind.udskrevet_on >= oldest):
                    admissions[ind.sag_id].append((ind.indlagt_on, ind.udskrevet_on))
        rows: Sequence[Sequence[Any]] = besoeg or ()
        if besoeg is None:
            cursor.execute(_BESOEG_SQL, ("month" if inddeling == "maaned" else "week", CPH.key, ids, _aware(lo), _aware(hi + timedelta(days=1))))
            rows = cursor.fetchall()

    result: dict[int, BestillingTimer] = {}
    for b in bestillinger:
        tol = b.afgoerelse.kvalitetsstandard.timer_tolerance_pct
        perioder = [Periode(start=s, slut=e, label=lbl, tolerance_pct=tol) for s, e, lbl in spans]
        admitted: set[date] = set()
        raised: set[date] = set()
        afg = b.afgoerelse
        for indlagt_on, udskrevet_on in admissions.get(b.sag_id, ()):
            last = (udskrevet_on - timedelta(days=1)) if udskrevet_on else hi
            admitted.update(_days(max(indlagt_on, lo), min(last, hi)))
            if udskrevet_on and afg.forhoejet_timer is not None and afg.forhoejet_uger:
                raised.update(_days(max(udskrevet_on, lo), min(udskrevet_on + timedelta(weeks=afg.forhoejet_uger) - timedelta(days=1), hi)))
        # The frame per day without attribute chains per day (the page loops ~1,000 days): the
        # rate only changes with the month (maaned frames) and with a raised day.
        normal, hoej = _frame_hours(b, False), _frame_hours(b, True)
        maaned = (b.timer_periode or afg.timer_periode) == "maaned"
        for p in perioder:
            total: float | None = None
            a, z = max(p.start, fra, b.starts_on), min(p.slut, til, b.ends_on or p.slut)
            if not admitted and not raised:
                p.ramme = _plain_frame(normal, maaned, a, z)
                continue
            for d in _days(a, z):
                if d in admitted:
                    p.indlagt_dage += 1
                    continue
                is_raised = d in raised
                timer = hoej if is_raised else normal
                if timer is None:
                    continue
                if is_raised:
                    p.forhoejet_dage += 1
                total = (total or 0.0) + timer / (_month_days(d.year, d.month) if maaned else 7)
            p.ramme = None if total is None else round(total, 2)
        result[b.pk] = BestillingTimer(bestilling=b, perioder=perioder, total=Periode(start=lo, slut=hi, label="I alt", tolerance_pct=tol))
    by_start = {b.pk: {p.start: p for p in result[b.pk].perioder} for b in bestillinger}
    for bestilling_id, start, kontaktform, st, varighed, n in rows:
        # (a caller's `besoeg` may hold rows of other bestillinger: not these periods')
        per = by_start.get(bestilling_id, {}).get(start)
        if per is None:
            continue
        if st == BesoegStatus.GENNEMFOERT:
            hours = varighed.total_seconds() / 3600
            per.leveret += hours
            per.leveret_pr_form[kontaktform] = per.leveret_pr_form.get(kontaktform, 0.0) + hours
        elif st == BesoegStatus.AFLYST_BORGER:
            per.aflyst_borger += n
        elif st == BesoegStatus.AFLYST_MEDARBEJDER:
            per.aflyst_medarbejder += n
        elif st == BesoegStatus.UDEBLEVET:
            per.udeblevet += n
        elif st == BesoegStatus.PLANLAGT:
            per.planlagt += n
    for bt in result.values():
        t = bt.total
        for p in bt.perioder:
            p.leveret = round(p.leveret, 2)
            t.leveret += p.leveret
            if p.ramme is not None:
                t.ramme = (t.ramme or 0.0) + p.ramme
            for k, v in p.leveret_pr_form.items():
                t.leveret_pr_form[k] = t.leveret_pr_form.get(k, 0.0) + v
            t.aflyst_borger += p.aflyst_borger
            t.aflyst_medarbejder += p.aflyst_medarbejder
            t.udeblevet += p.udeblevet
            t.planlagt += p.planlagt
            t.indlagt_dage += p.indlagt_dage
            t.forhoejet_dage += p.forhoejet_dage
        t.leveret = round(t.leveret, 2)
        t.ramme = None if t.ramme is None else round(t.ramme, 2)
    return result


def timer_for_sag(*, sag: Sag, fra: date, til: date, inddeling: str = "uge") -> list[BestillingTimer]:
    """The myndighed's view: totals and deviations per live order on the case (3 queries)."""
    bestillinger = list(
        Bestilling.objects.filter(sag=sag, status__in=LIVE_BESTILLING).select_related(*BESTILLING_RELATED, "leverandoer")
    )
    data = timer_for_bestillinger(bestillinger=bestillinger, fra=fra, til=til, inddeling=inddeling)
    return [data[b.pk] for b in bestillinger]


# ------------------------------------------------------------------------------------------------
# Load per bostøtte and per team
# ------------------------------------------------------------------------------------------------
UGE_TIMER = Case(
    When(bestilling__timer_periode="maaned", then=F("bestilling__timer") * Decimal(12) / Decimal(52)),
    default=F("bestilling__timer"),
    output_field=DecimalField(max_digits=8, decimal_places=2),
)


@dataclass
class MedarbejderBelastning:
    medarbejder: Medarbejder
    borgere: int = 0
    bevilget_pr_uge: float = 0.0
    leveret: float = 0.0
    kapacitet_pr_uge: float = 0.0

    @property
    def team(self) -> str:
        return self.medarbejder.leverandoer_team.navn if self.medarbejder.leverandoer_team else ""


@dataclass
class Belastning:
    medarbejdere: list[MedarbejderBelastning]
    teams: list[tuple[str, MedarbejderBelastning]]


def caseload_pr_uge(*, medarbejder_ids: Iterable[int], today: date) -> dict[int, tuple[int, float]]:
    """{user_id: (citizens, granted hours per week)} from active primary assignments. One query."""
    # uses index levering_tildeling_medarb
    rows = (
        Tildeling.objects.filter(medarbejder_id__in=list(medarbejder_ids), er_primaer=True, starts_on__lte=today,
                                 bestilling__status__in=LIVE_BESTILLING)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values("medarbejder_id").annotate(n=Count("bestilling_id", distinct=True), timer=Sum(UGE_TIMER)).order_by()
    )
    return {r["medarbejder_id"]: (r["n"], float(r["timer"] or 0)) for r in rows}


# The load table's figures per staff member as correlated subqueries on the staff query (one
# query; each an index lookup: levering_tildeling_medarb, levering_besoeg_medarb_tid). Raw SQL
# because the ORM's Subquery/OuterRef version cost ~4 ms of Python per request to build and
# compile (issue 10). The rules are `caseload_pr_uge` (active primary assignments on live
# bestillinger; a month's hours as 12/52 per week) and the delivered hours of `belastning`'s
# docstring; tests/levering/selectors/test_timer.py compares the two.
# The code's constants (the live statuses, a completed visit, the bostøtte role) are written into
# the SQL rather than sent as parameters: a prepared statement's generic plan then knows them,
# so PostgreSQL can keep one plan for the statement (decision 0006).
_LIVE_SQL = ", ".join(f"'{status}'" for status in LIVE_BESTILLING)
_GENNEMFOERT_SQL = f"'{BesoegStatus.GENNEMFOERT.value}'"
_CASELOAD_SQL = (
    "SELECT {agg} FROM levering_tildeling t JOIN visitation_bestilling b ON b.id = t.bestilling_id"  # noqa: S608 - the code's constants, values as parameters
    " WHERE t.medarbejder_id = core_medarbejder.user_id AND t.er_primaer AND t.starts_on <= %s"
    f" AND (t.ends_on IS NULL OR t.ends_on >= %s) AND b.status IN ({_LIVE_SQL})"
)
_UGE_TIMER_SQL = "SUM(CASE WHEN b.timer_periode = 'maaned' THEN b.timer * 12 / 52 ELSE b.timer END)"
_SOLO_SQL = (
    "SELECT SUM(v.ends_at - v.starts_at) FROM levering_besoeg v WHERE v.medarbejder_id = core_medarbejder.user_id"
    f" AND v.status = {_GENNEMFOERT_SQL} AND v.gruppesession_id IS NULL AND v.starts_at >= %s AND v.starts_at < %s"
)
_GRUPPER_SQL = (
    "SELECT SUM(g.ends_at - g.starts_at) FROM levering_gruppesession g WHERE g.medarbejder_id = core_medarbejder.user_id"
    " AND g.starts_at >= %s AND g.starts_at < %s"
    f" AND EXISTS (SELECT 1 FROM levering_besoeg v WHERE v.gruppesession_id = g.id AND v.status = {_GENNEMFOERT_SQL})"
)


# The staff query of `belastning`, with the figures above as columns: what the load table prints
# (name, team, capacity), the staff of one leverandør's teams, active bostøtter only. All of it as
# SQL: the ORM query with select_related, only() and three annotations cost ≈ 1.5 ms of Python per
# request to build and compile (issue 10). `{extra}` narrows it to some staff or teams.
_BELASTNING_SQL = (
    "SELECT core_medarbejder.id, core_medarbejder.user_id, core_medarbejder.leverandoer_team_id,"  # noqa: S608 - constant SQL, values as parameters
    " core_medarbejder.ugentlige_timer, u.username, u.first_name, u.last_name, lt.navn,"
    f" ({_CASELOAD_SQL.format(agg=f'ARRAY[COUNT(DISTINCT t.bestilling_id), {_UGE_TIMER_SQL}]')}),"
    f" ({_SOLO_SQL}), ({_GRUPPER_SQL})"
    " FROM core_medarbejder JOIN core_leverandoerteam lt ON lt.id = core_medarbejder.leverandoer_team_id"
    " JOIN core_user u ON u.id = core_medarbejder.user_id"
    f" WHERE lt.leverandoer_id = %s AND u.rolle = '{Rolle.BOSTOETTE.value}' AND u.is_active{{extra}}"
    # last name and id only break ties (the order of namesakes was undefined before)
    " ORDER BY lt.navn, u.first_name, u.last_name, core_medarbejder.user_id"
)
_MEDARBEJDER_FIELDS = ("id", "user_id", "leverandoer_team_id", "ugentlige_timer")
_USER_FIELDS = ("id", "username", "first_name", "last_name")
_TEAM_FIELDS = ("id", "navn")


def belastning(
    *,
    leverandoer_id: int,
    fra: date,
    til: date,
    today: date,
    medarbejder_ids: Sequence[int] | None = None,
    team_ids: Sequence[int] | None = None,
) -> Belastning:
    """Per bostøtte and team: caseload (granted h/week) and delivered hours in [fra, til], a group
    session counted once for the staff member. One query: the staff with their caseload (as
    `caseload_pr_uge`), solo hours and group-session hours as correlated subqueries (index
    lookups per staff member, see `_CASELOAD_SQL`). `medarbejder_ids` / `team_ids` narrow it to
    some staff or some of the leverandør's teams. Each row's `medarbejder` carries its user and
    team with only the columns the load table shows."""
    lo, hi = _aware(fra), _aware(til + timedelta(days=1))
    params: list[Any] = [today, today, lo, hi, lo, hi, leverandoer_id]
    extra = ""
    # One staff member (a bostøtte's own row) or one team (a leader's usual view) as `= %s`:
    # PostgreSQL estimates it as well without the value as with it, so the prepared statement
    # keeps one generic plan (decision 0006); `= ANY(%s)` left it planning on every run (≈ 0.5 ms).
    for column, ids in (("user_id", medarbejder_ids), ("leverandoer_team_id", team_ids)):
        if ids is not None and len(ids) == 1:
            extra += f" AND core_medarbejder.{column} = %s"
            params.append(ids[0])
        elif ids is not None:
            extra += f" AND core_medarbejder.{column} = ANY(%s)"
            params.append(list(ids))
    found = fetch_all(_BELASTNING_SQL.format(extra=extra), params)
    db = connection.alias
    user_f, team_f = Medarbejder._meta.get_field("user"), Medarbejder._meta.get_field("leverandoer_team")
    rows = []
    teams: dict[str, MedarbejderBelastning] = {}
    for mid, user_id, team_id, ugentlige_timer, username, first_name, last_name, team_navn, caseload, solo, grupper in found:
        m = Medarbejder.from_db(db, _MEDARBEJDER_FIELDS, (mid, user_id, team_id, ugentlige_timer))
        # into the relation caches, as select_related puts them
        user_f.set_cached_value(m, User.from_db(db, _USER_FIELDS, (user_id, username, first_name, last_name)))
        team_f.set_cached_value(m, LeverandoerTeam.from_db(db, _TEAM_FIELDS, (team_id, team_navn)))
        antal, timer = caseload
        n, pr_uge = int(antal or 0), float(timer or 0)
        leveret = ((solo or timedelta()) + (grupper or timedelta())).total_seconds() / 3600
        row = MedarbejderBelastning(medarbejder=m, borgere=n, bevilget_pr_uge=round(pr_uge, 2), leveret=round(leveret, 2), kapacitet_pr_uge=float(m.ugentlige_timer))
        rows.append(row)
        t = teams.setdefault(row.team, MedarbejderBelastning(medarbejder=m))
        t.borgere += row.borgere
        t.bevilget_pr_uge = round(t.bevilget_pr_uge + row.bevilget_pr_uge, 2)
        t.leveret = round(t.leveret + row.leveret, 2)
        t.kapacitet_pr_uge += row.kapacitet_pr_uge
    return Belastning(medarbejdere=rows, teams=sorted(teams.items()))

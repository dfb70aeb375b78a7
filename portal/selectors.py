"""Reads for the portal. The citizen's own objects are found through the access functions
(`Borger.objects.visible_to`, `Sag.objects.visible_to`) and always filtered to the citizen
themself: another citizen's object looks exactly like a missing one (404)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any
from uuid import UUID

from django.contrib.postgres.expressions import ArraySubquery
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from bostotte.core.access import sag_row_scope_key, sag_scope
from bostotte.core.models import AccessLog, Borger, Kommune, Paaroerende, Rolle, Sag, Samtykke, User
from bostotte.core.selectors import accesslog_for_borger
from bostotte.core.sql import NOW_MARKS, FixedSql
from visitation.models import Kvalitetsstandard

from .models import Besoegsanmodning, PortalIndstillinger, Trivselsmaaling

DEFAULT_TRIVSEL_INTERVAL = 3


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the last day of the month when it does not exist)."""
    month0 = day.month - 1 + months
    year = day.year + month0 // 12
    month = month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------------------------------------
# The citizen themself
# --------------------------------------------------------------------------------------------
def borger_for_user(*, user: User) -> Borger:
    """The logged-in citizen's own Borger row. Staff and users without one get 404."""
    if getattr(user, "rolle", None) != Rolle.BORGER:
        raise Http404
    borger = Borger.objects.own(user).select_related("kommune").first()
    if borger is None:
        raise Http404
    return borger


# The front page (issue 10): its reads are compiled once (`FixedSql`) and re-run with the
# citizen's own ids, because building and compiling them through the ORM cost more than running
# them. Each is still built by the ORM (and the access functions) once; tests/portal pin them.
def instance_from_row(model: type[Model], felter: tuple[str, ...], values: tuple[Any, ...] | list[Any]) -> Any:
    """A model instance from a row of `felter` (attnames, in the model's field order), as the
    ORM makes it (`Model.from_db`): fields not in `felter` are deferred."""
    return model.from_db(DEFAULT_DB_ALIAS, list(felter), values)


BORGER_FELTER = tuple(f.attname for f in Borger._meta.concrete_fields)
KOMMUNE_FELTER = tuple(f.attname for f in Kommune._meta.concrete_fields)
# Stand-in citizen user ids for the compile (never a real id).
_USER_MARKS = (-9_000_001, -9_000_002)


def _borger_query(user: User, now: datetime) -> QuerySet[Any]:
    """`borger_for_user`'s row (with its kommune) and the ids of the citizen's visible cases
    (`sag_ids_for_borger`) in one query: the same access functions, as an array subquery."""
    sager = Sag.objects.filter(sag_scope(user, now), borger_id=OuterRef("pk")).order_by().values("pk")
    return (
        Borger.objects.own(user)
        .annotate(sag_ids=ArraySubquery(sager))
        .values_list(*BORGER_FELTER, *(f"kommune__{f}" for f in KOMMUNE_FELTER), "sag_ids")[:1]
    )


def _borger_stand_in(user_id: int) -> User:
    """An active citizen user with this id: what the access functions read of a citizen."""
    return User(pk=user_id, rolle=Rolle.BORGER, is_active=True)


_BORGER_SQL = FixedSql(
    lambda user_id, now: _borger_query(_borger_stand_in(user_id), now),
    ((_USER_MARKS[0], NOW_MARKS[0]), (_USER_MARKS[1], NOW_MARKS[1])),
)


def borger_and_sag_ids_for_user(*, user: User, now: datetime) -> tuple[Borger, list[int]]:
    """`borger_for_user` and `sag_ids_for_borger` in one query, for the front page.

    The query is compiled once for every citizen (with a stand-in user) and run with the
    user's id and the time. That is only the same query when the access functions read nothing
    of the user but role, id and the time: `access.sag_row_scope_key` says so (an active user
    for whom no registered scope adds a branch); otherwise it is built for this user."""
    if getattr(user, "rolle", None) != Rolle.BORGER:
        raise Http404
    if sag_row_scope_key(user, now) == (Rolle.BORGER, user.pk):
        rows = _BORGER_SQL.rows(user.pk, now)
    else:
        rows = list(_borger_query(user, now))
    if not rows:
        raise Http404
    row = rows[0]
    n = len(BORGER_FELTER)
    borger = instance_from_row(Borger, BORGER_FELTER, row[:n])
    kommune = instance_from_row(Kommune, KOMMUNE_FELTER, row[n : n + len(KOMMUNE_FELTER)])
    Borger.kommune.field.set_cached_value(borger, kommune)
    return borger, list(row[-1])


def sager_for_borger(*, user: User, borger: Borger) -> QuerySet[Sag]:
    return (
        Sag.objects.visible_to(user)
        .filter(borger=borger)
        .select_related("ansvarlig", "ansvarlig__medarbejder", "team")
        .order_by("status", "-opened_on", "-id")
    )


def sag_ids_for_borger(*, user: User, borger: Borger) -> list[int]:
    """The ids of the citizen's own cases (for pages that only filter other apps' rows by case)."""
    return list(Sag.objects.visible_to(user).filter(borger=borger).order_by().values_list("id", flat=True))


def sag_current(*, user: User, borger: Borger) -> Sag | None:
    return sager_for_borger(user=user, borger=borger).first()


# --------------------------------------------------------------------------------------------
# Trivsel
# --------------------------------------------------------------------------------------------
def trivsel_interval_maaneder(*, sag: Sag | None = None) -> int:
    """How often the citizen is reminded to answer WHO-5: the kvalitetsstandard's
    `trivsel_maaneder` if visitation has such a field, else the portal setting (default 3)."""
    try:

        if "trivsel_maaneder" in {f.name for f in Kvalitetsstandard._meta.get_fields()}:
            ks = Kvalitetsstandard.objects.filter(status="publiceret", lovgrundlag="sel_85").first()
            value = getattr(ks, "trivsel_maaneder", None) if ks else None
            if value:
                return int(value)
    except ImportError:  # pragma: no cover - visitation is always installed
        pass

    row = PortalIndstillinger.objects.filter(id=1).only("trivsel_interval_maaneder").first()
    return row.trivsel_interval_maaneder if row else DEFAULT_TRIVSEL_INTERVAL


@dataclass(frozen=True)
class TrivselStatus:
    seneste: Trivselsmaaling | None
    naeste_on: date  # when the next answer is due (today if never answered)
    er_tid: bool  # the reminder shows


def trivsel_list(*, borger: Borger) -> QuerySet[Trivselsmaaling]:
    # uses index portal_trivsel_borger_tid
    return Trivselsmaaling.objects.filter(borger=borger).order_by("-besvaret_at", "-id")


def trivsel_status(*, borger: Borger, now: datetime | None = None, sag: Sag | None = None) -> TrivselStatus:
    now = now or timezone.now()
    today = timezone.localdate(now)
    seneste = trivsel_list(borger=borger).first()
    if seneste is None:
        return TrivselStatus(seneste=None, naeste_on=today, er_tid=True)
    naeste = add_months(timezone.localdate(seneste.besvaret_at), trivsel_interval_maaneder(sag=sag))
    return TrivselStatus(seneste=seneste, naeste_on=naeste, er_tid=naeste <= today)


@cache
def _kvalitetsstandard_har_trivsel_maaneder() -> bool:
    return "trivsel_maaneder" in {f.name for f in Kvalitetsstandard._meta.get_fields()}


_BORGER_MARKS = (-8_000_001, -8_000_002)
_TRIVSEL_SENESTE_SQL = FixedSql(
    lambda borger_id: trivsel_list(borger=Borger(pk=borger_id)).values_list(
        "besvaret_at",
        Subquery(PortalIndstillinger.objects.filter(id=1).values("trivsel_interval_maaneder")),
    )[:1],
    ((_BORGER_MARKS[0],), (_BORGER_MARKS[1],)),
)


def trivsel_er_tid(*, borger: Borger, now: datetime) -> bool:
    """`trivsel_status(...).er_tid` for the front page: the latest answer's time and the
    portal's interval in one compiled query (the kvalitetsstandard's interval, should
    visitation add one, through `trivsel_status`)."""
    if _kvalitetsstandard_har_trivsel_maaneder():
        return trivsel_status(borger=borger, now=now).er_tid
    rows = _TRIVSEL_SENESTE_SQL.rows(borger.pk)
    if not rows:
        return True
    besvaret_at, interval = rows[0]
    naeste = add_months(timezone.localdate(besvaret_at), interval or DEFAULT_TRIVSEL_INTERVAL)
    return naeste <= timezone.localdate(now)


def trivsel_series_for_sag(sag: Sag) -> list[dict[str, Any]]:
    """The citizen's well-being over time, oldest first, for the dashboard and the case panel:
    [{"dato": date, "who5": 0–100, "livstilfredshed": 0–10 | None, "lav": bool,
    "mulig_depression": bool, "aendring": points since the previous answer | None,
    "betydende": |change| ≥ 10 (DOMAIN.md 6.2)}]. The caller has loaded `sag` through the access
    function; one query (the case page reads the same rows in its batch: `trivsel_rows`)."""
    return trivsel_series(trivsel_rows(borger_id=sag.borger_id))


def trivsel_rows(*, borger_id: Any) -> QuerySet[Any]:
    """The citizen's answers as (besvaret_at, who5_score, livstilfredshed), oldest first, for
    `trivsel_series`. `borger_id` may be an expression (the case page's batch: the case's
    citizen as a subquery)."""
    return (
        Trivselsmaaling.objects.filter(borger_id=borger_id)
        .order_by("besvaret_at", "id")
        .values_list("besvaret_at", "who5_score", "livstilfredshed")
    )


def trivsel_series(rows: Iterable[Sequence[Any]]) -> list[dict[str, Any]]:
    """`trivsel_series_for_sag`'s dicts from `trivsel_rows`' rows."""
    out: list[dict[str, Any]] = []
    previous: int | None = None
    for at, score, liv in rows:
        change = None if previous is None else score - previous
        out.append({
            "dato": timezone.localdate(at),
            "who5": score,
            "livstilfredshed": liv,
            "lav": score < 50,
            "mulig_depression": score <= 28,
            "aendring": change,
            "betydende": change is not None and abs(change) >= 10,
        })
        previous = score
    return out


# --------------------------------------------------------------------------------------------
# Pårørende
# --------------------------------------------------------------------------------------------
def paaroerende_for_borger(*, borger: Borger) -> QuerySet[Paaroerende]:
    """The citizen's relatives with every consent (newest first) and the active one."""
    return Paaroerende.objects.filter(borger=borger).prefetch_related(
        Prefetch("samtykker", queryset=Samtykke.objects.order_by("-givet_at", "-id"), to_attr="alle_samtykker"),
        Prefetch("samtykker", queryset=Samtykke.objects.filter(tilbagekaldt_at__isnull=True), to_attr="aktive_samtykker"),
    ).order_by("navn", "id")


def paaroerende_get_own(*, borger: Borger, uuid: UUID | str) -> Paaroerende:
    try:
        return Paaroerende.objects.get(borger=borger, uuid=uuid)
    except (Paaroerende.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# --------------------------------------------------------------------------------------------
# Hvem har set mine oplysninger
# --------------------------------------------------------------------------------------------
def adgangslog_for_borger(*, borger: Borger) -> QuerySet[AccessLog]:
    """Dates, kind and purpose of every look at the citizen's data. Deliberately no staff
    names (Datatilsynet 2024): only `at`, `art` and `formaal` are selected."""
    return accesslog_for_borger(borger=borger).only("id", "at", "art", "formaal")


# --------------------------------------------------------------------------------------------
# Besøgsanmodninger
# --------------------------------------------------------------------------------------------
def besoegsanmodninger_for_borger(*, borger: Borger) -> QuerySet[Besoegsanmodning]:
    return Besoegsanmodning.objects.filter(borger=borger).order_by("-created_at", "-id")


SVAR_DAGE = timedelta(days=14)
SVAR_FELTER = ("id", "besoeg_start", "svar")
_SVAR_SQL = FixedSql(
    lambda borger_id, siden: besoegsanmodninger_for_borger(borger=Borger(pk=borger_id))
    .filter(status=Besoegsanmodning.Status.BEHANDLET, behandlet_at__gte=siden)
    .values_list(*SVAR_FELTER)[:3],
    ((_BORGER_MARKS[0], NOW_MARKS[0]), (_BORGER_MARKS[1], NOW_MARKS[1])),
)


def besoegsanmodning_svar_for_borger(*, borger: Borger, now: datetime) -> list[Besoegsanmodning]:
    """The front page's answers to the citizen's wishes: handled in the last 14 days, newest
    first, at most 3, with only the printed columns (a compiled query)."""
    return [instance_from_row(Besoegsanmodning, SVAR_FELTER, row) for row in _SVAR_SQL.rows(borger.pk, now - SVAR_DAGE)]


def besoegsanmodninger_for_staff(*, user: User, kun_aabne: bool = True) -> QuerySet[Besoegsanmodning]:
    """Requests on the cases the staff member may see (a bostøtte: their assigned citizens)."""
    if getattr(user, "rolle", None) == Rolle.BORGER:
        raise Http404
    qs = Besoegsanmodning.objects.filter(sag__in=Sag.objects.visible_to(user)).select_related("borger", "sag")
    if kun_aabne:
        # uses index portal_anmodning_sag_status
        qs = qs.filter(status=Besoegsanmodning.Status.NY)
    return qs.order_by("besoeg_start", "id")


def besoegsanmodning_get_for_staff(*, user: User, uuid: UUID | str) -> Besoegsanmodning:
    try:
        return besoegsanmodninger_for_staff(user=user, kun_aabne=False).get(uuid=uuid)
    except (Besoegsanmodning.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def besoegsanmodninger_for_sag(*, sag: Sag) -> QuerySet[Besoegsanmodning]:
    return Besoegsanmodning.objects.filter(sag=sag).order_by("-created_at", "-id")


"""Reads from the other BUM apps for the citizen's pages, in one place.

Each function takes the citizen's already-scoped case(s) and returns plain data for templates.
The rules (what a plan shows a citizen, when a visit is planned, what an afgørelse contains)
belong to the owning app; the portal calls their selectors and services and never re-implements
them. Afgørelser are read from `visitation.models` directly because visitation has no citizen
selector yet (see docs/portal.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple
from uuid import UUID

from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, F, Q, QuerySet, Value
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bostotte.core.lookups import AnyOf
from bostotte.core.models import Sag, User
from bostotte.core.sql import NOW_MARKS, FixedSql
from handleplaner.models import HandleplanVersion
from handleplaner.selectors import plan_tree_for
from levering.access import LIVE_BESTILLING
from levering.models import MAX_BESOEG_VARIGHED, Besoeg, Tildeling
from visitation.models import Afgoerelse, Kvalitetsstandard

KLAGEFRIST = timedelta(weeks=4)

# The front page's reads (issue 10) are compiled once (`FixedSql`) and re-run with the ids of the
# citizen's own cases as one array value (`<case column> = ANY(%s)`), because building and
# compiling them through the ORM cost more than running them. The cases come from the access
# function (`selectors.borger_and_sag_ids_for_user`); tests/portal pin the answers.
_IDS_MARKS = ([-7_000_001, -7_000_002], [-7_000_003])
_DATE_MARKS = (date(1901, 2, 3), date(1902, 3, 4))


def _sag_ids(sager: Sequence[Sag | int]) -> list[int]:
    return [s if isinstance(s, int) else s.pk for s in sager]


def _any_sag(column: str, sag_ids: list[int]) -> AnyOf:
    """`<column> = ANY(<the ids>)`: one parameter however many cases (`sag__in` has one each)."""
    return AnyOf(F(column), Value(sag_ids, output_field=ArrayField(BigIntegerField())))


# --------------------------------------------------------------------------------------------
# Bostøtte (levering.Tildeling)
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MinBostoette:
    navn: str
    telefon: str
    er_primaer: bool
    leverandoer: str
    leverandoer_telefon: str


def _bostoetter_query(sag_ids: list[int], today: date) -> QuerySet[Any]:
    return (
        Tildeling.objects.filter(
            _any_sag("bestilling__sag", sag_ids), bestilling__status__in=LIVE_BESTILLING, starts_on__lte=today,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("-er_primaer", "starts_on", "id")
        .values_list(
            "medarbejder_id", "medarbejder__first_name", "medarbejder__last_name", "medarbejder__username",
            "medarbejder__medarbejder__telefon", "er_primaer",
            "bestilling__leverandoer__navn", "bestilling__leverandoer__telefon",
        )
    )


_BOSTOETTER_SQL = FixedSql(_bostoetter_query, ((_IDS_MARKS[0], _DATE_MARKS[0]), (_IDS_MARKS[1], _DATE_MARKS[1])))


def bostoetter_for_sager(*, sager: Sequence[Sag | int], now: datetime | None = None) -> list[MinBostoette]:
    """The bostøtter assigned to the citizen today (primary first), with work phone numbers.
    `sager`: the citizen's scoped cases or their ids. One query, only the printed columns."""

    if not sager:
        return []
    rows = _BOSTOETTER_SQL.rows(_sag_ids(sager), timezone.localdate(now or timezone.now()))
    seen: set[int] = set()
    out = []
    for medarbejder_id, fornavn, efternavn, username, telefon, er_primaer, lev_navn, lev_telefon in rows:
        if medarbejder_id in seen:
            continue
        seen.add(medarbejder_id)
        out.append(MinBostoette(
            navn=f"{fornavn} {efternavn}".strip() or username,  # User.get_full_name() or username
            telefon=telefon or "",
            er_primaer=er_primaer,
            leverandoer=lev_navn,
            leverandoer_telefon=lev_telefon,
        ))
    return out


# --------------------------------------------------------------------------------------------
# Besøg (levering.Besoeg)
# --------------------------------------------------------------------------------------------
def besoeg_for_sager(*, sager: Sequence[Sag | int]) -> QuerySet[Any]:

    return (
        Besoeg.objects.filter(sag__in=sager)
        .select_related("medarbejder")
        .prefetch_related("portal_anmodninger")
    )


def besoeg_kommende(*, sager: Sequence[Sag | int], now: datetime | None = None) -> list[Any]:
    """The visits still running or ahead, with the citizen's wishes to move or cancel them."""
    now = now or timezone.now()
    # A visit lasts at most MAX_BESOEG_VARIGHED (a CHECK constraint), so one still running or
    # ahead started after now - MAX_BESOEG_VARIGHED: the bound lets index levering_besoeg_sag_tid
    # start the scan there instead of at the citizen's first visit years ago.
    return list(
        besoeg_for_sager(sager=sager)
        .filter(ends_at__gte=now, starts_at__gte=now - MAX_BESOEG_VARIGHED)
        .order_by("starts_at", "id")
    )


class BesoegKort(NamedTuple):
    """What the visit card (portal/_besoeg_kort.html) prints of a visit."""

    uuid: UUID
    status: str
    starts_at: datetime
    ends_at: datetime
    kontaktform: str
    medarbejder_fornavn: str
    medarbejder_efternavn: str
    medarbejder_brugernavn: str


@cache
def _kommende_kort_sql(limit: int) -> FixedSql:
    """`besoeg_kommende`'s first `limit` visits (the limit is part of the SQL), only the card's
    columns; the earliest start is a value of its own (a compiled query cannot compute it)."""

    def build(sag_ids: list[int], now: datetime, tidligst: datetime) -> QuerySet[Any]:
        return (
            Besoeg.objects.filter(_any_sag("sag", sag_ids), ends_at__gte=now, starts_at__gte=tidligst)
            .order_by("starts_at", "id")
            .values_list(
                "uuid", "status", "starts_at", "ends_at", "kontaktform",
                "medarbejder__first_name", "medarbejder__last_name", "medarbejder__username",
            )[:limit]
        )

    return FixedSql(
        build,
        (
            (_IDS_MARKS[0], NOW_MARKS[0], NOW_MARKS[0] - MAX_BESOEG_VARIGHED),
            (_IDS_MARKS[1], NOW_MARKS[1], NOW_MARKS[1] - MAX_BESOEG_VARIGHED),
        ),
    )


def besoeg_kommende_kort(*, sager: Sequence[Sag | int], now: datetime, limit: int) -> list[BesoegKort]:
    """The front page's next visits: `besoeg_kommende`'s first `limit`, as visit cards."""
    if not sager:
        return []
    rows = _kommende_kort_sql(limit).rows(_sag_ids(sager), now, now - MAX_BESOEG_VARIGHED)
    return [BesoegKort(*row) for row in rows]


def besoeg_tidligere(*, sager: list[Sag], now: datetime | None = None, limit: int = 20) -> list[Any]:
    now = now or timezone.now()
    return list(besoeg_for_sager(sager=sager).filter(ends_at__lt=now).order_by("-starts_at", "-id")[:limit])


def besoeg_get_own(*, sager: list[Sag], uuid: UUID | str) -> Any:

    try:
        return besoeg_for_sager(sager=sager).select_related("sag").get(uuid=uuid)
    except (Besoeg.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# --------------------------------------------------------------------------------------------
# Afgørelser (visitation.Afgoerelse)
# --------------------------------------------------------------------------------------------
def afgoerelser_for_sager(*, sager: list[Sag]) -> QuerySet[Any]:
    """Decisions that have been made (never drafts or those awaiting approval)."""

    return (
        Afgoerelse.objects.filter(sag__in=sager, status=Afgoerelse.Status.TRUFFET)
        .select_related("kvalitetsstandard")
        .order_by("-truffet_at", "-id")
    )


def afgoerelse_get_own(*, sager: list[Sag], uuid: UUID | str) -> Any:

    try:
        return afgoerelser_for_sager(sager=sager).get(uuid=uuid)
    except (Afgoerelse.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def klagefrist_for(afgoerelse: Any) -> date | None:
    """4 weeks from the day the citizen was told (meddelt_on); unknown until then."""
    if afgoerelse.meddelt_on is None:
        return None
    return afgoerelse.meddelt_on + KLAGEFRIST


def klager_for(afgoerelse: Any) -> list[Any]:
    return list(afgoerelse.klager.order_by("-modtaget_on"))


# --------------------------------------------------------------------------------------------
# Plans (handleplaner)
# --------------------------------------------------------------------------------------------
def plan_tree(*, user: User, sag: Sag, now: datetime | None = None) -> Any:

    return plan_tree_for(user, sag, now=now)


_AFVENTER_SQL = FixedSql(
    lambda sag_ids: HandleplanVersion.objects.filter(
        _any_sag("handleplan__sag", sag_ids), er_gaeldende=True, accepteret_at__isnull=True
    ).values_list("nummer", flat=True),
    ((_IDS_MARKS[0],), (_IDS_MARKS[1],)),
)


def handleplan_afventer_accept(*, sager: Sequence[Sag | int]) -> list[int]:
    """The numbers of the current handleplan versions the citizen has not accepted yet (the
    front page prints them)."""
    if not sager:
        return []
    return [nummer for (nummer,) in _AFVENTER_SQL.rows(_sag_ids(sager))]


def kvalitetsstandard_gaeldende() -> Any:

    return Kvalitetsstandard.objects.filter(status=Kvalitetsstandard.Status.PUBLICERET, lovgrundlag="sel_85").first()


def kvalitetsstandard_public_url() -> str | None:
    """visitation's public page for the kvalitetsstandard, if it exists."""

    for name in ("kvalitetsstandard:list", "visitation:kvalitetsstandard-public"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None

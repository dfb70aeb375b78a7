"""Reads from the other BUM apps for the citizen's pages, in one place.

Each function takes the citizen's already-scoped case(s) and returns plain data for templates.
The rules (what a plan shows a citizen, when a visit is planned, what an afgørelse contains)
belong to the owning app; the portal calls their selectors and services and never re-implements
them. Afgørelser are read from `visitation.models` directly because visitation has no citizen
selector yet (see docs/portal.md)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bostotte.core.models import Medarbejder, Sag, User
from handleplaner.models import HandleplanVersion
from handleplaner.selectors import plan_tree_for
from levering.access import LIVE_BESTILLING
from levering.models import MAX_BESOEG_VARIGHED, Besoeg, Tildeling
from visitation.models import Afgoerelse, Kvalitetsstandard

KLAGEFRIST = timedelta(weeks=4)


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


def bostoetter_for_sager(*, sager: list[Sag], now: datetime | None = None) -> list[MinBostoette]:
    """The bostøtter assigned to the citizen today (primary first), with work phone numbers."""

    if not sager:
        return []
    today = timezone.localdate(now or timezone.now())
    rows = (
        Tildeling.objects.filter(
            bestilling__sag__in=sager, bestilling__status__in=LIVE_BESTILLING, starts_on__lte=today,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("medarbejder", "bestilling__leverandoer")
        .order_by("-er_primaer", "starts_on", "id")
    )
    rows = list(rows)
    phones = dict(
        Medarbejder.objects.filter(user_id__in=[t.medarbejder_id for t in rows]).values_list("user_id", "telefon")
    )
    seen: set[int] = set()
    out = []
    for t in rows:
        if t.medarbejder_id in seen:
            continue
        seen.add(t.medarbejder_id)
        out.append(MinBostoette(
            navn=t.medarbejder.get_full_name() or t.medarbejder.username,
            telefon=phones.get(t.medarbejder_id, "") or "",
            er_primaer=t.er_primaer,
            leverandoer=t.bestilling.leverandoer.navn,
            leverandoer_telefon=t.bestilling.leverandoer.telefon,
        ))
    return out


# --------------------------------------------------------------------------------------------
# Besøg (levering.Besoeg)
# --------------------------------------------------------------------------------------------
def besoeg_for_sager(*, sager: list[Sag]) -> QuerySet[Any]:

    return (
        Besoeg.objects.filter(sag__in=sager)
        .select_related("medarbejder")
        .prefetch_related("portal_anmodninger")
    )


def besoeg_kommende(*, sager: list[Sag], now: datetime | None = None, limit: int | None = None) -> list[Any]:
    now = now or timezone.now()
    # A visit lasts at most MAX_BESOEG_VARIGHED (a CHECK constraint), so one still running or
    # ahead started after now - MAX_BESOEG_VARIGHED: the bound lets index levering_besoeg_sag_tid
    # start the scan there instead of at the citizen's first visit years ago.
    qs = (
        besoeg_for_sager(sager=sager)
        .filter(ends_at__gte=now, starts_at__gte=now - MAX_BESOEG_VARIGHED)
        .order_by("starts_at", "id")
    )
    return list(qs[:limit] if limit else qs)


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


def handleplan_afventer_accept(*, sager: list[Sag]) -> list[Any]:
    """Current handleplan versions the citizen has not accepted yet."""

    return list(
        HandleplanVersion.objects.filter(
            handleplan__sag__in=sager, er_gaeldende=True, accepteret_at__isnull=True
        ).select_related("handleplan__sag")
    )


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

"""Reads for the portal. The citizen's own objects are found through the access functions
(`Borger.objects.visible_to`, `Sag.objects.visible_to`) and always filtered to the citizen
themself: another citizen's object looks exactly like a missing one (404)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from bostotte.core.models import AccessLog, Borger, Paaroerende, Rolle, Sag, Samtykke, User
from bostotte.core.selectors import accesslog_for_borger
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


def trivsel_series_for_sag(sag: Sag) -> list[dict[str, Any]]:
    """The citizen's well-being over time, oldest first, for the dashboard and the case panel:
    [{"dato": date, "who5": 0–100, "livstilfredshed": 0–10 | None, "lav": bool,
    "mulig_depression": bool, "aendring": points since the previous answer | None,
    "betydende": |change| ≥ 10 (DOMAIN.md 6.2)}]. The caller has loaded `sag` through the access
    function; one query."""
    rows = list(
        Trivselsmaaling.objects.filter(borger_id=sag.borger_id)
        .order_by("besvaret_at", "id")
        .values_list("besvaret_at", "who5_score", "livstilfredshed")
    )
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


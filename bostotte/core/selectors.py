"""Reads. Every selector that returns one citizen's data takes the requesting user, goes through
the access function, answers 404 outside the scope and writes the AccessLog row."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from . import crypto
from .exceptions import NotAllowedError
from .models import (
    MYNDIGHED_ROLLER,
    AccessLog,
    Borger,
    Journalnotat,
    Paaroerende,
    Sag,
    SagUserObjectPermission,
    Samtykke,
    User,
)
from .services.accesslog import accesslog_record


def sag_list_visible(*, user: User, status: str | None = "aaben", mine: bool = False, q: str = "") -> QuerySet[Sag]:
    """Cases in scope for a list page; constant query count (select_related only). Only the
    columns the list shows are loaded (not the citizen's encrypted CPR, the staff's password
    hashes …): up to 200 rows of four models each."""
    qs = (
        Sag.objects.visible_to(user)
        .select_related("borger", "ansvarlig", "team")
        .only(
            "uuid", "sagsnummer", "status", "opened_on", "borger_id", "ansvarlig_id", "team_id",
            "borger__fornavn", "borger__efternavn",
            "ansvarlig__username", "ansvarlig__first_name", "ansvarlig__last_name",
            "team__navn",
        )
    )
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(ansvarlig=user)
    if q:
        q = q.strip()
        qs = qs.filter(
            Q(sagsnummer__icontains=q)
            | Q(borger__fornavn__icontains=q)
            | Q(borger__efternavn__icontains=q)
        )
    return qs.order_by("borger__efternavn", "borger__fornavn", "id")


def sag_get_visible(*, user: User, uuid: UUID | str, roller: frozenset[str] | None = None) -> Sag:
    """The case if `user` may see it, else 404 (no AccessLog: use sag_get_for_view to show it)."""
    if roller is not None and user.rolle not in roller:
        raise Http404
    try:
        return Sag.objects.visible_one(user).select_related(
            "borger", "ansvarlig", "team", "team__leder", "handlekommune", "betalingskommune"
        ).get(uuid=uuid)
    except (Sag.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def sag_get_for_view(
    *, user: User, uuid: UUID | str, formaal: str, view_name: str, roller: frozenset[str] = MYNDIGHED_ROLLER
) -> Sag:
    """Load a case for display and log the look at the citizen's data. `roller` are the roles
    whose screens show this page (the myndighed's case page is not the leverandør's or the
    citizen's view of the case, which live in `levering` and `portal`); others get 404."""
    if user.rolle not in roller:
        raise Http404
    sag = sag_get_visible(user=user, uuid=uuid)
    accesslog_record(actor=user, borger=sag.borger, sag=sag, art=AccessLog.Art.VISNING, formaal=formaal, view_name=view_name)
    return sag


def borger_get_for_view(
    *, user: User, uuid: UUID | str, formaal: str, view_name: str, roller: frozenset[str] = MYNDIGHED_ROLLER
) -> Borger:
    if user.rolle not in roller:
        raise Http404
    try:
        borger = Borger.objects.visible_to(user).select_related("kommune").get(uuid=uuid)
    except (Borger.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    accesslog_record(actor=user, borger=borger, art=AccessLog.Art.VISNING, formaal=formaal, view_name=view_name)
    return borger


def borger_find_by_cpr(*, user: User, cpr: str) -> Borger | None:
    """Exact CPR lookup through the blind index, for the myndighed only (to open a new case
    for a citizen who may not have one yet). A hit is logged as an 'opslag'."""
    if user.rolle not in MYNDIGHED_ROLLER:
        raise NotAllowedError("Kun myndighedens medarbejdere kan slå borgere op på CPR-nummer.")
    index = crypto.cpr_blind_index(crypto.cpr_normalise(cpr))
    borger = Borger.objects.filter(cpr_index=index).first()
    if borger is not None:
        accesslog_record(
            actor=user, borger=borger, art=AccessLog.Art.SOEGNING,
            formaal="Opslag på CPR-nummer i forbindelse med en henvendelse", view_name="cpr-opslag",
        )
    return borger


def sag_list_for_borger(*, user: User, borger: Borger) -> QuerySet[Sag]:
    return Sag.objects.visible_to(user).filter(borger=borger).select_related("ansvarlig", "team")


def journal_list(*, sag: Sag) -> QuerySet[Journalnotat]:
    """The journal of a case the caller has already loaded through the access function."""
    return (
        Journalnotat.objects.filter(sag=sag)
        .select_related("forfatter", "korrigerer")
        .annotate(antal_rettelser=Count("korrektioner"))
        .order_by("-haendelse_at", "-id")
    )


def journalnotat_get(*, sag: Sag, uuid: UUID | str) -> Journalnotat:
    try:
        return Journalnotat.objects.select_related("sag").get(sag=sag, uuid=uuid)
    except (Journalnotat.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def paaroerende_list(*, borger: Borger) -> QuerySet[Paaroerende]:
    active = Samtykke.objects.filter(tilbagekaldt_at__isnull=True)
    return Paaroerende.objects.filter(borger=borger).prefetch_related(
        Prefetch("samtykker", queryset=active, to_attr="aktive_samtykker")
    )


def sag_grants_active(*, sag: Sag) -> QuerySet[SagUserObjectPermission]:
    now = timezone.now()
    return (
        SagUserObjectPermission.objects.filter(content_object=sag)
        .filter(Q(udloeber_at__isnull=True) | Q(udloeber_at__gt=now))
        .select_related("user", "givet_af")
    )


def accesslog_for_borger(*, borger: Borger) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(borger=borger).order_by("-at", "-id")


def sag_counts_for_user(*, user: User) -> dict[str, Any]:
    qs = Sag.objects.visible_to(user).filter(status=Sag.Status.AABEN)
    return qs.aggregate(aabne=Count("id"), mine=Count("id", filter=Q(ansvarlig=user)))

"""Reads for tilsyn. Everything goes through `Sag.objects.visible_to`; tasks additionally through
`Opgave.objects.visible_to` (own tasks, and the team's for its leader)."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.db.models import F, Func, IntegerField, QuerySet
from django.http import Http404

from bostotte.core.case_sections import CaseQuery
from bostotte.core.models import MYNDIGHED_ROLLER, AccessLog, Sag, User
from bostotte.core.services.accesslog import accesslog_record
from bostotte.core.sql import FixedSql

from .models import Notifikation, Opfoelgning, Opgave, Tilsyn


def opgave_list_mine(*, user: User) -> QuerySet[Opgave]:
    """'Mine opgaver': my open tasks, overdue first (earliest due date first), then due soon."""
    # uses index tilsyn_opgave_aaben_ansv
    return (
        Opgave.objects.visible_to(user)
        .filter(status=Opgave.Status.AABEN, ansvarlig=user)
        .select_related("sag", "sag__borger", "escalated_to")
        .order_by("due_on", "id")
    )


def opgave_list_team(*, user: User) -> QuerySet[Opgave]:
    """'Teamets opgaver' for a myndighedsleder: open tasks on the teams they lead, escalated first."""
    return (
        Opgave.objects.visible_to(user)
        .filter(status=Opgave.Status.AABEN, sag__team__leder=user)
        .select_related("sag", "sag__borger", "ansvarlig", "escalated_to")
        .order_by(F("escalated_at").asc(nulls_last=True), "due_on", "id")
    )


def opgave_get_visible(*, user: User, uuid: UUID | str) -> Opgave:
    try:
        return Opgave.objects.visible_to(user).select_related("sag", "sag__team", "sag__borger", "ansvarlig").get(uuid=uuid)
    except (Opgave.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def opgave_list_for_sag(*, sag: Sag) -> QuerySet[Opgave]:
    """The case panel: open deadlines on a case the viewer already may see."""
    # uses index tilsyn_opgave_aaben_sag
    return Opgave.objects.filter(sag=sag, status=Opgave.Status.AABEN).select_related("ansvarlig").order_by("due_on", "id")


def notifikation_list(*, user: User) -> QuerySet[Notifikation]:
    # uses index tilsyn_notif_modtager
    return Notifikation.objects.filter(modtager=user).order_by("-created_at", "-id")


def _unread_query(modtager_id: int) -> QuerySet[Any]:
    # COUNT(*) as a plain function, not an aggregate: no GROUP BY, always one row (.count()'s SQL)
    return (
        Notifikation.objects.filter(modtager_id=modtager_id, read_at__isnull=True)
        .order_by()
        .values_list(Func(template="COUNT(*)", output_field=IntegerField()))
    )


# The header's unread count is on every staff page: compiled once, run with the user's id
# (issue 10). Uses index tilsyn_notif_ulaest.
_UNREAD = FixedSql(_unread_query, ((-739_120_739,), (-391_204_391,)))


def notifikation_unread_count(*, user: User) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return int(_UNREAD.rows(user.pk)[0][0])


def notifikation_get_own(*, user: User, uuid: UUID | str) -> Notifikation:
    try:
        return Notifikation.objects.get(modtager=user, uuid=uuid)
    except (Notifikation.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _sag_visible(user: User, sag_id: int) -> Sag:
    if user.rolle not in MYNDIGHED_ROLLER:
        raise Http404
    try:
        return Sag.objects.visible_one(user).select_related("borger").get(pk=sag_id)
    except Sag.DoesNotExist as exc:
        raise Http404 from exc


def opfoelgning_get_for_view(*, user: User, uuid: UUID | str) -> Opfoelgning:
    try:
        opf = Opfoelgning.objects.select_related(
            "sag", "bestilling", "indsatsmaal", "indsatsmaal__undertema", "stoettebehov", "status_kode", "udfoert_af", "statusrapport"
        ).get(uuid=uuid)
    except (Opfoelgning.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    sag = _sag_visible(user, opf.sag_id)
    accesslog_record(actor=user, borger=sag.borger, sag=sag, art=AccessLog.Art.VISNING, formaal="Sagsbehandling: visning af opfølgning", view_name="opfoelgning-detail")
    return opf


def tilsyn_get_for_view(*, user: User, uuid: UUID | str) -> Tilsyn:
    try:
        t = Tilsyn.objects.select_related("sag", "afgoerelse", "udfoert_af", "revisitation").get(uuid=uuid)
    except (Tilsyn.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    sag = _sag_visible(user, t.sag_id)
    accesslog_record(actor=user, borger=sag.borger, sag=sag, art=AccessLog.Art.VISNING, formaal="Sagsbehandling: visning af personrelateret tilsyn", view_name="tilsyn-detail")
    return t


LIVE_STATUSES = ("sendt", "accepteret", "startet")


def live_bestilling_for_sag(*, sag: Sag) -> Any:
    from visitation.models import Bestilling

    return (
        Bestilling.objects.filter(sag=sag, status__in=LIVE_STATUSES)
        .select_related("afgoerelse", "leverandoer")
        .order_by("-created_at")
        .first()
    )


def aktiv_bevilling_for_sag(*, sag: Sag) -> Any:
    from visitation.models import Afgoerelse

    return Afgoerelse.objects.filter(sag=sag, er_aktiv=True).order_by("-truffet_at").first()


_SAG_OPGAVER = CaseQuery(
    lambda sag_id: opgave_list_for_sag(sag=sag_id).values_list(  # type: ignore[arg-type]
        "art", "due_on", "ansvarlig__username", "ansvarlig__first_name", "ansvarlig__last_name"
    )[:50]
)
_SAG_OPFOELGNINGER = CaseQuery(
    lambda sag_id: Opfoelgning.objects.filter(sag_id=sag_id)
    .order_by("-udfoert_on", "-id")
    .values_list("uuid", "udfoert_on", "resultat", "indsatsmaal_id", "indsatsmaal__undertema__display")[:20]
)
_SAG_TILSYN = CaseQuery(
    lambda sag_id: Tilsyn.objects.filter(sag_id=sag_id).order_by("-udfoert_on", "-id").values_list("uuid", "udfoert_on", "handling")[:20]
)


def sag_section_data(*, sag: Sag, today: date) -> dict[str, object]:
    """The case page's panel: open deadlines (art, due date, responsible's names), the last
    opfølgninger (uuid, date, result, indsatsmål, its undertema) and tilsyn (uuid, date,
    handling) as tuples of the columns the panel prints (compiled once: `CaseQuery`)."""
    return {
        "opgaver": _SAG_OPGAVER.rows(sag),
        "opfoelgninger": _SAG_OPFOELGNINGER.rows(sag),
        "tilsyn_liste": _SAG_TILSYN.rows(sag),
        "today": today,
    }

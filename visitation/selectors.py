"""Reads for the myndighed's visitation screens. Every object is reached through the case's
access function (`Sag.objects.visible_to`); outside the scope or for another role → 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model, QuerySet
from django.http import Http404

from bostotte.core.access import sag_row_visible
from bostotte.core.case_sections import CaseQuery, case_data, case_instances
from bostotte.core.models import MYNDIGHED_ROLLER, AccessLog, Leverandoer, Rolle, Sag, User
from bostotte.core.services.accesslog import accesslog_record

from .models import Afgoerelse, Bestilling, Bilag, Henvendelse, Klage, Kvalitetsstandard, Udredning


def require_myndighed_role(user: User) -> None:
    if getattr(user, "rolle", None) not in MYNDIGHED_ROLLER:
        raise Http404


def _get(model: type[Model], user: User, uuid: UUID | str, related: tuple[str, ...] = ()) -> Any:
    require_myndighed_role(user)
    # one object: its case is probed by id, not the whole visible set (access.sag_row_visible)
    qs = model.objects.filter(sag_row_visible(user)).select_related(  # type: ignore[attr-defined]
        "sag", "sag__borger", "sag__team", "sag__ansvarlig", *related
    )
    try:
        return qs.get(uuid=uuid)
    except (model.DoesNotExist, ValueError) as exc:  # type: ignore[attr-defined]
        raise Http404 from exc


def log_view(user: User, obj: Any, formaal: str, view_name: str, art: str = AccessLog.Art.VISNING) -> None:
    accesslog_record(actor=user, borger=obj.sag.borger, sag=obj.sag, art=art, formaal=formaal, view_name=view_name)


def henvendelse_get(*, user: User, uuid: UUID | str) -> Henvendelse:
    return _get(Henvendelse, user, uuid, ("kvalitetsstandard", "registreret_af"))  # type: ignore[no-any-return]


def udredning_get(*, user: User, uuid: UUID | str) -> Udredning:
    return _get(Udredning, user, uuid, ("henvendelse", "stoettebehov"))  # type: ignore[no-any-return]


def afgoerelse_get(*, user: User, uuid: UUID | str) -> Afgoerelse:
    return _get(Afgoerelse, user, uuid, ("kvalitetsstandard", "maalgruppe", "udredning", "erstatter", "borger",  # type: ignore[no-any-return]
                                         "indstillet_af", "godkendt_af", "sag__handlekommune", "sag__team__leder"))


def bestilling_get(*, user: User, uuid: UUID | str) -> Bestilling:
    return _get(Bestilling, user, uuid, ("afgoerelse", "afgoerelse__kvalitetsstandard", "afgoerelse__udredning", "leverandoer"))  # type: ignore[no-any-return]


def klage_get(*, user: User, uuid: UUID | str) -> Klage:
    return _get(Klage, user, uuid, ("afgoerelse",))  # type: ignore[no-any-return]


def bilag_get(*, user: User, uuid: UUID | str) -> Bilag:
    return _get(Bilag, user, uuid)  # type: ignore[no-any-return]


def godkendelser_list(*, user: User) -> QuerySet[Afgoerelse]:
    """Decisions awaiting the approval of `user` (leader of the case's team); constant queries.
    uses index visitation_afg_afventer"""
    if user.rolle != Rolle.MYNDIGHEDSLEDER:
        return Afgoerelse.objects.none()
    return (
        Afgoerelse.objects.filter(status=Afgoerelse.Status.AFVENTER_GODKENDELSE, sag__team__leder=user)
        .filter(sag__in=Sag.objects.visible_to(user))
        .select_related("sag", "borger", "indstillet_af")
        .order_by("updated_at", "id")
    )


def kvalitetsstandard_list_public() -> QuerySet[Kvalitetsstandard]:
    return Kvalitetsstandard.objects.filter(status=Kvalitetsstandard.Status.PUBLICERET).order_by("lovgrundlag")


def kvalitetsstandard_get_public(*, uuid: UUID | str) -> Kvalitetsstandard:
    try:
        return Kvalitetsstandard.objects.exclude(status=Kvalitetsstandard.Status.KLADDE).prefetch_related("ydelser").get(uuid=uuid)
    except (Kvalitetsstandard.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def kvalitetsstandard_get(*, user: User, uuid: UUID | str) -> Kvalitetsstandard:
    require_myndighed_role(user)
    try:
        return Kvalitetsstandard.objects.get(uuid=uuid)
    except (Kvalitetsstandard.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def kvalitetsstandard_list(*, user: User) -> QuerySet[Kvalitetsstandard]:
    require_myndighed_role(user)
    return Kvalitetsstandard.objects.order_by("lovgrundlag", "-version")


# The columns the case page's sections read (visitation's timeline, levering's panel and hours
# table, tilsyn's and handleplaner's panels), compiled once (`CaseQuery`): whole rows of the
# afgørelse (~40 columns), its kvalitetsstandard and the leverandør, and the ORM building each
# query, were most of the sections' time (issue 10). Another field loads on access (deferred),
# one query per row: add it here when a section starts to show it.
_AFGOERELSE_FIELDS = (
    "id", "uuid", "sag_id", "resultat", "status", "er_aktiv", "timer", "timer_periode", "erstatter_id", "brev",
    "truffet_at", "created_at", "forhoejet_timer", "forhoejet_uger", "kvalitetsstandard_id",
)
_KS_FIELDS = ("handleplan_frist_dage", "timer_tolerance_pct")
_SAG_AFGOERELSER = CaseQuery(
    lambda sag_id: Afgoerelse.objects.filter(sag_id=sag_id)
    .order_by("-created_at", "-id")
    .values_list(*_AFGOERELSE_FIELDS, *(f"kvalitetsstandard__{f}" for f in _KS_FIELDS))
)
_BESTILLING_FIELDS = (
    "id", "uuid", "sag_id", "afgoerelse_id", "leverandoer_id", "status", "sendt_at", "besvaret_at", "created_at",
    "afvist_begrundelse", "foerste_besoeg_on", "timer", "timer_periode", "starts_on", "ends_on",
)
_SAG_BESTILLINGER = CaseQuery(
    lambda sag_id: Bestilling.objects.filter(sag_id=sag_id).order_by("-created_at", "-id").values_list(*_BESTILLING_FIELDS, "leverandoer__navn")
)
_HENVENDELSE_FIELDS = (
    "id", "uuid", "status", "modtaget_on", "kilde", "art", "frist_on", "underretning_sendt_on", "forventet_afgoerelse_on",
)
_SAG_HENVENDELSER = CaseQuery(
    lambda sag_id: Henvendelse.objects.filter(sag_id=sag_id).order_by("-modtaget_on", "-id").values_list(*_HENVENDELSE_FIELDS)
)
_UDREDNING_FIELDS = ("id", "uuid", "status", "er_revisitation", "afsluttet_at", "created_at")
_SAG_UDREDNINGER = CaseQuery(
    lambda sag_id: Udredning.objects.filter(sag_id=sag_id).order_by("-created_at").values_list(*_UDREDNING_FIELDS)
)
_KLAGE_FIELDS = (
    "id", "uuid", "modtaget_on", "form", "genvurdering", "genvurdering_frist_on", "sendt_ankestyrelsen_on", "anke_resultat",
)
_SAG_KLAGER = CaseQuery(lambda sag_id: Klage.objects.filter(sag_id=sag_id).order_by("-modtaget_on").values_list(*_KLAGE_FIELDS))


def sag_bestillinger(*, sag: Sag) -> list[Bestilling]:
    """All the case's bestillinger, newest first, for the case page's sections (visitation,
    levering, tilsyn): one query per page, shared through `case_data`. Each row carries its
    afgørelse (the shared `sag_afgoerelser` row, with the kvalitetsstandard), its leverandør
    (the name) and the already loaded `sag`; other fields are deferred."""

    def load() -> list[Bestilling]:
        afgoerelser = {a.pk: a for a in sag_afgoerelser(sag=sag)}
        rows = _SAG_BESTILLINGER.rows(sag)
        out = case_instances(Bestilling, _BESTILLING_FIELDS, rows)
        for b, row in zip(out, rows, strict=True):
            b.sag = sag
            b.leverandoer = Leverandoer.from_db(DEFAULT_DB_ALIAS, ["id", "navn"], [b.leverandoer_id, row[-1]])
            if b.afgoerelse_id in afgoerelser:  # always: a bestilling's afgørelse is on its case
                b.afgoerelse = afgoerelser[b.afgoerelse_id]
        return out

    return case_data(sag, "visitation.bestillinger", load)


def sag_afgoerelser(*, sag: Sag) -> list[Afgoerelse]:
    """All the case's afgørelser, newest first, with the kvalitetsstandard's deadline days and
    hours tolerance (shared like `sag_bestillinger`); other fields are deferred."""

    def load() -> list[Afgoerelse]:
        rows = _SAG_AFGOERELSER.rows(sag)
        out = case_instances(Afgoerelse, _AFGOERELSE_FIELDS, rows)
        n = len(_AFGOERELSE_FIELDS)
        for a, row in zip(out, rows, strict=True):
            a.kvalitetsstandard = Kvalitetsstandard.from_db(DEFAULT_DB_ALIAS, ["id", *_KS_FIELDS], [a.kvalitetsstandard_id, *row[n:]])
        return out

    return case_data(sag, "visitation.afgoerelser", load)


def sag_timeline(*, sag: Sag) -> dict[str, Any]:
    """The whole visitation story of a case for the case page (a fixed number of queries)."""
    henvendelser = case_instances(Henvendelse, _HENVENDELSE_FIELDS, _SAG_HENVENDELSER.rows(sag))
    udredninger = case_instances(Udredning, _UDREDNING_FIELDS, _SAG_UDREDNINGER.rows(sag))
    afgoerelser = sag_afgoerelser(sag=sag)
    bestillinger = sag_bestillinger(sag=sag)
    klager = case_instances(Klage, _KLAGE_FIELDS, _SAG_KLAGER.rows(sag))
    events: list[dict[str, Any]] = []
    for h in henvendelser:
        events.append({"kind": "henvendelse", "on": h.modtaget_on, "obj": h})
    for u in udredninger:
        events.append({"kind": "udredning", "on": (u.afsluttet_at or u.created_at).date(), "obj": u})
    for a in afgoerelser:
        events.append({"kind": "afgoerelse", "on": (a.truffet_at or a.created_at).date(), "obj": a})
    for b in bestillinger:
        events.append({"kind": "bestilling", "on": (b.besvaret_at or b.sendt_at or b.created_at).date(), "obj": b})
    for k in klager:
        events.append({"kind": "klage", "on": k.modtaget_on, "obj": k})
    events.sort(key=lambda e: (e["on"], e["kind"]), reverse=True)
    frister: list[dict[str, Any]] = []
    for h in henvendelser:
        if h.status == Henvendelse.Status.AABEN and h.frist_on:
            frister.append({"label": "Sagsbehandlingsfrist", "on": h.forventet_afgoerelse_on or h.frist_on, "obj": h})
    for k in klager:
        if not k.genvurdering:
            frister.append({"label": "Genvurdering af klage", "on": k.genvurdering_frist_on, "obj": k})
    frister.sort(key=lambda f: f["on"])
    aktiv = next((a for a in afgoerelser if a.er_aktiv), None)
    return {
        "events": events,
        "frister": frister,
        "aktiv_bevilling": aktiv,
        "aaben_henvendelse": next((h for h in henvendelser if h.status == Henvendelse.Status.AABEN), None),
        "kladde_udredning": next((u for u in udredninger if u.status == Udredning.Status.KLADDE), None),
        "afsluttet_udredning": next((u for u in udredninger if u.status == Udredning.Status.AFSLUTTET), None),
        "live_bestilling": next((b for b in bestillinger if b.afgoerelse_id == getattr(aktiv, "pk", None)
                                 and b.status not in ("afvist", "tilbagekaldt", "afsluttet")), None),
    }



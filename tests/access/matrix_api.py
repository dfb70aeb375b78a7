"""The integration API (bostotte.api) in the access matrix. The runner logs in with force_login,
so these rows exercise session authentication; token clients are tested in tests/api/, and the
same access functions decide for both."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from handleplaner.services import handleplan_get_or_create, paedagogisk_plan_create
from levering.models import Besoeg
from levering.services import besoeg_create
from tests.api.builders import build_world, sent_bestilling
from tests.factories import make_borger, make_sag

from .routes import CAST_USERS, Route

ALL_200 = dict.fromkeys(CAST_USERS, 200)
MYNDIGHED_200 = dict.fromkeys(("anna", "anders", "bo", "carl", "sofie"), 200)
NORD_200 = dict.fromkeys(("anna", "anders", "bo"), 200)
NORD_FORBIDDEN = frozenset({"anna", "anders", "bo"})
PLAN_STAFF_200 = dict.fromkeys(
    ("anna", "anders", "bo", "carl", "sofie", "lise", "dorte", "frank", "lars"), 200
)
LEVERANDOER_200 = dict.fromkeys(("lise", "dorte", "frank", "lars"), 200)
ERIK_SEERS_200 = {"anna": 200, "anders": 200, "bo": 200, "lise": 200, "dorte": 200}
CPH = ZoneInfo("Europe/Copenhagen")


def _world(c: SimpleNamespace) -> None:
    build_world(c)


def _fresh_sent(c: SimpleNamespace) -> None:
    """A new citizen on Anna's team with a bestilling sent to Bostøtten Nord, not answered."""
    build_world(c)
    sag = make_sag(make_borger("Else", "Enevoldsen", kommune=c.kommune), c.anna, c.team_nord)
    c.sendt = sent_bestilling(sag, c.anna, c.bo, c.lev_nord)


def _handleplan(c: SimpleNamespace) -> None:
    build_world(c)
    c.handleplan = handleplan_get_or_create(sag=c.sag_erik, actor=c.anna)


def _plan(c: SimpleNamespace) -> None:
    build_world(c)
    c.plan = paedagogisk_plan_create(
        bestilling=c.best_erik, actor=c.lise, udarbejdet="sammen", tilgang="Recovery"
    )


def _visit(c: SimpleNamespace) -> dict[str, str]:
    start = datetime(2026, 4, 7, 10, 0, tzinfo=CPH)
    return {
        "bestilling": str(c.best_erik.uuid),
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "kontaktform": "hjemmebesoeg",
    }


def _besoeg(c: SimpleNamespace) -> None:
    """Dorte's logged visit to Erik (Bostøtten Nord)."""
    build_world(c)
    start = datetime(2026, 4, 7, 10, 0, tzinfo=CPH)
    c.besoeg = besoeg_create(
        bestilling=c.best_erik,
        medarbejder=c.dorte,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        kontaktform="hjemmebesoeg",
        actor=c.dorte,
    )


def _besoeg_version(c: SimpleNamespace) -> int:
    # Read per user: an earlier user's successful update has moved the version on.
    return Besoeg.objects.values_list("version", flat=True).get(pk=c.besoeg.pk)


def _besoeg_put(c: SimpleNamespace) -> dict[str, object]:
    start = datetime(2026, 4, 7, 10, 0, tzinfo=CPH)
    return {
        "version": _besoeg_version(c),
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=75)).isoformat(),
        "kontaktform": "ledsagelse",
        "status": "gennemfoert",
    }


ROUTES = [
    Route("api:schema", ok=ALL_200),
    Route("api:docs", ok=ALL_200),
    Route("api:v1:mig", ok=ALL_200),
    Route("api:v1:borger-list", ok=ALL_200, setup=_world),
    Route(
        "api:v1:borger-detail",
        kwargs=lambda c: {"uuid": c.erik.uuid},
        setup=_world,
        ok={**ERIK_SEERS_200, "erik_user": 200},
        logs_access=True,
    ),
    Route("api:v1:sag-list", ok=ALL_200, setup=_world),
    Route(
        "api:v1:sag-detail",
        kwargs=lambda c: {"uuid": c.sag_erik.uuid},
        setup=_world,
        ok={**ERIK_SEERS_200, "erik_user": 200},
        logs_access=True,
    ),
    Route("api:v1:afgoerelse-list", ok=MYNDIGHED_200, setup=_world),
    Route(
        "api:v1:afgoerelse-detail",
        kwargs=lambda c: {"uuid": c.afg_erik.uuid},
        setup=_world,
        ok=NORD_200,
        logs_access=True,
    ),
    Route("api:v1:bevilling-list", ok=MYNDIGHED_200, setup=_world),
    Route("api:v1:bestilling-list", ok=ALL_200, setup=_world),
    Route(
        "api:v1:bestilling-detail",
        kwargs=lambda c: {"uuid": c.best_erik.uuid},
        setup=_world,
        ok=ERIK_SEERS_200,
        logs_access=True,
    ),
    # Users are tried in CAST_USERS order: the myndighed sees the order but may not answer (403),
    # Lise answers it; afterwards nobody else at the leverandør is assigned (404).
    Route(
        "api:v1:bestilling-accept",
        method="POST",
        setup=_fresh_sent,
        kwargs=lambda c: {"uuid": c.sendt.uuid},
        data=lambda c: {"version": c.sendt.version},
        ok={"lise": 200},
        forbidden=NORD_FORBIDDEN,
    ),
    Route(
        "api:v1:bestilling-decline",
        method="POST",
        setup=_fresh_sent,
        kwargs=lambda c: {"uuid": c.sendt.uuid},
        data=lambda c: {
            "version": c.sendt.version,
            "begrundelse": "Ingen ledige bostøtter i området.",
        },
        ok={"lise": 200},
        forbidden=NORD_FORBIDDEN,
    ),
    Route("api:v1:handleplan-list", ok=MYNDIGHED_200, setup=_world),
    Route(
        "api:v1:handleplan-detail",
        kwargs=lambda c: {"uuid": c.handleplan.uuid},
        setup=_handleplan,
        ok=NORD_200,
        logs_access=True,
    ),
    Route("api:v1:paedagogisk-plan-list", ok=PLAN_STAFF_200, setup=_world),
    Route(
        "api:v1:paedagogisk-plan-detail",
        kwargs=lambda c: {"uuid": c.plan.uuid},
        setup=_plan,
        ok=ERIK_SEERS_200,
        logs_access=True,
    ),
    # A delmål under one of the bestilling's goals: the leverandør writes, the myndighed may only read.
    Route(
        "api:v1:delmaal-create",
        method="POST",
        kwargs=lambda c: {"uuid": c.plan.uuid},
        setup=_plan,
        data=lambda c: {
            "indsatsmaal": str(c.best_erik.indsatsmaal.first().uuid),
            "titel": "Handle ind selv",
        },
        ok={"lise": 201, "dorte": 201},
        forbidden=NORD_FORBIDDEN,
    ),
    Route("api:v1:besoeg-list", ok=LEVERANDOER_200, setup=_world),
    # Posted without `medarbejder` the visit is the caller's own: Lise is not assigned (400 from the
    # service), Dorte is (201); Frank and Lars do not serve Erik (404).
    Route(
        "api:v1:besoeg-create",
        method="POST",
        setup=_world,
        data=_visit,
        ok={"lise": 400, "dorte": 201},
    ),
    # Correcting a visit: the leverandør's leader and the visit's own bostøtte (200); Frank (same
    # leverandør, not assigned to Erik), Lars and everyone else cannot see it (404).
    Route(
        "api:v1:besoeg-update",
        method="PATCH",
        setup=_besoeg,
        kwargs=lambda c: {"uuid": c.besoeg.uuid},
        data=lambda c: {"version": _besoeg_version(c), "kontaktform": "telefon"},
        ok={"lise": 200, "dorte": 200},
    ),
    Route(
        "api:v1:besoeg-update",
        method="PUT",
        setup=_besoeg,
        kwargs=lambda c: {"uuid": c.besoeg.uuid},
        data=_besoeg_put,
        ok={"lise": 200, "dorte": 200},
    ),
    # Pointing the visit at a foreign bestilling (Gitte's, at Privat Støtte ApS) or at a foreign
    # staff member (Lars): 404 for everybody, also Lars, who sees Gitte's order but not the visit.
    Route(
        "api:v1:besoeg-update",
        method="PATCH",
        id="PATCH api:v1:besoeg-update (fremmed bestilling)",
        setup=_besoeg,
        kwargs=lambda c: {"uuid": c.besoeg.uuid},
        data=lambda c: {"version": _besoeg_version(c), "bestilling": str(c.best_gitte.uuid)},
    ),
    Route(
        "api:v1:besoeg-update",
        method="PATCH",
        id="PATCH api:v1:besoeg-update (fremmed medarbejder)",
        setup=_besoeg,
        kwargs=lambda c: {"uuid": c.besoeg.uuid},
        data=lambda c: {"version": _besoeg_version(c), "medarbejder": str(c.lars.uuid)},
    ),
    Route("api:v1:opgave-list", ok=ALL_200),
    # The measures' roles (as the dashboard): myndighedsleder, leverandørleder, analytiker.
    Route("api:v1:maaling-list", ok=dict.fromkeys(("bo", "sofie", "lise", "lars", "hans"), 200)),
    Route("api:v1:ffb-kodesystem-list", ok=ALL_200),
    Route("api:v1:ffb-kode-list", ok=ALL_200),
]

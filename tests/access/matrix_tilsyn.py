"""Access matrix for tilsyn. Tasks are visible to their responsible sagsbehandler and the team
leader (anna's task on Erik's case: anna and bo); the inbox is each user's own; opfølgning and
tilsyn screens follow the myndighed's case scope (anna, anders, bo for Erik's case)."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from types import SimpleNamespace

from tests.tilsyn import builders as b

from .routes import CAST_USERS, Route

NORD = {"anna": 200, "anders": 200, "bo": 200}
IKKE_MYNDIGHED = frozenset({"lise", "dorte", "frank", "lars", "hans", "ida", "erik_user", "gitte_user"})


def _ffb() -> None:
    from tests.levering.builders import ensure_ffb

    ensure_ffb()


def _world(c: SimpleNamespace) -> None:
    _ffb()
    c.world = b.make_world(c)


def _task(c: SimpleNamespace) -> None:
    from tilsyn.models import Opgave
    from tilsyn.services.frister import frister_scan

    _ffb()
    b.henvendelse(c.sag_erik, frist_on=b.NOW.date())
    frister_scan(now=b.NOW)
    c.opgave = Opgave.objects.get()


def _notifikation(c: SimpleNamespace) -> None:
    _task(c)
    from tilsyn.models import Notifikation

    c.notifikation = Notifikation.objects.get(modtager=c.anna)


def _opfoelgning(c: SimpleNamespace) -> None:
    from bostotte.ffb import codes
    from bostotte.ffb.selectors import kode_get
    from tilsyn.services.opfoelgning import VurderingInput, opfoelgning_create

    _world(c)
    w = c.world
    c.opf = opfoelgning_create(
        sag=w.sag, bestilling=w.bestilling, indsatsmaal=w.maal, udfoert_on=b.NOW.date(), form="telefon", deltagere="Erik og Anna",
        vurderinger=[VurderingInput(undertema=b.undertema_ad(), niveau=b.niveau(2))], stoettebehov=kode_get(codes.STOETTEBEHOV_LET),
        borgers_vurdering="Det går bedre", resultat="fortsaet", naeste_opfoelgning_on=b.NOW.date().replace(year=2027), actor=c.anna, now=b.NOW,
    )


def _tilsyn(c: SimpleNamespace) -> None:
    from tilsyn.services.tilsyn import tilsyn_create

    _world(c)
    c.tilsyn = tilsyn_create(
        sag=c.world.sag, afgoerelse=c.world.bevilling, udfoert_on=b.NOW.date(), form="moede_borger", formaal_opfyldt="ja",
        borgers_beretning="Godt", sikkerhed_ok="ja", paaroerende="ja", konklusion="Fortsætter", handling="ingen", actor=c.anna, now=b.NOW,
    )


ROUTES = [
    Route("tilsyn:mine-opgaver", ok=NORD | {"carl": 200, "sofie": 200}, forbidden=IKKE_MYNDIGHED),
    Route("tilsyn:team-opgaver", ok={"bo": 200, "sofie": 200}, forbidden=IKKE_MYNDIGHED | {"anna", "anders", "carl"}),
    Route(
        "tilsyn:opgave-luk", setup=_task, kwargs=lambda c: {"uuid": c.opgave.uuid}, method="POST",
        data=lambda c: {"status": "afvist", "begrundelse": ""}, ok={"anna": 422, "bo": 422},
    ),
    Route(
        "tilsyn:opgave-luk", id="POST tilsyn:opgave-luk (htmx, udført)", setup=_task, kwargs=lambda c: {"uuid": c.opgave.uuid},
        method="POST", htmx=True, data=lambda c: {"status": "udfoert"}, ok={"anna": 200, "bo": 422},  # bo: already closed by anna
    ),
    Route("tilsyn:indbakke", ok={u: 200 for u in CAST_USERS}),
    Route("tilsyn:indbakke-laest", method="POST", ok={u: 302 for u in CAST_USERS}),
    Route("tilsyn:notifikation-aabn", setup=_notifikation, kwargs=lambda c: {"uuid": c.notifikation.uuid}, method="POST", ok={"anna": 302}),
    Route("tilsyn:opfoelgning-create", setup=_world, kwargs=lambda c: {"uuid": c.sag_erik.uuid}, ok=NORD),
    Route(
        "tilsyn:opfoelgning-create", id="POST tilsyn:opfoelgning-create (ugyldig)", setup=_world, kwargs=lambda c: {"uuid": c.sag_erik.uuid},
        method="POST", data=lambda c: {"form": "telefon"}, ok={"anna": 422, "anders": 422, "bo": 422},
    ),
    Route("tilsyn:opfoelgning-detail", setup=_opfoelgning, kwargs=lambda c: {"uuid": c.opf.uuid}, ok=NORD, logs_access=True),
    Route("tilsyn:tilsyn-create", setup=_world, kwargs=lambda c: {"uuid": c.sag_erik.uuid}, ok=NORD),
    Route(
        "tilsyn:tilsyn-create", id="POST tilsyn:tilsyn-create (ugyldig)", setup=_world, kwargs=lambda c: {"uuid": c.sag_erik.uuid},
        method="POST", data=lambda c: {"form": "telefon"}, ok={"anna": 422, "anders": 422, "bo": 422},
    ),
    Route("tilsyn:tilsyn-detail", setup=_tilsyn, kwargs=lambda c: {"uuid": c.tilsyn.uuid}, ok=NORD, logs_access=True),
]

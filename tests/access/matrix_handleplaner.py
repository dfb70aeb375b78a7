"""Access matrix for the plans (handleplaner).

State: Erik's case has an accepted bestilling to Bostøtten Nord (lise's leverandør) with dorte
assigned, one udredning tilstand shared and one not. So the myndighed (anna, anders, bo) and the
leverandør (lise, dorte) see the plan; frank (not assigned), lars (other leverandør), carl and
sofie (other team), hans, ida and the citizens get 404 on these staff pages (the citizen's own
plan is in the portal). The handleplan is the myndighed's (403 for the leverandør); the
pædagogiske plan and delmål are the leverandør's (403 for the myndighed)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from handleplaner.services import (
    delmaal_create,
    handleplan_answer,
    handleplan_offer,
    handleplan_version_create,
    paedagogisk_plan_create,
)
from tests.handleplaner.builders import give_erik_a_bestilling

from .routes import Route

MYNDIGHED = {"anna": 200, "anders": 200, "bo": 200}
LEVERANDOER = {"lise": 200, "dorte": 200}
BEGGE = {**MYNDIGHED, **LEVERANDOER}
LEV_FORBIDDEN = frozenset({"lise", "dorte"})
MYN_FORBIDDEN = frozenset({"anna", "anders", "bo"})


def _setup(c: SimpleNamespace) -> None:
    give_erik_a_bestilling(c)


def _setup_full(c: SimpleNamespace) -> None:
    """Plus a written, accepted handleplan, a pædagogisk plan and a delmål."""
    give_erik_a_bestilling(c)
    hp = handleplan_offer(sag=c.sag_erik, tilbudt_on=date(2026, 6, 1), tilbudt_maade="moede", actor=c.anna)
    handleplan_answer(handleplan=hp, svar="accepteret", svar_on=date(2026, 6, 2), actor=c.anna)
    handleplan_version_create(
        handleplan=hp, expected_nummer=0, formaal="At Erik kan bo i egen bolig.", indsats="Bostøtte 3 timer om ugen.",
        varighed="Et år.", behandling="Samtaler i distriktspsykiatrien.", actor=c.anna,
    )
    plan = paedagogisk_plan_create(bestilling=c.bestilling, actor=c.dorte)
    c.indsatsmaal = c.bestilling.indsatsmaal.first()
    c.delmaal = delmaal_create(plan=plan, indsatsmaal=c.indsatsmaal, titel="Lave mad to gange om ugen", actor=c.dorte)


def _sag(c: SimpleNamespace) -> dict[str, object]:
    return {"uuid": c.sag_erik.uuid}


ROUTES = [
    Route("handleplaner:plan-list", ok={"lise": 200, "dorte": 200, "frank": 200, "lars": 200}, setup=_setup),
    Route("handleplaner:plan-detail", kwargs=_sag, ok=BEGGE, setup=_setup_full, logs_access=True),
    Route("handleplaner:plan-print", kwargs=_sag, ok=BEGGE, setup=_setup_full, logs_access=True),
    Route("handleplaner:plan-pdf", kwargs=_sag, ok=BEGGE, setup=_setup_full, logs_access=True),
    Route("handleplaner:handleplan-tilbud", kwargs=_sag, ok=MYNDIGHED, forbidden=LEV_FORBIDDEN, setup=_setup, logs_access=True),
    Route(
        "handleplaner:handleplan-tilbud", id="POST handleplan-tilbud (ugyldig)", kwargs=_sag, method="POST",
        data=lambda c: {"version": 1, "omfattet_stk2": "nej", "vurdering_begrundelse": ""},
        ok={"anna": 422, "anders": 422, "bo": 422}, forbidden=LEV_FORBIDDEN, setup=_setup,
    ),
    Route("handleplaner:handleplan-edit", kwargs=_sag, ok=MYNDIGHED, forbidden=LEV_FORBIDDEN, setup=_setup_full, logs_access=True),
    Route(
        "handleplaner:handleplan-edit", id="POST handleplan-edit (forældet version)", kwargs=_sag, method="POST",
        data=lambda c: {"expected_nummer": 0, "formaal": "x", "indsats": "y", "varighed": "z", "aendringer": "w"},
        ok={"anna": 409, "anders": 409, "bo": 409}, forbidden=LEV_FORBIDDEN, setup=_setup_full,
    ),
    Route("handleplaner:handleplan-versioner", kwargs=_sag, ok=MYNDIGHED, forbidden=LEV_FORBIDDEN, setup=_setup_full, logs_access=True),
    Route(
        "handleplaner:handleplan-kommentar", kwargs=_sag, method="POST", data=lambda c: {"tekst": "Talt med Erik."},
        ok={"anna": 302, "anders": 302, "bo": 302}, forbidden=LEV_FORBIDDEN, setup=_setup_full,
    ),
    Route(
        "handleplaner:handleplan-accept", kwargs=_sag, method="POST",
        ok={"anna": 302, "anders": 302, "bo": 302}, forbidden=LEV_FORBIDDEN, setup=_setup_full,
    ),
    Route(
        "handleplaner:paedagogisk-plan-edit", kwargs=lambda c: {"uuid": c.bestilling.uuid}, ok=LEVERANDOER,
        forbidden=MYN_FORBIDDEN, setup=_setup, logs_access=True,
    ),
    Route(
        "handleplaner:paedagogisk-plan-edit", id="POST paedagogisk-plan-edit (ugyldig)", kwargs=lambda c: {"uuid": c.bestilling.uuid},
        method="POST", data=lambda c: {"borger_tilbudt_forberedelse": "on", "udarbejdet": "sammen"},
        ok={"lise": 422, "dorte": 422}, forbidden=MYN_FORBIDDEN, setup=_setup,
    ),
    Route(
        "handleplaner:delmaal-create", kwargs=lambda c: {"uuid": c.indsatsmaal.uuid}, ok=LEVERANDOER,
        forbidden=MYN_FORBIDDEN, setup=_setup_full, logs_access=True,
    ),
    Route(
        "handleplaner:delmaal-create", id="POST delmaal-create", kwargs=lambda c: {"uuid": c.indsatsmaal.uuid}, method="POST",
        data=lambda c: {"titel": "Gå en tur hver dag", "metoder": ["recovery"]},
        ok={"lise": 302, "dorte": 302}, forbidden=MYN_FORBIDDEN, setup=_setup_full,
    ),
    Route(
        "handleplaner:delmaal-edit", kwargs=lambda c: {"uuid": c.delmaal.uuid}, ok=LEVERANDOER,
        forbidden=MYN_FORBIDDEN, setup=_setup_full, logs_access=True,
    ),
    Route(
        "handleplaner:evaluering-delmaal", kwargs=lambda c: {"uuid": c.delmaal.uuid}, ok=BEGGE, setup=_setup_full,
        logs_access=True,
    ),
    Route(
        "handleplaner:evaluering-delmaal", id="POST evaluering-delmaal", kwargs=lambda c: {"uuid": c.delmaal.uuid}, method="POST",
        data=lambda c: {"score": "1", "note": "Godt"}, ok={k: 302 for k in BEGGE}, setup=_setup_full,
    ),
    Route(
        "handleplaner:evaluering-indsatsmaal", kwargs=lambda c: {"uuid": c.indsatsmaal.uuid}, ok=BEGGE, setup=_setup_full,
        logs_access=True,
    ),
    Route(
        "handleplaner:evaluering-indsatsmaal", id="POST evaluering-indsatsmaal (htmx)", kwargs=lambda c: {"uuid": c.indsatsmaal.uuid},
        method="POST", data=lambda c: {"score": "0"}, ok={k: 200 for k in BEGGE}, setup=_setup_full, htmx=True,
    ),
]

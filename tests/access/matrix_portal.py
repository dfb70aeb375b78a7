"""Borgerportal: Erik sees his own pages and objects; Gitte gets 404 on Erik's objects; staff
get 404 on every citizen page. The staff page for visit wishes follows the case scope."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.core.files.base import ContentFile

from bostotte.core.services.borger import paaroerende_create, samtykke_give

from .routes import Route

ERIK = {"erik_user": 200}
BORGERE = {"erik_user": 200, "gitte_user": 200}


def _levering(c: SimpleNamespace) -> None:
    from tests.levering.builders import ensure_ffb  # noqa: PLC0415
    from tests.portal.conftest import erik_levering  # noqa: PLC0415

    ensure_ffb()
    c.lev = erik_levering(c)


def _anmodning(c: SimpleNamespace) -> None:
    from portal.services import besoegsanmodning_create  # noqa: PLC0415
    from tests.portal.conftest import NOW  # noqa: PLC0415

    _levering(c)
    c.anmodning = besoegsanmodning_create(
        borger=c.erik, besoeg=c.lev.planned[0], art="flyt", begrundelse="Tandlæge", actor=c.erik_user, now=NOW
    )


def _plan(c: SimpleNamespace) -> None:
    from tests.portal.conftest import erik_plan  # noqa: PLC0415

    _levering(c)
    c.plan = erik_plan(c, c.lev)


def _afgoerelse(c: SimpleNamespace) -> None:
    from tests.levering.builders import afgoerelse, ensure_ffb  # noqa: PLC0415

    ensure_ffb()
    a = afgoerelse(c.sag_erik)
    a.meddelt_on = date(2026, 3, 2)
    a.brev.save("brev.pdf", ContentFile(b"%PDF-1.7 matrix"), save=False)
    a.save(update_fields=["meddelt_on", "brev"])
    c.afg = a


def _paaroerende(c: SimpleNamespace) -> None:
    c.mona = paaroerende_create(borger=c.erik, navn="Mona", relation="mor", actor=None)
    samtykke_give(paaroerende=c.mona, omfang=["plan"], actor=None)


ROUTES = [
    # Pages of one's own: every citizen has them; staff get 404.
    Route("portal:forside", ok=BORGERE),
    Route("portal:plan", ok=BORGERE),
    Route("portal:besoeg-list", ok=BORGERE),
    Route("portal:afgoerelse-list", ok=BORGERE),
    Route("portal:trivsel", ok=BORGERE),
    Route("portal:trivsel-udfyld", ok=BORGERE),
    Route("portal:trivsel-tak", ok=BORGERE),
    Route("portal:paaroerende-list", ok=BORGERE),
    Route("portal:adgangslog", ok=BORGERE),
    Route("portal:adgangslog-csv", ok=BORGERE, logs_access=True),
    Route("portal:kontakt", ok=BORGERE),
    Route("portal:trivsel-udfyld", method="POST", data=lambda c: {"who5_happy": "3"}, ok={"erik_user": 422, "gitte_user": 422}, id="POST portal:trivsel-udfyld (mangler svar)"),
    # Erik's objects: Gitte and staff get 404.
    Route("portal:besoeg-aendr", setup=_levering, kwargs=lambda c: {"uuid": c.lev.planned[0].uuid}, ok=ERIK),
    Route("portal:plan-aendringer", setup=_plan, kwargs=lambda c: {"uuid": c.plan.v2.uuid}, ok=ERIK),
    Route("portal:plan-accept", setup=_plan, kwargs=lambda c: {"uuid": c.plan.v2.uuid}, method="POST", ok={"erik_user": 302}),
    Route("portal:plan-kommentar", setup=_plan, kwargs=lambda c: {"uuid": c.plan.v2.uuid}, method="POST", data=lambda c: {"tekst": ""}, ok={"erik_user": 422}),
    Route("portal:maal-vurder", setup=_plan, kwargs=lambda c: {"uuid": c.plan.delmaal.uuid}, ok=ERIK),
    Route("portal:afgoerelse-detail", setup=_afgoerelse, kwargs=lambda c: {"uuid": c.afg.uuid}, ok=ERIK),
    Route("portal:afgoerelse-brev", setup=_afgoerelse, kwargs=lambda c: {"uuid": c.afg.uuid}, ok=ERIK, logs_access=True),
    Route("portal:paaroerende-detail", setup=_paaroerende, kwargs=lambda c: {"uuid": c.mona.uuid}, ok=ERIK),
    Route("portal:paaroerende-tilbagekald", setup=_paaroerende, kwargs=lambda c: {"uuid": c.mona.uuid}, method="POST", ok={"erik_user": 302}),
    # Staff: the wishes list is for staff with case access; the bostøtte (dorte, assigned) and
    # the leverandørleder answer; the myndighed sees but may not answer (403).
    Route("portal:anmodning-list", ok={"anna": 200, "anders": 200, "bo": 200, "carl": 200, "sofie": 200, "lise": 200, "dorte": 200, "frank": 200, "lars": 200}),
    Route(
        "portal:anmodning-handle", setup=_anmodning, kwargs=lambda c: {"uuid": c.anmodning.uuid}, method="POST",
        data=lambda c: {"svar": "Ok"}, ok={"lise": 302, "dorte": 302}, forbidden=frozenset({"anna", "anders", "bo"}),
    ),
]

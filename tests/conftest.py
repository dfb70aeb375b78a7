"""The shared cast. Tests read as stories:

* `anna` (sagsbehandler) is responsible for Erik's case on team Nord, led by `bo`;
* `carl` (sagsbehandler) is on team Syd, led by `sofie`, responsible for Gitte's case;
* `lise` leads leverandør "Bostøtten Nord"; `dorte` and `frank` are its bostøtter;
* `lars` leads leverandør "Privat Støtte ApS"; `hans` is an analytiker; `ida` an administrator;
* `erik` and `gitte` are citizens; Erik can log in to the portal.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bostotte.core.models import LeverandoerTeam, Rolle

from .factories import (
    make_borger,
    make_kommune,
    make_leverandoer,
    make_myndighed_team,
    make_sag,
    make_staff,
)


@pytest.fixture(autouse=True)
def _locmem_cache(settings):  # type: ignore[no-untyped-def]
    """Tests must not share cached state through Redis between runs."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def cast(db):  # type: ignore[no-untyped-def]
    kommune = make_kommune()
    team_nord = make_myndighed_team("Team Nord", kommune)
    team_syd = make_myndighed_team("Team Syd", kommune)
    bo = make_staff(Rolle.MYNDIGHEDSLEDER, username="bo", myndighed_team=team_nord, first_name="Bo", last_name="Leder")
    sofie = make_staff(Rolle.MYNDIGHEDSLEDER, username="sofie", myndighed_team=team_syd, first_name="Sofie", last_name="Leder")
    team_nord.leder = bo
    team_nord.save(update_fields=["leder"])
    team_syd.leder = sofie
    team_syd.save(update_fields=["leder"])
    anna = make_staff(Rolle.SAGSBEHANDLER, username="anna", myndighed_team=team_nord, first_name="Anna", last_name="Andersen")
    anders = make_staff(Rolle.SAGSBEHANDLER, username="anders", myndighed_team=team_nord, first_name="Anders", last_name="Kollega")
    carl = make_staff(Rolle.SAGSBEHANDLER, username="carl", myndighed_team=team_syd, first_name="Carl", last_name="Carlsen")

    lev_nord = make_leverandoer("Bostøtten Nord", "12345678", kommune)
    lev_privat = make_leverandoer("Privat Støtte ApS", "87654321", kommune)
    lt_nord = LeverandoerTeam.objects.create(leverandoer=lev_nord, navn="Team Øst")
    lt_privat = LeverandoerTeam.objects.create(leverandoer=lev_privat, navn="Team 1")
    lise = make_staff(Rolle.LEVERANDOERLEDER, username="lise", leverandoer_team=lt_nord, first_name="Lise", last_name="Leder")
    lt_nord.leder = lise
    lt_nord.save(update_fields=["leder"])
    dorte = make_staff(Rolle.BOSTOETTE, username="dorte", leverandoer_team=lt_nord, first_name="Dorte", last_name="Dahl", koen="kvinde", foedselsaar=1980, uddannelse="socialpaedagog")
    frank = make_staff(Rolle.BOSTOETTE, username="frank", leverandoer_team=lt_nord, first_name="Frank", last_name="Fisker", koen="mand", foedselsaar=1990, uddannelse="sosu_assistent")
    lars = make_staff(Rolle.LEVERANDOERLEDER, username="lars", leverandoer_team=lt_privat, first_name="Lars", last_name="Privat")
    hans = make_staff(Rolle.ANALYTIKER, username="hans", first_name="Hans", last_name="Analytiker")
    ida = make_staff(Rolle.ADMINISTRATOR, username="ida", first_name="Ida", last_name="Admin")

    erik = make_borger("Erik", "Eriksen", kommune=kommune, with_login=True, username="erik")
    gitte = make_borger("Gitte", "Gregersen", kommune=kommune, with_login=True, username="gitte")
    sag_erik = make_sag(erik, anna, team_nord)
    sag_gitte = make_sag(gitte, carl, team_syd)
    return SimpleNamespace(
        kommune=kommune, team_nord=team_nord, team_syd=team_syd, bo=bo, sofie=sofie, anna=anna,
        anders=anders, carl=carl, lev_nord=lev_nord, lev_privat=lev_privat, lt_nord=lt_nord,
        lt_privat=lt_privat, lise=lise, dorte=dorte, frank=frank, lars=lars, hans=hans, ida=ida,
        erik=erik, gitte=gitte, sag_erik=sag_erik, sag_gitte=sag_gitte,
        erik_user=erik.user, gitte_user=gitte.user,
    )


@pytest.fixture
def ffb(db):  # type: ignore[no-untyped-def]
    """FFB reference data loaded as in production (idempotent loader)."""
    from django.conf import settings

    from bostotte.ffb.services import kodesystem_load

    for name in ("CodeSystem-FFB.json", "CodeSystem-CareSocialCodes.json"):
        kodesystem_load(path=settings.FFB_REFERENCE_DIR / name)
    return True

"""Test state for the plans until the visitation and levering services exist.

Builds a truffet, active bevilling (complete per visitation's DB constraints), an accepted
bestilling with indsatsmål under Aktivitet og deltagelse undertemaer, an udredning with one
shared and one unshared tilstand, and an active tildeling (through levering's tildeling_create).
The bevilling/bestilling are raw ORM: see the note at `make_bestilling`."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from bostotte.core.models import Leverandoer, Sag, User
from bostotte.ffb.codes import FFB_URL
from bostotte.ffb.models import Kode, Kodesystem
from bostotte.ffb.services import kodesystem_load_reference
from levering.models import Tildeling
from levering.services import tildeling_create
from visitation.models import (
    Afgoerelse,
    Bestilling,
    Indsatsmaal,
    Kvalitetsstandard,
    Tilstand,
    Udredning,
)

UNSHARED_TEXT = "Erik har tidligere haft et misbrug af hash (deles ikke)."
SHARED_TEXT = "Erik har svært ved at handle ind og lave mad."


def ensure_ffb() -> None:
    """Load the shipped FFB code tables once (the access matrix has only the `cast` fixture)."""
    if not Kodesystem.objects.filter(url=FFB_URL).exists():
        kodesystem_load_reference()


def make_kvalitetsstandard(*, lovgrundlag: str = "sel_85", frist_dage: int = 30) -> Kvalitetsstandard:
    existing = Kvalitetsstandard.objects.filter(lovgrundlag=lovgrundlag, status="publiceret").first()
    if existing:
        return existing
    return Kvalitetsstandard.objects.create(
        lovgrundlag=lovgrundlag, version=1, status="publiceret", gyldig_fra=date(2026, 1, 1),
        titel="Socialpædagogisk støtte", formaal="Støtte til at klare hverdagen.",
        maalgruppe_beskrivelse="Voksne med psykiske vanskeligheder.", indhold="Hjælp i eget hjem.",
        visitationskriterier="Vi ser på din funktionsevne.", former=["individuel"],
        handleplan_frist_dage=frist_dage,
    )


def make_bevilling(
    sag: Sag, *, truffet_at: datetime | None = None, lovgrundlag: str = "sel_85", frist_dage: int = 30,
    actor: User | None = None,
) -> Afgoerelse:
    """A truffet, active bevilling on the case (er_aktiv=True)."""
    ensure_ffb()
    truffet_at = truffet_at or timezone.now()
    maalgruppe = Kode.objects.current().maalgrupper().first()
    return Afgoerelse.objects.create(
        sag=sag, borger=sag.borger, kvalitetsstandard=make_kvalitetsstandard(lovgrundlag=lovgrundlag, frist_dage=frist_dage),
        resultat="bevilling", status="truffet", lovgrundlag=lovgrundlag, maalgruppe=maalgruppe,
        timer=Decimal("3.00"), timer_periode="uge", form="individuel",
        starts_on=timezone.localdate(truffet_at), begrundelse_regler="Serviceloven § 85.",
        begrundelse_hovedhensyn="Borgerens behov for støtte i hverdagen.", partshoering="ikke_noedvendig",
        partshoering_ikke_begrundelse="Fuldt grundlag fra borgeren selv.", klagevejledning="Du kan klage inden 4 uger.",
        truffet_at=truffet_at, er_aktiv=True, oprettet_af=actor or sag.ansvarlig,
    )


def make_udredning(sag: Sag) -> tuple[Udredning, Tilstand, Tilstand]:
    """An udredning with a tilstand that will be shared and one that will not."""
    ensure_ffb()
    undertemaer = list(Kode.objects.current().aktivitet_deltagelse_undertemaer()[:2])
    kilde = Kode.objects.current().kilder().first()
    udredning = Udredning.objects.create(sag=sag, oprettet_af=sag.ansvarlig)
    delt = Tilstand.objects.create(udredning=udredning, undertema=undertemaer[0], beskrivelse=SHARED_TEXT, kilde=kilde)
    ikke_delt = Tilstand.objects.create(udredning=udredning, undertema=undertemaer[1], beskrivelse=UNSHARED_TEXT, kilde=kilde)
    return udredning, delt, ikke_delt


def make_bestilling(
    sag: Sag, leverandoer: Leverandoer, *, afgoerelse: Afgoerelse | None = None, status: str = "accepteret",
    antal_maal: int = 2, indsatsformaal: str = "Erik skal kunne klare sin hverdag i egen bolig.",
    share_tilstand: Tilstand | None = None, now: datetime | None = None,
) -> Bestilling:
    """An accepted bestilling with `antal_maal` indsatsmål.

    Raw ORM: visitation.services now exists, but going through it means henvendelse → udredning
    (finished) → afgørelse (traef) → bestilling_create/send → levering's bestilling_accept; and
    `make_bevilling` needs truffet_at in the past for the deadline tests, which the services
    (now-stamped) cannot give. Left for a follow-up."""
    ensure_ffb()
    now = now or timezone.now()
    afgoerelse = afgoerelse or make_bevilling(sag, truffet_at=now - timedelta(days=10))
    bestilling = Bestilling.objects.create(
        sag=sag, afgoerelse=afgoerelse, leverandoer=leverandoer, status=status, indsatsformaal=indsatsformaal,
        starts_on=timezone.localdate(now) - timedelta(days=7), sendt_at=None if status == "kladde" else now - timedelta(days=9),
        besvaret_at=None if status in ("kladde", "sendt") else now - timedelta(days=8), oprettet_af=sag.ansvarlig,
    )
    if share_tilstand is not None:
        bestilling.delte_tilstande.add(share_tilstand)
    undertemaer = list(Kode.objects.current().aktivitet_deltagelse_undertemaer()[:antal_maal])
    maaltype = Kode.objects.current().maaltyper().first()
    for i, undertema in enumerate(undertemaer):
        Indsatsmaal.objects.create(
            bestilling=bestilling, undertema=undertema, beskrivelse=f"Indsatsmål {i + 1}: {undertema.display}",
            maaltype=maaltype, opfoelgning_on=timezone.localdate(now) + timedelta(days=180), raekkefoelge=i,
        )
    return bestilling


def make_tildeling(bestilling: Bestilling, medarbejder: User, *, starts_on: date | None = None, ends_on: date | None = None) -> Tildeling:
    """Through levering's service (the system as actor)."""
    return tildeling_create(
        bestilling=bestilling, medarbejder=medarbejder, starts_on=starts_on or date(2026, 1, 1), ends_on=ends_on, actor=None,
    )


def give_erik_a_bestilling(c) -> Bestilling:  # type: ignore[no-untyped-def]
    """The standard story: Erik's case has an accepted bestilling to Bostøtten Nord (lise's),
    dorte is assigned; one tilstand is shared in the bestilling, one is not."""
    _udredning, delt, ikke_delt = make_udredning(c.sag_erik)
    bestilling = make_bestilling(c.sag_erik, c.lev_nord, share_tilstand=delt)
    make_tildeling(bestilling, c.dorte)
    c.bestilling = bestilling
    c.tilstand_delt = delt
    c.tilstand_ikke_delt = ikke_delt
    return bestilling

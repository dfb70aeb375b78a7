"""Build tilsyn test state.

The visitation services are being written in parallel with this app, so the state here is built
with the ORM, complete per the database constraints (as tests/levering/builders.py does). Swap to
`tests/visitation/builders.py` once those services are stable.

Defaults: a published § 85 kvalitetsstandard (the model defaults: sagsbehandlingsfrist 8 weeks,
revisitation and tilsyn 12 months, bestilling answered within 5 days, first visit within 14 days,
tolerance 20 %), an application received 2026-03-20, a bevilling made that day starting
2026-04-01, and an order sent that day with one indsatsmål followed up 2026-10-01."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bostotte.core.models import Sag, User
from bostotte.ffb import codes
from bostotte.ffb.models import Kode
from bostotte.ffb.selectors import kode_get
from visitation.models import (
    Afgoerelse,
    Bestilling,
    Henvendelse,
    Indsatsmaal,
    Klage,
    Kvalitetsstandard,
    Tilstand,
    Udredning,
)

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=CPH)


def at(y: int, m: int, d: int, h: int = 6) -> datetime:
    """A local Copenhagen time (default 06:00: after the 05:00 scan)."""
    return datetime(y, m, d, h, 0, tzinfo=CPH)


def kvalitetsstandard(**overrides: object) -> Kvalitetsstandard:
    ks = Kvalitetsstandard.objects.filter(lovgrundlag="sel_85", status="publiceret").first()
    if ks is None:
        ks = Kvalitetsstandard.objects.create(
            lovgrundlag="sel_85", version=1, status="publiceret", gyldig_fra=date(2025, 1, 1),
            titel="Socialpædagogisk støtte", formaal="Formål", maalgruppe_beskrivelse="Voksne",
            indhold="Støtte i eget hjem", visitationskriterier="Kriterier", former=["individuel", "gruppe"],
        )
    if overrides:
        for k, v in overrides.items():
            setattr(ks, k, v)
        ks.save()
    return ks


def undertema_ad() -> Kode:
    return Kode.objects.aktivitet_deltagelse_undertemaer().first()  # type: ignore[return-value]


def undertema_ad2() -> Kode:
    return Kode.objects.aktivitet_deltagelse_undertemaer()[1]


def undertema_other() -> Kode:
    return Kode.objects.undertemaer().filter(kraever_funktionsevneniveau=False).first()  # type: ignore[return-value]


def niveau(ordinal: int) -> Kode:
    return Kode.objects.funktionsevneniveauer().get(ordinal=ordinal)


def henvendelse(sag: Sag, *, modtaget_on: date = date(2026, 3, 20), frist_on: date | None = None, er_ansoegning: bool = True, status: str = "aaben") -> Henvendelse:
    return Henvendelse.objects.create(
        sag=sag, modtaget_on=modtaget_on, kilde="egen", er_ansoegning=er_ansoegning, kvalitetsstandard=kvalitetsstandard(),
        borgers_ord="Jeg vil gerne klare mig selv.", status=status,
        frist_on=frist_on or (modtaget_on + timedelta(weeks=kvalitetsstandard().sagsbehandlingsfrist_ny_uger) if er_ansoegning else None),
    )


def udredning(sag: Sag, *, henv: Henvendelse | None = None, niveau_ordinal: int = 3) -> Udredning:
    udr = Udredning.objects.create(
        sag=sag, henvendelse=henv, status="afsluttet", afsluttet_at=NOW, borgers_maal_og_oensker="Handle selv",
        borgers_vurdering="Jeg har brug for hjælp", stoettebehov=kode_get(codes.STOETTEBEHOV_MODERAT),
    )
    kilde = Kode.objects.kilder().first()
    Tilstand.objects.create(udredning=udr, undertema=undertema_ad(), beskrivelse="Svært ved at handle ind", kilde=kilde, funktionsevneniveau=niveau(niveau_ordinal))
    Tilstand.objects.create(udredning=udr, undertema=undertema_ad2(), beskrivelse="Svært ved økonomi", kilde=kilde, funktionsevneniveau=niveau(2))
    Tilstand.objects.create(udredning=udr, undertema=undertema_other(), beskrivelse="Sover dårligt", kilde=kilde)
    return udr


def bevilling(sag: Sag, *, starts_on: date = date(2026, 4, 1), ends_on: date | None = None, truffet_at: datetime = NOW,
              henv: Henvendelse | None = None, udr: Udredning | None = None, timer: Decimal | int = 3,
              revisitation_maaneder: int | None = None, tilsyn_maaneder: int | None = None) -> Afgoerelse:
    return Afgoerelse.objects.create(
        sag=sag, borger=sag.borger, henvendelse=henv, udredning=udr, kvalitetsstandard=kvalitetsstandard(),
        resultat="bevilling", status="truffet", lovgrundlag="sel_85", maalgruppe=Kode.objects.maalgrupper().first(),
        timer=Decimal(timer), timer_periode="uge", form="individuel", starts_on=starts_on, ends_on=ends_on,
        revisitation_maaneder=revisitation_maaneder, tilsyn_maaneder=tilsyn_maaneder,
        begrundelse_regler="SEL § 85", begrundelse_hovedhensyn="Behov for støtte", partshoering="ikke_noedvendig",
        partshoering_ikke_begrundelse="Fuldt medhold", klagevejledning="Du kan klage inden 4 uger.",
        truffet_at=truffet_at, meddelt_on=truffet_at.date(), er_aktiv=True,
    )


def bestilling(afg: Afgoerelse, leverandoer: object, *, status: str = "sendt", sendt_at: datetime = NOW,
               starts_on: date = date(2026, 4, 1), opfoelgning_on: date = date(2026, 10, 1), timer: Decimal | int = 3) -> Bestilling:
    b = Bestilling.objects.create(
        sag=afg.sag, afgoerelse=afg, leverandoer=leverandoer, status=status, indsatsformaal="At kunne bo i egen bolig",
        timer=Decimal(timer), timer_periode="uge", starts_on=starts_on, sendt_at=sendt_at if status != "kladde" else None,
    )
    Indsatsmaal.objects.create(
        bestilling=b, undertema=undertema_ad(), beskrivelse="Kan selv handle ind en gang om ugen",
        maaltype=kode_get(codes.MAALTYPE_UDVIKLE), opfoelgning_on=opfoelgning_on,
    )
    return b


def klage(afg: Afgoerelse, *, modtaget_on: date = date(2026, 3, 25)) -> Klage:
    return Klage.objects.create(
        sag=afg.sag, afgoerelse=afg, modtaget_on=modtaget_on, form="skriftlig", beskrivelse="For få timer",
        genvurdering_frist_on=modtaget_on + timedelta(weeks=4),
    )


@dataclass
class World:
    ks: Kvalitetsstandard
    sag: Sag
    henvendelse: Henvendelse
    udredning: Udredning
    bevilling: Afgoerelse
    bestilling: Bestilling
    maal: Indsatsmaal


def make_world(cast: SimpleNamespace, *, sag: Sag | None = None, bestilling_status: str = "accepteret", **bevilling_kw: object) -> World:
    """A decided application, an active bevilling and an accepted order with one indsatsmål."""
    sag = sag or cast.sag_erik
    ks = kvalitetsstandard()
    henv = henvendelse(sag, status="afgjort")
    udr = udredning(sag, henv=henv)
    afg = bevilling(sag, henv=henv, udr=udr, **bevilling_kw)  # type: ignore[arg-type]
    best = bestilling(afg, cast.lev_nord, status=bestilling_status)
    return World(ks=ks, sag=sag, henvendelse=henv, udredning=udr, bevilling=afg, bestilling=best, maal=best.indsatsmaal.get())


__all__ = ["User"]

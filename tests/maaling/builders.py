"""A small hand-computed dataset for the measures (see tests/maaling/test_measures.py for the
expected numbers and how each was computed by hand).

Visitation, tilsyn (opfølgning, tilsyn) and handleplan rows are written with the ORM, complete per
the apps' database constraints and triggers, because building exact historical dates through
the services (which stamp `now` on each step) would need a service call per date and several of
them (opfølgning, tilsyn) do not exist yet. Visits use `levering.services.besoeg_create` with `now=`;
WHO-5 answers are ORM rows (the portal service takes the answering user as actor).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from bostotte.core.models import Borger, Rolle, Sag
from bostotte.ffb import codes
from bostotte.ffb.models import Kode
from bostotte.ffb.selectors import kode_get
from handleplaner.models import Handleplan
from levering.models import Indlaeggelse, Tildeling
from levering.services.besoeg import besoeg_create
from portal.models import Trivselsmaaling
from tilsyn.models import Opfoelgning, TilstandVurdering, Tilsyn
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

from ..factories import make_borger, make_sag, make_staff

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=CPH)
TODAY = date(2026, 6, 15)
FRA = date(2026, 1, 1)
TIL = date(2026, 6, 30)


def at(d: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=CPH)


def kvalitetsstandard() -> Kvalitetsstandard:
    ks = Kvalitetsstandard.objects.filter(lovgrundlag="sel_85", status="publiceret").first()
    return ks or Kvalitetsstandard.objects.create(
        lovgrundlag="sel_85", version=1, status="publiceret", gyldig_fra=date(2025, 1, 1), titel="Socialpædagogisk støtte",
        formaal="Formål", maalgruppe_beskrivelse="Voksne", indhold="Støtte i eget hjem", visitationskriterier="Kriterier",
        former=["individuel"],
    )


def henvendelse(sag: Sag, modtaget: date, *, frist: date | None = None, status: str = "afgjort") -> Henvendelse:
    return Henvendelse.objects.create(
        sag=sag, modtaget_on=modtaget, kilde="egen", kvalitetsstandard=kvalitetsstandard(), borgers_ord="Jeg vil klare mig selv.",
        frist_on=frist or modtaget + timedelta(weeks=8), status=status,
    )


def udredning(sag: Sag, afsluttet: datetime, *, stoettebehov: str, niveauer: dict[Kode, str], er_revisitation: bool = False) -> Udredning:
    u = Udredning.objects.create(
        sag=sag, status="afsluttet", afsluttet_at=afsluttet, borgers_maal_og_oensker="At klare mig selv.",
        borgers_vurdering="Jeg har brug for hjælp.", stoettebehov=kode_get(stoettebehov), er_revisitation=er_revisitation,
    )
    kilde = Kode.objects.current().kilder().first()
    for undertema, niveau in niveauer.items():
        Tilstand.objects.create(udredning=u, undertema=undertema, beskrivelse="Beskrivelse", kilde=kilde, funktionsevneniveau=kode_get(niveau))
    return u


def bevilling(sag: Sag, truffet_at: datetime, *, henv: Henvendelse | None, starts_on: date, timer: int = 3, **kw: object) -> Afgoerelse:
    return Afgoerelse.objects.create(
        sag=sag, borger=sag.borger, henvendelse=henv, kvalitetsstandard=kvalitetsstandard(), resultat="bevilling", status="truffet",
        lovgrundlag="sel_85", maalgruppe=Kode.objects.current().maalgrupper().first(), timer=Decimal(timer), timer_periode="uge",
        form="individuel", starts_on=starts_on, begrundelse_regler="SEL § 85", begrundelse_hovedhensyn="Behov for støtte",
        partshoering="ikke_noedvendig", partshoering_ikke_begrundelse="Fuldt medhold", klagevejledning="Du kan klage inden 4 uger.",
        truffet_at=truffet_at, er_aktiv=True, **kw,
    )


def bestilling(afg: Afgoerelse, leverandoer: object, *, sendt_at: datetime, besvaret_at: datetime, starts_on: date,
               status: str = "accepteret") -> Bestilling:
    return Bestilling.objects.create(
        sag=afg.sag, afgoerelse=afg, leverandoer=leverandoer, status=status, indsatsformaal="At kunne bo i egen bolig",
        timer=afg.timer, timer_periode="uge", starts_on=starts_on, sendt_at=sendt_at, besvaret_at=besvaret_at,
    )


def indsatsmaal(b: Bestilling, undertema: Kode, opfoelgning_on: date) -> Indsatsmaal:
    return Indsatsmaal.objects.create(
        bestilling=b, undertema=undertema, beskrivelse="Kan selv handle ind", maaltype=Kode.objects.current().maaltyper().first(),
        opfoelgning_on=opfoelgning_on,
    )


def status_kode(resultat: str) -> Kode | None:
    if resultat == "aendres":
        return None
    leaves = list(Kode.objects.current().status_paa_indsats().filter(is_leaf=True).order_by("path"))
    return leaves[0]


def opfoelgning(b: Bestilling, maal: Indsatsmaal | None, udfoert: date, *, stoettebehov: str, gas: int | None,
                resultat: str = "fortsaet", naeste: date | None = None, niveauer: dict[Kode, str] | None = None) -> Opfoelgning:
    o = Opfoelgning.objects.create(
        sag=b.sag, bestilling=b, indsatsmaal=maal, udfoert_on=udfoert, form="moede_borger", deltagere="Borger og sagsbehandler",
        stoettebehov=kode_get(stoettebehov), borgers_vurdering="Det går bedre.", gas_score=gas, resultat=resultat,
        status_kode=status_kode(resultat), naeste_opfoelgning_on=naeste,
    )
    for undertema, niveau in (niveauer or {}).items():
        TilstandVurdering.objects.create(opfoelgning=o, undertema=undertema, efter_niveau=kode_get(niveau))
    return o


def visit(b: Bestilling, medarbejder: object, day: date, hours: float, *, status: str = "gennemfoert", planlagt: bool = True,
          hour: int = 10) -> None:
    start = at(day, hour)
    besoeg_create(
        bestilling=b, medarbejder=medarbejder, starts_at=start, ends_at=start + timedelta(hours=hours), kontaktform="hjemmebesoeg",  # type: ignore[arg-type]
        planlagt=planlagt, status=status, actor=medarbejder, now=at(day, 20) if day <= TODAY else NOW,  # type: ignore[arg-type]
    )


def who5(borger: Borger, when: datetime, score: int, livstilfredshed: int | None = None) -> None:
    # score/4 spread over five items (raw sum = score / 4)
    raw = score // 4
    values = []
    left = raw
    for _i in range(5):
        v = min(5, left)
        values.append(v)
        left -= v
    assert sum(values) == raw
    Trivselsmaaling.objects.create(
        borger=borger, besvaret_at=when, **{f"who5_{k}": v for k, v in zip(("happy", "calm", "active", "rested", "interest"), values, strict=True)},
        who5_score=raw * 4, livstilfredshed=livstilfredshed,
    )


def build(cast: SimpleNamespace) -> SimpleNamespace:
    """The dataset; returns handles for tests. Needs the `ffb` fixture."""
    ad = list(Kode.objects.current().aktivitet_deltagelse_undertemaer().order_by("path")[:2])
    a, b_tema = ad[0], ad[1]
    F = codes
    dorte = cast.dorte
    privat_bostoette = make_staff(Rolle.BOSTOETTE, username="pia", leverandoer_team=cast.lt_privat, first_name="Pia", last_name="Privat")

    # -- Erik (Nord, lev_nord) --------------------------------------------------------------------
    erik, sag_erik = cast.erik, cast.sag_erik
    Borger.objects.filter(pk=erik.pk).update(koen="mand", foedselsdato=date(1985, 3, 14))
    h_erik = henvendelse(sag_erik, date(2026, 1, 5))
    udredning(sag_erik, at(date(2026, 1, 20)), stoettebehov=F.STOETTEBEHOV_MODERAT,
              niveauer={a: F.FUNKTIONSEVNENIVEAU_MODERAT, b_tema: F.FUNKTIONSEVNENIVEAU_SVAER})
    afg_erik = bevilling(sag_erik, at(date(2026, 1, 25)), henv=h_erik, starts_on=date(2026, 2, 1), revisitation_maaneder=3, tilsyn_maaneder=2)
    best_erik = bestilling(afg_erik, cast.lev_nord, sendt_at=at(date(2026, 1, 26), 9), besvaret_at=at(date(2026, 1, 27), 21), starts_on=date(2026, 2, 1))
    m1 = indsatsmaal(best_erik, a, date(2026, 4, 1))
    m2 = indsatsmaal(best_erik, b_tema, date(2026, 4, 1))
    Tildeling.objects.create(bestilling=best_erik, medarbejder=dorte, starts_on=date(2026, 1, 28))
    visit(best_erik, dorte, date(2026, 2, 1), 1, status="aflyst_borger")
    visit(best_erik, dorte, date(2026, 2, 4), 2)
    visit(best_erik, dorte, date(2026, 2, 13), 1.5)
    visit(best_erik, dorte, date(2026, 2, 20), 1, planlagt=False)  # unplanned: not in the cancellation share
    Indlaeggelse.objects.create(sag=sag_erik, borger=erik, indlagt_on=date(2026, 2, 9), udskrevet_on=date(2026, 2, 12), pause=True, pause_standard=True)
    visit(best_erik, dorte, date(2026, 2, 10), 1, status="aflyst_medarbejder")  # during the paused admission: excluded
    Indlaeggelse.objects.create(sag=sag_erik, borger=erik, indlagt_on=date(2026, 3, 1), udskrevet_on=date(2026, 3, 5), pause=False, pause_standard=False,
                                pause_begrundelse="Kort indlæggelse")
    Handleplan.objects.create(sag=sag_erik, tilbudt_on=date(2026, 2, 1), tilbudt_maade="moede", svar="accepteret", svar_on=date(2026, 2, 3))
    opfoelgning(best_erik, m1, date(2026, 3, 30), stoettebehov=F.STOETTEBEHOV_LET, gas=1, naeste=date(2026, 6, 1),
                niveauer={a: F.FUNKTIONSEVNENIVEAU_LET, b_tema: F.FUNKTIONSEVNENIVEAU_SVAER})
    opfoelgning(best_erik, m2, date(2026, 3, 30), stoettebehov=F.STOETTEBEHOV_LET, gas=-1, naeste=date(2026, 9, 1))
    Udredning.objects.create(sag=sag_erik, er_revisitation=True)  # started on time (created_at set below)
    Udredning.objects.filter(sag=sag_erik, er_revisitation=True).update(created_at=at(date(2026, 4, 20)))
    Tilsyn.objects.create(sag=sag_erik, afgoerelse=afg_erik, udfoert_on=date(2026, 3, 20), form="moede_borger", formaal_opfyldt="ja",
                          borgers_beretning="Godt", sikkerhed_ok="ja", paaroerende="nej", konklusion="Fortsætter", handling="ingen")
    who5(erik, at(date(2025, 12, 1)), 40, livstilfredshed=5)
    who5(erik, at(date(2026, 3, 1)), 52)
    who5(erik, at(date(2026, 5, 1)), 60, livstilfredshed=8)

    # -- Gitte (Syd, lev_privat) ---------------------------------------------------------------------
    gitte, sag_gitte = cast.gitte, cast.sag_gitte
    Borger.objects.filter(pk=gitte.pk).update(koen="kvinde", foedselsdato=date(1970, 8, 1))
    h_gitte = henvendelse(sag_gitte, date(2026, 2, 1))
    udredning(sag_gitte, at(date(2026, 3, 1)), stoettebehov=F.STOETTEBEHOV_MODERAT, niveauer={a: F.FUNKTIONSEVNENIVEAU_MODERAT})
    afg_gitte = bevilling(sag_gitte, at(date(2026, 3, 13)), henv=h_gitte, starts_on=date(2026, 3, 15), revisitation_maaneder=2)
    best_gitte = bestilling(afg_gitte, cast.lev_privat, sendt_at=at(date(2026, 3, 14)), besvaret_at=at(date(2026, 3, 24)), starts_on=date(2026, 3, 15))
    mg = indsatsmaal(best_gitte, a, date(2026, 5, 1))
    Tildeling.objects.create(bestilling=best_gitte, medarbejder=privat_bostoette, starts_on=date(2026, 3, 15))
    visit(best_gitte, privat_bostoette, date(2026, 4, 12), 2)
    visit(best_gitte, privat_bostoette, date(2026, 4, 19), 2, status="udeblevet")
    visit(best_gitte, privat_bostoette, date(2026, 4, 26), 2)
    visit(best_gitte, privat_bostoette, date(2026, 6, 20), 2, status="planlagt")  # in the future
    Indlaeggelse.objects.create(sag=sag_gitte, borger=gitte, indlagt_on=date(2026, 5, 1), pause=False, pause_standard=False, pause_begrundelse="Kort")
    Handleplan.objects.create(sag=sag_gitte, tilbudt_on=date(2026, 3, 20), tilbudt_maade="brev", svar="afslaaet", svar_on=date(2026, 3, 25))
    opfoelgning(best_gitte, mg, date(2026, 5, 20), stoettebehov=F.STOETTEBEHOV_HOEJT, gas=-2, naeste=date(2026, 6, 10),
                niveauer={a: F.FUNKTIONSEVNENIVEAU_SVAER})
    opfoelgning(best_gitte, mg, date(2026, 6, 10), stoettebehov=F.STOETTEBEHOV_HOEJT, gas=1, resultat="afslut",
                niveauer={a: F.FUNKTIONSEVNENIVEAU_MODERAT})
    Indsatsmaal.objects.filter(pk=mg.pk).update(status="opnaaet")
    klage_g = Klage.objects.create(sag=sag_gitte, afgoerelse=afg_gitte, modtaget_on=date(2026, 3, 20), form="skriftlig", beskrivelse="For få timer",
                                   genvurdering_frist_on=date(2026, 4, 17), genvurdering="fastholdt", genvurderet_on=date(2026, 4, 10),
                                   sendt_ankestyrelsen_on=date(2026, 4, 12), anke_resultat="stadfaestet", anke_resultat_on=date(2026, 5, 20))
    who5(gitte, at(date(2026, 4, 1)), 44)

    # -- Mona (Nord, lev_nord): moved away (case closed), no visits, born 2000 ------------------------
    mona = make_borger("Mona", "Madsen", birth=date(2000, 7, 1), kommune=cast.kommune)
    Borger.objects.filter(pk=mona.pk).update(koen="kvinde")
    sag_mona = make_sag(mona, cast.anders, cast.team_nord)
    h_mona = henvendelse(sag_mona, date(2026, 3, 19))
    # 00:30 on the DST day: the local date is 29 March (23:30 UTC the day before)
    afg_mona = bevilling(sag_mona, datetime(2026, 3, 29, 0, 30, tzinfo=CPH), henv=h_mona, starts_on=date(2026, 4, 1))
    best_mona = bestilling(afg_mona, cast.lev_nord, sendt_at=at(date(2026, 3, 30), 8), besvaret_at=at(date(2026, 3, 30), 20), starts_on=date(2026, 4, 1))
    indsatsmaal(best_mona, a, date(2026, 9, 1))
    Klage.objects.create(sag=sag_mona, afgoerelse=afg_mona, modtaget_on=date(2026, 4, 1), form="mundtlig", beskrivelse="Vil have en anden",
                         genvurdering_frist_on=date(2026, 4, 29), genvurdering="medhold", genvurderet_on=date(2026, 5, 5))
    who5(mona, at(date(2026, 1, 10)), 60)
    who5(mona, at(date(2026, 2, 10)), 48)
    Sag.objects.filter(pk=sag_mona.pk).update(status="lukket", opened_on=date(2026, 3, 19), closed_on=date(2026, 6, 1))

    # -- Ole (Syd): two applications, one overdue and one not yet due; no decisions ------------------
    ole = make_borger("Ole", "Olsen", birth=date(1955, 1, 1), kommune=cast.kommune)
    sag_ole = make_sag(ole, cast.carl, cast.team_syd)
    henvendelse(sag_ole, date(2026, 3, 1), frist=date(2026, 4, 30), status="aaben")
    henvendelse(sag_ole, date(2026, 4, 20), frist=date(2026, 6, 20), status="aaben")

    return SimpleNamespace(
        sag_erik=sag_erik, sag_gitte=sag_gitte, sag_mona=sag_mona, sag_ole=sag_ole, best_erik=best_erik, best_gitte=best_gitte,
        best_mona=best_mona, mona=mona, ole=ole, klage_g=klage_g, pia=privat_bostoette, undertema_a=a,
    )

"""API test state, built through the apps' services (visitation → levering)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.conf import settings

from bostotte.api.models import ApiKlient, Scope
from bostotte.api.services import apiklient_create
from bostotte.core.models import Leverandoer, Sag, User
from bostotte.ffb.codes import FUNKTIONSEVNENIVEAU_MODERAT, MAALTYPE_UDVIKLE, STOETTEBEHOV_MODERAT
from bostotte.ffb.models import Kode
from bostotte.ffb.selectors import kode_get
from bostotte.ffb.services import kodesystem_load
from levering.services import bestilling_accept, tildeling_create
from visitation import services as vs
from visitation.models import Bestilling, Kvalitetsstandard

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=CPH)
STARTS_ON = date(2026, 4, 1)
ALL_SCOPES = list(Scope.values)
LEVERANDOER_SCOPES = [s for s in Scope.values if s != Scope.CPR_READ]


def ensure_ffb() -> None:
    if not Kode.objects.undertemaer().exists():
        for name in ("CodeSystem-FFB.json", "CodeSystem-CareSocialCodes.json"):
            kodesystem_load(path=settings.FFB_REFERENCE_DIR / name)


def kvalitetsstandard(leder: User) -> Kvalitetsstandard:
    existing = Kvalitetsstandard.objects.filter(lovgrundlag="sel_85", status="publiceret").first()
    if existing is not None:
        return existing
    ks = vs.kvalitetsstandard_create(
        lovgrundlag="sel_85",
        actor=leder,
        now=NOW,
        gyldig_fra=date(2026, 1, 1),
        titel="Socialpædagogisk støtte efter serviceloven § 85",
        formaal="Støtte til at klare eget liv.",
        maalgruppe_beskrivelse="Voksne med nedsat psykisk funktionsevne.",
        indhold="Praktisk og social støtte.",
        visitationskriterier="Voksenudredningsmetoden.",
        former=["individuel", "gruppe"],
        supplerende_kontakt=["telefon"],
        kontakt="Ring til Borgerservice.",
        ydelser=list(Kode.objects.ydelser_85()),
    )
    return vs.kvalitetsstandard_publish(kvalitetsstandard=ks, actor=leder, now=NOW)


def sent_bestilling(
    sag: Sag, sagsbehandler: User, leder: User, leverandoer: Leverandoer
) -> Bestilling:
    """A truffet bevilling and a bestilling sent to `leverandoer` (status "sendt")."""
    ensure_ffb()
    kvalitetsstandard(leder)
    ad = Kode.objects.aktivitet_deltagelse_undertemaer().first()
    other = Kode.objects.undertemaer().filter(kraever_funktionsevneniveau=False).first()
    kilde = Kode.objects.kilder().first()
    udr = vs.udredning_create(sag=sag, actor=sagsbehandler, henvendelse=None, now=NOW)
    udr = vs.udredning_save(
        udredning=udr,
        version=udr.version,
        actor=sagsbehandler,
        now=NOW,
        tilstande=[
            vs.TilstandInput(
                undertema=ad,
                beskrivelse="Har svært ved at handle ind.",
                kilde=kilde,
                funktionsevneniveau=kode_get(FUNKTIONSEVNENIVEAU_MODERAT),
            ),
            vs.TilstandInput(undertema=other, beskrivelse="Sover dårligt.", kilde=kilde),
        ],
        borgers_maal_og_oensker="Jeg vil kunne handle selv.",
        borgers_vurdering="Jeg har brug for hjælp.",
        stoettebehov=kode_get(STOETTEBEHOV_MODERAT),
        stoettebehov_begrundelse="Moderat behov.",
    )
    udr = vs.udredning_finish(udredning=udr, version=udr.version, actor=sagsbehandler, now=NOW)
    afg = vs.afgoerelse_create(
        sag=sag, resultat="bevilling", udredning=udr, erstatter=None, actor=sagsbehandler, now=NOW
    )
    afg = vs.afgoerelse_update(
        afgoerelse=afg,
        version=afg.version,
        actor=sagsbehandler,
        now=NOW,
        ydelser=list(Kode.objects.ydelser_85()[:2]),
        maalgruppe=Kode.objects.maalgrupper().first(),
        timer=Decimal("3"),
        timer_periode="uge",
        form="individuel",
        starts_on=STARTS_ON,
        begrundelse_regler="Serviceloven § 85.",
        begrundelse_hovedhensyn="Behov for støtte.",
        begrundelse_fakta="Udredningen.",
        partshoering="ikke_noedvendig",
        partshoering_ikke_begrundelse="Fuldt medhold.",
    )
    afg = vs.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=sagsbehandler, now=NOW)
    best = vs.bestilling_create(
        afgoerelse=afg,
        leverandoer=leverandoer,
        indsatsformaal="At du kan klare hverdagen i egen bolig.",
        starts_on=STARTS_ON,
        actor=sagsbehandler,
        now=NOW,
        delte_tilstande=list(udr.tilstande.all()[:1]),
        indsatsmaal=[
            vs.IndsatsmaalInput(
                undertema=ad,
                beskrivelse="Kan handle ind selv.",
                maaltype=kode_get(MAALTYPE_UDVIKLE),
            )
        ],
    )
    return vs.bestilling_send(bestilling=best, version=best.version, actor=sagsbehandler, now=NOW)


def build_world(c: SimpleNamespace, *, accept: bool = True) -> SimpleNamespace:
    """Erik's case: a bestilling to Bostøtten Nord (accepted, dorte assigned from the start).
    Gitte's case: a bestilling to Privat Støtte ApS (accepted). Idempotent per test."""
    if getattr(c, "best_erik", None) is not None:
        return c
    c.best_erik = sent_bestilling(c.sag_erik, c.anna, c.bo, c.lev_nord)
    c.best_gitte = sent_bestilling(c.sag_gitte, c.carl, c.sofie, c.lev_privat)
    c.afg_erik = c.best_erik.afgoerelse
    c.afg_gitte = c.best_gitte.afgoerelse
    if accept:
        c.best_erik = bestilling_accept(bestilling=c.best_erik, actor=c.lise, now=NOW)
        c.best_gitte = bestilling_accept(bestilling=c.best_gitte, actor=c.lars, now=NOW)
        c.tildeling_dorte = tildeling_create(
            bestilling=c.best_erik, medarbejder=c.dorte, starts_on=STARTS_ON, actor=c.lise, now=NOW
        )
    return c


def make_klient(
    user: User, *, scopes: list[str] | None = None, navn: str = "Testklient", **kw: object
) -> tuple[ApiKlient, str]:
    medarbejder = user.medarbejder
    if medarbejder.leverandoer_team_id:
        org: dict[str, object] = {"leverandoer": medarbejder.leverandoer_team.leverandoer}
        default = LEVERANDOER_SCOPES
    else:
        org = {"kommune": medarbejder.myndighed_team.kommune}
        default = ALL_SCOPES
    return apiklient_create(
        navn=navn,
        service_user=user,
        scopes=default if scopes is None else scopes,
        actor=None,
        **org,
        **kw,
    )  # type: ignore[arg-type]

"""Build visitation state through the services (tests read as stories)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bostotte.core.models import Sag, User
from bostotte.ffb.codes import CARESOCIAL_URL, MAALTYPE_UDVIKLE
from bostotte.ffb.models import Kode
from bostotte.ffb.selectors import (
    FUNKTIONSEVNENIVEAU_MODERAT,
    STOETTEBEHOV_MODERAT,
    kode_get,
)
from visitation import services as s
from visitation.models import Afgoerelse, Bestilling, Henvendelse, Kvalitetsstandard, Udredning

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=CPH)
TODAY = date(2026, 3, 20)


def make_kvalitetsstandard(leder: User, *, lovgrundlag: str = "sel_85", kraever_ledergodkendelse: bool = False) -> Kvalitetsstandard:
    ks = s.kvalitetsstandard_create(
        lovgrundlag=lovgrundlag,
        actor=leder,
        now=NOW,
        gyldig_fra=date(2026, 1, 1),
        titel="Socialpædagogisk støtte efter serviceloven § 85",
        formaal="Støtten skal hjælpe dig til at klare dit eget liv i egen bolig.",
        maalgruppe_beskrivelse="Voksne over 18 år med betydelig nedsat psykisk funktionsevne.",
        indhold="Støtte til praktiske opgaver, sundhed og relationer.",
        visitationskriterier="Vi vurderer din funktionsevne med Voksenudredningsmetoden.",
        former=["individuel", "gruppe"],
        supplerende_kontakt=["telefon", "sms"],
        kontakt="Ring til Borgerservice på 70 10 20 30.",
        kraever_ledergodkendelse=kraever_ledergodkendelse,
        ydelser=list(Kode.objects.ydelser_85()),
    )
    return s.kvalitetsstandard_publish(kvalitetsstandard=ks, actor=leder, now=NOW)


def make_henvendelse(sag: Sag, actor: User, **kw: object) -> Henvendelse:
    args: dict[str, object] = {
        "modtaget_on": TODAY, "kilde": "udskrivning", "borgers_ord": "Jeg vil gerne klare mig selv.",
        "samtykke_indhentning": True,
    }
    args.update(kw)
    return s.henvendelse_create(sag=sag, actor=actor, now=NOW, **args)  # type: ignore[arg-type]


def undertema_ad() -> Kode:
    return Kode.objects.aktivitet_deltagelse_undertemaer().first()  # type: ignore[return-value]


def undertema_other() -> Kode:
    return Kode.objects.undertemaer().filter(kraever_funktionsevneniveau=False).first()  # type: ignore[return-value]


def kilde_borger() -> Kode:
    return Kode.objects.kilder().first()  # type: ignore[return-value]


def make_udredning(sag: Sag, actor: User, *, finish: bool = True, henvendelse: Henvendelse | None = None) -> Udredning:
    udr = s.udredning_create(sag=sag, actor=actor, henvendelse=henvendelse, now=NOW)
    udr = s.udredning_save(
        udredning=udr, version=udr.version, actor=actor, now=NOW,
        tilstande=[
            s.TilstandInput(undertema=undertema_ad(), beskrivelse="Har svært ved at handle ind.", kilde=kilde_borger(),
                            funktionsevneniveau=kode_get(FUNKTIONSEVNENIVEAU_MODERAT)),
            s.TilstandInput(undertema=undertema_other(), beskrivelse="Sover dårligt.", kilde=kilde_borger()),
        ],
        borgers_maal_og_oensker="Jeg vil kunne handle selv.",
        borgers_vurdering="Jeg har brug for hjælp et par timer om ugen.",
        stoettebehov=kode_get(STOETTEBEHOV_MODERAT),
        stoettebehov_begrundelse="Moderat behov.",
    )
    if finish:
        udr = s.udredning_finish(udredning=udr, version=udr.version, actor=actor, now=NOW)
    return udr


def complete_fields(**kw: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "maalgruppe": Kode.objects.maalgrupper().first(),
        "timer": Decimal("3"),
        "timer_periode": "uge",
        "form": "individuel",
        "starts_on": date(2026, 4, 1),
        "begrundelse_regler": "Serviceloven § 85.",
        "begrundelse_hovedhensyn": "Dit behov for støtte til praktiske opgaver.",
        "begrundelse_fakta": "Udredningen af 20. marts 2026.",
        "partshoering": "ikke_noedvendig",
        "partshoering_ikke_begrundelse": "Du får fuldt ud den støtte, du har søgt om.",
    }
    fields.update(kw)
    return fields


def make_draft(sag: Sag, actor: User, *, udredning: Udredning | None = None, resultat: str = "bevilling",
               erstatter: Afgoerelse | None = None, **kw: object) -> Afgoerelse:
    udredning = udredning or make_udredning(sag, actor)
    afg = s.afgoerelse_create(sag=sag, resultat=resultat, udredning=udredning, erstatter=erstatter, actor=actor, now=NOW)
    ydelser = list(Kode.objects.ydelser_85()[:2]) if resultat == "bevilling" else None
    fields = complete_fields(**kw) if resultat == "bevilling" else {
        k: v for k, v in complete_fields(**kw).items() if k.startswith(("begrundelse", "partshoering"))
    }
    return s.afgoerelse_update(afgoerelse=afg, version=afg.version, actor=actor, ydelser=ydelser, now=NOW, **fields)


def make_bevilling(sag: Sag, actor: User, **kw: object) -> Afgoerelse:
    afg = make_draft(sag, actor, **kw)
    return s.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=actor, now=NOW)


def maal(**kw: object) -> s.IndsatsmaalInput:
    args: dict[str, object] = {"undertema": undertema_ad(), "beskrivelse": "Kan handle ind selv en gang om ugen.",
                               "maaltype": kode_get(MAALTYPE_UDVIKLE)}
    args.update(kw)
    return s.IndsatsmaalInput(**args)  # type: ignore[arg-type]


def make_bestilling(afg: Afgoerelse, actor: User, leverandoer: object, *, send: bool = False) -> Bestilling:
    best = s.bestilling_create(
        afgoerelse=afg, leverandoer=leverandoer, indsatsformaal="At du kan klare hverdagen i egen bolig.",  # type: ignore[arg-type]
        starts_on=date(2026, 4, 1), indsatsmaal=[maal()], actor=actor, now=NOW,
        delte_tilstande=list(afg.udredning.tilstande.all()[:1]) if afg.udredning else [],
    )
    if send:
        best = s.bestilling_send(bestilling=best, version=best.version, actor=actor, now=NOW)
    return best


__all__ = ["CARESOCIAL_URL"]

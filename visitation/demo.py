"""Demo data for visitation (called by `manage.py seed_demo` first of the BUM apps).

Adds published kvalitetsstandarder (§ 85 with leader approval, § 85 a, § 82 b) and, for about
90 % of `ctx.borgere`, a henvendelse, a finished udredning with 3–6 tilstande, a truffet
bevilling and a bestilling sent to one of `ctx.leverandoerer` with 1–3 indsatsmål. Monthly hours
follow the SFI 2012 distribution (lognormal: median 5, mean ≈ 7, about 10 % above 13 h/month).
A few citizens are still waiting for a decision, one decision awaits the leader's approval and
one afslag has a klage at Ankestyrelsen. Letters are rendered synchronously.

Sets on ctx: `kvalitetsstandarder` (dict lovgrundlag → Kvalitetsstandard), `bevillinger` (list of
active Afgoerelse) and `bestillinger` (list of sent Bestilling) for the next apps.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from bostotte.ffb.models import Kode
from bostotte.ffb.selectors import (
    FUNKTIONSEVNENIVEAU_FULDSTAENDIG,
    FUNKTIONSEVNENIVEAU_LET,
    FUNKTIONSEVNENIVEAU_MODERAT,
    FUNKTIONSEVNENIVEAU_SVAER,
    MAALTYPE_FASTHOLDE,
    MAALTYPE_UDVIKLE,
    STOETTEBEHOV_HOEJT,
    STOETTEBEHOV_LET,
    STOETTEBEHOV_MODERAT,
)

from . import services as s

KONTAKT = "Ring til Visitationen på 70 10 20 30 (mandag–fredag 9–15), eller skriv sikkert via borger.dk."

KILDER = [("udskrivning", 40), ("egen", 25), ("skp", 10), ("botilbud", 8), ("tidligere", 7), ("paaroerende", 7), ("andet", 3)]

BORGERS_ORD = [
    "Jeg vil gerne kunne klare mine indkøb og min post selv igen.",
    "Efter indlæggelsen har jeg svært ved at komme ud af lejligheden. Jeg vil gerne i gang med noget.",
    "Jeg vil gerne have styr på min økonomi og ikke være bange for at åbne breve.",
    "Jeg ønsker at få en fast rytme i hverdagen og sove bedre.",
    "Jeg vil gerne se min datter mere og have overskud til det.",
    "Jeg vil gerne tilbage på arbejdsmarkedet, måske i praktik først.",
    "Jeg har brug for hjælp til at huske mine lægeaftaler og tage min medicin.",
]
BESKRIVELSER = [
    "Borgeren fortæller, at det er svært at komme i gang om morgenen, og at opgaverne hober sig op.",
    "Har i perioder brug for påmindelser og følgeskab for at gennemføre aftaler.",
    "Klarer opgaven med støtte, men mister overblikket i pressede perioder.",
    "Oplever angst i sociale sammenhænge og undgår derfor at gå i butikker.",
    "Har et godt netværk af familie, men kontakten er sporadisk.",
    "Beskriver tankemylder om aftenen og få timers søvn.",
]
MAAL = [
    "Kan selv handle ind en gang om ugen.",
    "Åbner og sorterer sin post hver uge.",
    "Har en fast døgnrytme med faste sengetider.",
    "Deltager i et fællesskab uden for hjemmet mindst en gang om ugen.",
    "Passer sine aftaler med egen læge og psykiatrien.",
]


def _weighted(rng: Any, items: list[tuple[str, int]]) -> str:
    return str(rng.choices([v for v, _w in items], weights=[w for _v, w in items])[0])


def _maanedstimer(rng: Any) -> float:
    """SFI 2012: median 5 h/month, mean ≈ 7, ~10 % above 13 (lognormal μ = ln 5, σ = 0.8)."""
    return max(1.0, min(60.0, math.exp(rng.gauss(math.log(5), 0.8))))


def _ks(leder: Any, lovgrundlag: str, titel: str, **kw: Any) -> Any:
    ks = s.kvalitetsstandard_create(lovgrundlag=lovgrundlag, actor=leder, titel=titel, kontakt=KONTAKT, **kw)
    return s.kvalitetsstandard_publish(kvalitetsstandard=ks, actor=leder)


def seed(ctx: SimpleNamespace) -> None:
    rng = ctx.rng
    now = ctx.now
    today = timezone.localdate(now)
    leder = ctx.myndighedsledere[0]
    ydelser_85 = list(Kode.objects.ydelser_85())
    ks85 = _ks(
        leder, "sel_85", "Socialpædagogisk støtte i eget hjem (serviceloven § 85)",
        gyldig_fra=date(today.year, 1, 1),
        formaal=("Støtten skal hjælpe dig til at klare dit eget liv i din egen bolig – så selvstændigt som muligt. "
                 "Vi tager udgangspunkt i dine egne mål og i det, der er vigtigt for dig (recovery)."),
        maalgruppe_beskrivelse=("Voksne over 18 år med betydeligt nedsat fysisk eller psykisk funktionsevne eller særlige "
                                "sociale problemer, som har brug for støtte for at kunne bo i egen bolig."),
        indhold=("Støtten kan handle om praktiske opgaver som post, økonomi og indkøb, om sundhed og psykisk trivsel, om at "
                 "have relationer til andre og om at deltage i samfundet, fx uddannelse og arbejde. Du får en fast bostøtte, "
                 "og I laver sammen en plan med delmål."),
        visitationskriterier=("Vi laver en udredning efter Voksenudredningsmetoden sammen med dig. Vi ser på, hvad du kan "
                              "selv, og hvor du har brug for støtte. Typisk får man støtten, hvis man har moderate, svære "
                              "eller fuldstændige vanskeligheder på et eller flere områder."),
        former=["individuel", "gruppe", "kombineret"], supplerende_kontakt=["telefon", "sms", "video"],
        sagsbehandlingsfrist_ny_uger=8, sagsbehandlingsfrist_aendring_uger=4, revisitation_maaneder=12,
        tilsyn_maaneder=12, opfoelgning_maaneder=6, kraever_ledergodkendelse=True, forhoejet_ramme_uger=8,
        udskrivning_opfoelgning_arbejdsdage=5, ydelser=ydelser_85,
    )
    _ks(
        leder, "sel_85a", "Socialpædagogisk støtte uden forudgående afgørelse (serviceloven § 85 a)",
        gyldig_fra=date(today.year, 1, 1),
        formaal="Kortvarig, let støtte, hvor du hurtigt kan få hjælp uden en lang sagsbehandling.",
        maalgruppe_beskrivelse="Voksne med et let til moderat behov for støtte.",
        indhold="Gruppeforløb og rådgivning i vores åbne tilbud, fx om økonomi og hverdagsliv.",
        visitationskriterier="Du kan selv henvende dig. Vi taler med dig om, hvad du har brug for.",
        former=["gruppe"], supplerende_kontakt=["telefon"], sagsbehandlingsfrist_ny_uger=2,
        sagsbehandlingsfrist_aendring_uger=2, ydelser=ydelser_85,
    )
    _ks(
        leder, "sel_82b", "Tidsbegrænset forebyggende støtte (serviceloven § 82 b)",
        gyldig_fra=date(today.year, 1, 1),
        formaal="Forebyggende støtte, så dine vanskeligheder ikke vokser sig større.",
        maalgruppe_beskrivelse="Voksne, der har brug for kortvarig støtte for at forebygge problemer.",
        indhold="Individuel støtte i op til 6 måneder.",
        visitationskriterier="Vi vurderer, om kortvarig støtte kan forebygge, at du får brug for mere støtte senere.",
        former=["individuel"], sagsbehandlingsfrist_ny_uger=4, sagsbehandlingsfrist_aendring_uger=2,
        ydelser=list(Kode.objects.ydelser(leaf_only=True).descendants_of("21dca9cf-c238-465b-9f12-15351f51b038")),
    )
    ctx.kvalitetsstandarder = {"sel_85": ks85}

    undertemaer_ad = list(Kode.objects.aktivitet_deltagelse_undertemaer())
    undertemaer_andre = list(Kode.objects.undertemaer().filter(kraever_funktionsevneniveau=False))
    kilder = list(Kode.objects.kilder())
    niveauer = {c: Kode.objects.funktionsevneniveauer().get(code=c) for c in
                (FUNKTIONSEVNENIVEAU_LET, FUNKTIONSEVNENIVEAU_MODERAT, FUNKTIONSEVNENIVEAU_SVAER, FUNKTIONSEVNENIVEAU_FULDSTAENDIG)}
    stoettebehov = [Kode.objects.stoettebehov().get(code=c) for c in (STOETTEBEHOV_LET, STOETTEBEHOV_MODERAT, STOETTEBEHOV_HOEJT)]
    maaltyper = [Kode.objects.maaltyper().get(code=c) for c in (MAALTYPE_UDVIKLE, MAALTYPE_FASTHOLDE)]
    maalgrupper = list(Kode.objects.maalgrupper().filter(path__contains="Psykiske vanskeligheder")) or list(Kode.objects.maalgrupper())

    ctx.bevillinger = []
    ctx.bestillinger = []
    n = len(ctx.borgere)
    special = {"venter": {n - 1, n - 2}, "afventer": n - 3, "afslag": n - 4}
    for i, (borger, sag) in enumerate(zip(ctx.borgere, ctx.sager, strict=True)):
        if i % 10 == 9 and i not in special["venter"] and i not in (special["afventer"], special["afslag"]):
            continue  # about 10 % have no visitation yet
        sb = sag.ansvarlig
        team_leder = sag.team.leder or leder
        if borger.alder(today) < 18:
            continue
        modtaget = today - timedelta(days=rng.randint(20, 420) if i not in special["venter"] else rng.randint(3, 40))
        modtaget = max(modtaget, sag.opened_on)
        h = s.henvendelse_create(
            sag=sag, modtaget_on=modtaget, kilde=_weighted(rng, KILDER), borgers_ord=rng.choice(BORGERS_ORD),
            samtykke_indhentning=True, actor=sb, now=now,
        )
        udr = s.udredning_create(sag=sag, henvendelse=h, actor=sb, now=now)
        valgte_ad = rng.sample(undertemaer_ad, k=rng.randint(2, 4))
        valgte_andre = rng.sample(undertemaer_andre, k=rng.randint(1, 2))
        tilstande = [
            s.TilstandInput(undertema=u, beskrivelse=rng.choice(BESKRIVELSER), kilde=rng.choice(kilder),
                            funktionsevneniveau=rng.choice(list(niveauer.values())))
            for u in valgte_ad
        ] + [s.TilstandInput(undertema=u, beskrivelse=rng.choice(BESKRIVELSER), kilde=rng.choice(kilder)) for u in valgte_andre]
        udr = s.udredning_save(
            udredning=udr, version=udr.version, actor=sb, now=now, tilstande=tilstande,
            borgers_vurdering="Jeg kan meget selv, men når det går dårligt, mister jeg overblikket.",
            stoettebehov=rng.choice(stoettebehov), stoettebehov_begrundelse="Vurderet ud fra udredningen og samtale med borgeren.",
        )
        if i in special["venter"] and i == n - 1:
            continue  # udredning still in progress
        udr = s.udredning_finish(udredning=udr, version=udr.version, actor=sb, now=now)
        if i in special["venter"]:
            continue  # waiting for a decision
        resultat = "afslag" if i == special["afslag"] else "bevilling"
        afg = s.afgoerelse_create(sag=sag, resultat=resultat, udredning=udr, actor=sb, now=now)
        ugetimer = Decimal(str(max(0.5, round(_maanedstimer(rng) * 12 / 52 * 2) / 2)))
        starts_on = min(today, modtaget + timedelta(days=rng.randint(20, 50)))
        fields: dict[str, Any] = {
            "begrundelse_regler": "Afgørelsen er truffet efter serviceloven § 85 og kommunens kvalitetsstandard for socialpædagogisk støtte.",
            "begrundelse_hovedhensyn": ("Vi har lagt vægt på dine egne mål og på udredningen, som viser, at du har brug for støtte "
                                        "til at få hverdagen til at hænge sammen."),
            "begrundelse_fakta": "Udredningen, din ansøgning og samtalen med dig.",
            "partshoering": "ikke_noedvendig",
            "partshoering_ikke_begrundelse": "Afgørelsen bygger alene på oplysninger, du selv har givet.",
        }
        if resultat == "bevilling":
            if rng.random() < 0.3:
                fields.update(forhoejet_timer=ugetimer * 2, forhoejet_uger=8)
            fields.update(maalgruppe=rng.choice(maalgrupper), timer=ugetimer, timer_periode="uge", form="individuel",
                          supplerende_kontakt=["telefon"] if rng.random() < 0.5 else [], starts_on=starts_on)
            afg = s.afgoerelse_update(afgoerelse=afg, version=afg.version, actor=sb, now=now,
                                      ydelser=rng.sample(ydelser_85, k=min(len(ydelser_85), rng.randint(2, 4))), **fields)
        else:
            fields["begrundelse_hovedhensyn"] = ("Udredningen viser, at du klarer de fleste opgaver selv, og at dit behov kan dækkes "
                                                 "af et åbent tilbud efter § 85 a.")
            fields["partshoering"] = "gennemfoert"
            fields["partshoering_sendt_on"] = modtaget + timedelta(days=10)
            afg = s.afgoerelse_update(afgoerelse=afg, version=afg.version, actor=sb, now=now, **fields)
        afg = s.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=sb, now=now, brev_async=False)
        if i == special["afventer"]:
            continue  # waiting for the leader's approval
        afg = s.afgoerelse_approve(afgoerelse=afg, actor=team_leder if team_leder.rolle == "myndighedsleder" else None, now=now, brev_async=False)
        s.afgoerelse_brev_generate(afgoerelse_id=afg.pk, now=now)
        if resultat == "afslag":
            klage = s.klage_create(afgoerelse=afg, modtaget_on=today, form="skriftlig",
                                   beskrivelse="Borgeren mener, at et gruppetilbud ikke dækker behovet.", actor=sb, now=now)
            klage = s.klage_genvurder(klage=klage, genvurdering="fastholdt", begrundelse="Der er ikke kommet nye oplysninger.",
                                      genvurderet_on=today, actor=sb, now=now)
            s.klage_send_ankestyrelsen(klage=klage, sendt_on=today, actor=sb, now=now)
            continue
        ctx.bevillinger.append(afg)
        delte = [t for t in udr.tilstande.all() if t.undertema_id in {u.pk for u in valgte_ad}]
        maal = [
            s.IndsatsmaalInput(undertema=u, beskrivelse=rng.choice(MAAL), maaltype=rng.choice(maaltyper))
            for u in valgte_ad[: rng.randint(1, min(3, len(valgte_ad)))]
        ]
        best = s.bestilling_create(
            afgoerelse=afg, leverandoer=rng.choice(ctx.leverandoerer),
            indsatsformaal="At du kan mestre din hverdag i egen bolig og deltage i de fællesskaber, du ønsker.",
            starts_on=afg.starts_on, indsatsmaal=maal, actor=sb, now=now, delte_tilstande=delte, del_borgers_maal=True,
        )
        best = s.bestilling_send(bestilling=best, version=best.version, actor=sb, now=now)
        ctx.bestillinger.append(best)

"""Test state for bestillinger until visitation's services exist (ORM, complete per the DB
constraints): a published kvalitetsstandard, a truffet active bevilling, a sent bestilling with
an indsatsmål, and (handleplaner) a pædagogisk plan with a delmål."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from bostotte.core.models import Leverandoer, Sag, User
from bostotte.ffb.models import Kode
from bostotte.ffb.services import kodesystem_load
from handleplaner.models import Delmaal, PaedagogiskPlan
from visitation.models import Afgoerelse, Bestilling, Indsatsmaal, Kvalitetsstandard

DEFAULT_NOW = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))  # a Monday


def ensure_ffb() -> None:
    """Load the FFB code tables when a test (e.g. the access matrix) did not ask for `ffb`."""
    if not Kode.objects.undertemaer().exists():
        for name in ("CodeSystem-FFB.json", "CodeSystem-CareSocialCodes.json"):
            kodesystem_load(path=settings.FFB_REFERENCE_DIR / name)


def kvalitetsstandard(**overrides: object) -> Kvalitetsstandard:
    ks = Kvalitetsstandard.objects.filter(lovgrundlag="sel_85", status="publiceret").first()
    if ks is not None and not overrides:
        return ks
    if ks is not None:
        for k, v in overrides.items():
            setattr(ks, k, v)
        ks.save()
        return ks
    defaults: dict[str, object] = {
        "lovgrundlag": "sel_85", "version": 1, "status": "publiceret", "gyldig_fra": date(2025, 1, 1),
        "titel": "Socialpædagogisk støtte", "formaal": "Formål", "maalgruppe_beskrivelse": "Voksne",
        "indhold": "Støtte i eget hjem", "visitationskriterier": "Kriterier", "former": ["individuel", "gruppe"],
    }
    defaults.update(overrides)
    return Kvalitetsstandard.objects.create(**defaults)


def afgoerelse(sag: Sag, *, timer: Decimal | int = 3, timer_periode: str = "uge", starts_on: date = date(2026, 1, 1),
               forhoejet_timer: Decimal | int | None = None, forhoejet_uger: int | None = None,
               now: datetime = DEFAULT_NOW) -> Afgoerelse:
    ensure_ffb()
    return Afgoerelse.objects.create(
        sag=sag, borger=sag.borger, kvalitetsstandard=kvalitetsstandard(), resultat="bevilling", status="truffet",
        lovgrundlag="sel_85", maalgruppe=Kode.objects.maalgrupper().first(), timer=Decimal(timer), timer_periode=timer_periode,
        form="individuel", starts_on=starts_on, forhoejet_timer=forhoejet_timer, forhoejet_uger=forhoejet_uger,
        begrundelse_regler="SEL § 85", begrundelse_hovedhensyn="Behov for støtte", partshoering="ikke_noedvendig",
        partshoering_ikke_begrundelse="Fuldt medhold", klagevejledning="Du kan klage inden 4 uger.",
        truffet_at=now, er_aktiv=True,
    )


def bestilling(sag: Sag, leverandoer: Leverandoer, *, status: str = "sendt", timer: Decimal | int = 3,
               timer_periode: str = "uge", starts_on: date = date(2026, 1, 1), sendt_at: datetime | None = None,
               forhoejet_timer: Decimal | int | None = None, forhoejet_uger: int | None = None,
               oprettet_af: User | None = None, now: datetime = DEFAULT_NOW) -> Bestilling:
    afg = afgoerelse(sag, timer=timer, timer_periode=timer_periode, starts_on=starts_on,
                     forhoejet_timer=forhoejet_timer, forhoejet_uger=forhoejet_uger, now=now)
    b = Bestilling.objects.create(
        sag=sag, afgoerelse=afg, leverandoer=leverandoer, status=status, indsatsformaal="At kunne bo i egen bolig",
        timer=Decimal(timer), timer_periode=timer_periode, starts_on=starts_on, sendt_at=sendt_at or now,
        borgers_oensker="Gerne en kvinde, der taler arabisk", praktisk="Ring på to gange", oprettet_af=oprettet_af,
    )
    b.ydelser.set(Kode.objects.ydelser_85()[:2])
    Indsatsmaal.objects.create(
        bestilling=b, undertema=Kode.objects.aktivitet_deltagelse_undertemaer().first(),
        beskrivelse="Kan selv handle ind", maaltype=Kode.objects.maaltyper().first(), opfoelgning_on=date(2026, 9, 1),
    )
    return b


def delmaal(b: Bestilling, titel: str = "Handle ind en gang om ugen") -> Delmaal:
    plan, _created = PaedagogiskPlan.objects.get_or_create(bestilling=b)
    return Delmaal.objects.create(plan=plan, indsatsmaal=b.indsatsmaal.first(), titel=titel)

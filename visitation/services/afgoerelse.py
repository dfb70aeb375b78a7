"""Afgørelse (bevilling, afslag, ophør): legally complete before it is made, leader approval
where the kvalitetsstandard requires it, supersession of a granted bevilling, and the letter."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import Sag, User
from bostotte.core.queue import enqueue_on_commit
from bostotte.ffb.models import Kode, KodeGruppe

from ..models import Afgoerelse, Henvendelse, Udredning
from ._common import ctx, journal, lock_and_check_version, require_leder, require_myndighed
from .kvalitetsstandard import kvalitetsstandard_gaeldende

EDITABLE = (
    "resultat", "maalgruppe", "timer", "timer_periode", "form", "supplerende_kontakt", "starts_on", "ends_on",
    "revisitation_maaneder", "tilsyn_maaneder", "forhoejet_timer", "forhoejet_uger", "fuldt_medhold",
    "begrundelse_regler", "begrundelse_hovedhensyn", "begrundelse_fakta", "partshoering", "partshoering_sendt_on",
    "partshoering_svar_on", "partshoering_ikke_begrundelse", "klagevejledning",
)

KLAGEVEJLEDNING = (
    "Du kan klage over afgørelsen. Din klage skal være modtaget senest 4 uger efter, at du har fået "
    "afgørelsen.\n\n"
    "Du klager til {kommune} – ikke direkte til Ankestyrelsen. Du kan klage skriftligt eller mundtligt, "
    "fx ved at ringe eller skrive til din sagsbehandler. Du behøver ikke at begrunde klagen, men det "
    "hjælper os, hvis du fortæller, hvad du er uenig i.\n\n"
    "Når vi har fået din klage, vurderer vi afgørelsen igen inden for 4 uger (genvurdering). Får du ikke "
    "ret, sender vi klagen og sagens papirer videre til Ankestyrelsen, som behandler klagen. Du får "
    "besked, når det sker.\n\n"
    "Reglerne står i retssikkerhedslovens kapitel 10."
)


def klagevejledning_tekst(*, kommune_navn: str) -> str:
    return KLAGEVEJLEDNING.format(kommune=kommune_navn)


def _kommune_navn(sag: Sag) -> str:
    from django.conf import settings  # noqa: PLC0415

    return str(getattr(sag.handlekommune, "navn", "") or getattr(settings, "KOMMUNE_NAVN", "kommunen"))


@transaction.atomic
def afgoerelse_create(
    *,
    sag: Sag,
    resultat: str,
    actor: User | None,
    lovgrundlag: str | None = None,
    udredning: Udredning | None = None,
    henvendelse: Henvendelse | None = None,
    erstatter: Afgoerelse | None = None,
    now: datetime | None = None,
) -> Afgoerelse:
    """A draft decision with defaults from the current kvalitetsstandard. With `erstatter` (a
    change of a granted bevilling, or its ophør) the draft starts from the old decision."""
    now = now or timezone.now()
    require_myndighed(actor)
    if resultat not in Afgoerelse.Resultat.values:
        raise ValidationError({"resultat": _("Vælg bevilling, afslag eller ophør.")})
    if udredning is not None:
        if udredning.sag_id != sag.pk:
            raise ValidationError({"udredning": _("Udredningen hører til en anden sag.")})
        henvendelse = henvendelse or udredning.henvendelse
        if erstatter is None and udredning.er_revisitation:
            erstatter = Afgoerelse.objects.filter(sag=sag, er_aktiv=True).first()
    if henvendelse is not None and henvendelse.sag_id != sag.pk:
        raise ValidationError({"henvendelse": _("Henvendelsen hører til en anden sag.")})
    if erstatter is not None:
        if erstatter.sag_id != sag.pk or not erstatter.er_aktiv:
            raise ValidationError({"erstatter": _("Kun en aktiv bevilling på sagen kan ændres eller bringes til ophør.")})
        if Afgoerelse.objects.filter(erstatter=erstatter).exists():
            raise ApplicationError(_("Der er allerede en afgørelse i gang, som ændrer denne bevilling."), code="aendring_findes")
    if resultat == Afgoerelse.Resultat.OPHOER and erstatter is None:
        raise ValidationError({"resultat": _("Ophør kræver en aktiv bevilling, der skal ophøre.")})
    lovgrundlag = lovgrundlag or (erstatter.lovgrundlag if erstatter else None) or (henvendelse.lovgrundlag if henvendelse else "sel_85")
    ks = kvalitetsstandard_gaeldende(lovgrundlag=lovgrundlag)
    if ks is None:
        raise ValidationError({"lovgrundlag": _("Der er ingen gældende kvalitetsstandard for dette lovgrundlag.")})
    afg = Afgoerelse(
        sag=sag, borger=sag.borger, henvendelse=henvendelse, udredning=udredning, kvalitetsstandard=ks,
        erstatter=erstatter, resultat=resultat, lovgrundlag=lovgrundlag, oprettet_af=actor,
        revisitation_maaneder=ks.revisitation_maaneder, tilsyn_maaneder=ks.tilsyn_maaneder,
        klagevejledning=klagevejledning_tekst(kommune_navn=_kommune_navn(sag)),
    )
    if erstatter is not None:
        for name in ("maalgruppe_id", "timer", "timer_periode", "form", "supplerende_kontakt", "starts_on", "ends_on",
                     "revisitation_maaneder", "tilsyn_maaneder"):
            setattr(afg, name, getattr(erstatter, name))
        if resultat == Afgoerelse.Resultat.OPHOER:
            afg.ends_on = None
    afg.full_clean()
    with ctx(actor, "afgørelse påbegyndt"):
        afg.save()
        if erstatter is not None:
            afg.ydelser.set(erstatter.ydelser.all())
            afg.maalgrupper_sekundaere.set(erstatter.maalgrupper_sekundaere.all())
    return afg


def _check_codes(afg: Afgoerelse, ydelser: list[Kode] | None, sekundaere: list[Kode] | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if afg.maalgruppe is not None and (afg.maalgruppe.gruppe != KodeGruppe.MAALGRUPPE or not afg.maalgruppe.is_leaf):
        errors["maalgruppe"] = _("Vælg en målgruppe på laveste niveau (ikke en overgruppe).")
    if sekundaere is not None:
        if any(k.gruppe != KodeGruppe.MAALGRUPPE or not k.is_leaf for k in sekundaere):
            errors["maalgrupper_sekundaere"] = _("Sekundære målgrupper skal også være på laveste niveau.")
        elif afg.maalgruppe_id and any(k.pk == afg.maalgruppe_id for k in sekundaere):
            errors["maalgrupper_sekundaere"] = _("Den primære målgruppe kan ikke også være sekundær.")
    if ydelser is not None:
        tilladte = set(afg.kvalitetsstandard.ydelser.values_list("pk", flat=True))
        if any(k.gruppe != KodeGruppe.YDELSE for k in ydelser) or (tilladte and any(k.pk not in tilladte for k in ydelser)):
            errors["ydelser"] = _("Vælg kun ydelser, som kvalitetsstandarden tilbyder.")
    return errors


@transaction.atomic
def afgoerelse_update(
    *,
    afgoerelse: Afgoerelse,
    version: int | None,
    actor: User | None,
    ydelser: list[Kode] | None = None,
    maalgrupper_sekundaere: list[Kode] | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> Afgoerelse:
    """Save the draft (kladde only). A draft may be incomplete; `afgoerelse_traef` checks that."""
    now = now or timezone.now()
    require_myndighed(actor)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"ukendte felter: {sorted(unknown)}")
    afg = lock_and_check_version(afgoerelse, version, what=_("afgørelsen"))
    if afg.status != Afgoerelse.Status.KLADDE:
        raise ApplicationError(_("Afgørelsen er ikke en kladde og kan ikke ændres."), code="ikke_kladde")
    for name, value in fields.items():
        setattr(afg, name, value)
    if afg.timer is None:
        afg.timer_periode = afg.timer_periode if afg.timer_periode else ""
    if afg.resultat == Afgoerelse.Resultat.OPHOER and afg.erstatter is None:
        raise ValidationError({"resultat": _("Ophør kræver en aktiv bevilling, der skal ophøre.")})
    errors = _check_codes(afg, ydelser, maalgrupper_sekundaere)
    if afg.timer is not None and not afg.timer_periode:
        errors["timer_periode"] = _("Vælg om timerne er pr. uge eller pr. måned.")
    if afg.ends_on and afg.starts_on and afg.ends_on < afg.starts_on:
        errors["ends_on"] = _("Slutdatoen skal ligge efter startdatoen.")
    if errors:
        raise ValidationError(errors)
    afg.version += 1
    afg.full_clean()
    with ctx(actor, "afgørelse gemt"):
        afg.save()
        if ydelser is not None:
            afg.ydelser.set(ydelser)
        if maalgrupper_sekundaere is not None:
            afg.maalgrupper_sekundaere.set(maalgrupper_sekundaere)
    return afg


def afgoerelse_validate_complete(afgoerelse: Afgoerelse, *, now: datetime | None = None) -> list[str]:
    """Everything the law requires before the decision can be made, as a list of what is
    missing in Danish (FVL §§ 19, 22–25; RSL § 3; DOMAIN.md 8.3). Empty list = complete."""
    now = now or timezone.now()
    a = afgoerelse
    missing: list[str] = []
    bevilling = a.resultat == Afgoerelse.Resultat.BEVILLING
    if not a.lovgrundlag:
        missing.append(_("lovgrundlag"))
    if a.resultat in (Afgoerelse.Resultat.BEVILLING, Afgoerelse.Resultat.AFSLAG) and (
        a.udredning_id is None or a.udredning.status != Udredning.Status.AFSLUTTET
    ):
        missing.append(_("en afsluttet udredning"))
    if bevilling:
        if a.maalgruppe_id is None:
            missing.append(_("primær målgruppe"))
        if a.timer is None and not a.ydelser.exists():
            missing.append(_("udmåling (timer pr. uge eller måned og/eller ydelser)"))
        if a.timer is not None and not a.timer_periode:
            missing.append(_("om timerne er pr. uge eller pr. måned"))
        if not a.form:
            missing.append(_("form (individuel, gruppebaseret eller kombineret)"))
        if a.starts_on is None:
            missing.append(_("startdato"))
        if a.revisitation_maaneder is None:
            missing.append(_("interval for revisitation"))
        if a.tilsyn_maaneder is None:
            missing.append(_("interval for personrelateret tilsyn"))
        if (a.forhoejet_timer is None) != (a.forhoejet_uger is None):
            missing.append(_("både timer og uger for den forhøjede ramme efter udskrivning"))
    if a.resultat == Afgoerelse.Resultat.OPHOER and a.ends_on is None:
        missing.append(_("datoen, hvor støtten ophører"))
    if a.fuldt_medhold and not bevilling:
        missing.append(_("begrundelse (et afslag eller ophør giver aldrig fuldt medhold)"))
    if not (a.fuldt_medhold and bevilling):
        if not a.begrundelse_regler.strip():
            missing.append(_("begrundelse: de regler, afgørelsen bygger på"))
        if not a.begrundelse_hovedhensyn.strip():
            missing.append(_("begrundelse: de hovedhensyn, der er lagt vægt på"))
        if not a.begrundelse_fakta.strip():
            missing.append(_("begrundelse: de oplysninger, der er lagt vægt på"))
    if a.partshoering == Afgoerelse.Partshoering.GENNEMFOERT:
        if a.partshoering_sendt_on is None:
            missing.append(_("dato for partshøring"))
    elif a.partshoering == Afgoerelse.Partshoering.IKKE_NOEDVENDIG:
        if not a.partshoering_ikke_begrundelse.strip():
            missing.append(_("begrundelse for, at partshøring ikke er nødvendig"))
    else:
        missing.append(_("partshøring (gennemført eller hvorfor den ikke er nødvendig)"))
    if not a.klagevejledning.strip():
        missing.append(_("klagevejledning"))
    if a.resultat in (Afgoerelse.Resultat.BEVILLING, Afgoerelse.Resultat.AFSLAG):
        on = a.starts_on or timezone.localdate(now)
        if a.borger.alder(on) < 18:
            missing.append(_("borgeren skal være fyldt 18 år (serviceloven gælder kun voksne)"))
    return missing


def _refuse_if_incomplete(afg: Afgoerelse, now: datetime) -> None:
    missing = afgoerelse_validate_complete(afg, now=now)
    if missing:
        raise ApplicationError(
            _("Afgørelsen kan ikke træffes. Der mangler: %(m)s.") % {"m": "; ".join(missing)},
            code="ufuldstaendig", extra={"mangler": missing},
        )


def _make(afg: Afgoerelse, actor: User | None, now: datetime, brev_async: bool = True) -> Afgoerelse:
    """Make the decision: supersede the old bevilling and activate the new one in one transaction."""
    _refuse_if_incomplete(afg, now)
    if afg.erstatter_id is not None:
        old = Afgoerelse.objects.select_for_update().get(pk=afg.erstatter_id)
        if not old.er_aktiv:
            raise ApplicationError(_("Den bevilling, der ændres, er ikke længere aktiv."), code="ikke_aktiv")
        old.er_aktiv = False
        old.save(update_fields=["er_aktiv", "updated_at"])
    elif afg.resultat == Afgoerelse.Resultat.BEVILLING and Afgoerelse.objects.filter(
        borger_id=afg.borger_id, lovgrundlag=afg.lovgrundlag, er_aktiv=True
    ).exists():
        raise ApplicationError(
            _("Borgeren har allerede en aktiv bevilling efter samme lovgrundlag. Lav en ændring af den i stedet."),
            code="aktiv_findes",
        )
    if afg.resultat == Afgoerelse.Resultat.OPHOER and afg.starts_on is None:
        afg.starts_on = afg.erstatter.starts_on if afg.erstatter else afg.ends_on
    afg.status = Afgoerelse.Status.TRUFFET
    afg.truffet_at = now
    afg.meddelt_on = timezone.localdate(now)
    afg.er_aktiv = afg.resultat == Afgoerelse.Resultat.BEVILLING
    afg.version += 1
    afg.save()
    if afg.henvendelse_id:
        Henvendelse.objects.filter(pk=afg.henvendelse_id, status=Henvendelse.Status.AABEN).update(
            status=Henvendelse.Status.AFGJORT, updated_at=now
        )
    journal(
        afg.sag, _("Afgørelse truffet"),
        _("%(r)s efter %(l)s er truffet.") % {"r": afg.get_resultat_display(), "l": afg.get_lovgrundlag_display()}
        + (_(" Den erstatter den tidligere bevilling.") if afg.erstatter_id else ""),
        actor, now,
    )
    if brev_async:
        from ..tasks import afgoerelse_brev_task  # noqa: PLC0415

        # A broker outage is logged, not raised: the decision without a letter is the durable
        # record, and afgoerelse_brev_sweep enqueues it again (bostotte/core/queue.py).
        enqueue_on_commit(afgoerelse_brev_task, afg.pk)
    return afg


@transaction.atomic
def afgoerelse_traef(
    *, afgoerelse: Afgoerelse, version: int | None, actor: User | None, now: datetime | None = None,
    brev_async: bool = True,
) -> Afgoerelse:
    """'Træf afgørelse': refuses an incomplete decision naming what is missing. Where the
    kvalitetsstandard requires leader approval the decision goes to the leader instead."""
    now = now or timezone.now()
    require_myndighed(actor)
    afg = lock_and_check_version(afgoerelse, version, what=_("afgørelsen"))
    if afg.status != Afgoerelse.Status.KLADDE:
        raise ApplicationError(_("Afgørelsen er allerede sendt til godkendelse eller truffet."), code="ikke_kladde")
    _refuse_if_incomplete(afg, now)
    with ctx(actor, "afgørelse truffet"):
        if afg.kvalitetsstandard.kraever_ledergodkendelse:
            afg.status = Afgoerelse.Status.AFVENTER_GODKENDELSE
            afg.indstillet_af = actor
            afg.version += 1
            afg.save(update_fields=["status", "indstillet_af", "version", "updated_at"])
            journal(afg.sag, _("Afgørelse sendt til godkendelse"), _("Udkastet til afgørelse er sendt til lederens godkendelse."), actor, now)
            return afg
        return _make(afg, actor, now, brev_async)


@transaction.atomic
def afgoerelse_approve(
    *, afgoerelse: Afgoerelse, actor: User | None, now: datetime | None = None, brev_async: bool = True
) -> Afgoerelse:
    now = now or timezone.now()
    require_leder(actor, afgoerelse.sag)
    afg = Afgoerelse.objects.select_for_update().get(pk=afgoerelse.pk)
    if afg.status != Afgoerelse.Status.AFVENTER_GODKENDELSE:
        raise ApplicationError(_("Afgørelsen venter ikke på godkendelse."), code="venter_ikke")
    with ctx(actor, "afgørelse godkendt"):
        afg.godkendt_af = actor
        afg.godkendt_at = now
        afg.leder_kommentar = ""
        return _make(afg, actor, now, brev_async)


@transaction.atomic
def afgoerelse_send_back(
    *, afgoerelse: Afgoerelse, kommentar: str, actor: User | None, now: datetime | None = None
) -> Afgoerelse:
    now = now or timezone.now()
    require_leder(actor, afgoerelse.sag)
    if not kommentar.strip():
        raise ValidationError({"kommentar": _("Skriv hvad sagsbehandleren skal se på.")})
    afg = Afgoerelse.objects.select_for_update().get(pk=afgoerelse.pk)
    if afg.status != Afgoerelse.Status.AFVENTER_GODKENDELSE:
        raise ApplicationError(_("Afgørelsen venter ikke på godkendelse."), code="venter_ikke")
    afg.status = Afgoerelse.Status.KLADDE
    afg.leder_kommentar = kommentar.strip()
    afg.version += 1
    with ctx(actor, "afgørelse sendt tilbage"):
        afg.save(update_fields=["status", "leder_kommentar", "version", "updated_at"])
        journal(afg.sag, _("Afgørelse sendt tilbage"), _("Lederen har sendt udkastet tilbage: %(k)s") % {"k": afg.leder_kommentar}, actor, now)
    return afg


def maanedstimer(afgoerelse: Afgoerelse) -> Decimal | None:
    """Hours per month (a week is 52/12 of a month), for reports and the demo."""
    if afgoerelse.timer is None:
        return None
    if afgoerelse.timer_periode == "uge":
        return (afgoerelse.timer * Decimal(52) / Decimal(12)).quantize(Decimal("0.1"))
    return afgoerelse.timer


__all__ = [
    "KLAGEVEJLEDNING", "afgoerelse_approve", "afgoerelse_create", "afgoerelse_send_back", "afgoerelse_traef",
    "afgoerelse_update", "afgoerelse_validate_complete", "klagevejledning_tekst", "maanedstimer",
]



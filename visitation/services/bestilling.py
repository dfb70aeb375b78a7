"""Bestilling: the order to a leverandør, with only what the leverandør needs (BUM).

The myndighed creates, edits (kladde only), sends and withdraws. The leverandør's accept/decline
and start live in `levering/services.py`; the myndighed sees the status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import Leverandoer, User
from bostotte.ffb.models import Kode, KodeGruppe

from ..frister import add_months
from ..models import Afgoerelse, Bestilling, Indsatsmaal, Tilstand
from ._common import ctx, journal, lock_and_check_version, require_myndighed

LIVE = (Bestilling.Status.SENDT, Bestilling.Status.ACCEPTERET, Bestilling.Status.STARTET)


@dataclass
class IndsatsmaalInput:
    undertema: Kode
    beskrivelse: str
    maaltype: Kode | None = None
    forventet_niveau: Kode | None = None
    opfoelgning_on: date | None = None


def borgers_oensker_tekst(afgoerelse: Afgoerelse) -> str:
    """Prefill from Borger.oensket_* (gender, age, language, other)."""
    b = afgoerelse.borger
    parts = []
    if b.oensket_koen:
        parts.append(_("Ønsker en bostøtte, der er: %(k)s.") % {"k": b.get_oensket_koen_display().lower()})
    if b.oensket_alder:
        parts.append(_("Alder: %(a)s.") % {"a": b.get_oensket_alder_display().lower()})
    if b.oensket_sprog:
        parts.append(_("Sprog: %(s)s.") % {"s": b.oensket_sprog})
    if b.oensker_andet:
        parts.append(b.oensker_andet)
    return " ".join(parts)


def _validate(
    afg: Afgoerelse, *, indsatsformaal: str, starts_on: date, ends_on: date | None, timer: Decimal | None,
    timer_periode: str, ydelser: list[Kode], delte_tilstande: list[Tilstand], indsatsmaal: list[IndsatsmaalInput],
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, msg: str) -> None:
        errors.setdefault(field, []).append(msg)

    if not indsatsformaal.strip():
        add("indsatsformaal", _("Skriv indsatsformålet – det overordnede formål med støtten."))
    if afg.starts_on and starts_on < afg.starts_on:
        add("starts_on", _("Startdatoen kan ikke ligge før bevillingens start (%(d)s).") % {"d": afg.starts_on.strftime("%d.%m.%Y")})
    if afg.ends_on and (ends_on is None or ends_on > afg.ends_on):
        add("ends_on", _("Bestillingen skal slutte senest, når bevillingen slutter (%(d)s).") % {"d": afg.ends_on.strftime("%d.%m.%Y")})
    if ends_on and ends_on < starts_on:
        add("ends_on", _("Slutdatoen skal ligge efter startdatoen."))
    if timer is not None:
        if not timer_periode:
            add("timer_periode", _("Vælg om timerne er pr. uge eller pr. måned."))
        elif afg.timer is not None:
            def per_month(t: Decimal, p: str) -> Decimal:
                return t * Decimal(52) / Decimal(12) if p == "uge" else t

            if per_month(timer, timer_periode) > per_month(afg.timer, afg.timer_periode) + Decimal("0.01"):
                add("timer", _("Timerne kan ikke overstige den bevilgede ramme (%(t)s timer %(p)s).") % {
                    "t": afg.timer, "p": afg.get_timer_periode_display()})
        else:
            add("timer", _("Afgørelsen bevilger ingen timer; bestil ydelser i stedet."))
    if timer is None and not ydelser:
        add("ydelser", _("Bestil timer og/eller ydelser."))
    granted = {k.pk for k in afg.ydelser.all()}
    if any(k.pk not in granted for k in ydelser):
        add("ydelser", _("Der kan kun bestilles ydelser, som afgørelsen bevilger."))
    if any(t.udredning_id != afg.udredning_id for t in delte_tilstande):
        add("delte_tilstande", _("Der kan kun deles tilstande fra den udredning, afgørelsen bygger på."))
    if not indsatsmaal:
        add("indsatsmaal", _("Skriv mindst ét indsatsmål."))
    seen = set()
    for i, m in enumerate(indsatsmaal, start=1):
        if m.undertema.gruppe != KodeGruppe.UNDERTEMA or not m.undertema.kraever_funktionsevneniveau:
            add("indsatsmaal", _("Indsatsmål %(i)d: vælg et undertema under Aktivitet og deltagelse.") % {"i": i})
        if m.undertema.pk in seen:
            add("indsatsmaal", _("Indsatsmål %(i)d: der er allerede et indsatsmål for %(u)s.") % {"i": i, "u": m.undertema.display})
        seen.add(m.undertema.pk)
        if not m.beskrivelse.strip():
            add("indsatsmaal", _("Indsatsmål %(i)d: beskriv målet.") % {"i": i})
        if m.maaltype is None and m.forventet_niveau is None:
            add("indsatsmaal", _("Indsatsmål %(i)d: vælg en måltype eller et forventet funktionsevneniveau.") % {"i": i})
        if m.maaltype is not None and m.maaltype.gruppe != KodeGruppe.MAALTYPE:
            add("indsatsmaal", _("Indsatsmål %(i)d: ugyldig måltype.") % {"i": i})
        if m.forventet_niveau is not None and m.forventet_niveau.gruppe != KodeGruppe.FUNKTIONSEVNENIVEAU:
            add("indsatsmaal", _("Indsatsmål %(i)d: ugyldigt funktionsevneniveau.") % {"i": i})
        if m.opfoelgning_on is not None and m.opfoelgning_on < starts_on:
            add("indsatsmaal", _("Indsatsmål %(i)d: opfølgningen skal ligge efter startdatoen.") % {"i": i})
    return errors


def _write_maal(bestilling: Bestilling, afg: Afgoerelse, indsatsmaal: list[IndsatsmaalInput]) -> None:
    bestilling.indsatsmaal.all().delete()
    default_opf = add_months(bestilling.starts_on, afg.kvalitetsstandard.opfoelgning_maaneder)
    Indsatsmaal.objects.bulk_create(
        Indsatsmaal(
            bestilling=bestilling, undertema=m.undertema, beskrivelse=m.beskrivelse.strip(), maaltype=m.maaltype,
            forventet_niveau=m.forventet_niveau, opfoelgning_on=m.opfoelgning_on or default_opf, raekkefoelge=i,
        )
        for i, m in enumerate(indsatsmaal)
    )


@transaction.atomic
def bestilling_create(
    *,
    afgoerelse: Afgoerelse,
    leverandoer: Leverandoer,
    indsatsformaal: str,
    starts_on: date,
    indsatsmaal: list[IndsatsmaalInput],
    actor: User | None,
    ydelser: list[Kode] | None = None,
    timer: Decimal | None = None,
    timer_periode: str | None = None,
    ends_on: date | None = None,
    borgers_oensker: str | None = None,
    praktisk: str = "",
    delte_tilstande: list[Tilstand] | None = None,
    del_borgers_maal: bool = True,
    now: datetime | None = None,
) -> Bestilling:
    now = now or timezone.now()
    require_myndighed(actor)
    afg = Afgoerelse.objects.select_for_update().get(pk=afgoerelse.pk)
    if not afg.er_aktiv:
        raise ApplicationError(_("Der kan kun bestilles ud fra en aktiv bevilling."), code="ikke_aktiv")
    if Bestilling.objects.filter(afgoerelse=afg, status__in=[Bestilling.Status.KLADDE, *LIVE]).exists():
        raise ApplicationError(_("Der er allerede en bestilling på denne bevilling."), code="bestilling_findes")
    if ydelser is None:
        ydelser = list(afg.ydelser.all())
    if timer is None and timer_periode is None:
        timer, timer_periode = afg.timer, afg.timer_periode
    timer_periode = timer_periode or ""
    if ends_on is None:
        ends_on = afg.ends_on
    delte_tilstande = delte_tilstande or []
    errors = _validate(afg, indsatsformaal=indsatsformaal, starts_on=starts_on, ends_on=ends_on, timer=timer,
                       timer_periode=timer_periode, ydelser=ydelser, delte_tilstande=delte_tilstande, indsatsmaal=indsatsmaal)
    if errors:
        raise ValidationError(errors)
    best = Bestilling(
        sag=afg.sag, afgoerelse=afg, leverandoer=leverandoer, indsatsformaal=indsatsformaal.strip(), timer=timer,
        timer_periode=timer_periode, starts_on=starts_on, ends_on=ends_on,
        borgers_oensker=borgers_oensker if borgers_oensker is not None else borgers_oensker_tekst(afg),
        praktisk=praktisk, del_borgers_maal=del_borgers_maal, oprettet_af=actor,
    )
    best.full_clean()
    with ctx(actor, "bestilling oprettet"):
        best.save()
        best.ydelser.set(ydelser)
        best.delte_tilstande.set(delte_tilstande)
        _write_maal(best, afg, indsatsmaal)
    return best


@transaction.atomic
def bestilling_update(
    *,
    bestilling: Bestilling,
    version: int | None,
    actor: User | None,
    leverandoer: Leverandoer,
    indsatsformaal: str,
    starts_on: date,
    indsatsmaal: list[IndsatsmaalInput],
    ydelser: list[Kode],
    timer: Decimal | None,
    timer_periode: str,
    ends_on: date | None = None,
    borgers_oensker: str = "",
    praktisk: str = "",
    delte_tilstande: list[Tilstand] | None = None,
    del_borgers_maal: bool = True,
    now: datetime | None = None,
) -> Bestilling:
    """Change a draft order (kladde only)."""
    now = now or timezone.now()
    require_myndighed(actor)
    best = lock_and_check_version(bestilling, version, what=_("bestillingen"))
    if best.status != Bestilling.Status.KLADDE:
        raise ApplicationError(_("Bestillingen er sendt og kan ikke ændres. Tilbagekald den, og lav en ny."), code="ikke_kladde")
    afg = best.afgoerelse
    delte_tilstande = delte_tilstande or []
    if afg.ends_on and ends_on is None:
        ends_on = afg.ends_on
    errors = _validate(afg, indsatsformaal=indsatsformaal, starts_on=starts_on, ends_on=ends_on, timer=timer,
                       timer_periode=timer_periode or "", ydelser=ydelser, delte_tilstande=delte_tilstande, indsatsmaal=indsatsmaal)
    if errors:
        raise ValidationError(errors)
    best.leverandoer = leverandoer
    best.indsatsformaal = indsatsformaal.strip()
    best.starts_on = starts_on
    best.ends_on = ends_on
    best.timer = timer
    best.timer_periode = timer_periode or ""
    best.borgers_oensker = borgers_oensker
    best.praktisk = praktisk
    best.del_borgers_maal = del_borgers_maal
    best.version += 1
    best.full_clean()
    with ctx(actor, "bestilling rettet"):
        best.save()
        best.ydelser.set(ydelser)
        best.delte_tilstande.set(delte_tilstande)
        _write_maal(best, afg, indsatsmaal)
    return best


@transaction.atomic
def bestilling_send(
    *, bestilling: Bestilling, version: int | None, actor: User | None, now: datetime | None = None
) -> Bestilling:
    now = now or timezone.now()
    require_myndighed(actor)
    best = lock_and_check_version(bestilling, version, what=_("bestillingen"))
    if best.status != Bestilling.Status.KLADDE:
        raise ApplicationError(_("Bestillingen er allerede sendt."), code="ikke_kladde")
    if not best.afgoerelse.er_aktiv:
        raise ApplicationError(_("Bevillingen er ikke længere aktiv. Bestillingen kan ikke sendes."), code="ikke_aktiv")
    if not best.indsatsmaal.exists():
        raise ApplicationError(_("Bestillingen skal have mindst ét indsatsmål."), code="ingen_maal")
    best.status = Bestilling.Status.SENDT
    best.sendt_at = now
    best.version += 1
    with ctx(actor, "bestilling sendt"):
        best.save(update_fields=["status", "sendt_at", "version", "updated_at"])
        journal(best.sag, _("Bestilling sendt"), _("Bestillingen er sendt til %(l)s.") % {"l": best.leverandoer.navn}, actor, now)
    return best


@transaction.atomic
def bestilling_withdraw(
    *, bestilling: Bestilling, begrundelse: str, actor: User | None, version: int | None = None, now: datetime | None = None
) -> Bestilling:
    now = now or timezone.now()
    require_myndighed(actor)
    if not begrundelse.strip():
        raise ValidationError({"begrundelse": _("Skriv hvorfor bestillingen tilbagekaldes.")})
    best = lock_and_check_version(bestilling, version, what=_("bestillingen"))
    if best.status not in (Bestilling.Status.KLADDE, *LIVE):
        raise ApplicationError(_("Bestillingen kan ikke tilbagekaldes i sin nuværende status."), code="ikke_aktiv")
    best.status = Bestilling.Status.TILBAGEKALDT
    if best.sendt_at is None:
        best.sendt_at = now
    best.version += 1
    with ctx(actor, "bestilling tilbagekaldt"):
        best.save(update_fields=["status", "sendt_at", "version", "updated_at"])
        journal(best.sag, _("Bestilling tilbagekaldt"), _("Bestillingen til %(l)s er tilbagekaldt. Begrundelse: %(b)s") % {
            "l": best.leverandoer.navn, "b": begrundelse.strip()}, actor, now)
    return best

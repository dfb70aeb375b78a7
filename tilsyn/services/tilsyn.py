"""Personrelateret tilsyn (serviceloven § 148): is the help still fitting its purpose, the
citizen's own account, other needs, safety and rights, relatives; a conclusion and follow-up
actions (adjust the plan, or a revisitation). Also for citizens the kommune pays for in another
kommune (betalingskommune ≠ handlekommune): the tilsyn records that it was such a case."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from datetime import date, datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import Sag, User
from bostotte.core.services.journal import journalnotat_create

from ..models import JaNej, KontaktForm, Tilsyn
from .opfoelgning import require_myndighed, revisitation_start


@transaction.atomic
def tilsyn_create(
    *,
    sag: Sag,
    afgoerelse: object,
    udfoert_on: date,
    form: str,
    formaal_opfyldt: str,
    borgers_beretning: str,
    sikkerhed_ok: str,
    paaroerende: str,
    konklusion: str,
    handling: str,
    actor: User | None,
    andre_behov: str = "",
    sikkerhed_bemaerkning: str = "",
    handling_beskrivelse: str = "",
    now: datetime | None = None,
) -> Tilsyn:
    from visitation.models import Afgoerelse

    now = now or timezone.now()
    require_myndighed(actor)
    afg = Afgoerelse.objects.get(pk=afgoerelse.pk)  # type: ignore[attr-defined]
    if afg.sag_id != sag.pk:
        raise ApplicationError(_("Bevillingen hører ikke til sagen."), code="forkert_sag")
    if not afg.er_aktiv:
        raise ApplicationError(_("Der føres tilsyn med en aktiv bevilling. Denne bevilling er ikke aktiv."), code="ikke_aktiv")
    errors: dict[str, str] = {}
    if udfoert_on > timezone.localdate(now):
        errors["udfoert_on"] = _("Tilsynet kan ikke være ført i fremtiden.")
    if form not in KontaktForm.values:
        errors["form"] = _("Vælg hvordan tilsynet blev ført.")
    if formaal_opfyldt not in JaNej.values:
        errors["formaal_opfyldt"] = _("Svar på, om hjælpen stadig opfylder sit formål.")
    if sikkerhed_ok not in JaNej.values:
        errors["sikkerhed_ok"] = _("Svar på, om borgerens sikkerhed og rettigheder er i orden.")
    if paaroerende not in Tilsyn.Paaroerende.values:
        errors["paaroerende"] = _("Svar på, om pårørende er inddraget.")
    if not borgers_beretning.strip():
        errors["borgers_beretning"] = _("Skriv borgerens egen beretning – med borgerens ord.")
    if not konklusion.strip():
        errors["konklusion"] = _("Skriv tilsynets konklusion.")
    if handling not in Tilsyn.Handling.values:
        errors["handling"] = _("Vælg den opfølgende handling.")
    problem = formaal_opfyldt in (JaNej.NEJ, JaNej.DELVIST) or sikkerhed_ok in (JaNej.NEJ, JaNej.DELVIST)
    if problem and handling == Tilsyn.Handling.INGEN:
        errors["handling"] = _("Tilsynet har fundet et problem. Vælg hvad der skal ske: planen justeres eller revisitation.")
    if handling in (Tilsyn.Handling.PLAN, Tilsyn.Handling.REVISITATION) and not handling_beskrivelse.strip():
        errors["handling_beskrivelse"] = _("Beskriv den opfølgende handling.")
    if sikkerhed_ok in (JaNej.NEJ, JaNej.DELVIST) and not sikkerhed_bemaerkning.strip():
        errors["sikkerhed_bemaerkning"] = _("Beskriv hvad der ikke er i orden med sikkerhed eller rettigheder.")
    if errors:
        raise ValidationError(errors)
    t = Tilsyn(
        sag=sag, afgoerelse=afg, udfoert_on=udfoert_on, form=form,
        anden_kommune=sag.betalingskommune_id != sag.handlekommune_id, formaal_opfyldt=formaal_opfyldt,
        borgers_beretning=borgers_beretning.strip(), andre_behov=andre_behov.strip(), sikkerhed_ok=sikkerhed_ok,
        sikkerhed_bemaerkning=sikkerhed_bemaerkning.strip(), paaroerende=paaroerende, konklusion=konklusion.strip(),
        handling=handling, handling_beskrivelse=handling_beskrivelse.strip(), udfoert_af=actor,
    )
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="personrelateret tilsyn"):
        if handling == Tilsyn.Handling.REVISITATION:
            t.revisitation = revisitation_start(bevilling=afg, actor=actor, now=now)  # type: ignore[assignment]
        t.full_clean()
        t.save()
        journalnotat_create(
            sag=sag, art="sagsskridt", actor=actor, now=now, haendelse_at=now,
            emne=_("Personrelateret tilsyn (§ 148)"),
            tekst=_("Tilsyn ført %(d)s (%(f)s). Konklusion: %(k)s Handling: %(h)s.") % {
                "d": udfoert_on.strftime("%d.%m.%Y"), "f": t.get_form_display(), "k": t.konklusion, "h": t.get_handling_display()}
            + (_(" Borgeren bor i en anden kommune.") if t.anden_kommune else ""),
        )
    return t

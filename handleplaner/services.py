"""Writes for the plans: the § 141 handleplan (offer, answer, versions, comments, acceptance),
the pædagogiske plan with delmål, and progress ratings (evaluering).

Every service takes a keyword-only `actor` (None = the system) and an optional `now`; it checks
who may do it (`NotAllowedError`), validates (`ValidationError` with Danish messages), then
saves inside one transaction with the pghistory context set. The database checks the same
invariants again (constraints and triggers in models.py / triggers.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError, ConflictError, NotAllowedError
from bostotte.core.models import Sag, User
from bostotte.core.services.journal import journalnotat_create
from visitation.models import Afgoerelse, Bestilling, Indsatsmaal, Lovgrundlag

from .access import is_borger_for, is_myndighed_for, may_edit_paedagogisk_plan, vurderer_rolle_for
from .models import (
    Delmaal,
    Evaluering,
    Handleplan,
    HandleplanKommentar,
    HandleplanVersion,
    Metode,
    PaedagogiskPlan,
    Udarbejdet,
    VurdererRolle,
)

_NOT_MYNDIGHED = _("Kun myndighedens sagsbehandlere kan ændre handleplanen.")
_NOT_LEVERANDOER = _("Kun den tildelte bostøtte eller leverandørens leder kan ændre den pædagogiske plan.")


def _ctx(actor: User | None, reason: str) -> Any:
    return pghistory.context(actor_id=getattr(actor, "pk", None), reason=reason)


def _require_myndighed(actor: User | None, sag: Sag) -> None:
    if not is_myndighed_for(actor, sag):
        raise NotAllowedError(_NOT_MYNDIGHED, code="kun_myndighed")


# --------------------------------------------------------------------------------------------
# § 141 handleplan: assessment, offer and answer
# --------------------------------------------------------------------------------------------
def handleplan_default_omfattet(*, sag: Sag) -> bool | None:
    """§ 141, stk. 2 covers most § 85 citizens (DOMAIN.md 2.3): default yes when the case has an
    active § 85 / § 85 a bevilling; otherwise not assessed yet (stk. 1: the kommune assesses)."""
    if Afgoerelse.objects.filter(sag=sag, er_aktiv=True, lovgrundlag__in=[Lovgrundlag.SEL_85, Lovgrundlag.SEL_85A]).exists():
        return True
    return None


@transaction.atomic
def handleplan_get_or_create(*, sag: Sag, actor: User | None, now: datetime | None = None) -> Handleplan:
    """The case's handleplan record (created on first use with the stk. 2 default)."""
    existing = Handleplan.objects.filter(sag=sag).first()
    if existing is not None:
        return existing
    if actor is not None:
        _require_myndighed(actor, sag)
    plan = Handleplan(sag=sag, omfattet_stk2=handleplan_default_omfattet(sag=sag), oprettet_af=actor)
    plan.full_clean()
    with _ctx(actor, "handleplan oprettet"):
        plan.save()
    return plan


@transaction.atomic
def handleplan_tilbud_save(
    *,
    handleplan: Handleplan,
    omfattet_stk2: bool | None,
    vurdering_begrundelse: str,
    tilbudt_on: date | None,
    tilbudt_maade: str,
    svar: str,
    svar_on: date | None,
    del_med_leverandoer: bool,
    expected_version: int | None,
    actor: User | None,
    now: datetime | None = None,
) -> Handleplan:
    """Record the § 141 stk. 2 assessment, the offer (date, how) and the citizen's answer."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    plan = Handleplan.objects.select_for_update().select_related("sag").get(pk=handleplan.pk)
    if actor is not None:
        _require_myndighed(actor, plan.sag)
    if expected_version is not None and expected_version != plan.version:
        raise ConflictError(_("En anden har ændret oplysningerne om tilbuddet imens. Genindlæs siden og prøv igen."))
    vurdering_begrundelse = vurdering_begrundelse.strip()
    errors: dict[str, str] = {}
    if omfattet_stk2 is False and not vurdering_begrundelse:
        errors["vurdering_begrundelse"] = _("Skriv, hvorfor borgeren ikke er omfattet af § 141, stk. 2.")
    if tilbudt_on is None:
        if plan.tilbudt_on is not None:
            errors["tilbudt_on"] = _("Et registreret tilbud kan ikke slettes. Ret datoen, hvis den er forkert.")
        if svar:
            errors["svar"] = _("Registrér først, hvornår handleplanen blev tilbudt.")
        tilbudt_maade = ""
    else:
        if tilbudt_on > today:
            errors["tilbudt_on"] = _("Datoen for tilbuddet kan ikke ligge i fremtiden.")
        if not tilbudt_maade:
            errors["tilbudt_maade"] = _("Vælg, hvordan handleplanen blev tilbudt.")
        elif tilbudt_maade not in Handleplan.TilbudtMaade.values:
            errors["tilbudt_maade"] = _("Vælg en af mulighederne.")
        svar = svar or Handleplan.Svar.IKKE_BESLUTTET
    if svar and svar not in Handleplan.Svar.values:
        errors["svar"] = _("Vælg en af mulighederne.")
    if svar in (Handleplan.Svar.ACCEPTERET, Handleplan.Svar.AFSLAAET) and svar_on is None:
        errors["svar_on"] = _("Skriv, hvornår borgeren svarede.")
    if svar_on is not None:
        if svar_on > today:
            errors["svar_on"] = _("Datoen for svaret kan ikke ligge i fremtiden.")
        elif tilbudt_on is not None and svar_on < tilbudt_on:
            errors["svar_on"] = _("Borgeren kan ikke have svaret, før handleplanen blev tilbudt.")
    if errors:
        raise ValidationError(errors)

    first_offer = plan.tilbudt_on is None and tilbudt_on is not None
    svar_changed = svar != plan.svar and plan.tilbudt_on is not None
    plan.omfattet_stk2 = omfattet_stk2
    plan.vurdering_begrundelse = vurdering_begrundelse
    plan.tilbudt_on = tilbudt_on
    plan.tilbudt_maade = tilbudt_maade
    if first_offer:
        plan.tilbudt_af = actor
    plan.svar = svar
    plan.svar_on = svar_on if svar else None
    plan.del_med_leverandoer = del_med_leverandoer
    plan.version += 1
    plan.full_clean()
    with _ctx(actor, "handleplan tilbud og svar"):
        plan.save()
    if first_offer:
        journalnotat_create(
            sag=plan.sag, art="sagsskridt", emne=_("Handleplan tilbudt"),
            tekst=_("Borgeren er tilbudt en handleplan efter serviceloven § 141 (%(maade)s) den %(dato)s.")
            % {"maade": plan.get_tilbudt_maade_display().lower(), "dato": tilbudt_on.strftime("%d.%m.%Y") if tilbudt_on else ""},
            actor=actor, now=now,
        )
    if svar_changed or (first_offer and svar != Handleplan.Svar.IKKE_BESLUTTET):
        journalnotat_create(
            sag=plan.sag, art="sagsskridt", emne=_("Svar på tilbud om handleplan"),
            tekst=str(plan.get_svar_display()) + ".", actor=actor, now=now,
        )
    handleplan.refresh_from_db()
    return plan


def handleplan_offer(
    *, sag: Sag, tilbudt_on: date, tilbudt_maade: str, actor: User | None, now: datetime | None = None
) -> Handleplan:
    """Record that the handleplan was offered (the answer starts as 'not decided yet')."""
    plan = handleplan_get_or_create(sag=sag, actor=actor, now=now)
    return handleplan_tilbud_save(
        handleplan=plan, omfattet_stk2=plan.omfattet_stk2, vurdering_begrundelse=plan.vurdering_begrundelse,
        tilbudt_on=tilbudt_on, tilbudt_maade=tilbudt_maade, svar=plan.svar or Handleplan.Svar.IKKE_BESLUTTET,
        svar_on=plan.svar_on, del_med_leverandoer=plan.del_med_leverandoer, expected_version=None, actor=actor, now=now,
    )


def handleplan_answer(
    *, handleplan: Handleplan, svar: str, svar_on: date | None, actor: User | None,
    del_med_leverandoer: bool | None = None, now: datetime | None = None,
) -> Handleplan:
    """Record the citizen's answer to the offer: accepteret, afslaaet or ikke_besluttet."""
    if handleplan.tilbudt_on is None:
        raise ApplicationError(_("Registrér først, at handleplanen er tilbudt."), code="ikke_tilbudt")
    return handleplan_tilbud_save(
        handleplan=handleplan, omfattet_stk2=handleplan.omfattet_stk2, vurdering_begrundelse=handleplan.vurdering_begrundelse,
        tilbudt_on=handleplan.tilbudt_on, tilbudt_maade=handleplan.tilbudt_maade, svar=svar, svar_on=svar_on,
        del_med_leverandoer=handleplan.del_med_leverandoer if del_med_leverandoer is None else del_med_leverandoer,
        expected_version=None, actor=actor, now=now,
    )


# --------------------------------------------------------------------------------------------
# § 141 handleplan: content versions, comments, acceptance
# --------------------------------------------------------------------------------------------
@transaction.atomic
def handleplan_version_create(
    *,
    handleplan: Handleplan,
    expected_nummer: int,
    formaal: str,
    indsats: str,
    varighed: str,
    actor: User | None,
    bolig: str = "",
    arbejde_uddannelse: str = "",
    behandling: str = "",
    hjaelpemidler: str = "",
    personlig_hjaelp: str = "",
    andet: str = "",
    borgers_ord: str = "",
    udarbejdet_med_borger: bool = True,
    udarbejdet_hvordan: str = "",
    aendringer: str = "",
    now: datetime | None = None,
) -> HandleplanVersion:
    """Write a new version of the plan. `expected_nummer` is the version the writer started
    from (0 for the first); if someone saved a newer one meanwhile this raises ConflictError."""
    now = now or timezone.now()
    plan = Handleplan.objects.select_for_update().select_related("sag").get(pk=handleplan.pk)
    if actor is not None:
        _require_myndighed(actor, plan.sag)
    if plan.tilbudt_on is None:
        raise ApplicationError(_("Registrér først, at borgeren er tilbudt en handleplan."), code="ikke_tilbudt")
    if plan.svar == Handleplan.Svar.AFSLAAET:
        raise ApplicationError(
            _("Borgeren har sagt nej tak til en handleplan. Formål, indsats og mål står i bestillingen til leverandøren."),
            code="afslaaet",
        )
    current = plan.versioner.filter(er_gaeldende=True).first()
    current_nummer = current.nummer if current else 0
    if expected_nummer != current_nummer:
        raise ConflictError(
            _("Der er gemt en nyere version (version %(n)s), mens du skrev. Dine ændringer er ikke gemt – åbn planen igen.")
            % {"n": current_nummer}
        )
    values: dict[str, Any] = {
        "formaal": formaal.strip(), "indsats": indsats.strip(), "varighed": varighed.strip(), "bolig": bolig.strip(),
        "arbejde_uddannelse": arbejde_uddannelse.strip(), "behandling": behandling.strip(),
        "hjaelpemidler": hjaelpemidler.strip(), "personlig_hjaelp": personlig_hjaelp.strip(), "andet": andet.strip(),
        "borgers_ord": borgers_ord.strip(), "udarbejdet_med_borger": udarbejdet_med_borger,
        "udarbejdet_hvordan": udarbejdet_hvordan.strip(),
    }
    aendringer = aendringer.strip()
    errors: dict[str, str] = {}
    for field, message in (
        ("formaal", _("Skriv formålet med støtten.")),
        ("indsats", _("Skriv, hvilken støtte der skal til.")),
        ("varighed", _("Skriv, hvor længe støtten forventes at vare.")),
    ):
        if not values[field]:
            errors[field] = message
    if not udarbejdet_med_borger and not values["udarbejdet_hvordan"]:
        errors["udarbejdet_hvordan"] = _("Skriv, hvorfor planen ikke er skrevet sammen med borgeren.")
    if current is not None:
        if not aendringer:
            errors["aendringer"] = _("Skriv kort, hvad der er ændret, så borgeren kan se det.")
        if all(getattr(current, k) == v for k, v in values.items()):
            errors["__all__"] = _("Der er ikke ændret noget i forhold til den gældende version.")
    if errors:
        raise ValidationError(errors)
    version = HandleplanVersion(
        handleplan=plan, nummer=current_nummer + 1, er_gaeldende=True, aendringer=aendringer, oprettet_af=actor, **values
    )
    with _ctx(actor, "ny version af handleplan"):
        if current is not None:
            current.er_gaeldende = False
            current.save(update_fields=["er_gaeldende", "updated_at"])
        version.full_clean()
        version.save()
    journalnotat_create(
        sag=plan.sag, art="sagsskridt", emne=_("Handleplan, version %(n)s") % {"n": version.nummer},
        tekst=aendringer or _("Første version af handleplanen er skrevet."), actor=actor, now=now,
    )
    return version


@transaction.atomic
def handleplan_kommentar_create(
    *, version: HandleplanVersion, tekst: str, actor: User, now: datetime | None = None
) -> HandleplanKommentar:
    """A comment on the current version, by the citizen (portal) or the myndighed."""
    sag = version.handleplan.sag
    if not (is_borger_for(actor, sag) or is_myndighed_for(actor, sag)):
        raise NotAllowedError(_("Kun borgeren og myndigheden kan kommentere handleplanen."), code="ikke_kommentar")
    tekst = tekst.strip()
    if not tekst:
        raise ValidationError({"tekst": _("Skriv din kommentar.")})
    if len(tekst) > 4000:
        raise ValidationError({"tekst": _("Kommentaren må højst være 4.000 tegn.")})
    if not HandleplanVersion.objects.filter(pk=version.pk, er_gaeldende=True).exists():
        raise ApplicationError(_("Der er kommet en nyere version af handleplanen. Kommentér den nye version."), code="ikke_gaeldende")
    kommentar = HandleplanKommentar(version=version, tekst=tekst, forfatter=actor, forfatter_rolle=actor.rolle)
    kommentar.full_clean()
    kommentar.save()
    return kommentar


@transaction.atomic
def handleplan_accept(*, version: HandleplanVersion, actor: User, now: datetime | None = None) -> HandleplanVersion:
    """The citizen accepts a version (portal), or the myndighed records that the citizen did.
    Accepting the plan also counts as saying yes to the offer."""
    now = now or timezone.now()
    version = HandleplanVersion.objects.select_for_update().select_related("handleplan__sag__borger").get(pk=version.pk)
    sag = version.handleplan.sag
    if is_borger_for(actor, sag):
        rolle = VurdererRolle.BORGER
    elif is_myndighed_for(actor, sag):
        rolle = VurdererRolle.SAGSBEHANDLER
    else:
        raise NotAllowedError(_("Kun borgeren selv kan acceptere handleplanen."), code="ikke_accept")
    if not version.er_gaeldende:
        raise ApplicationError(_("Der er kommet en nyere version af handleplanen. Læs og acceptér den nye version."), code="ikke_gaeldende")
    if version.accepteret_at is not None:
        raise ApplicationError(_("Denne version er allerede accepteret."), code="allerede_accepteret")
    version.accepteret_at = now
    version.accepteret_af = actor
    version.accepteret_rolle = rolle
    with _ctx(actor, "handleplan accepteret"):
        version.save(update_fields=["accepteret_at", "accepteret_af", "accepteret_rolle", "updated_at"])
        plan = Handleplan.objects.select_for_update().get(pk=version.handleplan_id)
        if plan.svar != Handleplan.Svar.ACCEPTERET:
            plan.svar = Handleplan.Svar.ACCEPTERET
            plan.svar_on = timezone.localdate(now)
            plan.version += 1
            plan.full_clean()
            plan.save(update_fields=["svar", "svar_on", "version", "updated_at"])
    journalnotat_create(
        sag=sag, art="sagsskridt", emne=_("Handleplan accepteret"),
        tekst=_("Version %(n)s af handleplanen er accepteret af borgeren%(hvem)s.")
        % {"n": version.nummer, "hvem": "" if rolle == VurdererRolle.BORGER else _(" (registreret af sagsbehandleren)")},
        actor=actor, now=now,
    )
    return version


# --------------------------------------------------------------------------------------------
# Pædagogisk plan and delmål (leverandør)
# --------------------------------------------------------------------------------------------
def _validate_paedagogisk(*, borger_tilbudt_forberedelse: bool, forberedelse_on: date | None, udarbejdet: str, today: date) -> None:
    errors: dict[str, str] = {}
    if borger_tilbudt_forberedelse and forberedelse_on is None:
        errors["forberedelse_on"] = _("Skriv, hvornår borgeren fik tilbudt tid til at forberede sig.")
    if forberedelse_on is not None and forberedelse_on > today:
        errors["forberedelse_on"] = _("Datoen kan ikke ligge i fremtiden.")
    if udarbejdet and udarbejdet not in Udarbejdet.values:
        errors["udarbejdet"] = _("Vælg en af mulighederne.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def paedagogisk_plan_create(
    *,
    bestilling: Bestilling,
    actor: User | None,
    borger_tilbudt_forberedelse: bool = False,
    forberedelse_on: date | None = None,
    udarbejdet: str = "",
    borgers_ord: str = "",
    tilgang: str = "",
    now: datetime | None = None,
) -> PaedagogiskPlan:
    now = now or timezone.now()
    bestilling = Bestilling.objects.select_for_update().get(pk=bestilling.pk)
    if actor is not None and not may_edit_paedagogisk_plan(actor, bestilling, now):
        raise NotAllowedError(_NOT_LEVERANDOER, code="kun_leverandoer")
    if bestilling.status not in ("accepteret", "startet"):
        raise ApplicationError(_("Den pædagogiske plan kan først laves, når bestillingen er accepteret."), code="ikke_accepteret")
    if PaedagogiskPlan.objects.filter(bestilling=bestilling).exists():
        raise ApplicationError(_("Der er allerede en pædagogisk plan for denne bestilling."), code="findes")
    _validate_paedagogisk(
        borger_tilbudt_forberedelse=borger_tilbudt_forberedelse, forberedelse_on=forberedelse_on,
        udarbejdet=udarbejdet, today=timezone.localdate(now),
    )
    plan = PaedagogiskPlan(
        bestilling=bestilling, oprettet_af=actor, borger_tilbudt_forberedelse=borger_tilbudt_forberedelse,
        forberedelse_on=forberedelse_on if borger_tilbudt_forberedelse else None, udarbejdet=udarbejdet,
        borgers_ord=borgers_ord.strip(), tilgang=tilgang.strip(),
    )
    plan.full_clean()
    with _ctx(actor, "pædagogisk plan oprettet"):
        plan.save()
    return plan


@transaction.atomic
def paedagogisk_plan_update(
    *,
    plan: PaedagogiskPlan,
    expected_revision: int,
    actor: User | None,
    borger_tilbudt_forberedelse: bool,
    forberedelse_on: date | None,
    udarbejdet: str,
    borgers_ord: str,
    tilgang: str,
    now: datetime | None = None,
) -> PaedagogiskPlan:
    """Revise the plan: the revision number goes up and `revideret_on` is today; pghistory keeps
    every earlier state."""
    now = now or timezone.now()
    locked = PaedagogiskPlan.objects.select_for_update().select_related("bestilling").get(pk=plan.pk)
    if actor is not None and not may_edit_paedagogisk_plan(actor, locked.bestilling, now):
        raise NotAllowedError(_NOT_LEVERANDOER, code="kun_leverandoer")
    if expected_revision != locked.revision:
        raise ConflictError(_("En anden har ændret planen imens. Genindlæs siden og prøv igen."))
    _validate_paedagogisk(
        borger_tilbudt_forberedelse=borger_tilbudt_forberedelse, forberedelse_on=forberedelse_on,
        udarbejdet=udarbejdet, today=timezone.localdate(now),
    )
    locked.borger_tilbudt_forberedelse = borger_tilbudt_forberedelse
    locked.forberedelse_on = forberedelse_on if borger_tilbudt_forberedelse else None
    locked.udarbejdet = udarbejdet
    locked.borgers_ord = borgers_ord.strip()
    locked.tilgang = tilgang.strip()
    locked.revision += 1
    locked.revideret_on = timezone.localdate(now)
    locked.full_clean()
    with _ctx(actor, "pædagogisk plan revideret"):
        locked.save()
    return locked


def _touch_plan(plan: PaedagogiskPlan, now: datetime) -> None:
    PaedagogiskPlan.objects.filter(pk=plan.pk).update(revideret_on=timezone.localdate(now), updated_at=now)


def _validate_delmaal(*, titel: str, metoder: Iterable[str]) -> list[str]:
    errors: dict[str, str] = {}
    metoder = list(dict.fromkeys(metoder))
    if not titel.strip():
        errors["titel"] = _("Skriv delmålet.")
    elif len(titel.strip()) > 200:
        errors["titel"] = _("Delmålet må højst være 200 tegn. Skriv resten med borgerens egne ord.")
    if any(m not in Metode.values for m in metoder):
        errors["metoder"] = _("Vælg metoder fra listen.")
    if errors:
        raise ValidationError(errors)
    return metoder


@transaction.atomic
def delmaal_create(
    *,
    plan: PaedagogiskPlan,
    indsatsmaal: Indsatsmaal,
    titel: str,
    actor: User | None,
    borgers_ord: str = "",
    metoder: Iterable[str] = (),
    aktiviteter: str = "",
    now: datetime | None = None,
) -> Delmaal:
    """A delmål under one of the bestilling's indsatsmål."""
    now = now or timezone.now()
    plan = PaedagogiskPlan.objects.select_related("bestilling").get(pk=plan.pk)
    if actor is not None and not may_edit_paedagogisk_plan(actor, plan.bestilling, now):
        raise NotAllowedError(_NOT_LEVERANDOER, code="kun_leverandoer")
    if indsatsmaal.bestilling_id != plan.bestilling_id:
        raise ValidationError({"indsatsmaal": _("Delmålet skal høre under et af bestillingens indsatsmål.")})
    metoder = _validate_delmaal(titel=titel, metoder=metoder)
    raekkefoelge = Delmaal.objects.filter(plan=plan, indsatsmaal=indsatsmaal).count()
    delmaal = Delmaal(
        plan=plan, indsatsmaal=indsatsmaal, titel=titel.strip(), borgers_ord=borgers_ord.strip(), metoder=metoder,
        aktiviteter=aktiviteter.strip(), oprettet_af=actor, raekkefoelge=raekkefoelge,
    )
    delmaal.full_clean()
    with _ctx(actor, "delmål oprettet"):
        delmaal.save()
        _touch_plan(plan, now)
    return delmaal


@transaction.atomic
def delmaal_update(
    *,
    delmaal: Delmaal,
    titel: str,
    borgers_ord: str,
    metoder: Iterable[str],
    aktiviteter: str,
    status: str,
    actor: User | None,
    now: datetime | None = None,
) -> Delmaal:
    now = now or timezone.now()
    locked = Delmaal.objects.select_for_update().select_related("plan__bestilling").get(pk=delmaal.pk)
    if actor is not None and not may_edit_paedagogisk_plan(actor, locked.plan.bestilling, now):
        raise NotAllowedError(_NOT_LEVERANDOER, code="kun_leverandoer")
    metoder = _validate_delmaal(titel=titel, metoder=metoder)
    if status not in Delmaal.Status.values:
        raise ValidationError({"status": _("Vælg en af mulighederne.")})
    locked.titel = titel.strip()
    locked.borgers_ord = borgers_ord.strip()
    locked.metoder = metoder
    locked.aktiviteter = aktiviteter.strip()
    locked.status = status
    locked.full_clean()
    with _ctx(actor, "delmål ændret"):
        locked.save()
        _touch_plan(locked.plan, now)
    return locked


# --------------------------------------------------------------------------------------------
# Progress
# --------------------------------------------------------------------------------------------
@transaction.atomic
def evaluering_create(
    *,
    score: int,
    actor: User,
    delmaal: Delmaal | None = None,
    indsatsmaal: Indsatsmaal | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Evaluering:
    """Rate progress on exactly one delmål or indsatsmål (−2 … +2). Who rated is recorded:
    the bostøtte/leverandør, the citizen or the sagsbehandler."""
    now = now or timezone.now()
    if (delmaal is None) == (indsatsmaal is None):
        raise ValidationError({"__all__": _("Vælg ét delmål eller ét indsatsmål at vurdere.")})
    bestilling = delmaal.plan.bestilling if delmaal is not None else indsatsmaal.bestilling  # type: ignore[union-attr]
    sag = bestilling.sag
    rolle = vurderer_rolle_for(actor)
    allowed = (
        (rolle == VurdererRolle.SAGSBEHANDLER and is_myndighed_for(actor, sag))
        or (rolle == VurdererRolle.BOSTOETTE and may_edit_paedagogisk_plan(actor, bestilling, now))
        or (rolle == VurdererRolle.BORGER and is_borger_for(actor, sag))
    )
    if not allowed or rolle is None:
        raise NotAllowedError(_("Du kan ikke vurdere fremskridt på dette mål."), code="ikke_vurdering")
    errors: dict[str, str] = {}
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 99
    if score not in Evaluering.Score.values:
        errors["score"] = _("Vælg en vurdering fra −2 til +2.")
    if len(note) > 4000:
        errors["note"] = _("Bemærkningen må højst være 4.000 tegn.")
    if errors:
        raise ValidationError(errors)
    evaluering = Evaluering(
        delmaal=delmaal, indsatsmaal=indsatsmaal, score=score, note=note.strip(), vurderet_af=actor, rolle=rolle,
        vurderet_at=now,
    )
    evaluering.full_clean()
    with _ctx(actor, "evaluering"):
        evaluering.save()
    return evaluering


__all__ = [
    "delmaal_create",
    "delmaal_update",
    "evaluering_create",
    "handleplan_accept",
    "handleplan_answer",
    "handleplan_default_omfattet",
    "handleplan_get_or_create",
    "handleplan_kommentar_create",
    "handleplan_offer",
    "handleplan_tilbud_save",
    "handleplan_version_create",
    "paedagogisk_plan_create",
    "paedagogisk_plan_update",
]

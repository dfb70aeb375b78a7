"""Hospital admission and discharge. Anyone on the case registers them; the bostøtte stays assigned."""

from __future__ import annotations

from datetime import date, datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError, ConflictError, NotAllowedError
from bostotte.core.models import MYNDIGHED_ROLLER, Journalnotat, Rolle, Sag, User
from bostotte.core.services.journal import journalnotat_create
from visitation.models import Afgoerelse, Bestilling, Kvalitetsstandard

from ..access import LIVE_BESTILLING
from ..models import Indlaeggelse
from ._common import actor_pk

ON_CASE_ROLLER = MYNDIGHED_ROLLER | {Rolle.LEVERANDOERLEDER, Rolle.BOSTOETTE}


def _require_on_case(actor: User | None, sag: Sag, now: datetime) -> None:
    if actor is None:
        return
    if actor.rolle not in ON_CASE_ROLLER or not Sag.objects.visible_one(actor).filter(pk=sag.pk).exists():
        raise NotAllowedError(_("Kun de, der arbejder med sagen, kan registrere indlæggelser."))


def kvalitetsstandard_for_sag(sag: Sag) -> Kvalitetsstandard | None:
    """The kvalitetsstandard the citizen's current support was granted under."""
    b = (
        Bestilling.objects.filter(sag=sag, status__in=[*LIVE_BESTILLING, Bestilling.Status.SENDT])
        .select_related("afgoerelse__kvalitetsstandard").order_by("-starts_on", "-id").first()
    )
    if b is not None:
        return b.afgoerelse.kvalitetsstandard
    a = Afgoerelse.objects.filter(sag=sag, er_aktiv=True).select_related("kvalitetsstandard").first()
    return a.kvalitetsstandard if a else None


def pause_standard_for_sag(sag: Sag) -> bool:
    ks = kvalitetsstandard_for_sag(sag)
    return bool(ks and ks.pause_ved_indlaeggelse)


@transaction.atomic
def indlaeggelse_create(
    *,
    sag: Sag,
    indlagt_on: date,
    pause: bool | None = None,
    pause_begrundelse: str = "",
    bemaerkning: str = "",
    actor: User | None,
    now: datetime | None = None,
) -> Indlaeggelse:
    """Register an admission. `pause` defaults from the kvalitetsstandard; a different choice
    needs a reason. The assigned bostøtte stays assigned through a pause."""
    now = now or timezone.now()
    _require_on_case(actor, sag, now)
    standard = pause_standard_for_sag(sag)
    pause = standard if pause is None else pause
    pause_begrundelse = pause_begrundelse.strip()
    errors: dict[str, str] = {}
    if indlagt_on > timezone.localdate(now):
        errors["indlagt_on"] = _("Indlæggelsesdatoen kan ikke ligge i fremtiden.")
    if pause != standard and not pause_begrundelse:
        errors["pause_begrundelse"] = _("Skriv hvorfor sagen afviger fra kvalitetsstandardens regel om pause under indlæggelse.")
    if not errors:
        others = Indlaeggelse.objects.filter(borger_id=sag.borger_id)
        if others.filter(udskrevet_on__isnull=True).exists():
            errors["indlagt_on"] = _("Borgeren er allerede registreret som indlagt. Registrér udskrivningen først.")
        elif others.filter(indlagt_on__lte=indlagt_on, udskrevet_on__gte=indlagt_on).exists():
            errors["indlagt_on"] = _("Datoen ligger i en tidligere registreret indlæggelse.")
        elif others.filter(indlagt_on__gt=indlagt_on).exists():
            errors["indlagt_on"] = _("Der er registreret en senere indlæggelse; en åben indlæggelse kan ikke ligge før den.")
    if errors:
        raise ValidationError(errors)
    ind = Indlaeggelse(
        sag=sag, borger_id=sag.borger_id, indlagt_on=indlagt_on, pause=pause, pause_standard=standard,
        pause_begrundelse=pause_begrundelse, bemaerkning=bemaerkning.strip(), registreret_af=actor,
    )
    ind.full_clean(exclude=["registreret_af"])
    with pghistory.context(actor_id=actor_pk(actor), reason="indlæggelse registreret"):
        ind.save()
    tekst = _("Borgeren er indlagt fra %(d)s. Støtten %(p)s under indlæggelsen; den tildelte bostøtte fortsætter.") % {
        "d": indlagt_on.strftime("%d.%m.%Y"), "p": _("holder pause") if pause else _("fortsætter"),
    }
    if pause != standard:
        tekst += " " + _("Afviger fra kvalitetsstandarden: %(b)s") % {"b": pause_begrundelse}
    journalnotat_create(sag=sag, art=Journalnotat.Art.SAGSSKRIDT, emne=_("Indlæggelse registreret"), tekst=tekst, actor=actor, now=now)
    return ind


@transaction.atomic
def indlaeggelse_udskriv(*, indlaeggelse: Indlaeggelse, udskrevet_on: date, actor: User | None, now: datetime | None = None) -> Indlaeggelse:
    """Register the discharge. Starts the raised frame (if the afgørelse has one; computed in the
    hours logic from `udskrevet_on`) and a follow-up for the sagsbehandler (journal note now;
    `indlaeggelse_udskrivninger_uden_opfoelgning()` for the deadline engine)."""
    now = now or timezone.now()
    sag = indlaeggelse.sag
    _require_on_case(actor, sag, now)
    if indlaeggelse.udskrevet_on is not None:
        raise ApplicationError(_("Udskrivningen er allerede registreret."), code="allerede_udskrevet")
    errors: dict[str, str] = {}
    if udskrevet_on < indlaeggelse.indlagt_on:
        errors["udskrevet_on"] = _("Udskrivningen kan ikke ligge før indlæggelsen.")
    elif udskrevet_on > timezone.localdate(now):
        errors["udskrevet_on"] = _("Udskrivningsdatoen kan ikke ligge i fremtiden.")
    if errors:
        raise ValidationError(errors)
    with pghistory.context(actor_id=actor_pk(actor), reason="udskrivning registreret"):
        n = Indlaeggelse.objects.filter(pk=indlaeggelse.pk, version=indlaeggelse.version, udskrevet_on__isnull=True).update(
            udskrevet_on=udskrevet_on, udskrivning_registreret_af=actor, version=F("version") + 1, updated_at=now
        )
    if n != 1:
        raise ConflictError(_("Indlæggelsen er ændret af en anden i mellemtiden. Genindlæs siden."))
    indlaeggelse.refresh_from_db()
    afg = (
        Afgoerelse.objects.filter(bestillinger__sag=sag, bestillinger__status__in=LIVE_BESTILLING)
        .filter(Q(forhoejet_timer__isnull=False) & Q(forhoejet_uger__isnull=False)).first()
    )
    tekst = _("Borgeren er udskrevet %(d)s. Opfølgning: sagsbehandleren følger op på støtten efter udskrivningen.") % {
        "d": udskrevet_on.strftime("%d.%m.%Y")
    }
    if afg is not None:
        tekst += " " + _("Forhøjet ramme på %(t)s timer %(p)s i %(u)s uger fra udskrivningen.") % {
            "t": afg.forhoejet_timer, "p": afg.get_timer_periode_display(), "u": afg.forhoejet_uger,
        }
    journalnotat_create(sag=sag, art=Journalnotat.Art.SAGSSKRIDT, emne=_("Udskrevet – opfølgning"), tekst=tekst, actor=actor, now=now)
    return indlaeggelse


@transaction.atomic
def indlaeggelse_opfoelgning_afslut(*, indlaeggelse: Indlaeggelse, actor: User | None, now: datetime | None = None) -> Indlaeggelse:
    """The sagsbehandler has followed up on the discharge."""
    now = now or timezone.now()
    if actor is not None and (actor.rolle not in MYNDIGHED_ROLLER or not Sag.objects.visible_one(actor).filter(pk=indlaeggelse.sag_id).exists()):
        raise NotAllowedError(_("Kun myndigheden kan afslutte opfølgningen."))
    if indlaeggelse.udskrevet_on is None:
        raise ApplicationError(_("Borgeren er ikke udskrevet endnu."), code="ikke_udskrevet")
    if indlaeggelse.opfoelgning_afsluttet_at is not None:
        return indlaeggelse
    indlaeggelse.opfoelgning_afsluttet_at = now
    with pghistory.context(actor_id=actor_pk(actor), reason="opfølgning efter udskrivning"):
        indlaeggelse.save(update_fields=["opfoelgning_afsluttet_at", "updated_at"])
    journalnotat_create(
        sag=indlaeggelse.sag, art=Journalnotat.Art.SAGSSKRIDT, emne=_("Opfølgning efter udskrivning afsluttet"),
        tekst=_("Der er fulgt op på støtten efter udskrivningen %(d)s.") % {"d": indlaeggelse.udskrevet_on.strftime("%d.%m.%Y")},
        actor=actor, now=now,
    )
    return indlaeggelse

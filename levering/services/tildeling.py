"""Assigning bostøtte staff to a bestilling. Reassignment ends the old row and creates a new one."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import Journalnotat, Rolle, User
from bostotte.core.services.journal import journalnotat_create
from visitation.models import Bestilling

from ..access import leverandoer_id_for
from ..models import Besoeg, Tildeling
from ._common import actor_pk, require_leder, require_live


def _overlap_q(starts_on: date, ends_on: date | None) -> Q:
    q = Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
    if ends_on is not None:
        q &= Q(starts_on__lte=ends_on)
    return q


@transaction.atomic
def tildeling_create(
    *,
    bestilling: Bestilling,
    medarbejder: User,
    starts_on: date,
    ends_on: date | None = None,
    er_primaer: bool = True,
    begrundelse: str = "",
    actor: User | None,
    now: datetime | None = None,
) -> Tildeling:
    """Assign a bostøtte (primary or additional) for a period. Grants access to the case for
    exactly that period (levering/access.py)."""
    now = now or timezone.now()
    require_leder(actor, bestilling)
    require_live(bestilling)
    errors: dict[str, str] = {}
    if medarbejder.rolle != Rolle.BOSTOETTE or leverandoer_id_for(medarbejder) != bestilling.leverandoer_id:
        errors["medarbejder"] = _("Vælg en bostøttemedarbejder fra jeres egen leverandør.")
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("Slutdatoen skal være samme dag som eller efter startdatoen.")
    if bestilling.ends_on and starts_on > bestilling.ends_on:
        errors["starts_on"] = _("Startdatoen ligger efter bestillingens slutdato.")
    if not errors:
        overlapping = Tildeling.objects.filter(_overlap_q(starts_on, ends_on), bestilling=bestilling)
        if er_primaer and overlapping.filter(er_primaer=True).exists():
            errors["starts_on"] = _(
                "Der er allerede en primær bostøtte i perioden. Brug \u201cSkift bostøtte\u201d, så historikken bevares."
            )
        elif overlapping.filter(medarbejder=medarbejder).exists():
            errors["medarbejder"] = _("Medarbejderen er allerede tildelt borgeren i perioden.")
    if errors:
        raise ValidationError(errors)
    tildeling = Tildeling(
        bestilling=bestilling, medarbejder=medarbejder, er_primaer=er_primaer, starts_on=starts_on,
        ends_on=ends_on, tildelt_af=actor, begrundelse=begrundelse.strip(),
    )
    tildeling.full_clean(exclude=["tildelt_af"])
    with pghistory.context(actor_id=actor_pk(actor), reason="tildeling oprettet"):
        tildeling.save()
    if er_primaer:
        journalnotat_create(
            sag=bestilling.sag,
            art=Journalnotat.Art.SAGSSKRIDT,
            emne=_("Primær bostøtte tildelt"),
            tekst=_("%(lev)s har tildelt %(navn)s som primær bostøtte fra %(fra)s.")
            % {"lev": bestilling.leverandoer.navn, "navn": medarbejder.visningsnavn, "fra": starts_on.strftime("%d.%m.%Y")},
            actor=actor,
            now=now,
        )
    return tildeling


@transaction.atomic
def tildeling_end(*, tildeling: Tildeling, ends_on: date, actor: User | None, now: datetime | None = None) -> Tildeling:
    """End an assignment (the row stays as history). Planned, not yet held visits after the end
    date are removed: they were plans, not records."""
    now = now or timezone.now()
    tildeling = Tildeling.objects.select_for_update().select_related("bestilling").get(pk=tildeling.pk)
    require_leder(actor, tildeling.bestilling)
    if ends_on < tildeling.starts_on:
        raise ValidationError({"ends_on": _("Slutdatoen kan ikke ligge før tildelingens start.")})
    if tildeling.ends_on is not None and tildeling.ends_on < ends_on:
        raise ApplicationError(_("Tildelingen er allerede afsluttet %(d)s.") % {"d": tildeling.ends_on.strftime("%d.%m.%Y")}, code="allerede_afsluttet")
    tildeling.ends_on = ends_on
    tildeling.full_clean(exclude=["tildelt_af"])
    tz = timezone.get_current_timezone()
    after = timezone.make_aware(datetime.combine(ends_on + timedelta(days=1), time.min), tz)
    with pghistory.context(actor_id=actor_pk(actor), reason="tildeling afsluttet"):
        tildeling.save(update_fields=["ends_on", "updated_at"])
        Besoeg.objects.filter(
            bestilling_id=tildeling.bestilling_id, medarbejder_id=tildeling.medarbejder_id,
            status=Besoeg.Status.PLANLAGT, starts_at__gte=after,
        ).delete()
    return tildeling


@transaction.atomic
def tildeling_reassign(
    *, tildeling: Tildeling, ny_medarbejder: User, fra_on: date, begrundelse: str = "", actor: User | None, now: datetime | None = None
) -> Tildeling:
    """Change bostøtte from `fra_on`: the old assignment ends the day before, a new one starts."""
    now = now or timezone.now()
    old_end = tildeling.ends_on
    if fra_on <= tildeling.starts_on:
        raise ValidationError({"fra_on": _("Skiftet kan tidligst ske dagen efter, at den nuværende tildeling startede.")})
    if old_end is not None and fra_on > old_end:
        raise ValidationError({"fra_on": _("Den nuværende tildeling er slut før denne dato.")})
    if ny_medarbejder.pk == tildeling.medarbejder_id:
        raise ValidationError({"medarbejder": _("Vælg en anden medarbejder end den nuværende.")})
    tildeling_end(tildeling=tildeling, ends_on=fra_on - timedelta(days=1), actor=actor, now=now)
    return tildeling_create(
        bestilling=tildeling.bestilling, medarbejder=ny_medarbejder, starts_on=fra_on, ends_on=old_end,
        er_primaer=tildeling.er_primaer, begrundelse=begrundelse or _("Skift af bostøtte"), actor=actor, now=now,
    )

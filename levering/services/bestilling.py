"""The leverandør answers a bestilling: accept, or decline with a reason."""

from __future__ import annotations

from datetime import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError, ConflictError
from bostotte.core.models import Journalnotat, User
from bostotte.core.services.journal import journalnotat_create
from visitation.models import Bestilling

from ._common import actor_pk, require_leder


def _answer(*, bestilling: Bestilling, status: str, begrundelse: str, actor: User | None, now: datetime) -> Bestilling:
    require_leder(actor, bestilling)
    if bestilling.status != Bestilling.Status.SENDT:
        raise ApplicationError(
            _("Bestillingen er allerede besvaret eller ikke sendt (status: %(status)s).") % {"status": bestilling.get_status_display()},
            code="bestilling_ikke_sendt",
        )
    with pghistory.context(actor_id=actor_pk(actor), reason=f"bestilling {status}"):
        # Optimistic locking: only the version the user looked at may be answered.
        updated = Bestilling.objects.filter(pk=bestilling.pk, version=bestilling.version, status=Bestilling.Status.SENDT).update(
            status=status,
            besvaret_at=now,
            besvaret_af=actor,
            afvist_begrundelse=begrundelse,
            version=F("version") + 1,
            updated_at=now,
        )
    if updated != 1:
        raise ConflictError(_("Bestillingen er ændret af en anden i mellemtiden. Genindlæs siden og prøv igen."))
    bestilling.refresh_from_db()
    return bestilling


@transaction.atomic
def bestilling_accept(*, bestilling: Bestilling, actor: User | None, now: datetime | None = None) -> Bestilling:
    """The addressed leverandør's leader accepts a sent bestilling. The myndighed sees it at once
    (status on the bestilling and a note in the case's journal)."""
    now = now or timezone.now()
    bestilling = _answer(bestilling=bestilling, status=Bestilling.Status.ACCEPTERET, begrundelse="", actor=actor, now=now)
    journalnotat_create(
        sag=bestilling.sag,
        art=Journalnotat.Art.SAGSSKRIDT,
        emne=_("Bestilling accepteret af %(lev)s") % {"lev": bestilling.leverandoer.navn},
        tekst=_("%(lev)s har accepteret bestillingen med start %(start)s.")
        % {"lev": bestilling.leverandoer.navn, "start": bestilling.starts_on.strftime("%d.%m.%Y")},
        actor=actor,
        now=now,
    )
    return bestilling


@transaction.atomic
def bestilling_decline(*, bestilling: Bestilling, begrundelse: str, actor: User | None, now: datetime | None = None) -> Bestilling:
    """The leverandør declines with a reason; the myndighed must find another leverandør."""
    now = now or timezone.now()
    begrundelse = (begrundelse or "").strip()
    if len(begrundelse) < 10:
        raise ValidationError({"begrundelse": _("Skriv en begrundelse for afvisningen (mindst 10 tegn), så myndigheden kan handle på den.")})
    bestilling = _answer(bestilling=bestilling, status=Bestilling.Status.AFVIST, begrundelse=begrundelse, actor=actor, now=now)
    journalnotat_create(
        sag=bestilling.sag,
        art=Journalnotat.Art.SAGSSKRIDT,
        emne=_("Bestilling afvist af %(lev)s") % {"lev": bestilling.leverandoer.navn},
        tekst=_("%(lev)s har afvist bestillingen. Begrundelse: %(b)s") % {"lev": bestilling.leverandoer.navn, "b": begrundelse},
        actor=actor,
        now=now,
    )
    return bestilling

from __future__ import annotations

from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from bostotte.core.models import Rolle, User
from visitation.models import Bestilling

from ..access import LIVE_BESTILLING, leverandoer_id_for
from ..models import Tildeling


def actor_pk(actor: User | None) -> int | None:
    return getattr(actor, "pk", None)


def is_leder_for(actor: User | None, leverandoer_id: int) -> bool:
    return bool(actor and actor.rolle == Rolle.LEVERANDOERLEDER and leverandoer_id_for(actor) == leverandoer_id)


def require_leder(actor: User | None, bestilling: Bestilling) -> None:
    if actor is not None and not is_leder_for(actor, bestilling.leverandoer_id):
        raise NotAllowedError(_("Kun lederen hos den leverandør, bestillingen er sendt til, kan gøre dette."))


def require_live(bestilling: Bestilling) -> None:
    if bestilling.status not in LIVE_BESTILLING:
        raise ApplicationError(
            _("Bestillingen er ikke accepteret (status: %(status)s).") % {"status": bestilling.get_status_display()},
            code="bestilling_ikke_aktiv",
        )


def active_tildeling_q(on: date) -> Q:
    return Q(starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def has_active_tildeling(*, bestilling_id: int, medarbejder_id: int, on: date) -> bool:
    return Tildeling.objects.filter(active_tildeling_q(on), bestilling_id=bestilling_id, medarbejder_id=medarbejder_id).exists()


def require_on_case(actor: User | None, bestilling: Bestilling, now: datetime) -> None:
    """The leverandør's leader, or a bostøtte assigned to the bestilling today."""
    if actor is None or is_leder_for(actor, bestilling.leverandoer_id):
        return
    if actor.rolle == Rolle.BOSTOETTE and has_active_tildeling(
        bestilling_id=bestilling.pk, medarbejder_id=actor.pk, on=timezone.localdate(now)
    ):
        return
    raise NotAllowedError(_("Du er ikke tilknyttet denne borger."))

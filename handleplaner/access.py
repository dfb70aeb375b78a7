"""Who may do what with the plans. Visibility is always `Sag.objects.visible_to` /
`Bestilling.objects.visible_to`; these functions answer the *action* questions (403, not 404).

* The § 141 handleplan is the myndighed's: only sagsbehandlere and myndighedsledere with the
  case in scope change it (offer, answer, new version, staff comments).
* The pædagogiske plan and its delmål are the leverandør's: only the bostøtte assigned to the
  bestilling today, or the leverandørleder of the bestilling's leverandør, changes them.
* Progress may be rated by the myndighed, the leverandør (as above) and the citizen (portal).
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from bostotte.core.models import MYNDIGHED_ROLLER, Rolle, Sag, User
from levering.access import LIVE_BESTILLING, leverandoer_id_for, tildeling_active_q
from levering.models import Tildeling
from visitation.models import Bestilling

from .models import VurdererRolle

STAFF_PLAN_ROLLER = frozenset({Rolle.SAGSBEHANDLER, Rolle.MYNDIGHEDSLEDER, Rolle.LEVERANDOERLEDER, Rolle.BOSTOETTE})


def is_myndighed_for(user: User | None, sag: Sag, now: datetime | None = None) -> bool:
    """A myndighed user with the case in scope."""
    if user is None or user.rolle not in MYNDIGHED_ROLLER:
        return False
    return Sag.objects.visible_one(user).filter(pk=sag.pk).exists()


def is_borger_for(user: User | None, sag: Sag) -> bool:
    return user is not None and user.rolle == Rolle.BORGER and sag.borger.user_id == user.pk


def may_edit_paedagogisk_plan(user: User | None, bestilling: Bestilling, now: datetime | None = None) -> bool:
    """The bostøtte assigned today, or the leverandør's leader; only on a live bestilling."""
    if user is None or bestilling.status not in LIVE_BESTILLING:
        return False
    if user.rolle == Rolle.LEVERANDOERLEDER:
        return leverandoer_id_for(user) == bestilling.leverandoer_id
    if user.rolle == Rolle.BOSTOETTE:
        now = now or timezone.now()
        return Tildeling.objects.filter(tildeling_active_q(user, now), bestilling_id=bestilling.pk).exists()
    return False


def vurderer_rolle_for(user: User | None) -> str | None:
    """The 'who rated' value for a user, or None if the role may not rate."""
    if user is None:
        return None
    if user.rolle in MYNDIGHED_ROLLER:
        return VurdererRolle.SAGSBEHANDLER
    if user.rolle in (Rolle.BOSTOETTE, Rolle.LEVERANDOERLEDER):
        return VurdererRolle.BOSTOETTE
    if user.rolle == Rolle.BORGER:
        return VurdererRolle.BORGER
    return None

"""Who sees which cases in the measures, and how identified (docs/measures.md, "Adgang").

* myndighedsleder: the cases `Sag.objects.visible_to(user)` returns (their team), identified;
* leverandørleder: the cases `Sag.objects.visible_to(user)` returns (live orders to their
  leverandør), identified; measures built on orders are cut to their own leverandør, and the
  myndighed-only measures (sagsbehandlingsfrist, handleplan, revisitation, tilsyn, klager) are not
  shown;
* analytiker (leder/analytiker): every case of the kommune, but *pseudonymised only*: no names,
  CPR or sagsnummer anywhere, pseudonyms instead of citizens in drill-downs and exports, and any
  group smaller than 5 suppressed.

This scope function is used only by the measures app (dashboards, drill-downs, exports); it is
deliberately *not* registered with `bostotte.core.access.register_sag_scope`, so the analytiker
gets no access to case pages, documents or the API.
"""

from __future__ import annotations

from django.db.models import QuerySet

from bostotte.core.models import Rolle, Sag, User
from levering.access import leverandoer_id_for

MAALING_ROLLER = frozenset({Rolle.MYNDIGHEDSLEDER, Rolle.LEVERANDOERLEDER, Rolle.ANALYTIKER})

IDENTIFICERET = "identificeret"
PSEUDONYMISERET = "pseudonymiseret"


def niveau_for(user: User) -> str:
    """The most the user may see: identified (within visible_to) or pseudonymised only."""
    return PSEUDONYMISERET if user.rolle == Rolle.ANALYTIKER else IDENTIFICERET


def maaling_sag_scope(user: User) -> QuerySet[Sag]:
    """The cases behind every measure for `user`. Empty for roles without measures."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or user.rolle not in MAALING_ROLLER:
        return Sag.objects.none()
    if user.rolle == Rolle.ANALYTIKER:
        # One installation serves one kommune: all of its cases, pseudonymised (see above).
        return Sag.objects.all()
    return Sag.objects.visible_to(user)


def fixed_leverandoer_id(user: User) -> int | None:
    """A leverandørleder's measures are always cut to their own leverandør."""
    if user.rolle != Rolle.LEVERANDOERLEDER:
        return None
    return leverandoer_id_for(user) or -1


def sees_myndighed_measures(user: User) -> bool:
    return user.rolle in {Rolle.MYNDIGHEDSLEDER, Rolle.ANALYTIKER}

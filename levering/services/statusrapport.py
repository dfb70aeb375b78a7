"""The leverandør's status report before an opfølgning."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.models import Journalnotat, User
from bostotte.core.services.journal import journalnotat_create
from handleplaner.models import Delmaal
from visitation.models import Bestilling

from ..models import Statusrapport, StatusrapportDelmaal
from ._common import actor_pk, require_live, require_on_case


@transaction.atomic
def statusrapport_create(
    *,
    bestilling: Bestilling,
    periode_fra: date,
    periode_til: date,
    hvad_virkede: str,
    borgers_perspektiv: str,
    samlet_vurdering: str = "",
    delmaal_fremskridt: Mapping[Delmaal, str] | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> Statusrapport:
    """Write and send a status report; the sagsbehandler sees it on the case at once."""
    now = now or timezone.now()
    require_on_case(actor, bestilling, now)
    require_live(bestilling)
    fremskridt = {d: t.strip() for d, t in (delmaal_fremskridt or {}).items() if t and t.strip()}
    errors: dict[str, str] = {}
    if periode_til < periode_fra:
        errors["periode_til"] = _("Perioden skal slutte efter, den starter.")
    if periode_til > timezone.localdate(now):
        errors["periode_til"] = _("Perioden kan ikke slutte i fremtiden.")
    if not hvad_virkede.strip():
        errors["hvad_virkede"] = _("Beskriv hvad der har virket.")
    if not borgers_perspektiv.strip():
        errors["borgers_perspektiv"] = _("Skriv borgerens egen vurdering – med borgerens ord.")
    if any(d.plan.bestilling_id != bestilling.pk for d in fremskridt):
        errors["delmaal"] = _("Delmålene skal høre til borgerens pædagogiske plan.")
    if errors:
        raise ValidationError(errors)
    rapport = Statusrapport(
        bestilling=bestilling, sag_id=bestilling.sag_id, periode_fra=periode_fra, periode_til=periode_til,
        hvad_virkede=hvad_virkede.strip(), borgers_perspektiv=borgers_perspektiv.strip(),
        samlet_vurdering=samlet_vurdering.strip(), skrevet_af=actor, sendt_at=now,
    )
    rapport.full_clean(exclude=["skrevet_af"])
    with pghistory.context(actor_id=actor_pk(actor), reason="statusrapport sendt"):
        rapport.save()
        StatusrapportDelmaal.objects.bulk_create(
            [StatusrapportDelmaal(rapport=rapport, delmaal=d, fremskridt=t) for d, t in fremskridt.items()]
        )
    journalnotat_create(
        sag=bestilling.sag, art=Journalnotat.Art.SAGSSKRIDT, emne=_("Statusrapport fra leverandøren"),
        tekst=_("%(lev)s har sendt en statusrapport for %(fra)s–%(til)s.") % {
            "lev": bestilling.leverandoer.navn, "fra": periode_fra.strftime("%d.%m.%Y"), "til": periode_til.strftime("%d.%m.%Y"),
        },
        actor=actor, now=now,
    )
    return rapport

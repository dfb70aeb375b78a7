"""Everything the citizen does in the portal is written here, with history (pghistory) and, for
the important steps, a journal note so staff see it on the case."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from bostotte.core.models import (
    Borger,
    Journalnotat,
    Paaroerende,
    Sag,
    Samtykke,
    SamtykkeOmfang,
    User,
)
from bostotte.core.services import borger as core_borger
from bostotte.core.services.journal import journalnotat_create
from levering.models import Besoeg, BesoegStatus

from .models import (
    LIVSMOD_ITEMS,
    WHO5_ITEMS,
    Besoegsanmodning,
    PortalIndstillinger,
    Trivselsmaaling,
)


def _ctx(actor: User | None, reason: str) -> Any:
    return pghistory.context(actor_id=getattr(actor, "pk", None), reason=reason)


# --------------------------------------------------------------------------------------------
# WHO-5
# --------------------------------------------------------------------------------------------
def who5_score(svar: Sequence[object]) -> int:
    """The WHO-5 Trivselsindeks exactly as DOMAIN.md 6.2: five answers 0–5, raw sum 0–25,
    times 4 → 0–100. All five are required; anything else is refused."""
    if len(svar) != len(WHO5_ITEMS):
        raise ValidationError({"who5": [_("Svar på alle fem spørgsmål.")]})
    values: list[int] = []
    for value in svar:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 5:
            raise ValidationError({"who5": [_("Hvert svar skal være et tal fra 0 til 5.")]})
        values.append(value)
    return sum(values) * 4


def portal_indstillinger_get() -> PortalIndstillinger:
    """The portal's settings row (created with the defaults the first time)."""
    return PortalIndstillinger.objects.get_or_create(id=1)[0]


def _current_sag(borger: Borger) -> Sag | None:
    return Sag.objects.filter(borger=borger).order_by("status", "-opened_on", "-id").first()


@transaction.atomic
def trivselsmaaling_create(
    *,
    borger: Borger,
    who5: Mapping[str, object],
    actor: User | None,
    livstilfredshed: int | None = None,
    livsmod: Mapping[str, int | None] | None = None,
    bemaerkning: str = "",
    now: datetime | None = None,
) -> Trivselsmaaling:
    """Save one self-rating. WHO-5 needs all five answers; life satisfaction (0–10) and the
    livsmod statements (1–5) may be skipped."""
    now = now or timezone.now()
    missing = [key for key, _label in WHO5_ITEMS if who5.get(key) is None]
    if missing:
        raise ValidationError({f"who5_{key}": [_("Vælg et svar.")] for key in missing})
    score = who5_score([who5[key] for key, _label in WHO5_ITEMS])
    errors: dict[str, list[str]] = {}
    if livstilfredshed is not None and not 0 <= livstilfredshed <= 10:
        errors["livstilfredshed"] = [_("Vælg et tal fra 0 til 10.")]
    livsmod = dict(livsmod or {})
    unknown = set(livsmod) - {key for key, _label in LIVSMOD_ITEMS}
    if unknown:
        raise ValueError(f"Ukendte livsmod-spørgsmål: {sorted(unknown)}")
    for key, value in livsmod.items():
        if value is not None and not 1 <= value <= 5:
            errors[f"livsmod_{key}"] = [_("Vælg et svar fra 1 til 5.")]
    if errors:
        raise ValidationError(errors)
    maaling = Trivselsmaaling(
        borger=borger,
        sag=_current_sag(borger),
        besvaret_at=now,
        who5_score=score,
        livstilfredshed=livstilfredshed,
        bemaerkning=bemaerkning.strip(),
        indtastet_af=actor,
        **{f"who5_{key}": who5[key] for key, _label in WHO5_ITEMS},
        **{f"livsmod_{key}": livsmod.get(key) for key, _label in LIVSMOD_ITEMS},
    )
    maaling.full_clean()
    with _ctx(actor, "trivselsskema besvaret i borgerportalen"):
        maaling.save()
    return maaling


# --------------------------------------------------------------------------------------------
# Pårørende and samtykke (through the core services, plus a journal note for staff)
# --------------------------------------------------------------------------------------------
def _omfang_text(omfang: Sequence[str]) -> str:
    labels = dict(SamtykkeOmfang.choices)
    return ", ".join(str(labels[o]).lower() for o in omfang)


def _journal_samtykke(*, borger: Borger, actor: User | None, emne: str, tekst: str, now: datetime) -> None:
    sag = _current_sag(borger)
    if sag is None or actor is None:  # a journal note needs an author (core: forfatter required)
        return
    journalnotat_create(
        sag=sag, art=Journalnotat.Art.SAGSSKRIDT, emne=emne, tekst=tekst, haendelse_at=now, now=now, actor=actor
    )


@transaction.atomic
def portal_paaroerende_create(
    *,
    borger: Borger,
    navn: str,
    relation: str,
    omfang: Sequence[str],
    actor: User | None,
    telefon: str = "",
    now: datetime | None = None,
) -> Paaroerende:
    """The citizen adds a relative and gives consent in one step (both or nothing)."""
    now = now or timezone.now()
    if not omfang:
        raise ValidationError({"omfang": [_("Vælg mindst én ting, den pårørende må.")]})
    paaroerende = core_borger.paaroerende_create(
        borger=borger, navn=navn, relation=relation, telefon=telefon, actor=actor
    )
    samtykke = core_borger.samtykke_give(paaroerende=paaroerende, omfang=list(omfang), actor=actor, now=now)
    _journal_samtykke(
        borger=borger, actor=actor, now=now,
        emne=_("Samtykke til pårørende givet i borgerportalen"),
        tekst=_("Borgeren har i borgerportalen givet samtykke til %(navn)s (%(relation)s): %(omfang)s.")
        % {"navn": paaroerende.navn, "relation": paaroerende.relation, "omfang": _omfang_text(samtykke.omfang)},
    )
    return paaroerende


def _check_own(paaroerende: Paaroerende, borger: Borger) -> None:
    if paaroerende.borger_id != borger.pk:
        raise NotAllowedError(_("Du kan kun ændre samtykke for dine egne pårørende."), code="ikke_egen_paaroerende")


@transaction.atomic
def portal_samtykke_change(
    *,
    borger: Borger,
    paaroerende: Paaroerende,
    omfang: Sequence[str],
    actor: User | None,
    now: datetime | None = None,
) -> Samtykke:
    """Give or limit consent: the old consent ends now and a new one starts (core rule)."""
    now = now or timezone.now()
    _check_own(paaroerende, borger)
    samtykke = core_borger.samtykke_give(paaroerende=paaroerende, omfang=list(omfang), actor=actor, now=now)
    _journal_samtykke(
        borger=borger, actor=actor, now=now,
        emne=_("Samtykke til pårørende ændret i borgerportalen"),
        tekst=_("Borgeren har i borgerportalen ændret samtykket til %(navn)s (%(relation)s). Det gælder nu: %(omfang)s.")
        % {"navn": paaroerende.navn, "relation": paaroerende.relation, "omfang": _omfang_text(samtykke.omfang)},
    )
    return samtykke


@transaction.atomic
def portal_samtykke_withdraw(
    *, borger: Borger, paaroerende: Paaroerende, actor: User | None, now: datetime | None = None
) -> int:
    now = now or timezone.now()
    _check_own(paaroerende, borger)
    count = core_borger.samtykke_withdraw(paaroerende=paaroerende, actor=actor, now=now)
    if count == 0:
        raise ApplicationError(_("Der er ikke noget samtykke at trække tilbage."), code="intet_samtykke")
    _journal_samtykke(
        borger=borger, actor=actor, now=now,
        emne=_("Samtykke til pårørende trukket tilbage i borgerportalen"),
        tekst=_("Borgeren har i borgerportalen trukket samtykket til %(navn)s (%(relation)s) tilbage. "
                "Der må ikke længere gives oplysninger til den pårørende.")
        % {"navn": paaroerende.navn, "relation": paaroerende.relation},
    )
    return count


# --------------------------------------------------------------------------------------------
# Ønsker om at aflyse eller flytte et besøg
# --------------------------------------------------------------------------------------------
@transaction.atomic
def besoegsanmodning_create(
    *,
    borger: Borger,
    besoeg: Besoeg,
    art: str,
    begrundelse: str,
    actor: User | None,
    oensket_tid: str = "",
    now: datetime | None = None,
) -> Besoegsanmodning:
    """The citizen asks to cancel or move one of their own planned visits. It lands with the
    bostøtte (who changes the visit in levering); only planned visits in the future qualify."""
    now = now or timezone.now()
    if besoeg.sag.borger_id != borger.pk:
        raise NotAllowedError(_("Du kan kun spørge om dine egne besøg."), code="ikke_eget_besoeg")
    if besoeg.status != BesoegStatus.PLANLAGT or besoeg.starts_at <= now:
        raise ApplicationError(
            _("Besøget er ikke længere planlagt, så det kan ikke aflyses eller flyttes her."), code="besoeg_ikke_planlagt"
        )
    anmodning = Besoegsanmodning(
        borger=borger,
        sag_id=besoeg.sag_id,
        besoeg=besoeg,
        besoeg_start=besoeg.starts_at,
        art=art,
        begrundelse=(begrundelse or "").strip(),
        oensket_tid=(oensket_tid or "").strip() if art == Besoegsanmodning.Art.FLYT else "",
        oprettet_af=actor,
    )
    errors: dict[str, list[str]] = {}
    if art not in Besoegsanmodning.Art.values:
        errors["art"] = [_("Vælg, om du vil aflyse eller flytte besøget.")]
    if not anmodning.begrundelse:
        errors["begrundelse"] = [_("Skriv kort, hvorfor.")]
    elif len(anmodning.begrundelse) > 500:
        errors["begrundelse"] = [_("Skriv højst 500 tegn.")]
    if errors:
        raise ValidationError(errors)
    allerede = ApplicationError(
        _("Du har allerede sendt et ønske om dette besøg. Din bostøtte svarer dig."), code="allerede_sendt"
    )
    if Besoegsanmodning.objects.filter(besoeg=besoeg, status=Besoegsanmodning.Status.NY).exists():
        raise allerede
    anmodning.full_clean(validate_constraints=False)
    with _ctx(actor, "ønske om at aflyse eller flytte besøg sendt fra borgerportalen"):
        try:
            with transaction.atomic():
                anmodning.save()
        except IntegrityError as exc:  # the same request sent twice at once
            raise allerede from exc
    return anmodning


@transaction.atomic
def besoegsanmodning_handle(
    *, anmodning: Besoegsanmodning, actor: User | None, svar: str = "", now: datetime | None = None
) -> Besoegsanmodning:
    """The bostøtte (or the leverandørleder) marks the request handled, with a short answer the
    citizen sees in the portal."""
    now = now or timezone.now()
    locked = Besoegsanmodning.objects.select_for_update().get(pk=anmodning.pk)
    if locked.status == Besoegsanmodning.Status.BEHANDLET:
        raise ApplicationError(_("Ønsket er allerede behandlet."), code="allerede_behandlet")
    locked.status = Besoegsanmodning.Status.BEHANDLET
    locked.behandlet_at = now
    locked.behandlet_af = actor
    locked.svar = (svar or "").strip()[:500]
    with _ctx(actor, "ønske om besøg behandlet"):
        locked.save(update_fields=["status", "behandlet_at", "behandlet_af", "svar", "updated_at"])
    return locked

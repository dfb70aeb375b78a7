from __future__ import annotations

from datetime import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import crypto
from ..models import Borger, Kommune, Koen, Paaroerende, Samtykke, SamtykkeOmfang, User


def _cpr_prepare(cpr: str) -> tuple[str, str, str]:
    try:
        digits = crypto.cpr_normalise(cpr)
    except ValidationError as exc:
        raise ValidationError({"cpr": exc.messages}) from exc
    return digits, crypto.cpr_encrypt(digits), crypto.cpr_blind_index(digits)


@transaction.atomic
def borger_create(
    *,
    cpr: str,
    fornavn: str,
    efternavn: str,
    kommune: Kommune,
    actor: User | None,
    adresse: str = "",
    postnummer: str = "",
    by: str = "",
    telefon: str = "",
    email: str = "",
    oensket_koen: str = "",
    oensket_alder: str = "",
    oensket_sprog: str = "",
    oensker_andet: str = "",
    user: User | None = None,
) -> Borger:
    """Create a citizen. Birth date and legal gender are derived from the CPR number."""
    digits, token, index = _cpr_prepare(cpr)
    if Borger.objects.filter(cpr_index=index).exists():
        raise ValidationError({"cpr": [_("Der findes allerede en borger med dette CPR-nummer.")]})
    borger = Borger(
        cpr_encrypted=token,
        cpr_index=index,
        fornavn=fornavn.strip(),
        efternavn=efternavn.strip(),
        foedselsdato=crypto.cpr_birth_date(digits),
        koen=Koen.MAND if crypto.cpr_is_male(digits) else Koen.KVINDE,
        kommune=kommune,
        adresse=adresse,
        postnummer=postnummer,
        by=by,
        telefon=telefon,
        email=email,
        oensket_koen=oensket_koen,
        oensket_alder=oensket_alder,
        oensket_sprog=oensket_sprog,
        oensker_andet=oensker_andet,
        user=user,
    )
    borger.full_clean(exclude=["cpr_encrypted", "cpr_index"])
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="borger oprettet"):
        try:
            with transaction.atomic():
                borger.save()
        except IntegrityError as exc:  # a concurrent create with the same CPR
            raise ValidationError({"cpr": [_("Der findes allerede en borger med dette CPR-nummer.")]}) from exc
    return borger


BORGER_EDITABLE = (
    "fornavn",
    "efternavn",
    "adresse",
    "postnummer",
    "by",
    "telefon",
    "email",
    "oensket_koen",
    "oensket_alder",
    "oensket_sprog",
    "oensker_andet",
)


@transaction.atomic
def borger_update(*, borger: Borger, actor: User | None, reason: str = "", **changes: str) -> Borger:
    unknown = set(changes) - set(BORGER_EDITABLE)
    if unknown:
        raise ValueError(f"Felter kan ikke ændres her: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(borger, name, value.strip() if isinstance(value, str) else value)
    borger.full_clean(exclude=["cpr_encrypted", "cpr_index"])
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason=reason or "borger opdateret"):
        borger.save(update_fields=[*changes.keys(), "updated_at"])
    return borger


def borger_cpr_index(cpr: str) -> str:
    """The blind index for an exact CPR lookup (raises a Danish ValidationError)."""
    return crypto.cpr_blind_index(crypto.cpr_normalise(cpr))


@transaction.atomic
def paaroerende_create(
    *, borger: Borger, navn: str, relation: str, actor: User | None, telefon: str = "", email: str = ""
) -> Paaroerende:
    p = Paaroerende(borger=borger, navn=navn.strip(), relation=relation.strip(), telefon=telefon, email=email)
    p.full_clean()
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="pårørende tilføjet"):
        p.save()
    return p


@transaction.atomic
def samtykke_give(
    *,
    paaroerende: Paaroerende,
    omfang: list[str],
    actor: User | None,
    now: datetime | None = None,
) -> Samtykke:
    """Give (or change) consent: the active consent, if any, is withdrawn and a new one starts."""
    now = now or timezone.now()
    omfang = sorted(set(omfang))
    if not omfang:
        raise ValidationError({"omfang": [_("Vælg mindst én ting, den pårørende må.")]})
    if set(omfang) - set(SamtykkeOmfang.values):
        raise ValidationError({"omfang": [_("Ukendt omfang af samtykke.")]})
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="samtykke givet"):
        Samtykke.objects.select_for_update().filter(
            paaroerende=paaroerende, tilbagekaldt_at__isnull=True
        ).update(tilbagekaldt_at=now)
        return Samtykke.objects.create(
            paaroerende=paaroerende, omfang=omfang, givet_at=now, registreret_af=actor
        )


@transaction.atomic
def samtykke_withdraw(*, paaroerende: Paaroerende, actor: User | None, now: datetime | None = None) -> int:
    now = now or timezone.now()
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="samtykke tilbagekaldt"):
        return Samtykke.objects.filter(paaroerende=paaroerende, tilbagekaldt_at__isnull=True).update(
            tilbagekaldt_at=now
        )


@transaction.atomic
def borger_rotate_cpr_keys(*, batch_size: int = 500) -> int:
    """Re-encrypt every CPR with the first key (after a new key was prepended)."""
    count = 0
    for borger in Borger.objects.only("id", "cpr_encrypted").iterator(chunk_size=batch_size):
        new = crypto.cpr_rotate(borger.cpr_encrypted)
        if new != borger.cpr_encrypted:
            Borger.objects.filter(pk=borger.pk).update(cpr_encrypted=new)
            count += 1
    return count

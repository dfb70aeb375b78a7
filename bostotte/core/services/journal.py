from __future__ import annotations

from datetime import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Journalnotat, Sag, User


@transaction.atomic
def journalnotat_create(
    *,
    sag: Sag,
    art: str,
    emne: str,
    tekst: str,
    actor: User | None,
    haendelse_at: datetime | None = None,
    korrigerer: Journalnotat | None = None,
    now: datetime | None = None,
) -> Journalnotat:
    """Write a journal note. Notes are never changed; see `journalnotat_correct`."""
    now = now or timezone.now()
    haendelse_at = haendelse_at or now
    errors: dict[str, str] = {}
    if not tekst.strip():
        errors["tekst"] = _("Skriv selve notatet.")
    if not emne.strip():
        errors["emne"] = _("Skriv et kort emne.")
    if haendelse_at > now:
        errors["haendelse_at"] = _("Et notat kan ikke handle om noget, der ikke er sket endnu.")
    if korrigerer is not None and korrigerer.sag_id != sag.pk:
        errors["korrigerer"] = _("Et notat kan kun rette et notat på samme sag.")
    if errors:
        raise ValidationError(errors)
    note = Journalnotat(
        sag=sag, art=art, emne=emne.strip(), tekst=tekst.strip(), forfatter=actor,
        haendelse_at=haendelse_at, korrigerer=korrigerer,
    )
    note.full_clean()
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="journalnotat"):
        note.save()
    return note


def journalnotat_correct(
    *, original: Journalnotat, tekst: str, actor: User | None, now: datetime | None = None
) -> Journalnotat:
    """A correction is a new note pointing at the original; the original stays as it was."""
    return journalnotat_create(
        sag=original.sag,
        art=original.art,
        emne=_("Rettelse: %(emne)s") % {"emne": original.emne},
        tekst=tekst,
        actor=actor,
        haendelse_at=original.haendelse_at,
        korrigerer=original,
        now=now,
    )

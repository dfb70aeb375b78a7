"""Udredning (VUM/FFB): tilstande per undertema, the citizen's goals and own view, støttebehov,
attachments. Saved as drafts at any time; finishing requires the citizen's own view."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import Sag, User
from bostotte.ffb.models import Kode, KodeGruppe

from ..models import Afgoerelse, Bilag, Henvendelse, Tilstand, Udredning
from ._common import ctx, journal, lock_and_check_version, require_myndighed

BILAG_MAX_BYTES = 10 * 1024 * 1024
MAGIC = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


@dataclass
class TilstandInput:
    undertema: Kode
    beskrivelse: str = ""
    kilde: Kode | None = None
    funktionsevneniveau: Kode | None = None


@transaction.atomic
def udredning_create(
    *, sag: Sag, actor: User | None, henvendelse: Henvendelse | None = None, now: datetime | None = None
) -> Udredning:
    now = now or timezone.now()
    require_myndighed(actor)
    if henvendelse is not None and henvendelse.sag_id != sag.pk:
        raise ValidationError({"henvendelse": _("Henvendelsen hører til en anden sag.")})
    if Udredning.objects.filter(sag=sag, status=Udredning.Status.KLADDE).exists():
        raise ApplicationError(_("Der er allerede en udredning i gang på sagen. Fortsæt den."), code="kladde_findes")
    udr = Udredning(sag=sag, henvendelse=henvendelse, oprettet_af=actor)
    if henvendelse is not None:
        udr.borgers_maal_og_oensker = henvendelse.borgers_ord
    udr.full_clean()
    with ctx(actor, "udredning startet"):
        udr.save()
        journal(sag, _("Udredning startet"), _("Socialfaglig udredning (VUM/FFB) er startet."), actor, now)
    return udr


@transaction.atomic
def udredning_start_revisitation(
    *, bevilling: Afgoerelse, actor: User | None, now: datetime | None = None
) -> Udredning:
    """A new udredning from an active bevilling, prefilled from the last finished udredning
    (tilstande, goals, støttebehov). The citizen's own view is asked for anew."""
    now = now or timezone.now()
    require_myndighed(actor)
    if not bevilling.er_aktiv:
        raise ApplicationError(_("Revisitation kan kun startes fra en aktiv bevilling."), code="ikke_aktiv")
    sag = bevilling.sag
    if Udredning.objects.filter(sag=sag, status=Udredning.Status.KLADDE).exists():
        raise ApplicationError(_("Der er allerede en udredning i gang på sagen. Fortsæt den."), code="kladde_findes")
    forrige = (
        Udredning.objects.filter(sag=sag, status=Udredning.Status.AFSLUTTET).order_by("-afsluttet_at", "-id").first()
    )
    udr = Udredning(sag=sag, er_revisitation=True, forrige=forrige, oprettet_af=actor)
    if forrige is not None:
        udr.borgers_maal_og_oensker = forrige.borgers_maal_og_oensker
        udr.stoettebehov = forrige.stoettebehov
        udr.stoettebehov_begrundelse = forrige.stoettebehov_begrundelse
    udr.full_clean()
    with ctx(actor, "revisitation startet"):
        udr.save()
        if forrige is not None:
            Tilstand.objects.bulk_create(
                Tilstand(
                    udredning=udr, undertema_id=t.undertema_id, beskrivelse=t.beskrivelse, kilde_id=t.kilde_id,
                    funktionsevneniveau_id=t.funktionsevneniveau_id,
                )
                for t in forrige.tilstande.all()
            )
        journal(sag, _("Revisitation startet"), _("En ny udredning er startet som revisitation af den gældende bevilling."), actor, now)
    return udr


def _validate_tilstande(tilstande: list[TilstandInput]) -> tuple[list[TilstandInput], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    documented = []
    for t in tilstande:
        key = f"tilstand_{t.undertema.pk}"
        if t.undertema.gruppe != KodeGruppe.UNDERTEMA:
            errors.setdefault(key, []).append(_("Koden er ikke et FFB-undertema."))
            continue
        if not t.beskrivelse.strip():
            if t.funktionsevneniveau is not None or t.kilde is not None:
                errors.setdefault(key, []).append(
                    _("%(u)s: skriv en beskrivelse, eller fjern kilde og niveau.") % {"u": t.undertema.display}
                )
            continue
        if t.kilde is None or t.kilde.gruppe != KodeGruppe.KILDE:
            errors.setdefault(key, []).append(_("%(u)s: vælg hvor oplysningerne kommer fra.") % {"u": t.undertema.display})
        if t.funktionsevneniveau is not None:
            if not t.undertema.kraever_funktionsevneniveau:
                errors.setdefault(key, []).append(
                    _("%(u)s: funktionsevneniveau vurderes kun under Aktivitet og deltagelse.") % {"u": t.undertema.display}
                )
            elif t.funktionsevneniveau.gruppe != KodeGruppe.FUNKTIONSEVNENIVEAU:
                errors.setdefault(key, []).append(_("%(u)s: ugyldigt funktionsevneniveau.") % {"u": t.undertema.display})
        documented.append(t)
    return documented, errors


@transaction.atomic
def udredning_save(
    *,
    udredning: Udredning,
    version: int | None,
    actor: User | None,
    tilstande: list[TilstandInput] | None = None,
    borgers_maal_og_oensker: str | None = None,
    borgers_vurdering: str | None = None,
    stoettebehov: Kode | None = None,
    stoettebehov_begrundelse: str | None = None,
    now: datetime | None = None,
) -> Udredning:
    """Save a draft. Undertemaer without a description are not documented (and removed if they
    were). Raises ConflictError if someone saved since `version`."""
    now = now or timezone.now()
    require_myndighed(actor)
    udr = lock_and_check_version(udredning, version, what=_("udredningen"))
    if udr.status != Udredning.Status.KLADDE:
        raise ApplicationError(_("Udredningen er afsluttet og kan ikke ændres."), code="afsluttet")
    errors: dict[str, list[str]] = {}
    documented: list[TilstandInput] = []
    if tilstande is not None:
        documented, errors = _validate_tilstande(tilstande)
    if stoettebehov is not None and stoettebehov.gruppe != KodeGruppe.STOETTEBEHOV:
        errors.setdefault("stoettebehov", []).append(_("Vælg et støttebehovsniveau."))
    if errors:
        raise ValidationError(errors)
    if borgers_maal_og_oensker is not None:
        udr.borgers_maal_og_oensker = borgers_maal_og_oensker.strip()
    if borgers_vurdering is not None:
        udr.borgers_vurdering = borgers_vurdering.strip()
    udr.stoettebehov = stoettebehov if stoettebehov is not None else udr.stoettebehov
    if stoettebehov_begrundelse is not None:
        udr.stoettebehov_begrundelse = stoettebehov_begrundelse.strip()
    udr.version += 1
    udr.full_clean()
    with ctx(actor, "udredning gemt"):
        udr.save()
        if tilstande is not None:
            existing = {t.undertema_id: t for t in udr.tilstande.all()}
            keep = set()
            for t in documented:
                keep.add(t.undertema.pk)
                row = existing.get(t.undertema.pk)
                if row is None:
                    Tilstand.objects.create(
                        udredning=udr, undertema=t.undertema, beskrivelse=t.beskrivelse.strip(), kilde=t.kilde,
                        funktionsevneniveau=t.funktionsevneniveau,
                    )
                elif (row.beskrivelse, row.kilde_id, row.funktionsevneniveau_id) != (
                    t.beskrivelse.strip(), t.kilde.pk if t.kilde else None, t.funktionsevneniveau.pk if t.funktionsevneniveau else None
                ):
                    row.beskrivelse = t.beskrivelse.strip()
                    row.kilde = t.kilde  # type: ignore[assignment]
                    row.funktionsevneniveau = t.funktionsevneniveau
                    row.save(update_fields=["beskrivelse", "kilde", "funktionsevneniveau", "updated_at"])
            udr.tilstande.exclude(undertema_id__in=keep).delete()
    return udr


def udredning_validate_complete(udredning: Udredning) -> list[str]:
    """What is missing before the udredning can be finished, in Danish."""
    missing = []
    tilstande = list(udredning.tilstande.select_related("undertema"))
    if not tilstande:
        missing.append(_("mindst ét dokumenteret undertema"))
    for t in tilstande:
        if t.undertema.kraever_funktionsevneniveau and t.funktionsevneniveau_id is None:
            missing.append(_("funktionsevneniveau for %(u)s") % {"u": t.undertema.display})
    if not udredning.borgers_maal_og_oensker.strip():
        missing.append(_("borgerens mål og ønsker"))
    if not udredning.borgers_vurdering.strip():
        missing.append(_("borgerens egen vurdering"))
    if udredning.stoettebehov_id is None:
        missing.append(_("samlet støttebehov"))
    return missing


@transaction.atomic
def udredning_finish(
    *, udredning: Udredning, version: int | None, actor: User | None, now: datetime | None = None
) -> Udredning:
    now = now or timezone.now()
    require_myndighed(actor)
    udr = lock_and_check_version(udredning, version, what=_("udredningen"))
    if udr.status != Udredning.Status.KLADDE:
        raise ApplicationError(_("Udredningen er allerede afsluttet."), code="afsluttet")
    missing = udredning_validate_complete(udr)
    if missing:
        raise ApplicationError(
            _("Udredningen kan ikke afsluttes. Der mangler: %(m)s.") % {"m": ", ".join(missing)},
            code="ufuldstaendig", extra={"mangler": missing},
        )
    udr.status = Udredning.Status.AFSLUTTET
    udr.afsluttet_at = now
    udr.version += 1
    with ctx(actor, "udredning afsluttet"):
        udr.save(update_fields=["status", "afsluttet_at", "version", "updated_at"])
        journal(udr.sag, _("Udredning afsluttet"), _("Udredningen er afsluttet med %(n)d dokumenterede undertemaer.") % {"n": udr.tilstande.count()}, actor, now)
    return udr


def sniff_content_type(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, ext in MAGIC:
        if head.startswith(magic):
            return content_type, ext
    return None


@transaction.atomic
def bilag_create(
    *, udredning: Udredning, fil: UploadedFile, titel: str, art: str, actor: User | None, now: datetime | None = None
) -> Bilag:
    """Store an attachment in private storage. The type is decided by the file's content (magic
    bytes), never by its name or the browser's content type."""
    now = now or timezone.now()
    require_myndighed(actor)
    errors: dict[str, str] = {}
    if fil.size is None or fil.size > BILAG_MAX_BYTES:
        errors["fil"] = _("Filen er for stor. Den må højst fylde 10 MB.")
    if not titel.strip():
        errors["titel"] = _("Giv bilaget en titel.")
    if art not in Bilag.Art.values:
        errors["art"] = _("Vælg hvilken slags bilag det er.")
    if errors:
        raise ValidationError(errors)
    fil.seek(0)
    head = fil.read(16)
    sniffed = sniff_content_type(head)
    if sniffed is None:
        raise ValidationError({"fil": _("Filen skal være en PDF, PNG eller JPEG.")})
    content_type, ext = sniffed
    fil.seek(0)
    data = fil.read(BILAG_MAX_BYTES + 1)
    if len(data) > BILAG_MAX_BYTES:
        raise ValidationError({"fil": _("Filen er for stor. Den må højst fylde 10 MB.")})
    bilag = Bilag(
        sag=udredning.sag, udredning=udredning, art=art, titel=titel.strip(), content_type=content_type,
        stoerrelse=len(data), uploadet_af=actor,
    )
    with ctx(actor, "bilag tilføjet"):
        bilag.fil.save(f"{uuidlib.uuid4().hex}.{ext}", ContentFile(data), save=False)
        bilag.full_clean()
        bilag.save()
        journal(udredning.sag, _("Bilag tilføjet"), _("Bilag tilføjet til udredningen: %(t)s (%(a)s).") % {"t": bilag.titel, "a": bilag.get_art_display()}, actor, now)
    return bilag

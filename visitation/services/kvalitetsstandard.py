"""Kvalitetsstandard (serviceniveau): versioned per lovgrundlag, edited by the myndighedsleder.

A draft is copied from the current version, edited and published; the previous version becomes
"afløst". Decisions keep their foreign key to the version they were made under."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import User
from bostotte.ffb.models import Kode

from ..models import Kvalitetsstandard, Lovgrundlag
from ._common import ctx, require_leder

EDITABLE = (
    "titel", "gyldig_fra", "formaal", "maalgruppe_beskrivelse", "indhold", "visitationskriterier",
    "former", "supplerende_kontakt", "sagsbehandlingsfrist_ny_uger", "sagsbehandlingsfrist_aendring_uger",
    "revisitation_maaneder", "tilsyn_maaneder", "opfoelgning_maaneder", "handleplan_frist_dage",
    "bestilling_svar_frist_dage", "foerste_besoeg_frist_dage", "timer_tolerance_pct",
    "kraever_ledergodkendelse", "pause_ved_indlaeggelse", "forhoejet_ramme_uger", "forhoejet_ramme_pct",
    "udskrivning_opfoelgning_arbejdsdage", "kontakt",
)


def kvalitetsstandard_gaeldende(*, lovgrundlag: str) -> Kvalitetsstandard | None:
    """The published version for a lovgrundlag (uses constraint visitation_kvalitetsstandard_one_published)."""
    return Kvalitetsstandard.objects.filter(lovgrundlag=lovgrundlag, status=Kvalitetsstandard.Status.PUBLICERET).first()


def _set_ydelser(ks: Kvalitetsstandard, ydelser: Any) -> None:
    if ydelser is None:
        return
    ydelser = list(ydelser)
    wrong = [k for k in ydelser if not isinstance(k, Kode) or k.gruppe != Kode.Gruppe.YDELSE]
    if wrong:
        raise ValidationError({"ydelser": _("Vælg kun FFB-ydelser.")})
    ks.ydelser.set(ydelser)


@transaction.atomic
def kvalitetsstandard_create(
    *, lovgrundlag: str, actor: User | None, ydelser: Any = None, now: datetime | None = None, **fields: Any
) -> Kvalitetsstandard:
    """The first version for a lovgrundlag (later versions: `kvalitetsstandard_new_version`)."""
    now = now or timezone.now()
    require_leder(actor)
    if lovgrundlag not in Lovgrundlag.values:
        raise ValidationError({"lovgrundlag": _("Ukendt lovgrundlag.")})
    if Kvalitetsstandard.objects.filter(lovgrundlag=lovgrundlag).exists():
        raise ApplicationError(
            _("Der findes allerede en kvalitetsstandard for dette lovgrundlag. Lav en ny version af den."),
            code="findes_allerede",
        )
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"ukendte felter: {sorted(unknown)}")
    fields.setdefault("gyldig_fra", timezone.localdate(now))
    ks = Kvalitetsstandard(lovgrundlag=lovgrundlag, version=1, status=Kvalitetsstandard.Status.KLADDE, oprettet_af=actor, **fields)
    ks.full_clean()
    with ctx(actor, "kvalitetsstandard oprettet"):
        ks.save()
        _set_ydelser(ks, ydelser)
    return ks


@transaction.atomic
def kvalitetsstandard_new_version(*, fra: Kvalitetsstandard, actor: User | None, now: datetime | None = None) -> Kvalitetsstandard:
    """A new draft copied from `fra` (normally the published version)."""
    now = now or timezone.now()
    require_leder(actor)
    if Kvalitetsstandard.objects.filter(lovgrundlag=fra.lovgrundlag, status=Kvalitetsstandard.Status.KLADDE).exists():
        raise ApplicationError(
            _("Der er allerede en kladde til en ny version. Ret den i stedet for at lave en ny."), code="kladde_findes"
        )
    last = Kvalitetsstandard.objects.filter(lovgrundlag=fra.lovgrundlag).order_by("-version").first()
    ks = Kvalitetsstandard(
        lovgrundlag=fra.lovgrundlag,
        version=(last.version if last else 0) + 1,
        status=Kvalitetsstandard.Status.KLADDE,
        oprettet_af=actor,
        **{name: getattr(fra, name) for name in EDITABLE},
    )
    ks.gyldig_fra = max(fra.gyldig_fra, timezone.localdate(now))
    ks.full_clean()
    with ctx(actor, "ny version af kvalitetsstandard"):
        ks.save()
        # The draft is new, so add() is set() here; reading the source's ids once (not
        # set(fra.ydelser.all()), which also reads the draft's own empty ydelser) keeps it to one
        # read of the relation.
        ks.ydelser.add(*fra.ydelser.values_list("pk", flat=True))
    return ks


@transaction.atomic
def kvalitetsstandard_update(
    *, kvalitetsstandard: Kvalitetsstandard, actor: User | None, ydelser: Any = None, **fields: Any
) -> Kvalitetsstandard:
    require_leder(actor)
    ks = Kvalitetsstandard.objects.select_for_update().get(pk=kvalitetsstandard.pk)
    if ks.status != Kvalitetsstandard.Status.KLADDE:
        raise ApplicationError(
            _("En offentliggjort kvalitetsstandard kan ikke ændres. Lav en ny version."), code="ikke_kladde"
        )
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"ukendte felter: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(ks, name, value)
    ks.full_clean()
    with ctx(actor, "kvalitetsstandard rettet"):
        ks.save()
        _set_ydelser(ks, ydelser)
    return ks


def kvalitetsstandard_validate_publishable(ks: Kvalitetsstandard) -> list[str]:
    missing = []
    for name, label in (
        ("titel", _("titel")),
        ("formaal", _("formål")),
        ("maalgruppe_beskrivelse", _("hvem kan få støtten")),
        ("indhold", _("hvad støtten kan indeholde")),
        ("visitationskriterier", _("sådan vurderer vi")),
        ("kontakt", _("kontaktoplysninger")),
    ):
        if not str(getattr(ks, name) or "").strip():
            missing.append(label)
    if not ks.former:
        missing.append(_("mindst én form for støtte"))
    return missing


@transaction.atomic
def kvalitetsstandard_publish(
    *, kvalitetsstandard: Kvalitetsstandard, actor: User | None, now: datetime | None = None
) -> Kvalitetsstandard:
    """Publish a draft; the version it replaces becomes 'afløst' in the same transaction."""
    now = now or timezone.now()
    require_leder(actor)
    ks = Kvalitetsstandard.objects.select_for_update().get(pk=kvalitetsstandard.pk)
    if ks.status != Kvalitetsstandard.Status.KLADDE:
        raise ApplicationError(_("Kun en kladde kan offentliggøres."), code="ikke_kladde")
    missing = kvalitetsstandard_validate_publishable(ks)
    if missing:
        raise ApplicationError(
            _("Kvalitetsstandarden kan ikke offentliggøres. Der mangler: %(m)s.") % {"m": ", ".join(missing)},
            code="ufuldstaendig", extra={"mangler": missing},
        )
    with ctx(actor, "kvalitetsstandard offentliggjort"):
        Kvalitetsstandard.objects.filter(lovgrundlag=ks.lovgrundlag, status=Kvalitetsstandard.Status.PUBLICERET).update(
            status=Kvalitetsstandard.Status.AFLOEST, updated_at=now
        )
        ks.status = Kvalitetsstandard.Status.PUBLICERET
        ks.publiceret_at = now
        ks.save(update_fields=["status", "publiceret_at", "updated_at"])
    return ks



"""Klage: registered with the kommune, genvurdering within 4 weeks, Ankestyrelsen if upheld."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import User

from ..models import Afgoerelse, Klage
from ._common import ctx, journal, require_myndighed

# Statutory, not a kvalitetsstandard setting: the kommune must genvurdere an appealed decision
# within 4 weeks of receiving the klage (retssikkerhedsloven kapitel 10, believed §§ 66–67 —
# DOMAIN.md 2.5 asks for the section numbers to be checked against Retsinformation).
GENVURDERING_DAGE = 28


@transaction.atomic
def klage_create(
    *, afgoerelse: Afgoerelse, modtaget_on: date, form: str, beskrivelse: str, actor: User | None, now: datetime | None = None
) -> Klage:
    now = now or timezone.now()
    require_myndighed(actor)
    errors: dict[str, str] = {}
    if afgoerelse.status != Afgoerelse.Status.TRUFFET:
        raise ApplicationError(_("Der kan kun klages over en afgørelse, der er truffet."), code="ikke_truffet")
    if modtaget_on > timezone.localdate(now):
        errors["modtaget_on"] = _("Modtagelsesdatoen kan ikke ligge i fremtiden.")
    if afgoerelse.truffet_at and modtaget_on < timezone.localdate(afgoerelse.truffet_at):
        errors["modtaget_on"] = _("Klagen kan ikke være modtaget, før afgørelsen blev truffet.")
    if form not in Klage.Form.values:
        errors["form"] = _("Vælg om klagen er mundtlig eller skriftlig.")
    if not beskrivelse.strip():
        errors["beskrivelse"] = _("Skriv hvad borgeren klager over.")
    if errors:
        raise ValidationError(errors)
    klage = Klage(
        sag=afgoerelse.sag, afgoerelse=afgoerelse, modtaget_on=modtaget_on, form=form, beskrivelse=beskrivelse.strip(),
        genvurdering_frist_on=modtaget_on + timedelta(days=GENVURDERING_DAGE), registreret_af=actor,
    )
    klage.full_clean()
    with ctx(actor, "klage registreret"):
        klage.save()
        journal(afgoerelse.sag, _("Klage modtaget"), _("%(f)s klage modtaget %(d)s. Genvurdering senest %(g)s.") % {
            "f": klage.get_form_display(), "d": modtaget_on.strftime("%d.%m.%Y"),
            "g": klage.genvurdering_frist_on.strftime("%d.%m.%Y")}, actor, now)
    return klage


@transaction.atomic
def klage_genvurder(
    *, klage: Klage, genvurdering: str, begrundelse: str, genvurderet_on: date, actor: User | None, now: datetime | None = None
) -> Klage:
    now = now or timezone.now()
    require_myndighed(actor)
    k = Klage.objects.select_for_update().get(pk=klage.pk)
    if k.genvurdering:
        raise ApplicationError(_("Klagen er allerede genvurderet."), code="genvurderet")
    errors: dict[str, str] = {}
    if genvurdering not in Klage.Genvurdering.values:
        errors["genvurdering"] = _("Vælg resultatet af genvurderingen.")
    if not begrundelse.strip():
        errors["begrundelse"] = _("Skriv begrundelsen for genvurderingen.")
    if genvurderet_on < k.modtaget_on:
        errors["genvurderet_on"] = _("Genvurderingen kan ikke ligge før klagen blev modtaget.")
    if genvurderet_on > timezone.localdate(now):
        errors["genvurderet_on"] = _("Datoen kan ikke ligge i fremtiden.")
    if errors:
        raise ValidationError(errors)
    k.genvurdering = genvurdering
    k.genvurdering_begrundelse = begrundelse.strip()
    k.genvurderet_on = genvurderet_on
    k.full_clean()
    with ctx(actor, "klage genvurderet"):
        k.save(update_fields=["genvurdering", "genvurdering_begrundelse", "genvurderet_on", "updated_at"])
        journal(k.sag, _("Klage genvurderet"), f"{k.get_genvurdering_display()}. {k.genvurdering_begrundelse}", actor, now)
    return k


@transaction.atomic
def klage_send_ankestyrelsen(*, klage: Klage, sendt_on: date, actor: User | None, now: datetime | None = None) -> Klage:
    now = now or timezone.now()
    require_myndighed(actor)
    k = Klage.objects.select_for_update().get(pk=klage.pk)
    if k.genvurdering != Klage.Genvurdering.FASTHOLDT:
        raise ApplicationError(_("Kun en klage, hvor afgørelsen er fastholdt, sendes til Ankestyrelsen."), code="ikke_fastholdt")
    if k.sendt_ankestyrelsen_on:
        raise ApplicationError(_("Klagen er allerede sendt til Ankestyrelsen."), code="sendt")
    if k.genvurderet_on and sendt_on < k.genvurderet_on:
        raise ValidationError({"sendt_on": _("Klagen kan ikke sendes, før den er genvurderet.")})
    if sendt_on > timezone.localdate(now):
        raise ValidationError({"sendt_on": _("Datoen kan ikke ligge i fremtiden.")})
    k.sendt_ankestyrelsen_on = sendt_on
    with ctx(actor, "klage sendt til Ankestyrelsen"):
        k.save(update_fields=["sendt_ankestyrelsen_on", "updated_at"])
        journal(k.sag, _("Klage sendt til Ankestyrelsen"), _("Klagen og sagens akter er sendt til Ankestyrelsen %(d)s.") % {"d": sendt_on.strftime("%d.%m.%Y")}, actor, now)
    return k


@transaction.atomic
def klage_anke_resultat(
    *, klage: Klage, resultat: str, resultat_on: date, actor: User | None, now: datetime | None = None
) -> Klage:
    now = now or timezone.now()
    require_myndighed(actor)
    k = Klage.objects.select_for_update().get(pk=klage.pk)
    if not k.sendt_ankestyrelsen_on:
        raise ApplicationError(_("Klagen er ikke sendt til Ankestyrelsen."), code="ikke_sendt")
    if k.anke_resultat:
        raise ApplicationError(_("Ankestyrelsens afgørelse er allerede registreret."), code="registreret")
    if resultat not in Klage.AnkeResultat.values:
        raise ValidationError({"resultat": _("Vælg Ankestyrelsens afgørelse.")})
    if resultat_on < k.sendt_ankestyrelsen_on or resultat_on > timezone.localdate(now):
        raise ValidationError({"resultat_on": _("Datoen skal ligge mellem afsendelsen og i dag.")})
    k.anke_resultat = resultat
    k.anke_resultat_on = resultat_on
    with ctx(actor, "Ankestyrelsens afgørelse"):
        k.save(update_fields=["anke_resultat", "anke_resultat_on", "updated_at"])
        journal(k.sag, _("Ankestyrelsens afgørelse"), _("Ankestyrelsen har truffet afgørelse: %(r)s.") % {"r": k.get_anke_resultat_display()}, actor, now)
    return k

from __future__ import annotations

from datetime import date, datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from ..exceptions import ApplicationError
from ..models import (
    MYNDIGHED_ROLLER,
    Borger,
    Journalnotat,
    Kommune,
    MyndighedTeam,
    Rolle,
    Sag,
    SagUserObjectPermission,
    User,
)


def _next_sagsnummer(on: date) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('core_sagsnummer_seq')")
        (n,) = cursor.fetchone()
    return f"{on.year}-{n:06d}"


@transaction.atomic
def sag_create(
    *,
    borger: Borger,
    ansvarlig: User,
    team: MyndighedTeam,
    handlekommune: Kommune,
    betalingskommune: Kommune | None = None,
    opened_on: date | None = None,
    titel: str = "",
    actor: User | None,
    now: datetime | None = None,
) -> Sag:
    now = now or timezone.now()
    opened_on = opened_on or timezone.localdate(now)
    if ansvarlig.rolle not in MYNDIGHED_ROLLER:
        raise ValidationError({"ansvarlig": _("Den ansvarlige skal være sagsbehandler eller myndighedsleder.")})
    if opened_on > timezone.localdate(now):
        raise ValidationError({"opened_on": _("En sag kan ikke oprettes med en dato i fremtiden.")})
    sag = Sag(
        borger=borger,
        ansvarlig=ansvarlig,
        team=team,
        handlekommune=handlekommune,
        betalingskommune=betalingskommune or handlekommune,
        opened_on=opened_on,
        sagsnummer=_next_sagsnummer(opened_on),
    )
    if titel:
        sag.titel = titel
    sag.full_clean()
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="sag oprettet"):
        sag.save()
        Journalnotat.objects.create(
            sag=sag,
            forfatter=actor,
            art=Journalnotat.Art.SAGSSKRIDT,
            emne=_("Sag oprettet"),
            tekst=_("Sagen er oprettet med %(navn)s som ansvarlig sagsbehandler.") % {"navn": ansvarlig.visningsnavn},
            haendelse_at=now,
        )
    return sag


@transaction.atomic
def sag_close(*, sag: Sag, closed_on: date, begrundelse: str, actor: User | None, now: datetime | None = None) -> Sag:
    now = now or timezone.now()
    if sag.status == Sag.Status.LUKKET:
        raise ApplicationError(_("Sagen er allerede lukket."), code="sag_lukket")
    if closed_on < sag.opened_on:
        raise ValidationError({"closed_on": _("Lukkedatoen kan ikke ligge før sagen blev oprettet.")})
    if not begrundelse.strip():
        raise ValidationError({"begrundelse": _("Skriv hvorfor sagen lukkes.")})
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="sag lukket"):
        sag.status = Sag.Status.LUKKET
        sag.closed_on = closed_on
        sag.save(update_fields=["status", "closed_on", "updated_at"])
        Journalnotat.objects.create(
            sag=sag, forfatter=actor, art=Journalnotat.Art.SAGSSKRIDT, emne=_("Sag lukket"),
            tekst=begrundelse.strip(), haendelse_at=now,
        )
    return sag


@transaction.atomic
def sag_reassign(*, sag: Sag, ansvarlig: User, team: MyndighedTeam, actor: User | None, now: datetime | None = None) -> Sag:
    now = now or timezone.now()
    if ansvarlig.rolle not in MYNDIGHED_ROLLER:
        raise ValidationError({"ansvarlig": _("Den ansvarlige skal være sagsbehandler eller myndighedsleder.")})
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="ny ansvarlig"):
        sag.ansvarlig = ansvarlig
        sag.team = team
        sag.save(update_fields=["ansvarlig", "team", "updated_at"])
        Journalnotat.objects.create(
            sag=sag, forfatter=actor, art=Journalnotat.Art.SAGSSKRIDT, emne=_("Ny ansvarlig sagsbehandler"),
            tekst=_("%(navn)s er nu ansvarlig for sagen.") % {"navn": ansvarlig.visningsnavn}, haendelse_at=now,
        )
    return sag


@transaction.atomic
def sag_adgang_give(
    *,
    sag: Sag,
    user: User,
    udloeber_at: datetime,
    begrundelse: str,
    actor: User,
    now: datetime | None = None,
) -> SagUserObjectPermission:
    """A time-limited, reasoned grant to one case (e.g. a vikar), given by the team's leader."""
    now = now or timezone.now()
    if actor.rolle != Rolle.MYNDIGHEDSLEDER or sag.team.leder_id != actor.pk:
        raise ApplicationError(_("Kun lederen af sagens team kan give midlertidig adgang."), code="ikke_leder")
    errors: dict[str, str] = {}
    if user.rolle not in MYNDIGHED_ROLLER:
        errors["user"] = _("Midlertidig adgang kan kun gives til medarbejdere i myndigheden.")
    if udloeber_at <= now:
        errors["udloeber_at"] = _("Udløbstidspunktet skal ligge i fremtiden.")
    elif (udloeber_at - now).days > 92:
        errors["udloeber_at"] = _("Midlertidig adgang kan højst gives for 3 måneder ad gangen.")
    if not begrundelse.strip():
        errors["begrundelse"] = _("Skriv hvorfor adgangen gives.")
    if errors:
        raise ValidationError(errors)
    with pghistory.context(actor_id=actor.pk, reason="midlertidig adgang givet"):
        perm = assign_perm("core.view_sag", user, sag)
        assert isinstance(perm, SagUserObjectPermission)
        perm.udloeber_at = udloeber_at
        perm.begrundelse = begrundelse.strip()
        perm.givet_af = actor
        perm.givet_at = now
        perm.save(update_fields=["udloeber_at", "begrundelse", "givet_af", "givet_at"])
        Journalnotat.objects.create(
            sag=sag, forfatter=actor, art=Journalnotat.Art.SAGSSKRIDT, emne=_("Midlertidig adgang givet"),
            tekst=_("%(navn)s har fået adgang til sagen til %(til)s. Begrundelse: %(b)s")
            % {"navn": user.visningsnavn, "til": timezone.localtime(udloeber_at).strftime("%d.%m.%Y %H:%M"), "b": begrundelse.strip()},
            haendelse_at=now,
        )
    return perm


@transaction.atomic
def sag_adgang_revoke(*, grant: SagUserObjectPermission, actor: User, now: datetime | None = None) -> None:
    now = now or timezone.now()
    sag = grant.content_object
    if actor.rolle != Rolle.MYNDIGHEDSLEDER or sag.team.leder_id != actor.pk:
        raise ApplicationError(_("Kun lederen af sagens team kan fjerne midlertidig adgang."), code="ikke_leder")
    with pghistory.context(actor_id=actor.pk, reason="midlertidig adgang fjernet"):
        grant.udloeber_at = now
        grant.save(update_fields=["udloeber_at"])
        Journalnotat.objects.create(
            sag=sag, forfatter=actor, art=Journalnotat.Art.SAGSSKRIDT, emne=_("Midlertidig adgang fjernet"),
            tekst=_("%(navn)s har ikke længere adgang til sagen.") % {"navn": grant.user.visningsnavn},
            haendelse_at=now,
        )


@transaction.atomic
def sag_bevaring_set(
    *,
    sag: Sag,
    bevares: bool,
    grund: str,
    begrundelse: str,
    actor: User,
    now: datetime | None = None,
) -> Sag:
    """Put a case on hold so the retention run never deletes it (or lift the hold).

    Only the leader of the case's team decides; the reason is kept on the case and in the journal."""
    now = now or timezone.now()
    if actor.rolle != Rolle.MYNDIGHEDSLEDER or sag.team.leder_id != actor.pk:
        raise ApplicationError(_("Kun lederen af sagens team kan beslutte, at sagen skal bevares."), code="ikke_leder")
    begrundelse = begrundelse.strip()
    errors: dict[str, str] = {}
    if bevares and grund not in {g for g in Sag.BevaringGrund.values if g}:
        errors["grund"] = _("Vælg hvorfor sagen skal bevares.")
    if not begrundelse:
        errors["begrundelse"] = _("Skriv en begrundelse.")
    elif len(begrundelse) > 300:
        errors["begrundelse"] = _("Begrundelsen må højst være 300 tegn.")
    if errors:
        raise ValidationError(errors)
    if bevares == sag.bevares and not bevares:
        raise ApplicationError(_("Sagen er ikke markeret til bevaring."), code="bevares_ikke")
    with pghistory.context(actor_id=actor.pk, reason="bevaring sat" if bevares else "bevaring ophævet"):
        sag.bevares = bevares
        sag.bevares_grund = grund if bevares else ""
        sag.bevares_begrundelse = begrundelse if bevares else ""
        sag.bevares_af = actor if bevares else None
        sag.bevares_at = now if bevares else None
        sag.full_clean()
        sag.save(update_fields=["bevares", "bevares_grund", "bevares_begrundelse", "bevares_af", "bevares_at", "updated_at"])
        if bevares:
            emne = _("Sagen skal bevares")
            tekst = _("Sagen må ikke slettes, når opbevaringsperioden udløber. Grund: %(grund)s. Begrundelse: %(b)s") % {
                "grund": Sag.BevaringGrund(grund).label,
                "b": begrundelse,
            }
        else:
            emne = _("Bevaring ophævet")
            tekst = _("Sagen slettes, når opbevaringsperioden udløber. Begrundelse: %(b)s") % {"b": begrundelse}
        Journalnotat.objects.create(
            sag=sag, forfatter=actor, art=Journalnotat.Art.SAGSSKRIDT, emne=emne, tekst=tekst, haendelse_at=now
        )
    return sag

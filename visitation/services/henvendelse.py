"""Henvendelse: an application or referral, and the sagsbehandlingsfrist it starts."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import Borger, Sag, User
from bostotte.core.services.borger import borger_cpr_index, borger_create
from bostotte.core.services.sag import sag_create

from ..frister import frist_fra_uger
from ..models import Henvendelse, Kvalitetsstandard
from ._common import ctx, journal, require_myndighed
from .kvalitetsstandard import kvalitetsstandard_gaeldende


def henvendelse_frist(*, modtaget_on: date, art: str, kvalitetsstandard: Kvalitetsstandard) -> date:
    """The sagsbehandlingsfrist: weeks from the kvalitetsstandard (new vs change), in calendar
    days, rolled forward to the next working day (see visitation/frister.py)."""
    uger = (
        kvalitetsstandard.sagsbehandlingsfrist_aendring_uger
        if art == Henvendelse.Art.AENDRING
        else kvalitetsstandard.sagsbehandlingsfrist_ny_uger
    )
    return frist_fra_uger(start_on=modtaget_on, uger=uger)


@transaction.atomic
def henvendelse_create(
    *,
    sag: Sag,
    modtaget_on: date,
    kilde: str,
    borgers_ord: str,
    actor: User | None,
    art: str = Henvendelse.Art.NY,
    er_ansoegning: bool = True,
    lovgrundlag: str = "sel_85",
    samtykke_indhentning: bool = False,
    samtykke_givet_on: date | None = None,
    now: datetime | None = None,
) -> Henvendelse:
    now = now or timezone.now()
    require_myndighed(actor)
    today = timezone.localdate(now)
    errors: dict[str, str] = {}
    if modtaget_on > today:
        errors["modtaget_on"] = _("Modtagelsesdatoen kan ikke ligge i fremtiden.")
    if not borgers_ord.strip():
        errors["borgers_ord"] = _("Skriv borgerens egne ord om ønsker og mål – også selv om de er korte.")
    if samtykke_indhentning and samtykke_givet_on is None:
        samtykke_givet_on = modtaget_on
    if samtykke_givet_on and samtykke_givet_on > today:
        errors["samtykke_givet_on"] = _("Samtykket kan ikke være givet i fremtiden.")
    if not samtykke_indhentning:
        samtykke_givet_on = None
    if sag.status != Sag.Status.AABEN:
        raise ApplicationError(_("Sagen er lukket. Opret en ny sag for borgeren."), code="sag_lukket")
    alder = sag.borger.alder(modtaget_on)
    if alder < 18:
        errors["modtaget_on"] = _(
            "Borgeren er under 18 år. Støtte efter serviceloven gives kun til voksne; børn og unge hjælpes efter barnets lov."
        )
    if errors:
        raise ValidationError(errors)
    ks = kvalitetsstandard_gaeldende(lovgrundlag=lovgrundlag)
    if ks is None:
        raise ValidationError({"lovgrundlag": _("Der er ingen gældende kvalitetsstandard for dette lovgrundlag.")})
    henv = Henvendelse(
        sag=sag,
        modtaget_on=modtaget_on,
        kilde=kilde,
        art=art,
        er_ansoegning=er_ansoegning,
        lovgrundlag=lovgrundlag,
        kvalitetsstandard=ks,
        borgers_ord=borgers_ord.strip(),
        samtykke_indhentning=samtykke_indhentning,
        samtykke_givet_on=samtykke_givet_on,
        frist_on=henvendelse_frist(modtaget_on=modtaget_on, art=art, kvalitetsstandard=ks) if er_ansoegning else None,
        registreret_af=actor,
    )
    henv.full_clean()
    with ctx(actor, "henvendelse registreret"):
        henv.save()
        tekst = _("Henvendelse modtaget %(d)s (%(kilde)s, %(art)s).") % {
            "d": modtaget_on.strftime("%d.%m.%Y"), "kilde": henv.get_kilde_display(), "art": henv.get_art_display(),
        }
        if henv.frist_on:
            tekst += " " + _("Sagsbehandlingsfristen er %(f)s.") % {"f": henv.frist_on.strftime("%d.%m.%Y")}
        journal(sag, _("Henvendelse registreret"), tekst, actor, now)
    return henv


@transaction.atomic
def henvendelse_create_for_cpr(
    *,
    cpr: str,
    actor: User,
    fornavn: str = "",
    efternavn: str = "",
    adresse: str = "",
    postnummer: str = "",
    by: str = "",
    telefon: str = "",
    now: datetime | None = None,
    **henvendelse: object,
) -> Henvendelse:
    """Register a henvendelse by CPR: an existing citizen (found through the blind index) gets it
    on their open case on the actor's team (a new case if they have none there); a new citizen is
    created with a case. CPR travels only in POST bodies and is never logged."""
    now = now or timezone.now()
    require_myndighed(actor)
    try:
        index = borger_cpr_index(cpr)
    except ValidationError as exc:
        raise ValidationError({"cpr": exc.messages}) from exc
    team = getattr(getattr(actor, "medarbejder", None), "myndighed_team", None)
    if team is None:
        raise ApplicationError(_("Du er ikke knyttet til et myndighedsteam og kan ikke oprette sager."), code="intet_team")
    borger = Borger.objects.filter(cpr_index=index).first()
    if borger is None:
        errors = {}
        if not fornavn.strip():
            errors["fornavn"] = _("Skriv borgerens fornavn.")
        if not efternavn.strip():
            errors["efternavn"] = _("Skriv borgerens efternavn.")
        if errors:
            raise ValidationError(errors)
        borger = borger_create(
            cpr=cpr, fornavn=fornavn, efternavn=efternavn, kommune=team.kommune, actor=actor,
            adresse=adresse, postnummer=postnummer, by=by, telefon=telefon,
        )
    sag = (
        Sag.objects.filter(borger=borger, status=Sag.Status.AABEN, team=team).order_by("-opened_on").first()
    )
    if sag is None:
        sag = sag_create(borger=borger, ansvarlig=actor, team=team, handlekommune=team.kommune, actor=actor, now=now)
    return henvendelse_create(sag=sag, actor=actor, now=now, **henvendelse)  # type: ignore[arg-type]


@transaction.atomic
def henvendelse_underretning_record(
    *,
    henvendelse: Henvendelse,
    begrundelse: str,
    forventet_afgoerelse_on: date,
    actor: User | None,
    sendt_on: date | None = None,
    now: datetime | None = None,
) -> Henvendelse:
    """RSL § 3, stk. 2: the frist cannot be kept; record the written notice to the citizen with
    the reason and the date a decision can be expected."""
    now = now or timezone.now()
    require_myndighed(actor)
    today = timezone.localdate(now)
    sendt_on = sendt_on or today
    henv = Henvendelse.objects.select_for_update().get(pk=henvendelse.pk)
    if henv.status != Henvendelse.Status.AABEN:
        raise ApplicationError(_("Henvendelsen er allerede afgjort eller henlagt."), code="ikke_aaben")
    if not henv.er_ansoegning or henv.frist_on is None:
        raise ApplicationError(_("Der løber ingen sagsbehandlingsfrist for denne henvendelse."), code="ingen_frist")
    errors: dict[str, str] = {}
    if not begrundelse.strip():
        errors["begrundelse"] = _("Skriv hvorfor fristen ikke kan holdes.")
    if forventet_afgoerelse_on <= henv.frist_on:
        errors["forventet_afgoerelse_on"] = _("Den forventede afgørelsesdato skal ligge efter den nuværende frist (%(f)s).") % {
            "f": henv.frist_on.strftime("%d.%m.%Y")
        }
    if sendt_on > today:
        errors["sendt_on"] = _("Underretningen kan ikke være sendt i fremtiden.")
    if errors:
        raise ValidationError(errors)
    henv.underretning_begrundelse = begrundelse.strip()
    henv.forventet_afgoerelse_on = forventet_afgoerelse_on
    henv.underretning_sendt_on = sendt_on
    henv.full_clean()
    with ctx(actor, "underretning om frist"):
        henv.save(update_fields=["underretning_begrundelse", "forventet_afgoerelse_on", "underretning_sendt_on", "updated_at"])
        journal(
            henv.sag, _("Underretning om forlænget sagsbehandlingstid"),
            _("Borgeren er skriftligt underrettet om, at fristen %(f)s ikke kan holdes. Forventet afgørelse: %(d)s. Begrundelse: %(b)s")
            % {"f": henv.frist_on.strftime("%d.%m.%Y"), "d": forventet_afgoerelse_on.strftime("%d.%m.%Y"), "b": henv.underretning_begrundelse},
            actor, now,
        )
    return henv

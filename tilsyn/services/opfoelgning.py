"""Opfølgning (FFB follow-up) on an indsatsmål or on the whole social indsats (DOMAIN.md 3, 4.11, 6.1).

At each follow-up the tilstande the goals address are re-rated (a new version: before and after
levels kept), a new støttebehov is set, the leverandør's status report and the citizen's own view
are recorded with the goal progress (GAS), and a result is chosen:

* the three FFB "Status på indsats" codes (T5): fortsættelse / afslutning / afslutning og ny
  visitation (which starts a revisitation), and
* the local status "ændres inden for rammen": the order is adjusted within the afgørelse's frame
  (new follow-up dates, hours never above the granted hours) without a new afgørelse, and the
  leverandør is told (journal note + an in-app message to the leverandørleder).
"""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from bostotte.core.models import MYNDIGHED_ROLLER, LeverandoerTeam, Sag, User
from bostotte.core.services.journal import journalnotat_create
from bostotte.ffb import codes
from bostotte.ffb.models import Kode, KodeGruppe
from bostotte.ffb.selectors import kode_get

from ..models import KontaktForm, Opfoelgning, TilstandVurdering
from .notifikation import notifikation_create

LIVE_BESTILLING = ("sendt", "accepteret", "startet")

STATUS_KODE = {
    Opfoelgning.Resultat.FORTSAETTELSE: codes.STATUS_FORTSAETTELSE,
    Opfoelgning.Resultat.AFSLUTNING: codes.STATUS_AFSLUTNING,
    Opfoelgning.Resultat.AFSLUTNING_NY: codes.STATUS_AFSLUTNING_OG_NY_VISITATION,
}


@dataclass
class VurderingInput:
    undertema: Kode
    niveau: Kode
    beskrivelse: str = ""


def require_myndighed(actor: User | None) -> None:
    if actor is not None and actor.rolle not in MYNDIGHED_ROLLER:
        raise NotAllowedError(_("Kun myndighedens medarbejdere kan gøre dette."), code="ikke_myndighed")


def revisitation_start(*, bevilling: object, actor: User | None, now: datetime) -> object:
    """Start a revisitation with visitation's service; reuse a draft udredning already started.
    Falls back to a draft Udredning (er_revisitation, forrige) if the service is unavailable."""
    from visitation.models import Udredning

    try:
        from visitation.services.udredning import udredning_start_revisitation
    except ImportError:  # pragma: no cover - visitation always ships it now
        udredning_start_revisitation = None
    sag_id = bevilling.sag_id  # type: ignore[attr-defined]
    draft = Udredning.objects.filter(sag_id=sag_id, status=Udredning.Status.KLADDE).order_by("-created_at").first()
    if draft is not None:
        if not draft.er_revisitation:
            Udredning.objects.filter(pk=draft.pk).update(er_revisitation=True, updated_at=now)
            draft.refresh_from_db()
        return draft
    if udredning_start_revisitation is not None:
        return udredning_start_revisitation(bevilling=bevilling, actor=actor, now=now)
    forrige = Udredning.objects.filter(sag_id=sag_id, status="afsluttet").order_by("-afsluttet_at", "-id").first()
    return Udredning.objects.create(sag_id=sag_id, er_revisitation=True, forrige=forrige, oprettet_af=actor)


def foer_niveauer(*, sag: Sag, bestilling: object, undertema_ids: list[int]) -> dict[int, Kode | None]:
    """The level before this follow-up per undertema: the last re-rating on the case, else the
    udredning behind the decision."""
    from visitation.models import Tilstand

    out: dict[int, Kode | None] = {}
    latest = (
        TilstandVurdering.objects.filter(opfoelgning__sag=sag, undertema_id__in=undertema_ids)
        .select_related("efter_niveau")
        .order_by("undertema_id", "-opfoelgning__udfoert_on", "-opfoelgning_id")
        .distinct("undertema_id")
    )
    for tv in latest:
        out[tv.undertema_id] = tv.efter_niveau
    udredning_id = bestilling.afgoerelse.udredning_id  # type: ignore[attr-defined]
    missing = [u for u in undertema_ids if u not in out]
    if missing and udredning_id:
        for t in Tilstand.objects.filter(udredning_id=udredning_id, undertema_id__in=missing).select_related("funktionsevneniveau"):
            out[t.undertema_id] = t.funktionsevneniveau
    return out


def _leverandoer_notify(*, bestilling: object, titel: str, now: datetime) -> None:
    leverandoer_id = bestilling.leverandoer_id  # type: ignore[attr-defined]
    leder_ids = set(LeverandoerTeam.objects.filter(leverandoer_id=leverandoer_id, leder__isnull=False).values_list("leder_id", flat=True))
    url = ""
    try:
        url = reverse("levering:bestilling-detail", kwargs={"uuid": bestilling.uuid})  # type: ignore[attr-defined]
    except Exception:  # levering's URL name may differ; the inbox message stands on its own
        url = ""
    for leder_id in sorted(leder_ids):
        notifikation_create(modtager_id=leder_id, titel=titel, tekst=_("Se bestillingen for de nye aftaler."), url=url, now=now)


@transaction.atomic
def opfoelgning_create(
    *,
    sag: Sag,
    bestilling: object,
    indsatsmaal: object | None,
    udfoert_on: date,
    form: str,
    deltagere: str,
    vurderinger: list[VurderingInput],
    stoettebehov: Kode | None,
    borgers_vurdering: str,
    resultat: str,
    actor: User | None,
    stoettebehov_begrundelse: str = "",
    statusrapport: object | None = None,
    statusrapport_tekst: str = "",
    gas_score: int | None = None,
    begrundelse: str = "",
    naeste_opfoelgning_on: date | None = None,
    ny_timer: Decimal | None = None,
    now: datetime | None = None,
) -> Opfoelgning:
    from visitation.models import Bestilling, Indsatsmaal

    now = now or timezone.now()
    today = timezone.localdate(now)
    require_myndighed(actor)
    best: Bestilling = Bestilling.objects.select_for_update().select_related("afgoerelse").get(pk=bestilling.pk)  # type: ignore[attr-defined]
    if best.sag_id != sag.pk:
        raise ApplicationError(_("Bestillingen hører ikke til sagen."), code="forkert_sag")
    if best.status not in LIVE_BESTILLING:
        raise ApplicationError(_("Der kan kun følges op på en bestilling, der er sendt eller i gang."), code="ikke_aktiv")
    errors: dict[str, str] = {}
    if indsatsmaal is not None:
        maal_list = [m for m in Indsatsmaal.objects.filter(pk=indsatsmaal.pk, bestilling=best)]  # type: ignore[attr-defined]
        if not maal_list:
            raise ApplicationError(_("Indsatsmålet hører ikke til bestillingen."), code="forkert_maal")
        if maal_list[0].status != Indsatsmaal.Status.AKTIV:
            raise ApplicationError(_("Der er allerede fulgt op på indsatsmålet, og det er afsluttet."), code="maal_afsluttet")
    else:
        maal_list = list(Indsatsmaal.objects.filter(bestilling=best, status=Indsatsmaal.Status.AKTIV))
        if not maal_list:
            raise ApplicationError(_("Bestillingen har ingen aktive indsatsmål at følge op på."), code="ingen_maal")
    if udfoert_on > today:
        errors["udfoert_on"] = _("Opfølgningen kan ikke være holdt i fremtiden.")
    if form not in KontaktForm.values:
        errors["form"] = _("Vælg hvordan opfølgningen blev holdt.")
    if not deltagere.strip():
        errors["deltagere"] = _("Skriv hvem der deltog.")
    if not borgers_vurdering.strip():
        errors["borgers_vurdering"] = _("Skriv borgerens egen vurdering – med borgerens ord.")
    if stoettebehov is None or stoettebehov.gruppe != KodeGruppe.STOETTEBEHOV:
        errors["stoettebehov"] = _("Vælg det nye støttebehov.")
    if gas_score is not None and not -2 <= gas_score <= 2:
        errors["gas_score"] = _("Målopfyldelsen skal være mellem −2 og +2.")
    if resultat not in Opfoelgning.Resultat.values:
        errors["resultat"] = _("Vælg resultatet af opfølgningen.")
    if resultat in (Opfoelgning.Resultat.FORTSAETTELSE, Opfoelgning.Resultat.AENDRES):
        if naeste_opfoelgning_on is None:
            errors["naeste_opfoelgning_on"] = _("Vælg datoen for næste opfølgning.")
        elif naeste_opfoelgning_on <= udfoert_on:
            errors["naeste_opfoelgning_on"] = _("Næste opfølgning skal ligge efter denne opfølgning.")
    elif naeste_opfoelgning_on is not None:
        naeste_opfoelgning_on = None  # an ending has no next follow-up
    if ny_timer is not None:
        afg = best.afgoerelse
        if resultat != Opfoelgning.Resultat.AENDRES:
            errors["ny_timer"] = _("Timerne kan kun ændres, når resultatet er 'ændres inden for rammen'.")
        elif ny_timer <= 0:
            errors["ny_timer"] = _("Timerne skal være flere end 0.")
        elif afg.timer is None or ny_timer > afg.timer or (best.timer_periode and afg.timer_periode != best.timer_periode):
            errors["ny_timer"] = _("Timerne kan højst være de bevilgede %(t)s timer %(p)s. Mere kræver en ny afgørelse.") % {
                "t": afg.timer, "p": afg.get_timer_periode_display()}
    if statusrapport is not None and getattr(statusrapport, "bestilling_id", None) != best.pk:
        errors["statusrapport"] = _("Statusrapporten hører ikke til bestillingen.")

    # Re-ratings: exactly the Aktivitet og deltagelse undertemaer the goals address.
    addressed = {m.undertema_id for m in maal_list}
    seen: set[int] = set()
    for v in vurderinger:
        key = f"vurdering_{v.undertema.pk}"
        if not v.undertema.kraever_funktionsevneniveau:
            errors[key] = _("%(u)s: funktionsevneniveau vurderes kun under Aktivitet og deltagelse.") % {"u": v.undertema.display}
        elif v.undertema.pk not in addressed:
            errors[key] = _("%(u)s: indsatsmålene handler ikke om dette undertema.") % {"u": v.undertema.display}
        elif v.niveau is None or v.niveau.gruppe != KodeGruppe.FUNKTIONSEVNENIVEAU:
            errors[key] = _("%(u)s: vælg funktionsevneniveauet nu.") % {"u": v.undertema.display}
        elif v.undertema.pk in seen:
            errors[key] = _("%(u)s er vurderet to gange.") % {"u": v.undertema.display}
        seen.add(v.undertema.pk)
    for undertema in Kode.objects.filter(pk__in=addressed - seen):
        errors[f"vurdering_{undertema.pk}"] = _("%(u)s: vurdér funktionsevneniveauet igen.") % {"u": undertema.display}
    if errors:
        raise ValidationError(errors)

    status_kode = kode_get(STATUS_KODE[resultat]) if resultat in STATUS_KODE else None  # type: ignore[index]
    foer = foer_niveauer(sag=sag, bestilling=best, undertema_ids=sorted(addressed))
    opf = Opfoelgning(
        sag=sag, bestilling=best, indsatsmaal=indsatsmaal, udfoert_on=udfoert_on, form=form, deltagere=deltagere.strip(),
        stoettebehov=stoettebehov, stoettebehov_begrundelse=stoettebehov_begrundelse.strip(), statusrapport=statusrapport,
        statusrapport_tekst=statusrapport_tekst.strip(), borgers_vurdering=borgers_vurdering.strip(), gas_score=gas_score,
        resultat=resultat, status_kode=status_kode, begrundelse=begrundelse.strip(),
        naeste_opfoelgning_on=naeste_opfoelgning_on, ny_timer=ny_timer, udfoert_af=actor,
    )
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="opfølgning"):
        if resultat == Opfoelgning.Resultat.AFSLUTNING_NY:
            opf.revisitation = revisitation_start(bevilling=best.afgoerelse, actor=actor, now=now)  # type: ignore[assignment]
        opf.full_clean()
        opf.save()
        TilstandVurdering.objects.bulk_create(
            TilstandVurdering(opfoelgning=opf, undertema=v.undertema, foer_niveau=foer.get(v.undertema.pk), efter_niveau=v.niveau, beskrivelse=v.beskrivelse.strip())
            for v in vurderinger
        )
        maal_ids = [m.pk for m in maal_list]
        if resultat in (Opfoelgning.Resultat.FORTSAETTELSE, Opfoelgning.Resultat.AENDRES):
            Indsatsmaal.objects.filter(pk__in=maal_ids).update(opfoelgning_on=naeste_opfoelgning_on, updated_at=now)
        else:
            Indsatsmaal.objects.filter(pk__in=maal_ids).update(status=Indsatsmaal.Status.AFSLUTTET, updated_at=now)
        if resultat == Opfoelgning.Resultat.AENDRES:
            changes = [_("næste opfølgning %(d)s") % {"d": naeste_opfoelgning_on.strftime("%d.%m.%Y")}]  # type: ignore[union-attr]
            if ny_timer is not None and ny_timer != best.timer:
                Bestilling.objects.filter(pk=best.pk).update(timer=ny_timer, version=F("version") + 1, updated_at=now)
                changes.append(_("%(t)s timer %(p)s") % {"t": ny_timer, "p": best.get_timer_periode_display()})
            journalnotat_create(
                sag=sag, art="sagsskridt", actor=actor, now=now, haendelse_at=now,
                emne=_("Bestillingen ændret inden for rammen"),
                tekst=_("Efter opfølgningen %(d)s er bestillingen ændret uden ny afgørelse: %(c)s. Leverandøren er orienteret.")
                % {"d": udfoert_on.strftime("%d.%m.%Y"), "c": ", ".join(changes)},
            )
            _leverandoer_notify(bestilling=best, titel=_("Bestilling ændret inden for rammen"), now=now)
        journalnotat_create(
            sag=sag, art="sagsskridt", actor=actor, now=now, haendelse_at=now,
            emne=_("Opfølgning"),
            tekst=_("Opfølgning %(d)s (%(f)s). Resultat: %(r)s.") % {
                "d": udfoert_on.strftime("%d.%m.%Y"), "f": opf.get_form_display(), "r": opf.get_resultat_display()}
            + (_(" Revisitation er startet.") if opf.revisitation_id else ""),
        )
    return opf

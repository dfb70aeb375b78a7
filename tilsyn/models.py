"""Opfølgning, personrelateret tilsyn (§ 148) and the deadline engine (worklist tasks).

The engine keeps deadlines as rows with an indexed due date (`Opgave`), never as ETA tasks in the
broker (STACK.md "Celery and Redis"). A task points at the object that makes it due through a
generic target (content type + object id): the kinds live in several apps (visitation, levering,
handleplaner) and new kinds must not need a migration here. The price of the generic target —
no cascade and no FK check — is paid by the daily scan, which closes tasks whose source item is
gone or resolved (see `tilsyn/services/frister.py`).
"""

from __future__ import annotations

import uuid

import pghistory
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import BaseModel, Sag, User

from . import triggers


# --------------------------------------------------------------------------------------------
# The deadline engine
# --------------------------------------------------------------------------------------------
class OpgaveArt(models.TextChoices):
    """Deadline kinds. The source for each is in `tilsyn/deadlines/kinds.py`."""

    SAGSBEHANDLINGSFRIST = "sagsbeh", _("Sagsbehandlingsfrist")
    HANDLEPLAN = "handleplan", _("Handleplan ikke tilbudt")
    BESTILLING_SVAR = "best_svar", _("Bestilling ikke besvaret af leverandøren")
    FOERSTE_BESOEG = "foerste_besoeg", _("Intet leveret besøg efter startdato")
    TIMER_UNDER_RAMMEN = "timer_under", _("Leverede timer under rammen")
    OPFOELGNING = "opfoelgning", _("Opfølgning på indsatsmål")
    REVISITATION = "revisitation", _("Revisitation")
    TILSYN = "tilsyn", _("Personrelateret tilsyn (§ 148)")
    KLAGE_GENVURDERING = "klage", _("Genvurdering af klage")
    BEVILLING_OPHOER = "bev_ophoer", _("Bevilling udløber")
    UDSKRIVNING = "udskrivning", _("Opfølgning efter udskrivning")


class OpgaveQuerySet(models.QuerySet["Opgave"]):
    def visible_to(self, user: User) -> OpgaveQuerySet:
        """Tasks a user may see: their own, and — for a team leader — the team's (including
        those escalated to them). Always also inside the case scope (`Sag.objects.visible_to`)."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        own = Q(ansvarlig_id=user.pk) | Q(escalated_to_id=user.pk) | Q(sag__team__leder_id=user.pk)
        return self.filter(own, sag__in=Sag.objects.visible_to(user).values("pk"))


@pghistory.track()
class Opgave(BaseModel):
    """A worklist task created by the daily scan for one due item of one kind."""

    Art = OpgaveArt

    class Status(models.TextChoices):
        AABEN = "aaben", _("Åben")
        UDFOERT = "udfoert", _("Udført")
        AFVIST = "afvist", _("Afvist")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    art = models.CharField(_("art"), max_length=16, choices=OpgaveArt.choices)
    target_ct = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("objekttype"))
    target_id = models.PositiveBigIntegerField(_("objekt-id"))
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="opgaver", verbose_name=_("sag"))
    ansvarlig = models.ForeignKey(User, on_delete=models.PROTECT, related_name="opgaver", verbose_name=_("ansvarlig"))
    due_on = models.DateField(_("frist"))
    remind_on = models.DateField(_("påmindes"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AABEN)
    begrundelse = models.TextField(_("begrundelse"), blank=True)
    closed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("lukket af"))
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("sidst påmindet"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("eskaleret"), null=True, blank=True)
    escalated_to = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="eskalerede_opgaver", verbose_name=_("eskaleret til"))
    detalje = models.CharField(_("detalje"), max_length=200, blank=True, help_text=_("Uden personoplysninger."))

    objects = OpgaveQuerySet.as_manager()

    class Meta:
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaver")
        ordering = ["due_on", "id"]
        constraints = [
            # Reruns and concurrent scans change nothing: one task per kind, target and due date.
            models.UniqueConstraint(fields=["art", "target_ct", "target_id", "due_on"], name="tilsyn_opgave_unique_due"),
            models.CheckConstraint(condition=Q(art__in=OpgaveArt.values), name="tilsyn_opgave_art_valid"),
            models.CheckConstraint(condition=Q(status__in=["aaben", "udfoert", "afvist"]), name="tilsyn_opgave_status_valid"),
            models.CheckConstraint(condition=Q(remind_on__lte=F("due_on")), name="tilsyn_opgave_remind_before_due"),
            models.CheckConstraint(
                condition=Q(status="aaben", closed_at__isnull=True) | (~Q(status="aaben") & Q(closed_at__isnull=False)),
                name="tilsyn_opgave_closed_dated",
            ),
            # A dismissed task always says why.
            models.CheckConstraint(condition=~Q(status="afvist") | ~Q(begrundelse=""), name="tilsyn_opgave_afvist_has_reason"),
            models.CheckConstraint(
                condition=Q(escalated_at__isnull=True, escalated_to__isnull=True) | Q(escalated_at__isnull=False),
                name="tilsyn_opgave_escalation_dated",
            ),
        ]
        indexes = [
            # Worklists: a user's open tasks by due date (selectors.opgave_list_mine).
            models.Index(fields=["ansvarlig", "due_on"], condition=Q(status="aaben"), name="tilsyn_opgave_aaben_ansv"),
            # Claim loop, reminders: open tasks not yet reminded, by remind date (frister.opgave_process_one_due).
            models.Index(fields=["remind_on"], condition=Q(status="aaben", last_reminded_at__isnull=True), name="tilsyn_opgave_paamind"),
            # Claim loop, escalation: open tasks not yet escalated, by due date.
            models.Index(fields=["due_on"], condition=Q(status="aaben", escalated_at__isnull=True), name="tilsyn_opgave_eskaler"),
            # Auto-close after each kind's scan: the open tasks of one kind.
            models.Index(fields=["art", "target_id"], condition=Q(status="aaben"), name="tilsyn_opgave_aaben_art"),
            # Case panel: a case's open tasks.
            models.Index(fields=["sag", "due_on"], condition=Q(status="aaben"), name="tilsyn_opgave_aaben_sag"),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} ({self.due_on:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.AABEN


class Notifikation(BaseModel):
    """An in-app message (the inbox) and, optionally, the e-mail that tells about it.

    `email_sent_at` is the idempotency guard: the e-mail task claims it with a conditional UPDATE
    (`WHERE email_sent_at IS NULL`) before sending, so a redelivered or retried task never sends
    twice. Texts hold no personal data beyond a link to the case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    modtager = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifikationer", verbose_name=_("modtager"))
    opgave = models.ForeignKey(Opgave, on_delete=models.CASCADE, null=True, blank=True, related_name="notifikationer")
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    titel = models.CharField(_("titel"), max_length=200)
    tekst = models.TextField(_("tekst"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    read_at = models.DateTimeField(_("læst"), null=True, blank=True)
    send_email = models.BooleanField(_("send e-mail"), default=True)
    email_sent_at = models.DateTimeField(_("e-mail sendt"), null=True, blank=True)

    class Meta:
        verbose_name = _("notifikation")
        verbose_name_plural = _("notifikationer")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Header badge and inbox: a user's unread messages.
            models.Index(fields=["modtager", "-created_at"], condition=Q(read_at__isnull=True), name="tilsyn_notif_ulaest"),
            models.Index(fields=["modtager", "-created_at"], name="tilsyn_notif_modtager"),
            # notifikation_email_sweep: e-mails still to send, oldest first (only those rows).
            models.Index(
                fields=["created_at", "id"],
                condition=Q(send_email=True, email_sent_at__isnull=True),
                name="tilsyn_notif_email_venter",
            ),
        ]


class ScanLog(models.Model):
    """One row per daily scan: when it started and finished, and what it did (health endpoint)."""

    started_at = models.DateTimeField(_("startet"))
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    oprettet = models.PositiveIntegerField(_("nye opgaver"), default=0)
    lukket = models.PositiveIntegerField(_("lukkede opgaver"), default=0)
    behandlet = models.PositiveIntegerField(_("påmindelser og eskaleringer"), default=0)
    kilde = models.CharField(_("startet af"), max_length=20, default="beat")

    class Meta:
        verbose_name = _("fristkørsel")
        verbose_name_plural = _("fristkørsler")
        ordering = ["-started_at"]
        indexes = [
            # health: the last successful scan.
            models.Index(fields=["-finished_at"], condition=Q(finished_at__isnull=False), name="tilsyn_scanlog_ok"),
        ]

    def __str__(self) -> str:
        return f"Fristkørsel {self.started_at:%Y-%m-%d %H:%M}"


# --------------------------------------------------------------------------------------------
# Opfølgning
# --------------------------------------------------------------------------------------------
class KontaktForm(models.TextChoices):
    MOEDE_BORGER = "moede_borger", _("Møde med borgeren")
    MOEDE_BOSTOETTE = "moede_bostoette", _("Møde med bostøtten")
    TELEFON = "telefon", _("Telefon")
    EMAIL = "email", _("E-mail")


@pghistory.track()
class Opfoelgning(BaseModel):
    """FFB opfølgning on one indsatsmål, or on the whole social indsats (`indsatsmaal` empty)."""

    class Resultat(models.TextChoices):
        # The three FFB "Status på indsats" codes (T5) …
        FORTSAETTELSE = "fortsaet", _("Træf afgørelse om fortsættelse af indsats")
        AFSLUTNING = "afslut", _("Træf afgørelse om afslutning af indsats")
        AFSLUTNING_NY = "afslut_ny", _("Træf afgørelse om afslutning af indsats og visiter til ny")
        # … and the local status (DOMAIN.md 4.11): not an FFB code, so no `status_kode`.
        AENDRES = "aendres", _("Ændres inden for rammen (lokal status, ikke FFB)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="opfoelgninger", verbose_name=_("sag"))
    bestilling = models.ForeignKey("visitation.Bestilling", on_delete=models.PROTECT, related_name="opfoelgninger", verbose_name=_("bestilling"))
    indsatsmaal = models.ForeignKey(
        "visitation.Indsatsmaal", on_delete=models.PROTECT, null=True, blank=True, related_name="opfoelgninger",
        verbose_name=_("indsatsmål"), help_text=_("Tom: opfølgning på hele den sociale indsats."),
    )
    udfoert_on = models.DateField(_("dato for opfølgningen"))
    form = models.CharField(_("form"), max_length=16, choices=KontaktForm.choices)
    deltagere = models.TextField(_("hvem deltog"))
    stoettebehov = models.ForeignKey("ffb.Kode", on_delete=models.PROTECT, related_name="+", verbose_name=_("nyt støttebehov"))
    stoettebehov_begrundelse = models.TextField(_("begrundelse for støttebehov"), blank=True)
    statusrapport = models.ForeignKey(
        "levering.Statusrapport", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("leverandørens statusrapport"),
    )
    statusrapport_tekst = models.TextField(_("leverandørens status (resumé)"), blank=True)
    borgers_vurdering = models.TextField(_("borgerens egen vurdering"))
    gas_score = models.SmallIntegerField(
        _("målopfyldelse (GAS)"), null=True, blank=True,
        help_text=_("−2 meget mindre end forventet … +2 meget mere end forventet."),
    )
    resultat = models.CharField(_("resultat"), max_length=10, choices=Resultat.choices)
    status_kode = models.ForeignKey(
        "ffb.Kode", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("FFB status på indsats"),
    )
    begrundelse = models.TextField(_("begrundelse og aftaler"), blank=True)
    naeste_opfoelgning_on = models.DateField(_("næste opfølgning"), null=True, blank=True)
    ny_timer = models.DecimalField(_("nye timer inden for rammen"), max_digits=5, decimal_places=2, null=True, blank=True)
    revisitation = models.ForeignKey(
        "visitation.Udredning", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("revisitation startet"),
    )
    udfoert_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("udført af"))

    class Meta:
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        ordering = ["-udfoert_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(form__in=KontaktForm.values), name="tilsyn_opfoelgning_form_valid"),
            models.CheckConstraint(condition=Q(resultat__in=["fortsaet", "afslut", "afslut_ny", "aendres"]), name="tilsyn_opfoelgning_resultat_valid"),
            models.CheckConstraint(condition=Q(gas_score__isnull=True) | Q(gas_score__gte=-2, gas_score__lte=2), name="tilsyn_opfoelgning_gas_range"),
            # FFB results carry the T5 code; the local "ændres inden for rammen" never does.
            models.CheckConstraint(
                condition=(Q(resultat="aendres") & Q(status_kode__isnull=True)) | (~Q(resultat="aendres") & Q(status_kode__isnull=False)),
                name="tilsyn_opfoelgning_status_kode",
            ),
            # Continuing needs the next follow-up date; ending does not.
            models.CheckConstraint(
                condition=~Q(resultat__in=["fortsaet", "aendres"]) | Q(naeste_opfoelgning_on__gt=F("udfoert_on")),
                name="tilsyn_opfoelgning_naeste_dato",
            ),
            models.CheckConstraint(condition=Q(ny_timer__isnull=True) | Q(resultat="aendres", ny_timer__gt=0), name="tilsyn_opfoelgning_timer_kun_aendres"),
            models.CheckConstraint(condition=~Q(resultat="afslut_ny") | Q(revisitation__isnull=False), name="tilsyn_opfoelgning_revisitation_startet"),
        ]
        indexes = [models.Index(fields=["sag", "-udfoert_on"], name="tilsyn_opf_sag")]
        triggers = [triggers.opfoelgning_koder]


@pghistory.track()
class TilstandVurdering(BaseModel):
    """A re-rating of one Aktivitet og deltagelse undertema at an opfølgning: the new version of
    the tilstand. `foer_niveau` is the level before (the last opfølgning or the udredning),
    `efter_niveau` the level now, so both versions are kept."""

    opfoelgning = models.ForeignKey(Opfoelgning, on_delete=models.CASCADE, related_name="vurderinger")
    undertema = models.ForeignKey("ffb.Kode", on_delete=models.PROTECT, related_name="+", verbose_name=_("undertema"))
    foer_niveau = models.ForeignKey(
        "ffb.Kode", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("funktionsevneniveau før"),
    )
    efter_niveau = models.ForeignKey("ffb.Kode", on_delete=models.PROTECT, related_name="+", verbose_name=_("funktionsevneniveau nu"))
    beskrivelse = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        verbose_name = _("genvurdering af tilstand")
        verbose_name_plural = _("genvurderinger af tilstande")
        ordering = ["opfoelgning", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opfoelgning", "undertema"], name="tilsyn_tilstandvurdering_one_per_undertema"),
        ]
        indexes = [models.Index(fields=["undertema", "opfoelgning"], name="tilsyn_tv_undertema")]
        triggers = [triggers.tilstandvurdering_scope]


# --------------------------------------------------------------------------------------------
# Personrelateret tilsyn (§ 148)
# --------------------------------------------------------------------------------------------
class JaNej(models.TextChoices):
    JA = "ja", _("Ja")
    DELVIST = "delvist", _("Delvist")
    NEJ = "nej", _("Nej")


@pghistory.track()
class Tilsyn(BaseModel):
    """Personrelateret tilsyn with one bevilling (serviceloven § 148, stk. 1–2)."""

    class Handling(models.TextChoices):
        INGEN = "ingen", _("Ingen – støtten fortsætter som bevilget")
        PLAN = "plan", _("Planen justeres (handleplan/bestilling)")
        REVISITATION = "revisitation", _("Revisitation")

    class Paaroerende(models.TextChoices):
        JA = "ja", _("Ja")
        NEJ = "nej", _("Nej")
        IKKE_RELEVANT = "ikke_relevant", _("Ikke relevant / borgeren ønskede det ikke")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="tilsyn", verbose_name=_("sag"))
    afgoerelse = models.ForeignKey("visitation.Afgoerelse", on_delete=models.PROTECT, related_name="tilsyn", verbose_name=_("bevilling"))
    udfoert_on = models.DateField(_("dato for tilsynet"))
    form = models.CharField(_("form"), max_length=16, choices=KontaktForm.choices)
    anden_kommune = models.BooleanField(_("borgeren bor i en anden kommune"), default=False)
    formaal_opfyldt = models.CharField(_("opfylder hjælpen stadig sit formål?"), max_length=10, choices=JaNej.choices)
    borgers_beretning = models.TextField(_("borgerens egen beretning"))
    andre_behov = models.TextField(_("andre behov for hjælp"), blank=True)
    sikkerhed_ok = models.CharField(_("er borgerens sikkerhed og rettigheder i orden?"), max_length=10, choices=JaNej.choices)
    sikkerhed_bemaerkning = models.TextField(_("bemærkninger om sikkerhed og rettigheder"), blank=True)
    paaroerende = models.CharField(_("er pårørende inddraget?"), max_length=14, choices=Paaroerende.choices)
    konklusion = models.TextField(_("konklusion"))
    handling = models.CharField(_("opfølgende handling"), max_length=14, choices=Handling.choices)
    handling_beskrivelse = models.TextField(_("beskrivelse af handlingen"), blank=True)
    revisitation = models.ForeignKey(
        "visitation.Udredning", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("revisitation startet"),
    )
    udfoert_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("udført af"))

    class Meta:
        verbose_name = _("personrelateret tilsyn")
        verbose_name_plural = _("personrelaterede tilsyn")
        ordering = ["-udfoert_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(form__in=KontaktForm.values), name="tilsyn_tilsyn_form_valid"),
            models.CheckConstraint(condition=Q(formaal_opfyldt__in=JaNej.values) & Q(sikkerhed_ok__in=JaNej.values), name="tilsyn_tilsyn_checklist_valid"),
            models.CheckConstraint(condition=Q(paaroerende__in=["ja", "nej", "ikke_relevant"]), name="tilsyn_tilsyn_paaroerende_valid"),
            models.CheckConstraint(condition=Q(handling__in=["ingen", "plan", "revisitation"]), name="tilsyn_tilsyn_handling_valid"),
            models.CheckConstraint(condition=~Q(konklusion="") & ~Q(borgers_beretning=""), name="tilsyn_tilsyn_has_conclusion"),
            # A problem found in the checklist needs an action that says what happens next.
            models.CheckConstraint(
                condition=(Q(formaal_opfyldt="ja") & Q(sikkerhed_ok="ja")) | (~Q(handling="ingen") & ~Q(handling_beskrivelse="")),
                name="tilsyn_tilsyn_problem_has_action",
            ),
            models.CheckConstraint(condition=~Q(handling="revisitation") | Q(revisitation__isnull=False), name="tilsyn_tilsyn_revisitation_startet"),
        ]
        indexes = [
            # tilsyn deadline source: the last tilsyn per case.
            models.Index(fields=["sag", "-udfoert_on"], name="tilsyn_tilsyn_sag"),
        ]

"""Plans: the § 141 handleplan (myndighed) and the pædagogisk plan (leverandør) share one goal
tree: indsatsformål → indsatsmål (visitation.Indsatsmaal) → delmål (Delmaal)."""

from __future__ import annotations

import uuid

import pghistory
import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import BaseModel, Rolle, Sag, User

from . import triggers


class Metode(models.TextChoices):
    KOGNITIV = "kognitiv", _("Kognitiv tilgang")
    RECOVERY = "recovery", _("Recovery-orienteret")
    ICM = "icm", _("ICM (Intensive Case Management)")
    CTI = "cti", _("CTI (Critical Time Intervention)")
    ACT = "act", _("ACT")
    MOTIVERENDE = "motiverende", _("Motiverende samtale")
    SOCIAL_FAERDIGHED = "sft", _("Social færdighedstræning")
    ANDET = "andet", _("Andet")


class Udarbejdet(models.TextChoices):
    SAMMEN = "sammen", _("Sammen med borgeren")
    MEST_BORGER = "mest_borger", _("Mest af borgeren")
    MEST_BOSTOETTE = "mest_bostoette", _("Mest af bostøtten")


@pghistory.track()
class PaedagogiskPlan(BaseModel):
    """The leverandør's plan for one bestilling, written by the bostøtte with the citizen."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bestilling = models.OneToOneField(
        "visitation.Bestilling", on_delete=models.PROTECT, related_name="paedagogisk_plan", verbose_name=_("bestilling")
    )
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    borger_tilbudt_forberedelse = models.BooleanField(
        _("borgeren har fået tilbudt tid til at forberede sig"), default=False
    )
    forberedelse_on = models.DateField(_("tilbudt forberedelse den"), null=True, blank=True)
    udarbejdet = models.CharField(_("sådan er planen lavet"), max_length=16, choices=Udarbejdet.choices, blank=True)
    borgers_ord = models.TextField(_("det vigtigste for borgeren, med egne ord"), blank=True)
    tilgang = models.TextField(_("den pædagogiske tilgang"), blank=True)
    revideret_on = models.DateField(_("senest revideret"), null=True, blank=True)
    revision = models.PositiveIntegerField(
        _("revision"), default=1, help_text="Tælles op ved hver ændring; bruges også til optimistisk låsning."
    )

    class Meta:
        verbose_name = _("pædagogisk plan")
        verbose_name_plural = _("pædagogiske planer")
        constraints = [
            models.CheckConstraint(
                condition=Q(udarbejdet__in=["", "sammen", "mest_borger", "mest_bostoette"]),
                name="handleplaner_paedagogiskplan_udarbejdet_valid",
            ),
            models.CheckConstraint(
                condition=Q(borger_tilbudt_forberedelse=False) | Q(forberedelse_on__isnull=False),
                name="handleplaner_paedagogiskplan_forberedelse_dated",
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="handleplaner_paedagogiskplan_revision_positive"),
        ]
        triggers = [triggers.paedagogiskplan_bestilling_live]

    def __str__(self) -> str:
        return f"Pædagogisk plan for bestilling {self.bestilling_id}"


@pghistory.track()
class Delmaal(BaseModel):
    """A step goal under one indsatsmål, in the citizen's own words."""

    class Status(models.TextChoices):
        AKTIV = "aktiv", _("Aktivt")
        OPNAAET = "opnaaet", _("Opnået")
        OPGIVET = "opgivet", _("Opgivet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(PaedagogiskPlan, on_delete=models.PROTECT, related_name="delmaal", verbose_name=_("pædagogisk plan"))
    indsatsmaal = models.ForeignKey(
        "visitation.Indsatsmaal", on_delete=models.PROTECT, related_name="delmaal", verbose_name=_("indsatsmål")
    )
    titel = models.CharField(_("delmål"), max_length=200)
    borgers_ord = models.TextField(_("med borgerens egne ord"), blank=True)
    metoder = ArrayField(models.CharField(max_length=12, choices=Metode.choices), default=list, blank=True, verbose_name=_("metoder"))
    aktiviteter = models.TextField(_("planlagte aktiviteter"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AKTIV)
    raekkefoelge = models.PositiveSmallIntegerField(default=0)
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("delmål")
        verbose_name_plural = _("delmål")
        ordering = ["raekkefoelge", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["aktiv", "opnaaet", "opgivet"]), name="handleplaner_delmaal_status_valid"),
            models.CheckConstraint(condition=~Q(titel=""), name="handleplaner_delmaal_titel_not_empty"),
            models.CheckConstraint(
                condition=Q(metoder__contained_by=Metode.values), name="handleplaner_delmaal_metoder_valid"
            ),
        ]
        triggers = [triggers.delmaal_same_bestilling]

    def __str__(self) -> str:
        return self.titel

    def get_metoder_labels(self) -> list[str]:
        return [str(Metode(m).label) for m in self.metoder if m in Metode.values]


# --------------------------------------------------------------------------------------------
# § 141 handleplan (myndighed)
# --------------------------------------------------------------------------------------------
@pghistory.track()
class Handleplan(BaseModel):
    """The § 141 handleplan of one case: the stk. 2 assessment, the offer and the citizen's
    answer. The content lives in `HandleplanVersion` rows; exactly one is current."""

    class Svar(models.TextChoices):
        ACCEPTERET = "accepteret", _("Borgeren har sagt ja")
        AFSLAAET = "afslaaet", _("Borgeren har sagt nej tak")
        IKKE_BESLUTTET = "ikke_besluttet", _("Borgeren har ikke besluttet sig endnu")

    class TilbudtMaade(models.TextChoices):
        MOEDE = "moede", _("Ved et møde")
        TELEFON = "telefon", _("I telefonen")
        BREV = "brev", _("Med brev eller Digital Post")
        ANDET = "andet", _("På anden måde")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.OneToOneField(Sag, on_delete=models.PROTECT, related_name="handleplan", verbose_name=_("sag"))
    omfattet_stk2 = models.BooleanField(
        _("borgeren er omfattet af § 141, stk. 2 (skal tilbydes en handleplan)"), null=True, blank=True,
        help_text=_("Tom: ikke vurderet endnu."),
    )
    vurdering_begrundelse = models.TextField(_("begrundelse for vurderingen"), blank=True)
    tilbudt_on = models.DateField(_("handleplan tilbudt"), null=True, blank=True)
    tilbudt_maade = models.CharField(_("hvordan blev den tilbudt"), max_length=10, choices=TilbudtMaade.choices, blank=True)
    tilbudt_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tilbudt af"))
    svar = models.CharField(_("borgerens svar"), max_length=16, choices=Svar.choices, blank=True)
    svar_on = models.DateField(_("svar givet"), null=True, blank=True)
    del_med_leverandoer = models.BooleanField(
        _("borgeren vil gerne have, at bostøtten kan læse handleplanen"), default=True,
        help_text=_("Formål, indsats og mål sendes altid til leverandøren i bestillingen."),
    )
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    version = models.PositiveIntegerField(default=1, help_text="optimistic locking")

    class Meta:
        verbose_name = _("handleplan")
        verbose_name_plural = _("handleplaner")
        constraints = [
            models.CheckConstraint(
                condition=Q(svar__in=["", "accepteret", "afslaaet", "ikke_besluttet"]), name="handleplaner_handleplan_svar_valid"
            ),
            models.CheckConstraint(
                condition=Q(tilbudt_maade__in=["", "moede", "telefon", "brev", "andet"]),
                name="handleplaner_handleplan_tilbudt_maade_valid",
            ),
            # Offered means: a date, how, and an answer (at first "not decided yet").
            models.CheckConstraint(
                condition=Q(tilbudt_on__isnull=True, tilbudt_maade="", svar="")
                | (Q(tilbudt_on__isnull=False) & ~Q(tilbudt_maade="") & ~Q(svar="")),
                name="handleplaner_handleplan_tilbud_complete",
            ),
            models.CheckConstraint(
                condition=Q(svar__in=["", "ikke_besluttet"]) | Q(svar_on__isnull=False),
                name="handleplaner_handleplan_svar_dated",
            ),
            models.CheckConstraint(
                condition=Q(svar_on__isnull=True) | Q(svar_on__gte=F("tilbudt_on")),
                name="handleplaner_handleplan_svar_after_tilbud",
            ),
            models.CheckConstraint(
                condition=~Q(omfattet_stk2=False) | ~Q(vurdering_begrundelse=""),
                name="handleplaner_handleplan_ikke_omfattet_begrundet",
            ),
        ]

    def __str__(self) -> str:
        return f"Handleplan for sag {self.sag_id}"

    @property
    def er_tilbudt(self) -> bool:
        return self.tilbudt_on is not None

    @property
    def deles_med_leverandoer(self) -> bool:
        """The plan text is shared only when the citizen said yes and did not opt out."""
        return self.svar == self.Svar.ACCEPTERET and self.del_med_leverandoer


class VurdererRolle(models.TextChoices):
    """Who accepted, commented or rated (the citizen's side or staff)."""

    BORGER = "borger", _("Borgeren")
    SAGSBEHANDLER = "sagsbehandler", _("Sagsbehandleren")
    BOSTOETTE = "bostoette", _("Bostøtten")


@pghistory.track()
class HandleplanVersion(BaseModel):
    """One version of the handleplan content (§ 141, stk. 3). Written once, never changed (DB
    trigger): a change is a new version; only the current one can be accepted."""

    # The content fields in the order a reader meets them; `handleplan_diff` walks these.
    INDHOLD = (
        "formaal", "indsats", "varighed", "bolig", "arbejde_uddannelse", "behandling",
        "hjaelpemidler", "personlig_hjaelp", "andet", "borgers_ord", "udarbejdet_med_borger",
        "udarbejdet_hvordan",
    )
    # What the leverandør may read when the citizen has said yes to sharing. Treatment
    # (health data) stays with the myndighed; the bestilling carries what the bostøtte needs.
    DELES_MED_LEVERANDOER = (
        "formaal", "indsats", "varighed", "bolig", "arbejde_uddannelse", "hjaelpemidler",
        "personlig_hjaelp", "andet", "borgers_ord",
    )

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    handleplan = models.ForeignKey(Handleplan, on_delete=models.PROTECT, related_name="versioner", verbose_name=_("handleplan"))
    nummer = models.PositiveIntegerField(_("version"))
    er_gaeldende = models.BooleanField(_("gældende version"), default=True)
    formaal = models.TextField(_("formålet med støtten"))
    indsats = models.TextField(_("den støtte, der skal til"))
    varighed = models.CharField(_("hvor længe støtten forventes at vare"), max_length=300)
    bolig = models.TextField(_("bolig"), blank=True)
    arbejde_uddannelse = models.TextField(_("arbejde og uddannelse"), blank=True)
    behandling = models.TextField(_("behandling"), blank=True)
    hjaelpemidler = models.TextField(_("hjælpemidler"), blank=True)
    personlig_hjaelp = models.TextField(_("personlig hjælp"), blank=True)
    andet = models.TextField(_("andet, der er vigtigt"), blank=True)
    borgers_ord = models.TextField(_("med borgerens egne ord"), blank=True)
    udarbejdet_med_borger = models.BooleanField(_("planen er skrevet sammen med borgeren"), default=True)
    udarbejdet_hvordan = models.TextField(_("sådan har borgeren været med (eller hvorfor ikke)"), blank=True)
    aendringer = models.CharField(_("hvad er ændret"), max_length=300, blank=True)
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("skrevet af"))
    accepteret_at = models.DateTimeField(_("accepteret"), null=True, blank=True)
    accepteret_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("accepteret af"))
    accepteret_rolle = models.CharField(_("accepteret af (rolle)"), max_length=16, choices=VurdererRolle.choices, blank=True)

    class Meta:
        verbose_name = _("version af handleplan")
        verbose_name_plural = _("versioner af handleplaner")
        ordering = ["handleplan", "-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["handleplan", "nummer"], name="handleplaner_handleplanversion_nummer_unique"),
            models.UniqueConstraint(
                fields=["handleplan"], condition=Q(er_gaeldende=True), name="handleplaner_handleplanversion_one_current"
            ),
            models.CheckConstraint(condition=Q(nummer__gte=1), name="handleplaner_handleplanversion_nummer_positive"),
            models.CheckConstraint(
                condition=Q(nummer=1) | ~Q(aendringer=""), name="handleplaner_handleplanversion_aendringer_required"
            ),
            models.CheckConstraint(
                condition=~Q(formaal="") & ~Q(indsats="") & ~Q(varighed=""),
                name="handleplaner_handleplanversion_stk3_complete",
            ),
            models.CheckConstraint(
                condition=Q(udarbejdet_med_borger=True) | ~Q(udarbejdet_hvordan=""),
                name="handleplaner_handleplanversion_uden_borger_begrundet",
            ),
            models.CheckConstraint(
                condition=Q(accepteret_at__isnull=True, accepteret_rolle="")
                | Q(accepteret_at__isnull=False, accepteret_rolle__in=["borger", "sagsbehandler"]),
                name="handleplaner_handleplanversion_accept_complete",
            ),
        ]
        triggers = [triggers.handleplan_version_immutable, triggers.handleplan_version_no_delete]

    def __str__(self) -> str:
        return f"Handleplan version {self.nummer}"


class HandleplanKommentar(BaseModel):
    """A comment on one version, by the citizen (portal) or staff. Never edited or deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(HandleplanVersion, on_delete=models.PROTECT, related_name="kommentarer", verbose_name=_("version"))
    tekst = models.TextField(_("kommentar"))
    forfatter = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("skrevet af"))
    forfatter_rolle = models.CharField(_("skrevet af (rolle)"), max_length=20)

    class Meta:
        verbose_name = _("kommentar til handleplan")
        verbose_name_plural = _("kommentarer til handleplaner")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(tekst=""), name="handleplaner_handleplankommentar_tekst_not_empty"),
            models.CheckConstraint(
                condition=Q(forfatter_rolle__in=[Rolle.BORGER, Rolle.SAGSBEHANDLER, Rolle.MYNDIGHEDSLEDER]),
                name="handleplaner_handleplankommentar_rolle_valid",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="handleplaner_handleplankommentar_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]


# --------------------------------------------------------------------------------------------
# Progress (GAS-style, DOMAIN.md 6.3)
# --------------------------------------------------------------------------------------------
class Evaluering(models.Model):
    """One rating of progress on exactly one delmål or indsatsmål: −2 … +2 (GAS) and a note.
    Ratings are never changed; a new rating is a new row, so the history is the table."""

    class Score(models.IntegerChoices):
        MEGET_MINDRE = -2, _("−2: meget mindre end forventet")
        MINDRE = -1, _("−1: lidt mindre end forventet")
        FORVENTET = 0, _("0: som forventet")
        MERE = 1, _("+1: lidt mere end forventet")
        MEGET_MERE = 2, _("+2: meget mere end forventet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    delmaal = models.ForeignKey(
        Delmaal, on_delete=models.PROTECT, null=True, blank=True, related_name="evalueringer", verbose_name=_("delmål")
    )
    indsatsmaal = models.ForeignKey(
        "visitation.Indsatsmaal", on_delete=models.PROTECT, null=True, blank=True, related_name="evalueringer",
        verbose_name=_("indsatsmål"),
    )
    score = models.SmallIntegerField(_("hvordan går det"), choices=Score.choices)
    note = models.TextField(_("bemærkning"), blank=True)
    vurderet_af = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("vurderet af"))
    rolle = models.CharField(_("vurderet af (rolle)"), max_length=16, choices=VurdererRolle.choices)
    vurderet_at = models.DateTimeField(_("vurderet"))
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        ordering = ["-vurderet_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(delmaal__isnull=False) & Q(indsatsmaal__isnull=True))
                | (Q(delmaal__isnull=True) & Q(indsatsmaal__isnull=False)),
                name="handleplaner_evaluering_one_target",
            ),
            models.CheckConstraint(condition=Q(score__gte=-2, score__lte=2), name="handleplaner_evaluering_score_range"),
            models.CheckConstraint(
                condition=Q(rolle__in=["borger", "sagsbehandler", "bostoette"]), name="handleplaner_evaluering_rolle_valid"
            ),
        ]
        indexes = [
            # plan view: the latest ratings and history per goal.
            models.Index(fields=["delmaal", "-vurderet_at"], condition=Q(delmaal__isnull=False), name="handleplaner_eval_delmaal"),
            models.Index(
                fields=["indsatsmaal", "-vurderet_at"], condition=Q(indsatsmaal__isnull=False), name="handleplaner_eval_maal"
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="handleplaner_evaluering_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Evaluering {self.score:+d}"

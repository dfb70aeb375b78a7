"""The myndighed's records: kvalitetsstandard, henvendelse, udredning, afgørelse, bestilling, klage.

Coded values are foreign keys to `ffb.Kode` rows, which are version-specific, so every coded
value keeps the CodeSystem version it was recorded with. Rules that look across tables (a
målgruppe must be a leaf code, funktionsevneniveau only under Aktivitet og deltagelse) are
enforced by the services *and* by database triggers (see `visitation/triggers.py`).
"""

from __future__ import annotations

import uuid

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import BaseModel, Borger, Leverandoer, Sag, User

from . import triggers


class Lovgrundlag(models.TextChoices):
    """Legal basis per ydelse (DOMAIN.md 8.1). Extensible; LBK versions live in configuration."""

    SEL_85 = "sel_85", _("Serviceloven § 85")
    SEL_85A = "sel_85a", _("Serviceloven § 85 a")
    SEL_82B = "sel_82b", _("Serviceloven § 82 b")


class Form(models.TextChoices):
    INDIVIDUEL = "individuel", _("Individuel støtte")
    GRUPPE = "gruppe", _("Gruppebaseret støtte")
    KOMBINERET = "kombineret", _("Kombineret individuel og gruppebaseret støtte")


class SupplerendeKontakt(models.TextChoices):
    TELEFON = "telefon", _("Telefon")
    SMS = "sms", _("SMS/chat")
    VIDEO = "video", _("Video")


class TimePeriode(models.TextChoices):
    UGE = "uge", _("pr. uge")
    MAANED = "maaned", _("pr. måned")


# --------------------------------------------------------------------------------------------
# Kvalitetsstandard
# --------------------------------------------------------------------------------------------
# Upper bound for the discharge follow-up frist: 30 arbejdsdage (about six weeks) is already far
# beyond the collaboration agreement's 5; a larger value is almost certainly a typing error.
UDSKRIVNING_OPFOELGNING_MAX_ARBEJDSDAGE = 30


@pghistory.track()
class Kvalitetsstandard(BaseModel):
    """The kommune's published service level for one lovgrundlag. Versioned: a decision keeps a
    reference to the version it was made under; a new version never changes old decisions."""

    class Status(models.TextChoices):
        KLADDE = "kladde", _("Kladde")
        PUBLICERET = "publiceret", _("Gældende")
        AFLOEST = "afloest", _("Afløst af en nyere version")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    lovgrundlag = models.CharField(_("lovgrundlag"), max_length=10, choices=Lovgrundlag.choices)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.KLADDE)
    gyldig_fra = models.DateField(_("gælder fra"))
    titel = models.CharField(_("titel"), max_length=200)
    formaal = models.TextField(_("formål med indsatsen"))
    maalgruppe_beskrivelse = models.TextField(_("hvem kan få støtten (målgruppe)"))
    indhold = models.TextField(_("hvad støtten kan indeholde"))
    visitationskriterier = models.TextField(_("sådan vurderer vi, om du kan få støtten"))
    ydelser = models.ManyToManyField(
        "ffb.Kode", related_name="+", blank=True, verbose_name=_("FFB-ydelser, der tilbydes")
    )
    former = ArrayField(
        models.CharField(max_length=12, choices=Form.choices), verbose_name=_("former"), default=list
    )
    supplerende_kontakt = ArrayField(
        models.CharField(max_length=10, choices=SupplerendeKontakt.choices),
        verbose_name=_("supplerende kontakt"),
        default=list,
        blank=True,
    )
    sagsbehandlingsfrist_ny_uger = models.PositiveSmallIntegerField(
        _("sagsbehandlingsfrist for nye ansøgninger (uger)"), default=8
    )
    sagsbehandlingsfrist_aendring_uger = models.PositiveSmallIntegerField(
        _("sagsbehandlingsfrist for ændringer (uger)"), default=4
    )
    revisitation_maaneder = models.PositiveSmallIntegerField(_("revisitation hver (måneder)"), default=12)
    tilsyn_maaneder = models.PositiveSmallIntegerField(
        _("personrelateret tilsyn hver (måneder)"), default=12
    )
    opfoelgning_maaneder = models.PositiveSmallIntegerField(
        _("opfølgning på indsatsmål efter (måneder)"), default=6
    )
    handleplan_frist_dage = models.PositiveSmallIntegerField(
        _("handleplan tilbudt senest (dage efter bevilling)"), default=30
    )
    bestilling_svar_frist_dage = models.PositiveSmallIntegerField(
        _("leverandøren svarer på bestilling inden (dage)"), default=5
    )
    foerste_besoeg_frist_dage = models.PositiveSmallIntegerField(
        _("første besøg senest (dage efter startdato)"), default=14
    )
    timer_tolerance_pct = models.PositiveSmallIntegerField(
        _("tolerance for leverede timer under rammen (%)"), default=20
    )
    kraever_ledergodkendelse = models.BooleanField(_("afgørelser kræver ledergodkendelse"), default=False)
    pause_ved_indlaeggelse = models.BooleanField(
        _("støtten holder pause under indlæggelse"),
        default=False,
        help_text=_("Kan fraviges på den enkelte sag med en begrundelse."),
    )
    forhoejet_ramme_uger = models.PositiveSmallIntegerField(
        _("forhøjet ramme efter udskrivning (uger)"), default=8
    )
    forhoejet_ramme_pct = models.PositiveSmallIntegerField(
        _("forhøjet ramme efter udskrivning (% af rammen)"), default=50
    )
    udskrivning_opfoelgning_arbejdsdage = models.PositiveSmallIntegerField(
        _("opfølgning efter udskrivning senest (arbejdsdage efter udskrivning)"),
        default=5,
        validators=[
            MinValueValidator(1, message=_("Fristen for opfølgning efter udskrivning skal være mindst 1 arbejdsdag.")),
            MaxValueValidator(
                UDSKRIVNING_OPFOELGNING_MAX_ARBEJDSDAGE,
                message=_("Fristen for opfølgning efter udskrivning kan højst være %(limit_value)s arbejdsdage."),
            ),
        ],
        help_text=_("Samarbejdsaftalen med psykiatrien: netværksmøde inden for 5 arbejdsdage."),
    )
    kontakt = models.TextField(_("kontaktoplysninger"), blank=True)
    publiceret_at = models.DateTimeField(_("offentliggjort"), null=True, blank=True)
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("kvalitetsstandard")
        verbose_name_plural = _("kvalitetsstandarder")
        ordering = ["lovgrundlag", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["lovgrundlag", "version"], name="visitation_kvalitetsstandard_version_unique"),
            models.UniqueConstraint(
                fields=["lovgrundlag"],
                condition=Q(status="publiceret"),
                name="visitation_kvalitetsstandard_one_published",
            ),
            models.CheckConstraint(condition=Q(lovgrundlag__in=Lovgrundlag.values), name="visitation_kvalitetsstandard_lovgrundlag_valid"),
            models.CheckConstraint(condition=Q(status__in=["kladde", "publiceret", "afloest"]), name="visitation_kvalitetsstandard_status_valid"),
            models.CheckConstraint(condition=Q(sagsbehandlingsfrist_ny_uger__gte=1, sagsbehandlingsfrist_ny_uger__lte=52), name="visitation_kvalitetsstandard_frist_ny_range"),
            models.CheckConstraint(condition=Q(sagsbehandlingsfrist_aendring_uger__gte=1, sagsbehandlingsfrist_aendring_uger__lte=52), name="visitation_kvalitetsstandard_frist_aendring_range"),
            models.CheckConstraint(condition=Q(revisitation_maaneder__gte=1, revisitation_maaneder__lte=36), name="visitation_kvalitetsstandard_revisitation_range"),
            models.CheckConstraint(condition=Q(tilsyn_maaneder__gte=1, tilsyn_maaneder__lte=36), name="visitation_kvalitetsstandard_tilsyn_range"),
            models.CheckConstraint(condition=Q(timer_tolerance_pct__lte=100), name="visitation_kvalitetsstandard_tolerance_range"),
            models.CheckConstraint(
                condition=Q(udskrivning_opfoelgning_arbejdsdage__gte=1, udskrivning_opfoelgning_arbejdsdage__lte=UDSKRIVNING_OPFOELGNING_MAX_ARBEJDSDAGE),
                name="visitation_kvalitetsstandard_udskrivning_opfoelgning_range",
                # Literal text: Django formats this message with the constraint name only (30 = the constant above).
                violation_error_message=_("Fristen for opfølgning efter udskrivning skal være mellem 1 og 30 arbejdsdage."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} (version {self.version})"

    def get_former_labels(self) -> list[str]:
        return [str(Form(v).label) for v in self.former if v in Form.values]

    def get_supplerende_labels(self) -> list[str]:
        return [str(SupplerendeKontakt(v).label) for v in self.supplerende_kontakt if v in SupplerendeKontakt.values]


# --------------------------------------------------------------------------------------------
# Henvendelse
# --------------------------------------------------------------------------------------------
@pghistory.track()
class Henvendelse(BaseModel):
    class Kilde(models.TextChoices):
        EGEN_ANSOEGNING = "egen", _("Borgerens egen ansøgning")
        UDSKRIVNING = "udskrivning", _("Udskrivning fra psykiatrisk afdeling")
        BOTILBUD = "botilbud", _("Botilbud")
        STOETTEKONTAKTPERSON = "skp", _("Støttekontaktperson")
        TIDLIGERE_BOSTOETTE = "tidligere", _("Tidligere bostøtte")
        PAAROERENDE = "paaroerende", _("Pårørende")
        ANDET = "andet", _("Andet")

    class Art(models.TextChoices):
        NY = "ny", _("Ny ansøgning")
        AENDRING = "aendring", _("Ændring af eksisterende støtte")

    class Status(models.TextChoices):
        AABEN = "aaben", _("Under behandling")
        AFGJORT = "afgjort", _("Afgjort")
        HENLAGT = "henlagt", _("Henlagt")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="henvendelser", verbose_name=_("sag"))
    modtaget_on = models.DateField(_("modtaget"))
    kilde = models.CharField(_("hvor kommer henvendelsen fra"), max_length=12, choices=Kilde.choices)
    art = models.CharField(_("art"), max_length=10, choices=Art.choices, default=Art.NY)
    er_ansoegning = models.BooleanField(
        _("er en ansøgning"),
        default=True,
        help_text=_("Sagsbehandlingsfristen løber kun for ansøgninger, ikke for sager kommunen selv rejser."),
    )
    lovgrundlag = models.CharField(_("søges efter"), max_length=10, choices=Lovgrundlag.choices, default=Lovgrundlag.SEL_85)
    kvalitetsstandard = models.ForeignKey(Kvalitetsstandard, on_delete=models.PROTECT, related_name="+", verbose_name=_("kvalitetsstandard"))
    borgers_ord = models.TextField(_("borgerens egne ord om ønsker og mål"))
    samtykke_indhentning = models.BooleanField(_("borgeren har givet samtykke til at indhente oplysninger"), default=False)
    samtykke_givet_on = models.DateField(_("samtykke givet"), null=True, blank=True)
    frist_on = models.DateField(_("sagsbehandlingsfrist"), null=True, blank=True)
    underretning_sendt_on = models.DateField(_("underretning om forlænget frist sendt"), null=True, blank=True)
    forventet_afgoerelse_on = models.DateField(_("forventet afgørelse"), null=True, blank=True)
    underretning_begrundelse = models.TextField(_("hvorfor fristen ikke kan holdes"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AABEN)
    registreret_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("henvendelse")
        verbose_name_plural = _("henvendelser")
        ordering = ["-modtaget_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kilde__in=["egen", "udskrivning", "botilbud", "skp", "tidligere", "paaroerende", "andet"]), name="visitation_henvendelse_kilde_valid"),
            models.CheckConstraint(condition=Q(art__in=["ny", "aendring"]), name="visitation_henvendelse_art_valid"),
            models.CheckConstraint(condition=Q(status__in=["aaben", "afgjort", "henlagt"]), name="visitation_henvendelse_status_valid"),
            models.CheckConstraint(condition=Q(lovgrundlag__in=Lovgrundlag.values), name="visitation_henvendelse_lovgrundlag_valid"),
            models.CheckConstraint(
                condition=Q(er_ansoegning=False) | Q(frist_on__isnull=False),
                name="visitation_henvendelse_ansoegning_has_frist",
            ),
            models.CheckConstraint(
                condition=Q(frist_on__isnull=True) | Q(frist_on__gte=F("modtaget_on")),
                name="visitation_henvendelse_frist_after_received",
            ),
            models.CheckConstraint(
                condition=Q(samtykke_indhentning=False) | Q(samtykke_givet_on__isnull=False),
                name="visitation_henvendelse_samtykke_dated",
            ),
        ]
        indexes = [
            # deadline scan: open applications by frist (tilsyn daily scan).
            models.Index(fields=["frist_on"], condition=Q(status="aaben"), name="visitation_henv_aaben_frist"),
        ]


# --------------------------------------------------------------------------------------------
# Udredning
# --------------------------------------------------------------------------------------------
@pghistory.track()
class Udredning(BaseModel):
    class Status(models.TextChoices):
        KLADDE = "kladde", _("Kladde")
        AFSLUTTET = "afsluttet", _("Afsluttet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="udredninger", verbose_name=_("sag"))
    henvendelse = models.ForeignKey(Henvendelse, on_delete=models.PROTECT, null=True, blank=True, related_name="udredninger")
    forrige = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("tidligere udredning (revisitation)"),
    )
    er_revisitation = models.BooleanField(_("revisitation"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.KLADDE)
    borgers_maal_og_oensker = models.TextField(_("borgerens mål og ønsker"), blank=True)
    borgers_vurdering = models.TextField(_("borgerens egen vurdering af sin situation"), blank=True)
    stoettebehov = models.ForeignKey(
        "ffb.Kode", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("samlet støttebehov"),
    )
    stoettebehov_begrundelse = models.TextField(_("begrundelse for støttebehov"), blank=True)
    afsluttet_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1, help_text="optimistic locking")

    class Meta:
        verbose_name = _("udredning")
        verbose_name_plural = _("udredninger")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["kladde", "afsluttet"]), name="visitation_udredning_status_valid"),
            models.CheckConstraint(
                condition=Q(status="kladde")
                | (Q(afsluttet_at__isnull=False) & ~Q(borgers_vurdering="") & ~Q(borgers_maal_og_oensker="") & Q(stoettebehov__isnull=False)),
                name="visitation_udredning_afsluttet_complete",
            ),
        ]


@pghistory.track()
class Tilstand(BaseModel):
    """One FFB undertema documented in an udredning (FKI Condition)."""

    udredning = models.ForeignKey(Udredning, on_delete=models.CASCADE, related_name="tilstande")
    undertema = models.ForeignKey("ffb.Kode", on_delete=models.PROTECT, related_name="+", verbose_name=_("undertema"))
    beskrivelse = models.TextField(_("beskrivelse"))
    kilde = models.ForeignKey(
        "ffb.Kode", on_delete=models.PROTECT, related_name="+", verbose_name=_("kilde til oplysningerne")
    )
    funktionsevneniveau = models.ForeignKey(
        "ffb.Kode", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("funktionsevneniveau"),
    )

    class Meta:
        verbose_name = _("tilstand")
        verbose_name_plural = _("tilstande")
        constraints = [
            models.UniqueConstraint(fields=["udredning", "undertema"], name="visitation_tilstand_one_per_undertema"),
        ]
        triggers = [triggers.tilstand_funktionsevneniveau_scope]


class Bilag(BaseModel):
    """An attachment (PDF or image, checked by content), stored outside the web root."""

    class Art(models.TextChoices):
        UDSKRIVNINGSAFTALE = "udskrivningsaftale", _("Udskrivningsaftale")
        KOORDINATIONSPLAN = "koordinationsplan", _("Koordinationsplan")
        LAEGEERKLAERING = "laegeerklaering", _("Lægeerklæring")
        ANDET = "andet", _("Andet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="bilag")
    udredning = models.ForeignKey(Udredning, on_delete=models.PROTECT, null=True, blank=True, related_name="bilag")
    art = models.CharField(_("art"), max_length=20, choices=Art.choices)
    titel = models.CharField(_("titel"), max_length=200)
    fil = models.FileField(_("fil"), upload_to="bilag/%Y/%m/")
    content_type = models.CharField(max_length=50)
    stoerrelse = models.PositiveIntegerField()
    uploadet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")
        constraints = [
            models.CheckConstraint(condition=Q(content_type__in=["application/pdf", "image/png", "image/jpeg"]), name="visitation_bilag_content_type_valid"),
        ]


# --------------------------------------------------------------------------------------------
# Afgørelse (incl. the bevilling it grants)
# --------------------------------------------------------------------------------------------
class AfgoerelseQuerySet(models.QuerySet["Afgoerelse"]):
    def aktive_bevillinger(self) -> AfgoerelseQuerySet:
        # uses index visitation_afg_aktiv_bevilling
        return self.filter(er_aktiv=True)


@pghistory.track()
class Afgoerelse(BaseModel):
    class Resultat(models.TextChoices):
        BEVILLING = "bevilling", _("Bevilling")
        AFSLAG = "afslag", _("Afslag")
        OPHOER = "ophoer", _("Ophør af støtte")

    class Status(models.TextChoices):
        KLADDE = "kladde", _("Kladde")
        AFVENTER_GODKENDELSE = "afventer", _("Afventer ledergodkendelse")
        TRUFFET = "truffet", _("Truffet")

    class Partshoering(models.TextChoices):
        GENNEMFOERT = "gennemfoert", _("Partshøring gennemført")
        IKKE_NOEDVENDIG = "ikke_noedvendig", _("Partshøring ikke nødvendig")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="afgoerelser", verbose_name=_("sag"))
    borger = models.ForeignKey(Borger, on_delete=models.PROTECT, related_name="+", editable=False)
    henvendelse = models.ForeignKey(Henvendelse, on_delete=models.PROTECT, null=True, blank=True, related_name="afgoerelser")
    udredning = models.ForeignKey(Udredning, on_delete=models.PROTECT, null=True, blank=True, related_name="afgoerelser")
    kvalitetsstandard = models.ForeignKey(Kvalitetsstandard, on_delete=models.PROTECT, related_name="+")
    erstatter = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="erstattet_af",
        verbose_name=_("ændrer afgørelse"),
    )
    resultat = models.CharField(_("resultat"), max_length=10, choices=Resultat.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.KLADDE)
    lovgrundlag = models.CharField(_("lovgrundlag"), max_length=10, choices=Lovgrundlag.choices)
    maalgruppe = models.ForeignKey(
        "ffb.Kode", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("primær målgruppe"),
    )
    maalgrupper_sekundaere = models.ManyToManyField("ffb.Kode", blank=True, related_name="+", verbose_name=_("sekundære målgrupper"))
    ydelser = models.ManyToManyField("ffb.Kode", blank=True, related_name="+", verbose_name=_("ydelser"))
    timer = models.DecimalField(_("timer"), max_digits=5, decimal_places=2, null=True, blank=True)
    timer_periode = models.CharField(_("timer pr."), max_length=6, choices=TimePeriode.choices, blank=True)
    form = models.CharField(_("form"), max_length=12, choices=Form.choices, blank=True)
    supplerende_kontakt = ArrayField(
        models.CharField(max_length=10, choices=SupplerendeKontakt.choices), default=list, blank=True,
        verbose_name=_("supplerende kontakt"),
    )
    starts_on = models.DateField(_("startdato"), null=True, blank=True)
    ends_on = models.DateField(_("slutdato"), null=True, blank=True)
    revisitation_maaneder = models.PositiveSmallIntegerField(_("revisitation hver (måneder)"), null=True, blank=True)
    tilsyn_maaneder = models.PositiveSmallIntegerField(_("personrelateret tilsyn hver (måneder)"), null=True, blank=True)
    forhoejet_timer = models.DecimalField(_("forhøjet ramme efter udskrivning (timer)"), max_digits=5, decimal_places=2, null=True, blank=True)
    forhoejet_uger = models.PositiveSmallIntegerField(_("forhøjet ramme i (uger)"), null=True, blank=True)
    fuldt_medhold = models.BooleanField(_("borgeren får fuldt medhold"), default=False)
    begrundelse_regler = models.TextField(_("de regler afgørelsen bygger på"), blank=True)
    begrundelse_hovedhensyn = models.TextField(_("de hovedhensyn, der er lagt vægt på"), blank=True)
    begrundelse_fakta = models.TextField(_("de oplysninger, der er lagt vægt på"), blank=True)
    partshoering = models.CharField(_("partshøring"), max_length=16, choices=Partshoering.choices, blank=True)
    partshoering_sendt_on = models.DateField(_("partshøring sendt"), null=True, blank=True)
    partshoering_svar_on = models.DateField(_("svar på partshøring"), null=True, blank=True)
    partshoering_ikke_begrundelse = models.TextField(_("hvorfor partshøring ikke er nødvendig"), blank=True)
    klagevejledning = models.TextField(_("klagevejledning"), blank=True)
    truffet_at = models.DateTimeField(_("truffet"), null=True, blank=True)
    meddelt_on = models.DateField(_("meddelt borgeren"), null=True, blank=True)
    indstillet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sendt til godkendelse af"))
    godkendt_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("godkendt af"))
    godkendt_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    leder_kommentar = models.TextField(
        _("lederens kommentar"), blank=True,
        help_text=_("Skrives af lederen, når afgørelsen sendes tilbage til sagsbehandleren."),
    )
    er_aktiv = models.BooleanField(
        _("aktiv bevilling"), default=False, editable=False,
        help_text=_("Sat af tjenesterne: en truffet bevilling, der hverken er afløst eller ophørt."),
    )
    brev = models.FileField(_("afgørelsesbrev (PDF)"), upload_to="afgoerelser/%Y/", blank=True)
    brev_dannet_at = models.DateTimeField(_("brev dannet"), null=True, blank=True)
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1, help_text="optimistic locking")

    objects = AfgoerelseQuerySet.as_manager()

    class Meta:
        verbose_name = _("afgørelse")
        verbose_name_plural = _("afgørelser")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(resultat__in=["bevilling", "afslag", "ophoer"]), name="visitation_afgoerelse_resultat_valid"),
            models.CheckConstraint(condition=Q(status__in=["kladde", "afventer", "truffet"]), name="visitation_afgoerelse_status_valid"),
            models.CheckConstraint(condition=Q(lovgrundlag__in=Lovgrundlag.values), name="visitation_afgoerelse_lovgrundlag_valid"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=False, ends_on__gte=F("starts_on")),
                name="visitation_afgoerelse_period_valid",
            ),
            models.CheckConstraint(condition=Q(timer__isnull=True) | Q(timer__gt=0, timer__lte=168), name="visitation_afgoerelse_timer_range"),
            models.CheckConstraint(
                condition=Q(timer__isnull=True) | ~Q(timer_periode=""), name="visitation_afgoerelse_timer_has_periode"
            ),
            # A decision that has been made is legally complete (mirrors afgoerelse_validate_complete).
            models.CheckConstraint(
                condition=~Q(status="truffet")
                | (
                    Q(truffet_at__isnull=False)
                    & ~Q(klagevejledning="")
                    & (Q(fuldt_medhold=True) | (~Q(begrundelse_regler="") & ~Q(begrundelse_hovedhensyn="")))
                    & (Q(partshoering="gennemfoert", partshoering_sendt_on__isnull=False) | Q(partshoering="ikke_noedvendig") & ~Q(partshoering_ikke_begrundelse=""))
                ),
                name="visitation_afgoerelse_truffet_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="truffet") | ~Q(resultat="bevilling")
                | (Q(starts_on__isnull=False) & Q(maalgruppe__isnull=False) & (Q(timer__isnull=False) | Q(form__in=Form.values))),
                name="visitation_afgoerelse_bevilling_complete",
            ),
            models.CheckConstraint(condition=Q(er_aktiv=False) | Q(status="truffet", resultat="bevilling"), name="visitation_afgoerelse_aktiv_only_truffet_bevilling"),
            # At most one active bevilling per borger and lovgrundlag.
            models.UniqueConstraint(fields=["borger", "lovgrundlag"], condition=Q(er_aktiv=True), name="visitation_afgoerelse_one_active_bevilling"),
        ]
        indexes = [
            # deadline scans (revisitation, tilsyn, bevilling ending): active bevillinger.
            models.Index(fields=["ends_on"], condition=Q(er_aktiv=True), name="visitation_afg_aktiv_bevilling"),
            # leader approval worklist
            models.Index(fields=["status"], condition=Q(status="afventer"), name="visitation_afg_afventer"),
            # afgoerelse_brev_sweep: decisions made whose letter is missing, oldest first.
            models.Index(
                fields=["truffet_at", "id"], condition=Q(status="truffet", brev=""), name="visitation_afg_uden_brev"
            ),
        ]
        triggers = [triggers.afgoerelse_maalgruppe_leaf]


# --------------------------------------------------------------------------------------------
# Bestilling and indsatsmål
# --------------------------------------------------------------------------------------------
class BestillingQuerySet(models.QuerySet["Bestilling"]):
    def visible_to(self, user: User) -> BestillingQuerySet:
        """The access function for orders (see levering/access.py::bestilling_scope)."""
        from levering.access import bestilling_scope  # noqa: PLC0415 (levering imports visitation)

        return self.filter(bestilling_scope(user))


@pghistory.track()
class Bestilling(BaseModel):
    """The order to a leverandør: only what the leverandør needs (BUM)."""

    class Status(models.TextChoices):
        KLADDE = "kladde", _("Kladde")
        SENDT = "sendt", _("Sendt til leverandør")
        ACCEPTERET = "accepteret", _("Accepteret")
        AFVIST = "afvist", _("Afvist af leverandør")
        STARTET = "startet", _("Støtten er startet")
        AFSLUTTET = "afsluttet", _("Afsluttet")
        TILBAGEKALDT = "tilbagekaldt", _("Tilbagekaldt")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="bestillinger", verbose_name=_("sag"))
    afgoerelse = models.ForeignKey(Afgoerelse, on_delete=models.PROTECT, related_name="bestillinger", verbose_name=_("afgørelse"))
    leverandoer = models.ForeignKey(Leverandoer, on_delete=models.PROTECT, related_name="bestillinger", verbose_name=_("leverandør"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.KLADDE)
    indsatsformaal = models.TextField(_("indsatsformål"))
    ydelser = models.ManyToManyField("ffb.Kode", blank=True, related_name="+", verbose_name=_("ydelser"))
    timer = models.DecimalField(_("timer"), max_digits=5, decimal_places=2, null=True, blank=True)
    timer_periode = models.CharField(_("timer pr."), max_length=6, choices=TimePeriode.choices, blank=True)
    starts_on = models.DateField(_("startdato"))
    ends_on = models.DateField(_("slutdato"), null=True, blank=True)
    borgers_oensker = models.TextField(_("borgerens ønsker til bostøtten"), blank=True)
    praktisk = models.TextField(_("praktiske oplysninger"), blank=True)
    delte_tilstande = models.ManyToManyField(Tilstand, blank=True, related_name="delt_i_bestillinger", verbose_name=_("dele af udredningen, der deles"))
    del_borgers_maal = models.BooleanField(_("del borgerens mål og ønsker"), default=True)
    sendt_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    besvaret_at = models.DateTimeField(_("besvaret"), null=True, blank=True)
    besvaret_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    afvist_begrundelse = models.TextField(_("begrundelse for afvisning"), blank=True)
    foerste_besoeg_on = models.DateField(_("første leverede besøg"), null=True, blank=True)
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField(default=1, help_text="optimistic locking")

    objects = BestillingQuerySet.as_manager()

    class Meta:
        verbose_name = _("bestilling")
        verbose_name_plural = _("bestillinger")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["kladde", "sendt", "accepteret", "afvist", "startet", "afsluttet", "tilbagekaldt"]), name="visitation_bestilling_status_valid"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="visitation_bestilling_period_valid"),
            models.CheckConstraint(condition=~Q(status="afvist") | ~Q(afvist_begrundelse=""), name="visitation_bestilling_afvist_has_reason"),
            models.CheckConstraint(condition=Q(status="kladde") | Q(sendt_at__isnull=False), name="visitation_bestilling_sent_dated"),
            models.CheckConstraint(condition=Q(timer__isnull=True) | Q(timer__gt=0, timer__lte=168), name="visitation_bestilling_timer_range"),
            # One live order per decision (a declined or withdrawn one may be followed by a new one).
            models.UniqueConstraint(
                fields=["afgoerelse"],
                condition=Q(status__in=["kladde", "sendt", "accepteret", "startet"]),
                name="visitation_bestilling_one_live_per_afgoerelse",
            ),
        ]
        indexes = [
            # leverandør inbox and the "not answered" deadline scan.
            models.Index(fields=["leverandoer", "status"], name="visitation_best_lev_status"),
            models.Index(fields=["sendt_at"], condition=Q(status="sendt"), name="visitation_best_sendt"),
        ]


@pghistory.track()
class Indsatsmaal(BaseModel):
    """The myndighed's goal for one primary Aktivitet og deltagelse undertema."""

    class Status(models.TextChoices):
        AKTIV = "aktiv", _("Aktivt")
        OPNAAET = "opnaaet", _("Opnået")
        AFSLUTTET = "afsluttet", _("Afsluttet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bestilling = models.ForeignKey(Bestilling, on_delete=models.CASCADE, related_name="indsatsmaal", verbose_name=_("bestilling"))
    undertema = models.ForeignKey("ffb.Kode", on_delete=models.PROTECT, related_name="+", verbose_name=_("primært undertema"))
    beskrivelse = models.TextField(_("mål"))
    maaltype = models.ForeignKey("ffb.Kode", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("måltype"))
    forventet_niveau = models.ForeignKey("ffb.Kode", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("forventet funktionsevneniveau"))
    opfoelgning_on = models.DateField(_("opfølgning senest"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AKTIV)
    raekkefoelge = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indsatsmål")
        verbose_name_plural = _("indsatsmål")
        ordering = ["raekkefoelge", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(maaltype__isnull=False) | Q(forventet_niveau__isnull=False), name="visitation_indsatsmaal_has_target"),
            models.CheckConstraint(condition=Q(status__in=["aktiv", "opnaaet", "afsluttet"]), name="visitation_indsatsmaal_status_valid"),
        ]
        indexes = [
            # follow-up deadline scan: active goals by follow-up date.
            models.Index(fields=["opfoelgning_on"], condition=Q(status="aktiv"), name="visitation_maal_aktiv_opf"),
        ]
        triggers = [triggers.indsatsmaal_undertema_scope]


# --------------------------------------------------------------------------------------------
# Klage
# --------------------------------------------------------------------------------------------
@pghistory.track()
class Klage(BaseModel):
    class Form(models.TextChoices):
        MUNDTLIG = "mundtlig", _("Mundtlig")
        SKRIFTLIG = "skriftlig", _("Skriftlig")

    class Genvurdering(models.TextChoices):
        MEDHOLD = "medhold", _("Borgeren får medhold – afgørelsen ændres")
        DELVIST = "delvist", _("Borgeren får delvist medhold – afgørelsen ændres delvist")
        FASTHOLDT = "fastholdt", _("Afgørelsen fastholdes – sendes til Ankestyrelsen")

    class AnkeResultat(models.TextChoices):
        STADFAESTET = "stadfaestet", _("Stadfæstet")
        AENDRET = "aendret", _("Ændret")
        HJEMVIST = "hjemvist", _("Hjemvist")
        AFVIST = "afvist", _("Afvist")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="klager")
    afgoerelse = models.ForeignKey(Afgoerelse, on_delete=models.PROTECT, related_name="klager", verbose_name=_("afgørelse"))
    modtaget_on = models.DateField(_("klage modtaget"))
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    beskrivelse = models.TextField(_("hvad klager borgeren over"))
    genvurdering_frist_on = models.DateField(_("genvurdering senest"))
    genvurdering = models.CharField(_("genvurdering"), max_length=10, choices=Genvurdering.choices, blank=True)
    genvurderet_on = models.DateField(_("genvurderet"), null=True, blank=True)
    genvurdering_begrundelse = models.TextField(_("begrundelse for genvurderingen"), blank=True)
    sendt_ankestyrelsen_on = models.DateField(_("sendt til Ankestyrelsen"), null=True, blank=True)
    anke_resultat = models.CharField(_("Ankestyrelsens afgørelse"), max_length=12, choices=AnkeResultat.choices, blank=True)
    anke_resultat_on = models.DateField(_("Ankestyrelsens afgørelse modtaget"), null=True, blank=True)
    registreret_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("klage")
        verbose_name_plural = _("klager")
        ordering = ["-modtaget_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(genvurdering_frist_on__gte=F("modtaget_on")), name="visitation_klage_frist_after_received"),
            models.CheckConstraint(condition=Q(genvurderet_on__isnull=True) | Q(genvurderet_on__gte=F("modtaget_on")), name="visitation_klage_genvurderet_after_received"),
            models.CheckConstraint(condition=Q(genvurdering="") | Q(genvurderet_on__isnull=False), name="visitation_klage_genvurdering_dated"),
            models.CheckConstraint(condition=Q(sendt_ankestyrelsen_on__isnull=True) | Q(genvurdering="fastholdt"), name="visitation_klage_anke_only_if_upheld"),
            models.CheckConstraint(condition=Q(anke_resultat="") | Q(sendt_ankestyrelsen_on__isnull=False, anke_resultat_on__isnull=False), name="visitation_klage_anke_resultat_dated"),
        ]
        indexes = [
            # genvurdering deadline scan
            models.Index(fields=["genvurdering_frist_on"], condition=Q(genvurdering=""), name="visitation_klage_aaben_frist"),
        ]

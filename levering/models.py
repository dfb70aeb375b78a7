"""The leverandør's records: staff assignment (Tildeling), visits (Besoeg) with recurring series
and group sessions, hospital admissions (Indlaeggelse) and status reports (Statusrapport).

Rules that protect data are enforced twice: in `levering/services` with a Danish message, and in
the database (check/exclusion constraints here, cross-table triggers in `levering/triggers.py`).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pghistory
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    BigIntegerRangeField,
    DateRangeField,
    DateTimeRangeField,
    RangeOperators,
)
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import BaseModel, Borger, Leverandoer, Sag, User

from . import triggers

MAX_BESOEG_VARIGHED = timedelta(hours=12)


class DateRange(Func):
    """daterange(start, end, '[]'): an inclusive period; NULL end = open."""

    function = "DATERANGE"
    output_field = DateRangeField()


class DbExclusionConstraint(ExclusionConstraint):
    """Checked by the database only. Django's Python-side validate() cannot evaluate the
    int8range expressions correctly; the services check the same rules first with a Danish
    message (levering/services), and the database is the second guard."""

    def validate(self, *args: object, **kwargs: object) -> None:
        return None


class Int8Point(Func):
    """int8range(x, x, '[]'): equality as range overlap, so exclusion constraints need no
    btree_gist extension (the embedded PostgreSQL of `make run` does not ship contrib)."""

    function = "INT8RANGE"
    template = "%(function)s(%(expressions)s, %(expressions)s, '[]')"
    output_field = BigIntegerRangeField()


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


@pghistory.track()
class Tildeling(BaseModel):
    """A bostøtte assigned to a bestilling from `starts_on` to `ends_on` (inclusive).
    Reassignment ends the old row and starts a new one, so history stays."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bestilling = models.ForeignKey(
        "visitation.Bestilling", on_delete=models.PROTECT, related_name="tildelinger", verbose_name=_("bestilling")
    )
    medarbejder = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="tildelinger", verbose_name=_("bostøttemedarbejder")
    )
    er_primaer = models.BooleanField(_("primær bostøtte"), default=True)
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til og med"), null=True, blank=True)
    tildelt_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("tildelt af"))
    begrundelse = models.CharField(_("bemærkning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="levering_tildeling_period_valid",
            ),
            # One primary bostøtte per bestilling at any time.
            DbExclusionConstraint(
                name="levering_tildeling_one_primary",
                expressions=[
                    (Int8Point("bestilling_id"), RangeOperators.OVERLAPS),
                    (DateRange("starts_on", "ends_on", models.Value("[]")), RangeOperators.OVERLAPS),
                ],
                condition=Q(er_primaer=True),
            ),
            # The same person is not assigned twice to one bestilling in overlapping periods.
            DbExclusionConstraint(
                name="levering_tildeling_no_double",
                expressions=[
                    (Int8Point("bestilling_id"), RangeOperators.OVERLAPS),
                    (Int8Point("medarbejder_id"), RangeOperators.OVERLAPS),
                    (DateRange("starts_on", "ends_on", models.Value("[]")), RangeOperators.OVERLAPS),
                ],
            ),
        ]
        indexes = [
            # access scope (bostøtte sees assigned cases) and "I dag": by staff member and period.
            models.Index(fields=["medarbejder", "starts_on", "ends_on"], name="levering_tildeling_medarb"),
            # the load table's caseload per staff member (`timer._BELASTNING_SQL`: active primary
            # assignments and their bestillinger) and the hours page's team filter (the primary
            # bostøtte's team): an index-only scan instead of a heap visit per assignment (issue 10)
            models.Index(
                fields=["medarbejder", "starts_on"],
                include=["bestilling", "ends_on"],
                condition=Q(er_primaer=True),
                name="levering_tild_primaer_medarb",
            ),
        ]
        triggers = [triggers.tildeling_same_leverandoer]


class Kontaktform(models.TextChoices):
    HJEMMEBESOEG = "hjemmebesoeg", _("Hjemmebesøg")
    LEDSAGELSE = "ledsagelse", _("Ledsagelse")
    TELEFON = "telefon", _("Telefon")
    SMS_CHAT = "sms_chat", _("SMS/chat")
    VIDEO = "video", _("Video")
    GRUPPE = "gruppe", _("Gruppeforløb")


class BesoegStatus(models.TextChoices):
    PLANLAGT = "planlagt", _("Planlagt")
    GENNEMFOERT = "gennemfoert", _("Gennemført")
    AFLYST_BORGER = "aflyst_borger", _("Aflyst af borgeren")
    AFLYST_MEDARBEJDER = "aflyst_medarbejder", _("Aflyst af medarbejderen")
    UDEBLEVET = "udeblevet", _("Borgeren udeblev")


AFLYST = ("aflyst_borger", "aflyst_medarbejder")


class Gruppesession(BaseModel):
    """One group meeting (e.g. at a værested): logged once, one Besoeg per citizen present."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    leverandoer = models.ForeignKey(Leverandoer, on_delete=models.PROTECT, related_name="+", verbose_name=_("leverandør"))
    medarbejder = models.ForeignKey(User, on_delete=models.PROTECT, related_name="gruppesessioner", verbose_name=_("medarbejder"))
    titel = models.CharField(_("titel"), max_length=200)
    sted = models.CharField(_("sted"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("slut"))
    registreret_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("gruppesession")
        verbose_name_plural = _("gruppesessioner")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="levering_gruppesession_end_after_start"),
            models.CheckConstraint(
                condition=Q(ends_at__lte=F("starts_at") + MAX_BESOEG_VARIGHED), name="levering_gruppesession_max_12h"
            ),
        ]


class BesoegSerie(BaseModel):
    """A recurring planned visit: weekly or every second week, N times or until a date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bestilling = models.ForeignKey("visitation.Bestilling", on_delete=models.PROTECT, related_name="+")
    medarbejder = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    interval_uger = models.PositiveSmallIntegerField(_("hver (uger)"), default=1)
    foerste_starts_at = models.DateTimeField(_("første besøg"))
    varighed_min = models.PositiveSmallIntegerField(_("varighed (minutter)"))
    kontaktform = models.CharField(_("kontaktform"), max_length=14, choices=Kontaktform.choices)
    antal = models.PositiveSmallIntegerField(_("antal gange"), null=True, blank=True)
    til_og_med = models.DateField(_("til og med"), null=True, blank=True)
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("besøgsserie")
        verbose_name_plural = _("besøgsserier")
        constraints = [
            models.CheckConstraint(condition=Q(interval_uger__in=[1, 2]), name="levering_besoegserie_interval_valid"),
            models.CheckConstraint(
                condition=Q(antal__isnull=False, antal__gte=1, antal__lte=104) | Q(til_og_med__isnull=False),
                name="levering_besoegserie_has_end",
            ),
            models.CheckConstraint(condition=Q(varighed_min__gte=5, varighed_min__lte=720), name="levering_besoegserie_varighed_range"),
        ]


@pghistory.track()
class Besoeg(BaseModel):
    """One visit or contact (planned or logged). Only `gennemfoert` counts as delivered time."""

    Kontaktform = Kontaktform
    Status = BesoegStatus

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No single-column indexes on these three: the composite indexes levering_besoeg_best_tid,
    # _sag_tid and _medarb_tid (Meta.indexes) start with the same column and serve every lookup
    # and foreign-key check; three more indexes over millions of visits only cost writes and disk.
    bestilling = models.ForeignKey(
        "visitation.Bestilling", on_delete=models.PROTECT, related_name="besoeg", verbose_name=_("bestilling"), db_index=False
    )
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="besoeg", verbose_name=_("sag"), db_index=False)
    medarbejder = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="besoeg", verbose_name=_("medarbejder"), db_index=False
    )
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("slut"))
    kontaktform = models.CharField(_("kontaktform"), max_length=14, choices=Kontaktform.choices)
    planlagt = models.BooleanField(_("planlagt"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=BesoegStatus.choices, default=BesoegStatus.PLANLAGT)
    delmaal = models.ManyToManyField("handleplaner.Delmaal", blank=True, related_name="besoeg", verbose_name=_("delmål arbejdet med"))
    ydelser = models.ManyToManyField("ffb.Kode", blank=True, related_name="+", verbose_name=_("ydelser"))
    note = models.TextField(_("kort note"), blank=True)
    note_undertema = models.ForeignKey(
        "ffb.Kode", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("noten hører under (FFB-undertema)")
    )
    serie = models.ForeignKey(BesoegSerie, on_delete=models.PROTECT, null=True, blank=True, related_name="besoeg")
    gruppesession = models.ForeignKey(Gruppesession, on_delete=models.PROTECT, null=True, blank=True, related_name="besoeg")
    registreret_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    registreret_at = models.DateTimeField(_("registreret"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="optimistic locking")

    class Meta:
        verbose_name = _("besøg")
        verbose_name_plural = _("besøg")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(kontaktform__in=Kontaktform.values), name="levering_besoeg_kontaktform_valid"),
            models.CheckConstraint(condition=Q(status__in=BesoegStatus.values), name="levering_besoeg_status_valid"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="levering_besoeg_end_after_start"),
            models.CheckConstraint(condition=Q(ends_at__lte=F("starts_at") + MAX_BESOEG_VARIGHED), name="levering_besoeg_max_12h"),
            models.CheckConstraint(
                condition=Q(gruppesession__isnull=True) | Q(kontaktform="gruppe"), name="levering_besoeg_gruppe_kontaktform"
            ),
            # A staff member is not in two places at once: the trigger
            # levering_besoeg_no_overlap (triggers.py) — an exclusion constraint would need "<>"
            # from btree_gist, which the embedded PostgreSQL lacks.
        ]
        indexes = [
            # "I dag" and the staff calendar: a staff member's visits by time.
            models.Index(fields=["medarbejder", "starts_at"], name="levering_besoeg_medarb_tid"),
            # hours delivered vs granted and the citizen calendar: per bestilling by time.
            models.Index(fields=["bestilling", "starts_at"], name="levering_besoeg_best_tid"),
            # The citizen portal's next and past visits (portal.integration.besoeg_kommende /
            # besoeg_tidligere: sag_id IN (…) ORDER BY starts_at LIMIT n): a top-N index scan
            # instead of sorting years of a citizen's visits.
            models.Index(fields=["sag", "starts_at"], name="levering_besoeg_sag_tid"),
        ]
        triggers = [triggers.besoeg_within_tildeling, triggers.besoeg_no_overlap]

    @property
    def varighed(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def er_aflyst(self) -> bool:
        return self.status in AFLYST


@pghistory.track()
class Indlaeggelse(BaseModel):
    """A hospital admission. Whether support pauses defaults from the kvalitetsstandard and can be
    overridden with a reason. The assigned bostøtte stays assigned either way."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="indlaeggelser", verbose_name=_("sag"))
    borger = models.ForeignKey(Borger, on_delete=models.PROTECT, related_name="+", editable=False)
    indlagt_on = models.DateField(_("indlagt"))
    udskrevet_on = models.DateField(_("udskrevet"), null=True, blank=True)
    pause = models.BooleanField(_("støtten holder pause under indlæggelsen"))
    pause_standard = models.BooleanField(_("kvalitetsstandardens regel"), editable=False)
    pause_begrundelse = models.TextField(_("begrundelse for at fravige kvalitetsstandarden"), blank=True)
    bemaerkning = models.TextField(_("bemærkning"), blank=True)
    registreret_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    udskrivning_registreret_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    opfoelgning_afsluttet_at = models.DateTimeField(_("opfølgning efter udskrivning afsluttet"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, help_text="optimistic locking")

    class Meta:
        verbose_name = _("indlæggelse")
        verbose_name_plural = _("indlæggelser")
        ordering = ["-indlagt_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(udskrevet_on__isnull=True) | Q(udskrevet_on__gte=F("indlagt_on")),
                name="levering_indlaeggelse_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(pause=F("pause_standard")) | ~Q(pause_begrundelse=""),
                name="levering_indlaeggelse_override_has_reason",
            ),
            models.UniqueConstraint(
                fields=["borger"], condition=Q(udskrevet_on__isnull=True), name="levering_indlaeggelse_one_open"
            ),
            DbExclusionConstraint(
                name="levering_indlaeggelse_no_overlap",
                expressions=[
                    (Int8Point("borger_id"), RangeOperators.OVERLAPS),
                    (DateRange("indlagt_on", "udskrevet_on", models.Value("[]")), RangeOperators.OVERLAPS),
                ],
            ),
        ]
        indexes = [
            # follow-up after discharge (indlaeggelse_udskrivninger_uden_opfoelgning)
            models.Index(
                fields=["udskrevet_on"],
                condition=Q(udskrevet_on__isnull=False, opfoelgning_afsluttet_at__isnull=True),
                name="levering_indl_udskrevet_aaben",
            ),
        ]
        triggers = [triggers.indlaeggelse_borger_matches_sag]

    @property
    def er_aaben(self) -> bool:
        return self.udskrevet_on is None


@pghistory.track()
class Statusrapport(BaseModel):
    """The leverandør's report before an opfølgning, seen by the sagsbehandler on the case."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bestilling = models.ForeignKey("visitation.Bestilling", on_delete=models.PROTECT, related_name="statusrapporter")
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="statusrapporter")
    periode_fra = models.DateField(_("perioden fra"))
    periode_til = models.DateField(_("perioden til"))
    hvad_virkede = models.TextField(_("hvad har virket"))
    borgers_perspektiv = models.TextField(_("borgerens egen vurdering"))
    samlet_vurdering = models.TextField(_("samlet vurdering og anbefaling"), blank=True)
    skrevet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    sendt_at = models.DateTimeField(_("sendt til myndigheden"))

    class Meta:
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        ordering = ["-sendt_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(periode_til__gte=F("periode_fra")), name="levering_statusrapport_period_valid"),
            models.CheckConstraint(condition=~Q(hvad_virkede="") & ~Q(borgers_perspektiv=""), name="levering_statusrapport_complete"),
        ]


class StatusrapportDelmaal(BaseModel):
    rapport = models.ForeignKey(Statusrapport, on_delete=models.CASCADE, related_name="delmaal_status")
    delmaal = models.ForeignKey("handleplaner.Delmaal", on_delete=models.PROTECT, related_name="+")
    fremskridt = models.TextField(_("fremskridt"))

    class Meta:
        verbose_name = _("fremskridt på delmål")
        verbose_name_plural = _("fremskridt på delmål")
        constraints = [
            models.UniqueConstraint(fields=["rapport", "delmaal"], name="levering_statusrapportdelmaal_unique"),
            models.CheckConstraint(condition=~Q(fremskridt=""), name="levering_statusrapportdelmaal_not_empty"),
        ]

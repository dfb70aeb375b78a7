"""Export jobs: one row per export (CSV or XLSX), identified or pseudonymised. The row is the
record of the export itself; identified exports also write one AccessLog row per citizen."""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import BaseModel, User


def _secret() -> str:
    return secrets.token_hex(32)


class Eksportjob(BaseModel):
    class Datasaet(models.TextChoices):
        BESOEG = "besoeg", _("Besøg (én række pr. besøg)")
        FORLOEB = "forloeb", _("Forløb (én række pr. sag)")
        MAAL = "maal", _("Målinger (tallene fra oversigten)")

    class Format(models.TextChoices):
        CSV = "csv", _("CSV (semikolon, til Excel)")
        XLSX = "xlsx", _("Excel (XLSX)")

    class Status(models.TextChoices):
        VENTER = "venter", _("Venter")
        KOERER = "koerer", _("Dannes")
        FAERDIG = "faerdig", _("Klar")
        FEJL = "fejl", _("Fejlede")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bestilt_af = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("bestilt af"))
    rolle = models.CharField(_("rolle"), max_length=20)
    datasaet = models.CharField(_("datasæt"), max_length=10, choices=Datasaet.choices)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    pseudonymiseret = models.BooleanField(_("pseudonymiseret"))
    filtre = models.JSONField(_("filtre"), default=dict, help_text=_("Periode og filtre; ingen personoplysninger."))
    # The export's own key: pseudonym = HMAC(secret, borger id). Never shown, never exported.
    secret = models.CharField(max_length=64, default=_secret, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VENTER)
    antal = models.PositiveIntegerField(_("rækker i alt"), null=True, blank=True)
    behandlet = models.PositiveIntegerField(_("rækker dannet"), default=0)
    antal_borgere = models.PositiveIntegerField(_("borgere i eksporten"), null=True, blank=True)
    fil = models.FileField(_("fil"), upload_to="eksporter/%Y/%m/", blank=True)
    fejl = models.CharField(_("fejl"), max_length=300, blank=True)
    startet_at = models.DateTimeField(_("startet"), null=True, blank=True)
    faerdig_at = models.DateTimeField(_("færdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("eksport")
        verbose_name_plural = _("eksporter")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(datasaet__in=["besoeg", "forloeb", "maal"]), name="maaling_eksportjob_datasaet_valid"),
            models.CheckConstraint(condition=Q(format__in=["csv", "xlsx"]), name="maaling_eksportjob_format_valid"),
            models.CheckConstraint(condition=Q(status__in=["venter", "koerer", "faerdig", "fejl"]), name="maaling_eksportjob_status_valid"),
            # The analytiker only ever gets pseudonymised exports (scope.py).
            models.CheckConstraint(condition=~Q(rolle="analytiker") | Q(pseudonymiseret=True), name="maaling_eksportjob_analytiker_pseudonym"),
            models.CheckConstraint(condition=~Q(status="faerdig") | Q(faerdig_at__isnull=False), name="maaling_eksportjob_faerdig_dated"),
        ]
        indexes = [
            # "Mine eksporter": a user's latest jobs.
            models.Index(fields=["bestilt_af", "-created_at"], name="maaling_eksport_bruger"),
            # eksportjob_sweep: jobs still waiting or being built (give-up and re-enqueue).
            models.Index(
                fields=["created_at", "id"], condition=Q(status__in=["venter", "koerer"]), name="maaling_eksport_aaben"
            ),
        ]

    @property
    def progress_pct(self) -> int:
        if self.status == self.Status.FAERDIG:
            return 100
        if not self.antal:
            return 0
        return min(99, int(100 * self.behandlet / self.antal))


class Maaling(models.Model):
    """A stored measure (snapshot.py): one `Resultat` of measures.py for one organisational unit
    and the default period, computed in the background (nightly beat task, "Genberegn") so the
    dashboard reads rows instead of aggregating the kommune per request. Holds aggregates only;
    the values are unsuppressed and suppression for pseudonymised viewers happens when read."""

    class Enhed(models.TextChoices):
        KOMMUNE = "kommune", _("Hele kommunen")
        TEAM = "team", _("Myndighedsteam")
        LEVERANDOER = "leverandoer", _("Leverandør")

    enhed = models.CharField(_("enhed"), max_length=12, choices=Enhed.choices)
    # the team or leverandør id; empty for the kommune (not a FK: a row outlives a renamed unit
    # only until the next refresh, and deleting a team must not wait for it)
    enhed_id = models.BigIntegerField(_("enhedens id"), null=True, blank=True)
    maal = models.CharField(_("mål"), max_length=30)
    raekkefoelge = models.PositiveSmallIntegerField(_("rækkefølge"))
    fra = models.DateField(_("periode fra"))
    til = models.DateField(_("periode til"))
    value = models.FloatField(_("værdi"), null=True, blank=True, help_text=_("Målets hovedtal (første kolonne i første række)."))
    n = models.PositiveIntegerField(_("n"))
    resultat = models.JSONField(_("resultat"), help_text=_("Alle rækker og kolonner, som oversigten viser dem (uundertrykt)."))
    computed_at = models.DateTimeField(_("beregnet"))

    class Meta:
        verbose_name = _("måling")
        verbose_name_plural = _("målinger")
        ordering = ["enhed", "enhed_id", "raekkefoelge"]
        constraints = [
            models.CheckConstraint(condition=Q(enhed__in=["kommune", "team", "leverandoer"]), name="maaling_maaling_enhed_valid"),
            models.CheckConstraint(
                condition=Q(enhed="kommune", enhed_id__isnull=True) | (~Q(enhed="kommune") & Q(enhed_id__isnull=False)),
                name="maaling_maaling_enhed_id",
            ),
            models.CheckConstraint(condition=Q(fra__lte=F("til")), name="maaling_maaling_periode"),
            # One current row per unit and measure; the dashboard reads a unit's rows through this
            # index (snapshot.maaling_snapshot_for).
            models.UniqueConstraint(fields=["enhed", "enhed_id", "maal"], name="maaling_maaling_unik", nulls_distinct=False),
        ]

    def __str__(self) -> str:
        return f"{self.maal} ({self.enhed} {self.enhed_id or ''}, {self.fra}–{self.til})"

"""Export jobs: one row per export (CSV or XLSX), identified or pseudonymised. The row is the
record of the export itself; identified exports also write one AccessLog row per citizen."""

from __future__ import annotations

import secrets
import uuid

from django.db import models
from django.db.models import Q
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
        ]

    @property
    def progress_pct(self) -> int:
        if self.status == self.Status.FAERDIG:
            return 100
        if not self.antal:
            return 0
        return min(99, int(100 * self.behandlet / self.antal))

"""Reads of citizen data. Append-only at the database level (pgtrigger.Protect)."""

from __future__ import annotations

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from .borger import Borger
from .sag import Sag
from .organisation import User


class AccessLog(models.Model):
    class Art(models.TextChoices):
        VISNING = "visning", _("Visning")
        EKSPORT = "eksport", _("Eksport")
        SOEGNING = "soegning", _("Opslag")
        DOKUMENT = "dokument", _("Dokument hentet")

    at = models.DateTimeField(_("tidspunkt"))
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("hvem")
    )
    rolle = models.CharField(_("rolle"), max_length=20, blank=True)
    borger = models.ForeignKey(
        Borger, on_delete=models.PROTECT, related_name="+", verbose_name=_("borger")
    )
    sag = models.ForeignKey(
        Sag, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("sag")
    )
    art = models.CharField(_("art"), max_length=10, choices=Art.choices)
    # Purpose in words the citizen understands: the portal shows it (Datatilsynet 2024).
    formaal = models.CharField(_("formål"), max_length=200)
    view_name = models.CharField(_("side"), max_length=100)
    request_id = models.CharField(_("request-id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("adgangslog")
        verbose_name_plural = _("adgangslog")
        ordering = ["-at", "-id"]
        indexes = [
            # Portal "Hvem har set mine oplysninger" and the Art. 15 extract: per borger by time.
            models.Index(fields=["borger", "-at"], name="core_accesslog_borger_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(art__in=["visning", "eksport", "soegning", "dokument"]),
                name="core_accesslog_art_valid",
            )
        ]
        triggers = [
            pgtrigger.Protect(name="core_accesslog_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]


class Heartbeat(models.Model):
    """Last sign of life from background processes (health endpoints, docs/operations.md).

    `beat` is written by a task the beat schedules every few minutes and a worker runs, so a
    fresh row proves that beat, broker and worker all work."""

    name = models.CharField(max_length=50, primary_key=True)
    at = models.DateTimeField()

    class Meta:
        verbose_name = _("livstegn")
        verbose_name_plural = _("livstegn")

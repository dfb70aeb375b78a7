"""The report of one retention run (manage.py slet_udloebne_sager; docs/operations.md).

Holds no personal data: who ran it, the cutoff and how many rows went from which table."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .organisation import User


class Sletningskoersel(models.Model):
    started_at = models.DateTimeField(_("startet"))
    finished_at = models.DateTimeField(_("afsluttet"))
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kørt af"),
    )
    koert_som = models.CharField(_("kørt som (systembruger)"), max_length=100, blank=True)
    opbevaring_aar = models.PositiveSmallIntegerField(_("opbevaringsperiode (år)"))
    cutoff = models.DateField(_("sager lukket før"))
    arkiveret = models.BooleanField(_("arkivpakker skrevet"), default=False)
    sager_slettet = models.PositiveIntegerField(_("sager slettet"), default=0)
    sager_fejlet = models.PositiveIntegerField(_("sager ikke slettet pga. fejl"), default=0)
    # {"core_sag": 3, "core_journalnotat": 41, "core_accesslog": 17, …}
    antal = models.JSONField(_("slettede rækker pr. tabel"), default=dict)
    # [{"sag_id": 12, "fejl": "…"}]: internal ids and the database's message, never names.
    fejl = models.JSONField(_("fejl"), default=list)

    class Meta:
        verbose_name = _("sletningskørsel")
        verbose_name_plural = _("sletningskørsler")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__gte=F("started_at")),
                name="core_sletningskoersel_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(opbevaring_aar__gte=1), name="core_sletningskoersel_aar_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Sletning {self.started_at:%Y-%m-%d %H:%M}"

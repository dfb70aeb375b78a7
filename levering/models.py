"""The leverandør's records. Tildeling (staff assignment) is defined here first because the access
model depends on it: an assigned bostøtte sees the case for exactly the assignment period."""

from __future__ import annotations

import uuid

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import BaseModel, User


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
        ]
        indexes = [
            # access scope (bostøtte sees assigned cases) and "I dag": by staff member and period.
            models.Index(fields=["medarbejder", "starts_on", "ends_on"], name="levering_tildeling_medarb"),
        ]

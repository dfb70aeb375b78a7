"""Plans: the § 141 handleplan (myndighed) and the pædagogisk plan (leverandør) share one goal
tree: indsatsformål → indsatsmål (visitation.Indsatsmaal) → delmål (Delmaal)."""

from __future__ import annotations

import uuid

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import BaseModel, User


class Metode(models.TextChoices):
    KOGNITIV = "kognitiv", _("Kognitiv tilgang")
    RECOVERY = "recovery", _("Recovery-orienteret")
    ICM = "icm", _("ICM (Intensive Case Management)")
    CTI = "cti", _("CTI (Critical Time Intervention)")
    ACT = "act", _("ACT")
    MOTIVERENDE = "motiverende", _("Motiverende samtale")
    SOCIAL_FAERDIGHED = "sft", _("Social færdighedstræning")
    ANDET = "andet", _("Andet")


@pghistory.track()
class PaedagogiskPlan(BaseModel):
    """The leverandør's plan for one bestilling, written by the bostøtte with the citizen."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bestilling = models.OneToOneField(
        "visitation.Bestilling", on_delete=models.PROTECT, related_name="paedagogisk_plan", verbose_name=_("bestilling")
    )
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("pædagogisk plan")
        verbose_name_plural = _("pædagogiske planer")


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
        ]

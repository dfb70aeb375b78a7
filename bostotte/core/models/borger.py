"""The citizen, their relatives and the consents they give relatives."""

from __future__ import annotations

import uuid

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .. import crypto
from ..triggers import borger_navn_til_sager
from .base import BaseModel
from .organisation import Koen, Kommune, User


class BorgerQuerySet(models.QuerySet["Borger"]):
    def visible_to(self, user: User) -> BorgerQuerySet:
        from ..access import borger_scope

        return self.filter(borger_scope(user))

    def own(self, user: User) -> BorgerQuerySet:
        """`visible_to(user).filter(user_id=user.pk)`: a citizen's own row (access.borger_self_scope)."""
        from ..access import borger_self_scope  # noqa: PLC0415

        return self.filter(borger_self_scope(user))


@pghistory.track(exclude=["cpr_encrypted"])
class Borger(BaseModel):
    class AlderOenske(models.TextChoices):
        INGEN = "", _("Ingen ønsker")
        YNGRE = "yngre", _("Yngre end mig")
        SAMME = "samme", _("På min alder")
        AELDRE = "aeldre", _("Ældre end mig")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="borger",
        verbose_name=_("login til borgerportalen"),
    )
    # CPR is never stored in clear text: a Fernet token and an HMAC blind index.
    cpr_encrypted = models.TextField(_("CPR (krypteret)"), editable=False)
    cpr_index = models.CharField(_("CPR-søgeindeks"), max_length=64, unique=True, editable=False)
    fornavn = models.CharField(_("fornavn"), max_length=100)
    efternavn = models.CharField(_("efternavn"), max_length=100)
    foedselsdato = models.DateField(_("fødselsdato"))
    koen = models.CharField(_("køn"), max_length=10, choices=Koen.choices)
    adresse = models.CharField(_("adresse"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=4, blank=True)
    by = models.CharField(_("by"), max_length=100, blank=True)
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, verbose_name=_("bopælskommune")
    )
    oensket_koen = models.CharField(
        _("ønsket køn på bostøtten"), max_length=10, choices=Koen.choices, blank=True
    )
    oensket_alder = models.CharField(
        _("ønsket alder på bostøtten"), max_length=10, choices=AlderOenske.choices, blank=True
    )
    oensket_sprog = models.CharField(_("ønsket sprog"), max_length=100, blank=True)
    oensker_andet = models.TextField(_("andre ønsker til bostøtten"), blank=True)

    objects = BorgerQuerySet.as_manager()

    class Meta:
        verbose_name = _("borger")
        verbose_name_plural = _("borgere")
        ordering = ["efternavn", "fornavn", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cpr_index__regex=r"^[0-9a-f]{64}$"), name="core_borger_cpr_index_format"
            ),
            models.CheckConstraint(condition=Q(koen__in=Koen.values), name="core_borger_koen_valid"),
            models.CheckConstraint(
                condition=Q(postnummer="") | Q(postnummer__regex=r"^[0-9]{4}$"),
                name="core_borger_postnummer_format",
            ),
        ]
        indexes = [models.Index(fields=["efternavn", "fornavn"], name="core_borger_navn")]
        # a rename or an anonymisation reaches the copies of the name on the citizen's cases
        triggers = [borger_navn_til_sager]

    def __str__(self) -> str:
        return self.navn

    @property
    def navn(self) -> str:
        return f"{self.fornavn} {self.efternavn}"

    @property
    def cpr(self) -> str:
        return crypto.cpr_decrypt(self.cpr_encrypted)

    @property
    def cpr_masked(self) -> str:
        return crypto.cpr_masked(self.cpr)

    def alder(self, on: object) -> int:
        from datetime import date

        assert isinstance(on, date)
        b = self.foedselsdato
        return on.year - b.year - ((on.month, on.day) < (b.month, b.day))


@pghistory.track()
class Paaroerende(BaseModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    borger = models.ForeignKey(
        Borger, on_delete=models.CASCADE, related_name="paaroerende", verbose_name=_("borger")
    )
    navn = models.CharField(_("navn"), max_length=200)
    relation = models.CharField(_("relation"), max_length=100, help_text=_("fx mor, søster, ven"))
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("pårørende")
        verbose_name_plural = _("pårørende")
        ordering = ["navn"]

    def __str__(self) -> str:
        return f"{self.navn} ({self.relation})"


class SamtykkeOmfang(models.TextChoices):
    KONTAKT = "kontakt", _("Må kontaktes om mig")
    PLAN = "plan", _("Må se min plan")
    BESOEG = "besoeg", _("Må se mine besøg")
    AFGOERELSER = "afgoerelser", _("Må se mine afgørelser")
    MOEDER = "moeder", _("Må deltage i møder")


@pghistory.track()
class Samtykke(BaseModel):
    """The citizen's consent for one relative. A change is a new row; the old one is withdrawn."""

    paaroerende = models.ForeignKey(
        Paaroerende, on_delete=models.CASCADE, related_name="samtykker", verbose_name=_("pårørende")
    )
    omfang = ArrayField(
        models.CharField(max_length=20, choices=SamtykkeOmfang.choices),
        verbose_name=_("hvad samtykket dækker"),
    )
    givet_at = models.DateTimeField(_("givet"))
    tilbagekaldt_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)
    registreret_af = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, verbose_name=_("registreret af")
    )

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-givet_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(tilbagekaldt_at__isnull=True) | Q(tilbagekaldt_at__gte=F("givet_at")),
                name="core_samtykke_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(omfang__len__gte=1), name="core_samtykke_omfang_not_empty"
            ),
            models.UniqueConstraint(
                fields=["paaroerende"],
                condition=Q(tilbagekaldt_at__isnull=True),
                name="core_samtykke_one_active",
            ),
        ]

    @property
    def is_active(self) -> bool:
        return self.tilbagekaldt_at is None

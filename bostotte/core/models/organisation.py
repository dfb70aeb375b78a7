"""Users, roles and the organisation: kommune, myndighed teams, leverandører and their teams."""

from __future__ import annotations

import uuid

import pghistory
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import BaseModel


class Rolle(models.TextChoices):
    SAGSBEHANDLER = "sagsbehandler", _("Sagsbehandler")
    MYNDIGHEDSLEDER = "myndighedsleder", _("Myndighedsleder")
    LEVERANDOERLEDER = "leverandoerleder", _("Leverandørleder")
    BOSTOETTE = "bostoette", _("Bostøttemedarbejder")
    ANALYTIKER = "analytiker", _("Leder/analytiker")
    BORGER = "borger", _("Borger")
    ADMINISTRATOR = "administrator", _("Administrator")


MYNDIGHED_ROLLER = frozenset({Rolle.SAGSBEHANDLER, Rolle.MYNDIGHEDSLEDER})
LEVERANDOER_ROLLER = frozenset({Rolle.LEVERANDOERLEDER, Rolle.BOSTOETTE})


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    exclude=["password", "last_login"],
)
class User(AbstractUser):
    """A login. `rolle` is the source of truth; the matching auth Group is kept in step by
    `user_set_rolle` so Django's permission system sees the same role."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rolle = models.CharField(_("rolle"), max_length=20, choices=Rolle.choices, blank=True)
    oidc_issuer = models.CharField(_("OIDC-udsteder"), max_length=255, blank=True)
    oidc_subject = models.CharField(_("OIDC-subject"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")
        constraints = [
            models.CheckConstraint(
                condition=Q(rolle__in=[*Rolle.values, ""]), name="core_user_rolle_valid"
            ),
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~Q(oidc_subject=""),
                name="core_user_oidc_identity_unique",
            ),
        ]

    @property
    def visningsnavn(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_myndighed(self) -> bool:
        return self.rolle in MYNDIGHED_ROLLER

    @property
    def is_leverandoer(self) -> bool:
        return self.rolle in LEVERANDOER_ROLLER


class Kommune(BaseModel):
    kommunenummer = models.CharField(_("kommunenummer"), max_length=3, unique=True)
    navn = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["navn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kommunenummer__regex=r"^[0-9]{3}$"), name="core_kommune_nummer_format"
            )
        ]

    def __str__(self) -> str:
        return self.navn


class MyndighedTeam(BaseModel):
    kommune = models.ForeignKey(Kommune, on_delete=models.PROTECT, verbose_name=_("kommune"))
    navn = models.CharField(_("navn"), max_length=100)
    leder = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledede_myndighed_teams",
        verbose_name=_("leder"),
    )

    class Meta:
        verbose_name = _("myndighedsteam")
        verbose_name_plural = _("myndighedsteams")
        ordering = ["navn"]
        constraints = [
            models.UniqueConstraint(fields=["kommune", "navn"], name="core_myndighedteam_navn_unique")
        ]

    def __str__(self) -> str:
        return self.navn


class Leverandoer(BaseModel):
    class Art(models.TextChoices):
        KOMMUNAL = "kommunal", _("Kommunal leverandør")
        PRIVAT = "privat", _("Privat leverandør")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    navn = models.CharField(_("navn"), max_length=150)
    cvr = models.CharField(_("CVR-nummer"), max_length=8, unique=True)
    art = models.CharField(_("art"), max_length=10, choices=Art.choices)
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, verbose_name=_("kommune, der har godkendt leverandøren")
    )
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("leverandør")
        verbose_name_plural = _("leverandører")
        ordering = ["navn"]
        constraints = [
            models.CheckConstraint(condition=Q(cvr__regex=r"^[0-9]{8}$"), name="core_leverandoer_cvr_format"),
            models.CheckConstraint(condition=Q(art__in=["kommunal", "privat"]), name="core_leverandoer_art_valid"),
        ]

    def __str__(self) -> str:
        return self.navn


class LeverandoerTeam(BaseModel):
    leverandoer = models.ForeignKey(
        Leverandoer, on_delete=models.PROTECT, related_name="teams", verbose_name=_("leverandør")
    )
    navn = models.CharField(_("navn"), max_length=100)
    leder = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledede_leverandoer_teams",
        verbose_name=_("leder"),
    )

    class Meta:
        verbose_name = _("leverandørteam")
        verbose_name_plural = _("leverandørteams")
        ordering = ["navn"]
        constraints = [
            models.UniqueConstraint(fields=["leverandoer", "navn"], name="core_leverandoerteam_navn_unique")
        ]

    def __str__(self) -> str:
        return f"{self.leverandoer} – {self.navn}"


class Koen(models.TextChoices):
    KVINDE = "kvinde", _("Kvinde")
    MAND = "mand", _("Mand")
    ANDET = "andet", _("Andet")


class Uddannelse(models.TextChoices):
    SOCIALPAEDAGOG = "socialpaedagog", _("Socialpædagog")
    SOSU_ASSISTENT = "sosu_assistent", _("Social- og sundhedsassistent")
    SOCIALRAADGIVER = "socialraadgiver", _("Socialrådgiver")
    SYGEPLEJERSKE = "sygeplejerske", _("Sygeplejerske")
    ERGOTERAPEUT = "ergoterapeut", _("Ergoterapeut")
    PSYKOLOG = "psykolog", _("Psykolog")
    PEER = "peer", _("Peer-medarbejder (egen erfaring)")
    ANDEN = "anden", _("Anden uddannelse")


@pghistory.track()
class Medarbejder(BaseModel):
    """Staff profile: the team someone works in, and what matters when matching a bostøtte."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="medarbejder", verbose_name=_("bruger")
    )
    myndighed_team = models.ForeignKey(
        MyndighedTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medarbejdere",
        verbose_name=_("myndighedsteam"),
    )
    leverandoer_team = models.ForeignKey(
        LeverandoerTeam,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medarbejdere",
        verbose_name=_("leverandørteam"),
    )
    uddannelse = models.CharField(_("uddannelse"), max_length=20, choices=Uddannelse.choices, blank=True)
    koen = models.CharField(_("køn"), max_length=10, choices=Koen.choices, blank=True)
    foedselsaar = models.PositiveSmallIntegerField(_("fødselsår"), null=True, blank=True)
    sprog = models.CharField(_("sprog ud over dansk"), max_length=200, blank=True)
    telefon = models.CharField(_("arbejdstelefon"), max_length=20, blank=True)
    ugentlige_timer = models.DecimalField(
        _("ugentlige timer til borgerkontakt"), max_digits=4, decimal_places=1, default=30
    )

    class Meta:
        verbose_name = _("medarbejder")
        verbose_name_plural = _("medarbejdere")
        constraints = [
            models.CheckConstraint(
                condition=Q(myndighed_team__isnull=True) | Q(leverandoer_team__isnull=True),
                name="core_medarbejder_one_side",
            ),
            models.CheckConstraint(
                condition=Q(foedselsaar__isnull=True) | Q(foedselsaar__gte=1930, foedselsaar__lte=2015),
                name="core_medarbejder_foedselsaar_range",
            ),
            models.CheckConstraint(
                condition=Q(uddannelse__in=[*Uddannelse.values, ""]), name="core_medarbejder_uddannelse_valid"
            ),
            models.CheckConstraint(condition=Q(koen__in=[*Koen.values, ""]), name="core_medarbejder_koen_valid"),
        ]

    def __str__(self) -> str:
        return self.user.visningsnavn

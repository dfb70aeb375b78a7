"""The citizen's own records in the portal: self-ratings (WHO-5, life satisfaction, livsmod),
requests to cancel or move a visit, and the portal's settings.

Plans, visits, afgørelser and consents live in their own apps; the portal only reads them through
their selectors and changes them through their services."""

from __future__ import annotations

import uuid

import pghistory
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import BaseModel, Borger, Sag, User

# WHO-5 items as published in KL's instruments IG (DOMAIN.md 6.2); the keys are the linkIds.
WHO5_ITEMS: tuple[tuple[str, str], ...] = (
    ("happy", _("I de sidste 2 uger har jeg været glad og i godt humør")),
    ("calm", _("I de sidste 2 uger har jeg følt mig rolig og afslappet")),
    ("active", _("I de sidste 2 uger har jeg følt mig aktiv og energisk")),
    ("rested", _("I de sidste 2 uger er jeg vågnet frisk og udhvilet")),
    ("interest", _("I de sidste 2 uger har min dagligdag været fyldt med ting der interesserer mig")),
)
WHO5_SVAR: tuple[tuple[int, str], ...] = (
    (5, _("Hele tiden")),
    (4, _("Det meste af tiden")),
    (3, _("Lidt mere end halvdelen af tiden")),
    (2, _("Lidt mindre end halvdelen af tiden")),
    (1, _("Lidt af tiden")),
    (0, _("På intet tidspunkt")),
)
# "Livsmod": short statements in the spirit of SFI's survey of bostøtte recipients
# (Et liv i egen bolig, 2012), each answered 1 (helt uenig) – 5 (helt enig). Optional.
LIVSMOD_ITEMS: tuple[tuple[str, str], ...] = (
    ("haab", _("Jeg har håb for fremtiden")),
    ("hverdag", _("Jeg kan klare min hverdag")),
    ("netvaerk", _("Jeg har nogen at tale med, når jeg har brug for det")),
    ("tryghed", _("Jeg føler mig tryg i mit hjem")),
)
LIVSMOD_SVAR: tuple[tuple[int, str], ...] = (
    (5, _("Helt enig")),
    (4, _("Enig")),
    (3, _("Hverken enig eller uenig")),
    (2, _("Uenig")),
    (1, _("Helt uenig")),
)


class PortalIndstillinger(BaseModel):
    """One row (id 1): settings for the portal that the kommune can change in the admin.

    `trivsel_interval_maaneder` is how often the citizen is reminded to answer WHO-5; a
    kvalitetsstandard field `trivsel_maaneder` takes precedence if visitation adds one."""

    trivsel_interval_maaneder = models.PositiveSmallIntegerField(
        _("påmind om trivselsskema hver (måneder)"), default=3
    )
    kontakt_telefon = models.CharField(_("telefon til borgerservice"), max_length=20, blank=True, default="")
    kontakt_email = models.EmailField(_("e-mail til borgerservice"), blank=True, default="")
    kontakt_tekst = models.TextField(
        _("åbningstider og andet om kontakt"), blank=True, default="",
    )
    tilgaengelighed_url = models.URLField(
        _("link til tilgængelighedserklæring (WAS-Tool)"), blank=True, default="",
    )

    class Meta:
        verbose_name = _("indstillinger for borgerportalen")
        verbose_name_plural = _("indstillinger for borgerportalen")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="portal_portalindstillinger_singleton"),
            models.CheckConstraint(
                condition=Q(trivsel_interval_maaneder__gte=1, trivsel_interval_maaneder__lte=24),
                name="portal_portalindstillinger_interval_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


@pghistory.track()
class Trivselsmaaling(BaseModel):
    """One time the citizen told us how they are: WHO-5 (all five items), optionally life
    satisfaction (0–10) and the livsmod statements (1–5)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    borger = models.ForeignKey(
        Borger, on_delete=models.PROTECT, related_name="trivselsmaalinger", verbose_name=_("borger")
    )
    sag = models.ForeignKey(
        Sag, on_delete=models.PROTECT, null=True, blank=True, related_name="trivselsmaalinger", verbose_name=_("sag")
    )
    besvaret_at = models.DateTimeField(_("besvaret"))
    who5_happy = models.PositiveSmallIntegerField(_("glad og i godt humør"))
    who5_calm = models.PositiveSmallIntegerField(_("rolig og afslappet"))
    who5_active = models.PositiveSmallIntegerField(_("aktiv og energisk"))
    who5_rested = models.PositiveSmallIntegerField(_("vågnet frisk og udhvilet"))
    who5_interest = models.PositiveSmallIntegerField(_("dagligdag fyldt med ting der interesserer mig"))
    who5_score = models.PositiveSmallIntegerField(
        _("WHO-5 trivselsindeks (0–100)"), help_text=_("Summen af de fem svar gange 4.")
    )
    livstilfredshed = models.PositiveSmallIntegerField(_("tilfredshed med livet (0–10)"), null=True, blank=True)
    livsmod_haab = models.PositiveSmallIntegerField(_("håb for fremtiden"), null=True, blank=True)
    livsmod_hverdag = models.PositiveSmallIntegerField(_("kan klare hverdagen"), null=True, blank=True)
    livsmod_netvaerk = models.PositiveSmallIntegerField(_("har nogen at tale med"), null=True, blank=True)
    livsmod_tryghed = models.PositiveSmallIntegerField(_("tryg i hjemmet"), null=True, blank=True)
    bemaerkning = models.TextField(_("vil du fortælle mere?"), blank=True, default="")
    indtastet_af = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("indtastet af")
    )

    class Meta:
        verbose_name = _("trivselsmåling")
        verbose_name_plural = _("trivselsmålinger")
        ordering = ["-besvaret_at", "-id"]
        constraints = [
            *[
                models.CheckConstraint(
                    condition=Q(**{f"who5_{key}__gte": 0, f"who5_{key}__lte": 5}),
                    name=f"portal_trivselsmaaling_who5_{key}_range",
                )
                for key, _label in WHO5_ITEMS
            ],
            # DOMAIN.md 6.2: the index is the raw sum × 4, never "(raw − 5) × 4".
            models.CheckConstraint(
                condition=Q(
                    who5_score=(
                        F("who5_happy") + F("who5_calm") + F("who5_active") + F("who5_rested") + F("who5_interest")
                    )
                    * 4
                ),
                name="portal_trivselsmaaling_who5_score_exact",
            ),
            models.CheckConstraint(
                condition=Q(livstilfredshed__isnull=True) | Q(livstilfredshed__gte=0, livstilfredshed__lte=10),
                name="portal_trivselsmaaling_livstilfredshed_range",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"livsmod_{key}__isnull": True}) | Q(**{f"livsmod_{key}__gte": 1, f"livsmod_{key}__lte": 5}),
                    name=f"portal_trivselsmaaling_livsmod_{key}_range",
                )
                for key, _label in LIVSMOD_ITEMS
            ],
        ]
        indexes = [
            # "Hvordan har du det" history, the case panel and trivsel_series_for_sag: per borger by time.
            models.Index(fields=["borger", "-besvaret_at"], name="portal_trivsel_borger_tid"),
        ]

    def __str__(self) -> str:
        return f"WHO-5 {self.who5_score}"

    @property
    def who5_raw(self) -> int:
        return self.who5_score // 4

    @property
    def lav_trivsel(self) -> bool:
        """Below 50 suggests poor well-being (DOMAIN.md 6.2)."""
        return self.who5_score < 50

    @property
    def mulig_depression(self) -> bool:
        """28 or less suggests likely depression: refer for assessment (DOMAIN.md 6.2)."""
        return self.who5_score <= 28


@pghistory.track()
class Besoegsanmodning(BaseModel):
    """The citizen asks to cancel or move a planned visit. It lands with the assigned bostøtte,
    who marks it handled (and changes the visit in levering)."""

    class Art(models.TextChoices):
        AFLYS = "aflys", _("Aflys besøget")
        FLYT = "flyt", _("Flyt besøget")

    class Status(models.TextChoices):
        NY = "ny", _("Sendt – venter på svar")
        BEHANDLET = "behandlet", _("Behandlet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    borger = models.ForeignKey(
        Borger, on_delete=models.PROTECT, related_name="besoegsanmodninger", verbose_name=_("borger")
    )
    sag = models.ForeignKey(
        Sag, on_delete=models.PROTECT, related_name="besoegsanmodninger", verbose_name=_("sag")
    )
    besoeg = models.ForeignKey(
        "levering.Besoeg", on_delete=models.PROTECT, related_name="portal_anmodninger", verbose_name=_("besøg")
    )
    # A copy of the visit's time when asked, so the request reads well after the visit was moved.
    besoeg_start = models.DateTimeField(_("besøgets tidspunkt"))
    art = models.CharField(_("hvad vil du?"), max_length=5, choices=Art.choices)
    begrundelse = models.CharField(_("hvorfor?"), max_length=500)
    oensket_tid = models.CharField(_("hvornår passer det dig bedre?"), max_length=200, blank=True, default="")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NY)
    oprettet_af = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    behandlet_af = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("behandlet af")
    )
    behandlet_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    svar = models.CharField(_("svar til borgeren"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("ønske om at aflyse eller flytte et besøg")
        verbose_name_plural = _("ønsker om at aflyse eller flytte besøg")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(art__in=["aflys", "flyt"]), name="portal_besoegsanmodning_art_valid"),
            models.CheckConstraint(condition=Q(status__in=["ny", "behandlet"]), name="portal_besoegsanmodning_status_valid"),
            models.CheckConstraint(condition=~Q(begrundelse=""), name="portal_besoegsanmodning_begrundelse_not_empty"),
            models.CheckConstraint(
                condition=(Q(status="ny") & Q(behandlet_at__isnull=True))
                | (Q(status="behandlet") & Q(behandlet_at__isnull=False)),
                name="portal_besoegsanmodning_behandlet_dated",
            ),
            # One open request per visit: a second click does not send a second request.
            models.UniqueConstraint(
                fields=["besoeg"],
                condition=Q(status="ny"),
                name="portal_besoegsanmodning_one_open_per_besoeg",
            ),
        ]
        indexes = [
            # The bostøtte's "Ønsker fra borgere" list and the case panel: open requests per case.
            models.Index(fields=["sag", "status"], name="portal_anmodning_sag_status"),
        ]

    def __str__(self) -> str:
        return f"{self.get_art_display()} ({self.besoeg_start:%d.%m.%Y})"

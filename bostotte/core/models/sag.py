"""The case (sag), its journal (notatpligt) and explicit, temporary access grants."""

from __future__ import annotations

import uuid

import pghistory
import pgtrigger
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from ..triggers import retention_delete_guard, sag_borger_navn
from .base import BaseModel
from .borger import Borger
from .organisation import Kommune, MyndighedTeam, User


class SagQuerySet(models.QuerySet["Sag"]):
    def visible_to(self, user: User) -> SagQuerySet:
        """The one access function for cases: see bostotte/core/access.py."""
        from ..access import sag_scope

        return self.filter(sag_scope(user))

    def visible_one(self, user: User) -> SagQuerySet:
        """`visible_to` for loading ONE case (chain `.get(uuid=…)`, `.filter(pk=…)`): the same
        relationships as EXISTS probes with that case's id (access.sag_row_scope), instead of
        evaluating every case the user may see. Not for lists."""
        from ..access import sag_row_scope  # noqa: PLC0415

        return self.filter(sag_row_scope(user))


# the citizen's name copied by the database is not the case's history (the citizen has its own)
@pghistory.track(exclude=["borger_efternavn", "borger_fornavn"])
class Sag(BaseModel):
    class Status(models.TextChoices):
        AABEN = "aaben", _("Åben")
        LUKKET = "lukket", _("Lukket")

    class BevaringGrund(models.TextChoices):
        """Why a case must not be deleted when its retention period ends (retention.py)."""

        INGEN = "", _("Ingen")
        ARKIV = "arkiv", _("Skal afleveres til arkiv")
        KLAGE = "klage", _("Verserende klage eller retssag")
        ANDET = "andet", _("Anden grund")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sagsnummer = models.CharField(_("sagsnummer"), max_length=20, unique=True, editable=False)
    borger = models.ForeignKey(
        Borger, on_delete=models.PROTECT, related_name="sager", verbose_name=_("borger")
    )
    # The citizen's names, kept by the database (trigger core_sag_borger_navn, migration 0007): on
    # every insert and update of the case, and when the citizen is renamed or anonymised. The case
    # list sorts a team's cases by name and reads the names from the case's own indexes
    # (core_sag_team_status, core_sag_ansvarlig_status: index-only), not from one citizen row per
    # case (issue 10). Whatever Django writes here, the trigger replaces; read them only in SQL.
    borger_efternavn = models.CharField(max_length=100, default="", editable=False)
    borger_fornavn = models.CharField(max_length=100, default="", editable=False)
    titel = models.CharField(_("sagens emne"), max_length=200, default="Socialpædagogisk støtte (SEL § 85)")
    ansvarlig = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="ansvar_for_sager",
        verbose_name=_("ansvarlig sagsbehandler"),
    )
    team = models.ForeignKey(
        MyndighedTeam, on_delete=models.PROTECT, related_name="sager", verbose_name=_("team")
    )
    handlekommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="+", verbose_name=_("handlekommune")
    )
    betalingskommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="+", verbose_name=_("betalingskommune")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AABEN)
    opened_on = models.DateField(_("oprettet dato"))
    closed_on = models.DateField(_("lukket dato"), null=True, blank=True)
    bevares = models.BooleanField(
        _("bevares (må ikke kasseres)"), default=False,
        help_text=_("Sættes når arkivreglerne kræver, at sagen bevares."),
    )
    # Set and lifted only by `sag_bevaring_set` (a leader of the case's team), with a journal note.
    bevares_grund = models.CharField(
        _("grund til at sagen bevares"), max_length=10, choices=BevaringGrund.choices, blank=True, default="", db_default=""
    )
    bevares_begrundelse = models.CharField(
        _("begrundelse for bevaring"), max_length=300, blank=True, default="", db_default=""
    )
    bevares_af = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("bevaring sat af")
    )
    bevares_at = models.DateTimeField(_("bevaring sat"), null=True, blank=True)

    objects = SagQuerySet.as_manager()

    class Meta:
        verbose_name = _("sag")
        verbose_name_plural = _("sager")
        ordering = ["-opened_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["aaben", "lukket"]), name="core_sag_status_valid"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="core_sag_period_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status="lukket") & Q(closed_on__isnull=False))
                | (Q(status="aaben") & Q(closed_on__isnull=True)),
                name="core_sag_status_matches_closed_on",
            ),
            # A hold always says why; without a hold there is no reason left behind.
            models.CheckConstraint(
                condition=(Q(bevares=False) & Q(bevares_grund=""))
                | (Q(bevares=True) & Q(bevares_grund__in=["arkiv", "klage", "andet"]) & ~Q(bevares_begrundelse="")),
                name="core_sag_bevares_has_grund",
            ),
        ]
        indexes = [
            # "Mine sager" and team worklists: open cases per team / per responsible caseworker,
            # in the case list's order with the names it prints: the list's team and own-case
            # branches are index-only scans (selectors._sag_list_ids, issue 10).
            models.Index(fields=["team", "status", "borger_efternavn", "borger_fornavn", "id"], name="core_sag_team_status"),
            models.Index(fields=["ansvarlig", "status", "borger_efternavn", "borger_fornavn", "id"], name="core_sag_ansvarlig_status"),
            # The team branch of access.sag_scope (`team_id IN (the user's teams)`, every list
            # page of a caseworker or leader): an index-only scan of the team's case ids.
            models.Index(fields=["team", "id"], name="core_sag_team_id_id"),
        ]
        # the citizen's names, from the citizen on every insert and update (triggers.py)
        triggers = [sag_borger_navn]

    def __str__(self) -> str:
        return self.sagsnummer


class SagUserObjectPermission(UserObjectPermissionBase):
    """django-guardian direct-FK grant on one case, e.g. for a vikar. Time-limited and reasoned."""

    content_object = models.ForeignKey(Sag, on_delete=models.CASCADE, related_name="user_grants")
    udloeber_at = models.DateTimeField(_("udløber"), null=True, blank=True)
    begrundelse = models.CharField(_("begrundelse"), max_length=300, blank=True)
    givet_af = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("givet af")
    )
    givet_at = models.DateTimeField(_("givet"), null=True)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("midlertidig adgang til sag")
        verbose_name_plural = _("midlertidige adgange til sager")
        indexes = [models.Index(fields=["user", "content_object"], name="core_saguserperm_user_sag")]


class SagGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Sag, on_delete=models.CASCADE, related_name="group_grants")

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("gruppeadgang til sag")
        verbose_name_plural = _("gruppeadgange til sager")


@pghistory.track(pghistory.InsertEvent())
class Journalnotat(BaseModel):
    """Notatpligt (offentlighedsloven § 13). Never edited or deleted, also not by SQL: a
    correction is a new note that references the one it corrects."""

    class Art(models.TextChoices):
        OPKALD = "opkald", _("Telefonsamtale")
        MOEDE = "moede", _("Møde")
        BESOEG = "besoeg", _("Besøg")
        SAGSSKRIDT = "sagsskridt", _("Sagsskridt")
        HENVENDELSE = "henvendelse", _("Henvendelse")
        ANDET = "andet", _("Andet")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sag = models.ForeignKey(Sag, on_delete=models.PROTECT, related_name="journal", verbose_name=_("sag"))
    forfatter = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("skrevet af")
    )
    art = models.CharField(_("art"), max_length=15, choices=Art.choices)
    emne = models.CharField(_("emne"), max_length=200)
    tekst = models.TextField(_("notat"))
    haendelse_at = models.DateTimeField(_("hvornår skete det"))
    korrigerer = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="korrektioner",
        verbose_name=_("retter notat"),
    )

    class Meta:
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journalnotater")
        ordering = ["-haendelse_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art__in=["opkald", "moede", "besoeg", "sagsskridt", "henvendelse", "andet"]),
                name="core_journalnotat_art_valid",
            ),
            models.CheckConstraint(condition=~Q(tekst=""), name="core_journalnotat_tekst_not_empty"),
        ]
        indexes = [models.Index(fields=["sag", "-haendelse_at"], name="core_journal_sag_tid")]
        triggers = [
            pgtrigger.Protect(name="core_journalnotat_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
            # Second guard behind the retention service: even with the Protect trigger above
            # ignored, a note goes only with a case closed before the run's cutoff (triggers.py).
            retention_delete_guard("core_journalnotat_retention_only"),
        ]

    def __str__(self) -> str:
        return self.emne

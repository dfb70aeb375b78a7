"""Reference tables for KL's FHIR CodeSystems (FFB and CareSocialCodes). See the package docstring."""

from __future__ import annotations

from typing import Self

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bostotte.core.models.base import BaseModel

from .codes import CARESOCIAL_URL, FFB_URL, SOCIALPAEDAGOGISK_STOETTE

MAX_ORDINAL = 4  # VUM's 0-4 scale (DOMAIN.md 3.5, T2/T3)


class KodesystemQuerySet(models.QuerySet["Kodesystem"]):
    def current(self) -> Self:
        return self.filter(is_current=True)


class Kodesystem(BaseModel):
    """One published version of a FHIR CodeSystem. Versions are kept side by side."""

    url = models.CharField(_("url"), max_length=255)
    version = models.CharField(_("version"), max_length=64)
    name = models.CharField(_("navn"), max_length=255)
    title = models.CharField(_("titel"), max_length=255, blank=True)
    is_current = models.BooleanField(
        _("gældende version"),
        default=False,
        help_text=_("Den nyeste indlæste version af kodesystemet. Sættes af indlæsningen."),
    )

    objects = KodesystemQuerySet.as_manager()

    class Meta:
        verbose_name = _("kodesystem")
        verbose_name_plural = _("kodesystemer")
        constraints = [
            models.UniqueConstraint(
                fields=["url", "version"], name="ffb_kodesystem_url_version_unique"
            ),
            models.UniqueConstraint(
                fields=["url"],
                condition=Q(is_current=True),
                name="ffb_kodesystem_one_current_per_url",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title or self.name} {self.version}"


class KodeGruppe(models.TextChoices):
    """The group a code belongs to, as `Kode.Gruppe`. The loader derives it from group-root codes."""

    ROD = "rod", _("Gruppebegreb (rod)")
    # FFB
    TILSTAND_KATEGORI = "tilstand_kategori", _("Tilstandskategori")
    TEMA = "tema", _("Tema")
    UNDERTEMA = "undertema", _("Undertema")
    FUNKTIONSEVNENIVEAU = "funktionsevneniveau", _("Funktionsevneniveau")
    STOETTEBEHOV = "stoettebehov", _("Støttebehovsniveau")
    MAALTYPE = "maaltype", _("Måltype")
    STATUS_PAA_INDSATS = "status_paa_indsats", _("Status på indsats")
    YDELSE = "ydelse", _("Ydelse")
    TILBUD = "tilbud", _("Tilbud")
    MAALGRUPPE = "maalgruppe", _("Målgruppe")
    ANDET = "andet", _("Andet (uden klassifikation)")
    # CareSocialCodes
    EVALUERING = "evaluering", _("Evalueringstype")
    KILDE = "kilde", _("Kilde")
    MAAL_FORMAAL = "maal_formaal", _("Mål/formål")
    KONTAKTAKTIVITET = "kontaktaktivitet", _("Kontaktaktivitet")
    KONTAKTKLASSE = "kontaktklasse", _("Kontaktklasse")
    LEVERINGSTYPE = "leveringstype", _("Leveringstype")
    BEGRUNDELSE_OPHOER = "begrundelse_ophoer", _("Begrundelse for indsatsophør")
    BEGRUNDELSE_MANGLENDE_AKTIVITET = (
        "begrundelse_manglende_aktivitet",
        _("Begrundelse for manglende aktivitet"),
    )
    OPLYSNINGSAKTIVITET = "oplysningsaktivitet", _("Oplysningsaktivitet")
    PLANLAGT_INDSATSFORLOEB = "planlagt_indsatsforloeb", _("Planlagt indsatsforløb")
    INDSATSANMODNING = "indsatsanmodning", _("Indsats/ydelses-anmodning")
    MAALFOKUS = "maalfokus", _("Målfokus")
    INDFORSTAAELSE = "indforstaaelse", _("Indforståelse ifm. henvendelse")
    CARESOCIAL = "caresocial", _("Anden CareSocialCodes-kode")


class KodeQuerySet(models.QuerySet["Kode"]):
    """Query helpers. Unless `version=` is given they return the current version only."""

    def current(self) -> Self:
        return self.filter(kodesystem__is_current=True)

    def in_system(self, url: str = FFB_URL, *, version: str | None = None) -> Self:
        qs = self.filter(kodesystem__url=url)
        if version is None:
            return qs.filter(kodesystem__is_current=True)
        return qs.filter(kodesystem__version=version)

    def in_gruppe(self, gruppe: str, *, url: str = FFB_URL, version: str | None = None) -> Self:
        # uses index ffb_kode_gruppe
        return self.in_system(url, version=version).filter(gruppe=gruppe).order_by("path")

    def leaves(self) -> Self:
        return self.filter(is_leaf=True)

    def descendants_of(self, code: str) -> Self:
        # uses index ffb_kode_ancestors
        return self.filter(ancestor_codes__contains=[code])

    # --- FFB tilstande (T1) -------------------------------------------------------------------
    def tilstand_kategorier(self, *, version: str | None = None) -> Self:
        return self.in_gruppe(KodeGruppe.TILSTAND_KATEGORI, version=version)

    def temaer(self, *, version: str | None = None) -> Self:
        return self.in_gruppe(KodeGruppe.TEMA, version=version)

    def undertemaer(self, *, version: str | None = None) -> Self:
        return self.in_gruppe(KodeGruppe.UNDERTEMA, version=version)

    def aktivitet_deltagelse_undertemaer(self, *, version: str | None = None) -> Self:
        """The undertemaer on which a funktionsevneniveau may (and must) be rated."""
        return self.undertemaer(version=version).filter(kraever_funktionsevneniveau=True)

    # --- Levels (T2, T3), ordered by ordinal with "Ikke vurderet" last --------------------------
    def funktionsevneniveauer(
        self, *, include_ikke_vurderet: bool = True, version: str | None = None
    ) -> Self:
        qs = self.in_gruppe(KodeGruppe.FUNKTIONSEVNENIVEAU, version=version)
        return qs._levels(include_ikke_vurderet=include_ikke_vurderet)

    def stoettebehov(
        self, *, include_ikke_vurderet: bool = True, version: str | None = None
    ) -> Self:
        qs = self.in_gruppe(KodeGruppe.STOETTEBEHOV, version=version)
        return qs._levels(include_ikke_vurderet=include_ikke_vurderet)

    def _levels(self, *, include_ikke_vurderet: bool) -> Self:
        qs = self if include_ikke_vurderet else self.filter(ordinal__isnull=False)
        return qs.order_by(F("ordinal").asc(nulls_last=True), "path")

    # --- Other FFB groups ------------------------------------------------------------------------
    def maaltyper(self, *, version: str | None = None) -> Self:
        return self.in_gruppe(KodeGruppe.MAALTYPE, version=version)

    def status_paa_indsats(self, *, version: str | None = None) -> Self:
        return self.in_gruppe(KodeGruppe.STATUS_PAA_INDSATS, version=version)

    def maalgrupper(self, *, leaf_only: bool = True, version: str | None = None) -> Self:
        """Målgrupper. ValueSet KLTargetGroupsFFB allows leaf codes only, hence the default."""
        qs = self.in_gruppe(KodeGruppe.MAALGRUPPE, version=version)
        return qs.leaves() if leaf_only else qs

    def ydelser(self, *, leaf_only: bool = False, version: str | None = None) -> Self:
        qs = self.in_gruppe(KodeGruppe.YDELSE, version=version)
        return qs.leaves() if leaf_only else qs

    def ydelser_85(self, *, version: str | None = None) -> Self:
        """The selectable § 85 ydelser: leaf codes under "Socialpædagogisk støtte"."""
        return self.ydelser(leaf_only=True, version=version).descendants_of(
            SOCIALPAEDAGOGISK_STOETTE
        )

    def tilbud(self, *, leaf_only: bool = True, version: str | None = None) -> Self:
        """Tilbud. ValueSet KLServiceCodesFFB lists the 8 leaf codes, hence the default."""
        qs = self.in_gruppe(KodeGruppe.TILBUD, version=version)
        return qs.leaves() if leaf_only else qs

    # --- CareSocialCodes ----------------------------------------------------------------------
    def kilder(self, *, version: str | None = None) -> Self:
        return self.in_gruppe(KodeGruppe.KILDE, url=CARESOCIAL_URL, version=version)

    def caresocial(self, gruppe: str, *, version: str | None = None) -> Self:
        """Any CareSocialCodes group, e.g. `caresocial(KodeGruppe.LEVERINGSTYPE)`."""
        return self.in_gruppe(gruppe, url=CARESOCIAL_URL, version=version)


class Kode(BaseModel):
    """One concept of one Kodesystem version, flattened from the nested JSON."""

    Gruppe = KodeGruppe

    kodesystem = models.ForeignKey(
        Kodesystem,
        on_delete=models.PROTECT,
        related_name="koder",
        verbose_name=_("kodesystem"),
        db_index=False,  # covered by ffb_kode_natural_key (kodesystem, code)
    )
    code = models.CharField(
        _("kode"), max_length=64, help_text=_("KL's UUID; skelner store/små bogstaver.")
    )
    display = models.CharField(_("visningsnavn"), max_length=255)
    definition = models.TextField(_("definition"), blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("overbegreb"),
    )
    depth = models.PositiveSmallIntegerField(_("niveau"), help_text=_("1 for et rodbegreb."))
    path = models.TextField(_("sti"), help_text=_("Visningsnavnene fra roden, adskilt af ›."))
    ancestor_codes = ArrayField(
        models.CharField(max_length=64),
        verbose_name=_("overbegrebers koder"),
        default=list,
        blank=True,
        help_text=_("Koderne fra roden til overbegrebet."),
    )
    is_leaf = models.BooleanField(_("blad"), help_text=_("Har ingen underbegreber."))
    gruppe = models.CharField(_("gruppe"), max_length=40, choices=KodeGruppe.choices)
    ordinal = models.SmallIntegerField(
        _("ordinal"),
        null=True,
        blank=True,
        help_text=_(
            "0–4 for funktionsevne- og støttebehovsniveauer; tom for \u201cIkke vurderet\u201d."
        ),
    )
    kraever_funktionsevneniveau = models.BooleanField(
        _("kræver funktionsevneniveau"),
        default=False,
        help_text=_("Sand for undertemaer under \u201cAktivitet og deltagelse\u201d."),
    )

    objects = KodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("kode")
        verbose_name_plural = _("koder")
        constraints = [
            models.UniqueConstraint(fields=["kodesystem", "code"], name="ffb_kode_natural_key"),
            # Target for a composite FK, so a table rating undertemaer can enforce "funktionsevne-
            # niveau iff Aktivitet og deltagelse" in the database: keep an FK `undertema`, a copied
            # `kraever_funktionsevneniveau`, a CHECK that it equals `funktionsevneniveau IS NOT
            # NULL`, and (RunSQL) FOREIGN KEY (undertema_id, kraever_funktionsevneniveau)
            # REFERENCES ffb_kode (id, kraever_funktionsevneniveau). See tests/ffb/models/.
            models.UniqueConstraint(
                fields=["id", "kraever_funktionsevneniveau"], name="ffb_kode_id_kraever_fen_unique"
            ),
            models.UniqueConstraint(
                fields=["kodesystem", "gruppe", "ordinal"],
                condition=Q(ordinal__isnull=False),
                name="ffb_kode_ordinal_unique_per_gruppe",
            ),
            models.CheckConstraint(
                condition=Q(gruppe__in=KodeGruppe.values), name="ffb_kode_gruppe_valid"
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True) | Q(ordinal__gte=0, ordinal__lte=MAX_ORDINAL),
                name="ffb_kode_ordinal_range",
            ),
            models.CheckConstraint(
                condition=Q(ordinal__isnull=True)
                | Q(gruppe__in=[KodeGruppe.FUNKTIONSEVNENIVEAU, KodeGruppe.STOETTEBEHOV]),
                name="ffb_kode_ordinal_only_on_levels",
            ),
            models.CheckConstraint(
                condition=Q(kraever_funktionsevneniveau=False) | Q(gruppe=KodeGruppe.UNDERTEMA),
                name="ffb_kode_kraever_fen_only_on_undertema",
            ),
            models.CheckConstraint(
                condition=(Q(parent__isnull=True) & Q(depth=1))
                | (Q(parent__isnull=False) & Q(depth__gt=1)),
                name="ffb_kode_depth_matches_parent",
            ),
        ]
        indexes = [
            # KodeQuerySet.in_gruppe, i.e. every group helper (undertemaer(), maalgrupper(), …).
            models.Index(fields=["kodesystem", "gruppe"], name="ffb_kode_gruppe"),
            # KodeQuerySet.descendants_of (ydelser_85()): `ancestor_codes @> ARRAY[code]`.
            GinIndex(fields=["ancestor_codes"], name="ffb_kode_ancestors"),
        ]

    def __str__(self) -> str:
        return self.display

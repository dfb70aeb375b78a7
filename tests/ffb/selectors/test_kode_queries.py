"""The Kode.objects group helpers other apps build their fields on."""

from __future__ import annotations

import pytest

from bostotte.ffb import codes
from bostotte.ffb.models import Kode
from bostotte.ffb.selectors import kode_get
from bostotte.ffb.services import LoadResult
from tests.ffb.conftest import (
    ANGST,
    HUKOMMELSE,
    LAVE_MAD,
    PRAKTISKE_OPGAVER,
    PSYKISKE_VANSKELIGHEDER,
)

pytestmark = pytest.mark.django_db


class TilstandeTests:
    def test_it_keeps_the_hierarchy_and_path_of_an_undertema(self, ffb: list[LoadResult]) -> None:
        kode = kode_get(LAVE_MAD)

        assert kode.path == "FFB tilstande › Aktivitet og deltagelse › Praktiske opgaver › Lave mad"
        assert (kode.depth, kode.is_leaf, kode.gruppe) == (4, True, Kode.Gruppe.UNDERTEMA)
        assert kode.parent is not None
        assert (kode.parent.code, kode.parent.gruppe) == (PRAKTISKE_OPGAVER, Kode.Gruppe.TEMA)
        assert kode.parent.parent is not None
        assert kode.parent.parent.code == codes.AKTIVITET_OG_DELTAGELSE
        assert kode.parent.parent.gruppe == Kode.Gruppe.TILSTAND_KATEGORI
        assert kode.ancestor_codes == [
            codes.FFB_TILSTANDE,
            codes.AKTIVITET_OG_DELTAGELSE,
            PRAKTISKE_OPGAVER,
        ]

    def test_it_counts_kategorier_temaer_and_undertemaer(self, ffb: list[LoadResult]) -> None:
        assert set(Kode.objects.tilstand_kategorier().values_list("code", flat=True)) == {
            codes.FUNKTIONER_OG_FORHOLD,
            codes.AKTIVITET_OG_DELTAGELSE,
            codes.OMGIVELSESFAKTORER,
        }
        assert Kode.objects.temaer().count() == 11
        assert Kode.objects.undertemaer().count() == 67

    def test_it_limits_funktionsevneniveau_to_aktivitet_og_deltagelse(
        self, ffb: list[LoadResult]
    ) -> None:
        rated = Kode.objects.aktivitet_deltagelse_undertemaer()
        rated_codes = set(rated.values_list("code", flat=True))

        assert len(rated_codes) == 31
        assert LAVE_MAD in rated_codes
        assert HUKOMMELSE not in rated_codes
        assert all(codes.AKTIVITET_OG_DELTAGELSE in k.ancestor_codes for k in rated)
        assert (
            not Kode.objects.filter(kraever_funktionsevneniveau=True)
            .exclude(gruppe=Kode.Gruppe.UNDERTEMA)
            .exists()
        )
        assert kode_get(HUKOMMELSE).kraever_funktionsevneniveau is False


class LevelTests:
    def test_it_assigns_funktionsevneniveau_ordinals_per_t2(self, ffb: list[LoadResult]) -> None:
        levels = [(k.ordinal, k.display, k.code) for k in Kode.objects.funktionsevneniveauer()]

        assert levels == [
            (0, "Ingen nedsat funktionsevne", "b508ff66-6326-4862-a6d7-7bbf184c9823"),
            (1, "Let nedsat funktionsevne", "8328ce4a-6238-4f73-bf1a-74aadb68eff8"),
            (2, "Moderat nedsat funktionsevne", "5bdde847-2837-416b-ab63-bbff8b7aa531"),
            (3, "Svært nedsat funktionsevne", "cae545f5-2813-4d79-98fc-0a7d770af3cd"),
            (4, "Fuldstændig nedsat funktionsevne", "832ae90b-23b5-4063-80aa-0b81bdce680e"),
            (None, "Ikke vurderet", "1c327095-107f-4b96-88d0-ec562cb980be"),
        ]

    def test_it_assigns_stoettebehov_ordinals_per_t3(self, ffb: list[LoadResult]) -> None:
        levels = [(k.ordinal, k.display, k.code) for k in Kode.objects.stoettebehov()]

        assert levels == [
            (0, "Intet støttebehov", "ae9f388a-91c3-46cf-af55-f81952f2977c"),
            (1, "Let støttebehov", "dd628e73-d6c9-4837-a2b8-aa62d73bd6ae"),
            (2, "Moderat støttebehov", "401a397b-b3aa-4ca3-8b23-bd8f99dd3f76"),
            (3, "Højt støttebehov", "b99a0790-4d70-4152-b149-3fe58b745583"),
            (4, "Fuldstændigt støttebehov", "e99763d6-6c43-4969-ad52-2b1a7055f9dc"),
            (None, "Ikke vurderet", "2254dac8-8aa3-4334-8502-9720194f49ad"),
        ]

    def test_it_gives_no_other_code_an_ordinal(self, ffb: list[LoadResult]) -> None:
        assert Kode.objects.filter(ordinal__isnull=False).count() == 10
        assert (
            not Kode.objects.funktionsevneniveauer(include_ikke_vurderet=False)
            .filter(code=codes.FUNKTIONSEVNENIVEAU_IKKE_VURDERET)
            .exists()
        )


class SocialIndsatsTests:
    def test_it_offers_only_leaf_maalgrupper(self, ffb: list[LoadResult]) -> None:
        leaves = set(Kode.objects.maalgrupper().values_list("code", flat=True))
        everything = set(Kode.objects.maalgrupper(leaf_only=False).values_list("code", flat=True))

        assert len(leaves) == 45
        assert ANGST in leaves
        assert PSYKISKE_VANSKELIGHEDER not in leaves
        assert PSYKISKE_VANSKELIGHEDER in everything
        assert codes.MAALGRUPPE not in everything  # the group root itself is not a målgruppe

    def test_it_lists_the_85_ydelser_as_leaves_under_socialpaedagogisk_stoette(
        self, ffb: list[LoadResult]
    ) -> None:
        ydelser = list(Kode.objects.ydelser_85())

        assert len(ydelser) == 14
        assert all(k.is_leaf for k in ydelser)
        assert all(codes.SOCIALPAEDAGOGISK_STOETTE in k.ancestor_codes for k in ydelser)
        assert all(
            k.path.startswith("Social indsats › Ydelse › Socialpædagogisk støtte › ")
            for k in ydelser
        )
        assert "Støtte til daglige opgaver i hjemmet" in {k.display for k in ydelser}

    def test_it_offers_the_8_selectable_tilbud(self, ffb: list[LoadResult]) -> None:
        tilbud = set(Kode.objects.tilbud().values_list("code", flat=True))

        assert len(tilbud) == 8
        assert {codes.MOBILT_TILBUD, codes.ALMEN_AELDRE_OG_HANDICAPVENLIG_BOLIG} <= tilbud


class SmallGroupTests:
    def test_it_lists_the_t4_maaltyper(self, ffb: list[LoadResult]) -> None:
        assert set(Kode.objects.maaltyper().values_list("code", flat=True)) == {
            codes.MAALTYPE_FASTHOLDE,
            codes.MAALTYPE_UDVIKLE,
            codes.MAALTYPE_BEGRAENSE_TAB,
        }

    def test_it_lists_the_t5_follow_up_codes(self, ffb: list[LoadResult]) -> None:
        assert set(Kode.objects.status_paa_indsats().values_list("code", flat=True)) == {
            codes.STATUS_FORTSAETTELSE,
            codes.STATUS_AFSLUTNING_OG_NY_VISITATION,
            codes.STATUS_AFSLUTNING,
        }

    def test_it_lists_the_caresocial_kilder(self, ffb: list[LoadResult]) -> None:
        kilder = list(Kode.objects.kilder())

        assert len(kilder) == 9  # 8 kilder, plus "Udfører" under "Andre"
        assert {k.kodesystem.url for k in kilder} == {codes.CARESOCIAL_URL}
        assert "Borger" in {k.display for k in kilder}

    def test_it_classifies_the_other_caresocial_groups(self, ffb: list[LoadResult]) -> None:
        leveringstyper = Kode.objects.caresocial(Kode.Gruppe.LEVERINGSTYPE)
        assert leveringstyper.count() == 4
        assert Kode.objects.caresocial(Kode.Gruppe.MAALFOKUS).count() == 2
        # Groups not used for § 85 (genoptræning, children) get the catch-all value.
        assert Kode.objects.caresocial(Kode.Gruppe.CARESOCIAL).count() == 7
        assert not Kode.objects.filter(gruppe=Kode.Gruppe.ANDET).exists()

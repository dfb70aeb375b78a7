from __future__ import annotations

from typing import Any

import pytest

from bostotte.ffb import selectors
from bostotte.ffb.models import Kode
from bostotte.ffb.services import LoadResult
from tests.ffb.conftest import HUKOMMELSE, LAVE_MAD

pytestmark = pytest.mark.django_db


class KodeGetTests:
    def test_it_returns_the_current_version_by_default(self, ffb: list[LoadResult]) -> None:
        kode = selectors.kode_get(selectors.AKTIVITET_OG_DELTAGELSE)

        assert kode.display == "Aktivitet og deltagelse"
        assert (kode.kodesystem.url, kode.kodesystem.version) == (selectors.FFB_URL, "20240530")

    def test_it_looks_up_caresocial_codes(self, ffb: list[LoadResult]) -> None:
        kode = selectors.kode_get(selectors.MAAL_FFB_INDSATSMAAL, system=selectors.CARESOCIAL_URL)

        assert kode.display == "FFB indsatsmål"

    def test_it_raises_does_not_exist_for_a_code_of_another_system(
        self, ffb: list[LoadResult]
    ) -> None:
        with pytest.raises(Kode.DoesNotExist):
            selectors.kode_get(selectors.KILDE)  # a CareSocialCodes code, looked up in FFB

    def test_it_returns_the_current_kodesystem(self, ffb: list[LoadResult]) -> None:
        assert selectors.kodesystem_get_current().version == "20240530"
        assert selectors.kodesystem_get_current(url=selectors.CARESOCIAL_URL).version == "20250530"


class UndertemaChoicesTests:
    def test_it_groups_undertemaer_by_tema(
        self, ffb: list[LoadResult], django_assert_num_queries: Any
    ) -> None:
        with django_assert_num_queries(1):
            choices = selectors.undertema_choices()

        assert len(choices) == 11
        assert sum(len(options) for _, options in choices) == 67
        groups = dict(choices)
        assert "Lave mad" in {label for _, label in groups["Praktiske opgaver"]}
        assert "Hukommelse" in {label for _, label in groups["Mentale funktioner"]}

    def test_it_can_offer_only_the_aktivitet_og_deltagelse_undertemaer(
        self, ffb: list[LoadResult]
    ) -> None:
        choices = selectors.undertema_choices(kun_aktivitet_deltagelse=True)

        assert [tema for tema, _ in choices] == [
            "Egenomsorg",
            "Kommunikation",
            "Mobilitet",
            "Praktiske opgaver",
            "Relationer",
            "Samfundsliv",
        ]
        values = {pk for _, options in choices for pk, _ in options}
        assert selectors.kode_get(LAVE_MAD).pk in values
        assert selectors.kode_get(HUKOMMELSE).pk not in values


class OrdinalMapTests:
    def test_it_maps_ordinals_to_funktionsevneniveauer(self, ffb: list[LoadResult]) -> None:
        levels = selectors.funktionsevneniveau_by_ordinal()

        assert {o: k.code for o, k in levels.items()} == {
            0: selectors.FUNKTIONSEVNENIVEAU_INGEN,
            1: selectors.FUNKTIONSEVNENIVEAU_LET,
            2: selectors.FUNKTIONSEVNENIVEAU_MODERAT,
            3: selectors.FUNKTIONSEVNENIVEAU_SVAER,
            4: selectors.FUNKTIONSEVNENIVEAU_FULDSTAENDIG,
        }

    def test_it_maps_ordinals_to_stoettebehov(self, ffb: list[LoadResult]) -> None:
        levels = selectors.stoettebehov_by_ordinal()

        assert [levels[o].display for o in range(5)] == [
            "Intet støttebehov",
            "Let støttebehov",
            "Moderat støttebehov",
            "Højt støttebehov",
            "Fuldstændigt støttebehov",
        ]


class KodeChoicesTests:
    def test_it_lists_pk_and_display_in_queryset_order(self, ffb: list[LoadResult]) -> None:
        choices = selectors.kode_choices(Kode.objects.maaltyper())

        assert [label for _, label in choices] == [
            "Begrænse tab af funktionsevne",
            "Fastholde funktionsevne",
            "Udvikle funktionsevne",
        ]

"""Every well-known code constant exists in the shipped files, in the right CodeSystem."""

from __future__ import annotations

import re

import pytest

from bostotte.ffb import codes
from bostotte.ffb.models import Kode
from bostotte.ffb.services import LoadResult

pytestmark = pytest.mark.django_db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
CONSTANTS = {
    name: value
    for name, value in vars(codes).items()
    if name.isupper() and isinstance(value, str) and UUID.fullmatch(value)
}


class CodesTests:
    def test_it_exports_every_constant(self) -> None:
        assert set(CONSTANTS) <= set(codes.__all__)

    def test_it_finds_every_constant_in_the_current_version(self, ffb: list[LoadResult]) -> None:
        loaded = dict(Kode.objects.current().values_list("code", "kodesystem__url"))

        missing = {name for name, code in CONSTANTS.items() if code not in loaded}
        assert missing == set()
        caresocial = {
            name for name, code in CONSTANTS.items() if loaded[code] == codes.CARESOCIAL_URL
        }
        assert "KILDE" in caresocial
        assert "AKTIVITET_OG_DELTAGELSE" not in caresocial

    def test_it_has_ordinals_only_for_level_codes(self) -> None:
        assert sorted(codes.ORDINALS.values()) == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]

from __future__ import annotations

import pytest

from handleplaner.models import HandleplanVersion
from handleplaner.selectors import handleplan_diff
from handleplaner.services import handleplan_version_create

from ..factories import NOW, written


@pytest.mark.django_db
class HandleplanDiffTests:
    def test_it_lists_changed_fields_with_plain_danish_labels(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        values = {k: getattr(v1, k) for k in HandleplanVersion.INDHOLD}
        values.update(varighed="Halvandet år.", hjaelpemidler="En kalender-app på telefonen.")
        v2 = handleplan_version_create(
            handleplan=v1.handleplan, expected_nummer=1, aendringer="Varighed og hjælpemidler.", actor=cast.anna, now=NOW, **values
        )
        diff = handleplan_diff(v1, v2)
        assert [(d.felt, d.label) for d in diff] == [
            ("varighed", "Hvor længe støtten forventes at vare"),
            ("hjaelpemidler", "Hjælpemidler"),
        ]
        assert (diff[0].foer, diff[0].efter) == ("Et år, derefter ser vi på det igen.", "Halvandet år.")
        assert (diff[1].foer, diff[1].efter) == ("", "En kalender-app på telefonen.")

    def test_yes_no_fields_read_as_ja_nej(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        values = {k: getattr(v1, k) for k in HandleplanVersion.INDHOLD}
        values.update(udarbejdet_med_borger=False, udarbejdet_hvordan="Erik var indlagt; vi gennemgår den sammen senere.")
        v2 = handleplan_version_create(handleplan=v1.handleplan, expected_nummer=1, aendringer="Skrevet uden Erik.", actor=cast.anna, now=NOW, **values)
        diff = {d.felt: d for d in handleplan_diff(v1, v2)}
        assert (diff["udarbejdet_med_borger"].foer, diff["udarbejdet_med_borger"].efter) == ("Ja", "Nej")

    def test_the_first_version_lists_what_is_filled_in(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        felter = [d.felt for d in handleplan_diff(None, v1)]
        assert felter[:3] == ["formaal", "indsats", "varighed"]
        assert "arbejde_uddannelse" not in felter  # empty fields are not "changes"

    def test_identical_versions_have_no_diff(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        assert handleplan_diff(v1, v1) == []

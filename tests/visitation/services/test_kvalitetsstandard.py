from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from visitation import services as s
from visitation.models import Kvalitetsstandard

from ..builders import NOW, make_bevilling


@pytest.mark.django_db
class KvalitetsstandardTests:
    def test_it_publishes_a_new_version_and_supersedes_the_old(self, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        assert draft.version == 2 and draft.status == "kladde"
        assert set(draft.ydelser.all()) == set(ks.ydelser.all())
        draft = s.kvalitetsstandard_update(kvalitetsstandard=draft, actor=cast.bo, sagsbehandlingsfrist_ny_uger=6)
        s.kvalitetsstandard_publish(kvalitetsstandard=draft, actor=cast.bo, now=NOW)
        ks.refresh_from_db()
        assert ks.status == "afloest"
        assert s.kvalitetsstandard_gaeldende(lovgrundlag="sel_85").pk == draft.pk

    def test_it_keeps_decisions_on_the_version_they_were_made_under(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        s.kvalitetsstandard_publish(kvalitetsstandard=draft, actor=cast.bo, now=NOW)
        afg.refresh_from_db()
        assert afg.kvalitetsstandard_id == ks.pk

    def test_it_refuses_a_sagsbehandler(self, cast, ks) -> None:
        with pytest.raises(NotAllowedError):
            s.kvalitetsstandard_new_version(fra=ks, actor=cast.anna, now=NOW)

    def test_it_refuses_to_edit_a_published_version(self, cast, ks) -> None:
        with pytest.raises(ApplicationError, match="ny version"):
            s.kvalitetsstandard_update(kvalitetsstandard=ks, actor=cast.bo, titel="x")

    def test_it_refuses_a_second_draft(self, cast, ks) -> None:
        s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        with pytest.raises(ApplicationError, match="kladde"):
            s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)

    def test_it_refuses_to_publish_an_incomplete_draft(self, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        s.kvalitetsstandard_update(kvalitetsstandard=draft, actor=cast.bo, kontakt="")
        with pytest.raises(ApplicationError, match="kontaktoplysninger"):
            s.kvalitetsstandard_publish(kvalitetsstandard=draft, actor=cast.bo, now=NOW)

    def test_the_database_allows_one_published_version(self, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            Kvalitetsstandard.objects.filter(pk=draft.pk).update(status="publiceret")


@pytest.mark.django_db
class KvalitetsstandardUdskrivningOpfoelgningTests:
    """`udskrivning_opfoelgning_arbejdsdage`: the discharge follow-up frist the deadline engine uses."""

    def test_it_defaults_to_five_working_days_and_is_copied_to_a_new_version(self, cast, ks) -> None:
        assert ks.udskrivning_opfoelgning_arbejdsdage == 5
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        draft = s.kvalitetsstandard_update(kvalitetsstandard=draft, actor=cast.bo, udskrivning_opfoelgning_arbejdsdage=3)
        s.kvalitetsstandard_publish(kvalitetsstandard=draft, actor=cast.bo, now=NOW)
        assert s.kvalitetsstandard_gaeldende(lovgrundlag="sel_85").udskrivning_opfoelgning_arbejdsdage == 3
        again = s.kvalitetsstandard_new_version(fra=draft, actor=cast.bo, now=NOW)
        assert again.udskrivning_opfoelgning_arbejdsdage == 3

    @pytest.mark.parametrize(
        ("value", "message"),
        [(0, "skal være mindst 1 arbejdsdag"), (31, "kan højst være 30 arbejdsdage")],
    )
    def test_the_service_refuses_a_value_out_of_range_in_danish(self, cast, ks, value, message) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        with pytest.raises(ValidationError) as exc:
            s.kvalitetsstandard_update(kvalitetsstandard=draft, actor=cast.bo, udskrivning_opfoelgning_arbejdsdage=value)
        assert message in " ".join(exc.value.message_dict["udskrivning_opfoelgning_arbejdsdage"])
        draft.refresh_from_db()
        assert draft.udskrivning_opfoelgning_arbejdsdage == 5

    @pytest.mark.parametrize("value", [0, 31])
    def test_the_database_refuses_a_value_out_of_range(self, cast, ks, value) -> None:
        with pytest.raises(IntegrityError, match="visitation_kvalitetsstandard_udskrivning_opfoelgning_range"), transaction.atomic():
            Kvalitetsstandard.objects.filter(pk=ks.pk).update(udskrivning_opfoelgning_arbejdsdage=value)

    def test_the_bounds_are_allowed(self, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        for value in (1, 30):
            draft = s.kvalitetsstandard_update(kvalitetsstandard=draft, actor=cast.bo, udskrivning_opfoelgning_arbejdsdage=value)
            draft.refresh_from_db()
            assert draft.udskrivning_opfoelgning_arbejdsdage == value

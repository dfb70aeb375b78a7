from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ConflictError, NotAllowedError
from bostotte.core.models import Journalnotat
from handleplaner.models import Handleplan
from handleplaner.services import (
    handleplan_answer,
    handleplan_get_or_create,
    handleplan_offer,
    handleplan_tilbud_save,
)

from ..builders import make_bevilling

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 6, 10, 12, 0, tzinfo=CPH)


def _save(plan: Handleplan, actor, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "omfattet_stk2": plan.omfattet_stk2, "vurdering_begrundelse": plan.vurdering_begrundelse,
        "tilbudt_on": plan.tilbudt_on, "tilbudt_maade": plan.tilbudt_maade, "svar": plan.svar, "svar_on": plan.svar_on,
        "del_med_leverandoer": plan.del_med_leverandoer, "expected_version": plan.version,
    }
    values.update(overrides)
    return handleplan_tilbud_save(handleplan=plan, actor=actor, now=NOW, **values)


@pytest.mark.django_db
class HandleplanTilbudTests:
    def test_it_defaults_to_covered_by_stk2_for_a_85_bevilling(self, cast, ffb) -> None:
        make_bevilling(cast.sag_erik)
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        assert plan.omfattet_stk2 is True

    def test_it_leaves_the_assessment_open_without_a_85_bevilling(self, cast, ffb) -> None:
        make_bevilling(cast.sag_erik, lovgrundlag="sel_82b")
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        assert plan.omfattet_stk2 is None

    def test_it_records_the_offer_and_journals_it(self, cast, ffb) -> None:
        make_bevilling(cast.sag_erik)
        plan = handleplan_offer(sag=cast.sag_erik, tilbudt_on=date(2026, 6, 9), tilbudt_maade="moede", actor=cast.anna, now=NOW)
        assert plan.tilbudt_on == date(2026, 6, 9)
        assert plan.svar == Handleplan.Svar.IKKE_BESLUTTET
        assert plan.tilbudt_af == cast.anna
        assert Journalnotat.objects.filter(sag=cast.sag_erik, emne="Handleplan tilbudt").exists()

    def test_it_refuses_an_offer_dated_in_the_future(self, cast, ffb) -> None:
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        with pytest.raises(ValidationError) as exc:
            _save(plan, cast.anna, tilbudt_on=date(2026, 6, 11), tilbudt_maade="brev")
        assert "tilbudt_on" in exc.value.message_dict

    def test_it_requires_how_the_plan_was_offered(self, cast, ffb) -> None:
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        with pytest.raises(ValidationError) as exc:
            _save(plan, cast.anna, tilbudt_on=date(2026, 6, 1), tilbudt_maade="")
        assert "tilbudt_maade" in exc.value.message_dict

    def test_it_requires_a_reason_when_not_covered_by_stk2(self, cast, ffb) -> None:
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        with pytest.raises(ValidationError) as exc:
            _save(plan, cast.anna, omfattet_stk2=False, vurdering_begrundelse=" ")
        assert "vurdering_begrundelse" in exc.value.message_dict
        plan = _save(plan, cast.anna, omfattet_stk2=False, vurdering_begrundelse="Borgeren ønsker kun kortvarig støtte.")
        assert plan.omfattet_stk2 is False

    def test_the_database_refuses_not_covered_without_a_reason(self, cast, ffb) -> None:
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        with pytest.raises(IntegrityError), transaction.atomic():
            Handleplan.objects.filter(pk=plan.pk).update(omfattet_stk2=False, vurdering_begrundelse="")

    def test_it_refuses_an_answer_before_the_offer(self, cast, ffb) -> None:
        plan = handleplan_offer(sag=cast.sag_erik, tilbudt_on=date(2026, 6, 5), tilbudt_maade="moede", actor=cast.anna, now=NOW)
        with pytest.raises(ValidationError) as exc:
            handleplan_answer(handleplan=plan, svar="accepteret", svar_on=date(2026, 6, 4), actor=cast.anna, now=NOW)
        assert "svar_on" in exc.value.message_dict

    def test_it_requires_the_answer_date_for_yes_and_no(self, cast, ffb) -> None:
        plan = handleplan_offer(sag=cast.sag_erik, tilbudt_on=date(2026, 6, 5), tilbudt_maade="moede", actor=cast.anna, now=NOW)
        with pytest.raises(ValidationError) as exc:
            handleplan_answer(handleplan=plan, svar="afslaaet", svar_on=None, actor=cast.anna, now=NOW)
        assert "svar_on" in exc.value.message_dict

    def test_it_records_a_declined_offer(self, cast, ffb) -> None:
        plan = handleplan_offer(sag=cast.sag_erik, tilbudt_on=date(2026, 6, 5), tilbudt_maade="telefon", actor=cast.anna, now=NOW)
        plan = handleplan_answer(handleplan=plan, svar="afslaaet", svar_on=date(2026, 6, 8), actor=cast.anna, now=NOW)
        assert plan.svar == "afslaaet"
        assert Journalnotat.objects.filter(sag=cast.sag_erik, emne="Svar på tilbud om handleplan").exists()

    def test_it_refuses_to_remove_a_recorded_offer(self, cast, ffb) -> None:
        plan = handleplan_offer(sag=cast.sag_erik, tilbudt_on=date(2026, 6, 5), tilbudt_maade="moede", actor=cast.anna, now=NOW)
        with pytest.raises(ValidationError) as exc:
            _save(plan, cast.anna, tilbudt_on=None, tilbudt_maade="", svar="")
        assert "tilbudt_on" in exc.value.message_dict

    def test_the_database_refuses_an_answer_without_an_offer(self, cast, ffb) -> None:
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        with pytest.raises(IntegrityError), transaction.atomic():
            Handleplan.objects.filter(pk=plan.pk).update(svar="accepteret", svar_on=date(2026, 6, 1))

    def test_it_refuses_the_leverandoer_and_other_teams(self, plan, ffb) -> None:
        hp = handleplan_get_or_create(sag=plan.sag_erik, actor=plan.anna)
        for user in (plan.lise, plan.dorte, plan.carl):
            with pytest.raises(NotAllowedError):
                _save(hp, user, tilbudt_on=date(2026, 6, 1), tilbudt_maade="moede")

    def test_it_refuses_a_stale_form(self, cast, ffb) -> None:
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        stale = plan.version
        _save(plan, cast.anna, tilbudt_on=date(2026, 6, 1), tilbudt_maade="moede")
        plan.refresh_from_db()
        with pytest.raises(ConflictError):
            _save(plan, cast.anders, expected_version=stale, tilbudt_on=date(2026, 6, 2), tilbudt_maade="brev")

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from handleplaner.selectors import plan_tree_for
from handleplaner.services import (
    delmaal_create,
    evaluering_create,
    handleplan_answer,
    handleplan_offer,
    paedagogisk_plan_create,
)

from ..builders import SHARED_TEXT, UNSHARED_TEXT
from ..factories import INDHOLD, NOW, written


def _fields(tree) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {name: value for name, _label, value in tree.handleplan.felter} if tree.handleplan else {}


@pytest.mark.django_db
class PlanTreeTests:
    def test_the_myndighed_sees_the_whole_plan(self, plan) -> None:
        written(plan.sag_erik, plan.anna)
        tree = plan_tree_for(plan.anna, plan.sag_erik)
        assert tree.visning == "myndighed" and tree.kan_redigere_handleplan
        assert _fields(tree)["behandling"] == INDHOLD["behandling"]
        assert [m.maal for m in tree.bestillinger[0].indsatsmaal] == list(plan.bestilling.indsatsmaal.all())

    def test_the_leverandoer_sees_goals_but_not_an_undecided_handleplan(self, plan) -> None:
        written(plan.sag_erik, plan.anna, svar="ikke_besluttet")
        tree = plan_tree_for(plan.dorte, plan.sag_erik)
        assert tree.visning == "leverandoer" and tree.handleplan is None
        assert "deles ikke" in tree.handleplan_besked
        node = tree.bestillinger[0]
        assert node.indsatsformaal == plan.bestilling.indsatsformaal and len(node.indsatsmaal) == 2
        assert node.kan_redigere

    def test_a_declined_handleplan_still_leaves_the_goals_with_the_leverandoer(self, plan) -> None:


        hp = handleplan_offer(sag=plan.sag_erik, tilbudt_on=date(2026, 6, 1), tilbudt_maade="moede", actor=plan.anna, now=NOW)
        handleplan_answer(handleplan=hp, svar="afslaaet", svar_on=date(2026, 6, 2), actor=plan.anna, now=NOW)
        tree = plan_tree_for(plan.lise, plan.sag_erik)
        assert tree.handleplan is None and len(tree.bestillinger[0].indsatsmaal) == 2

    def test_the_leverandoer_sees_only_the_shared_parts_of_an_accepted_plan(self, plan) -> None:
        written(plan.sag_erik, plan.anna, svar="accepteret")
        fields = _fields(plan_tree_for(plan.dorte, plan.sag_erik))
        assert fields["formaal"] == INDHOLD["formaal"] and fields["borgers_ord"] == INDHOLD["borgers_ord"]
        assert "behandling" not in fields

    def test_the_citizen_can_say_no_to_sharing(self, plan) -> None:
        written(plan.sag_erik, plan.anna, svar="accepteret", del_med_leverandoer=False)
        assert plan_tree_for(plan.dorte, plan.sag_erik).handleplan is None

    def test_the_leverandoer_sees_shared_tilstande_only(self, plan) -> None:
        tree = plan_tree_for(plan.dorte, plan.sag_erik)
        texts = [t.beskrivelse for t in tree.bestillinger[0].delte_tilstande]
        assert texts == [SHARED_TEXT] and UNSHARED_TEXT not in texts

    def test_outsiders_get_404(self, plan) -> None:
        for user in (plan.carl, plan.frank, plan.lars, plan.gitte_user, plan.hans):
            with pytest.raises(Http404):
                plan_tree_for(user, plan.sag_erik)

    def test_the_citizen_gets_their_own_tree(self, plan) -> None:
        written(plan.sag_erik, plan.anna)
        tree = plan_tree_for(plan.erik_user, plan.sag_erik)
        assert tree.visning == "borger" and not tree.kan_redigere_handleplan
        assert _fields(tree)["behandling"] == INDHOLD["behandling"]

    def test_delmaal_and_latest_progress_hang_under_their_indsatsmaal(self, plan, django_assert_max_num_queries) -> None:
        p = paedagogisk_plan_create(bestilling=plan.bestilling, actor=plan.dorte, now=NOW)
        maal = plan.bestilling.indsatsmaal.first()
        d = delmaal_create(plan=p, indsatsmaal=maal, titel="Lave mad", actor=plan.dorte, now=NOW)
        evaluering_create(delmaal=d, score=-1, actor=plan.dorte, now=NOW.replace(month=3))
        evaluering_create(delmaal=d, score=1, actor=plan.dorte, now=NOW)
        evaluering_create(indsatsmaal=maal, score=0, actor=plan.anna, now=NOW)
        tree = plan_tree_for(plan.anna, plan.sag_erik)
        node = tree.bestillinger[0].indsatsmaal[0]
        assert node.seneste.score == 0 and node.delmaal[0].maal == d
        assert [e.score for e in node.delmaal[0].historik] == [1, -1]

    def test_the_query_count_does_not_grow_with_the_tree(self, plan, django_assert_num_queries) -> None:
        written(plan.sag_erik, plan.anna)
        p = paedagogisk_plan_create(bestilling=plan.bestilling, actor=plan.dorte, now=NOW)
        maal = plan.bestilling.indsatsmaal.first()
        d = delmaal_create(plan=p, indsatsmaal=maal, titel="Lave mad", actor=plan.dorte, now=NOW)
        evaluering_create(delmaal=d, score=0, actor=plan.dorte, now=NOW)
        with CaptureQueriesContext(connection) as small:
            plan_tree_for(plan.anna, plan.sag_erik)
        for i in range(2, 8):
            d = delmaal_create(plan=p, indsatsmaal=maal, titel=f"Delmål {i}", actor=plan.dorte, now=NOW)
            evaluering_create(delmaal=d, score=1, actor=plan.dorte, now=NOW)
            evaluering_create(indsatsmaal=maal, score=1, actor=plan.anna, now=NOW)
        with django_assert_num_queries(len(small.captured_queries)):
            plan_tree_for(plan.anna, plan.sag_erik)

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, transaction

from bostotte.core.exceptions import NotAllowedError
from handleplaner.models import Evaluering
from handleplaner.selectors import evaluering_historik
from handleplaner.services import delmaal_create, evaluering_create, paedagogisk_plan_create

from ..factories import NOW


@pytest.fixture
def delmaal(plan):  # type: ignore[no-untyped-def]
    p = paedagogisk_plan_create(bestilling=plan.bestilling, actor=plan.dorte, now=NOW)
    return delmaal_create(plan=p, indsatsmaal=plan.bestilling.indsatsmaal.first(), titel="Lave mad", actor=plan.dorte, now=NOW)


@pytest.mark.django_db
class EvalueringCreateTests:
    def test_the_bostoette_rates_a_delmaal(self, plan, delmaal) -> None:
        e = evaluering_create(delmaal=delmaal, score=1, note="Erik lavede mad to gange.", actor=plan.dorte, now=NOW)
        assert (e.rolle, e.vurderet_af, e.vurderet_at, e.score) == ("bostoette", plan.dorte, NOW, 1)

    def test_the_sagsbehandler_rates_an_indsatsmaal(self, plan) -> None:
        e = evaluering_create(indsatsmaal=plan.bestilling.indsatsmaal.first(), score=0, actor=plan.anna, now=NOW)
        assert e.rolle == "sagsbehandler"

    def test_the_citizen_rates_their_own_goal(self, plan, delmaal) -> None:
        assert evaluering_create(delmaal=delmaal, score=2, actor=plan.erik_user, now=NOW).rolle == "borger"

    def test_outsiders_may_not_rate(self, plan, delmaal) -> None:
        for user in (plan.lars, plan.frank, plan.carl, plan.gitte_user, plan.hans):
            with pytest.raises(NotAllowedError):
                evaluering_create(delmaal=delmaal, score=0, actor=user, now=NOW)

    def test_it_needs_exactly_one_target(self, plan, delmaal) -> None:
        with pytest.raises(ValidationError):
            evaluering_create(delmaal=delmaal, indsatsmaal=delmaal.indsatsmaal, score=0, actor=plan.dorte, now=NOW)
        with pytest.raises(ValidationError):
            evaluering_create(score=0, actor=plan.dorte, now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            Evaluering.objects.create(delmaal=delmaal, indsatsmaal=delmaal.indsatsmaal, score=0, vurderet_af=plan.dorte, rolle="bostoette", vurderet_at=NOW)

    @pytest.mark.parametrize("score", [-3, 3, "x"])
    def test_the_score_is_minus_two_to_plus_two(self, plan, delmaal, score) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            evaluering_create(delmaal=delmaal, score=score, actor=plan.dorte, now=NOW)
        assert "score" in exc.value.message_dict

    def test_the_database_refuses_a_score_outside_the_scale(self, plan, delmaal) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Evaluering.objects.create(delmaal=delmaal, score=5, vurderet_af=plan.dorte, rolle="bostoette", vurderet_at=NOW)

    def test_ratings_are_never_changed(self, plan, delmaal) -> None:
        e = evaluering_create(delmaal=delmaal, score=-1, actor=plan.dorte, now=NOW)
        with pytest.raises(ProgrammingError), transaction.atomic():
            Evaluering.objects.filter(pk=e.pk).update(score=2)

    def test_the_history_shows_progress_over_time(self, plan, delmaal) -> None:
        for weeks, score in ((8, -2), (4, -1), (0, 1)):
            evaluering_create(delmaal=delmaal, score=score, actor=plan.dorte, now=NOW - timedelta(weeks=weeks))
        assert [e.score for e in evaluering_historik(delmaal=delmaal)] == [1, -1, -2]

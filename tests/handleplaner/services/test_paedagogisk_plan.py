from __future__ import annotations

from datetime import date, timedelta

import pghistory.models
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, ConflictError, NotAllowedError
from handleplaner.models import Delmaal, PaedagogiskPlan
from handleplaner.services import (
    delmaal_create,
    delmaal_update,
    paedagogisk_plan_create,
    paedagogisk_plan_update,
)

from ..builders import make_bestilling
from ..factories import NOW


def _plan(c, actor=None):  # type: ignore[no-untyped-def]
    return paedagogisk_plan_create(
        bestilling=c.bestilling, actor=actor or c.dorte, borger_tilbudt_forberedelse=True,
        forberedelse_on=date(2026, 6, 1), udarbejdet="sammen", now=NOW,
    )


@pytest.mark.django_db
class PaedagogiskPlanCreateTests:
    def test_the_assigned_bostoette_creates_the_plan(self, plan) -> None:
        p = _plan(plan)
        assert (p.udarbejdet, p.forberedelse_on, p.oprettet_af) == ("sammen", date(2026, 6, 1), plan.dorte)

    def test_the_leverandoerleder_may_create_it(self, plan) -> None:
        assert _plan(plan, plan.lise).oprettet_af == plan.lise

    def test_others_may_not(self, plan) -> None:
        for user in (plan.anna, plan.frank, plan.lars):
            with pytest.raises(NotAllowedError):
                _plan(plan, user)

    def test_an_ended_assignment_no_longer_allows_it(self, plan) -> None:
        plan.bestilling.tildelinger.update(ends_on=date(2026, 6, 5))
        with pytest.raises(NotAllowedError):
            _plan(plan)

    def test_it_needs_an_accepted_bestilling(self, cast, ffb) -> None:
        bestilling = make_bestilling(cast.sag_erik, cast.lev_nord, status="sendt")
        with pytest.raises(ApplicationError) as exc:
            paedagogisk_plan_create(bestilling=bestilling, actor=None, now=NOW)
        assert exc.value.code == "ikke_accepteret"
        with pytest.raises(NotAllowedError):  # nobody can be assigned to an order that is not live
            paedagogisk_plan_create(bestilling=bestilling, actor=cast.lise, now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            PaedagogiskPlan.objects.create(bestilling=bestilling)

    def test_one_plan_per_bestilling(self, plan) -> None:
        _plan(plan)
        with pytest.raises(ApplicationError):
            _plan(plan, plan.lise)

    def test_time_to_prepare_needs_a_date(self, plan) -> None:
        with pytest.raises(ValidationError) as exc:
            paedagogisk_plan_create(bestilling=plan.bestilling, actor=plan.dorte, borger_tilbudt_forberedelse=True, now=NOW)
        assert "forberedelse_on" in exc.value.message_dict
        p = paedagogisk_plan_create(bestilling=plan.bestilling, actor=plan.dorte, now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            PaedagogiskPlan.objects.filter(pk=p.pk).update(borger_tilbudt_forberedelse=True)

    def test_the_database_refuses_an_unknown_way_of_making_it(self, plan) -> None:
        p = _plan(plan)
        with pytest.raises(IntegrityError), transaction.atomic():
            PaedagogiskPlan.objects.filter(pk=p.pk).update(udarbejdet="alene")


@pytest.mark.django_db
class PaedagogiskPlanUpdateTests:
    def test_a_revision_counts_up_dates_and_keeps_history(self, plan) -> None:
        p = _plan(plan)
        p = paedagogisk_plan_update(
            plan=p, expected_revision=1, actor=plan.dorte, borger_tilbudt_forberedelse=True, forberedelse_on=date(2026, 6, 1),
            udarbejdet="mest_borger", borgers_ord="Jeg vil klare mig selv.", tilgang="Recovery", now=NOW + timedelta(days=1),
        )
        assert (p.revision, p.revideret_on, p.udarbejdet) == (2, date(2026, 6, 11), "mest_borger")
        events = pghistory.models.Events.objects.references(p).filter(pgh_model="handleplaner.PaedagogiskPlanEvent")
        assert events.count() >= 2

    def test_a_stale_form_is_refused(self, plan) -> None:
        p = _plan(plan)
        with pytest.raises(ConflictError):
            paedagogisk_plan_update(
                plan=p, expected_revision=0, actor=plan.dorte, borger_tilbudt_forberedelse=False, forberedelse_on=None,
                udarbejdet="", borgers_ord="", tilgang="", now=NOW,
            )

    def test_the_myndighed_may_not_edit(self, plan) -> None:
        p = _plan(plan)
        with pytest.raises(NotAllowedError):
            paedagogisk_plan_update(
                plan=p, expected_revision=1, actor=plan.anna, borger_tilbudt_forberedelse=False, forberedelse_on=None,
                udarbejdet="", borgers_ord="", tilgang="", now=NOW,
            )


@pytest.mark.django_db
class DelmaalTests:
    def test_the_bostoette_adds_a_delmaal_under_an_indsatsmaal(self, plan) -> None:
        p = _plan(plan)
        maal = plan.bestilling.indsatsmaal.first()
        d = delmaal_create(
            plan=p, indsatsmaal=maal, titel="Lave aftensmad to gange om ugen", borgers_ord="Jeg vil kunne lave lasagne.",
            metoder=["recovery", "kognitiv"], aktiviteter="Vi handler ind om tirsdagen.", actor=plan.dorte, now=NOW,
        )
        assert (d.indsatsmaal, d.metoder, d.status) == (maal, ["recovery", "kognitiv"], "aktiv")
        p.refresh_from_db()
        assert p.revideret_on == date(2026, 6, 10)

    def test_an_indsatsmaal_from_another_bestilling_is_refused(self, plan) -> None:
        p = _plan(plan)
        other = make_bestilling(plan.sag_gitte, plan.lev_nord)
        foreign = other.indsatsmaal.first()
        with pytest.raises(ValidationError) as exc:
            delmaal_create(plan=p, indsatsmaal=foreign, titel="X", actor=plan.dorte, now=NOW)
        assert "indsatsmaal" in exc.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            Delmaal.objects.create(plan=p, indsatsmaal=foreign, titel="X")

    def test_the_myndighed_may_not_add_delmaal(self, plan) -> None:
        p = _plan(plan)
        with pytest.raises(NotAllowedError):
            delmaal_create(plan=p, indsatsmaal=plan.bestilling.indsatsmaal.first(), titel="X", actor=plan.anna, now=NOW)

    def test_unknown_methods_are_refused(self, plan) -> None:
        p = _plan(plan)
        maal = plan.bestilling.indsatsmaal.first()
        with pytest.raises(ValidationError) as exc:
            delmaal_create(plan=p, indsatsmaal=maal, titel="X", metoder=["hypnose"], actor=plan.dorte, now=NOW)
        assert "metoder" in exc.value.message_dict
        d = delmaal_create(plan=p, indsatsmaal=maal, titel="X", actor=plan.dorte, now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            Delmaal.objects.filter(pk=d.pk).update(metoder=["hypnose"])

    def test_a_delmaal_is_updated_and_marked_reached(self, plan) -> None:
        p = _plan(plan)
        d = delmaal_create(plan=p, indsatsmaal=plan.bestilling.indsatsmaal.first(), titel="Handle ind", actor=plan.dorte, now=NOW)
        d = delmaal_update(
            delmaal=d, titel="Handle ind selv", borgers_ord="", metoder=["sft"], aktiviteter="", status="opnaaet",
            actor=plan.lise, now=NOW,
        )
        assert (d.titel, d.status) == ("Handle ind selv", "opnaaet")
        with pytest.raises(NotAllowedError):
            delmaal_update(delmaal=d, titel="Y", borgers_ord="", metoder=[], aktiviteter="", status="aktiv", actor=plan.anna, now=NOW)

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from levering.models import Besoeg
from portal.models import Besoegsanmodning
from portal.services import besoegsanmodning_create, besoegsanmodning_handle
from tests.portal.conftest import NOW

pytestmark = pytest.mark.django_db


def _create(cast, lev, **kw):  # type: ignore[no-untyped-def]
    args = {
        "borger": cast.erik, "besoeg": lev.planned[0], "art": "flyt", "begrundelse": "Jeg skal til lægen",
        "oensket_tid": "Gerne om eftermiddagen", "actor": cast.erik_user, "now": NOW,
    }
    args.update(kw)
    return besoegsanmodning_create(**args)


class BesoegsanmodningCreateTests:
    def test_it_records_the_wish_with_the_visit_time(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        a = _create(cast, lev)
        assert (a.status, a.art, a.begrundelse, a.oensket_tid, a.oprettet_af, a.sag) == (
            "ny", "flyt", "Jeg skal til lægen", "Gerne om eftermiddagen", cast.erik_user, cast.sag_erik,
        )
        assert a.besoeg_start == lev.planned[0].starts_at
        assert a.events.count() == 1

    def test_a_cancellation_keeps_no_wished_time(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        assert _create(cast, lev, art="aflys").oensket_tid == ""

    def test_it_needs_a_reason_and_a_kind(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            _create(cast, lev, begrundelse="   ", art="slet")
        assert exc.value.message_dict == {
            "begrundelse": ["Skriv kort, hvorfor."], "art": ["Vælg, om du vil aflyse eller flytte besøget."],
        }
        assert not Besoegsanmodning.objects.exists()

    def test_it_refuses_a_visit_that_is_over(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ApplicationError) as exc:
            _create(cast, lev, besoeg=lev.past)
        assert exc.value.code == "besoeg_ikke_planlagt"

    def test_it_refuses_a_planned_visit_whose_time_has_passed(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ApplicationError):
            _create(cast, lev, now=lev.planned[0].starts_at + timedelta(minutes=1))

    def test_it_refuses_someone_elses_visit(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(NotAllowedError):
            _create(cast, lev, borger=cast.gitte)

    def test_it_refuses_a_second_open_wish_for_the_same_visit(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        _create(cast, lev)
        with pytest.raises(ApplicationError) as exc:
            _create(cast, lev, art="aflys")
        assert exc.value.code == "allerede_sendt"

    def test_the_database_refuses_a_second_open_wish(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        a = _create(cast, lev)
        with pytest.raises(IntegrityError), transaction.atomic():
            Besoegsanmodning.objects.create(
                borger=cast.erik, sag=cast.sag_erik, besoeg=a.besoeg, besoeg_start=a.besoeg_start, art="aflys", begrundelse="x"
            )

    def test_the_database_refuses_a_handled_wish_without_a_date(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        a = _create(cast, lev)
        with pytest.raises(IntegrityError), transaction.atomic():
            Besoegsanmodning.objects.filter(pk=a.pk).update(status="behandlet")

    def test_the_database_refuses_an_empty_reason(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(IntegrityError), transaction.atomic():
            Besoegsanmodning.objects.create(
                borger=cast.erik, sag=cast.sag_erik, besoeg=lev.planned[1], besoeg_start=NOW, art="aflys", begrundelse=""
            )

    def test_it_does_not_change_the_visit_itself(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        _create(cast, lev, art="aflys")
        assert Besoeg.objects.get(pk=lev.planned[0].pk).status == "planlagt"


class BesoegsanmodningHandleTests:
    def test_it_marks_the_wish_handled_with_an_answer(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        a = _create(cast, lev)
        later = NOW + timedelta(hours=2)
        done = besoegsanmodning_handle(anmodning=a, actor=cast.dorte, svar="Vi ses torsdag kl. 14 i stedet.", now=later)
        assert (done.status, done.behandlet_at, done.behandlet_af, done.svar) == (
            "behandlet", later, cast.dorte, "Vi ses torsdag kl. 14 i stedet.",
        )

    def test_it_refuses_to_handle_twice(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        a = _create(cast, lev)
        besoegsanmodning_handle(anmodning=a, actor=cast.dorte, now=NOW)
        with pytest.raises(ApplicationError) as exc:
            besoegsanmodning_handle(anmodning=a, actor=cast.dorte, now=NOW)
        assert exc.value.code == "allerede_behandlet"

    def test_after_handling_a_new_wish_for_the_same_visit_is_allowed(self, cast, lev) -> None:  # type: ignore[no-untyped-def]
        a = _create(cast, lev)
        besoegsanmodning_handle(anmodning=a, actor=cast.dorte, now=NOW)
        assert _create(cast, lev).status == "ny"

"""`handleplan_frist_of` (the case page, from already loaded afgørelser) answers exactly what
`handleplan_frist_for` (one query) answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handleplaner.selectors import handleplan_frist_for, handleplan_frist_of
from visitation.models import Afgoerelse

from ..builders import make_bevilling

pytestmark = pytest.mark.django_db


def _loaded(sag):  # type: ignore[no-untyped-def]
    return list(Afgoerelse.objects.filter(sag=sag).select_related("kvalitetsstandard"))


class HandleplanFristOfTests:
    def test_it_uses_the_copenhagen_date_of_the_decision(self, cast) -> None:  # type: ignore[no-untyped-def]
        # 23:30 UTC on 30 April is 1 May in Copenhagen: the deadline is 1 May + 30 days.
        make_bevilling(
            cast.sag_erik, truffet_at=datetime(2026, 4, 30, 23, 30, tzinfo=UTC), frist_dage=30
        )
        frist = handleplan_frist_of(_loaded(cast.sag_erik))
        assert frist == handleplan_frist_for(sag=cast.sag_erik)
        assert frist is not None and frist.isoformat() == "2026-05-31"

    def test_the_earliest_active_bevilling_counts_and_inactive_ones_do_not(self, cast) -> None:  # type: ignore[no-untyped-def]
        make_bevilling(
            cast.sag_erik,
            truffet_at=datetime(2026, 3, 1, 10, tzinfo=UTC),
            frist_dage=60,
            lovgrundlag="sel_85",
        )
        gammel = make_bevilling(
            cast.sag_erik,
            truffet_at=datetime(2026, 1, 1, 10, tzinfo=UTC),
            frist_dage=10,
            lovgrundlag="sel_82b",
        )
        Afgoerelse.objects.filter(pk=gammel.pk).update(er_aktiv=False)
        make_bevilling(
            cast.sag_erik,
            truffet_at=datetime(2026, 3, 20, 10, tzinfo=UTC),
            frist_dage=20,
            lovgrundlag="sel_85a",
        )
        frist = handleplan_frist_of(_loaded(cast.sag_erik))
        assert frist == handleplan_frist_for(sag=cast.sag_erik)
        assert frist is not None and frist.isoformat() == "2026-04-09"

    def test_no_active_bevilling_no_deadline(self, cast) -> None:  # type: ignore[no-untyped-def]
        assert handleplan_frist_of(_loaded(cast.sag_erik)) is None
        assert handleplan_frist_for(sag=cast.sag_erik) is None

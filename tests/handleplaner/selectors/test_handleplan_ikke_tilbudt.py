from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bostotte.core.services.sag import sag_close
from handleplaner.selectors import handleplan_ikke_tilbudt
from handleplaner.services import handleplan_get_or_create, handleplan_offer, handleplan_tilbud_save

from ..builders import make_bevilling

CPH = ZoneInfo("Europe/Copenhagen")
TRUFFET = datetime(2026, 5, 1, 10, 0, tzinfo=CPH)


def _at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 12, 0, tzinfo=CPH)


@pytest.mark.django_db
class HandleplanIkkeTilbudtTests:
    def test_it_flags_a_case_the_day_after_the_deadline(self, cast, ffb) -> None:
        make_bevilling(cast.sag_erik, truffet_at=TRUFFET, frist_dage=30)
        assert not handleplan_ikke_tilbudt(now=_at(date(2026, 5, 31))).exists()  # the last day to offer
        flagged = list(handleplan_ikke_tilbudt(now=_at(date(2026, 6, 1))))
        assert flagged == [cast.sag_erik]
        assert flagged[0].handleplan_frist_on == date(2026, 5, 31)

    def test_the_deadline_comes_from_the_kvalitetsstandard(self, cast, ffb) -> None:
        make_bevilling(cast.sag_erik, truffet_at=TRUFFET, frist_dage=14)
        assert handleplan_ikke_tilbudt(now=_at(date(2026, 5, 16))).exists()

    def test_an_offer_clears_the_flag(self, cast, ffb) -> None:
        make_bevilling(cast.sag_erik, truffet_at=TRUFFET)
        handleplan_offer(sag=cast.sag_erik, tilbudt_on=date(2026, 6, 3), tilbudt_maade="brev", actor=cast.anna, now=_at(date(2026, 6, 3)))
        assert not handleplan_ikke_tilbudt(now=_at(date(2026, 6, 10))).exists()

    def test_a_reasoned_not_covered_assessment_clears_the_flag(self, cast, ffb) -> None:
        make_bevilling(cast.sag_erik, truffet_at=TRUFFET)
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        assert handleplan_ikke_tilbudt(now=_at(date(2026, 6, 10))).exists()  # a record alone is no offer
        handleplan_tilbud_save(
            handleplan=plan, omfattet_stk2=False, vurdering_begrundelse="Kortvarig støtte efter borgerens ønske.",
            tilbudt_on=None, tilbudt_maade="", svar="", svar_on=None, del_med_leverandoer=True, expected_version=plan.version,
            actor=cast.anna, now=_at(date(2026, 6, 10)),
        )
        assert not handleplan_ikke_tilbudt(now=_at(date(2026, 6, 10))).exists()

    def test_no_active_bevilling_no_flag(self, cast, ffb) -> None:
        afg = make_bevilling(cast.sag_erik, truffet_at=TRUFFET)
        type(afg).objects.filter(pk=afg.pk).update(er_aktiv=False)
        assert not handleplan_ikke_tilbudt(now=_at(date(2026, 7, 1))).exists()

    def test_a_closed_case_is_not_flagged(self, cast, ffb) -> None:
        make_bevilling(cast.sag_erik, truffet_at=TRUFFET)
        sag_close(sag=cast.sag_erik, closed_on=cast.sag_erik.opened_on, begrundelse="Flyttet", actor=cast.anna)
        assert not handleplan_ikke_tilbudt(now=_at(date(2026, 7, 1))).exists()

    def test_the_bevilling_date_is_the_danish_date_across_dst(self, cast, ffb) -> None:
        # 00:30 on 29 March 2026 in Copenhagen is still 28 March in UTC (DST starts 02:00 that night).
        make_bevilling(cast.sag_erik, truffet_at=datetime(2026, 3, 29, 0, 30, tzinfo=CPH), frist_dage=30)
        assert not handleplan_ikke_tilbudt(now=_at(date(2026, 4, 28))).exists()
        assert handleplan_ikke_tilbudt(now=_at(date(2026, 4, 29))).exists()

    def test_several_cases_in_one_query(self, cast, ffb, django_assert_num_queries) -> None:
        make_bevilling(cast.sag_erik, truffet_at=TRUFFET)
        make_bevilling(cast.sag_gitte, truffet_at=TRUFFET - timedelta(days=5))
        with django_assert_num_queries(1):
            assert len(list(handleplan_ikke_tilbudt(now=_at(date(2026, 7, 1))))) == 2

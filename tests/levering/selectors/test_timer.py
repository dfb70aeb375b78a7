from __future__ import annotations

from datetime import date, timedelta

import pytest

from levering.models import Indlaeggelse
from levering.services import (
    GruppeDeltager,
    besoeg_create,
    bestilling_accept,
    gruppesession_create,
    tildeling_create,
)
from levering.timer import (
    BESTILLING_RELATED,
    _month_days,
    _month_runs,
    belastning,
    caseload_pr_uge,
    timer_for_bestillinger,
)
from visitation.models import Bestilling

from .. import builders
from ..conftest import NOW, aware

LATER = aware(2026, 6, 1, 12)


def setup(cast, **kw):
    b = builders.bestilling(cast.sag_erik, cast.lev_nord, now=NOW, **kw)
    bestilling_accept(bestilling=b, actor=cast.lise, now=NOW)
    tildeling_create(bestilling=Bestilling.objects.get(pk=b.pk), medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)
    return b


def load(b):
    return Bestilling.objects.select_related(*BESTILLING_RELATED).get(pk=b.pk)


def visit(cast, b, start, minutes, **kw):
    kw.setdefault("kontaktform", "hjemmebesoeg")
    kw.setdefault("status", "gennemfoert")
    return besoeg_create(bestilling=b, medarbejder=cast.dorte, starts_at=start, ends_at=start + timedelta(minutes=minutes), actor=None, now=LATER, **kw)


def periods(b, fra, til, inddeling="uge"):
    return {p.start: p for p in timer_for_bestillinger(bestillinger=[load(b)], fra=fra, til=til, inddeling=inddeling)[b.pk].perioder}


class TimerTests:
    def test_a_week_with_delivered_cancelled_and_phone(self, cast, ffb):
        b = setup(cast, timer=3)
        visit(cast, b, aware(2026, 2, 23, 10), 120)
        visit(cast, b, aware(2026, 2, 25, 20), 30, kontaktform="telefon")
        visit(cast, b, aware(2026, 2, 26, 10), 60, status="aflyst_borger")
        visit(cast, b, aware(2026, 2, 27, 10), 60, status="udeblevet")
        p = periods(b, date(2026, 2, 23), date(2026, 3, 1))[date(2026, 2, 23)]
        assert p.ramme == 3.0 and p.leveret == 2.5
        assert p.leveret_pr_form == {"hjemmebesoeg": 2.0, "telefon": 0.5}
        assert (p.aflyst_borger, p.udeblevet) == (1, 1)
        assert p.afvigelse_pct == -16.7 and not p.under_tolerance  # tolerance 20 %

    def test_under_tolerance_is_flagged(self, cast, ffb):
        b = setup(cast, timer=3)
        visit(cast, b, aware(2026, 2, 23, 10), 60)
        assert periods(b, date(2026, 2, 23), date(2026, 3, 1))[date(2026, 2, 23)].under_tolerance

    def test_a_month_frame_over_a_week_crossing_months(self, cast, ffb):
        b = setup(cast, timer=10, timer_periode="maaned")
        p = periods(b, date(2026, 1, 26), date(2026, 2, 1))[date(2026, 1, 26)]
        assert p.ramme == pytest.approx(10 * 6 / 31 + 10 / 28, abs=0.01)
        months = periods(b, date(2026, 1, 1), date(2026, 2, 28), "maaned")
        assert months[date(2026, 1, 1)].ramme == 10.0 and months[date(2026, 2, 1)].ramme == 10.0

    def test_the_frame_without_admissions_is_the_day_by_day_sum(self, cast, ffb):
        # The fast path (no admitted or raised day) adds the same per-day rates in the same order
        # as the day loop, so the rounded frame is the same float (issue 10).
        b = setup(cast, timer=13, timer_periode="maaned")
        weeks = periods(b, date(2026, 1, 19), date(2026, 3, 8))
        for start, p in weeks.items():
            total = None
            for i in range(7):
                d = start + timedelta(days=i)
                total = (total or 0.0) + 13.0 / _month_days(d.year, d.month)
            assert p.ramme == round(total, 2), start
        assert list(_month_runs(date(2026, 1, 26), date(2026, 3, 2))) == [(6, 31), (28, 28), (2, 31)]
        assert list(_month_runs(date(2026, 2, 3), date(2026, 2, 2))) == []

    def test_visits_are_counted_in_their_copenhagen_week_and_month(self, cast, ffb):
        b = setup(cast, timer=3)
        visit(cast, b, aware(2026, 3, 1, 23, 30), 60)  # Sunday evening local = same week, even though UTC is 22:30
        visit(cast, b, aware(2026, 3, 2, 0, 30), 30)   # Monday 00:30 local = 23:30 UTC Sunday, next week
        weeks = periods(b, date(2026, 2, 23), date(2026, 3, 8))
        assert weeks[date(2026, 2, 23)].leveret == 1.0 and weeks[date(2026, 3, 2)].leveret == 0.5
        months = periods(b, date(2026, 2, 1), date(2026, 3, 31), "maaned")
        assert months[date(2026, 2, 1)].leveret == 0.0 and months[date(2026, 3, 1)].leveret == 1.5

    def test_a_dst_night_visit_counts_real_time(self, cast, ffb):
        b = setup(cast, timer=3)
        visit(cast, b, aware(2026, 3, 29, 1, 30), 60)  # 01:30 → 03:30 local on the spring DST night is one hour
        p = periods(b, date(2026, 3, 23), date(2026, 3, 29))[date(2026, 3, 23)]
        assert p.leveret == 1.0 and p.ramme == 3.0

    def test_admission_days_are_excluded_from_the_frame(self, cast, ffb):
        b = setup(cast, timer=7)
        Indlaeggelse.objects.create(sag=cast.sag_erik, borger=cast.erik, indlagt_on=date(2026, 2, 2), udskrevet_on=date(2026, 2, 5), pause=False, pause_standard=False)
        p = periods(b, date(2026, 2, 2), date(2026, 2, 8))[date(2026, 2, 2)]
        assert p.indlagt_dage == 3 and p.ramme == 4.0

    def test_an_ongoing_admission_excludes_up_to_til(self, cast, ffb):
        b = setup(cast, timer=7)
        Indlaeggelse.objects.create(sag=cast.sag_erik, borger=cast.erik, indlagt_on=date(2026, 2, 6), pause=True, pause_standard=True)
        p = periods(b, date(2026, 2, 2), date(2026, 2, 8))[date(2026, 2, 2)]
        assert p.indlagt_dage == 3 and p.ramme == 4.0

    def test_the_raised_frame_after_discharge(self, cast, ffb):
        b = setup(cast, timer=7, forhoejet_timer=14, forhoejet_uger=2)
        Indlaeggelse.objects.create(sag=cast.sag_erik, borger=cast.erik, indlagt_on=date(2026, 2, 2), udskrevet_on=date(2026, 2, 5), pause=False, pause_standard=False)
        weeks = periods(b, date(2026, 2, 2), date(2026, 2, 22))
        assert weeks[date(2026, 2, 2)].ramme == 3 * 0 + 4 * 2.0  # Feb 5–8 raised: 4 days × 14/7
        assert weeks[date(2026, 2, 9)].ramme == 14.0
        assert weeks[date(2026, 2, 16)].ramme == 3 * 2.0 + 4 * 1.0  # raised to Feb 18, then normal

    def test_group_time_counts_per_citizen(self, cast, ffb):
        b = setup(cast, timer=3)
        gruppesession_create(medarbejder=cast.dorte, titel="Værested", starts_at=aware(2026, 2, 24, 13), ends_at=aware(2026, 2, 24, 15),
                             deltagere=[GruppeDeltager(bestilling=b, minutter=90)], actor=None, now=LATER)
        p = periods(b, date(2026, 2, 23), date(2026, 3, 1))[date(2026, 2, 23)]
        assert p.leveret == 1.5 and p.leveret_pr_form == {"gruppe": 1.5}
        load_ = belastning(leverandoer_id=cast.lev_nord.pk, fra=date(2026, 2, 23), til=date(2026, 3, 1), today=date(2026, 2, 25))
        dorte = next(r for r in load_.medarbejdere if r.medarbejder.user_id == cast.dorte.pk)
        assert dorte.leveret == 2.0 and dorte.borgere == 1 and dorte.bevilget_pr_uge == 3.0  # the session counts once for staff

    def test_the_frame_only_counts_up_to_til(self, cast, ffb):
        b = setup(cast, timer=7)
        p = periods(b, date(2026, 2, 23), date(2026, 2, 25))[date(2026, 2, 23)]
        assert p.ramme == 3.0

    def test_it_uses_two_queries_whatever_the_data_size(self, cast, ffb, django_assert_num_queries):
        b = setup(cast, timer=3)
        for i in range(25):
            visit(cast, b, aware(2026, 2, 2, 8) + timedelta(hours=2 * i), 60)
        bs = [load(b)]
        with django_assert_num_queries(2):
            timer_for_bestillinger(bestillinger=bs, fra=date(2026, 2, 1), til=date(2026, 3, 1))


class BelastningTests:
    """`belastning` computes the caseload in SQL of its own (one query); it gives what
    `caseload_pr_uge` gives, and the delivered hours by the same rules."""

    def test_the_caseload_is_caseload_pr_uge_s(self, cast, ffb):
        b1 = setup(cast, timer=3)  # dorte primary from 1 January, 3 h a week
        b2 = builders.bestilling(cast.sag_gitte, cast.lev_nord, now=NOW, timer=13, timer_periode="maaned")
        bestilling_accept(bestilling=b2, actor=cast.lise, now=NOW)
        b2 = Bestilling.objects.get(pk=b2.pk)
        tildeling_create(bestilling=b2, medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)  # 13 h a month
        tildeling_create(bestilling=b2, medarbejder=cast.frank, starts_on=date(2026, 1, 1), er_primaer=False, actor=cast.lise, now=NOW)
        visit(cast, b1, aware(2026, 2, 23, 10), 45)
        visit(cast, b1, aware(2026, 2, 24, 10), 30, status="aflyst_borger")  # not delivered
        visit(cast, b2, aware(2026, 2, 25, 10), 60)
        visit(cast, b2, aware(2026, 1, 5, 10), 60)  # before the period
        for today in (date(2025, 12, 31), date(2026, 2, 25)):
            load_ = belastning(leverandoer_id=cast.lev_nord.pk, fra=date(2026, 2, 1), til=date(2026, 2, 28), today=today)
            expected = caseload_pr_uge(medarbejder_ids=[cast.dorte.pk, cast.frank.pk], today=today)
            rows = {r.medarbejder.user_id: r for r in load_.medarbejdere}
            for pk in (cast.dorte.pk, cast.frank.pk):
                n, pr_uge = expected.get(pk, (0, 0.0))
                assert (rows[pk].borgere, rows[pk].bevilget_pr_uge) == (n, round(pr_uge, 2))
        assert (rows[cast.dorte.pk].borgere, rows[cast.dorte.pk].bevilget_pr_uge) == (2, 6.0)  # 3 + 13·12/52
        assert rows[cast.dorte.pk].leveret == 1.75 and rows[cast.frank.pk].leveret == 0.0
        assert [t for t, _ in load_.teams] == ["Team Øst"] and load_.teams[0][1].borgere == 2

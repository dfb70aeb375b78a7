from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models import Q

from bostotte.core.models import LeverandoerTeam, Rolle, User
from levering import timer
from levering.access import leverandoer_id_for
from levering.models import Indlaeggelse
from levering.selectors import (
    bestillinger_for_timer_page,
    bestillinger_for_timer_side,
    medarbejder_load,
    timer_teams,
)
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
    besoeg_vindue,
    caseload_pr_uge,
    timer_for_bestillinger,
)
from visitation.models import Bestilling

from ...factories import make_staff
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

    def test_the_hours_page_s_own_loading_gives_the_same_tables(self, cast, ffb, django_assert_num_queries):
        """The hours page loads its bestillinger and their admissions in one query of its own
        (`bestillinger_for_timer_side`, issue 10): the same periods as from ORM-loaded rows."""
        b = setup(cast, timer=7, forhoejet_timer=14, forhoejet_uger=2)
        b2 = builders.bestilling(cast.sag_gitte, cast.lev_nord, now=NOW, timer=13, timer_periode="maaned")
        bestilling_accept(bestilling=b2, actor=cast.lise, now=NOW)
        Indlaeggelse.objects.create(sag=cast.sag_erik, borger=cast.erik, indlagt_on=date(2026, 2, 2), udskrevet_on=date(2026, 2, 5), pause=False, pause_standard=False)
        Indlaeggelse.objects.create(sag=cast.sag_erik, borger=cast.erik, indlagt_on=date(2026, 2, 20), pause=True, pause_standard=True)
        visit(cast, b, aware(2026, 2, 9, 10), 90)
        ids = [b2.pk, b.pk, 0]
        with django_assert_num_queries(1):
            side, indlagt = bestillinger_for_timer_side(ids=ids)
        assert [x.pk for x in side] == [b2.pk, b.pk] and len(indlagt) == 2
        assert side[1].sag.borger.navn == cast.sag_erik.borger.navn and side[1].uuid == b.uuid
        for inddeling in ("uge", "maaned"):
            with django_assert_num_queries(1):  # the visits; the admissions came along
                got = timer_for_bestillinger(bestillinger=side, fra=date(2026, 1, 26), til=date(2026, 3, 1), inddeling=inddeling, indlaeggelser=indlagt)
            want = timer_for_bestillinger(bestillinger=[load(b2), load(b)], fra=date(2026, 1, 26), til=date(2026, 3, 1), inddeling=inddeling)
            for pk in (b.pk, b2.pk):
                assert (got[pk].perioder, got[pk].total) == (want[pk].perioder, want[pk].total)
        weeks = {p.start: p for p in timer_for_bestillinger(bestillinger=side, fra=date(2026, 2, 2), til=date(2026, 2, 22), indlaeggelser=indlagt)[b.pk].perioder}
        assert (weeks[date(2026, 2, 2)].indlagt_dage, weeks[date(2026, 2, 2)].forhoejet_dage) == (3, 4)
        assert weeks[date(2026, 2, 16)].indlagt_dage == 3  # the open admission from 20 February
        assert bestillinger_for_timer_side(ids=[]) == ([], [])

    def test_the_hours_page_s_one_query_gives_the_visits_and_the_same_tables(self, cast, ffb, django_assert_num_queries):
        """The hours page loads its page of bestillinger, their admissions and their visits'
        figures in one query (`bestillinger_for_timer_page`, issue 10): the visits' rows are
        `timer_for_bestillinger`'s own (`_BESOEG_SQL`), and the tables the same, for the leader,
        a bostøtte and another leverandør's leader (who sees none of them), per week and month."""
        b = setup(cast, timer=7, forhoejet_timer=14, forhoejet_uger=2)
        b2 = builders.bestilling(cast.sag_gitte, cast.lev_nord, now=NOW, timer=13, timer_periode="maaned")
        bestilling_accept(bestilling=b2, actor=cast.lise, now=NOW)
        tildeling_create(bestilling=Bestilling.objects.get(pk=b2.pk), medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)
        Indlaeggelse.objects.create(sag=cast.sag_erik, borger=cast.erik, indlagt_on=date(2026, 2, 2), udskrevet_on=date(2026, 2, 5), pause=False, pause_standard=False)
        visit(cast, b, aware(2026, 1, 31, 23, 30), 60)  # Saturday night in Copenhagen: January's, the week of 26 January
        visit(cast, b, aware(2026, 2, 9, 10), 90)
        visit(cast, b, aware(2026, 2, 10, 10), 45, kontaktform="telefon")
        visit(cast, b, aware(2026, 2, 11, 10), 30, kontaktform="telefon")
        visit(cast, b, aware(2026, 2, 12, 10), 60, status="aflyst_borger")
        visit(cast, b, aware(2026, 2, 13, 10), 60, status="aflyst_borger")
        visit(cast, b2, aware(2026, 2, 16, 10), 60, status="udeblevet")
        visit(cast, b2, aware(2026, 2, 17, 10), 60, status="aflyst_medarbejder")
        visit(cast, b2, aware(2026, 2, 18, 10), 120, kontaktform="video")
        visit(cast, b2, aware(2026, 3, 2, 10), 60)  # after `til`: not counted
        today = date(2026, 3, 1)
        for user, seen in ((cast.lise, {b.pk, b2.pk}), (cast.dorte, {b.pk, b2.pk}), (cast.lars, set())):
            for inddeling, fra in (("uge", date(2026, 1, 26)), ("maaned", date(2026, 1, 1))):
                fresh = User.objects.get(pk=user.pk)
                medarbejder_load(user=fresh)
                with django_assert_num_queries(1):
                    found = bestillinger_for_timer_page(
                        user=fresh, team_ids=None, today=today, side=None, pr_side=15, fra=fra, til=today, inddeling=inddeling
                    )
                side, indlagt, besoeg = found.bestillinger, found.indlagt, found.besoeg
                assert {x.pk for x in side} == seen and found.page.paginator.count == len(seen)
                ids = [x.pk for x in side]
                with connection.cursor() as cursor:
                    cursor.execute(timer._BESOEG_SQL, (*besoeg_vindue(fra, today, inddeling)[:2], ids, *besoeg_vindue(fra, today, inddeling)[2:]))
                    own = cursor.fetchall()
                assert sorted(besoeg) == sorted(own) and (len(own) >= 7 if seen else not own)
                with django_assert_num_queries(0):
                    got = timer_for_bestillinger(bestillinger=side, fra=fra, til=today, inddeling=inddeling, indlaeggelser=indlagt, besoeg=besoeg)
                want = timer_for_bestillinger(bestillinger=[load(x) for x in side], fra=fra, til=today, inddeling=inddeling)
                for pk in ids:
                    assert (got[pk].perioder, got[pk].total) == (want[pk].perioder, want[pk].total)
                    assert got[pk].tbody == want[pk].tbody

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

    def test_it_lists_the_leverandoer_s_active_bostoetter_by_team_and_name_narrowed_on_request(self, cast, ffb, django_assert_num_queries):
        """The staff query is SQL of its own (issue 10): the same staff, order and narrowing as
        the ORM query it replaced, each row's medarbejder with its user and team."""
        alfa = LeverandoerTeam.objects.create(leverandoer=cast.lev_nord, navn="Team Alfa")
        berit = make_staff(Rolle.BOSTOETTE, username="berit", leverandoer_team=alfa, first_name="Berit", last_name="Bo")
        berit.medarbejder.ugentlige_timer = Decimal("22.5")
        berit.medarbejder.save()
        gone = make_staff(Rolle.BOSTOETTE, username="gone", leverandoer_team=alfa, first_name="Aase", last_name="Ude")
        gone.is_active = False
        gone.save()
        make_staff(Rolle.BOSTOETTE, username="other", leverandoer_team=cast.lt_privat, first_name="Anden", last_name="Leverandør")

        def names(**kw):  # type: ignore[no-untyped-def]
            load_ = belastning(leverandoer_id=cast.lev_nord.pk, fra=date(2026, 2, 1), til=date(2026, 2, 28), today=date(2026, 2, 25), **kw)
            return [(r.medarbejder.user.username, r.medarbejder.user.visningsnavn, r.team, r.kapacitet_pr_uge) for r in load_.medarbejdere]

        with django_assert_num_queries(1):
            everyone = names()
        assert everyone == [  # team name, then first name: not the leader, the inactive, other leverandører
            ("berit", "Berit Bo", "Team Alfa", 22.5),
            ("dorte", "Dorte Dahl", "Team Øst", 30.0),
            ("frank", "Frank Fisker", "Team Øst", 30.0),
        ]
        assert names(team_ids=[alfa.pk]) == [everyone[0]]
        assert names(medarbejder_ids=[cast.frank.pk, berit.pk]) == [everyone[0], everyone[2]]
        assert names(medarbejder_ids=[cast.frank.pk], team_ids=[alfa.pk]) == []


class TimerTeamsTests:
    """The hours page's team filter and the user's staff profile come in one query of their
    own (issue 10): the leverandør's teams by name, the default the teams the leader leads."""

    def test_the_leader_s_teams_and_choice(self, cast, django_assert_num_queries):
        alfa = LeverandoerTeam.objects.create(leverandoer=cast.lev_nord, navn="Team Alfa")
        for valg, valgt in ((None, [cast.lt_nord.pk]), ("alle", None), (str(alfa.pk), [alfa.pk]), (str(cast.lt_privat.pk), [cast.lt_nord.pk])):
            lise = User.objects.get(pk=cast.lise.pk)
            with django_assert_num_queries(1):
                t = timer_teams(user=lise, valg=valg)
                assert leverandoer_id_for(lise) == cast.lev_nord.pk
            assert [(x.pk, x.navn, x.leder_id) for x in t.teams] == [(alfa.pk, "Team Alfa", None), (cast.lt_nord.pk, "Team Øst", cast.lise.pk)]
            assert (t.valgt, t.alle) == (valgt, valgt is None)

    def test_a_bostoette_has_no_filter_and_the_profile_is_loaded_once(self, cast, django_assert_num_queries):
        dorte = User.objects.get(pk=cast.dorte.pk)
        with django_assert_num_queries(1):
            t = timer_teams(user=dorte, valg="alle")
            assert (t.teams, t.valgt, t.alle) == ([], None, True)
            assert dorte.medarbejder.leverandoer_team_id == cast.lt_nord.pk and leverandoer_id_for(dorte) == cast.lev_nord.pk
        with django_assert_num_queries(0):
            medarbejder_load(user=dorte)

    def test_without_a_profile_there_is_nothing_to_load(self, cast):
        ida = User.objects.get(pk=cast.ida.pk)
        assert medarbejder_load(user=ida, med_teams=True) == [] and leverandoer_id_for(ida) is None


class CaseBatchTimerTests:
    """The case page's hours table reads its visit rows from the page's batch
    (`levering.case_section._SAG_BESOEG`, `BESOEG_SAG_SQL`, issue 10): the rows of
    `timer_for_bestillinger`'s own query for the case's live bestillinger, the same table, one
    day for both even across midnight, and nothing of another case."""

    def test_the_batch_rows_are_the_own_query_s_and_the_table_the_same(self, cast, ffb, django_assert_num_queries):
        import time_machine  # noqa: PLC0415

        from bostotte.core.case_sections import prefetch_case_queries  # noqa: PLC0415
        from bostotte.core.models import Sag  # noqa: PLC0415
        from levering import case_section  # noqa: PLC0415

        b = setup(cast, timer=7)
        other = builders.bestilling(cast.sag_gitte, cast.lev_nord, now=NOW, timer=5)
        bestilling_accept(bestilling=other, actor=cast.lise, now=NOW)
        tildeling_create(bestilling=Bestilling.objects.get(pk=other.pk), medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)
        visit(cast, b, aware(2026, 2, 9, 10), 90)
        visit(cast, b, aware(2026, 2, 10, 10), 45, kontaktform="telefon")
        visit(cast, b, aware(2026, 2, 12, 10), 60, status="aflyst_borger")
        visit(cast, Bestilling.objects.get(pk=other.pk), aware(2026, 2, 11, 10), 60)  # Gitte's case
        today = date(2026, 3, 1)
        with time_machine.travel(aware(2026, 3, 1, 12), tick=False):
            sag = Sag.objects.get(pk=cast.sag_erik.pk)
            prefetch_case_queries(sag)
            with django_assert_num_queries(0):
                batch = case_section._SAG_BESOEG.rows(sag)
        fra = today - timedelta(weeks=7)
        enhed, tz, lo, hi = besoeg_vindue(fra, today, "uge")
        with connection.cursor() as cursor:
            cursor.execute(timer._BESOEG_SQL, (enhed, tz, [b.pk], lo, hi))
            own = cursor.fetchall()
        assert sorted(batch) == sorted(own) and len(own) == 3
        got = timer_for_bestillinger(bestillinger=[load(b)], fra=fra, til=today, besoeg=batch)[b.pk]
        want = timer_for_bestillinger(bestillinger=[load(b)], fra=fra, til=today)[b.pk]
        assert (got.perioder, got.total, got.tbody) == (want.perioder, want.total, want.tbody)

    def test_the_statement_and_the_section_use_the_same_day(self, cast, ffb):
        import time_machine  # noqa: PLC0415

        from bostotte.core.models import Sag  # noqa: PLC0415
        from levering import case_section  # noqa: PLC0415

        sag = Sag.objects.get(pk=cast.sag_erik.pk)
        with time_machine.travel(aware(2026, 3, 1, 23, 59), tick=False):
            _sql, params = case_section._sag_besoeg_statement(sag)
        with time_machine.travel(aware(2026, 3, 2, 0, 1), tick=False):  # the next day
            assert case_section._today(sag) == date(2026, 3, 1)
            assert case_section._sag_besoeg_statement(sag)[1] == params


def test_the_load_table_and_the_team_filter_read_assignments_from_the_covering_index(cast, ffb) -> None:  # type: ignore[no-untyped-def]
    """`levering_tild_primaer_medarb` (issue 10): the load table's caseload and the hours page's
    team filter read the active primary assignments index-only, not a heap row per assignment."""
    from levering.selectors import _timer_bestillinger  # noqa: PLC0415

    setup(cast, timer=7)
    sent: list[tuple[str, Any]] = []

    def keep(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        sent.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):  # the SQL and its values, as sent
        belastning(leverandoer_id=cast.lev_nord.pk, fra=date(2026, 2, 1), til=date(2026, 2, 28), today=date(2026, 2, 25))
    (load,) = [(sql, params) for sql, params in sent if "levering_tildeling t" in sql]
    team = _timer_bestillinger(Q(), date(2026, 2, 25), [cast.lt_nord.pk]).values("id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        # As on a vacuumed table (bench_5000): the test's rows are new, so the visibility map is
        # empty and an index-only scan would cost as much as reading the heap, which left the
        # planner's choice between this index and the foreign key's to chance. Rolled back with
        # the test's transaction.
        cursor.execute("ANALYZE levering_tildeling")
        cursor.execute("UPDATE pg_class SET relallvisible = relpages WHERE oid = 'levering_tildeling'::regclass")
        for sql, params in (load, team):
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Index Only Scan using levering_tild_primaer_medarb" in plan, plan

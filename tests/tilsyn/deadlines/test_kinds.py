"""Each deadline kind's source, with a pinned clock (month ends and a DST boundary included)."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from levering.models import Besoeg, Indlaeggelse, Tildeling
from tests.tilsyn import builders as b
from tilsyn.deadlines import kinds
from tilsyn.models import OpgaveArt, Tilsyn
from visitation.frister import add_months
from visitation.models import Afgoerelse, Bestilling, Henvendelse, Indsatsmaal, Klage, Udredning

pytestmark = pytest.mark.django_db
UTC = ZoneInfo("UTC")


def due(art: str, today: date) -> list[kinds.DueItem]:
    kind = kinds.KINDS[art]
    return list(kind.source(today, today + timedelta(days=kind.lead())))


class SagsbehandlingsfristTests:
    def test_it_yields_an_open_application_from_the_reminder_lead(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        h = b.henvendelse(cast.sag_erik, modtaget_on=date(2026, 3, 20), frist_on=date(2026, 5, 15))
        assert due(OpgaveArt.SAGSBEHANDLINGSFRIST, date(2026, 5, 7)) == []  # lead is 7 days
        items = due(OpgaveArt.SAGSBEHANDLINGSFRIST, date(2026, 5, 8))
        assert [(i.target_id, i.due_on, i.ansvarlig_id) for i in items] == [(h.pk, date(2026, 5, 15), cast.anna.pk)]

    def test_it_skips_decided_applications_and_cases_the_kommune_raised(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        b.henvendelse(cast.sag_erik, frist_on=date(2026, 5, 15), status="afgjort")
        b.henvendelse(cast.sag_gitte, er_ansoegning=False)
        assert due(OpgaveArt.SAGSBEHANDLINGSFRIST, date(2026, 9, 1)) == []

    def test_it_takes_the_lead_from_settings(self, cast, ffb, settings) -> None:  # type: ignore[no-untyped-def]
        settings.TILSYN_VARSEL_DAGE = {OpgaveArt.SAGSBEHANDLINGSFRIST: 20}
        b.henvendelse(cast.sag_erik, frist_on=date(2026, 5, 15))
        assert len(due(OpgaveArt.SAGSBEHANDLINGSFRIST, date(2026, 4, 25))) == 1


class BestillingSvarTests:
    def test_it_counts_days_from_the_local_send_date_across_the_dst_change(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast, bestilling_status="sendt")
        # 28 March 2026 23:30 UTC is 29 March 00:30 in Copenhagen (the night clocks go forward).
        Bestilling.objects.filter(pk=w.bestilling.pk).update(sendt_at=datetime(2026, 3, 28, 23, 30, tzinfo=UTC))
        items = due(OpgaveArt.BESTILLING_SVAR, date(2026, 4, 3))
        assert [i.due_on for i in items] == [date(2026, 4, 3)]  # 29/3 + 5 days, not 28/3 + 5

    def test_it_takes_the_frist_from_the_kvalitetsstandard(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast, bestilling_status="sendt")
        b.kvalitetsstandard(bestilling_svar_frist_dage=10)
        items = due(OpgaveArt.BESTILLING_SVAR, date(2026, 4, 30))
        assert [i.due_on for i in items] == [timezone.localdate(w.bestilling.sendt_at) + timedelta(days=10)]

    def test_it_stops_when_the_order_is_answered(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast, bestilling_status="sendt")
        Bestilling.objects.filter(pk=w.bestilling.pk).update(status="accepteret", besvaret_at=b.NOW)
        assert due(OpgaveArt.BESTILLING_SVAR, date(2026, 4, 30)) == []


class OpfoelgningTests:
    def test_it_yields_active_goals_two_weeks_before_the_follow_up(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        assert due(OpgaveArt.OPFOELGNING, date(2026, 9, 16)) == []
        assert [(i.target_id, i.due_on) for i in due(OpgaveArt.OPFOELGNING, date(2026, 9, 17))] == [(w.maal.pk, date(2026, 10, 1))]

    def test_it_skips_ended_goals_and_withdrawn_orders(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        Indsatsmaal.objects.filter(pk=w.maal.pk).update(status="afsluttet")
        assert due(OpgaveArt.OPFOELGNING, date(2027, 1, 1)) == []
        Indsatsmaal.objects.filter(pk=w.maal.pk).update(status="aktiv")
        Bestilling.objects.filter(pk=w.bestilling.pk).update(status="tilbagekaldt")
        assert due(OpgaveArt.OPFOELGNING, date(2027, 1, 1)) == []


class RevisitationTests:
    def test_it_is_due_at_the_interval_clamped_to_the_month_end(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        b.make_world(cast, starts_on=date(2026, 1, 31), truffet_at=b.at(2026, 1, 20))
        items = due(OpgaveArt.REVISITATION, date(2027, 1, 31))
        assert [i.due_on for i in items] == [date(2027, 1, 31)] == [add_months(date(2026, 1, 31), 12)]

    def test_it_uses_the_interval_on_the_bevilling_before_the_kvalitetsstandard(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        b.make_world(cast, starts_on=date(2026, 1, 31), truffet_at=b.at(2026, 1, 20), revisitation_maaneder=1)
        assert [i.due_on for i in due(OpgaveArt.REVISITATION, date(2026, 2, 1))] == [date(2026, 2, 28)]

    def test_it_counts_from_a_revisitation_started_since(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        udr = Udredning.objects.create(sag=w.sag, er_revisitation=True)
        Udredning.objects.filter(pk=udr.pk).update(created_at=b.at(2027, 3, 1, 0))  # 1 March local (29 Feb UTC evening)
        assert due(OpgaveArt.REVISITATION, date(2027, 12, 31)) == []
        assert [i.due_on for i in due(OpgaveArt.REVISITATION, date(2028, 3, 1))] == [date(2028, 3, 1)]

    def test_it_ignores_ended_bevillinger(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        Afgoerelse.objects.filter(pk=w.bevilling.pk).update(er_aktiv=False)
        assert due(OpgaveArt.REVISITATION, date(2028, 1, 1)) == []


class TilsynKindTests:
    def test_it_is_due_from_the_start_then_from_the_last_tilsyn(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        assert [i.due_on for i in due(OpgaveArt.TILSYN, date(2027, 3, 10))] == [date(2027, 4, 1)]
        Tilsyn.objects.create(
            sag=w.sag, afgoerelse=w.bevilling, udfoert_on=date(2027, 3, 15), form="moede_borger", formaal_opfyldt="ja",
            borgers_beretning="Det går godt", sikkerhed_ok="ja", paaroerende="ja", konklusion="Fortsætter", handling="ingen",
        )
        assert due(OpgaveArt.TILSYN, date(2027, 4, 2)) == []
        assert [i.due_on for i in due(OpgaveArt.TILSYN, date(2028, 3, 1))] == [date(2028, 3, 15)]

    def test_it_includes_citizens_placed_in_another_kommune(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        from tests.factories import make_kommune

        w = b.make_world(cast, tilsyn_maaneder=6)
        w.sag.handlekommune = make_kommune("101", "København")
        w.sag.save(update_fields=["handlekommune"])
        items = due(OpgaveArt.TILSYN, date(2026, 10, 1))
        assert [(i.due_on, i.detalje) for i in items] == [(date(2026, 10, 1), "Borgeren bor i en anden kommune")]


class KlageGenvurderingTests:
    def test_it_is_due_four_weeks_after_the_klage_until_reassessed(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        k = b.klage(w.bevilling, modtaget_on=date(2026, 3, 25))
        assert [(i.target_id, i.due_on) for i in due(OpgaveArt.KLAGE_GENVURDERING, date(2026, 4, 15))] == [(k.pk, date(2026, 4, 22))]
        Klage.objects.filter(pk=k.pk).update(genvurdering="medhold", genvurderet_on=date(2026, 4, 10))
        assert due(OpgaveArt.KLAGE_GENVURDERING, date(2026, 4, 15)) == []


class BevillingOphoerTests:
    def test_it_warns_a_month_before_a_time_limited_bevilling_ends(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        b.make_world(cast, ends_on=date(2026, 12, 31))
        assert due(OpgaveArt.BEVILLING_OPHOER, date(2026, 11, 30)) == []
        assert [i.due_on for i in due(OpgaveArt.BEVILLING_OPHOER, date(2026, 12, 1))] == [date(2026, 12, 31)]


class FoersteBesoegTests:
    def test_it_is_due_at_the_waiting_time_from_the_kvalitetsstandard(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        assert [i.due_on for i in due(OpgaveArt.FOERSTE_BESOEG, date(2026, 4, 12))] == [date(2026, 4, 15)]
        b.kvalitetsstandard(foerste_besoeg_frist_dage=21)
        assert [i.due_on for i in due(OpgaveArt.FOERSTE_BESOEG, date(2026, 4, 20))] == [date(2026, 4, 22)]
        Bestilling.objects.filter(pk=w.bestilling.pk).update(foerste_besoeg_on=date(2026, 4, 10), status="startet")
        assert due(OpgaveArt.FOERSTE_BESOEG, date(2026, 5, 1)) == []


def _visit(best: Bestilling, medarbejder, start: datetime, hours: float) -> None:  # type: ignore[no-untyped-def]
    Besoeg.objects.create(
        bestilling=best, sag=best.sag, medarbejder=medarbejder, starts_at=start, ends_at=start + timedelta(hours=hours),
        kontaktform="hjemmebesoeg", status="gennemfoert", registreret_at=start,
    )


class TimerUnderRammenTests:
    """Weekly frames (the builder's order: 3 h per week, tolerance 20 % → at least 2.4 h)."""

    def _world(self, cast, sag=None):  # type: ignore[no-untyped-def]
        w = b.make_world(cast, sag=sag, bestilling_status="startet")
        Tildeling.objects.create(bestilling=w.bestilling, medarbejder=cast.dorte, starts_on=date(2026, 4, 1))
        return w

    def test_it_flags_two_weeks_running_below_the_tolerance(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        # Weeks of 20 and 27 April 2026.
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 21, 10), 2)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 28, 10), 2)
        items = due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 6))
        assert [(i.target_id, i.due_on, i.ansvarlig_id) for i in items] == [(w.bestilling.pk, date(2026, 5, 4), cast.anna.pk)]

    def test_it_accepts_a_week_within_the_tolerance(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 21, 10), 2)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 28, 10), 2.5)
        assert due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 6)) == []
        b.kvalitetsstandard(timer_tolerance_pct=10)  # 2.7 h needed now
        assert len(due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 6))) == 1

    def test_delivering_exactly_the_tolerance_floor_is_not_under(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 21, 10), 2.4)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 28, 10), 2.4)
        assert due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 6)) == []

    def test_it_does_not_flag_weeks_paused_for_an_admission(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        Indlaeggelse.objects.create(sag=w.sag, borger=w.sag.borger, indlagt_on=date(2026, 4, 18), udskrevet_on=date(2026, 5, 2), pause=True, pause_standard=True)
        assert due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 6)) == []

    def test_it_measures_against_the_raised_frame_after_a_discharge(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        # 4 h a week meets the normal 3 h frame, but not the raised 6 h (floor 4.8 h) in the 4 weeks after discharge on 19 April.
        Afgoerelse.objects.filter(pk=w.bevilling.pk).update(forhoejet_timer=6, forhoejet_uger=4)
        Indlaeggelse.objects.create(sag=w.sag, borger=w.sag.borger, indlagt_on=date(2026, 4, 10), udskrevet_on=date(2026, 4, 19), pause=True, pause_standard=True)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 21, 10), 4)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 28, 10), 4)
        assert [i.due_on for i in due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 4))] == [date(2026, 5, 4)]
        # Five weeks after the discharge the normal frame applies again: 4 h is enough.
        _visit(w.bestilling, cast.dorte, b.at(2026, 5, 26, 10), 4)
        _visit(w.bestilling, cast.dorte, b.at(2026, 6, 2, 10), 4)
        assert due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 6, 8)) == []

    def test_it_skips_orders_that_had_not_started_by_the_first_week(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        Bestilling.objects.filter(pk=w.bestilling.pk).update(starts_on=date(2026, 4, 21))
        assert due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 4)) == []
        Bestilling.objects.filter(pk=w.bestilling.pk).update(starts_on=date(2026, 4, 20), status="afsluttet")
        assert due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 4)) == []


class TimerUnderRammenMaanedTests:
    """Monthly frames: each complete ISO week against the week's prorated share of the month
    (31 h per month, tolerance 20 %). Pinned to Monday 2 November 2026: the weeks are 19–25
    October (summer time ends Sunday 25 October at 03:00) and 26 October–1 November (across the
    month end: 6 days at 31/31 h + 1 day at 31/30 h = 7.03 h, floor 5.62 h; the first week 7 h,
    floor 5.6 h). A flat weekly share (31 × 12 / 52 = 7.15 h, floor 5.72 h) would be wrong."""

    TODAY = date(2026, 11, 2)

    def _world(self, cast, sag=None, timer: int = 31):  # type: ignore[no-untyped-def]
        w = b.make_world(cast, sag=sag, bestilling_status="startet")
        Afgoerelse.objects.filter(pk=w.bevilling.pk).update(timer=timer, timer_periode="maaned")
        Bestilling.objects.filter(pk=w.bestilling.pk).update(timer=timer, timer_periode="maaned")
        Tildeling.objects.create(bestilling=w.bestilling, medarbejder=cast.dorte, starts_on=date(2026, 4, 1))
        return w

    def _due(self) -> list[tuple[int, date]]:
        return [(i.target_id, i.due_on) for i in due(OpgaveArt.TIMER_UNDER_RAMMEN, self.TODAY)]

    def test_it_flags_a_monthly_frame_under_in_both_weeks_across_the_month_end(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        _visit(w.bestilling, cast.dorte, b.at(2026, 10, 21, 10), 5)
        _visit(w.bestilling, cast.dorte, b.at(2026, 10, 30, 10), 5.6)  # < 5.62: under the prorated share
        assert self._due() == [(w.bestilling.pk, date(2026, 11, 2))]

    def test_it_prorates_the_week_across_the_month_end_by_each_months_days(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        _visit(w.bestilling, cast.dorte, b.at(2026, 10, 21, 10), 5)
        _visit(w.bestilling, cast.dorte, b.at(2026, 10, 30, 10), 5.65)  # ≥ 5.62 (a flat 7.15 h week would say under)
        assert self._due() == []

    def test_it_counts_local_weeks_across_the_end_of_summer_time(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        _visit(w.bestilling, cast.dorte, b.at(2026, 10, 21, 10), 4)
        _visit(w.bestilling, cast.dorte, b.at(2026, 10, 25, 21), 1)  # Sunday evening, winter time
        # Monday 26 October 00:15 in Copenhagen is still Sunday 23:15 UTC: it belongs to the second week.
        late = datetime(2026, 10, 25, 23, 15, tzinfo=UTC)
        assert timezone.localdate(late) == date(2026, 10, 26)
        _visit(w.bestilling, cast.dorte, late, 1)
        # First week 5 h < 5.6 and second week 1 h: both under. Counted in UTC weeks the first would have 6 h.
        assert self._due() == [(w.bestilling.pk, date(2026, 11, 2))]

    def test_days_in_hospital_are_left_out_of_the_monthly_frame(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        # Admitted 19–22 October, discharged 23 October: the first week's frame is 3 days × 1 h (floor 2.4 h).
        Indlaeggelse.objects.create(sag=w.sag, borger=w.sag.borger, indlagt_on=date(2026, 10, 19), udskrevet_on=date(2026, 10, 23), pause=True, pause_standard=True)
        _visit(w.bestilling, cast.dorte, b.at(2026, 10, 24, 10), 2.5)
        _visit(w.bestilling, cast.dorte, b.at(2026, 10, 30, 10), 5)
        assert self._due() == []

    def test_the_daily_scan_creates_the_task_for_a_monthly_frame(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        from tilsyn.models import Opgave
        from tilsyn.services.frister import frister_scan

        w = self._world(cast)
        _visit(w.bestilling, cast.dorte, b.at(2026, 10, 21, 10), 2)
        frister_scan(now=b.at(2026, 11, 2))
        frister_scan(now=b.at(2026, 11, 2, 14))
        tasks = list(Opgave.objects.filter(art=OpgaveArt.TIMER_UNDER_RAMMEN).values_list("target_id", "due_on", "ansvarlig_id", "status"))
        assert tasks == [(w.bestilling.pk, date(2026, 11, 2), cast.anna.pk, "aaben")]

    def test_the_cost_follows_the_orders_under_the_frame(self, cast, ffb, monkeypatch, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        """One query finds the candidates; only they are loaded and prorated (two more queries
        whatever their number). An order that delivers its hours never reaches the proration."""
        from levering import timer as levering_timer

        prorated: list[list[int]] = []
        real = levering_timer.timer_for_bestillinger

        def spy(**kw):  # type: ignore[no-untyped-def]
            prorated.append(sorted(x.pk for x in kw["bestillinger"]))
            return real(**kw)

        monkeypatch.setattr(levering_timer, "timer_for_bestillinger", spy)
        delivers = self._world(cast)
        _visit(delivers.bestilling, cast.dorte, b.at(2026, 10, 21, 10), 7)
        _visit(delivers.bestilling, cast.dorte, b.at(2026, 10, 28, 10), 7)
        with django_assert_num_queries(1):
            assert self._due() == []
        assert prorated == []

        under = self._world(cast, sag=cast.sag_gitte)
        with django_assert_num_queries(3):
            assert self._due() == [(under.bestilling.pk, date(2026, 11, 2))]
        assert prorated == [[under.bestilling.pk]]
        # A weekly order under its frame too: still three queries, both prorated in one call.
        weekly = b.make_world(cast, sag=_sag(cast, "Hanne"), bestilling_status="startet")
        with django_assert_num_queries(3):
            assert {i.target_id for i in due(OpgaveArt.TIMER_UNDER_RAMMEN, self.TODAY)} == {under.bestilling.pk, weekly.bestilling.pk}
        assert prorated[-1] == sorted([under.bestilling.pk, weekly.bestilling.pk])


def _sag(cast, fornavn: str):  # type: ignore[no-untyped-def]
    from tests.factories import make_borger, make_sag

    return make_sag(make_borger(fornavn, "Testsen", kommune=cast.kommune), cast.anna)


class UdskrivningTests:
    def _indlaeggelse(self, sag, udskrevet_on: date) -> Indlaeggelse:  # type: ignore[no-untyped-def]
        return Indlaeggelse.objects.create(
            sag=sag, borger=sag.borger, indlagt_on=udskrevet_on - timedelta(days=7), udskrevet_on=udskrevet_on, pause=False, pause_standard=False
        )

    def test_it_is_due_five_working_days_after_discharge_over_easter(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        # Discharged Wednesday 1 April 2026: Maundy Thursday, Good Friday, the weekend and Easter Monday are not working days.
        i = self._indlaeggelse(w.sag, date(2026, 4, 1))
        assert [(x.target_id, x.due_on) for x in due(OpgaveArt.UDSKRIVNING, date(2026, 4, 1))] == [(i.pk, date(2026, 4, 13))]
        Indlaeggelse.objects.filter(pk=i.pk).update(opfoelgning_afsluttet_at=b.at(2026, 4, 7))
        assert due(OpgaveArt.UDSKRIVNING, date(2026, 4, 8)) == []

    def test_it_takes_the_working_days_from_the_kvalitetsstandard(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        b.kvalitetsstandard(udskrivning_opfoelgning_arbejdsdage=3)
        i = self._indlaeggelse(w.sag, date(2026, 4, 1))
        # 2, 3 and 6 April are holidays: Tuesday 7, Wednesday 8, Thursday 9 April.
        assert [(x.target_id, x.due_on) for x in due(OpgaveArt.UDSKRIVNING, date(2026, 4, 1))] == [(i.pk, date(2026, 4, 9))]

    def test_it_uses_the_standard_the_support_was_granted_under_not_a_newer_one(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        from visitation.models import Kvalitetsstandard

        w = b.make_world(cast)
        b.kvalitetsstandard(udskrivning_opfoelgning_arbejdsdage=3)
        Kvalitetsstandard.objects.filter(pk=w.ks.pk).update(status="afloest")
        newer = Kvalitetsstandard.objects.get(pk=w.ks.pk)
        newer.pk, newer.uuid, newer.version, newer.status, newer.udskrivning_opfoelgning_arbejdsdage = None, uuid4(), 2, "publiceret", 10
        newer.save()
        self._indlaeggelse(w.sag, date(2026, 4, 1))
        assert [x.due_on for x in due(OpgaveArt.UDSKRIVNING, date(2026, 4, 1))] == [date(2026, 4, 9)]

    def test_before_any_decision_it_uses_the_published_standard(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        b.kvalitetsstandard(udskrivning_opfoelgning_arbejdsdage=2)
        # Discharged Friday 20 November 2026, no bevilling on the case yet: Monday 23, Tuesday 24.
        i = self._indlaeggelse(cast.sag_gitte, date(2026, 11, 20))
        assert [(x.target_id, x.due_on) for x in due(OpgaveArt.UDSKRIVNING, date(2026, 11, 20))] == [(i.pk, date(2026, 11, 24))]

    def test_without_any_standard_it_falls_back_to_the_model_default(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        from visitation.models import Kvalitetsstandard

        assert not Kvalitetsstandard.objects.exists()
        self._indlaeggelse(cast.sag_gitte, date(2026, 11, 20))
        assert [x.due_on for x in due(OpgaveArt.UDSKRIVNING, date(2026, 11, 20))] == [date(2026, 11, 27)]

    def test_it_reads_all_discharges_in_one_query(self, cast, ffb, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        self._indlaeggelse(w.sag, date(2026, 4, 1))
        self._indlaeggelse(cast.sag_gitte, date(2026, 4, 1))
        with django_assert_num_queries(1):
            assert len(due(OpgaveArt.UDSKRIVNING, date(2026, 4, 1))) == 2


class RegistryTests:
    def test_it_has_a_source_for_every_kind(self) -> None:
        assert set(kinds.KINDS) == set(OpgaveArt.values)



class HandleplanTests:
    def test_it_is_due_at_the_kvalitetsstandards_frist_after_the_bevilling(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)  # truffet 20 March 2026; handleplan_frist_dage 30 → 19 April
        assert due(OpgaveArt.HANDLEPLAN, date(2026, 4, 13)) == []
        items = due(OpgaveArt.HANDLEPLAN, date(2026, 4, 14))
        assert [(i.target_id, i.due_on, i.ansvarlig_id) for i in items] == [(w.sag.pk, date(2026, 4, 19), cast.anna.pk)]


__all__ = ["Henvendelse"]

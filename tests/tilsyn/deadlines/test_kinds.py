"""Each deadline kind's source, with a pinned clock (month ends and a DST boundary included)."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from datetime import date, datetime, timedelta
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
    def _world(self, cast):  # type: ignore[no-untyped-def]
        w = b.make_world(cast, bestilling_status="startet")
        Tildeling.objects.create(bestilling=w.bestilling, medarbejder=cast.dorte, starts_on=date(2026, 4, 1))
        return w

    def test_it_flags_two_weeks_running_below_the_tolerance(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        # Frame 3 h/week, tolerance 20 % → at least 2.4 h. Weeks of 20 and 27 April 2026.
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 21, 10), 2)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 28, 10), 2)
        items = due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 6))
        assert [(i.target_id, i.due_on) for i in items] == [(w.bestilling.pk, date(2026, 5, 4))]

    def test_it_accepts_a_week_within_the_tolerance(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 21, 10), 2)
        _visit(w.bestilling, cast.dorte, b.at(2026, 4, 28, 10), 2.5)
        assert due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 6)) == []
        b.kvalitetsstandard(timer_tolerance_pct=10)  # 2.7 h needed now
        assert len(due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 6))) == 1

    def test_it_does_not_flag_weeks_paused_for_an_admission(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = self._world(cast)
        Indlaeggelse.objects.create(sag=w.sag, borger=w.sag.borger, indlagt_on=date(2026, 4, 18), udskrevet_on=date(2026, 5, 2), pause=True, pause_standard=True)
        assert due(OpgaveArt.TIMER_UNDER_RAMMEN, date(2026, 5, 6)) == []


class UdskrivningTests:
    def test_it_is_due_five_working_days_after_discharge_over_easter(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        # Discharged Wednesday 1 April 2026: Maundy Thursday, Good Friday, the weekend and Easter Monday are not working days.
        i = Indlaeggelse.objects.create(sag=w.sag, borger=w.sag.borger, indlagt_on=date(2026, 3, 25), udskrevet_on=date(2026, 4, 1), pause=False, pause_standard=False)
        assert [(x.target_id, x.due_on) for x in due(OpgaveArt.UDSKRIVNING, date(2026, 4, 1))] == [(i.pk, date(2026, 4, 13))]
        Indlaeggelse.objects.filter(pk=i.pk).update(opfoelgning_afsluttet_at=b.at(2026, 4, 7))
        assert due(OpgaveArt.UDSKRIVNING, date(2026, 4, 8)) == []


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

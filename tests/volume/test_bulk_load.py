"""copy.bulk_load with set-based checks: the two guard triggers of levering_besoeg are off during
the load, and the same rules are checked for the whole table afterwards — a visit that breaks one
rolls the load back, and the triggers are on again after every load."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from bostotte.core.volume.checks import BESOEG_CHECKS
from bostotte.core.volume.copy import (
    Table,
    bulk_load,
    copy_tuples,
    history_off,
    new_uuid_bytes,
    next_id,
)
from bostotte.core.volume.generator import VolumeSeeder
from levering.models import Besoeg, Gruppesession, Tildeling

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 16, 12, 0, tzinfo=CPH)
SUNDAY = datetime(2026, 3, 1, 10, 0, tzinfo=CPH)  # generated visits are never on a Sunday


@pytest.fixture
def seeded(ffb):  # type: ignore[no-untyped-def]
    return VolumeSeeder(borgere=20, years=1, now=NOW, log=lambda s: None).run()


def tildeling_on(day: datetime) -> Tildeling:
    return Tildeling.objects.filter(
        starts_on__lte=day.date(), ends_on__isnull=True, bestilling__status="startet"
    ).first()


def visit(t: Tildeling, starts_at: datetime, **extra: object) -> dict[str, object]:
    row: dict[str, object] = {
        "bestilling_id": t.bestilling_id,
        "sag_id": t.bestilling.sag_id,
        "medarbejder_id": t.medarbejder_id,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(minutes=45),
        "kontaktform": "hjemmebesoeg",
        "status": "planlagt",
        "version": 1,
    }
    row.update(extra)
    return row


def load(rows: list[dict[str, object]], checks=BESOEG_CHECKS) -> None:  # type: ignore[no-untyped-def]
    first = next_id(Besoeg)
    for i, r in enumerate(rows):
        r["id"] = first + i
    with history_off(), bulk_load(Besoeg, set_checks=checks):
        Table(Besoeg, NOW).copy(rows)


def triggers_enabled() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'levering_besoeg'::regclass"
            " AND NOT tgisinternal"
        )
        return dict(cursor.fetchall())


def index_definitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'levering_besoeg' ORDER BY indexname"
        )
        return [r[0] for r in cursor.fetchall()]


@pytest.mark.django_db
class BulkLoadTests:
    def test_it_loads_valid_visits_and_leaves_triggers_indexes_and_constraints_as_they_were(
        self,
        seeded,  # type: ignore[no-untyped-def]
    ) -> None:
        before_indexes, before_triggers = index_definitions(), triggers_enabled()
        t = tildeling_on(SUNDAY)
        n = Besoeg.objects.count()
        load([visit(t, SUNDAY), visit(t, SUNDAY + timedelta(hours=1))])
        assert Besoeg.objects.count() == n + 2
        assert index_definitions() == before_indexes  # each index re-created once, unchanged
        assert triggers_enabled() == before_triggers
        assert set(before_triggers.values()) == {"O"}

    def test_it_rejects_a_visit_outside_the_tildeling_and_rolls_the_load_back(self, seeded) -> None:  # type: ignore[no-untyped-def]
        t = tildeling_on(SUNDAY)
        n = Besoeg.objects.count()
        before = t.starts_on - timedelta(days=7)
        early = datetime(before.year, before.month, before.day, 10, tzinfo=CPH)
        with pytest.raises(IntegrityError, match="levering_besoeg_within_tildeling"):
            load([visit(t, SUNDAY), visit(t, early)])
        assert Besoeg.objects.count() == n
        assert set(triggers_enabled().values()) == {"O"}

    def test_it_rejects_a_visit_by_staff_not_assigned_to_the_bestilling(self, seeded) -> None:  # type: ignore[no-untyped-def]
        t = tildeling_on(SUNDAY)
        other = Tildeling.objects.exclude(medarbejder_id=t.medarbejder_id).first()
        with pytest.raises(IntegrityError, match="levering_besoeg_within_tildeling"):
            load([visit(t, SUNDAY, medarbejder_id=other.medarbejder_id)])

    def test_it_rejects_a_visit_whose_case_is_not_the_bestillings(self, seeded) -> None:  # type: ignore[no-untyped-def]
        t = tildeling_on(SUNDAY)
        other = Tildeling.objects.exclude(bestilling__sag_id=t.bestilling.sag_id).first()
        with pytest.raises(IntegrityError, match="levering_besoeg_sag_matches"):
            load([visit(t, SUNDAY, sag_id=other.bestilling.sag_id)])

    def test_it_rejects_overlapping_visits_of_one_staff_member(self, seeded) -> None:  # type: ignore[no-untyped-def]
        t = tildeling_on(SUNDAY)
        n = Besoeg.objects.count()
        with pytest.raises(IntegrityError, match="levering_besoeg_no_overlap"):
            load([visit(t, SUNDAY), visit(t, SUNDAY + timedelta(minutes=30))])
        assert Besoeg.objects.count() == n

    def test_it_rejects_a_loaded_visit_overlapping_an_existing_one(self, seeded) -> None:  # type: ignore[no-untyped-def]
        existing = Besoeg.objects.filter(status="gennemfoert").order_by("id").first()
        t = Tildeling.objects.get(
            bestilling_id=existing.bestilling_id, medarbejder_id=existing.medarbejder_id
        )
        # Starts before the existing visit, ends inside it: the existing one is the later row.
        starts = existing.starts_at - timedelta(minutes=30)
        with pytest.raises(IntegrityError, match="levering_besoeg_no_overlap"):
            load([visit(t, starts, ends_at=existing.starts_at + timedelta(minutes=5))])

    def test_cancelled_visits_and_one_group_session_may_overlap(self, seeded) -> None:  # type: ignore[no-untyped-def]
        t = tildeling_on(SUNDAY)
        second = (
            Tildeling.objects.filter(
                medarbejder_id=t.medarbejder_id, starts_on__lte=SUNDAY.date(), ends_on__isnull=True
            )
            .exclude(id=t.id)
            .first()
        )
        gs = Gruppesession.objects.create(
            leverandoer_id=t.bestilling.leverandoer_id,
            medarbejder_id=t.medarbejder_id,
            titel="Fællesspisning",
            starts_at=SUNDAY,
            ends_at=SUNDAY + timedelta(hours=2),
        )
        group = {"kontaktform": "gruppe", "gruppesession_id": gs.id}
        n = Besoeg.objects.count()
        load(
            [
                visit(t, SUNDAY, **group),
                visit(second, SUNDAY, **group),
                visit(t, SUNDAY + timedelta(minutes=15), status="aflyst_borger"),
            ]
        )
        assert Besoeg.objects.count() == n + 3
        # A visit outside the session at the same time still collides.
        with pytest.raises(IntegrityError, match="levering_besoeg_no_overlap"):
            load([visit(second, SUNDAY + timedelta(minutes=30))])

    def test_the_trigger_guards_again_after_a_bulk_load(self, seeded) -> None:  # type: ignore[no-untyped-def]
        t = tildeling_on(SUNDAY)
        load([visit(t, SUNDAY)])
        row = visit(t, SUNDAY + timedelta(minutes=10), id=next_id(Besoeg))
        # COPY goes past Django's error wrapper: psycopg's own IntegrityError (ExclusionViolation).
        with (
            pytest.raises(psycopg.errors.ExclusionViolation, match="levering_besoeg_no_overlap"),
            history_off(),
        ):
            Table(Besoeg, NOW).copy([row])

    def test_it_refuses_a_check_written_for_another_version_of_the_trigger(self, seeded) -> None:  # type: ignore[no-untyped-def]
        stale = (replace(BESOEG_CHECKS[0], trigger_hash="0" * 40),)
        with pytest.raises(RuntimeError, match="er ændret"):
            load([visit(tildeling_on(SUNDAY), SUNDAY)], checks=stale)
        assert set(triggers_enabled().values()) == {"O"}

    def test_it_runs_only_where_history_is_skipped(self, seeded) -> None:  # type: ignore[no-untyped-def]
        # Outside history_off(), disabling the pghistory triggers would lose history rows.
        with (
            pytest.raises(RuntimeError, match="history_off"),
            transaction.atomic(),
            bulk_load(Besoeg, set_checks=BESOEG_CHECKS),
        ):
            pass
        assert set(triggers_enabled().values()) == {"O"}

    def test_a_caught_violation_still_leaves_the_table_guarded(self, seeded) -> None:  # type: ignore[no-untyped-def]
        t = tildeling_on(SUNDAY)
        n, indexes = Besoeg.objects.count(), index_definitions()
        with history_off():
            try:
                with bulk_load(Besoeg, set_checks=BESOEG_CHECKS):
                    Table(Besoeg, NOW).copy(
                        [
                            visit(t, SUNDAY, id=next_id(Besoeg)),
                            visit(t, SUNDAY, id=next_id(Besoeg) + 1),
                        ]
                    )
            except IntegrityError:
                pass  # the savepoint is rolled back; this transaction goes on
            assert Besoeg.objects.count() == n
            assert set(triggers_enabled().values()) == {"O"}
            assert index_definitions() == indexes


def test_raw_uuids_are_random_version_4() -> None:
    values = [uuid.UUID(bytes=b) for b in new_uuid_bytes(1000)]
    assert len(set(values)) == 1000
    assert {u.version for u in values} == {4}
    assert {u.variant for u in values} == {uuid.RFC_4122}


@pytest.mark.django_db
def test_raw_uuids_go_into_a_uuid_column_and_must_be_16_bytes() -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE volume_uuid_test (u uuid NOT NULL)")
    raw = new_uuid_bytes(3)
    assert copy_tuples("volume_uuid_test", ["u"], [(b,) for b in raw], raw_uuid=True) == 3
    with connection.cursor() as cursor:
        cursor.execute("SELECT u FROM volume_uuid_test")
        assert sorted(r[0] for r in cursor.fetchall()) == sorted(uuid.UUID(bytes=b) for b in raw)
    with pytest.raises(ValueError, match="16 bytes"), transaction.atomic():
        copy_tuples("volume_uuid_test", ["u"], [(b"kort",)], raw_uuid=True)

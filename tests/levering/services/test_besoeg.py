from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bostotte.core.exceptions import ConflictError, NotAllowedError
from bostotte.ffb.models import Kode
from levering.models import Besoeg
from levering.services import (
    GruppeDeltager,
    besoeg_create,
    besoeg_serie_create,
    besoeg_update,
    bestilling_accept,
    gruppesession_create,
    tildeling_create,
)
from visitation.models import Bestilling

from .. import builders
from ..conftest import NOW, aware


def log(erik, cast, start, end, **kw):
    kw.setdefault("kontaktform", "hjemmebesoeg")
    kw.setdefault("status", "gennemfoert")
    return besoeg_create(bestilling=erik.bestilling, medarbejder=cast.dorte, starts_at=start, ends_at=end, actor=cast.dorte, now=NOW, **kw)


class BesoegCreateTests:
    def test_it_logs_a_visit_and_starts_the_bestilling(self, cast, erik):
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), delmaal=[erik.delmaal], ydelser=list(Kode.objects.ydelser_85()[:1]),
                note="Handlede ind sammen", note_undertema=Kode.objects.undertemaer().first(), planlagt=False)
        assert v.varighed == timedelta(hours=1) and list(v.delmaal.all()) == [erik.delmaal]
        b = Bestilling.objects.get(pk=erik.bestilling.pk)
        assert b.status == "startet" and b.foerste_besoeg_on == date(2026, 2, 27)

    def test_it_logs_phone_contact_as_delivered_time(self, cast, erik):
        v = log(erik, cast, aware(2026, 2, 27, 20), aware(2026, 2, 27, 20, 15), kontaktform="telefon")
        assert v.status == "gennemfoert" and v.kontaktform == "telefon"

    def test_it_refuses_end_before_start(self, cast, erik):
        with pytest.raises(ValidationError) as exc:
            log(erik, cast, aware(2026, 2, 27, 11), aware(2026, 2, 27, 10))
        assert "ends_at" in exc.value.message_dict

    def test_it_refuses_more_than_12_hours(self, cast, erik):
        with pytest.raises(ValidationError) as exc:
            log(erik, cast, aware(2026, 2, 26, 8), aware(2026, 2, 26, 20, 1))
        assert "12 timer" in exc.value.message_dict["ends_at"][0]

    def test_it_refuses_overlap_for_the_same_staff_member(self, cast, erik):
        log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11))
        with pytest.raises(ValidationError) as exc:
            log(erik, cast, aware(2026, 2, 27, 10, 30), aware(2026, 2, 27, 11, 30))
        assert "overlapper" in exc.value.message_dict["starts_at"][0]

    def test_a_cancelled_visit_does_not_block_the_time(self, cast, erik):
        log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), status="aflyst_borger")
        assert log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11)).pk

    def test_it_refuses_a_visit_outside_the_assignment(self, cast, erik):
        with pytest.raises(ValidationError) as exc:
            log(erik, cast, aware(2025, 12, 31, 10), aware(2025, 12, 31, 11))
        assert "ikke tildelt" in exc.value.message_dict["starts_at"][0]

    def test_it_refuses_a_delivered_visit_in_the_future(self, cast, erik):
        with pytest.raises(ValidationError) as exc:
            log(erik, cast, NOW + timedelta(days=1), NOW + timedelta(days=1, hours=1))
        assert "status" in exc.value.message_dict

    def test_a_note_needs_an_undertema(self, cast, erik):
        with pytest.raises(ValidationError) as exc:
            log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), note="Godt besøg")
        assert "note_undertema" in exc.value.message_dict

    def test_it_refuses_someone_elses_visit(self, cast, erik):
        with pytest.raises(NotAllowedError):
            besoeg_create(bestilling=erik.bestilling, medarbejder=cast.dorte, starts_at=aware(2026, 2, 27, 10), ends_at=aware(2026, 2, 27, 11),
                          kontaktform="telefon", actor=cast.frank, now=NOW)


class BesoegConstraintTests:
    """The database holds the same rules (raw ORM writes)."""

    def _raw(self, cast, erik, start, end, **kw):
        return Besoeg.objects.create(bestilling=erik.bestilling, sag=cast.sag_erik, medarbejder=cast.dorte, starts_at=start, ends_at=end,
                                     kontaktform=kw.pop("kontaktform", "hjemmebesoeg"), status=kw.pop("status", "gennemfoert"), **kw)

    def test_end_after_start(self, cast, erik):
        with pytest.raises(IntegrityError), transaction.atomic():
            self._raw(cast, erik, aware(2026, 2, 27, 11), aware(2026, 2, 27, 10))

    def test_max_12_hours(self, cast, erik):
        with pytest.raises(IntegrityError), transaction.atomic():
            self._raw(cast, erik, aware(2026, 2, 26, 8), aware(2026, 2, 26, 20, 1))

    def test_no_overlap(self, cast, erik):
        self._raw(cast, erik, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11))
        with pytest.raises(IntegrityError), transaction.atomic():
            self._raw(cast, erik, aware(2026, 2, 27, 10, 59), aware(2026, 2, 27, 12))
        # back to back is fine, and a cancelled visit may overlap
        self._raw(cast, erik, aware(2026, 2, 27, 11), aware(2026, 2, 27, 12))
        self._raw(cast, erik, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), status="aflyst_medarbejder")

    def test_no_overlap_with_a_12_hour_visit_that_began_just_under_12_hours_before(self, cast, erik):
        """The trigger only looks 12 hours back (the longest visit there is): the edge cases."""
        self._raw(cast, erik, aware(2026, 2, 26, 8), aware(2026, 2, 26, 20))  # 12 hours exactly
        with pytest.raises(IntegrityError, match="levering_besoeg_no_overlap"), transaction.atomic():
            self._raw(cast, erik, aware(2026, 2, 26, 19, 59), aware(2026, 2, 26, 20, 30))
        with pytest.raises(IntegrityError, match="levering_besoeg_no_overlap"), transaction.atomic():
            self._raw(cast, erik, aware(2026, 2, 26, 8, 1), aware(2026, 2, 26, 8, 2))
        self._raw(cast, erik, aware(2026, 2, 26, 20), aware(2026, 2, 26, 21))  # back to back

    def test_within_an_active_assignment(self, cast, erik):
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            self._raw(cast, erik, aware(2025, 12, 31, 10), aware(2025, 12, 31, 11))
        with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
            Besoeg.objects.create(bestilling=erik.bestilling, sag=cast.sag_erik, medarbejder=cast.frank, starts_at=aware(2026, 2, 27, 10),
                                  ends_at=aware(2026, 2, 27, 11), kontaktform="telefon", status="gennemfoert")


class BesoegUpdateTests:
    def test_it_completes_a_planned_visit(self, cast, erik):
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), status="planlagt")
        v = besoeg_update(besoeg=v, version=v.version, starts_at=v.starts_at, ends_at=aware(2026, 2, 27, 10, 45), kontaktform="ledsagelse",
                          status="gennemfoert", delmaal=[erik.delmaal], actor=cast.dorte, now=NOW)
        assert v.status == "gennemfoert" and v.version == 2 and v.registreret_at == NOW

    def test_it_refuses_a_stale_version(self, cast, erik):
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), status="planlagt")
        with pytest.raises(ConflictError):
            besoeg_update(besoeg=v, version=v.version + 1, starts_at=v.starts_at, ends_at=v.ends_at, kontaktform="telefon", status="udeblevet", actor=cast.dorte, now=NOW)


class BesoegSerieTests:
    def test_it_keeps_the_wall_clock_time_across_dst(self, cast, erik):
        # 2026-03-29 is the spring DST change in Copenhagen.
        serie = besoeg_serie_create(bestilling=erik.bestilling, medarbejder=cast.dorte, foerste_starts_at=aware(2026, 3, 23, 10), varighed_min=60,
                                    kontaktform="hjemmebesoeg", interval_uger=1, antal=3, actor=cast.dorte, now=NOW)
        starts = [timezone.localtime(v.starts_at) for v in serie.besoeg.order_by("starts_at")]
        assert [s.date() for s in starts] == [date(2026, 3, 23), date(2026, 3, 30), date(2026, 4, 6)]
        assert all(s.hour == 10 for s in starts)
        assert starts[1].utcoffset() != starts[0].utcoffset()

    def test_it_plans_every_second_week_until_a_date(self, cast, erik):
        serie = besoeg_serie_create(bestilling=erik.bestilling, medarbejder=cast.dorte, foerste_starts_at=aware(2026, 3, 3, 14), varighed_min=45,
                                    kontaktform="video", interval_uger=2, til_og_med=date(2026, 4, 14), actor=cast.dorte, now=NOW)
        assert serie.besoeg.count() == 4 and set(serie.besoeg.values_list("status", flat=True)) == {"planlagt"}

    def test_it_needs_an_end(self, cast, erik):
        with pytest.raises(ValidationError):
            besoeg_serie_create(bestilling=erik.bestilling, medarbejder=cast.dorte, foerste_starts_at=aware(2026, 3, 3, 14), varighed_min=45,
                                kontaktform="video", actor=cast.dorte, now=NOW)

    def test_it_refuses_a_series_that_clashes(self, cast, erik):
        log(erik, cast, aware(2026, 3, 10, 14), aware(2026, 3, 10, 15), status="planlagt")
        with pytest.raises(ValidationError):
            besoeg_serie_create(bestilling=erik.bestilling, medarbejder=cast.dorte, foerste_starts_at=aware(2026, 3, 3, 14), varighed_min=60,
                                kontaktform="video", antal=3, actor=cast.dorte, now=NOW)
        assert Besoeg.objects.filter(serie__isnull=False).count() == 0


class GruppesessionTests:
    def test_one_session_several_citizens_time_per_citizen(self, cast, erik):
        b2 = builders.bestilling(cast.sag_gitte, cast.lev_nord, now=NOW)
        bestilling_accept(bestilling=b2, actor=cast.lise, now=NOW)
        b2.refresh_from_db()
        tildeling_create(bestilling=b2, medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)
        s = gruppesession_create(medarbejder=cast.dorte, titel="Fællesspisning", sted="Værestedet", starts_at=aware(2026, 2, 26, 13), ends_at=aware(2026, 2, 26, 15),
                                 deltagere=[GruppeDeltager(bestilling=erik.bestilling, minutter=120), GruppeDeltager(bestilling=b2, minutter=60)], actor=cast.dorte, now=NOW)
        visits = list(s.besoeg.order_by("sag_id"))
        assert len(visits) == 2 and {v.kontaktform for v in visits} == {"gruppe"}
        assert sorted(v.varighed for v in visits) == [timedelta(hours=1), timedelta(hours=2)]

    def test_it_refuses_minutes_beyond_the_session(self, cast, erik):
        with pytest.raises(ValidationError):
            gruppesession_create(medarbejder=cast.dorte, titel="Gruppe", starts_at=aware(2026, 2, 26, 13), ends_at=aware(2026, 2, 26, 14),
                                 deltagere=[GruppeDeltager(bestilling=erik.bestilling, minutter=90)], actor=cast.dorte, now=NOW)


class BesoegUpdateDetailsTests:
    """What `besoeg_update` does in fewer queries (issue 10) is still what it did."""

    def test_it_replaces_the_delmaal_and_ydelser(self, cast, erik):
        y1, y2 = list(Kode.objects.ydelser_85()[:2])
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), delmaal=[erik.delmaal], ydelser=[y1])
        v = besoeg_update(besoeg=v, version=v.version, starts_at=v.starts_at, ends_at=v.ends_at, kontaktform="telefon",
                          status="gennemfoert", ydelser=[y2], actor=cast.dorte, now=NOW)
        fresh = Besoeg.objects.get(pk=v.pk)
        assert list(fresh.delmaal.all()) == [] and list(fresh.ydelser.all()) == [y2]
        v = besoeg_update(besoeg=v, version=v.version, starts_at=v.starts_at, ends_at=v.ends_at, kontaktform="telefon",
                          status="gennemfoert", delmaal=[erik.delmaal], ydelser=[y1, y2], actor=cast.dorte, now=NOW)
        assert list(fresh.delmaal.all()) == [erik.delmaal] and set(fresh.ydelser.all()) == {y1, y2}

    def test_the_returned_visit_is_the_row_in_the_database(self, cast, erik):
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), status="planlagt")
        stale = Besoeg.objects.get(pk=v.pk)
        v = besoeg_update(besoeg=v, version=1, starts_at=v.starts_at, ends_at=aware(2026, 2, 27, 10, 30), kontaktform="video",
                          status="gennemfoert", planlagt=False, note=" Godt ", note_undertema=Kode.objects.undertemaer().first(),
                          actor=cast.dorte, now=NOW)
        # the in-memory result (no refresh query) and a row read back agree, field by field
        fresh = Besoeg.objects.get(pk=v.pk)
        assert [getattr(v, f.attname) for f in Besoeg._meta.concrete_fields] == [getattr(fresh, f.attname) for f in Besoeg._meta.concrete_fields]
        assert v.version == 2 and v.note == "Godt" and v.registreret_at == NOW
        # an instance loaded before someone else's change, with the current version: read back
        other = besoeg_update(besoeg=stale, version=2, starts_at=stale.starts_at, ends_at=aware(2026, 2, 27, 10, 20),
                              kontaktform="telefon", status="gennemfoert", actor=cast.dorte, now=NOW)
        fresh = Besoeg.objects.get(pk=v.pk)
        assert other.version == 3 and other.planlagt is False and other.kontaktform == "telefon"
        assert [getattr(other, f.attname) for f in Besoeg._meta.concrete_fields] == [getattr(fresh, f.attname) for f in Besoeg._meta.concrete_fields]

    def test_a_stale_version_changes_no_links(self, cast, erik):
        # the links are read with the checks, before the UPDATE: a change in between fails on the version
        y1, y2 = list(Kode.objects.ydelser_85()[:2])
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), delmaal=[erik.delmaal], ydelser=[y1])
        stale = Besoeg.objects.select_related("bestilling").get(pk=v.pk)
        besoeg_update(besoeg=v, version=1, starts_at=v.starts_at, ends_at=v.ends_at, kontaktform="telefon", status="gennemfoert",
                      ydelser=[y2], actor=cast.dorte, now=NOW)
        with pytest.raises(ConflictError):
            besoeg_update(besoeg=stale, version=1, starts_at=stale.starts_at, ends_at=stale.ends_at, kontaktform="video",
                          status="gennemfoert", delmaal=[erik.delmaal], ydelser=[y1, y2], actor=cast.dorte, now=NOW)
        fresh = Besoeg.objects.get(pk=v.pk)
        assert list(fresh.delmaal.all()) == [] and list(fresh.ydelser.all()) == [y2] and fresh.kontaktform == "telefon"

    def test_a_delmaal_of_another_bestilling_is_refused(self, cast, erik):
        other = bestilling_accept(bestilling=builders.bestilling(cast.sag_gitte, cast.lev_nord, now=NOW), actor=cast.lise, now=NOW)
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11))
        with pytest.raises(ValidationError) as exc:
            besoeg_update(besoeg=v, version=v.version, starts_at=v.starts_at, ends_at=v.ends_at, kontaktform="telefon",
                          status="gennemfoert", delmaal=[builders.delmaal(other)], actor=cast.dorte, now=NOW)
        assert "delmaal" in exc.value.message_dict

    def test_a_long_visit_that_began_up_to_12_hours_before_still_overlaps(self, cast, erik):
        log(erik, cast, aware(2026, 2, 26, 7), aware(2026, 2, 26, 19))  # 12 hours, the most there is
        with pytest.raises(ValidationError) as exc:
            log(erik, cast, aware(2026, 2, 26, 18, 59), aware(2026, 2, 26, 19, 30))
        assert "overlapper et andet besøg (26.02.2026 07:00–19:00)" in exc.value.message_dict["starts_at"][0]
        assert log(erik, cast, aware(2026, 2, 26, 19), aware(2026, 2, 26, 19, 30)).pk  # back to back


class MarkStartedTests:
    def _b(self, erik):  # type: ignore[no-untyped-def]
        return Bestilling.objects.get(pk=erik.bestilling.pk)

    def test_a_planned_visit_starts_nothing(self, cast, erik):
        before = self._b(erik)
        log(erik, cast, aware(2026, 3, 10, 10), aware(2026, 3, 10, 11), status="planlagt")
        after = self._b(erik)
        assert (after.status, after.foerste_besoeg_on, after.version) == (before.status, before.foerste_besoeg_on, before.version)

    def test_the_earliest_delivered_day_counts_and_bumps_the_version(self, cast, erik):
        log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11))
        first = self._b(erik)
        assert first.status == "startet" and first.foerste_besoeg_on == date(2026, 2, 27)
        log(erik, cast, aware(2026, 2, 28, 10), aware(2026, 2, 28, 11))  # later: nothing changes
        assert self._b(erik).version == first.version and self._b(erik).foerste_besoeg_on == date(2026, 2, 27)
        log(erik, cast, aware(2026, 2, 20, 10), aware(2026, 2, 20, 11))  # earlier: moves back, new version
        again = self._b(erik)
        assert again.foerste_besoeg_on == date(2026, 2, 20) and again.version == first.version + 1 and again.status == "startet"

    def _relog(self, cast, v, start):  # type: ignore[no-untyped-def]
        """The visit as the form loads it (with its bestilling as it is now), logged again at `start`."""
        v = Besoeg.objects.select_related("bestilling").get(pk=v.pk)
        with CaptureQueriesContext(connection) as ctx:
            besoeg_update(besoeg=v, version=v.version, starts_at=start, ends_at=start + timedelta(minutes=30), kontaktform="telefon",
                          status="gennemfoert", actor=cast.dorte, now=NOW)
        return [q["sql"] for q in ctx.captured_queries if 'UPDATE "visitation_bestilling"' in q["sql"]]

    def test_re_logging_on_a_started_bestilling_writes_nothing_to_it(self, cast, erik):
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11))
        first = self._b(erik)
        assert self._relog(cast, v, aware(2026, 2, 27, 12)) == []  # same day, then a later one: nothing to change
        assert self._relog(cast, v, aware(2026, 2, 28, 10)) == []
        assert (self._b(erik).version, self._b(erik).foerste_besoeg_on) == (first.version, date(2026, 2, 27))

    def test_re_logging_on_an_earlier_day_still_moves_the_first_day(self, cast, erik):
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11))
        first = self._b(erik)
        assert len(self._relog(cast, v, aware(2026, 2, 25, 10))) == 1
        again = self._b(erik)
        assert again.foerste_besoeg_on == date(2026, 2, 25) and again.version == first.version + 1

    def test_a_bestilling_that_may_still_be_accepted_is_always_checked(self, cast, erik):
        # loaded as accepted (or sent) the UPDATE runs: only the database knows its state now
        v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11))
        Bestilling.objects.filter(pk=erik.bestilling.pk).update(status="accepteret")
        assert len(self._relog(cast, v, aware(2026, 2, 28, 10))) == 1
        assert self._b(erik).status == "startet"


def test_the_checks_query_is_compiled_once_per_shape_and_answers_as_the_orm(cast, erik):
    """`_validate`'s one query (`besoeg._checks`, compiled once per shape, issue 10): for every
    shape the compile is kept (not built per call) and its row equals the ORM query's."""
    from levering.services import besoeg as mod  # noqa: PLC0415

    v = log(erik, cast, aware(2026, 2, 27, 10), aware(2026, 2, 27, 11), delmaal=[erik.delmaal])
    other = log(erik, cast, aware(2026, 2, 27, 12), aware(2026, 2, 27, 13))
    base = {"bestilling_id": erik.bestilling.pk, "medarbejder_id": cast.dorte.pk, "day": date(2026, 2, 27),
            "starts_at": aware(2026, 2, 27, 10, 30), "ends_at": aware(2026, 2, 27, 12, 30)}
    seen = set()
    for clash in (True, False):
        for exclude_pk in (None, v.pk):
            for gruppe in (None, -5):
                for links in (False, True) if exclude_pk else (False,):
                    got = mod._checks(**base, exclude_pk=exclude_pk, gruppesession_id=gruppe, clash=clash, links=links)
                    shape = (clash, clash and exclude_pk is not None, clash and gruppe is not None, links)
                    seen.add(shape)
                    fixed, _names, keys = mod._CHECKS[shape]
                    assert fixed.cache["default"] is not None, shape  # compiled once
                    values = {**base, "lo": base["starts_at"] - timedelta(hours=12), "exclude_pk": exclude_pk, "gruppesession_id": gruppe}
                    assert got == dict(zip(keys, mod._checks_query(shape, values).get(), strict=True)), shape
                    assert got["tildelt"] is True
                    if clash:
                        assert got["clash_id"] == (other.pk if exclude_pk else v.pk), shape
                    if links:
                        assert got["delmaal_ids"] == [erik.delmaal.pk] and got["ydelse_ids"] == [], shape
    assert len(seen) == 8

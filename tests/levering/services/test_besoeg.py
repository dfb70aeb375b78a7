from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InternalError, transaction
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

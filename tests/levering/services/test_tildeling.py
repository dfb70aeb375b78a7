from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.access import sag_scope
from bostotte.core.exceptions import ApplicationError, NotAllowedError
from bostotte.core.models import LeverandoerTeam, Rolle, Sag
from levering.models import Besoeg, Tildeling
from levering.services import besoeg_create, tildeling_create, tildeling_end, tildeling_reassign
from tests.factories import make_staff

from ..conftest import NOW, aware


class TildelingCreateTests:
    def test_it_assigns_a_primary_and_journals_it(self, cast, erik):
        assert erik.tildeling.er_primaer and erik.tildeling.tildelt_af == cast.lise
        assert cast.sag_erik.journal.filter(emne="Primær bostøtte tildelt").exists()

    def test_it_allows_an_additional_bostoette(self, cast, erik):
        t = tildeling_create(bestilling=erik.bestilling, medarbejder=cast.frank, starts_on=date(2026, 2, 1), er_primaer=False, actor=cast.lise, now=NOW)
        assert not t.er_primaer

    def test_it_refuses_a_second_primary_in_the_period(self, cast, erik):
        with pytest.raises(ValidationError) as exc:
            tildeling_create(bestilling=erik.bestilling, medarbejder=cast.frank, starts_on=date(2026, 2, 1), actor=cast.lise, now=NOW)
        assert "Skift bostøtte" in exc.value.message_dict["starts_on"][0]

    def test_the_database_refuses_overlapping_primaries(self, cast, erik):
        with pytest.raises(IntegrityError), transaction.atomic():
            Tildeling.objects.create(bestilling=erik.bestilling, medarbejder=cast.frank, starts_on=date(2026, 6, 1), er_primaer=True)

    def test_it_refuses_staff_from_another_leverandoer(self, cast, erik):
        other = make_staff(Rolle.BOSTOETTE, username="olga", leverandoer_team=LeverandoerTeam.objects.get(leverandoer=cast.lev_privat))
        with pytest.raises(ValidationError) as exc:
            tildeling_create(bestilling=erik.bestilling, medarbejder=other, starts_on=date(2026, 2, 1), er_primaer=False, actor=cast.lise, now=NOW)
        assert "medarbejder" in exc.value.message_dict
        with pytest.raises(IntegrityError), transaction.atomic():
            Tildeling.objects.create(bestilling=erik.bestilling, medarbejder=other, starts_on=date(2026, 2, 1), er_primaer=False)

    def test_it_refuses_another_leader(self, cast, erik):
        with pytest.raises(NotAllowedError):
            tildeling_create(bestilling=erik.bestilling, medarbejder=cast.frank, starts_on=date(2026, 2, 1), er_primaer=False, actor=cast.lars, now=NOW)

    def test_it_refuses_an_unanswered_bestilling(self, cast, erik_sendt):
        with pytest.raises(ApplicationError):
            tildeling_create(bestilling=erik_sendt, medarbejder=cast.dorte, starts_on=date(2026, 2, 1), actor=cast.lise, now=NOW)


class TildelingReassignTests:
    def test_it_keeps_history(self, cast, erik):
        new = tildeling_reassign(tildeling=erik.tildeling, ny_medarbejder=cast.frank, fra_on=date(2026, 4, 1), actor=cast.lise, now=NOW)
        erik.tildeling.refresh_from_db()
        assert erik.tildeling.ends_on == date(2026, 3, 31)
        assert new.medarbejder == cast.frank and new.starts_on == date(2026, 4, 1) and new.er_primaer
        assert Tildeling.objects.filter(bestilling=erik.bestilling).count() == 2

    def test_it_refuses_the_same_person(self, cast, erik):
        with pytest.raises(ValidationError):
            tildeling_reassign(tildeling=erik.tildeling, ny_medarbejder=cast.dorte, fra_on=date(2026, 4, 1), actor=cast.lise, now=NOW)


class TildelingEndTests:
    def test_it_ends_and_removes_later_planned_visits(self, cast, erik):
        keep = besoeg_create(bestilling=erik.bestilling, medarbejder=cast.dorte, starts_at=aware(2026, 3, 10, 10), ends_at=aware(2026, 3, 10, 11), kontaktform="hjemmebesoeg", status="planlagt", actor=cast.dorte, now=NOW)
        drop = besoeg_create(bestilling=erik.bestilling, medarbejder=cast.dorte, starts_at=aware(2026, 3, 20, 10), ends_at=aware(2026, 3, 20, 11), kontaktform="hjemmebesoeg", status="planlagt", actor=cast.dorte, now=NOW)
        tildeling_end(tildeling=erik.tildeling, ends_on=date(2026, 3, 15), actor=cast.lise, now=NOW)
        assert Besoeg.objects.filter(pk=keep.pk).exists() and not Besoeg.objects.filter(pk=drop.pk).exists()

    def test_it_refuses_an_end_before_the_start(self, cast, erik):
        with pytest.raises(ValidationError):
            tildeling_end(tildeling=erik.tildeling, ends_on=date(2025, 12, 1), actor=cast.lise, now=NOW)

    def test_the_database_refuses_an_end_before_the_start(self, cast, erik):
        with pytest.raises(IntegrityError), transaction.atomic():
            Tildeling.objects.filter(pk=erik.tildeling.pk).update(ends_on=date(2025, 12, 1))


class TildelingAccessTests:
    """Assignment grants case access for exactly the assignment period."""

    def test_access_follows_the_period(self, cast, erik):
        tildeling_end(tildeling=erik.tildeling, ends_on=date(2026, 3, 31), actor=cast.lise, now=NOW)
        Tildeling.objects.filter(pk=erik.tildeling.pk).update(starts_on=date(2026, 3, 10))
        def sees(day):
            return Sag.objects.filter(sag_scope(cast.dorte, aware(day.year, day.month, day.day, 12)), pk=cast.sag_erik.pk).exists()

        assert not sees(date(2026, 3, 9))
        assert sees(date(2026, 3, 10)) and sees(date(2026, 3, 31))
        assert not sees(date(2026, 3, 31) + timedelta(days=1))
        assert not Sag.objects.filter(sag_scope(cast.frank, NOW), pk=cast.sag_erik.pk).exists()

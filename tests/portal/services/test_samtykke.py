from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from bostotte.core.models import Journalnotat, Samtykke
from bostotte.core.services.borger import paaroerende_create
from portal.services import (
    portal_paaroerende_create,
    portal_samtykke_change,
    portal_samtykke_withdraw,
)

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class PortalPaaroerendeCreateTests:
    def test_it_adds_the_relative_with_consent_and_tells_the_case(self, cast) -> None:  # type: ignore[no-untyped-def]
        p = portal_paaroerende_create(
            borger=cast.erik, navn=" Mona Eriksen ", relation="mor", omfang=["plan", "kontakt"], actor=cast.erik_user, now=NOW
        )
        s = p.samtykker.get()
        assert (p.navn, s.omfang, s.givet_at, s.tilbagekaldt_at, s.registreret_af) == (
            "Mona Eriksen", ["kontakt", "plan"], NOW, None, cast.erik_user,
        )
        note = Journalnotat.objects.get(sag=cast.sag_erik, emne__contains="givet i borgerportalen")
        assert note.art == "sagsskridt" and "Mona Eriksen" in note.tekst and "må se min plan" in note.tekst

    def test_it_refuses_a_relative_without_consent_and_saves_nothing(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            portal_paaroerende_create(borger=cast.erik, navn="Mona", relation="mor", omfang=[], actor=cast.erik_user, now=NOW)
        assert exc.value.message_dict["omfang"] == ["Vælg mindst én ting, den pårørende må."]
        assert not cast.erik.paaroerende.exists()

    def test_it_refuses_a_missing_name(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            portal_paaroerende_create(borger=cast.erik, navn="", relation="mor", omfang=["plan"], actor=cast.erik_user, now=NOW)
        assert "navn" in exc.value.message_dict
        assert not cast.erik.paaroerende.exists()


class PortalSamtykkeChangeTests:
    def test_limiting_consent_ends_the_old_and_starts_a_new(self, cast) -> None:  # type: ignore[no-untyped-def]
        p = portal_paaroerende_create(borger=cast.erik, navn="Mona", relation="mor", omfang=["plan", "besoeg"], actor=cast.erik_user, now=NOW)
        later = NOW + timedelta(days=30)
        ny = portal_samtykke_change(borger=cast.erik, paaroerende=p, omfang=["kontakt"], actor=cast.erik_user, now=later)
        old = Samtykke.objects.exclude(pk=ny.pk).get()
        assert old.tilbagekaldt_at == later and ny.givet_at == later and ny.omfang == ["kontakt"]
        assert Journalnotat.objects.filter(sag=cast.sag_erik, emne__contains="ændret").count() == 1

    def test_it_refuses_someone_elses_relative(self, cast) -> None:  # type: ignore[no-untyped-def]
        gittes = paaroerende_create(borger=cast.gitte, navn="Hans", relation="bror", actor=None)
        with pytest.raises(NotAllowedError):
            portal_samtykke_change(borger=cast.erik, paaroerende=gittes, omfang=["plan"], actor=cast.erik_user, now=NOW)
        assert not Samtykke.objects.exists()


class PortalSamtykkeWithdrawTests:
    def test_it_withdraws_with_the_date_and_notes_it(self, cast) -> None:  # type: ignore[no-untyped-def]
        p = portal_paaroerende_create(borger=cast.erik, navn="Mona", relation="mor", omfang=["plan"], actor=cast.erik_user, now=NOW)
        later = NOW + timedelta(days=2)
        assert portal_samtykke_withdraw(borger=cast.erik, paaroerende=p, actor=cast.erik_user, now=later) == 1
        assert p.samtykker.get().tilbagekaldt_at == later
        assert Journalnotat.objects.filter(sag=cast.sag_erik, emne__contains="trukket tilbage").exists()

    def test_it_says_so_when_there_is_nothing_to_withdraw(self, cast) -> None:  # type: ignore[no-untyped-def]
        p = paaroerende_create(borger=cast.erik, navn="Mona", relation="mor", actor=None)
        with pytest.raises(ApplicationError) as exc:
            portal_samtykke_withdraw(borger=cast.erik, paaroerende=p, actor=cast.erik_user, now=NOW)
        assert exc.value.code == "intet_samtykke"

    def test_it_refuses_someone_elses_relative(self, cast) -> None:  # type: ignore[no-untyped-def]
        gittes = paaroerende_create(borger=cast.gitte, navn="Hans", relation="bror", actor=None)
        with pytest.raises(NotAllowedError):
            portal_samtykke_withdraw(borger=cast.erik, paaroerende=gittes, actor=cast.erik_user, now=NOW)

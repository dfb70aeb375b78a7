from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import Borger, Journalnotat
from tests.factories import cpr_for
from visitation import services as s
from visitation.models import Henvendelse

from ..builders import NOW, make_henvendelse


@pytest.mark.django_db
class HenvendelseCreateTests:
    def test_it_computes_the_frist_from_the_kvalitetsstandard(self, cast, ks) -> None:
        h = make_henvendelse(cast.sag_erik, cast.anna, modtaget_on=date(2026, 3, 20))
        assert h.frist_on == date(2026, 5, 15)  # 8 weeks, a Friday
        assert h.kvalitetsstandard_id == ks.pk
        assert Journalnotat.objects.filter(sag=cast.sag_erik, emne="Henvendelse registreret").exists()

    def test_it_uses_the_change_frist_and_rolls_over_holidays(self, cast, ks) -> None:
        # 4 weeks from 9 March 2026 = 6 April, 2. påskedag → 7 April.
        h = make_henvendelse(cast.sag_erik, cast.anna, modtaget_on=date(2026, 3, 9), art="aendring")
        assert h.frist_on == date(2026, 4, 7)

    def test_it_sets_no_frist_when_the_kommune_opened_the_case(self, cast, ks) -> None:
        h = make_henvendelse(cast.sag_erik, cast.anna, er_ansoegning=False)
        assert h.frist_on is None

    def test_it_refuses_a_future_date_and_empty_words(self, cast, ks) -> None:
        with pytest.raises(ValidationError) as exc:
            make_henvendelse(cast.sag_erik, cast.anna, modtaget_on=date(2026, 3, 21), borgers_ord=" ", samtykke_indhentning=False)
        assert set(exc.value.message_dict) == {"modtaget_on", "borgers_ord"}

    def test_it_refuses_a_child(self, cast, ks) -> None:
        from tests.factories import make_borger, make_sag  # noqa: PLC0415

        barn = make_borger("Lille", "Barn", birth=date(2010, 1, 1), kommune=cast.kommune)
        with pytest.raises(ValidationError, match="under 18"):
            make_henvendelse(make_sag(barn, cast.anna), cast.anna)

    def test_the_database_requires_a_frist_on_an_application(self, cast, ks) -> None:
        h = make_henvendelse(cast.sag_erik, cast.anna)
        with pytest.raises(IntegrityError), transaction.atomic():
            Henvendelse.objects.filter(pk=h.pk).update(frist_on=None)


@pytest.mark.django_db
class HenvendelseForCprTests:
    def test_it_creates_a_new_citizen_and_case(self, cast, ks) -> None:
        cpr = cpr_for(date(1990, 5, 1), 123)
        h = s.henvendelse_create_for_cpr(
            cpr=cpr, actor=cast.anna, fornavn="Nina", efternavn="Ny", adresse="Vej 2", postnummer="5000", by="By",
            modtaget_on=date(2026, 3, 20), kilde="egen", borgers_ord="Hjælp", now=NOW,
        )
        assert h.sag.borger.navn == "Nina Ny"
        assert h.sag.team == cast.team_nord and h.sag.ansvarlig == cast.anna

    def test_it_finds_an_existing_citizen_by_cpr(self, cast, ks) -> None:
        before = Borger.objects.count()
        h = s.henvendelse_create_for_cpr(
            cpr=cast.erik.cpr, actor=cast.anna, modtaget_on=date(2026, 3, 20), kilde="egen", borgers_ord="Igen", now=NOW,
        )
        assert Borger.objects.count() == before
        assert h.sag == cast.sag_erik

    def test_it_requires_names_for_a_new_citizen(self, cast, ks) -> None:
        with pytest.raises(ValidationError) as exc:
            s.henvendelse_create_for_cpr(cpr=cpr_for(date(1991, 1, 1), 7), actor=cast.anna, modtaget_on=date(2026, 3, 20),
                                         kilde="egen", borgers_ord="x", now=NOW)
        assert set(exc.value.message_dict) == {"fornavn", "efternavn"}

    def test_it_refuses_an_invalid_cpr(self, cast, ks) -> None:
        with pytest.raises(ValidationError) as exc:
            s.henvendelse_create_for_cpr(cpr="123", actor=cast.anna, modtaget_on=date(2026, 3, 20), kilde="egen", borgers_ord="x", now=NOW)
        assert "cpr" in exc.value.message_dict


@pytest.mark.django_db
class UnderretningTests:
    def test_it_records_the_notice(self, cast, ks) -> None:
        h = make_henvendelse(cast.sag_erik, cast.anna)
        h = s.henvendelse_underretning_record(
            henvendelse=h, begrundelse="Vi venter på oplysninger fra psykiatrien.", forventet_afgoerelse_on=date(2026, 6, 1),
            actor=cast.anna, now=NOW,
        )
        assert h.underretning_sendt_on == date(2026, 3, 20)

    def test_it_refuses_an_expected_date_inside_the_frist(self, cast, ks) -> None:
        h = make_henvendelse(cast.sag_erik, cast.anna)
        with pytest.raises(ValidationError) as exc:
            s.henvendelse_underretning_record(henvendelse=h, begrundelse="", forventet_afgoerelse_on=date(2026, 4, 1), actor=cast.anna, now=NOW)
        assert set(exc.value.message_dict) == {"begrundelse", "forventet_afgoerelse_on"}

    def test_it_refuses_without_a_frist(self, cast, ks) -> None:
        h = make_henvendelse(cast.sag_erik, cast.anna, er_ansoegning=False)
        with pytest.raises(ApplicationError):
            s.henvendelse_underretning_record(henvendelse=h, begrundelse="x", forventet_afgoerelse_on=date(2026, 9, 1), actor=cast.anna, now=NOW)

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from bostotte.core import crypto
from bostotte.core.models import Borger, Koen
from bostotte.core.selectors import borger_find_by_cpr
from bostotte.core.services.borger import borger_create, borger_rotate_cpr_keys, borger_update
from tests.factories import make_kommune

pytestmark = pytest.mark.django_db


def _create(cpr: str = "140385-1234") -> Borger:
    return borger_create(cpr=cpr, fornavn=" Erik ", efternavn="Eriksen", kommune=make_kommune(), actor=None)


class BorgerCreateTests:
    def test_it_derives_birth_date_and_gender_from_cpr(self) -> None:
        borger = _create("140385-1233")
        assert borger.foedselsdato == date(1985, 3, 14)
        assert borger.koen == Koen.MAND
        assert borger.fornavn == "Erik"
        assert _create("010190-1234").koen == Koen.KVINDE

    @pytest.mark.parametrize(
        "cpr,message",
        [
            ("", "Skriv CPR-nummeret."),
            ("12345", "Et CPR-nummer har 10 cifre, fx 010190-1234."),
            ("abcdefghij", "Et CPR-nummer har 10 cifre, fx 010190-1234."),
            ("320190-1234", "CPR-nummeret indeholder ikke en gyldig fødselsdato (de første 6 cifre er DDMMÅÅ)."),
            ("011390-1234", "CPR-nummeret indeholder ikke en gyldig fødselsdato (de første 6 cifre er DDMMÅÅ)."),
        ],
    )
    def test_it_refuses_invalid_cpr_with_a_danish_message(self, cpr: str, message: str) -> None:
        with pytest.raises(ValidationError) as exc:
            _create(cpr)
        assert exc.value.message_dict["cpr"] == [message]
        assert Borger.objects.count() == 0

    def test_it_accepts_numbers_that_fail_the_old_modulus_11_check(self) -> None:
        # 0101901234 fails modulus 11; the check was dropped in 2007.
        assert _create("0101901234").pk

    def test_it_stores_cpr_encrypted_at_rest(self) -> None:
        borger = _create("140385-1233")
        with connection.cursor() as cursor:
            cursor.execute("SELECT cpr_encrypted, cpr_index FROM core_borger WHERE id = %s", [borger.pk])
            raw, index = cursor.fetchone()
        assert "1403851233" not in raw and "140385" not in raw
        assert len(index) == 64 and "1403851233" not in index
        assert Borger.objects.get(pk=borger.pk).cpr == "1403851233"

    def test_it_refuses_a_second_citizen_with_the_same_cpr(self) -> None:
        _create("140385-1233")
        with pytest.raises(ValidationError) as exc:
            _create("1403851233")
        assert "findes allerede" in exc.value.message_dict["cpr"][0]

    def test_it_keeps_cpr_out_of_the_history_tables(self) -> None:
        borger = _create("140385-1233")
        with connection.cursor() as cursor:
            cursor.execute("SELECT row_to_json(e)::text FROM core_borgerevent e WHERE pgh_obj_id = %s", [borger.pk])
            rows = [r[0] for r in cursor.fetchall()]
        assert rows and not any("1403851233" in r or "cpr_encrypted" in r for r in rows)


class BorgerLookupTests:
    def test_it_finds_a_citizen_by_cpr_through_the_blind_index_and_logs_it(self, cast) -> None:  # type: ignore[no-untyped-def]
        from bostotte.core.models import AccessLog

        found = borger_find_by_cpr(user=cast.anna, cpr=cast.erik.cpr[:6] + "-" + cast.erik.cpr[6:])
        assert found == cast.erik
        log = AccessLog.objects.get(borger=cast.erik, art="soegning")
        assert log.actor == cast.anna and "CPR" in log.formaal

    def test_it_returns_none_for_an_unknown_cpr(self, cast) -> None:  # type: ignore[no-untyped-def]
        assert borger_find_by_cpr(user=cast.anna, cpr="0101011234") is None

    def test_it_refuses_lookup_for_leverandoer_staff(self, cast) -> None:  # type: ignore[no-untyped-def]
        from bostotte.core.exceptions import NotAllowedError

        with pytest.raises(NotAllowedError):
            borger_find_by_cpr(user=cast.dorte, cpr=cast.erik.cpr)


class BorgerUpdateAndRotationTests:
    def test_it_updates_allowed_fields_and_keeps_history(self) -> None:
        borger = _create()
        borger_update(borger=borger, actor=None, adresse="Ny vej 2", reason="flyttet")
        borger.refresh_from_db()
        assert borger.adresse == "Ny vej 2"
        assert borger.events.count() >= 2  # type: ignore[attr-defined]

    def test_it_refuses_to_change_cpr_derived_fields(self) -> None:
        borger = _create()
        with pytest.raises(ValueError):
            borger_update(borger=borger, actor=None, foedselsdato="2000-01-01")

    def test_it_rotates_keys_so_the_old_key_can_be_removed(self, settings) -> None:  # type: ignore[no-untyped-def]
        from cryptography.fernet import Fernet

        old_keys = list(settings.FIELD_ENCRYPTION_KEYS)
        borger = _create("140385-1233")
        new_key = Fernet.generate_key().decode()
        settings.FIELD_ENCRYPTION_KEYS = [new_key, *old_keys]
        assert borger_rotate_cpr_keys() == 1
        settings.FIELD_ENCRYPTION_KEYS = [new_key]
        assert Borger.objects.get(pk=borger.pk).cpr == "1403851233"
        assert crypto.cpr_blind_index("1403851233") == borger.cpr_index

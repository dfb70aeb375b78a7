from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from bostotte.api.models import ApiKlient
from bostotte.api.selectors import apiklient_for_token
from bostotte.api.services import apiklient_create, apiklient_revoke, apiklient_touch
from bostotte.core.exceptions import ApplicationError

from ..builders import make_klient

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=CPH)


@pytest.mark.django_db
class ApiKlientCreateTests:
    def test_it_stores_only_the_hash_and_a_prefix(self, cast) -> None:  # type: ignore[no-untyped-def]
        klient, token = make_klient(cast.lise, scopes=["bestillinger:read"])
        assert token.startswith("bst_") and len(token) > 40
        assert klient.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert klient.token_prefix == token[:12]
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM api_apiklient")
            rows = cursor.fetchall()
            cursor.execute("SELECT * FROM api_apiklientevent")
            rows += cursor.fetchall()
        assert token not in repr(rows)

    def test_it_gives_each_client_its_own_token(self, cast) -> None:  # type: ignore[no-untyped-def]
        _a, one = make_klient(cast.lise)
        _b, two = make_klient(cast.lise)
        assert one != two

    def test_it_refuses_a_service_user_from_another_organisation(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            apiklient_create(
                navn="X",
                service_user=cast.lars,
                scopes=["besoeg:read"],
                leverandoer=cast.lev_nord,
                actor=None,
            )
        assert "service_user" in exc.value.message_dict

    def test_it_refuses_cpr_for_a_leverandoer(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            apiklient_create(
                navn="X",
                service_user=cast.lise,
                scopes=["cpr:read"],
                leverandoer=cast.lev_nord,
                actor=None,
            )
        assert "CPR" in exc.value.message_dict["scopes"][0]

    def test_it_refuses_unknown_scopes_and_two_organisations(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            apiklient_create(
                navn="X",
                service_user=cast.anna,
                scopes=["alt:write"],
                kommune=cast.kommune,
                leverandoer=cast.lev_nord,
                actor=None,
            )
        assert {"scopes", "organisation"} <= set(exc.value.message_dict)

    def test_it_refuses_an_expiry_in_the_past(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            apiklient_create(
                navn="X",
                service_user=cast.anna,
                scopes=[],
                kommune=cast.kommune,
                expires_at=NOW,
                actor=None,
                now=NOW,
            )
        assert "expires_at" in exc.value.message_dict


@pytest.mark.django_db
class ApiKlientConstraintTests:
    def test_the_database_refuses_a_foreign_service_user(self, cast) -> None:  # type: ignore[no-untyped-def]
        klient, _t = make_klient(cast.lise)
        klient.service_user = cast.lars
        with pytest.raises(DatabaseError), transaction.atomic():
            klient.save()

    def test_the_database_refuses_cpr_for_a_leverandoer(self, cast) -> None:  # type: ignore[no-untyped-def]
        klient, _t = make_klient(cast.lise)
        with pytest.raises(IntegrityError), transaction.atomic():
            ApiKlient.objects.filter(pk=klient.pk).update(scopes=["cpr:read"])

    def test_the_database_refuses_unknown_scopes_and_two_organisations(self, cast) -> None:  # type: ignore[no-untyped-def]
        klient, _t = make_klient(cast.anna)
        with pytest.raises(IntegrityError), transaction.atomic():
            ApiKlient.objects.filter(pk=klient.pk).update(scopes=["alt:write"])
        with pytest.raises(IntegrityError), transaction.atomic():
            ApiKlient.objects.filter(pk=klient.pk).update(leverandoer=cast.lev_nord)


@pytest.mark.django_db
class ApiKlientRevokeTests:
    def test_it_revokes_and_the_token_stops_working(self, cast) -> None:  # type: ignore[no-untyped-def]
        klient, token = make_klient(cast.anna)
        assert apiklient_for_token(raw=token) == klient
        apiklient_revoke(klient=klient, actor=cast.ida)
        assert apiklient_for_token(raw=token) is None

    def test_it_refuses_to_revoke_twice(self, cast) -> None:  # type: ignore[no-untyped-def]
        klient, _t = make_klient(cast.anna)
        apiklient_revoke(klient=klient, actor=None)
        with pytest.raises(ApplicationError):
            apiklient_revoke(klient=klient, actor=None)

    def test_an_expired_token_is_not_found(self, cast) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.anna, expires_at=NOW + timedelta(days=1), now=NOW)
        assert apiklient_for_token(raw=token, now=NOW + timedelta(hours=23)) is not None
        assert apiklient_for_token(raw=token, now=NOW + timedelta(days=1)) is None


@pytest.mark.django_db
class ApiKlientTouchTests:
    def test_it_writes_last_used_at_at_most_once_a_minute(self, cast) -> None:  # type: ignore[no-untyped-def]
        klient, _t = make_klient(cast.anna)
        assert apiklient_touch(klient=klient, now=NOW) is True
        assert apiklient_touch(klient=klient, now=NOW + timedelta(seconds=59)) is False
        stale = ApiKlient.objects.get(pk=klient.pk)  # another process, same minute
        assert apiklient_touch(klient=stale, now=NOW + timedelta(seconds=30)) is False
        assert apiklient_touch(klient=klient, now=NOW + timedelta(seconds=61)) is True
        assert ApiKlient.objects.get(pk=klient.pk).last_used_at == NOW + timedelta(seconds=61)

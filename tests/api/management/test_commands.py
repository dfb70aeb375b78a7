from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from bostotte.api.models import ApiKlient


@pytest.mark.django_db
class ApiKlientCommandTests:
    def test_it_creates_a_client_and_prints_the_token_once(self, cast) -> None:  # type: ignore[no-untyped-def]
        out = StringIO()
        call_command(
            "api_klient_opret",
            "--navn",
            "Planlægning",
            "--bruger",
            "lise",
            "--leverandoer-cvr",
            "12345678",
            "--scope",
            "bestillinger:read",
            "--udloeber-dage",
            "30",
            stdout=out,
        )
        token = out.getvalue().strip().splitlines()[-1]
        klient = ApiKlient.objects.get()
        assert klient.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert klient.leverandoer == cast.lev_nord and klient.scopes == ["bestillinger:read"]
        assert klient.expires_at is not None

    def test_it_refuses_a_user_of_another_organisation(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(CommandError, match="service_user"):
            call_command(
                "api_klient_opret",
                "--navn",
                "X",
                "--bruger",
                "lars",
                "--leverandoer-cvr",
                "12345678",
                "--scope",
                "besoeg:read",
                stdout=StringIO(),
            )
        assert not ApiKlient.objects.exists()

    def test_it_revokes_by_prefix(self, cast) -> None:  # type: ignore[no-untyped-def]
        call_command(
            "api_klient_opret",
            "--navn",
            "ESDH",
            "--bruger",
            "anna",
            "--kommunenummer",
            "999",
            "--scope",
            "sager:read",
            stdout=StringIO(),
        )
        klient = ApiKlient.objects.get()
        call_command("api_klient_tilbagekald", klient.token_prefix, stdout=StringIO())
        klient.refresh_from_db()
        assert klient.revoked_at is not None
        with pytest.raises(CommandError):
            call_command("api_klient_tilbagekald", klient.token_prefix, stdout=StringIO())

"""Authentication, scopes, the error shape, body limit and rate limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from bostotte.api.models import ApiKlient
from bostotte.api.services import apiklient_revoke

from ..builders import make_klient
from ..conftest import bearer

MIG = "/api/v1/mig/"


def fejl(response) -> dict:  # type: ignore[no-untyped-def,type-arg]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"fejl"} and set(body["fejl"]) == {"kode", "besked", "detaljer"}
    return body["fejl"]  # type: ignore[no-any-return]


@pytest.mark.django_db
class AuthenticationTests:
    def test_it_answers_401_without_credentials(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        response = api.get(MIG)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert fejl(response)["kode"] == "ikke_logget_ind"

    def test_it_answers_401_for_an_unknown_token(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        response = bearer(api, "bst_" + "x" * 43).get(MIG)
        assert response.status_code == 401
        assert fejl(response)["kode"] == "ugyldig_noegle"

    def test_it_authenticates_as_the_service_user(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        klient, token = make_klient(cast.lise, scopes=["bestillinger:read"])
        body = bearer(api, token).get(MIG).json()
        assert body["bruger"] == str(cast.lise.uuid) and body["rolle"] == "leverandoerleder"
        assert body["klient"]["scopes"] == ["bestillinger:read"]
        assert body["klient"]["uuid"] == str(klient.uuid)

    def test_a_revoked_token_is_refused(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        klient, token = make_klient(cast.anna)
        bearer(api, token)
        assert api.get(MIG).status_code == 200
        apiklient_revoke(klient=klient, actor=None)
        response = api.get(MIG)
        assert response.status_code == 401 and fejl(response)["kode"] == "ugyldig_noegle"

    def test_an_expired_token_is_refused(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.anna, expires_at=timezone.now() + timedelta(hours=1))
        bearer(api, token)
        assert api.get(MIG).status_code == 200
        with time_machine.travel(timezone.now() + timedelta(hours=2), tick=False):
            assert api.get(MIG).status_code == 401

    def test_a_deactivated_service_user_is_refused(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.anna)
        cast.anna.is_active = False
        cast.anna.save(update_fields=["is_active"])
        assert bearer(api, token).get(MIG).status_code == 401

    def test_it_records_last_used_at_once_a_minute(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        klient, token = make_klient(cast.anna)
        bearer(api, token)
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            api.get(MIG)
        assert ApiKlient.objects.get(pk=klient.pk).last_used_at == start
        with time_machine.travel(start + timedelta(seconds=30), tick=False):
            api.get(MIG)
        assert ApiKlient.objects.get(pk=klient.pk).last_used_at == start
        with time_machine.travel(start + timedelta(seconds=90), tick=False):
            api.get(MIG)
        assert ApiKlient.objects.get(pk=klient.pk).last_used_at == start + timedelta(seconds=90)

    def test_session_login_works_for_the_web_app(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        api.force_login(cast.anna)
        body = api.get(MIG).json()
        assert body["rolle"] == "sagsbehandler" and body["klient"] is None

    def test_the_schema_and_docs_need_a_login(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        assert api.get("/api/schema/").status_code == 401
        api.force_login(cast.anna)
        assert api.get("/api/schema/").status_code == 200
        docs = api.get("/api/docs/")
        assert docs.status_code == 200
        html = docs.content.decode()
        assert "<style" not in html and "<script>" not in html  # CSP: only same-origin script files
        assert "cdn" not in html.lower()


@pytest.mark.django_db
class ScopeTests:
    def test_it_refuses_an_operation_outside_the_scopes_with_403(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.anna, scopes=["borgere:read"])
        bearer(api, token)
        assert api.get("/api/v1/borgere/").status_code == 200
        response = api.get("/api/v1/sager/")
        assert response.status_code == 403
        assert fejl(response)["kode"] == "mangler_scope"

    def test_the_code_tables_need_no_scope(self, cast, ffb, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.lise, scopes=[])
        assert bearer(api, token).get("/api/v1/ffb/koder/?gruppe=maaltype").status_code == 200


@pytest.mark.django_db
class CprTests:
    def test_the_myndigheds_system_with_cpr_read_gets_cpr(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.anna, scopes=["borgere:read", "cpr:read"])
        body = bearer(api, token).get(f"/api/v1/borgere/{cast.erik.uuid}/").json()
        assert body["cpr"] == cast.erik.cpr

    def test_without_cpr_read_cpr_is_null(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.anna, scopes=["borgere:read"])
        body = bearer(api, token).get("/api/v1/borgere/").json()
        assert [b["cpr"] for b in body["results"]] == [None]

    def test_session_calls_get_no_cpr(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        api.force_login(cast.anna)
        assert api.get(f"/api/v1/borgere/{cast.erik.uuid}/").json()["cpr"] is None

    def test_a_leverandoer_never_gets_cpr(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.lise)
        body = bearer(api, token).get("/api/v1/borgere/").json()
        assert [b["cpr"] for b in body["results"]] == [None]
        assert len(body["results"]) == 1  # Erik only: the accepted bestilling


@pytest.mark.django_db
class ErrorShapeTests:
    def test_it_answers_413_before_parsing_an_oversized_body(self, cast, api, settings) -> None:  # type: ignore[no-untyped-def]
        settings.API_MAX_BODY_BYTES = 100
        _k, token = make_klient(cast.lise)
        response = bearer(api, token).post(
            f"/api/v1/bestillinger/{cast.sag_erik.uuid}/afvis/",
            data="{" + '"x": 1,' * 50 + "}",
            content_type="application/json",
        )
        assert response.status_code == 413
        assert fejl(response)["kode"] == "for_stor"

    def test_invalid_json_is_400_with_a_stable_code(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.lise)
        response = bearer(api, token).post(
            "/api/v1/besoeg/opret/", data="{nope", content_type="application/json"
        )
        assert response.status_code == 400
        assert fejl(response)["kode"] == "ugyldig_json"

    def test_field_errors_are_listed_per_field(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.lise)
        response = bearer(api, token).post(
            "/api/v1/besoeg/opret/", data={"kontaktform": "brevdue"}, format="json"
        )
        assert response.status_code == 400
        body = fejl(response)
        assert body["kode"] == "ugyldige_data"
        assert {"bestilling", "starts_at", "ends_at", "kontaktform"} <= set(body["detaljer"])
        assert all(isinstance(v, list) for v in body["detaljer"].values())

    def test_unknown_paths_under_the_api_are_json_404(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        api.force_login(cast.anna)
        response = api.get("/api/v1/findes-ikke/")
        assert response.status_code == 404 and fejl(response)["kode"] == "ikke_fundet"

    def test_it_throttles_per_client_with_429(self, cast, api, settings) -> None:  # type: ignore[no-untyped-def]
        settings.API_THROTTLE_RATES = {"laes": "3/minute", "skriv": "3/minute"}
        _k, token = make_klient(cast.anna)
        _k2, other = make_klient(cast.anders)
        bearer(api, token)
        assert [api.get(MIG).status_code for _ in range(4)] == [200, 200, 200, 429]
        response = api.get(MIG)
        assert fejl(response)["kode"] == "for_mange_kald" and "Retry-After" in response
        assert bearer(api, other).get(MIG).status_code == 200  # another client has its own bucket

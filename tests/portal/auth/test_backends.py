"""The SAML and OIDC backends map a fake IdP response to the citizen (unit tests, no IdP)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from portal.auth.identity import SESSION_FEJL
from portal.auth.oidc import BorgerOIDCBackend, portal_oidc_setting
from portal.auth.saml import BorgerSaml2Backend, identitet_from_session_info

pytestmark = pytest.mark.django_db
CPR_ATTR = "https://data.gov.dk/model/core/eid/cprNumber"
LOA_ATTR = "https://data.gov.dk/concept/core/nsis/loa"


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/borger/saml/acs/")
    request.session = {}
    return request


def _session_info(cpr: str, loa: str = "https://data.gov.dk/concept/core/nsis/loa/Substantial") -> dict:  # type: ignore[type-arg]
    return {
        "issuer": "https://saml.nemlog-in.dk",
        "name_id": SimpleNamespace(text="https://data.gov.dk/model/core/eid/person/uuid/37a5a1aa-4f3b"),
        "ava": {CPR_ATTR: [cpr], LOA_ATTR: [loa], "https://data.gov.dk/model/core/eid/fullName": ["Erik Eriksen"]},
    }


class SamlIdentityTests:
    def test_it_maps_the_oiosaml3_assertion(self, cast) -> None:  # type: ignore[no-untyped-def]
        ident = identitet_from_session_info(_session_info("1403851233"))
        assert ident.issuer == "https://saml.nemlog-in.dk"
        assert ident.subject == "https://data.gov.dk/model/core/eid/person/uuid/37a5a1aa-4f3b"
        assert (ident.cpr, ident.loa) == ("1403851233", "substantial")

    def test_the_subject_can_come_from_an_attribute(self, settings) -> None:  # type: ignore[no-untyped-def]
        settings.PORTAL_SAML_SUBJECT_ATTRIBUTE = "pid"
        info = _session_info("1403851233")
        info["ava"]["pid"] = ["PID:9208-2002-2-123456789012"]
        assert identitet_from_session_info(info).subject == "PID:9208-2002-2-123456789012"


class BorgerSaml2BackendTests:
    def test_it_logs_the_citizen_in(self, cast) -> None:  # type: ignore[no-untyped-def]
        user = BorgerSaml2Backend().authenticate(_request(), session_info=_session_info(cast.erik.cpr))
        assert user == cast.erik_user
        user.refresh_from_db()
        assert user.oidc_subject.endswith("37a5a1aa-4f3b")

    def test_a_low_assurance_level_is_refused_with_the_reason_for_the_friendly_page(self, cast) -> None:  # type: ignore[no-untyped-def]
        request = _request()
        assert BorgerSaml2Backend().authenticate(request, session_info=_session_info(cast.erik.cpr, "https://data.gov.dk/concept/core/nsis/loa/Low")) is None
        assert request.session[SESSION_FEJL] == "sikringsniveau"

    def test_an_unknown_citizen_is_refused_as_unknown(self, cast) -> None:  # type: ignore[no-untyped-def]
        request = _request()
        assert BorgerSaml2Backend().authenticate(request, session_info=_session_info("0101701234")) is None
        assert request.session[SESSION_FEJL] == "ukendt"

    def test_it_ignores_other_logins(self) -> None:
        assert BorgerSaml2Backend().authenticate(_request(), username="anna", password="x") is None

    def test_get_user_only_returns_active_citizens(self, cast) -> None:  # type: ignore[no-untyped-def]
        backend = BorgerSaml2Backend()
        assert backend.get_user(cast.erik_user.pk) == cast.erik_user
        assert backend.get_user(cast.anna.pk) is None


@pytest.fixture
def oidc_settings(settings):  # type: ignore[no-untyped-def]
    settings.PORTAL_OIDC_RP_CLIENT_ID = "borgerportal"
    settings.PORTAL_OIDC_RP_CLIENT_SECRET = "hemmelig"
    settings.PORTAL_OIDC_OP_TOKEN_ENDPOINT = "https://broker.invalid/token"
    settings.PORTAL_OIDC_OP_USER_ENDPOINT = "https://broker.invalid/userinfo"
    settings.PORTAL_OIDC_OP_JWKS_ENDPOINT = "https://broker.invalid/jwks"
    settings.PORTAL_OIDC_OP_ISSUER = "https://broker.invalid"
    settings.PORTAL_OIDC_RP_SIGN_ALGO = "RS256"
    settings.PORTAL_OIDC_CPR_CLAIM = "dk.cpr"
    settings.PORTAL_OIDC_LOA_CLAIM = "loa"
    return settings


class BorgerOIDCBackendTests:
    def test_it_reads_its_own_settings_never_the_staff_ones(self, oidc_settings) -> None:  # type: ignore[no-untyped-def]
        oidc_settings.OIDC_RP_CLIENT_ID = "personale"
        backend = BorgerOIDCBackend()
        assert backend.OIDC_RP_CLIENT_ID == "borgerportal"
        assert portal_oidc_setting("OIDC_AUTHENTICATION_CALLBACK_URL") == "portal:oidc-callback"
        assert portal_oidc_setting("OIDC_STORE_ID_TOKEN", False) is False

    def test_it_maps_the_claims_to_the_citizen(self, cast, oidc_settings) -> None:  # type: ignore[no-untyped-def]
        claims = {"iss": "https://broker.invalid", "sub": "mitid-sub-1", "dk.cpr": cast.erik.cpr,
                  "loa": "https://data.gov.dk/concept/core/nsis/loa/High"}
        backend = BorgerOIDCBackend()
        ident = backend.identitet_from_claims(claims)
        assert (ident.issuer, ident.subject, ident.loa) == ("https://broker.invalid", "mitid-sub-1", "high")
        assert backend.user_for_claims(claims) == cast.erik_user

    def test_acr_is_used_when_there_is_no_loa_claim(self, cast, oidc_settings) -> None:  # type: ignore[no-untyped-def]
        ident = BorgerOIDCBackend().identitet_from_claims({"sub": "s", "acr": "https://data.gov.dk/concept/core/nsis/loa/Substantial"})
        assert ident.loa == "substantial" and ident.issuer == "https://broker.invalid"

    def test_a_refusal_is_remembered_for_the_friendly_page(self, cast, oidc_settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        backend = BorgerOIDCBackend()
        backend.request = _request()
        monkeypatch.setattr(backend, "get_userinfo", lambda *a: {"sub": "s", "dk.cpr": cast.erik.cpr, "loa": "Low"})
        assert backend.get_or_create_user("at", "it", {"iss": "https://broker.invalid", "sub": "s"}) is None
        assert backend.request.session[SESSION_FEJL] == "sikringsniveau"

    def test_it_logs_in_from_id_token_and_userinfo(self, cast, oidc_settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        backend = BorgerOIDCBackend()
        backend.request = _request()
        monkeypatch.setattr(backend, "get_userinfo", lambda *a: {"dk.cpr": cast.erik.cpr})
        user = backend.get_or_create_user("at", "it", {"iss": "https://broker.invalid", "sub": "s1", "loa": "Substantial"})
        assert user == cast.erik_user

    def test_it_does_not_answer_the_global_authenticate(self, oidc_settings) -> None:  # type: ignore[no-untyped-def]
        request = RequestFactory().get("/oidc/callback/?code=c&state=s")
        assert BorgerOIDCBackend().authenticate(request) is None

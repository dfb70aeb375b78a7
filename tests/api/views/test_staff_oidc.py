"""Staff OIDC bearer tokens (USE_OIDC): a JWT from the municipal IdP, checked against the issuer's
JWKS served by a local HTTP server, mapped to an active staff user by (issuer, subject)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import jwt
import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from bostotte.api import oidc
from bostotte.core.models import User
from bostotte.core.oidc import StaffOIDCBackend

from ..builders import build_world, make_klient
from ..conftest import bearer
from .test_auth import fejl

ISS = "https://login.boegelund.dk/realms/medarbejdere"
AUD = "bostotte-api"
MIG = "/api/v1/mig/"
CLOCK = datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


def _jwk(public_key: Any, kid: str, alg: str) -> dict[str, Any]:
    algorithm = RSAAlgorithm if alg == "RS256" else ECAlgorithm
    jwk: dict[str, Any] = algorithm.to_jwk(public_key, as_dict=True)  # type: ignore[attr-defined]
    return {**jwk, "kid": kid, "use": "sig", "alg": alg}


class _JwksServer(ThreadingHTTPServer):
    jwks: dict[str, Any]
    hits: int
    status: int


class _Handler(BaseHTTPRequestHandler):
    server: _JwksServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.hits += 1
        body = json.dumps(self.server.jwks).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def idp(settings) -> Iterator[SimpleNamespace]:  # type: ignore[no-untyped-def]
    """A local IdP's JWKS endpoint (RSA key "rsa-1", EC key "ec-1") and staff OIDC switched on."""
    server = _JwksServer(("127.0.0.1", 0), _Handler)
    server.jwks = {
        "keys": [
            _jwk(RSA_KEY.public_key(), "rsa-1", "RS256"),
            _jwk(EC_KEY.public_key(), "ec-1", "ES256"),
        ]
    }
    server.hits = 0
    server.status = 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.USE_OIDC = True
    settings.OIDC_OP_ISSUER = ISS
    settings.OIDC_OP_JWKS_ENDPOINT = f"http://127.0.0.1:{server.server_address[1]}/certs"
    settings.OIDC_RP_CLIENT_ID = "bostotte-web"
    settings.OIDC_API_AUDIENCE = AUD
    oidc.jwks_cache.clear()
    try:
        yield SimpleNamespace(server=server)
    finally:
        oidc.jwks_cache.clear()
        server.shutdown()
        server.server_close()


def staff(user: User, subject: str, issuer: str = ISS) -> User:
    """What an administrator records in the admin: the user's identity at the IdP."""
    user.oidc_issuer, user.oidc_subject = issuer, subject
    user.save(update_fields=["oidc_issuer", "oidc_subject"])
    return user


def token(
    sub: str = "sub-anna",
    *,
    key: Any = RSA_KEY,
    kid: str | None = "rsa-1",
    alg: str = "RS256",
    drop: tuple[str, ...] = (),
    **claims: Any,
) -> str:
    now = int(CLOCK.timestamp())
    payload = {"iss": ISS, "sub": sub, "aud": AUD, "iat": now, "nbf": now, "exp": now + 300}
    payload.update(claims)
    for name in drop:
        payload.pop(name)
    headers = {"kid": kid} if kid else {}
    return jwt.encode(payload, key, algorithm=alg, headers=headers)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned(header: dict[str, Any], payload: dict[str, Any], secret: bytes | None = None) -> str:
    """A hand-made token: `alg: none`, or HS256 keyed with `secret`."""
    signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}"
    signature = (
        b"" if secret is None else hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    )
    return f"{signing_input}.{_b64(signature)}"


@pytest.fixture
def clock() -> Iterator[None]:
    with time_machine.travel(CLOCK, tick=False):
        yield


@pytest.mark.django_db
@pytest.mark.usefixtures("clock")
class StaffOidcTokenTests:
    def test_it_authenticates_the_staff_user(self, cast, api, idp) -> None:  # type: ignore[no-untyped-def]
        staff(cast.anna, "sub-anna")
        response = bearer(api, token()).get(MIG)
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["bruger"] == str(cast.anna.uuid) and body["klient"] is None

    def test_it_accepts_es256(self, cast, api, idp) -> None:  # type: ignore[no-untyped-def]
        staff(cast.anna, "sub-anna")
        response = bearer(api, token(key=EC_KEY, kid="ec-1", alg="ES256")).get(MIG)
        assert response.status_code == 200, response.content

    def test_it_goes_through_the_access_functions(self, cast, api, idp) -> None:  # type: ignore[no-untyped-def]
        staff(cast.anna, "sub-anna")
        bearer(api, token())
        assert api.get(f"/api/v1/sager/{cast.sag_erik.uuid}/").status_code == 200
        outside = api.get(f"/api/v1/sager/{cast.sag_gitte.uuid}/")  # Team Syd's case
        assert outside.status_code == 404 and fejl(outside)["kode"] == "ikke_fundet"
        sager = {s["uuid"] for s in api.get("/api/v1/sager/").json()["results"]}
        assert str(cast.sag_erik.uuid) in sager and str(cast.sag_gitte.uuid) not in sager
        # A person, not an API client: no CPR, as for the web session.
        borger = api.get(f"/api/v1/borgere/{cast.erik.uuid}/")
        assert borger.status_code == 200 and borger.json()["cpr"] is None

    def test_a_leverandoer_writes_without_csrf_through_the_service(
        self, cast, ffb, api, idp
    ) -> None:  # type: ignore[no-untyped-def]
        c = build_world(cast, accept=False)
        staff(c.lise, "sub-lise")
        bearer(api, token("sub-lise"))
        url = f"/api/v1/bestillinger/{c.best_gitte.uuid}/accepter/"
        foreign = api.post(url, {"version": c.best_gitte.version}, format="json")
        assert foreign.status_code == 404  # sent to Privat Støtte ApS, not Lise's leverandør
        url = f"/api/v1/bestillinger/{c.best_erik.uuid}/accepter/"
        response = api.post(url, {"version": c.best_erik.version}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "accepteret"

    def test_the_jwks_is_fetched_once_and_cached(self, cast, api, idp) -> None:  # type: ignore[no-untyped-def]
        staff(cast.anna, "sub-anna")
        bearer(api, token())
        for _ in range(3):
            assert api.get(MIG).status_code == 200
        assert idp.server.hits == 1

    def test_the_jwks_is_refetched_when_the_cache_expires(
        self, cast, api, idp, settings, monkeypatch
    ) -> None:  # type: ignore[no-untyped-def]
        settings.OIDC_API_JWKS_CACHE_SECONDS = 600
        seconds = [1000.0]
        monkeypatch.setattr(oidc.jwks_cache, "clock", lambda: seconds[0])
        staff(cast.anna, "sub-anna")
        bearer(api, token())
        assert api.get(MIG).status_code == 200
        seconds[0] += 599
        assert api.get(MIG).status_code == 200
        assert idp.server.hits == 1
        seconds[0] += 2
        assert api.get(MIG).status_code == 200
        assert idp.server.hits == 2

    def test_an_unknown_kid_refetches_at_most_once_a_minute(
        self, cast, api, idp, monkeypatch
    ) -> None:  # type: ignore[no-untyped-def]
        seconds = [1000.0]
        monkeypatch.setattr(oidc.jwks_cache, "clock", lambda: seconds[0])
        staff(cast.anna, "sub-anna")
        assert bearer(api, token()).get(MIG).status_code == 200
        forged = token(key=OTHER_RSA_KEY, kid="rsa-2")
        for _ in range(3):
            response = bearer(api, forged).get(MIG)
            assert response.status_code == 401 and fejl(response)["kode"] == "ugyldigt_token"
        assert idp.server.hits == 1  # the cache is younger than a minute: no refetch
        # The IdP rotates to a new key; a minute later a token with the new kid is accepted.
        idp.server.jwks["keys"].append(_jwk(OTHER_RSA_KEY.public_key(), "rsa-2", "RS256"))
        seconds[0] += 61
        rotated = token(key=OTHER_RSA_KEY, kid="rsa-2")
        assert bearer(api, rotated).get(MIG).status_code == 200
        assert idp.server.hits == 2

    def test_the_fetch_has_a_timeout(self, cast, api, idp, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        settings.OIDC_API_JWKS_TIMEOUT_SECONDS = 3
        seen: dict[str, Any] = {}
        real_get = oidc.requests.get

        def spy(url: str, **kwargs: Any) -> Any:
            seen.update(kwargs)
            return real_get(url, **kwargs)

        monkeypatch.setattr(oidc.requests, "get", spy)
        staff(cast.anna, "sub-anna")
        assert bearer(api, token()).get(MIG).status_code == 200
        assert seen["timeout"] == 3

    def test_the_web_login_uses_the_same_identity_rule(self, cast, idp, settings) -> None:  # type: ignore[no-untyped-def]
        settings.OIDC_RP_CLIENT_SECRET = "hemmelig"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISS}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{ISS}/userinfo"
        staff(cast.anna, "sub-anna")
        staff(cast.erik_user, "sub-erik")
        backend = StaffOIDCBackend()
        assert list(backend.filter_users_by_claims({"sub": "sub-anna"})) == [cast.anna]
        assert not backend.filter_users_by_claims({"sub": "sub-erik"}).exists()
        assert not backend.filter_users_by_claims({}).exists()

    def test_an_api_key_still_works_beside_it(self, cast, api, idp) -> None:  # type: ignore[no-untyped-def]
        _klient, key = make_klient(cast.lise, scopes=["bestillinger:read"])
        body = bearer(api, key).get(MIG).json()
        assert body["bruger"] == str(cast.lise.uuid) and body["klient"] is not None
        assert idp.server.hits == 0


def _refused(api, raw: str, kode: str = "ugyldigt_token") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = bearer(api, raw).get(MIG)
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = fejl(response)
    assert body["kode"] == kode, body
    return body


@pytest.mark.django_db
@pytest.mark.usefixtures("clock")
class StaffOidcRefusalTests:
    @pytest.fixture(autouse=True)
    def _anna(self, cast) -> None:  # type: ignore[no-untyped-def]
        staff(cast.anna, "sub-anna")

    def test_an_expired_token(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        now = int(CLOCK.timestamp())
        assert "udløbet" in _refused(api, token(exp=now - 31))["besked"]

    def test_a_small_clock_skew_is_tolerated(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        now = int(CLOCK.timestamp())
        assert (
            bearer(api, token(exp=now - 10, iat=now + 10, nbf=now + 10)).get(MIG).status_code == 200
        )

    def test_a_token_not_yet_valid(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        now = int(CLOCK.timestamp())
        _refused(api, token(nbf=now + 120))
        _refused(api, token(iat=now + 120))

    def test_the_wrong_audience(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        assert "aud" in _refused(api, token(aud="et-andet-system"))["besked"]

    def test_the_audience_defaults_to_the_client_id(self, api, idp, settings) -> None:  # type: ignore[no-untyped-def]
        settings.OIDC_API_AUDIENCE = ""
        _refused(api, token())
        assert bearer(api, token(aud=["bostotte-web", "x"])).get(MIG).status_code == 200

    def test_the_wrong_issuer(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        assert "iss" in _refused(api, token(iss="https://evil.example/"))["besked"]

    def test_a_bad_signature(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        # Signed with another key, claiming the IdP's kid.
        assert "signatur" in _refused(api, token(key=OTHER_RSA_KEY, kid="rsa-1"))["besked"]
        good = token()
        head, payload, signature = good.split(".")
        tampered = json.loads(base64.urlsafe_b64decode(payload + "=="))
        tampered["sub"] = "sub-ida"
        _refused(api, f"{head}.{_b64(json.dumps(tampered).encode())}.{signature}")

    def test_alg_none(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        now = int(CLOCK.timestamp())
        claims = {"iss": ISS, "sub": "sub-anna", "aud": AUD, "iat": now, "exp": now + 300}
        body = _refused(api, unsigned({"alg": "none", "kid": "rsa-1"}, claims))
        assert "algoritme" in body["besked"]

    def test_hs256_keyed_with_the_public_key(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        now = int(CLOCK.timestamp())
        claims = {"iss": ISS, "sub": "sub-anna", "aud": AUD, "iat": now, "exp": now + 300}
        pem = RSA_KEY.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        _refused(api, unsigned({"alg": "HS256", "kid": "rsa-1"}, claims, secret=pem))

    def test_an_algorithm_that_does_not_match_the_key(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        # An RS256 token naming the EC key's kid.
        _refused(api, token(kid="ec-1"))

    def test_a_missing_claim(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        assert "exp" in _refused(api, token(drop=("exp",)))["besked"]
        _refused(api, token(drop=("sub",)))

    def test_an_unknown_subject(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        body = _refused(api, token("sub-nobody"), kode="ukendt_bruger")
        assert body["besked"].startswith("Der er ingen aktiv medarbejder i Bostøtte")

    def test_the_same_subject_from_another_issuer(self, cast, api, idp) -> None:  # type: ignore[no-untyped-def]
        staff(cast.anna, "sub-anna", issuer="https://anden-idp.dk/")
        _refused(api, token(), kode="ukendt_bruger")

    def test_an_inactive_user(self, cast, api, idp) -> None:  # type: ignore[no-untyped-def]
        cast.anna.is_active = False
        cast.anna.save(update_fields=["is_active"])
        _refused(api, token(), kode="ukendt_bruger")

    def test_a_citizen_login_is_not_staff(self, cast, api, idp) -> None:  # type: ignore[no-untyped-def]
        staff(cast.erik_user, "sub-erik")
        _refused(api, token("sub-erik"), kode="ukendt_bruger")

    def test_the_issuer_keys_cannot_be_fetched(self, api, idp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        seconds = [1000.0]
        monkeypatch.setattr(oidc.jwks_cache, "clock", lambda: seconds[0])
        idp.server.status = 500
        assert "nøgler" in _refused(api, token())["besked"]
        assert "nøgler" in _refused(api, token())["besked"]
        assert idp.server.hits == 1  # no retry within the minute
        idp.server.status = 200
        seconds[0] += 61
        assert bearer(api, token()).get(MIG).status_code == 200
        assert idp.server.hits == 2

    def test_an_outage_keeps_the_last_keys(self, api, idp, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        settings.OIDC_API_JWKS_CACHE_SECONDS = 600
        seconds = [1000.0]
        monkeypatch.setattr(oidc.jwks_cache, "clock", lambda: seconds[0])
        assert bearer(api, token()).get(MIG).status_code == 200
        idp.server.status = 500
        seconds[0] += 601  # the cache has expired, and the IdP is down
        assert api.get(MIG).status_code == 200
        assert api.get(MIG).status_code == 200
        assert idp.server.hits == 2  # one failed refetch, then a minute's pause

    def test_not_configured(self, api, idp, settings) -> None:  # type: ignore[no-untyped-def]
        settings.USE_OIDC = False
        # Without staff OIDC a JWT is just an unknown key, as before.
        _refused(api, token(), kode="ugyldig_noegle")
        assert idp.server.hits == 0

    def test_an_oversized_token(self, api, idp) -> None:  # type: ignore[no-untyped-def]
        _refused(api, token(pad="x" * 9000))
        assert idp.server.hits == 0

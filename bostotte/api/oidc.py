"""Staff OIDC bearer tokens on the API: check a JWT from the municipal IdP (USE_OIDC).

The checks, in order: the token is at most 8 KB and has a JOSE header whose `alg` is RS256 or
ES256 (never "none", never HMAC: the IdP's public key must not become an HMAC secret); the key is
the issuer's, found by `kid` in its JWKS (fetched with a timeout, cached per process, refetched
for an unknown `kid` at most once a minute); then the signature, `iss` (OIDC_OP_ISSUER), `aud`
(OIDC_API_AUDIENCE, default OIDC_RP_CLIENT_ID), `exp`, `nbf` and `iat` with a small leeway. Who
the subject is (an active staff user) is decided by `bostotte.core.oidc`, as for the web login.

Every failure is an `OidcTokenError` with a Danish message the API returns as is."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import jwt
import requests
from django.conf import settings

logger = logging.getLogger(__name__)

ALLOWED_ALGORITHMS = ("RS256", "ES256")
KEY_TYPE_FOR_ALG = {"RS256": "RSA", "ES256": "EC"}
MAX_TOKEN_LENGTH = 8192
LEEWAY_SECONDS = 30
MIN_REFETCH_SECONDS = 60.0
REQUIRED_CLAIMS = ["iss", "sub", "aud", "exp", "iat"]
FETCH_FAILED = (
    "Tokenet kunne ikke kontrolleres, fordi login-udbyderens nøgler ikke kunne hentes. "
    "Prøv igen om lidt."
)


class OidcTokenError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StaffToken:
    """`request.auth` for a staff OIDC token (no API client, so no scopes apply)."""

    issuer: str
    subject: str
    expires_at: int


def is_configured() -> bool:
    return bool(
        getattr(settings, "USE_OIDC", False)
        and getattr(settings, "OIDC_OP_ISSUER", "")
        and getattr(settings, "OIDC_OP_JWKS_ENDPOINT", "")
        and audience()
    )


def audience() -> str:
    return getattr(settings, "OIDC_API_AUDIENCE", "") or getattr(settings, "OIDC_RP_CLIENT_ID", "")


def looks_like_jwt(raw: str) -> bool:
    """A compact JWS: three base64url parts. API keys (`bst_…`) never contain a dot."""
    return raw.count(".") == 2


class JwksCache:
    """The issuer's signing keys, per JWKS URL and per process, kept for
    OIDC_API_JWKS_CACHE_SECONDS. A `kid` we do not know triggers a refetch (key rotation), and
    a failed fetch is retried, but neither more often than MIN_REFETCH_SECONDS: tokens with
    made-up `kid`s cannot make us hammer the IdP, nor can an IdP outage make every request wait
    for the timeout. While the IdP cannot be reached, the last keys fetched stay in use."""

    def __init__(self) -> None:
        self.clock = time.monotonic  # tests replace it
        self._lock = threading.Lock()
        # url -> (fetched_at, last_attempt_at, keys by kid)
        self._keys: dict[str, tuple[float, float, dict[str | None, jwt.PyJWK]]] = {}

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()

    def key(self, *, url: str, kid: str | None, alg: str) -> jwt.PyJWK:
        now = self.clock()
        ttl = float(getattr(settings, "OIDC_API_JWKS_CACHE_SECONDS", 3600))
        with self._lock:
            cached = self._keys.get(url)
            if cached is None:
                try:
                    cached = (now, now, self._fetch(url))
                finally:
                    # After a failure: no keys, and the next attempt in a minute.
                    self._keys[url] = cached or (float("-inf"), now, {})
            else:
                fetched_at, attempted_at, keys = cached
                stale = now - fetched_at >= ttl or kid not in keys
                if stale and now - attempted_at >= MIN_REFETCH_SECONDS:
                    try:
                        cached = (now, now, self._fetch(url))
                    except OidcTokenError:
                        cached = (fetched_at, now, keys)  # keep the old keys; retry later
                    self._keys[url] = cached
        keys = cached[2]
        if not keys:
            raise OidcTokenError(FETCH_FAILED)
        if kid is None:
            # No kid: only unambiguous if the issuer publishes one key of the right type.
            candidates = [k for k in keys.values() if k.key_type == KEY_TYPE_FOR_ALG[alg]]
            if len(candidates) != 1:
                raise OidcTokenError(
                    "Tokenet angiver ikke, hvilken nøgle det er signeret med (kid)."
                )
            return candidates[0]
        found = keys.get(kid)
        if found is None:
            raise OidcTokenError("Tokenet er signeret med en nøgle, udstederen ikke kender.")
        return found

    @staticmethod
    def _fetch(url: str) -> dict[str | None, jwt.PyJWK]:
        timeout = float(getattr(settings, "OIDC_API_JWKS_TIMEOUT_SECONDS", 5))
        try:
            response = requests.get(url, timeout=timeout, headers={"Accept": "application/json"})
            response.raise_for_status()
            jwks = jwt.PyJWKSet.from_dict(response.json())
        except (requests.RequestException, ValueError, jwt.PyJWTError) as exc:
            logger.warning(
                "OIDC: kunne ikke hente udstederens nøgler (JWKS): %s", type(exc).__name__
            )
            raise OidcTokenError(FETCH_FAILED) from exc
        return {k.key_id: k for k in jwks.keys if k.public_key_use in (None, "sig")}


jwks_cache = JwksCache()

_CLAIM_ERRORS: list[tuple[type[jwt.PyJWTError], str]] = [
    (jwt.ExpiredSignatureError, "Tokenet er udløbet. Hent et nyt hos login-udbyderen."),
    (jwt.ImmatureSignatureError, "Tokenet er ikke gyldigt endnu (nbf/iat ligger i fremtiden)."),
    (jwt.InvalidAudienceError, "Tokenet er ikke udstedt til Bostøtte (aud)."),
    (jwt.InvalidIssuerError, "Tokenet er ikke udstedt af kommunens login-udbyder (iss)."),
    (jwt.InvalidSignatureError, "Tokenets signatur er ugyldig."),
]


def oidc_token_verify(*, raw: str) -> dict[str, Any]:
    """The verified claims of `raw`, or OidcTokenError (Danish message)."""
    if not is_configured():
        raise OidcTokenError("Login med OIDC-token er ikke slået til. Brug en API-nøgle.")
    if len(raw) > MAX_TOKEN_LENGTH or not looks_like_jwt(raw):
        raise OidcTokenError("Tokenet er ikke et gyldigt JWT.")
    try:
        header = jwt.get_unverified_header(raw)
    except jwt.PyJWTError as exc:
        raise OidcTokenError("Tokenet er ikke et gyldigt JWT.") from exc
    alg = header.get("alg")
    if alg not in ALLOWED_ALGORITHMS:
        raise OidcTokenError("Tokenets algoritme er ikke tilladt (kun RS256 og ES256).")
    kid = header.get("kid")
    if kid is not None and not isinstance(kid, str):
        raise OidcTokenError("Tokenet er ikke et gyldigt JWT.")
    key = jwks_cache.key(url=settings.OIDC_OP_JWKS_ENDPOINT, kid=kid, alg=alg)
    if key.key_type != KEY_TYPE_FOR_ALG[alg] or (key.algorithm_name and key.algorithm_name != alg):
        raise OidcTokenError("Tokenets algoritme passer ikke til udstederens nøgle.")
    try:
        claims: dict[str, Any] = jwt.decode(
            raw,
            key=key.key,
            algorithms=[alg],
            audience=audience(),
            issuer=settings.OIDC_OP_ISSUER,
            leeway=LEEWAY_SECONDS,
            options={"require": REQUIRED_CLAIMS},
        )
    except jwt.MissingRequiredClaimError as exc:
        raise OidcTokenError(f"Tokenet mangler feltet '{exc.claim}'.") from exc
    except jwt.PyJWTError as exc:
        for kind, message in _CLAIM_ERRORS:
            if isinstance(exc, kind):
                raise OidcTokenError(message) from exc
        raise OidcTokenError("Tokenet er ugyldigt.") from exc
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise OidcTokenError("Tokenet mangler feltet 'sub'.")
    return claims

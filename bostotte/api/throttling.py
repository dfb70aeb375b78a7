"""Fair-use rate limits per API client (or per user for session calls), kept in the default
cache (Redis). Not a brute-force defence: per-IP limits belong at the proxy (STACK.md).

Redis down: the limiter fails open (the call is allowed, one warning is logged). The limits
protect capacity against a misbehaving integration; they guard no data (authentication, scopes
and access functions do), so refusing every API call during a cache outage would do more harm
than an unmetered minute (docs/operations.md, "Redis nede")."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from bostotte.core.queue import REDIS_ERRORS

from .permissions import request_klient

logger = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class ApiKlientRateThrottle(SimpleRateThrottle):
    """Two buckets per caller: "laes" (GET) and "skriv" (everything else). Rates come from
    settings.API_THROTTLE_RATES, read per request so they can be changed without a restart
    of the class (and in tests)."""

    def __init__(self) -> None:  # rates are resolved per request in allow_request
        pass

    def allow_request(self, request: Request, view: Any) -> bool:
        self.scope = "laes" if request.method in SAFE_METHODS else "skriv"
        self.rate = settings.API_THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except (
            REDIS_ERRORS
        ) as exc:  # the cache (Redis) is down: fail open, see the module docstring
            logger.warning(
                "Hastighedsgrænsen er ikke målt (cachen svarer ikke: %s); kaldet tillades",
                type(exc).__name__,
            )
            return True

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        klient = request_klient(request)
        if klient is not None:
            ident = f"klient-{klient.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"bruger-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

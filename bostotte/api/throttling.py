"""Fair-use rate limits per API client (or per user for session calls), kept in the default
cache (Redis). Not a brute-force defence: per-IP limits belong at the proxy (STACK.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .permissions import request_klient

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
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        klient = request_klient(request)
        if klient is not None:
            ident = f"klient-{klient.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"bruger-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

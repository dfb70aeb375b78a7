"""Roles × objects in and out of scope × every URL (see routes.py)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bostotte.core.models import AccessLog

from . import routes as routes_module
from .routes import CAST_USERS, EXEMPT, EXEMPT_PREFIXES, Route


def _all_routes() -> list[Route]:
    found: list[Route] = []
    package = importlib.import_module("tests.access")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("matrix_"):
            module = importlib.import_module(f"tests.access.{info.name}")
            found.extend(module.ROUTES)
    return found


ALL_ROUTES = _all_routes()


def _named_urls() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
                walk(p.url_patterns, ns)
            elif p.name:
                names.add(f"{prefix}{p.name}")

    walk(get_resolver().url_patterns, "")
    return names


def test_every_url_is_in_the_access_matrix() -> None:
    covered = {r.name for r in ALL_ROUTES} | set(EXEMPT)
    missing = sorted(
        n for n in _named_urls() if n not in covered and not n.startswith(EXEMPT_PREFIXES)
    )
    assert not missing, f"URL'er uden en række i adgangsmatricen (tests/access/matrix_*.py): {missing}"


def test_matrix_names_real_urls() -> None:
    names = _named_urls()
    assert not [r.name for r in ALL_ROUTES if r.name not in names]
    assert not [n for n in EXEMPT if n not in names]


@pytest.mark.parametrize("route", ALL_ROUTES, ids=lambda r: r.label)
@pytest.mark.django_db
def test_access(route: Route, cast, client) -> None:  # type: ignore[no-untyped-def]
    assert set(route.ok) <= set(CAST_USERS) and route.forbidden <= set(CAST_USERS)
    if route.setup:
        route.setup(cast)
    url = reverse(route.name, kwargs=route.kwargs(cast) if route.kwargs else None)
    failures = []
    for name in CAST_USERS:
        user = getattr(cast, name)
        client.force_login(user)
        before = AccessLog.objects.count()
        headers = {"HTTP_HX_REQUEST": "true"} if route.htmx else {}
        if route.method == "GET":
            response = client.get(url, **headers)
        else:
            data = route.data(cast) if route.data else {}
            response = client.generic(route.method, url, data=_encode(data), content_type="application/x-www-form-urlencoded", **headers)
        expected = route.ok.get(name, 403 if name in route.forbidden else 404)
        if response.status_code != expected:
            failures.append(f"{name}: forventede {expected}, fik {response.status_code}")
        if route.logs_access and route.method == "GET":
            wrote = AccessLog.objects.count() - before
            if name in route.ok and response.status_code == 200 and wrote < 1:
                failures.append(f"{name}: visningen skrev ingen række i adgangsloggen")
            if name not in route.ok and wrote:
                failures.append(f"{name}: afvist visning skrev alligevel i adgangsloggen")
        client.logout()
    assert not failures, f"{route.label}: " + "; ".join(failures)


def _encode(data: dict) -> str:  # type: ignore[type-arg]
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)


assert routes_module  # keeps the import explicit for readers

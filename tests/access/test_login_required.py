"""Every URL requires login, except the few that are public by design."""

from __future__ import annotations

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = {
    "healthz",
    "healthz-background",
    "core:login",
    "portal:login",
    "portal:dev-login",
    "portal:login-fejl",
    "portal:tilgaengelighed",
    "kvalitetsstandard:list",
    "kvalitetsstandard:detail",
}
PUBLIC_PREFIXES = ("admin:",)  # the admin has its own login (with TOTP); checked below


def _patterns() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str, ns: str) -> None:
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + route, f"{ns}{p.namespace}:" if p.namespace else ns)
            else:
                out.append((f"{ns}{p.name}" if p.name else prefix + route, prefix + route))

    walk(get_resolver().url_patterns, "", "")
    return out


def _concrete(path: str) -> str:
    """Fill converters with harmless values (a random uuid, 1, 'x')."""
    import re

    path = re.sub(r"<uuid:[^>]+>", str(uuid.uuid4()), path)
    path = re.sub(r"<int:[^>]+>", "1", path)
    path = re.sub(r"<(?:str|slug):[^>]+>", "x", path)
    path = re.sub(r"<path:[^>]+>", "x", path)
    path = re.sub(r"<[^>]+>", "x", path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + path.lstrip("/")


PROTECTED = [
    (n, p)
    for n, p in _patterns()
    if n not in PUBLIC and not n.startswith(PUBLIC_PREFIXES) and not p.startswith("admin/") and "(?P" not in p
]


def test_the_walk_finds_the_app_urls() -> None:
    names = {n for n, _ in PROTECTED}
    assert {"core:sag-detail", "core:sag-list", "core:home"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("name,path", PROTECTED, ids=[n for n, _ in PROTECTED])
def test_anonymous_is_sent_to_login(name: str, path: str, client) -> None:  # type: ignore[no-untyped-def]
    for method in ("get", "post"):
        response = getattr(client, method)(_concrete(path))
        assert response.status_code in (301, 302, 401, 403), f"{method.upper()} {path}: {response.status_code}"
        if response.status_code in (301, 302):
            assert "/log-ind/" in response["Location"] or "login" in response["Location"], response["Location"]


@pytest.mark.django_db
def test_admin_requires_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

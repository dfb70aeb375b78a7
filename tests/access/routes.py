"""The access matrix: every URL, who may use it on Erik's case, and what everyone else gets.

Each app keeps its routes in `tests/access/matrix_<app>.py` as a list `ROUTES`. The coverage test
fails when a URL exists that no route (and no entry in EXEMPT) describes, so a new view cannot
land without saying who may use it.

For each Route, every member of the cast is logged in and sends the request:
* users in `ok` must get exactly that status (200, 302, 422 …);
* users in `forbidden` must get 403 (a forbidden action on something they may see);
* everyone else must get 404 — "not yours" looks like "missing".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

CAST_USERS = (
    "anna", "anders", "bo", "carl", "sofie", "lise", "dorte", "frank", "lars", "hans", "ida",
    "erik_user", "gitte_user",
)

Kwargs = Callable[[SimpleNamespace], dict[str, Any]]
Data = Callable[[SimpleNamespace], dict[str, Any]]
Setup = Callable[[SimpleNamespace], None]


@dataclass
class Route:
    name: str
    kwargs: Kwargs | None = None
    method: str = "GET"
    ok: dict[str, int] = field(default_factory=dict)
    forbidden: frozenset[str] = frozenset()
    data: Data | None = None
    setup: Setup | None = None  # extra state (e.g. a bestilling) built with services
    logs_access: bool = False  # a GET that shows citizen data writes one AccessLog row
    htmx: bool = False
    id: str = ""  # distinguishes several routes with the same URL name

    @property
    def label(self) -> str:
        return self.id or f"{self.method} {self.name}"


# URLs outside the matrix, each with the reason.
EXEMPT: dict[str, str] = {
    "healthz": "offentligt sundhedstjek uden data",
    "healthz-background": "offentligt sundhedstjek for beat og worker uden data",
    "core:login": "login-siden er offentlig",
    "core:logout": "logger kun den aktuelle bruger ud",
    "core:home": "forside uden borgerdata; testet i tests/core/views",
    "core:sag-list": "listeside; afgrænsning testes i tests/core/views/test_sag_list.py",
    "portal:login": "borgerportalens login-side er offentlig",
    "portal:dev-login": "udviklingslogin (kun DEV_LOGIN); testet i tests/portal/auth/test_views.py",
    "portal:login-fejl": "venlig side, når login afvises; offentlig, viser ingen borgerdata",
    "portal:tilgaengelighed": "tilgængelighedserklæringen er offentlig",
    "kvalitetsstandard:list": "offentlig side uden login (kvalitetsstandarder); testet i tests/visitation/views",
    "kvalitetsstandard:detail": "offentlig side uden login (én kvalitetsstandard); testet i tests/visitation/views",
}
EXEMPT_PREFIXES = ("admin:",)

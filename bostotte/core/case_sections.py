"""Panels on the case page contributed by the BUM apps (registered in AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest

Section = Callable[[HttpRequest, Any], dict[str, object] | None]
T = TypeVar("T")
_sections: list[tuple[int, Section]] = []


def register_case_section(section: Section, *, order: int = 50) -> None:
    if all(s is not section for _o, s in _sections):
        _sections.append((order, section))


def sections_for(request: HttpRequest, sag: Any) -> list[dict[str, object]]:
    out = []
    for _order, section in sorted(_sections, key=lambda t: t[0]):
        data = section(request, sag)
        if data is not None:
            out.append(data)
    return out


def case_data(sag: Any, key: str, load: Callable[[], T]) -> T:
    """Rows several sections need (the case's bestillinger, afgørelser, admissions), loaded once
    per case page instead of once per section. The memo lives on the `Sag` instance, which the
    case page loads through the access function for each request, so it never outlives the
    request. `key` is namespaced by the owning app, e.g. "visitation.bestillinger"."""
    memo: dict[str, Any] = sag.__dict__.setdefault("_case_data", {})
    if key not in memo:
        memo[key] = load()
    return memo[key]  # type: ignore[no-any-return]

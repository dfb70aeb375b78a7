"""Panels on the case page contributed by the BUM apps (registered in AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

Section = Callable[[HttpRequest, Any], dict[str, object] | None]
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

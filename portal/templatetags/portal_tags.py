from __future__ import annotations

from collections.abc import Iterable

from django import template

from bostotte.core.models import SamtykkeOmfang

register = template.Library()


@register.filter
def omfang_labels(omfang: Iterable[str] | None) -> list[str]:
    """A consent's scope as the citizen's own words ('Må se min plan', …)."""
    labels = dict(SamtykkeOmfang.choices)
    return [str(labels.get(o, o)) for o in (omfang or [])]

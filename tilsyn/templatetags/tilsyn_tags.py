from __future__ import annotations

from typing import Any

from django import template

from ..selectors import notifikation_unread_count

register = template.Library()


@register.inclusion_tag("tilsyn/_indbakke_link.html", takes_context=True)
def indbakke_link(context: dict[str, Any]) -> dict[str, object]:
    """The inbox link with the unread count, for the header (one COUNT on an index)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"antal": notifikation_unread_count(user=user) if user is not None else 0, "show": bool(user and user.is_authenticated)}

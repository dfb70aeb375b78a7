from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from ..selectors import notifikation_unread_count

register = template.Library()


@register.inclusion_tag("tilsyn/_indbakke_link.html", takes_context=True)
def indbakke_link(context: dict[str, Any]) -> dict[str, object]:
    """The inbox link with the unread count, for the header (one COUNT on an index)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"antal": notifikation_unread_count(user=user) if user is not None else 0, "show": bool(user and user.is_authenticated)}


def indbakke_html(user: Any) -> SafeString:
    """The header's inbox link with the unread count, as `{% indbakke_link %}` renders it
    (tilsyn/_indbakke_link.html, with its final newline), written in Python: the staff header
    calls it on every page (bostotte.core.navigation.register_header_link; issue 10)."""
    if not (user and user.is_authenticated):
        return mark_safe("\n")
    antal = notifikation_unread_count(user=user)
    badge = ""
    if antal:
        ulaest = escape(ngettext("ulæst besked", "ulæste beskeder", antal))
        badge = f' <span class="app-badge">{antal}<span class="sr-only"> {ulaest}</span></span>'
    link = f'<a href="{escape(reverse("tilsyn:indbakke"))}" class="app-indbakke-link">{escape(gettext("Indbakke"))}{badge}</a>\n'
    return mark_safe(link)  # noqa: S308  (the count is an int, the texts are escaped)

"""The staff pages' header (`{% app_header %}` in templates/base.html), written in Python.

The header is on every page. As template nodes – a dozen variables, three `{% url %}`, the
inbox's inclusion tag, the menu loop – it cost about 0.7 ms of Python per request, a quarter
of the cheapest page (issue 10). The HTML is byte for byte what the template gave
(tests/core/test_app_header.py renders both); every value is escaped."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ..navigation import header_links

register = template.Library()


@register.simple_tag(takes_context=True)
def app_header(context: template.Context) -> SafeString:
    request = context.get("request")
    user: Any = context.get("user")
    parts = [
        '\n  <header class="header">\n    <div class="portal-header">\n      <div class="container portal-header-inner">\n',
        f'        <a href="{escape(reverse("core:home"))}" class="logo app-logo">\n',
        f'          <span class="app-logo-title">{escape(gettext("Bostøtte"))}</span>\n',
        f'          <span class="app-logo-sub">{escape(context.get("KOMMUNE_NAVN", settings.KOMMUNE_NAVN))}</span>\n',
        "        </a>\n        ",
    ]
    if user is not None and user.is_authenticated:
        rolle = f'<span class="app-role">{escape(user.get_rolle_display())}</span>' if user.rolle else ""
        parts += [
            '\n          <div class="portal-info">\n            <p class="user">\n',
            f'              <strong class="username">{escape(user.visningsnavn)}</strong>\n',
            f"              {rolle}\n            </p>\n",
            f"            {''.join(header_links(user))}\n",
            f'            <form method="post" action="{escape(reverse("core:logout"))}" class="app-logout">\n',
            f"              {_csrf_input(context)}\n",
            f'              <button type="submit" class="button button-secondary">{escape(gettext("Log ud"))}</button>\n',
            "            </form>\n          </div>\n        ",
        ]
    parts.append("\n      </div>\n    </div>\n    ")
    menu = context.get("menu")
    if menu:
        path = getattr(request, "path", None)
        parts.append(
            f'\n      <nav class="app-nav" aria-label="{escape(gettext("Hovedmenu"))}">\n'
            '        <div class="container">\n          <ul class="app-nav-list">\n            '
        )
        for item in menu:
            current = ' aria-current="page"' if path == item["url"] else ""
            parts.append(
                f'\n              <li><a href="{escape(item["url"])}" class="app-nav-link"{current}>{escape(item["label"])}</a></li>\n            '
            )
        parts.append("\n          </ul>\n        </div>\n      </nav>\n    ")
    parts.append("\n  </header>\n  ")
    return mark_safe("".join(parts))  # noqa: S308  (every value above is escaped)


def _csrf_input(context: template.Context) -> str:
    """What `{% csrf_token %}` prints: the same lazy token as the page's other uses."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # noqa: S105  (Django's marker, not a password)
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)

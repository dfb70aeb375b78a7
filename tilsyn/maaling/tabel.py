"""The dashboard's table rows, rendered once in Python (issue 10).

At N=5,000 a dashboard has ~200 rows and ~700 number cells; rendered through the template
language (a loop, an `if`, a variable lookup and a localisation per cell) they were most of the
page's CPU time. `tbody_html` writes the very same HTML the template wrote: every value is
localised exactly like `{{ v }}` (formats.localize with the active language's separators) and
escaped with conditional_escape before it is joined; only the fixed markup is trusted.
"""

from __future__ import annotations

import datetime
import decimal
import html
from collections.abc import Callable, Iterable
from typing import Any

from django.template.base import render_value_in_context
from django.template.context import Context
from django.urls import reverse
from django.utils import formats, numberformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from .measures import Resultat


def _escape(text: str) -> str:
    """conditional_escape without its lazy-string wrapper (called ~1,000 times a page): safe
    strings stay as they are, other text gets django.utils.html.escape's html.escape."""
    if hasattr(text, "__html__"):
        return text.__html__()  # type: ignore[no-any-return]
    return html.escape(text)


def _number_formatter() -> Callable[[Any], str]:
    """formats.number_format with the active language's separators looked up once."""
    lang = get_language()
    decimal_sep = formats.get_format("DECIMAL_SEPARATOR", lang, use_l10n=True)
    grouping = formats.get_format("NUMBER_GROUPING", lang, use_l10n=True)
    thousand_sep = formats.get_format("THOUSAND_SEPARATOR", lang, use_l10n=True)

    def fmt(value: Any) -> str:
        return numberformat.format(value, decimal_sep, None, grouping, thousand_sep, use_l10n=True)

    return fmt


class _Cells:
    """`{{ value }}` in Python: the template's localisation and autoescaping."""

    def __init__(self) -> None:
        self.number = _number_formatter()
        self.context = Context(autoescape=True)

    def __call__(self, value: Any) -> str:
        if isinstance(value, str):
            return _escape(value)
        if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
            return _escape(self.number(value))
        if isinstance(value, (bool, datetime.date, datetime.time)):
            return render_value_in_context(value, self.context)
        return conditional_escape(str(value))


def tbody_html(resultat: Resultat, *, qs: str, min_n: int) -> SafeString:
    """The rows of one measure's table: what `{% for row, cells in r.table %}` rendered
    (templates/maaling/dashboard.html), whitespace included."""
    out = _Cells()
    skjult = conditional_escape(gettext("skjult (for få)"))
    se_sagerne = conditional_escape(gettext("se sagerne bag tallet"))
    qs_html = conditional_escape(qs)
    min_n_html = out(min_n)
    drill_urls: dict[str, str] = {}
    parts: list[str] = []
    for row, cells in resultat.table:
        tds: list[str] = []
        for v in cells:
            if v is None:
                tds.append(f"<td>{skjult if row.suppressed else '–'}</td>")
            else:
                tds.append(f"<td>{out(v)}</td>")
        if row.suppressed and row.n < min_n:
            n_html = f"&lt;{min_n_html}"
        elif row.drill and row.n:
            url = drill_urls.get(row.drill)
            if url is None:
                url = drill_urls[row.drill] = conditional_escape(
                    reverse("maaling:drill", kwargs={"key": row.drill})
                )
            n_html = f'<a href="{url}?{qs_html}">{out(row.n)}<span class="sr-only"> – {se_sagerne}</span></a>'
        else:
            n_html = out(row.n)
        parts.append(
            f'\n            <tr>\n              <th scope="row">{out(row.label)}</th>\n'
            f"              {''.join(tds)}\n"
            f"              <td>{n_html}</td>\n            </tr>\n          "
        )
    # Every piece above is fixed markup or went through conditional_escape.
    return mark_safe("".join(parts))  # noqa: S308


def tabeller(
    resultater: Iterable[Resultat], *, qs: str, min_n: int
) -> list[tuple[Resultat, SafeString]]:
    """Each measure with its pre-rendered rows, for the dashboard's loop."""
    return [(r, tbody_html(r, qs=qs, min_n=min_n)) for r in resultater]

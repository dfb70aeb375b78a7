"""The dashboard's measure sections, rendered once in Python (issue 10).

At N=5,000 a dashboard has ~14 measures, ~200 rows and ~700 number cells; rendered through the
template language (a loop, an `if`, a variable lookup and a localisation per cell) they were most
of the page's CPU time. `sektioner_html` writes the very same HTML the template's
`{% for r in ... %}<section>…</section>{% endfor %}` wrote (kept as the reference in
tests/maaling/test_dashboard_html.py): every value is localised exactly like `{{ v }}`
(formats.localize with the active language's separators) and escaped with conditional_escape
before it is joined; only the fixed markup is trusted. `eksport_felter_html` does the same for
the two export forms' fields below the tables (the include maaling/_eksport_fields.html was).
"""

from __future__ import annotations

import datetime
import decimal
import html
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.template.base import render_value_in_context
from django.template.context import Context
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import formats, numberformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from .measures import Resultat
from .udsnit import Udsnit

# The measures with a chart of their own above the table (dashboard.html's canvases; views.CHART_FOR).
_CHART_KEYS = frozenset({"ventetid", "timer", "funktionsevne", "trivsel"})


def _escape(text: str) -> str:
    """conditional_escape without its lazy-string wrapper (called ~1,000 times a page): safe
    strings stay as they are, other text gets django.utils.html.escape's html.escape."""
    if hasattr(text, "__html__"):
        return text.__html__()  # type: ignore[no-any-return]
    return html.escape(text)


def _number_formatter() -> Callable[[Any], str]:
    """`{{ number }}`, escaped: formats.number_format with the active language's separators
    looked up once.

    ~700 cells a page are plain ints and floats. Without digit grouping (the default,
    USE_THOUSAND_SEPARATOR = False) numberformat.format gives `str(int)` for an int and, for a
    float whose str() has no exponent, str() with "." replaced by the decimal separator; those
    two cases are done here directly (tests/maaling/test_dashboard_html.py compares them with
    numberformat for many values). Everything else (Decimal, exponents, grouping, a separator
    that would need escaping) goes through numberformat.format as before."""
    lang = get_language()
    decimal_sep = formats.get_format("DECIMAL_SEPARATOR", lang, use_l10n=True)
    grouping = formats.get_format("NUMBER_GROUPING", lang, use_l10n=True)
    thousand_sep = formats.get_format("THOUSAND_SEPARATOR", lang, use_l10n=True)
    plain = (
        not (settings.USE_THOUSAND_SEPARATOR and grouping != 0)
        and isinstance(decimal_sep, str)
        and html.escape(decimal_sep) == decimal_sep
    )

    def fmt(value: Any) -> str:
        if plain:
            kind = type(value)
            if kind is int:
                return int.__repr__(value)
            if kind is float:
                text = float.__repr__(value)  # == str(value)
                if "e" not in text:
                    return text.replace(".", decimal_sep)
        return _escape(
            numberformat.format(value, decimal_sep, None, grouping, thousand_sep, use_l10n=True)
        )

    return fmt


class _Cells:
    """`{{ value }}` in Python: the template's localisation and autoescaping."""

    def __init__(self) -> None:
        self.number = _number_formatter()
        self.context = Context(autoescape=True)

    def __call__(self, value: Any) -> str:
        kind = type(value)
        if kind is str:
            return html.escape(value)
        if kind is int or kind is float:
            return self.number(value)
        if isinstance(value, str):
            return _escape(value)
        if isinstance(value, (int, float, decimal.Decimal)) and not isinstance(value, bool):
            return self.number(value)
        if isinstance(value, (bool, datetime.date, datetime.time)):
            return render_value_in_context(value, self.context)
        return conditional_escape(str(value))


class _Page:
    """What every table of one page shares: the cell formatting, the fixed texts and the
    drill-down links (escaped once a page, not once a table)."""

    def __init__(self, *, qs: str, min_n: int) -> None:
        self.out = _Cells()
        self.skjult = conditional_escape(gettext("skjult (for få)"))
        self.se_sagerne = conditional_escape(gettext("se sagerne bag tallet"))
        self.qs = conditional_escape(qs)
        self.min_n = min_n
        self.min_n_html = self.out(min_n)
        self.raekke = conditional_escape(gettext("Række"))
        self.drill_urls: dict[str, str] = {}

    def drill_url(self, key: str) -> str:
        url = self.drill_urls.get(key)
        if url is None:
            url = self.drill_urls[key] = _drill_url(key)
        return url


_DRILL_URLS: dict[tuple[str, Any, str], str] = {}


def _drill_url(key: str) -> str:
    """`{% url 'maaling:drill' key=key %}`, escaped. A page links to ~15 measures' cases; the
    same few keys every time, so the answer is kept per process for the current script prefix
    and urlconf (what reverse() depends on)."""
    cache_key = (get_script_prefix(), get_urlconf(), key)
    url = _DRILL_URLS.get(cache_key)
    if url is None:
        if len(_DRILL_URLS) >= 1_000:
            _DRILL_URLS.clear()
        url = _DRILL_URLS[cache_key] = conditional_escape(
            reverse("maaling:drill", kwargs={"key": key})
        )
    return url


def tbody_html(resultat: Resultat, *, qs: str, min_n: int) -> SafeString:
    """The rows of one measure's table: what `{% for row, cells in r.table %}` rendered
    (templates/maaling/dashboard.html before issue 10), whitespace included."""
    return mark_safe(_rows_html(resultat, _Page(qs=qs, min_n=min_n)))  # noqa: S308 - see _rows_html


def _rows_html(resultat: Resultat, page: _Page) -> str:
    out = page.out
    number = out.number
    skjult, min_n = page.skjult, page.min_n
    keys = [k for k, _label in resultat.columns]
    parts: list[str] = []
    for row in resultat.rows:
        values = row.values
        tds: list[str] = []
        for k in keys:
            v = values.get(k)
            kind = type(v)
            if kind is float or kind is int:
                tds.append(f"<td>{number(v)}</td>")
            elif v is None:
                tds.append(f"<td>{skjult if row.suppressed else '–'}</td>")
            else:
                tds.append(f"<td>{out(v)}</td>")
        if row.suppressed and row.n < min_n:
            n_html = f"&lt;{page.min_n_html}"
        elif row.drill and row.n:
            n_html = (
                f'<a href="{page.drill_url(row.drill)}?{page.qs}">{out(row.n)}'
                f'<span class="sr-only"> – {page.se_sagerne}</span></a>'
            )
        else:
            n_html = out(row.n)
        parts.append(
            f'\n            <tr>\n              <th scope="row">{out(row.label)}</th>\n'
            f"              {''.join(tds)}\n"
            f"              <td>{n_html}</td>\n            </tr>\n          "
        )
    # Every piece above is fixed markup or went through conditional_escape.
    return "".join(parts)


def _section_html(r: Resultat, page: _Page) -> str:
    """One measure's `<section>` as the dashboard's loop wrote it, with the loop's whitespace."""
    out = page.out
    key = out(r.key)
    titel = out(r.titel)
    parts = [
        f'\n      <section class="maaling-maal" aria-labelledby="maal-{key}">\n'
        f'        <h2 id="maal-{key}">{titel}</h2>\n        '
    ]
    if r.key in _CHART_KEYS:
        label = gettext("Diagram: %(t)s. Tallene står i tabellen herunder.") % {"t": titel}
        parts.append(
            f'\n          <div class="maaling-chart"><canvas id="chart-{key}" role="img" aria-label="{label}"></canvas></div>\n        '
        )
    parts.append("\n        ")
    if r.key == "aflyst":
        label = conditional_escape(
            gettext("Diagram: procesmål i procent. Tallene står i tabellerne.")
        )
        parts.append(
            f'\n          <div class="maaling-chart"><canvas id="chart-proces" role="img" aria-label="{label}"></canvas></div>\n        '
        )
    headings = "".join(f'<th scope="col">{out(label)}</th>' for _key, label in r.columns)
    parts.append(
        '\n        <div class="table--responsive-scroll">\n'
        '        <table class="table table--zebra maaling-table">\n'
        f'          <caption class="sr-only">{titel}</caption>\n'
        f'          <thead><tr><th scope="col">{page.raekke}</th>{headings}<th scope="col">n</th></tr></thead>\n'
        "          <tbody>\n          "
        f"{_rows_html(r, page)}\n"
        "          </tbody>\n        </table>\n        </div>\n        "
    )
    if r.key == "gas" and r.extra.get("t_score") is not None:
        text = gettext(
            "Gennemsnitlig GAS T-score pr. borger: %(t)s (n = %(n)s; 50 = som forventet)."
        ) % {
            "t": out(r.extra["t_score"]),
            "n": out(r.extra.get("t_n", "")),
        }
        parts.append(f"<p>{text}</p>")
    parts.append("\n        ")
    if r.note:
        parts.append(f'<p class="maaling-note">{out(r.note)}</p>')
    parts.append("\n      </section>\n    ")
    return "".join(parts)


def sektioner_html(resultater: Iterable[Resultat], *, qs: str, min_n: int) -> SafeString:
    """Every measure's section (heading, chart canvas, table, notes), for `{{ sektioner }}` in
    templates/maaling/dashboard.html."""
    page = _Page(qs=qs, min_n=min_n)
    # Every piece is fixed markup or went through conditional_escape (_Cells, _Page).
    return mark_safe("".join(_section_html(r, page) for r in resultater))  # noqa: S308


def _ymd(day: datetime.date) -> str:
    """`{{ day|date:'Y-m-d' }}` (Django's 'Y' is the year with at least four digits)."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def eksport_felter_html(
    u: Udsnit, *, datasaet: Iterable[tuple[str, Any]], leverandoer: bool, suffix: str = ""
) -> SafeString:
    """The fields of an export form: the cut as hidden inputs, the data set list and the
    pseudonymisation choice, as the include maaling/_eksport_fields.html wrote them (kept as the
    reference in tests/maaling/test_dashboard_html.py). The page has two such forms; through the
    include they cost ≈ 0.5 ms a page (issue 10). `leverandoer`: the filter form has a leverandør
    field (a leverandørleder's is fixed and not sent)."""
    out = _Cells()
    hidden = [("fra", _ymd(u.fra)), ("til", _ymd(u.til))]
    if u.team_id:
        hidden.append(("team", out(u.team_id)))
    if u.leverandoer_id and leverandoer:
        hidden.append(("leverandoer", out(u.leverandoer_id)))
    if u.maalgruppe_id:
        hidden.append(("maalgruppe", out(u.maalgruppe_id)))
    if u.aldersgruppe:
        hidden.append(("aldersgruppe", out(u.aldersgruppe)))
    if u.koen:
        hidden.append(("koen", out(u.koen)))
    sfx = out(suffix)
    options = "".join(
        f'<option value="{out(value)}">{out(label)}</option>' for value, label in datasaet
    )
    parts = [
        "".join(f'<input type="hidden" name="{name}" value="{value}">' for name, value in hidden),
        '\n<div class="form-group">\n'
        f'  <label class="form-label" for="id_datasaet{sfx}">{conditional_escape(gettext("Hvad skal eksporteres"))}</label>\n'
        f'  <select name="datasaet" id="id_datasaet{sfx}" class="form-select">{options}</select>\n'
        "</div>\n",
    ]
    if u.pseudonymiseret:
        parts.append(
            '<input type="hidden" name="pseudonymiseret" value="on">'
            f"<p>{conditional_escape(gettext('Eksporten er pseudonymiseret.'))}</p>"
        )
    else:
        label = conditional_escape(gettext("Pseudonymiseret (uden navne, CPR og sagsnumre)"))
        parts.append(
            '\n<div class="form-group form-checkbox-group">\n'
            f'  <input type="checkbox" name="pseudonymiseret" id="id_pseudonymiseret{sfx}" class="form-checkbox">\n'
            f'  <label for="id_pseudonymiseret{sfx}">{label}</label>\n'
            "</div>"
        )
    parts.append("\n")
    # Every piece above is fixed markup or went through conditional_escape (_Cells).
    return mark_safe("".join(parts))  # noqa: S308

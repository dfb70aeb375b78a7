"""The hours table (`templates/levering/_timer_table.html`) as pre-formatted rows.

The hours page showed 25 tables of 3–6 rows; formatting every cell with `floatformat` and
template conditionals and variables per cell was about two thirds of the page's time (issue 10).
Here the body rows are built once in Python (one string per table; the table frame, caption,
headers and footer stay in the template), which is several times cheaper than ~10 template nodes
per row. The numbers are exactly what `floatformat` gave: ROUND_HALF_UP on the number's decimal
representation, Danish decimal comma, no thousands separator, never "-0".
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from html import escape as _esc
from typing import TYPE_CHECKING

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext, override
from django.utils.translation import gettext as _

from visitation.models import TimePeriode

from .models import Kontaktform

if TYPE_CHECKING:
    from .selectors import TimerTeams
    from .timer import Belastning, BestillingTimer, Periode

_EXP = {n: Decimal(1).scaleb(-n) for n in range(4)}
# `_esc` (the standard library's html.escape) for the plain strings of a row: what Django's
# `escape` and the template's autoescape give for a str (Django's calls it), without the lazy-
# string wrapper around each of the ~250 calls per page (issue 10).


@lru_cache(maxsize=2048, typed=True)
def tal(x: float | Decimal, decimaler: int = 1) -> str:
    """`x` with exactly `decimaler` decimals and a Danish decimal comma, as `floatformat:N` in
    Danish: 2.25 -> "2,3", -0.04 -> "0,0", -51.5 with 0 decimals -> "-52". Cached: a page
    formats ~450 numbers, most of them repeated (0, the weekly frames)."""
    d = (x if isinstance(x, Decimal) else Decimal(repr(float(x)))).quantize(
        _EXP[decimaler], ROUND_HALF_UP
    )
    if not d:
        d = abs(d)  # no "-0,0"
    return f"{d:f}".replace(".", ",")


def _aflyst(p: Periode) -> str:
    return f"{p.aflyst_borger} / {p.aflyst_medarbejder} / {p.udeblevet}"


def _afvigelse(p: Periode) -> str:
    pct = p.afvigelse_pct
    return "" if pct is None else tal(pct, 0)


@lru_cache(maxsize=16)
def _labels(sprog: str | None) -> dict[str, str]:
    """The row's words, escaped, once per language: gettext through the request's locale costs
    more than formatting a whole row, and a page has ~150 rows."""
    with override(sprog):
        # str() first: escape() of a lazy string is lazy again, translated at every use.
        out = {k: str(escape(str(label))) for k, label in Kontaktform.choices}
        out["_forhoejet"] = str(escape(_("forhøjet")))
        out["_under"] = str(escape(_("under tolerancen")))
    return out


@lru_cache(maxsize=16)
def _tekster(sprog: str | None) -> dict[str, str]:
    with override(sprog):
        return {
            "periode": _("Periode"),
            "ramme": _("Ramme (t)"),
            "leveret": _("Leveret (t)"),
            "afvigelse": _("Afvigelse"),
            "kontaktformer": _("Kontaktformer"),
            "aflyst": _("Aflyst/udeblevet"),
            "i_alt": _("I alt"),
            "note": _(
                "Aflyst/udeblevet: aflyst af borgeren / aflyst af medarbejderen / borgeren udeblev. "
                "Indlæggelsesdage tæller ikke med i rammen."
            ),
        }


def tabel_tekster() -> dict[str, str]:
    """The table's headings and note in the active language (plain text; the template escapes),
    looked up once per language instead of ~9 `{% translate %}` per table."""
    return _tekster(get_language())


def periode_rad(p: Periode, labels: dict[str, str] | None = None) -> str:
    """One period's `<tr>`: label, frame (with "(forhøjet)" / "(3 dage indlagt)"), delivered,
    deviation in % (flagged under the tolerance, "–" without a frame), delivered per contact form
    (as `Periode.former`: rounded to two decimals, then shown with one), cancellations.
    Everything not a number formatted here is escaped."""
    labels = labels or _labels(get_language())
    ramme = "–" if p.ramme is None else tal(p.ramme)
    if p.forhoejet_dage:
        ramme += f' <span class="app-meta">({labels["_forhoejet"]})</span>'
    if p.indlagt_dage:
        indlagt = ngettext("%(n)s dag indlagt", "%(n)s dage indlagt", p.indlagt_dage) % {
            "n": p.indlagt_dage
        }
        ramme += f' <span class="app-meta">({_esc(indlagt)})</span>'
    pct = p.afvigelse_pct
    if pct is None:
        afv = "–"
    else:
        afv = f"{tal(pct, 0)} %"
        if p.under_tolerance:
            afv += f' <strong class="lev-flag lev-flag-warn">{labels["_under"]}</strong>'
    # most periods have no delivered hours: no contact forms to order
    former = (
        ", ".join(f"{labels[k]} {tal(round(v, 2))}" for k, v in p.former_i_orden()) if p.leveret_pr_form else ""
    ) or "–"
    return (
        f'<tr><th scope="row">{_esc(p.label)}</th><td>{ramme}</td><td>{tal(p.leveret)}</td>'
        f"<td>{afv}</td><td>{former}</td><td>{_aflyst(p)}</td></tr>\n"
    )


def timer_tbody(bt: BestillingTimer) -> SafeString:
    """The table's body rows, built once in Python (see the module docstring)."""
    labels = _labels(get_language())
    return mark_safe("".join(periode_rad(p, labels) for p in bt.perioder))  # noqa: S308 - every value is escaped or a number formatted here


def total_rad(bt: BestillingTimer) -> dict[str, str]:
    """The footer's cells: `ramme` "–" without a frame, `afvigelse` "-12 %" or "" without a frame."""
    t = bt.total
    return {
        "ramme": "–" if t.ramme is None else tal(t.ramme),
        "leveret": tal(t.leveret),
        "afvigelse": f"{afv} %" if (afv := _afvigelse(t)) else "",
        "aflyst": _aflyst(t),
    }


@lru_cache(maxsize=16)
def _tekster_html(sprog: str | None) -> dict[str, str]:
    return {k: str(escape(v)) for k, v in _tekster(sprog).items()}


def tabel_html(bt: BestillingTimer, caption: str) -> SafeString:
    """`templates/levering/_timer_table.html` built in Python, byte for byte the same output
    (a test renders both): the hours page shows 15 of these tables, and an `{% include %}` with
    its `{% with %}` and a dozen variables per table was a large part of the page's time."""
    t = _tekster_html(get_language())
    f = {k: _esc(v) for k, v in bt.total_rad.items()}
    c = _esc(str(caption))
    return mark_safe(  # noqa: S308 - every value is escaped or a number formatted here
        f'<div class="table-responsive" tabindex="0" role="region" aria-label="{c}">'
        '<table class="table table--zebra lev-timer">\n'
        f"  <caption>{c}</caption>\n"
        f'  <thead><tr><th scope="col">{t["periode"]}</th><th scope="col">{t["ramme"]}</th>'
        f'<th scope="col">{t["leveret"]}</th><th scope="col">{t["afvigelse"]}</th>'
        f'<th scope="col">{t["kontaktformer"]}</th><th scope="col">{t["aflyst"]}</th></tr></thead>\n'
        "  <tbody>\n"
        f"  {bt.tbody}</tbody>\n"
        f'  <tfoot><tr><th scope="row">{t["i_alt"]}</th><td>{f["ramme"]}</td>'
        f"<td>{f['leveret']}</td><td>{f['afvigelse']}</td><td></td><td>{f['aflyst']}</td></tr></tfoot>\n"
        "</table></div>\n"
        f'<p class="app-meta">{t["note"]}</p>\n'
    )


def timer_minus2(x: Decimal | float | None) -> str:
    """`floatformat:"-2"` in Danish: whole numbers without decimals ("5"), others with two
    ("2,50"); "" for None."""
    if x is None:
        return ""
    d = x if isinstance(x, Decimal) else Decimal(repr(float(x)))
    if d == d.to_integral_value():
        return str(int(d))
    return tal(d, 2)


@lru_cache(maxsize=16)
def _sektion_tekster(sprog: str | None) -> tuple[dict[str, str], str]:
    """The period names (`TimePeriode`) and the tables' caption, once per language (issue 10)."""
    with override(sprog):
        return {value: str(label) for value, label in TimePeriode.choices}, _("Ramme og leverede timer")


def sektioner(bts: list[BestillingTimer]) -> list[dict[str, str]]:
    """The hours page's per-citizen sections, formatted once in Python: the heading (name,
    granted hours and period, "n perioder under tolerancen") and the table (`tabel_html`).
    Plain text, escaped by `sektioner_html`; `tabel` is escaped here."""
    perioder, caption = _sektion_tekster(get_language())
    out = []
    for bt in bts:
        b = bt.bestilling
        n = len(bt.under_tolerance)
        out.append(
            {
                "uuid": str(b.uuid),
                "navn": b.sag.borger.navn,
                "timer": f"{timer_minus2(b.timer)} {perioder.get(b.timer_periode, b.timer_periode)}",
                "flag": ngettext(
                    "%(n)s periode under tolerancen", "%(n)s perioder under tolerancen", n
                )
                % {"n": n}
                if n
                else "",
                "tabel": tabel_html(bt, caption),
            }
        )
    return out


def sektioner_html(bts: list[BestillingTimer]) -> SafeString:
    """The hours page's sections, one `<section>` per citizen with its heading and table, as
    `templates/levering/timer.html`'s loop over `sektioner` gave them (a test renders both): the
    loop's five variables and condition per section were ~40 % of the page's template time
    (issue 10). Every value is escaped here, the table is `tabel_html`'s."""
    out = []
    for s in sektioner(bts):
        uuid = _esc(s["uuid"])
        flag = f' · <strong class="lev-flag lev-flag-warn">{_esc(s["flag"])}</strong>' if s["flag"] else ""
        out.append(
            f'\n  <section aria-labelledby="t-{uuid}">\n'
            f'    <h2 class="h3" id="t-{uuid}">{_esc(s["navn"])} <span class="app-meta">{_esc(s["timer"])}{flag}</span></h2>\n'
            f"    {s['tabel']}\n"
            "  </section>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 - escaped above; the tables are tabel_html's


@lru_cache(maxsize=16)
def _belastning_tekster(sprog: str | None) -> dict[str, str]:
    """The load table's heading and column names, escaped, once per language."""
    with override(sprog):
        tekster = {
            "titel": _("Belastning de seneste 4 uger"),
            "bostoette": _("Bostøtte"),
            "team": _("Team"),
            "borgere": _("Borgere"),
            "bevilget": _("Bevilget pr. uge (t)"),
            "kapacitet": _("Kapacitet pr. uge (t)"),
            "leveret": _("Leveret (t)"),
        }
    return {k: str(escape(v)) for k, v in tekster.items()}


def belastning_html(load: Belastning, er_leder: bool) -> dict[str, SafeString]:
    """The load table's body rows and (for a leader) its team footer rows, as the template's
    loops with `floatformat` gave them, escaped here; and `sektion`, the whole table with its
    heading as `templates/levering/timer.html` wrote it around them (a test renders both): its
    eight `{% translate %}` were a third of the page template's own time (issue 10)."""
    tbody = "".join(
        f'<tr><th scope="row">{_esc(r.medarbejder.user.visningsnavn)}</th><td>{_esc(r.team)}</td>'
        f"<td>{r.borgere}</td><td>{tal(r.bevilget_pr_uge)}</td><td>{tal(r.kapacitet_pr_uge, 0)}</td>"
        f"<td>{tal(r.leveret)}</td></tr>"
        for r in load.medarbejdere
    )
    team = escape(_("Team"))
    tfoot = (
        "".join(
            f'<tr><th scope="row">{team} {_esc(navn)}</th><td></td><td>{t.borgere}</td>'
            f"<td>{tal(t.bevilget_pr_uge)}</td><td>{tal(t.kapacitet_pr_uge, 0)}</td>"
            f"<td>{tal(t.leveret)}</td></tr>"
            for navn, t in load.teams
        )
        if er_leder
        else ""
    )
    t = _belastning_tekster(get_language())
    sektion = (
        f'\n<h2>{t["titel"]}</h2>\n<div class="table-responsive" tabindex="0" role="region" aria-label="{t["titel"]}">'
        '<table class="table table--zebra">\n'
        f'  <thead><tr><th scope="col">{t["bostoette"]}</th><th scope="col">{t["team"]}</th>'
        f'<th scope="col">{t["borgere"]}</th><th scope="col">{t["bevilget"]}</th>'
        f'<th scope="col">{t["kapacitet"]}</th><th scope="col">{t["leveret"]}</th></tr></thead>\n'
        f"  <tbody>{tbody}</tbody>\n"
        f"  {f'<tfoot>{tfoot}</tfoot>' if er_leder else ''}\n"
        "</table></div>\n"
    )
    return {"tbody": mark_safe(tbody), "tfoot": mark_safe(tfoot), "sektion": mark_safe(sektion)}  # noqa: S308 - escaped above


def team_valg_html(teams: TimerTeams) -> SafeString:
    """The leader's team chooser's `<option>`s ("Alle teams" first, then the leverandør's teams,
    the chosen ones selected), as the template's loop gave them (a test renders both): one
    string instead of a loop with a lookup and a condition per team (issue 10)."""
    valgt = set(teams.valgt or ())
    alle = " selected" if teams.alle else ""
    options = "".join(
        f'<option value="{t.pk}"{" selected" if t.pk in valgt else ""}>{_esc(t.navn)}</option>'
        for t in teams.teams
    )
    return mark_safe(  # noqa: S308 - the names are escaped, the ids are numbers
        f'<option value="alle"{alle}>{escape(_("Alle teams"))}</option>\n      {options}'
    )

"""The dashboard's pre-rendered table rows and filter lists write exactly the HTML the
templates wrote (tilsyn/maaling/tabel.py, bostotte.core.widgets.PlainSelect)."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from bostotte.core.widgets import PlainSelect
from tilsyn.maaling.measures import MIN_N, Raekke, Resultat
from tilsyn.maaling.tabel import tbody_html

# The loop dashboard.html had before the rows were rendered in Python.
OLD_ROWS = Template(
    """{% load i18n %}{% for row, cells in r.table %}
            <tr>
              <th scope="row">{{ row.label }}</th>
              {% for v in cells %}<td>{% if v is None %}{% if row.suppressed %}{% translate "skjult (for få)" %}{% else %}–{% endif %}{% else %}{{ v }}{% endif %}</td>{% endfor %}
              <td>{% if row.suppressed and row.n < min_n %}&lt;{{ min_n }}{% elif row.drill and row.n %}<a href="{% url 'maaling:drill' key=row.drill %}?{{ qs }}">{{ row.n }}<span class="sr-only"> – {% translate "se sagerne bag tallet" %}</span></a>{% else %}{{ row.n }}{% endif %}</td>
            </tr>
          {% endfor %}"""
)


def resultat() -> Resultat:
    return Resultat(
        key="ventetid",
        titel="Ventetid",
        gruppe="proces",
        columns=[("mean", "Gennemsnit (dage)"), ("pct", "Procent"), ("antal", "Antal")],
        rows=[
            Raekke(
                "Henvendelse → afgørelse",
                {"mean": 12.5, "pct": 0.1, "antal": 12345},
                12345,
                drill="ventetid_afgoerelse",
            ),
            Raekke(
                '<b>Team & "Nord"</b>',
                {"mean": None, "pct": 100.0, "antal": 0},
                0,
                drill="ventetid_afgoerelse",
            ),
            Raekke(
                "Få borgere",
                {"mean": None, "pct": None, "antal": None},
                3,
                suppressed=True,
                drill="x",
            ),
            Raekke("Skjult celle", {"mean": 1.0, "pct": None, "antal": 7}, 7, suppressed=True),
            Raekke("Uden link", {"mean": -2.25, "pct": 33.333333333333336, "antal": 2}, 2),
            Raekke("Uden tal", {}, 9, drill="frist_overholdt"),
        ],
    )


class TabelTests:
    @pytest.mark.parametrize("qs", ["fra=2026-01-01&til=2026-06-30", "", "team=<1>"])
    def test_the_rows_are_the_templates_html(self, qs: str) -> None:
        r = resultat()
        with translation.override("da"):
            old = OLD_ROWS.render(Context({"r": r, "min_n": MIN_N, "qs": qs}))
            new = tbody_html(r, qs=qs, min_n=MIN_N)
        assert new == old
        assert "&lt;b&gt;Team &amp; &quot;Nord&quot;&lt;/b&gt;" in new and "12,5" in new


class PlainSelectTests:
    @pytest.mark.parametrize("value", [None, "", "2", 2, ["3"]])
    def test_it_writes_djangos_select(self, value: object) -> None:
        attrs = {
            "class": "form-select",
            "required": True,
            "disabled": False,
            "data-x": 'a"b<',
            "data-safe": mark_safe("<i>"),
        }
        choices = [
            ("", "Alle <teams>"),
            (1, "Team & Nord"),
            (2, 'Team "Syd"'),
            ("g", [(3, "Ø"), (4, "Æ")]),
        ]
        with translation.override("da"):
            old = forms.Select(attrs=attrs, choices=choices).render(
                "team", value, attrs={"id": "id_team"}
            )
            new = PlainSelect(attrs=attrs, choices=choices).render(
                "team", value, attrs={"id": "id_team"}
            )
        assert new == old

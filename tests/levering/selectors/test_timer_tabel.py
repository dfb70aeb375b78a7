"""The hours table's pre-formatted rows (levering/timer_tabel.py) give what the template's
`floatformat` gave: same rounding, Danish comma, no "-0", escaped text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import uuid4

import pytest
from django.template import Context, Template
from django.template.loader import get_template
from django.utils import translation

from bostotte.core.models import Borger, LeverandoerTeam, Medarbejder, Sag, User
from levering.selectors import TimerTeams
from levering.timer import Belastning, BestillingTimer, MedarbejderBelastning, Periode
from levering.timer_tabel import (
    belastning_html,
    periode_rad,
    sektioner,
    sektioner_html,
    tabel_html,
    tal,
    team_valg_html,
    total_rad,
)
from visitation.models import Bestilling

CASES = [
    (2.25, 1),
    (2.35, 1),
    (0.05, 1),
    (-0.04, 1),
    (-0.05, 1),
    (-16.7, 0),
    (-51.5, 0),
    (-0.4, 0),
    (12.0, 0),
    (100.0, 0),
    (1234.56, 1),
    (7.1000000000000005, 1),
    (0.0, 1),
    (Decimal("5.50"), 1),
]


class TalTests:
    @pytest.mark.parametrize(("x", "n"), CASES)
    def test_it_matches_floatformat_in_danish(self, x, n):
        with translation.override("da"):
            expected = Template("{{ x|floatformat:n }}").render(Context({"x": x, "n": n}))
        assert tal(x, n) == expected

    def test_it_uses_a_decimal_comma_and_rounds_half_up(self):
        assert tal(2.25) == "2,3"
        assert tal(1234.56) == "1234,6"  # no thousands separator, as floatformat without "g"
        assert tal(-16.7, 0) == "-17"

    def test_it_never_shows_minus_zero(self):
        assert tal(-0.04) == "0,0"
        assert tal(-0.4, 0) == "0"


def _periode(**kw):
    return Periode(
        start=date(2026, 3, 2), slut=date(2026, 3, 8), label="Uge 10 2026", tolerance_pct=20, **kw
    )


class PeriodeRadTests:
    def test_contact_forms_are_listed_in_their_fixed_order_whatever_the_query_returned(self):
        p = _periode(ramme=3.0, leveret=2.5, leveret_pr_form={"video": 0.5, "telefon": 0.0, "hjemmebesoeg": 2.0})
        assert p.former_i_orden() == [("hjemmebesoeg", 2.0), ("video", 0.5)]
        with translation.override("da"):
            assert [label for label, _h in p.former] == ["Hjemmebesøg", "Video"]
            assert "<td>Hjemmebesøg 2,0, Video 0,5</td>" in periode_rad(p)

    def test_a_period_under_the_tolerance_shows_the_negative_deviation_and_the_flag(self):
        p = _periode(
            ramme=3.0,
            leveret=1.25,
            leveret_pr_form={"hjemmebesoeg": 1.0, "telefon": 0.25},
            aflyst_borger=1,
            udeblevet=2,
        )
        with translation.override("da"):
            row = periode_rad(p)
        assert row == (
            '<tr><th scope="row">Uge 10 2026</th><td>3,0</td><td>1,3</td>'
            '<td>-58 % <strong class="lev-flag lev-flag-warn">under tolerancen</strong></td>'
            "<td>Hjemmebesøg 1,0, Telefon 0,3</td><td>1 / 0 / 2</td></tr>\n"
        )

    def test_within_the_tolerance_there_is_no_flag(self):
        with translation.override("da"):
            row = periode_rad(
                _periode(ramme=3.0, leveret=2.5, leveret_pr_form={"hjemmebesoeg": 2.5})
            )
        assert "<td>-17 %</td>" in row and "under tolerancen" not in row

    def test_without_a_frame_it_shows_dashes(self):
        with translation.override("da"):
            row = periode_rad(_periode(ramme=None, leveret=0.0))
        assert "<td>–</td><td>0,0</td><td>–</td><td>–</td><td>0 / 0 / 0</td>" in row

    def test_raised_and_admitted_days_are_noted_at_the_frame(self):
        with translation.override("da"):
            one = periode_rad(_periode(ramme=1.5, leveret=2.0, forhoejet_dage=3, indlagt_dage=1))
            two = periode_rad(_periode(ramme=1.5, leveret=2.0, indlagt_dage=2))
        assert (
            '<td>1,5 <span class="app-meta">(forhøjet)</span> <span class="app-meta">(1 dag indlagt)</span></td>'
            in one
        )
        assert '<span class="app-meta">(2 dage indlagt)</span>' in two and "forhøjet" not in two
        assert "<td>33 %</td>" in one  # above the frame: positive, no flag

    def test_the_label_is_escaped(self):
        with translation.override("da"):
            row = periode_rad(
                Periode(
                    start=date(2026, 3, 2),
                    slut=date(2026, 3, 8),
                    label="<b>x</b>",
                    ramme=1.0,
                    leveret=1.0,
                )
            )
        assert "&lt;b&gt;x&lt;/b&gt;" in row and "<b>" not in row

    def test_the_footer_shows_the_total_deviation_or_nothing(self):
        total = Periode(
            start=date(2026, 3, 2),
            slut=date(2026, 3, 8),
            label="I alt",
            ramme=10.0,
            leveret=7.04,
            aflyst_medarbejder=1,
        )
        bt = BestillingTimer(bestilling=None, perioder=[], total=total)  # type: ignore[arg-type]
        assert total_rad(bt) == {
            "ramme": "10,0",
            "leveret": "7,0",
            "afvigelse": "-30 %",
            "aflyst": "0 / 1 / 0",
        }
        bt = BestillingTimer(
            bestilling=None,
            perioder=[],
            total=Periode(start=date(2026, 3, 2), slut=date(2026, 3, 8), label="I alt"),
        )  # type: ignore[arg-type]
        assert total_rad(bt) == {
            "ramme": "–",
            "leveret": "0,0",
            "afvigelse": "",
            "aflyst": "0 / 0 / 0",
        }


def _bt(bestilling=None):  # type: ignore[no-untyped-def]
    perioder = [
        _periode(ramme=3.0, leveret=1.25, leveret_pr_form={"hjemmebesoeg": 1.25}, aflyst_borger=1),
        Periode(start=date(2026, 3, 9), slut=date(2026, 3, 15), label="Uge 11 <2026>", ramme=None),
    ]
    total = Periode(start=date(2026, 3, 2), slut=date(2026, 3, 15), label="I alt", ramme=3.0, leveret=1.25, aflyst_borger=1)
    return BestillingTimer(bestilling=bestilling, perioder=perioder, total=total)  # type: ignore[arg-type]


class TabelHtmlTests:
    """`tabel_html` is `_timer_table.html` built in Python: the same bytes, in both languages."""

    @pytest.mark.parametrize("sprog", ["da", "en"])
    def test_it_is_the_template_s_output(self, sprog):
        caption = 'Ramme & "leverede" timer'
        with translation.override(sprog):
            expected = get_template("levering/_timer_table.html").render({"bt": _bt(), "caption": caption})
            assert tabel_html(_bt(), caption) == expected


class SektionerTests:
    """The hours page's headings as the template gave them (`floatformat:"-2"`, the period's
    label, the count of periods under the tolerance)."""

    OLD = (
        '{% load i18n %}{{ bt.bestilling.sag.borger.navn }} <span class="app-meta">{{ bt.bestilling.timer|floatformat:"-2" }} '
        "{{ bt.bestilling.get_timer_periode_display }}{% if bt.under_tolerance %} · <strong>{% blocktranslate count "
        "n=bt.under_tolerance|length %}{{ n }} periode under tolerancen{% plural %}{{ n }} perioder under tolerancen"
        "{% endblocktranslate %}</strong>{% endif %}</span>"
    )
    NEW = '{{ s.navn }} <span class="app-meta">{{ s.timer }}{% if s.flag %} · <strong>{{ s.flag }}</strong>{% endif %}</span>'

    @pytest.mark.parametrize(
        ("timer", "periode"),
        [(Decimal("3.00"), "uge"), (Decimal("2.50"), "maaned"), (Decimal("7.25"), "uge"), (None, "")],
    )
    def test_the_heading_is_the_template_s(self, timer, periode):
        b = Bestilling(uuid=uuid4(), timer=timer, timer_periode=periode)
        b.sag = Sag(borger=Borger(fornavn="Ea & <Bo>", efternavn="Øst"))
        bt = _bt(b)
        with translation.override("da"):
            (s,) = sektioner([bt])
            assert Template(self.NEW).render(Context({"s": s})) == Template(self.OLD).render(Context({"bt": bt}))
            assert s["uuid"] == str(b.uuid)


class BelastningHtmlTests:
    OLD_TBODY = (
        '{% for r in load.medarbejdere %}<tr><th scope="row">{{ r.medarbejder.user.visningsnavn }}</th><td>{{ r.team }}</td>'
        "<td>{{ r.borgere }}</td><td>{{ r.bevilget_pr_uge|floatformat:1 }}</td><td>{{ r.kapacitet_pr_uge|floatformat:0 }}</td>"
        "<td>{{ r.leveret|floatformat:1 }}</td></tr>{% endfor %}"
    )
    OLD_TFOOT = (
        '{% load i18n %}{% for navn, t in load.teams %}<tr><th scope="row">{% translate "Team" %} {{ navn }}</th><td></td>'
        "<td>{{ t.borgere }}</td><td>{{ t.bevilget_pr_uge|floatformat:1 }}</td><td>{{ t.kapacitet_pr_uge|floatformat:0 }}</td>"
        "<td>{{ t.leveret|floatformat:1 }}</td></tr>{% endfor %}"
    )

    def test_the_rows_are_the_template_s(self):
        def m(first, team):  # type: ignore[no-untyped-def]
            return Medarbejder(user=User(username=first.lower(), first_name=first, last_name="<Dahl>"), leverandoer_team=LeverandoerTeam(navn=team))

        a, b = m("Dorte", "Øst & Vest"), m("Frank", "Øst & Vest")
        rows = [
            MedarbejderBelastning(medarbejder=a, borgere=3, bevilget_pr_uge=7.25, leveret=0.05, kapacitet_pr_uge=30.0),
            MedarbejderBelastning(medarbejder=b, borgere=0, bevilget_pr_uge=0.0, leveret=12.35, kapacitet_pr_uge=22.5),
        ]
        team = MedarbejderBelastning(medarbejder=a, borgere=3, bevilget_pr_uge=7.25, leveret=12.4, kapacitet_pr_uge=52.5)
        load = Belastning(medarbejdere=rows, teams=[("Øst & Vest", team)])
        with translation.override("da"):
            html = belastning_html(load, er_leder=True)
            assert html["tbody"] == Template(self.OLD_TBODY).render(Context({"load": load}))
            assert html["tfoot"] == Template(self.OLD_TFOOT).render(Context({"load": load}))
            assert belastning_html(load, er_leder=False)["tfoot"] == ""

    # templates/levering/timer.html's load table before issue 10 moved it into `belastning_html`
    OLD_SEKTION = (
        '{% load i18n %}{% if load %}\n<h2>{% translate "Belastning de seneste 4 uger" %}</h2>\n'
        '<div class="table-responsive" tabindex="0" role="region" aria-label="{% translate \'Belastning de seneste 4 uger\' %}">'
        '<table class="table table--zebra">\n'
        '  <thead><tr><th scope="col">{% translate "Bostøtte" %}</th><th scope="col">{% translate "Team" %}</th>'
        '<th scope="col">{% translate "Borgere" %}</th><th scope="col">{% translate "Bevilget pr. uge (t)" %}</th>'
        '<th scope="col">{% translate "Kapacitet pr. uge (t)" %}</th><th scope="col">{% translate "Leveret (t)" %}</th></tr></thead>\n'
        "  <tbody>{{ load_html.tbody }}</tbody>\n"
        "  {% if er_leder %}<tfoot>{{ load_html.tfoot }}</tfoot>{% endif %}\n"
        "</table></div>\n{% endif %}\n"
    )
    NEW_SEKTION = "{% if load %}{{ load_html.sektion }}{% endif %}\n"

    @pytest.mark.parametrize("er_leder", [True, False])
    @pytest.mark.parametrize("sprog", ["da", "en"])
    def test_the_table_with_its_heading_is_the_template_s(self, er_leder, sprog):
        user = User(username="ea", first_name="Ea", last_name="<Dahl> & co")
        rows = [MedarbejderBelastning(medarbejder=Medarbejder(user=user, leverandoer_team=LeverandoerTeam(navn='"Øst"')), borgere=2, bevilget_pr_uge=3.5, leveret=1.25, kapacitet_pr_uge=30.0)]
        load = Belastning(medarbejdere=rows, teams=[('"Øst"', rows[0])])
        with translation.override(sprog):
            html = belastning_html(load, er_leder=er_leder)
            expected = Template(self.OLD_SEKTION).render(Context({"load": load, "load_html": html, "er_leder": er_leder}))
            assert Template(self.NEW_SEKTION).render(Context({"load": load, "load_html": html})) == expected
        assert "&lt;Dahl&gt; &amp; co" in expected and ("<tfoot><tr>" in expected) == er_leder
        assert Template(self.NEW_SEKTION).render(Context({"load": None})) == Template(self.OLD_SEKTION).render(Context({"load": None})) == "\n"


class SektionerHtmlTests:
    """`sektioner_html` is the hours page's former loop over `sektioner` built in Python: the
    same bytes, escaped the same, in both languages, and the template's empty case."""

    OLD = (
        '{% load i18n %}{% for s in sektioner %}\n  <section aria-labelledby="t-{{ s.uuid }}">\n'
        '    <h2 class="h3" id="t-{{ s.uuid }}">{{ s.navn }} <span class="app-meta">{{ s.timer }}{% if s.flag %} · '
        '<strong class="lev-flag lev-flag-warn">{{ s.flag }}</strong>{% endif %}</span></h2>\n    {{ s.tabel }}\n'
        '  </section>\n{% empty %}<p>{% translate "Ingen aktive forløb." %}</p>{% endfor %}'
    )
    NEW = '{% load i18n %}{% if sektioner %}{{ sektioner }}{% else %}<p>{% translate "Ingen aktive forløb." %}</p>{% endif %}'

    @pytest.mark.parametrize("sprog", ["da", "en"])
    def test_it_is_the_template_s_output(self, sprog):
        def bt(navn, timer, periode, under):  # type: ignore[no-untyped-def]
            b = Bestilling(uuid=uuid4(), timer=timer, timer_periode=periode)
            b.sag = Sag(borger=Borger(fornavn=navn, efternavn="Øst & <Vest>"))
            out = _bt(b)
            if not under:
                out.perioder[0].leveret = 3.0
            return out

        bts = [bt('Ea "&" <Bo>', Decimal("3.00"), "uge", True), bt("Ib", Decimal("2.50"), "maaned", False), bt("Åse", None, "", True)]
        with translation.override(sprog):
            expected = Template(self.OLD).render(Context({"sektioner": sektioner(bts)}))
            assert Template(self.NEW).render(Context({"sektioner": sektioner_html(bts)})) == expected
            assert "&lt;Vest&gt;" in expected and "<Vest>" not in expected
            assert expected.count("<section") == 3 and expected.count("under tolerancen</strong></span>") == 2

    def test_without_rows_it_says_so(self):
        with translation.override("da"):
            expected = Template(self.OLD).render(Context({"sektioner": []}))
            assert Template(self.NEW).render(Context({"sektioner": sektioner_html([])})) == expected == "<p>Ingen aktive forløb.</p>"


class TeamValgHtmlTests:
    """`team_valg_html` is the hours page's former loop over the leader's teams: the same bytes,
    escaped the same, with "Alle teams" or the chosen teams selected."""

    OLD = (
        '{% load i18n %}<option value="alle"{% if teams.alle %} selected{% endif %}>{% translate "Alle teams" %}</option>\n'
        '      {% for t in teams.teams %}<option value="{{ t.pk }}"{% if t.pk in teams.valgt %} selected{% endif %}>'
        "{{ t.navn }}</option>{% endfor %}"
    )

    @pytest.mark.parametrize("valgt", [None, [2], [1, 3]])
    @pytest.mark.parametrize("sprog", ["da", "en"])
    def test_it_is_the_template_s_output(self, valgt, sprog):
        teams = [LeverandoerTeam(pk=1, navn="Øst & <Vest>"), LeverandoerTeam(pk=2, navn='Nord "1"'), LeverandoerTeam(pk=3, navn="Syd's")]
        valg = TimerTeams(teams=teams, valgt=valgt, alle=valgt is None)
        with translation.override(sprog):
            expected = Template(self.OLD).render(Context({"teams": valg}))
            assert team_valg_html(valg) == expected
        assert "&lt;Vest&gt;" in expected and expected.count(" selected") == (1 if valgt is None else len(valgt))

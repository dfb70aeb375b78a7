"""The dashboard's measure sections and filter fields, written in Python (tilsyn/maaling/tabel.py
`sektioner_html`, udsnit.py `UdsnitForm.felter_html` and `ListeSelect`), give exactly the HTML the
templates gave; the queries compiled once (FixedSql) give what the ORM gives (issue 10)."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from bostotte.core.models import Leverandoer, MyndighedTeam
from bostotte.core.widgets import PlainDateInput
from tests.factories import make_leverandoer, make_myndighed_team, make_staff
from tilsyn.maaling import snapshot, udsnit
from tilsyn.maaling.measures import MIN_N, Raekke, Resultat
from tilsyn.maaling.models import Maaling
from tilsyn.maaling.snapshot import maaling_snapshot_refresh, myndighed_teams_for
from tilsyn.maaling.tabel import _number_formatter, eksport_felter_html, sektioner_html
from tilsyn.maaling.udsnit import ListeSelect, Udsnit, UdsnitForm
from tilsyn.maaling.views import EksportForm

from .builders import FRA, NOW, TIL, TODAY

# templates/maaling/dashboard.html's loop over the measures before issue 10, with the rows' loop
# it had before tabel.py (the reference for `sektioner_html`).
OLD_SECTIONS = Template(
    """{% load i18n %}{% for r in resultater %}
      <section class="maaling-maal" aria-labelledby="maal-{{ r.key }}">
        <h2 id="maal-{{ r.key }}">{{ r.titel }}</h2>
        {% if r.key == "ventetid" or r.key == "timer" or r.key == "funktionsevne" or r.key == "trivsel" %}
          <div class="maaling-chart"><canvas id="chart-{{ r.key }}" role="img" aria-label="{% blocktranslate with t=r.titel %}Diagram: {{ t }}. Tallene står i tabellen herunder.{% endblocktranslate %}"></canvas></div>
        {% endif %}
        {% if r.key == "aflyst" %}
          <div class="maaling-chart"><canvas id="chart-proces" role="img" aria-label="{% translate 'Diagram: procesmål i procent. Tallene står i tabellerne.' %}"></canvas></div>
        {% endif %}
        <div class="table--responsive-scroll">
        <table class="table table--zebra maaling-table">
          <caption class="sr-only">{{ r.titel }}</caption>
          <thead><tr><th scope="col">{% translate "Række" %}</th>{% for key, label in r.columns %}<th scope="col">{{ label }}</th>{% endfor %}<th scope="col">n</th></tr></thead>
          <tbody>
          {% for row, cells in r.table %}
            <tr>
              <th scope="row">{{ row.label }}</th>
              {% for v in cells %}<td>{% if v is None %}{% if row.suppressed %}{% translate "skjult (for få)" %}{% else %}–{% endif %}{% else %}{{ v }}{% endif %}</td>{% endfor %}
              <td>{% if row.suppressed and row.n < min_n %}&lt;{{ min_n }}{% elif row.drill and row.n %}<a href="{% url 'maaling:drill' key=row.drill %}?{{ qs }}">{{ row.n }}<span class="sr-only"> – {% translate "se sagerne bag tallet" %}</span></a>{% else %}{{ row.n }}{% endif %}</td>
            </tr>
          {% endfor %}
          </tbody>
        </table>
        </div>
        {% if r.key == "gas" and r.extra.t_score is not None %}<p>{% blocktranslate with t=r.extra.t_score n=r.extra.t_n %}Gennemsnitlig GAS T-score pr. borger: {{ t }} (n = {{ n }}; 50 = som forventet).{% endblocktranslate %}</p>{% endif %}
        {% if r.note %}<p class="maaling-note">{{ r.note }}</p>{% endif %}
      </section>
    {% endfor %}"""
)

# templates/maaling/dashboard.html's loop over the filter's fields before issue 10 (the reference
# for `UdsnitForm.felter_html`).
OLD_FIELDS = Template(
    """{% for field in form %}
        <div class="form-group{% if field.errors %} form-error{% endif %}">
          <label class="form-label" for="{{ field.id_for_label }}">{{ field.label }}</label>
          {% for e in field.errors %}<span class="form-error-message">{{ e }}</span>{% endfor %}
          {{ field }}
        </div>
      {% endfor %}"""
)

# templates/maaling/_eksport_fields.html before issue 10, included twice by the dashboard (the
# reference for `eksport_felter_html`).
OLD_EKSPORT_FIELDS = Template(
    """{% load i18n %}<input type="hidden" name="fra" value="{{ udsnit.fra|date:'Y-m-d' }}"><input type="hidden" name="til" value="{{ udsnit.til|date:'Y-m-d' }}">{% if udsnit.team_id %}<input type="hidden" name="team" value="{{ udsnit.team_id }}">{% endif %}{% if udsnit.leverandoer_id and form.leverandoer %}<input type="hidden" name="leverandoer" value="{{ udsnit.leverandoer_id }}">{% endif %}{% if udsnit.maalgruppe_id %}<input type="hidden" name="maalgruppe" value="{{ udsnit.maalgruppe_id }}">{% endif %}{% if udsnit.aldersgruppe %}<input type="hidden" name="aldersgruppe" value="{{ udsnit.aldersgruppe }}">{% endif %}{% if udsnit.koen %}<input type="hidden" name="koen" value="{{ udsnit.koen }}">{% endif %}
<div class="form-group">
  <label class="form-label" for="id_datasaet{{ suffix }}">{% translate "Hvad skal eksporteres" %}</label>
  <select name="datasaet" id="id_datasaet{{ suffix }}" class="form-select">{% for value, label in eksport_form.fields.datasaet.choices %}<option value="{{ value }}">{{ label }}</option>{% endfor %}</select>
</div>
{% if udsnit.pseudonymiseret %}<input type="hidden" name="pseudonymiseret" value="on"><p>{% translate "Eksporten er pseudonymiseret." %}</p>{% else %}
<div class="form-group form-checkbox-group">
  <input type="checkbox" name="pseudonymiseret" id="id_pseudonymiseret{{ suffix }}" class="form-checkbox">
  <label for="id_pseudonymiseret{{ suffix }}">{% translate "Pseudonymiseret (uden navne, CPR og sagsnumre)" %}</label>
</div>{% endif %}
"""
)

NUMBERS = [
    0,
    1,
    -1,
    7,
    12345,
    -98765,
    10**12,
    -(10**15),
    2**63,
    0.0,
    -0.0,
    0.1,
    0.5,
    1.0,
    12.0,
    -12.0,
    12.5,
    -2.25,
    33.333333333333336,
    100.0,
    99.95,
    1234567.891,
    -0.001,
    1e15,
    1e16,
    1.5e17,
    -2.5e-5,
    1e-7,
    123456789012345.6,
    math.inf,
    -math.inf,
    Decimal("0"),
    Decimal("12.50"),
    Decimal("-3.1"),
    Decimal("1E+3"),
    Decimal("1234567.000"),
    True,
    False,
]


def old_cell(value: object) -> str:
    return Template("{{ v }}").render(Context({"v": value}))


class NumberTests:
    @pytest.mark.parametrize("language", ["da", "en"])
    @pytest.mark.parametrize("grouping", [False, True])
    def test_the_fast_path_gives_what_the_template_gives(
        self, language: str, grouping: bool, settings
    ) -> None:  # type: ignore[no-untyped-def]
        settings.USE_THOUSAND_SEPARATOR = grouping
        with translation.override(language):
            fmt = _number_formatter()
            for value in [v for v in NUMBERS if not isinstance(v, bool)]:
                assert fmt(value) == old_cell(value), value

    def test_nan_too(self) -> None:
        with translation.override("da"):
            assert _number_formatter()(math.nan) == old_cell(math.nan)


def resultater() -> list[Resultat]:
    """Every branch of the section: charts, the process chart, GAS with and without a T-score,
    notes, suppressed and drill rows, odd values and text that must be escaped."""
    rows = [
        Raekke(
            "Henvendelse → afgørelse",
            {"a": 12.5, "b": 0.1, "c": 12345},
            12345,
            drill="ventetid_afgoerelse",
        ),
        Raekke(
            '<b>Team & "Nord"</b>', {"a": None, "b": 100.0, "c": 0}, 0, drill="ventetid_afgoerelse"
        ),
        Raekke("Få borgere", {"a": None, "b": None, "c": None}, 3, suppressed=True, drill="x"),
        Raekke("Skjult celle", {"a": 1.0, "b": None, "c": 7}, 7, suppressed=True),
        Raekke("Uden link", {"a": -2.25, "b": 33.333333333333336, "c": -2}, 2),
        Raekke("Store tal", {"a": 1e16, "b": Decimal("12.50"), "c": 10**12}, 10**12, drill="frist"),
        Raekke(
            "Tekst & sandt",
            {"a": "<i>x</i>", "b": True, "c": mark_safe("<b>ok</b>")},
            5,
            drill="frist",
        ),
        Raekke("Uden tal", {}, 9, drill="frist_overholdt"),
    ]
    columns = [("a", "Gennemsnit (dage)"), ("b", "Andel <%>"), ("c", gettext_lazy("Antal"))]

    def make(key: str, titel: str, **kw: object) -> Resultat:
        return Resultat(
            key=key, titel=titel, gruppe="proces", columns=columns, rows=list(rows), **kw
        )  # type: ignore[arg-type]

    return [
        make("ventetid", "Ventetid"),
        make("timer", 'Timer <"bevilget"> & leveret', note="n er <borgere> & besøg."),
        make("aflyst", "Aflyst"),
        make("gas", "GAS", extra={"t_score": 51.3, "t_n": 12}),
        make("gas", "GAS uden score", extra={"t_score": None, "t_n": 0}),
        make("gas", "GAS uden noget"),
        make("frist", "Frist", note=""),
        make("<key&>", "Nøgle"),
        Resultat(key="trivsel", titel="Trivsel", gruppe="effekt", columns=[], rows=[]),
    ]


class SectionTests:
    @pytest.mark.parametrize("qs", ["fra=2026-01-01&til=2026-06-30&team=1", "", "team=<1>"])
    def test_the_sections_are_the_templates_html(self, qs: str) -> None:
        r = resultater()
        with translation.override("da"):
            old = OLD_SECTIONS.render(Context({"resultater": r, "min_n": MIN_N, "qs": qs}))
            new = sektioner_html(r, qs=qs, min_n=MIN_N)
        assert new == old
        assert (
            "&lt;b&gt;Team &amp; &quot;Nord&quot;&lt;/b&gt;" in new
            and "12,5" in new
            and "51,3" in new
        )

    def test_no_measures_no_sections(self) -> None:
        assert sektioner_html([], qs="", min_n=MIN_N) == ""


class EksportFieldsTests:
    @pytest.mark.parametrize("suffix", ["", "-xlsx"])
    @pytest.mark.parametrize(
        "cut",
        [
            {},
            {
                "team_id": 12345,
                "leverandoer_id": 7,
                "maalgruppe_id": 189,
                "aldersgruppe": "65+",
                "koen": "kvinde",
            },
            {"leverandoer_id": 7, "niveau": "pseudonymiseret", "aldersgruppe": '<"x">'},
            {"fra": date(999, 1, 2), "til": date(2026, 12, 31), "koen": "a&b"},
        ],
    )
    @pytest.mark.parametrize("leverandoer", [True, False])
    def test_the_fields_are_the_includes_html(
        self, cut: dict, suffix: str, leverandoer: bool, settings
    ) -> None:  # type: ignore[type-arg]
        settings.USE_THOUSAND_SEPARATOR = bool(
            suffix
        )  # ids as `{{ id }}` prints them, grouped or not
        args = {"fra": date(2025, 12, 7), "til": date(2026, 12, 7), "today": TODAY, **cut}
        u = Udsnit(user=None, **args)  # type: ignore[arg-type]
        form = {"leverandoer": object()} if leverandoer else {}
        context = {"udsnit": u, "form": form, "eksport_form": EksportForm()}
        if suffix:
            context["suffix"] = suffix
        with translation.override("da"):
            old = OLD_EKSPORT_FIELDS.render(Context(context))
            new = eksport_felter_html(
                u,
                datasaet=EksportForm.base_fields["datasaet"].choices,
                leverandoer=leverandoer,
                suffix=suffix,
            )  # type: ignore[attr-defined]
        assert new == old


def old_fields(form: UdsnitForm) -> str:
    """The old loop over a form whose widgets are Django's own again (same attributes and
    options): what the page printed before issue 10."""
    for field in form.fields.values():
        if isinstance(field.widget, ListeSelect):
            field.widget.__class__ = forms.Select
        elif isinstance(field.widget, PlainDateInput):
            field.widget.__class__ = forms.DateInput
    return OLD_FIELDS.render(Context({"form": form}))


def both(params: dict[str, str] | None, user) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    with translation.override("da"):
        new = UdsnitForm(params, user=user, today=TODAY).felter_html()
        form = UdsnitForm(params, user=user, today=TODAY)
        form.choices_for_render()
        return new, old_fields(form)


@pytest.mark.django_db
class FilterFieldTests:
    @pytest.fixture
    def odd_names(self, cast):  # type: ignore[no-untyped-def]
        team = make_myndighed_team('<b>Team & "Vest"</b>', cast.kommune)
        lev = make_leverandoer("Støtte <i>'A'</i> & co", "11223344", cast.kommune)
        return team, lev

    def test_unbound_with_the_defaults(self, cast, ffb, odd_names) -> None:  # type: ignore[no-untyped-def]
        new, old = both(None, cast.bo)
        assert new == old
        assert "&lt;b&gt;Team &amp; &quot;Vest&quot;&lt;/b&gt;" in new and "Alkoholmisbrug" in new

    def test_bound_with_every_list_chosen(self, cast, ffb, odd_names) -> None:  # type: ignore[no-untyped-def]
        team, lev = odd_names
        maalgruppe = udsnit._maalgrupper()[3]
        params = {
            "fra": "2026-01-01",
            "til": "2026-06-30",
            "team": str(team.pk),
            "leverandoer": str(lev.pk),
            "maalgruppe": str(maalgruppe.pk),
            "aldersgruppe": "30-49",
            "koen": "kvinde",
        }
        new, old = both(params, cast.bo)
        assert new == old
        assert (
            f'<option value="{team.pk}" selected>' in new
            and f'<option value="{lev.pk}" selected>' in new
        )

    def test_errors_and_invalid_choices(self, cast, ffb, odd_names) -> None:  # type: ignore[no-untyped-def]
        params = {
            "fra": "2026-06-30",
            "til": "2026-01-01",
            "team": "999999",
            "leverandoer": "<x>",
            "koen": "ukendt",
            "aldersgruppe": "",
        }
        new, old = both(params, cast.bo)
        assert new == old
        assert "form-error" in new and 'aria-invalid="true"' in new

    def test_a_leverandoerleder_has_no_leverandoer_list(self, cast, ffb, odd_names) -> None:  # type: ignore[no-untyped-def]
        new, old = both({"fra": "2026-01-01", "til": "2026-06-30"}, cast.lise)
        assert new == old
        assert "id_leverandoer" not in new

    def test_lists_follow_new_and_renamed_rows(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        first, _old = both(None, cast.bo)
        cast.team_syd.navn = "Team Syd & Co"
        cast.team_syd.save(update_fields=["navn"])
        make_leverandoer("Ny Leverandør", "99887766", cast.kommune)
        second, old = both(None, cast.bo)
        assert second == old and second != first
        assert "Team Syd &amp; Co" in second and "Ny Leverandør" in second


class ListeSelectTests:
    CHOICES = [
        ("", gettext_lazy("Alle <teams>")),
        (None, "Ingen"),
        (1, "Team & Nord"),
        (2, 'Team "Syd"'),
        ("2", "To igen"),
        ("<v>", mark_safe("<i>sikker</i>")),
        (3, 4),
    ]

    @pytest.mark.parametrize("value", [None, "", "2", 2, ["3"], "<v>", "x", 3])
    def test_it_writes_djangos_select(self, value: object) -> None:
        attrs = {"class": "form-select", "required": True, "disabled": False, "data-x": 'a"b<'}
        with translation.override("da"):
            old = forms.Select(attrs=attrs, choices=self.CHOICES).render(
                "team", value, attrs={"id": "id_team"}
            )
            new = ListeSelect(attrs=attrs, choices=self.CHOICES).render(
                "team", value, attrs={"id": "id_team"}
            )
        assert new == old

    def test_groups_take_the_plain_way(self) -> None:
        choices = [("", "Alle"), ("g", [(3, "Ø"), (4, "Æ")])]
        old = forms.Select(choices=choices).render("team", 4)
        assert ListeSelect(choices=choices).render("team", 4) == old


@pytest.mark.django_db
class CompiledOnceTests:
    """The FixedSql reads answer what their ORM querysets answer, and are really compiled once
    (a failed marker check would quietly fall back to the ORM on every call)."""

    @pytest.fixture(autouse=True)
    def _locmem_cache(self, settings):  # type: ignore[no-untyped-def]
        """A refresh clears its queue lock in the cache: a private one, not the shared Redis."""
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "maaling-html-tests",
            }
        }

    def test_the_filter_lists(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        make_myndighed_team("Aalborg-team", cast.kommune)
        expected = {
            "team": list(MyndighedTeam.objects.order_by("navn").values_list("pk", "navn")),
            "leverandoer": list(Leverandoer.objects.order_by("navn").values_list("pk", "navn")),
            "maalgruppe": list(udsnit._maalgrupper().values_list("pk", "display")),
        }
        for name, fixed in udsnit._VALGLISTER.items():
            assert fixed.rows() == expected[name]
            assert fixed.cache["default"] is not None
        assert len(expected["maalgruppe"]) > 10

    def test_the_leaders_teams(self, cast) -> None:  # type: ignore[no-untyped-def]
        # bo leads Team Nord and is a member of it; anna is a member; a leader of one team who is a
        # member of another sees both; hans neither.
        team_vest = make_myndighed_team("Team Vest", cast.kommune)
        vest_leder = make_staff(cast.bo.rolle, username="vest", myndighed_team=cast.team_syd)
        team_vest.leder = vest_leder
        team_vest.save(update_fields=["leder"])
        for user in (cast.bo, cast.sofie, cast.anna, cast.hans, vest_leder):
            orm = sorted(
                set(MyndighedTeam.objects.filter(leder_id=user.pk).values_list("pk", flat=True))
                | set(
                    MyndighedTeam.objects.filter(medarbejdere__user_id=user.pk).values_list(
                        "pk", flat=True
                    )
                )
            )
            assert myndighed_teams_for(user) == orm
        assert myndighed_teams_for(vest_leder) == sorted([cast.team_syd.pk, team_vest.pk])
        assert snapshot._MYNDIGHED_TEAMS.cache["default"] is not None

    def test_the_stored_rows(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        units = [
            (Maaling.Enhed.KOMMUNE, None),
            (Maaling.Enhed.TEAM, cast.team_nord.pk),
            (Maaling.Enhed.LEVERANDOER, cast.lev_nord.pk),
        ]
        for enhed in units:
            maaling_snapshot_refresh(enhed=enhed, now=NOW, fra=FRA, til=TIL)
        for kind, pk in [*units, (Maaling.Enhed.TEAM, cast.team_syd.pk)]:
            orm = [
                (m.maal, m.fra, m.til, m.resultat, m.computed_at)
                for m in Maaling.objects.filter(enhed=kind, enhed_id=pk).order_by("raekkefoelge")
            ]
            assert snapshot._stored_rows((kind, pk)) == orm
            assert len(orm) > 5 or pk == cast.team_syd.pk
        assert snapshot._STORED_UNIT.cache["default"] is not None
        assert snapshot._STORED_KOMMUNE.cache["default"] is not None
        assert isinstance(snapshot._stored_rows(units[1])[0][1], date)

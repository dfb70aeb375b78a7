"""The cut (udsnit) every measure is computed on: period, team, leverandør, målgruppe, age group
and gender, applied on top of the viewer's scope (scope.py)."""

from __future__ import annotations

import calendar
import functools
import html
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import Koen, Leverandoer, MyndighedTeam, Sag, User
from bostotte.core.sql import FixedSql
from bostotte.core.widgets import PlainDateInput, PlainSelect, _attrs_html, _s
from bostotte.ffb.models import Kode
from visitation.models import Afgoerelse, Bestilling

from .scope import IDENTIFICERET, fixed_leverandoer_id, maaling_sag_scope, niveau_for

ALDERSGRUPPER: dict[str, tuple[int, int | None]] = {
    "18-29": (18, 29),
    "30-49": (30, 49),
    "50-64": (50, 64),
    "65+": (65, None),
}


def minus_years(day: date, years: int) -> date:
    """The same calendar day `years` earlier (28 February for 29 February)."""
    y = day.year - years
    return date(y, day.month, min(day.day, calendar.monthrange(y, day.month)[1]))


def aldersgruppe_q(gruppe: str, on: date, prefix: str = "borger__") -> Q:
    """Citizens whose age on `on` (period end) lies in the group, from Borger.foedselsdato."""
    lo, hi = ALDERSGRUPPER[gruppe]
    q = Q(**{f"{prefix}foedselsdato__lte": minus_years(on, lo)})
    if hi is not None:
        # older than hi+1 years is outside: born after (on - (hi+1) years)
        q &= Q(**{f"{prefix}foedselsdato__gt": minus_years(on, hi + 1)})
    return q


def aldersgruppe_for(foedselsdato: date, on: date) -> str:
    age = on.year - foedselsdato.year - ((on.month, on.day) < (foedselsdato.month, foedselsdato.day))
    for key, (lo, hi) in ALDERSGRUPPER.items():
        if age >= lo and (hi is None or age <= hi):
            return key
    return "under 18"


@dataclass(frozen=True)
class Udsnit:
    user: User
    fra: date
    til: date
    today: date
    team_id: int | None = None
    leverandoer_id: int | None = None
    maalgruppe_id: int | None = None
    aldersgruppe: str = ""
    koen: str = ""
    niveau: str = IDENTIFICERET
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
    # The cases of an organisational unit instead of the viewer's scope: only for the stored
    # measures (snapshot.py), which are computed for a unit and read under the viewer's access.
    enhed_sager: QuerySet[Sag] | None = field(default=None, compare=False)

    @property
    def pseudonymiseret(self) -> bool:
        return self.niveau != IDENTIFICERET

    @property
    def slut(self) -> date:
        """The last day that can have happened: min(til, today)."""
        return min(self.til, self.today)

    def sager(self) -> QuerySet[Sag]:
        """The viewer's cases with the filters applied (a subquery for every measure)."""
        qs = self.enhed_sager if self.enhed_sager is not None else maaling_sag_scope(self.user)
        if self.team_id:
            qs = qs.filter(team_id=self.team_id)
        if self.leverandoer_id:
            qs = qs.filter(Exists(Bestilling.objects.filter(sag_id=OuterRef("pk"), leverandoer_id=self.leverandoer_id).exclude(status="kladde")))
        if self.maalgruppe_id:
            qs = qs.filter(Exists(Afgoerelse.objects.filter(
                sag_id=OuterRef("pk"), status="truffet", resultat="bevilling", maalgruppe_id=self.maalgruppe_id)))
        if self.aldersgruppe:
            qs = qs.filter(aldersgruppe_q(self.aldersgruppe, self.til))
        if self.koen:
            qs = qs.filter(borger__koen=self.koen)
        return qs

    def sag_ids(self) -> QuerySet[Sag]:
        return self.sager().values("pk")

    def querystring(self) -> str:
        data = {"fra": self.fra.isoformat(), "til": self.til.isoformat()}
        for key in ("team_id", "leverandoer_id", "maalgruppe_id", "aldersgruppe", "koen"):
            value = getattr(self, key)
            if value and not (key == "leverandoer_id" and fixed_leverandoer_id(self.user)):
                data[key.removesuffix("_id")] = str(value)
        return urlencode(data)


def default_periode(today: date) -> tuple[date, date]:
    """The last 12 months up to today."""
    return minus_years(today, 1), today


_CONTEXT = Context(autoescape=True)


class ListeSelect(PlainSelect):
    """A PlainSelect that writes a flat list of (value, label) options straight from the list,
    without first building Django's option dicts (ChoiceWidget.optgroups/create_option: a dict,
    an attrs copy and a render per option). The dashboard's filter shows ~60 options on every
    page view (issue 10). The same HTML as django/forms/widgets/select.html: the first option
    whose value matches is selected, values and labels are escaped like `{{ }}` does
    (tests/maaling/test_dashboard_html.py compares it with Django's Select). Grouped choices,
    multiple selects and lazy choice iterators (a ModelChoiceIterator) take PlainSelect's way."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        choices = self.choices
        if (
            self.allow_multiple_selected
            or not isinstance(choices, list)
            or any(isinstance(label, (list, tuple)) for _value, label in choices)
        ):
            return super().render(name, value, attrs, renderer)  # type: ignore[no-any-return]
        chosen = self.format_value(value)
        parts = [f'<select name="{render_value_in_context(name, _CONTEXT)}"{_attrs_html(self.build_attrs(self.attrs, attrs))}>']
        has_selected = False
        for choice_value, label in choices:
            option_value = "" if choice_value is None else choice_value
            kind = type(option_value)
            value_text = str(option_value)
            selected = not has_selected and value_text in chosen
            has_selected |= selected
            value_html = value_text if kind is int else html.escape(value_text) if kind is str else _s(option_value)
            text = html.escape(label) if type(label) is str else render_value_in_context(label, _CONTEXT)
            parts.append(f'\n  <option value="{value_html}"{" selected" if selected else ""}>{text}</option>\n')
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value above went through conditional_escape


# The filter's lists. Each queryset is built once per process and never evaluated itself: the
# form fields and `_VALGLISTER` only use clones of it (ModelChoiceField.queryset = qs.all()), like
# a queryset given in a field's declaration. Building the målgrupper's filters cost ≈ 0.5 ms on
# every dashboard (issue 10).
@functools.cache
def _teams() -> QuerySet[MyndighedTeam]:
    return MyndighedTeam.objects.order_by("navn")


@functools.cache
def _leverandoerer() -> QuerySet[Leverandoer]:
    return Leverandoer.objects.order_by("navn")


@functools.cache
def _maalgrupper() -> QuerySet[Kode]:
    return Kode.objects.current().maalgrupper().order_by("display")


# The options of the filter's lists (id and label, in the fields' querysets' order): the same
# queries on every dashboard, compiled once per database (issue 10). Each list is read anew per
# request, so a new or renamed team or leverandør shows at once.
_VALGLISTER = {
    "team": FixedSql(lambda: _teams().values_list("pk", "navn"), ((), ())),
    "leverandoer": FixedSql(lambda: _leverandoerer().values_list("pk", "navn"), ((), ())),
    "maalgruppe": FixedSql(lambda: _maalgrupper().values_list("pk", "display"), ((), ())),
}


class UdsnitForm(forms.Form):
    fra = forms.DateField(label=_("Fra og med"), widget=PlainDateInput(attrs={"type": "date", "class": "form-input"}))
    til = forms.DateField(label=_("Til og med"), widget=PlainDateInput(attrs={"type": "date", "class": "form-input"}))
    team = forms.ModelChoiceField(label=_("Myndighedsteam"), queryset=MyndighedTeam.objects.none(), required=False,
                                  empty_label=_("Alle teams"), widget=ListeSelect(attrs={"class": "form-select"}))
    leverandoer = forms.ModelChoiceField(label=_("Leverandør"), queryset=Leverandoer.objects.none(), required=False,
                                         empty_label=_("Alle leverandører"), widget=ListeSelect(attrs={"class": "form-select"}))
    maalgruppe = forms.ModelChoiceField(label=_("Målgruppe"), queryset=Kode.objects.none(), required=False,
                                        empty_label=_("Alle målgrupper"), widget=ListeSelect(attrs={"class": "form-select"}))
    aldersgruppe = forms.ChoiceField(label=_("Aldersgruppe (ved periodens slut)"), required=False,
                                     choices=[("", _("Alle aldre"))] + [(k, k.replace("-", "–") + " år") for k in ALDERSGRUPPER],
                                     widget=ListeSelect(attrs={"class": "form-select"}))
    koen = forms.ChoiceField(label=_("Køn"), required=False, choices=[("", _("Alle"))] + list(Koen.choices),
                             widget=ListeSelect(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, user: User, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today
        fra, til = default_periode(today)
        self.fields["fra"].initial = fra
        self.fields["til"].initial = til
        self.fields["team"].queryset = _teams()
        self.fields["leverandoer"].queryset = _leverandoerer()
        self.fields["maalgruppe"].queryset = _maalgrupper()
        self.fields["maalgruppe"].label_from_instance = lambda k: k.display  # type: ignore[attr-defined]
        if fixed_leverandoer_id(user):
            del self.fields["leverandoer"]

    def choices_for_render(self) -> None:
        """Before rendering the form: the options of the team, leverandør and målgruppe lists
        from one plain query each (id and label, `_VALGLISTER`: the fields' querysets, compiled
        once), instead of model instances through a server-side cursor (ModelChoiceIterator:
        DECLARE/FETCH/CLOSE per list). The same options and labels (`__str__` is `navn`,
        målgrupper show `display`); validation still uses the fields' querysets."""
        for name, valg in _VALGLISTER.items():
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField):
                field.widget.choices = [("", field.empty_label), *valg.rows()]  # type: ignore[attr-defined]

    def felter_html(self) -> SafeString:
        """The filter's fields (label, errors, widget) as templates/maaling/dashboard.html's
        `{% for field in form %}` wrote them (kept as the reference in
        tests/maaling/test_dashboard_html.py), with the lists' options from `choices_for_render`. The
        widgets render through BoundField as before (required, aria-invalid and ids included);
        only the loop around them is written here (issue 10)."""
        self.choices_for_render()
        parts = []
        for bound in self:
            errors = bound.errors
            fejl = "".join(f'<span class="form-error-message">{render_value_in_context(e, _CONTEXT)}</span>' for e in errors)
            parts.append(
                f'\n        <div class="form-group{" form-error" if errors else ""}">\n'
                f'          <label class="form-label" for="{render_value_in_context(bound.id_for_label, _CONTEXT)}">'
                f"{render_value_in_context(bound.label, _CONTEXT)}</label>\n"
                f"          {fejl}\n          {render_value_in_context(bound, _CONTEXT)}\n        </div>\n      "
            )
        return mark_safe("".join(parts))  # noqa: S308 - every value above went through conditional_escape

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        fra, til = data.get("fra"), data.get("til")
        if fra and til and fra > til:
            self.add_error("til", _("Slutdatoen skal ligge efter startdatoen."))
        if fra and til and (til - fra).days > 366 * 5:
            self.add_error("fra", _("Vælg en periode på højst 5 år."))
        return data

    def udsnit(self) -> Udsnit:
        """The cut from valid data (or the defaults when the form was not bound)."""
        data = self.cleaned_data if self.is_bound else {}
        fra, til = default_periode(self.today)
        lev = fixed_leverandoer_id(self.user) or (data["leverandoer"].pk if data.get("leverandoer") else None)
        return Udsnit(
            user=self.user, fra=data.get("fra") or fra, til=data.get("til") or til, today=self.today,
            team_id=data["team"].pk if data.get("team") else None, leverandoer_id=lev,
            maalgruppe_id=data["maalgruppe"].pk if data.get("maalgruppe") else None,
            aldersgruppe=data.get("aldersgruppe") or "", koen=data.get("koen") or "", niveau=niveau_for(self.user),
        )


def udsnit_from_request(params: Any, *, user: User, now: datetime | None = None) -> tuple[UdsnitForm, Udsnit | None]:
    """Parse GET parameters. Unbound (no parameters) → the defaults. Invalid → (form, None)."""
    today = timezone.localdate(now or timezone.now())
    bound = any(k in params for k in ("fra", "til", "team", "leverandoer", "maalgruppe", "aldersgruppe", "koen"))
    form = UdsnitForm(params if bound else None, user=user, today=today)
    if bound and not form.is_valid():
        return form, None
    return form, form.udsnit()

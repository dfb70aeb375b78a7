"""The cut (udsnit) every measure is computed on: period, team, leverandør, målgruppe, age group
and gender, applied on top of the viewer's scope (scope.py)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import Koen, Leverandoer, MyndighedTeam, Sag, User
from bostotte.core.widgets import PlainSelect
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


class UdsnitForm(forms.Form):
    fra = forms.DateField(label=_("Fra og med"), widget=forms.DateInput(attrs={"type": "date", "class": "form-input"}))
    til = forms.DateField(label=_("Til og med"), widget=forms.DateInput(attrs={"type": "date", "class": "form-input"}))
    team = forms.ModelChoiceField(label=_("Myndighedsteam"), queryset=MyndighedTeam.objects.none(), required=False,
                                  empty_label=_("Alle teams"), widget=PlainSelect(attrs={"class": "form-select"}))
    leverandoer = forms.ModelChoiceField(label=_("Leverandør"), queryset=Leverandoer.objects.none(), required=False,
                                         empty_label=_("Alle leverandører"), widget=PlainSelect(attrs={"class": "form-select"}))
    maalgruppe = forms.ModelChoiceField(label=_("Målgruppe"), queryset=Kode.objects.none(), required=False,
                                        empty_label=_("Alle målgrupper"), widget=PlainSelect(attrs={"class": "form-select"}))
    aldersgruppe = forms.ChoiceField(label=_("Aldersgruppe (ved periodens slut)"), required=False,
                                     choices=[("", _("Alle aldre"))] + [(k, k.replace("-", "–") + " år") for k in ALDERSGRUPPER],
                                     widget=PlainSelect(attrs={"class": "form-select"}))
    koen = forms.ChoiceField(label=_("Køn"), required=False, choices=[("", _("Alle"))] + list(Koen.choices),
                             widget=PlainSelect(attrs={"class": "form-select"}))

    def __init__(self, *args: Any, user: User, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today
        fra, til = default_periode(today)
        self.fields["fra"].initial = fra
        self.fields["til"].initial = til
        self.fields["team"].queryset = MyndighedTeam.objects.order_by("navn")
        self.fields["leverandoer"].queryset = Leverandoer.objects.order_by("navn")
        self.fields["maalgruppe"].queryset = Kode.objects.current().maalgrupper().order_by("display")
        self.fields["maalgruppe"].label_from_instance = lambda k: k.display  # type: ignore[attr-defined]
        if fixed_leverandoer_id(user):
            del self.fields["leverandoer"]

    def choices_for_render(self) -> None:
        """Before rendering the form: the options of the team, leverandør and målgruppe lists
        from one plain query each (id and label), instead of model instances through a
        server-side cursor (ModelChoiceIterator: DECLARE/FETCH/CLOSE per list). The same
        options and labels (`__str__` is `navn`, målgrupper show `display`); validation still
        uses the fields' querysets."""
        for name, label in (("team", "navn"), ("leverandoer", "navn"), ("maalgruppe", "display")):
            field = self.fields.get(name)
            if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
                field.widget.choices = [("", field.empty_label), *field.queryset.values_list("pk", label)]  # type: ignore[attr-defined]

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

"""Forms for the portal: few fields, plain Danish labels, radios for scales."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import SamtykkeOmfang

from .models import LIVSMOD_ITEMS, LIVSMOD_SVAR, WHO5_ITEMS, WHO5_SVAR, Besoegsanmodning

LIVSTILFREDSHED_CHOICES = [(str(n), str(n)) for n in range(11)]


class TrivselForm(forms.Form):
    """WHO-5 (all five required), life satisfaction and livsmod (may be skipped)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in WHO5_ITEMS:
            self.fields[f"who5_{key}"] = forms.TypedChoiceField(
                label=label, choices=[(str(v), t) for v, t in WHO5_SVAR], coerce=int,
                widget=forms.RadioSelect, error_messages={"required": _("Vælg et svar.")},
            )
        self.fields["livstilfredshed"] = forms.TypedChoiceField(
            label=_("Hvor tilfreds er du med dit liv lige nu?"),
            help_text=_("0 er slet ikke tilfreds. 10 er meget tilfreds."),
            choices=LIVSTILFREDSHED_CHOICES, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect,
        )
        for key, label in LIVSMOD_ITEMS:
            self.fields[f"livsmod_{key}"] = forms.TypedChoiceField(
                label=label, choices=[(str(v), t) for v, t in LIVSMOD_SVAR], coerce=int, empty_value=None,
                required=False, widget=forms.RadioSelect,
            )
        self.fields["bemaerkning"] = forms.CharField(
            label=_("Vil du fortælle mere?"), required=False, max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
        )

    def who5_fields(self) -> list[forms.BoundField]:
        return [self[f"who5_{key}"] for key, _label in WHO5_ITEMS]

    def livsmod_fields(self) -> list[forms.BoundField]:
        return [self[f"livsmod_{key}"] for key, _label in LIVSMOD_ITEMS]


class OmfangField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            label=_("Hvad må den pårørende?"), choices=SamtykkeOmfang.choices, widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Vælg mindst én ting, den pårørende må.")}, **kwargs,
        )


class PaaroerendeForm(forms.Form):
    navn = forms.CharField(
        label=_("Navn"), max_length=200, error_messages={"required": _("Skriv den pårørendes navn.")},
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )
    relation = forms.CharField(
        label=_("Hvem er personen for dig?"), help_text=_("Fx mor, bror, kæreste eller ven."), max_length=100,
        error_messages={"required": _("Skriv, hvem personen er for dig.")},
        widget=forms.TextInput(attrs={"class": "form-input", "autocomplete": "off"}),
    )
    telefon = forms.CharField(
        label=_("Telefon"), max_length=20, required=False,
        widget=forms.TextInput(attrs={"class": "form-input", "inputmode": "tel", "autocomplete": "off"}),
    )
    omfang = OmfangField()


class SamtykkeForm(forms.Form):
    omfang = OmfangField()


class BesoegsanmodningForm(forms.Form):
    art = forms.ChoiceField(
        label=_("Hvad vil du?"), choices=Besoegsanmodning.Art.choices, widget=forms.RadioSelect,
        error_messages={"required": _("Vælg, om du vil aflyse eller flytte besøget.")},
    )
    begrundelse = forms.CharField(
        label=_("Skriv kort hvorfor"), max_length=500,
        error_messages={"required": _("Skriv kort, hvorfor."), "max_length": _("Skriv højst 500 tegn.")},
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
    )
    oensket_tid = forms.CharField(
        label=_("Hvornår passer det dig bedre?"), help_text=_("Kun hvis du vil flytte besøget."), max_length=200,
        required=False, widget=forms.TextInput(attrs={"class": "form-input"}),
    )


class AnmodningHandleForm(forms.Form):
    svar = forms.CharField(
        label=_("Svar til borgeren"), help_text=_("Borgeren kan se svaret i borgerportalen."), max_length=500,
        required=False, widget=forms.TextInput(attrs={"class": "form-input"}),
    )


class KommentarForm(forms.Form):
    tekst = forms.CharField(
        label=_("Din kommentar"), max_length=2000, error_messages={"required": _("Skriv din kommentar.")},
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-input"}),
    )

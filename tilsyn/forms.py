from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from bostotte.ffb.models import Kode

from .models import JaNej, KontaktForm, Opfoelgning, Opgave, Tilsyn

DATE = forms.DateInput(attrs={"type": "date", "class": "form-input"})


def _kode_choices(qs: Any) -> list[tuple[str, str]]:
    return [("", _("Vælg"))] + [(str(k.pk), k.display) for k in qs]


class OpgaveLukForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Hvad er der sket?"),
        choices=[(Opgave.Status.UDFOERT, _("Udført")), (Opgave.Status.AFVIST, _("Afvist (skriv hvorfor)"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    begrundelse = forms.CharField(label=_("Begrundelse"), required=False, max_length=1000, widget=forms.TextInput(attrs={"class": "form-input"}))


class OpfoelgningForm(forms.Form):
    udfoert_on = forms.DateField(label=_("Dato for opfølgningen"), widget=DATE)
    form = forms.ChoiceField(label=_("Form"), choices=[("", _("Vælg")), *KontaktForm.choices], widget=forms.Select(attrs={"class": "form-select"}))
    deltagere = forms.CharField(label=_("Hvem deltog"), widget=forms.TextInput(attrs={"class": "form-input"}))
    borgers_vurdering = forms.CharField(label=_("Borgerens egen vurdering"), help_text=_("Med borgerens egne ord."), widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))
    statusrapport_tekst = forms.CharField(label=_("Leverandørens status"), required=False, widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))
    gas_score = forms.TypedChoiceField(
        label=_("Målopfyldelse (GAS)"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Ikke vurderet")), ("2", _("+2 meget mere end forventet")), ("1", _("+1 mere end forventet")), ("0", _("0 som forventet")), ("-1", _("−1 mindre end forventet")), ("-2", _("−2 meget mindre end forventet"))],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    stoettebehov = forms.ChoiceField(label=_("Nyt støttebehov"), widget=forms.Select(attrs={"class": "form-select"}))
    stoettebehov_begrundelse = forms.CharField(label=_("Begrundelse for støttebehov"), required=False, widget=forms.Textarea(attrs={"class": "form-input", "rows": 2}))
    resultat = forms.ChoiceField(label=_("Resultat"), choices=[("", _("Vælg")), *Opfoelgning.Resultat.choices], widget=forms.Select(attrs={"class": "form-select"}))
    naeste_opfoelgning_on = forms.DateField(label=_("Næste opfølgning"), required=False, widget=DATE, help_text=_("Når indsatsen fortsætter eller ændres inden for rammen."))
    ny_timer = forms.DecimalField(label=_("Nye timer inden for rammen"), required=False, max_digits=5, decimal_places=2, min_value=0, widget=forms.NumberInput(attrs={"class": "form-input", "step": "0.25"}), help_text=_("Kun ved 'ændres inden for rammen'. Højst de bevilgede timer."))
    begrundelse = forms.CharField(label=_("Begrundelse og aftaler"), required=False, widget=forms.Textarea(attrs={"class": "form-input", "rows": 3}))

    def __init__(self, *args: Any, undertemaer: list[Kode], niveau_choices: list[tuple[str, str]], stoettebehov_choices: list[tuple[str, str]], foer: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stoettebehov"].choices = stoettebehov_choices
        self.vurdering_names: list[str] = []
        for u in undertemaer:
            name = f"vurdering_{u.pk}"
            before = foer.get(u.pk)
            self.fields[name] = forms.ChoiceField(
                label=u.display, choices=niveau_choices, widget=forms.Select(attrs={"class": "form-select"}),
                help_text=_("Før: %(n)s") % {"n": before.display if before else _("ikke vurderet")},
            )
            self.vurdering_names.append(name)

    def vurdering_fields(self) -> list[Any]:
        return [self[n] for n in self.vurdering_names]


class TilsynForm(forms.ModelForm):
    class Meta:
        model = Tilsyn
        fields = [
            "udfoert_on", "form", "formaal_opfyldt", "borgers_beretning", "andre_behov", "sikkerhed_ok",
            "sikkerhed_bemaerkning", "paaroerende", "konklusion", "handling", "handling_beskrivelse",
        ]
        widgets = {
            "udfoert_on": DATE,
            "form": forms.Select(attrs={"class": "form-select"}),
            "formaal_opfyldt": forms.Select(attrs={"class": "form-select"}),
            "sikkerhed_ok": forms.Select(attrs={"class": "form-select"}),
            "paaroerende": forms.Select(attrs={"class": "form-select"}),
            "handling": forms.Select(attrs={"class": "form-select"}),
            "borgers_beretning": forms.Textarea(attrs={"class": "form-input", "rows": 3}),
            "andre_behov": forms.Textarea(attrs={"class": "form-input", "rows": 2}),
            "sikkerhed_bemaerkning": forms.Textarea(attrs={"class": "form-input", "rows": 2}),
            "konklusion": forms.Textarea(attrs={"class": "form-input", "rows": 3}),
            "handling_beskrivelse": forms.Textarea(attrs={"class": "form-input", "rows": 2}),
        }


__all__ = ["JaNej"]

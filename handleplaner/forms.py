from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delmaal, Evaluering, Handleplan, HandleplanVersion, Metode, Udarbejdet

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]


def _date(label: str, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-input"}, format="%Y-%m-%d"),
    )


def _text(label: str, required: bool = False, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, strip=True,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-input"}),
    )


class HandleplanTilbudForm(forms.Form):
    OMFATTET = [("ja", _("Ja – handleplanen skal tilbydes")), ("nej", _("Nej")), ("", _("Ikke vurderet endnu"))]
    omfattet_stk2 = forms.ChoiceField(
        label=_("Er borgeren omfattet af § 141, stk. 2?"), choices=OMFATTET, required=False, widget=forms.RadioSelect,
        help_text=_("De fleste borgere med § 85-støtte er omfattet."),
    )
    vurdering_begrundelse = _text(_("Begrundelse for vurderingen"), help_text=_("Skal udfyldes, hvis borgeren ikke er omfattet."))
    tilbudt_on = _date(_("Dato for tilbuddet"))
    tilbudt_maade = forms.ChoiceField(
        label=_("Hvordan blev handleplanen tilbudt"), required=False,
        choices=[("", _("Vælg")), *Handleplan.TilbudtMaade.choices], widget=forms.Select(attrs={"class": "form-select"}),
    )
    svar = forms.ChoiceField(
        label=_("Borgerens svar"), required=False, choices=[("", _("Ikke tilbudt endnu")), *Handleplan.Svar.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    svar_on = _date(_("Dato for svaret"))
    del_med_leverandoer = forms.BooleanField(
        label=_("Borgeren vil gerne have, at bostøtten kan læse handleplanen"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
        help_text=_("Formål, indsats og mål sendes altid til leverandøren i bestillingen. Behandling deles aldrig."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def omfattet_value(self) -> bool | None:
        return {"ja": True, "nej": False}.get(self.cleaned_data.get("omfattet_stk2") or "")

    @classmethod
    def initial_for(cls, plan: Handleplan) -> dict[str, object]:
        return {
            "omfattet_stk2": {True: "ja", False: "nej"}.get(plan.omfattet_stk2, ""),  # type: ignore[arg-type]
            "vurdering_begrundelse": plan.vurdering_begrundelse, "tilbudt_on": plan.tilbudt_on,
            "tilbudt_maade": plan.tilbudt_maade, "svar": plan.svar, "svar_on": plan.svar_on,
            "del_med_leverandoer": plan.del_med_leverandoer, "version": plan.version,
        }


class HandleplanVersionForm(forms.Form):
    formaal = _text(_("Formålet med støtten"), required=True, help_text=_("§ 141, stk. 3, nr. 1. Skriv så borgeren forstår det."))
    indsats = _text(_("Den støtte, der skal til"), required=True, help_text=_("§ 141, stk. 3, nr. 2."))
    varighed = forms.CharField(
        label=_("Hvor længe støtten forventes at vare"), max_length=300, help_text=_("§ 141, stk. 3, nr. 3."),
        widget=forms.TextInput(attrs={"class": "form-input"}),
    )
    bolig = _text(_("Bolig"), rows=2)
    arbejde_uddannelse = _text(_("Arbejde og uddannelse"), rows=2)
    behandling = _text(_("Behandling"), rows=2, help_text=_("Deles ikke med leverandøren."))
    hjaelpemidler = _text(_("Hjælpemidler"), rows=2)
    personlig_hjaelp = _text(_("Personlig hjælp"), rows=2)
    andet = _text(_("Andet, der er vigtigt"), rows=2)
    borgers_ord = _text(_("Med borgerens egne ord"), rows=4, help_text=_("Det borgeren selv vil sige om sin plan."))
    udarbejdet_med_borger = forms.BooleanField(
        label=_("Planen er skrevet sammen med borgeren"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    udarbejdet_hvordan = _text(_("Sådan har borgeren været med (eller hvorfor ikke)"), rows=2)
    aendringer = forms.CharField(
        label=_("Hvad er ændret"), max_length=300, required=False, widget=forms.TextInput(attrs={"class": "form-input"}),
        help_text=_("Kort, så borgeren kan se det. Kræves fra version 2."),
    )
    expected_nummer = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    @classmethod
    def initial_for(cls, version: HandleplanVersion | None) -> dict[str, object]:
        if version is None:
            return {"expected_nummer": 0, "udarbejdet_med_borger": True}
        data: dict[str, object] = {k: getattr(version, k) for k in HandleplanVersion.INDHOLD}
        data["expected_nummer"] = version.nummer
        return data


class KommentarForm(forms.Form):
    tekst = _text(_("Kommentar"), required=True, rows=3)


class PaedagogiskPlanForm(forms.Form):
    borger_tilbudt_forberedelse = forms.BooleanField(
        label=_("Borgeren har fået tilbudt tid til at forberede sig"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
    )
    forberedelse_on = _date(_("Hvornår fik borgeren tilbuddet"))
    udarbejdet = forms.ChoiceField(
        label=_("Hvordan er planen lavet"), choices=Udarbejdet.choices, required=False, widget=forms.RadioSelect,
    )
    borgers_ord = _text(_("Det vigtigste for borgeren, med egne ord"), rows=3)
    tilgang = _text(_("Den pædagogiske tilgang"), rows=3)
    expected_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class DelmaalForm(forms.Form):
    titel = forms.CharField(
        label=_("Delmål"), max_length=200, widget=forms.TextInput(attrs={"class": "form-input"}),
        help_text=_("Et lille, konkret skridt. Fx “Lave aftensmad to gange om ugen”."),
    )
    borgers_ord = _text(_("Med borgerens egne ord"), rows=3)
    metoder = forms.MultipleChoiceField(
        label=_("Metoder"), choices=Metode.choices, required=False, widget=forms.CheckboxSelectMultiple,
    )
    aktiviteter = _text(_("Planlagte aktiviteter"), rows=3)
    status = forms.ChoiceField(label=_("Status"), choices=Delmaal.Status.choices, required=False, widget=forms.Select(attrs={"class": "form-select"}))


class EvalueringForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Hvordan går det med målet"), coerce=int,
        choices=[(s.value, s.label) for s in reversed(Evaluering.Score)], widget=forms.RadioSelect,
    )
    note = _text(_("Bemærkning"), rows=2)

"""Forms: parse and clean input only; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import Leverandoer
from bostotte.ffb.models import Kode

from .models import (
    Afgoerelse,
    Bilag,
    Form,
    Henvendelse,
    Klage,
    Kvalitetsstandard,
    Lovgrundlag,
    SupplerendeKontakt,
    TimePeriode,
)

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label, required=required, help_text=help_text, input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class DkfdsMixin:
    """Put the DKFDS classes on every widget (no inline styles: CSP)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():  # type: ignore[attr-defined]
            w = field.widget
            if isinstance(w, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-checkbox")
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select")
            elif isinstance(w, forms.Textarea):
                w.attrs.setdefault("class", "form-input")
                w.attrs.setdefault("rows", 4)
            elif not isinstance(w, forms.FileInput):
                w.attrs.setdefault("class", "form-input")


class KodeLookup:
    """The codes of one queryset, read once and shared by several fields of a form.

    A form with a row of code fields per goal (BestillingForm) would otherwise run one
    `Kode.objects.get()` per filled-in field when it validates (an N+1)."""

    def __init__(self, queryset: Any) -> None:
        self.queryset = queryset
        self._by_pk: dict[str, Kode] | None = None

    def get(self, value: Any) -> Kode | None:
        if self._by_pk is None:
            self._by_pk = {str(k.pk): k for k in self.queryset}
        return self._by_pk.get(str(value))


class KodeChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, lookup: KodeLookup | None = None, **kwargs: Any) -> None:
        if lookup is not None:
            kwargs.setdefault("queryset", lookup.queryset)
        super().__init__(*args, **kwargs)
        self.lookup = lookup

    def label_from_instance(self, obj: Kode) -> str:  # type: ignore[override]
        return obj.display

    def to_python(self, value: Any) -> Kode | None:
        if self.lookup is None or value in self.empty_values:
            return super().to_python(value)  # type: ignore[no-any-return]
        kode = self.lookup.get(value.pk if isinstance(value, Kode) else value)
        if kode is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return kode


class KodeMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Kode) -> str:  # type: ignore[override]
        return obj.display


# --- Kvalitetsstandard -----------------------------------------------------------------------------
class KvalitetsstandardForm(DkfdsMixin, forms.ModelForm):
    former = forms.MultipleChoiceField(label=_("Former for støtte"), choices=Form.choices, widget=forms.CheckboxSelectMultiple)
    supplerende_kontakt = forms.MultipleChoiceField(
        label=_("Supplerende kontakt"), choices=SupplerendeKontakt.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    ydelser = KodeMultipleField(label=_("FFB-ydelser, der tilbydes"), queryset=Kode.objects.none(), required=False,
                                widget=forms.CheckboxSelectMultiple)
    gyldig_fra = date_field(_("Gælder fra"))

    class Meta:
        model = Kvalitetsstandard
        fields = [
            "titel", "gyldig_fra", "formaal", "maalgruppe_beskrivelse", "indhold", "visitationskriterier", "former",
            "supplerende_kontakt", "ydelser", "sagsbehandlingsfrist_ny_uger", "sagsbehandlingsfrist_aendring_uger",
            "revisitation_maaneder", "tilsyn_maaneder", "opfoelgning_maaneder", "handleplan_frist_dage",
            "bestilling_svar_frist_dage", "foerste_besoeg_frist_dage", "timer_tolerance_pct", "kraever_ledergodkendelse",
            "pause_ved_indlaeggelse", "forhoejet_ramme_uger", "forhoejet_ramme_pct", "udskrivning_opfoelgning_arbejdsdage",
            "kontakt",
        ]

    def __init__(self, *args: Any, lovgrundlag: str = "sel_85", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Kode.objects.ydelser_85() if lovgrundlag in ("sel_85", "sel_85a") else Kode.objects.ydelser(leaf_only=True)
        self.fields["ydelser"].queryset = qs  # type: ignore[attr-defined]


class KvalitetsstandardCreateForm(KvalitetsstandardForm):
    lovgrundlag = forms.ChoiceField(label=_("Lovgrundlag"), choices=Lovgrundlag.choices)

    class Meta(KvalitetsstandardForm.Meta):
        fields = ["lovgrundlag", *KvalitetsstandardForm.Meta.fields]


# --- Henvendelse -------------------------------------------------------------------------------------
class HenvendelseForm(DkfdsMixin, forms.Form):
    modtaget_on = date_field(_("Modtaget"), help_text=_("Sagsbehandlingsfristen regnes fra denne dato."))
    kilde = forms.ChoiceField(label=_("Hvor kommer henvendelsen fra"), choices=Henvendelse.Kilde.choices)
    art = forms.ChoiceField(label=_("Art"), choices=Henvendelse.Art.choices)
    lovgrundlag = forms.ChoiceField(label=_("Der søges om støtte efter"), choices=Lovgrundlag.choices)
    er_ansoegning = forms.BooleanField(
        label=_("Det er en ansøgning fra borgeren (sagsbehandlingsfristen løber)"), required=False, initial=True
    )
    borgers_ord = forms.CharField(label=_("Borgerens egne ord om ønsker og mål"), widget=forms.Textarea)
    samtykke_indhentning = forms.BooleanField(label=_("Borgeren har givet samtykke til, at vi indhenter oplysninger"), required=False)
    samtykke_givet_on = date_field(_("Samtykket blev givet"), required=False, help_text=_("Lad feltet stå tomt, hvis det var samme dag."))


class HenvendelseCprForm(HenvendelseForm):
    cpr = forms.CharField(label=_("CPR-nummer"), max_length=11, widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))
    fornavn = forms.CharField(label=_("Fornavn"), max_length=100, required=False, help_text=_("Kun for en ny borger."))
    efternavn = forms.CharField(label=_("Efternavn"), max_length=100, required=False, help_text=_("Kun for en ny borger."))
    adresse = forms.CharField(label=_("Adresse"), max_length=200, required=False)
    postnummer = forms.CharField(label=_("Postnummer"), max_length=4, required=False)
    by = forms.CharField(label=_("By"), max_length=100, required=False)
    telefon = forms.CharField(label=_("Telefon"), max_length=20, required=False)

    field_order = ["cpr", "fornavn", "efternavn", "adresse", "postnummer", "by", "telefon"]


class UnderretningForm(DkfdsMixin, forms.Form):
    begrundelse = forms.CharField(label=_("Hvorfor kan fristen ikke holdes"), widget=forms.Textarea)
    forventet_afgoerelse_on = date_field(_("Forventet afgørelse senest"))
    sendt_on = date_field(_("Underretningen er sendt"), required=False, help_text=_("Lad feltet stå tomt, hvis den sendes i dag."))


# --- Udredning -----------------------------------------------------------------------------------------
class UdredningForm(DkfdsMixin, forms.Form):
    """One description/source (and level on Aktivitet og deltagelse) per undertema, plus the
    citizen's goals and own view and the overall støttebehov. Built from the FFB tables."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    borgers_maal_og_oensker = forms.CharField(label=_("Borgerens mål og ønsker"), widget=forms.Textarea, required=False)
    borgers_vurdering = forms.CharField(
        label=_("Borgerens egen vurdering af sin situation"), widget=forms.Textarea, required=False,
        help_text=_("Skal udfyldes, før udredningen kan afsluttes."),
    )
    stoettebehov = KodeChoiceField(label=_("Samlet støttebehov"), queryset=Kode.objects.none(), required=False)
    stoettebehov_begrundelse = forms.CharField(label=_("Begrundelse for støttebehovet"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, undertemaer: list[Kode], kilder: list[Kode], niveauer: list[Kode], **kwargs: Any) -> None:
        self.undertemaer = undertemaer
        super().__init__(*args, **kwargs)
        self.fields["stoettebehov"].queryset = Kode.objects.stoettebehov()  # type: ignore[attr-defined]
        kilde_choices = [("", _("Vælg kilde")), *[(k.pk, k.display) for k in kilder]]
        niveau_choices = [("", _("Ikke vurderet endnu")), *[(k.pk, k.display) for k in niveauer]]
        for u in undertemaer:
            self.fields[f"b_{u.pk}"] = forms.CharField(label=_("Beskrivelse"), widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}), required=False)
            self.fields[f"k_{u.pk}"] = forms.TypedChoiceField(label=_("Kilde til oplysningerne"), choices=kilde_choices, coerce=int, empty_value=None, required=False,
                                                               widget=forms.Select(attrs={"class": "form-select"}))
            if u.kraever_funktionsevneniveau:
                self.fields[f"n_{u.pk}"] = forms.TypedChoiceField(label=_("Funktionsevneniveau"), choices=niveau_choices, coerce=int, empty_value=None, required=False,
                                                                   widget=forms.Select(attrs={"class": "form-select"}))

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for u in self.undertemaer:
            out.append({"undertema": u, "b": self[f"b_{u.pk}"], "k": self[f"k_{u.pk}"],
                        "n": self[f"n_{u.pk}"] if u.kraever_funktionsevneniveau else None})
        return out


class BilagForm(DkfdsMixin, forms.Form):
    titel = forms.CharField(label=_("Titel"), max_length=200)
    art = forms.ChoiceField(label=_("Slags bilag"), choices=Bilag.Art.choices)
    fil = forms.FileField(label=_("Fil (PDF, PNG eller JPEG, højst 10 MB)"))


# --- Afgørelse ---------------------------------------------------------------------------------------------
class AfgoerelseCreateForm(DkfdsMixin, forms.Form):
    resultat = forms.ChoiceField(label=_("Hvad skal afgørelsen gå ud på"), choices=Afgoerelse.Resultat.choices)


class AfgoerelseForm(DkfdsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    resultat = forms.ChoiceField(label=_("Resultat"), choices=Afgoerelse.Resultat.choices)
    maalgruppe = KodeChoiceField(label=_("Primær målgruppe"), queryset=Kode.objects.none(), required=False)
    maalgrupper_sekundaere = KodeMultipleField(label=_("Sekundære målgrupper"), queryset=Kode.objects.none(), required=False,
                                               widget=forms.SelectMultiple(attrs={"size": 6}))
    timer = forms.DecimalField(label=_("Timer"), max_digits=5, decimal_places=2, required=False, min_value=0)
    timer_periode = forms.ChoiceField(label=_("Timer pr."), choices=[("", _("Vælg")), *TimePeriode.choices], required=False)
    ydelser = KodeMultipleField(label=_("Ydelser"), queryset=Kode.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    form = forms.ChoiceField(label=_("Form"), choices=[("", _("Vælg")), *Form.choices], required=False)
    supplerende_kontakt = forms.MultipleChoiceField(label=_("Supplerende kontakt"), choices=SupplerendeKontakt.choices, required=False,
                                                    widget=forms.CheckboxSelectMultiple)
    starts_on = date_field(_("Startdato"), required=False)
    ends_on = date_field(_("Slutdato"), required=False, help_text=_("Lad feltet stå tomt, hvis støtten gives indtil videre."))
    revisitation_maaneder = forms.IntegerField(label=_("Revisitation hver (måneder)"), required=False, min_value=1, max_value=36)
    tilsyn_maaneder = forms.IntegerField(label=_("Personrelateret tilsyn hver (måneder)"), required=False, min_value=1, max_value=36)
    forhoejet_timer = forms.DecimalField(label=_("Forhøjet ramme efter udskrivning (timer)"), max_digits=5, decimal_places=2, required=False, min_value=0)
    forhoejet_uger = forms.IntegerField(label=_("Forhøjet ramme i (uger)"), required=False, min_value=1, max_value=52)
    fuldt_medhold = forms.BooleanField(label=_("Borgeren får fuldt medhold (så kræves ingen begrundelse)"), required=False)
    begrundelse_regler = forms.CharField(label=_("De regler, afgørelsen bygger på"), widget=forms.Textarea, required=False)
    begrundelse_hovedhensyn = forms.CharField(label=_("De hovedhensyn, der er lagt vægt på"), widget=forms.Textarea, required=False)
    begrundelse_fakta = forms.CharField(label=_("De oplysninger, der er lagt vægt på"), widget=forms.Textarea, required=False)
    partshoering = forms.ChoiceField(label=_("Partshøring"), choices=[("", _("Vælg")), *Afgoerelse.Partshoering.choices], required=False)
    partshoering_sendt_on = date_field(_("Partshøring sendt"), required=False)
    partshoering_svar_on = date_field(_("Svar på partshøring"), required=False)
    partshoering_ikke_begrundelse = forms.CharField(label=_("Hvorfor partshøring ikke er nødvendig"), widget=forms.Textarea, required=False)
    klagevejledning = forms.CharField(label=_("Klagevejledning"), widget=forms.Textarea(attrs={"rows": 8}), required=False)

    def __init__(self, *args: Any, afgoerelse: Afgoerelse, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["maalgruppe"].queryset = Kode.objects.maalgrupper()  # type: ignore[attr-defined]
        self.fields["maalgrupper_sekundaere"].queryset = Kode.objects.maalgrupper()  # type: ignore[attr-defined]
        self.fields["ydelser"].queryset = afgoerelse.kvalitetsstandard.ydelser.order_by("path")  # type: ignore[attr-defined]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version")
        for name in ("timer_periode", "form", "partshoering"):
            data[name] = data.get(name) or ""
        return data

    @classmethod
    def initial_for(cls, afg: Afgoerelse) -> dict[str, Any]:
        names = [n for n in cls.base_fields if n not in ("ydelser", "maalgrupper_sekundaere")]
        initial = {n: getattr(afg, n) for n in names}
        initial["ydelser"] = list(afg.ydelser.all())
        initial["maalgrupper_sekundaere"] = list(afg.maalgrupper_sekundaere.all())
        return initial


class KommentarForm(DkfdsMixin, forms.Form):
    kommentar = forms.CharField(label=_("Kommentar til sagsbehandleren"), widget=forms.Textarea)


# --- Bestilling ----------------------------------------------------------------------------------------------
MAAL_ANTAL = 3


class BestillingForm(DkfdsMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    leverandoer = forms.ModelChoiceField(label=_("Leverandør"), queryset=Leverandoer.objects.order_by("navn"))
    indsatsformaal = forms.CharField(label=_("Indsatsformål"), widget=forms.Textarea)
    starts_on = date_field(_("Startdato"))
    ends_on = date_field(_("Slutdato"), required=False)
    timer = forms.DecimalField(label=_("Timer"), max_digits=5, decimal_places=2, required=False, min_value=0)
    timer_periode = forms.ChoiceField(label=_("Timer pr."), choices=[("", _("Vælg")), *TimePeriode.choices], required=False)
    ydelser = KodeMultipleField(label=_("Ydelser"), queryset=Kode.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    borgers_oensker = forms.CharField(label=_("Borgerens ønsker til bostøtten"), widget=forms.Textarea, required=False)
    praktisk = forms.CharField(label=_("Praktiske oplysninger"), widget=forms.Textarea, required=False)
    delte_tilstande = forms.ModelMultipleChoiceField(label=_("Dele af udredningen, som leverandøren må se"), queryset=Kode.objects.none(),
                                                     required=False, widget=forms.CheckboxSelectMultiple)
    del_borgers_maal = forms.BooleanField(label=_("Del borgerens mål og ønsker med leverandøren"), required=False)

    def __init__(self, *args: Any, afgoerelse: Afgoerelse, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ydelser"].queryset = afgoerelse.ydelser.order_by("path")  # type: ignore[attr-defined]
        tilstande = afgoerelse.udredning.tilstande.select_related("undertema") if afgoerelse.udredning else Kode.objects.none()
        f = self.fields["delte_tilstande"]
        f.queryset = tilstande  # type: ignore[attr-defined]
        f.label_from_instance = lambda t: f"{t.undertema.display}: {t.beskrivelse[:80]}"  # type: ignore[attr-defined]
        # One read per code list for all MAAL_ANTAL rows (not one get() per filled-in field).
        ad = KodeLookup(Kode.objects.aktivitet_deltagelse_undertemaer())
        maaltyper = KodeLookup(Kode.objects.maaltyper())
        niveauer = KodeLookup(Kode.objects.funktionsevneniveauer(include_ikke_vurderet=False))
        self.fields["leverandoer"].label_from_instance = lambda lev: lev.navn  # type: ignore[attr-defined]
        for i in range(1, MAAL_ANTAL + 1):
            req = False
            self.fields[f"m{i}_undertema"] = KodeChoiceField(label=_("Undertema (Aktivitet og deltagelse)"), lookup=ad, required=req,
                                                             widget=forms.Select(attrs={"class": "form-select"}))
            self.fields[f"m{i}_beskrivelse"] = forms.CharField(label=_("Mål"), required=req, widget=forms.Textarea(attrs={"rows": 2, "class": "form-input"}))
            self.fields[f"m{i}_maaltype"] = KodeChoiceField(label=_("Måltype"), lookup=maaltyper, required=False,
                                                            widget=forms.Select(attrs={"class": "form-select"}))
            self.fields[f"m{i}_niveau"] = KodeChoiceField(label=_("eller forventet funktionsevneniveau"), lookup=niveauer, required=False,
                                                          widget=forms.Select(attrs={"class": "form-select"}))
            self.fields[f"m{i}_opfoelgning_on"] = date_field(_("Opfølgning senest"), required=False,
                                                             help_text=_("Lad feltet stå tomt for kvalitetsstandardens standard."))

    def maal_rows(self) -> list[dict[str, Any]]:
        return [{"i": i, **{k: self[f"m{i}_{k}"] for k in ("undertema", "beskrivelse", "maaltype", "niveau", "opfoelgning_on")}}
                for i in range(1, MAAL_ANTAL + 1)]

    def indsatsmaal(self) -> list[Any]:
        from .services import IndsatsmaalInput  # noqa: PLC0415

        out = []
        for i in range(1, MAAL_ANTAL + 1):
            d = self.cleaned_data
            if d.get(f"m{i}_undertema") is None and not (d.get(f"m{i}_beskrivelse") or "").strip():
                continue
            if d.get(f"m{i}_undertema") is None:
                self.add_error(f"m{i}_undertema", _("Vælg et undertema for målet."))
                continue
            out.append(IndsatsmaalInput(undertema=d[f"m{i}_undertema"], beskrivelse=d.get(f"m{i}_beskrivelse") or "",
                                        maaltype=d.get(f"m{i}_maaltype"), forventet_niveau=d.get(f"m{i}_niveau"),
                                        opfoelgning_on=d.get(f"m{i}_opfoelgning_on")))
        return out

    def service_fields(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "leverandoer": d["leverandoer"], "indsatsformaal": d["indsatsformaal"], "starts_on": d["starts_on"],
            "ends_on": d.get("ends_on"), "timer": d.get("timer"), "timer_periode": d.get("timer_periode") or "",
            "ydelser": list(d.get("ydelser") or []), "borgers_oensker": d.get("borgers_oensker") or "",
            "praktisk": d.get("praktisk") or "", "delte_tilstande": list(d.get("delte_tilstande") or []),
            "del_borgers_maal": d.get("del_borgers_maal", False),
        }


class TilbagekaldForm(DkfdsMixin, forms.Form):
    begrundelse = forms.CharField(label=_("Hvorfor tilbagekaldes bestillingen"), widget=forms.Textarea)


# --- Klage -------------------------------------------------------------------------------------------------
class KlageForm(DkfdsMixin, forms.Form):
    modtaget_on = date_field(_("Klagen er modtaget"))
    form = forms.ChoiceField(label=_("Klagen er"), choices=Klage.Form.choices, widget=forms.RadioSelect)
    beskrivelse = forms.CharField(label=_("Hvad klager borgeren over"), widget=forms.Textarea)


class GenvurderingForm(DkfdsMixin, forms.Form):
    genvurdering = forms.ChoiceField(label=_("Resultat af genvurderingen"), choices=Klage.Genvurdering.choices, widget=forms.RadioSelect)
    begrundelse = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea)
    genvurderet_on = date_field(_("Genvurderet"))


class AnkeSendtForm(DkfdsMixin, forms.Form):
    sendt_on = date_field(_("Sendt til Ankestyrelsen"))


class AnkeResultatForm(DkfdsMixin, forms.Form):
    resultat = forms.ChoiceField(label=_("Ankestyrelsens afgørelse"), choices=Klage.AnkeResultat.choices)
    resultat_on = date_field(_("Modtaget"))

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bostotte.core.widgets import PlainSelect
from bostotte.ffb.models import Kode
from handleplaner.models import Delmaal

from .models import BesoegStatus, Kontaktform

DATE = {"widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), "input_formats": ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"]}
class StyledForm(forms.Form):
    """Adds the DKFDS classes to every widget (no inline styles)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.style()

    def style(self) -> None:
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.CheckboxInput, forms.HiddenInput)):
                continue
            css = "form-select" if isinstance(w, forms.Select) else "form-input"
            w.attrs["class"] = (w.attrs.get("class", "") + " " + css).strip()


TIME = {"widget": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"), "input_formats": ["%H:%M", "%H.%M"]}


class DeclineForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    begrundelse = forms.CharField(label=_("Begrundelse for afvisningen"), widget=forms.Textarea(attrs={"rows": 4}))


class AcceptForm(StyledForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class TildelingForm(StyledForm):
    medarbejder = forms.ModelChoiceField(label=_("Bostøttemedarbejder"), queryset=None)  # type: ignore[arg-type]
    er_primaer = forms.BooleanField(label=_("Primær bostøtte"), required=False, initial=True)
    starts_on = forms.DateField(label=_("Fra"), **DATE)  # type: ignore[arg-type]
    ends_on = forms.DateField(label=_("Til og med"), required=False, **DATE)  # type: ignore[arg-type]
    skift = forms.BooleanField(label=_("Skift den nuværende primære bostøtte fra denne dato (historikken bevares)"), required=False)

    def __init__(self, *args: object, staff: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["medarbejder"].queryset = staff  # type: ignore[attr-defined]
        self.fields["medarbejder"].label_from_instance = lambda u: u.visningsnavn  # type: ignore[attr-defined]


class TildelingEndForm(StyledForm):
    ends_on = forms.DateField(label=_("Sidste dag"), **DATE)  # type: ignore[arg-type]


class BesoegForm(StyledForm):
    """The quick log form (under 30 seconds on a phone)."""

    dato = forms.DateField(label=_("Dato"), **DATE)  # type: ignore[arg-type]
    start = forms.TimeField(label=_("Start"), **TIME)  # type: ignore[arg-type]
    # The end time is prefilled ("now"), so a duration the user types must win over it; the
    # `data-clears` attributes let static/js/app.js empty the other field as soon as one is typed in.
    slut = forms.TimeField(label=_("Slut"), required=False, widget=forms.TimeInput(attrs={"type": "time", "data-clears": "minutter"}, format="%H:%M"),
                           input_formats=TIME["input_formats"])
    minutter = forms.IntegerField(
        label=_("eller varighed (minutter)"), required=False, min_value=1, max_value=720,
        help_text=_("Skriver du en varighed, bruges den i stedet for sluttidspunktet."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-clears": "slut"}),
    )
    kontaktform = forms.ChoiceField(label=_("Kontaktform"), choices=[c for c in Kontaktform.choices if c[0] != "gruppe"], widget=forms.RadioSelect)
    status = forms.ChoiceField(label=_("Hvordan gik det"), choices=BesoegStatus.choices, widget=forms.RadioSelect, initial="gennemfoert")
    planlagt = forms.TypedChoiceField(label=_("Var besøget planlagt?"), choices=[("1", _("Planlagt")), ("0", _("Ikke planlagt"))], coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    delmaal = forms.ModelMultipleChoiceField(label=_("Delmål arbejdet med"), queryset=Delmaal.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    ydelser = forms.ModelMultipleChoiceField(label=_("Ydelser"), queryset=Kode.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Kort note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    # ~30 undertemaer: written in Python, not one template include per option (issue 10).
    note_undertema = forms.ModelChoiceField(
        label=_("Noten hører under (FFB-undertema)"), queryset=Kode.objects.none(), required=False, widget=PlainSelect
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: object, bestilling_ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["delmaal"].queryset = Delmaal.objects.filter(plan__bestilling_id__in=bestilling_ids, status="aktiv").order_by("raekkefoelge", "id")  # type: ignore[attr-defined]
        self.fields["ydelser"].queryset = Kode.objects.ydelser_85()  # type: ignore[attr-defined]
        self.fields["ydelser"].label_from_instance = lambda k: k.display  # type: ignore[attr-defined]
        self.fields["note_undertema"].queryset = Kode.objects.undertemaer()  # type: ignore[attr-defined]
        self.fields["note_undertema"].label_from_instance = lambda k: k.display  # type: ignore[attr-defined]
        self.fields["delmaal"].label_from_instance = lambda d: d.titel  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if self.errors:
            return data
        start = timezone.make_aware(datetime.combine(data["dato"], data["start"]))
        # A duration wins over the end time: the end time may be the form's prefilled default or
        # the one refused a moment ago, while a duration is always something the user typed.
        if data.get("minutter"):
            end, field = start + timedelta(minutes=data["minutter"]), "minutter"
        elif data.get("slut"):
            end, field = timezone.make_aware(datetime.combine(data["dato"], data["slut"])), "slut"
        else:
            raise forms.ValidationError({"slut": _("Angiv sluttidspunkt eller varighed.")})
        if end <= start:
            # Next to the field that was used (the service says the same as a general error).
            raise forms.ValidationError({field: _("Sluttidspunktet skal være efter starttidspunktet.")})
        data["starts_at"], data["ends_at"] = start, end
        return data

    def service_kwargs(self) -> dict[str, object]:
        d = self.cleaned_data
        return {
            "starts_at": d["starts_at"], "ends_at": d["ends_at"], "kontaktform": d["kontaktform"], "status": d["status"],
            "planlagt": d["planlagt"], "delmaal": list(d["delmaal"]), "ydelser": list(d["ydelser"]), "note": d["note"],
            "note_undertema": d["note_undertema"],
        }


class SerieForm(StyledForm):
    dato = forms.DateField(label=_("Første besøg"), **DATE)  # type: ignore[arg-type]
    start = forms.TimeField(label=_("Klokken"), **TIME)  # type: ignore[arg-type]
    varighed_min = forms.IntegerField(label=_("Varighed (minutter)"), min_value=5, max_value=720, initial=60)
    kontaktform = forms.ChoiceField(label=_("Kontaktform"), choices=[c for c in Kontaktform.choices if c[0] != "gruppe"])
    interval_uger = forms.TypedChoiceField(label=_("Gentag"), choices=[("1", _("Hver uge")), ("2", _("Hver anden uge"))], coerce=int)
    antal = forms.IntegerField(label=_("Antal gange"), required=False, min_value=1, max_value=104)
    til_og_med = forms.DateField(label=_("eller til og med"), required=False, **DATE)  # type: ignore[arg-type]

    def foerste_starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.cleaned_data["dato"], self.cleaned_data["start"]))


class GruppesessionForm(StyledForm):
    titel = forms.CharField(label=_("Titel"), max_length=200)
    sted = forms.CharField(label=_("Sted"), max_length=200, required=False)
    dato = forms.DateField(label=_("Dato"), **DATE)  # type: ignore[arg-type]
    start = forms.TimeField(label=_("Start"), **TIME)  # type: ignore[arg-type]
    slut = forms.TimeField(label=_("Slut"), **TIME)  # type: ignore[arg-type]
    note = forms.CharField(label=_("Kort note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note_undertema = forms.ModelChoiceField(label=_("Noten hører under (FFB-undertema)"), queryset=Kode.objects.none(), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["note_undertema"].queryset = Kode.objects.undertemaer()  # type: ignore[attr-defined]
        self.fields["note_undertema"].label_from_instance = lambda k: k.display  # type: ignore[attr-defined]

    def times(self) -> tuple[datetime, datetime]:
        d = self.cleaned_data
        return (timezone.make_aware(datetime.combine(d["dato"], d["start"])), timezone.make_aware(datetime.combine(d["dato"], d["slut"])))


class IndlaeggelseForm(StyledForm):
    indlagt_on = forms.DateField(label=_("Indlagt"), **DATE)  # type: ignore[arg-type]
    pause = forms.TypedChoiceField(label=_("Støtten under indlæggelsen"), choices=[("1", _("Holder pause")), ("0", _("Fortsætter"))], coerce=lambda v: v == "1", widget=forms.RadioSelect)
    pause_begrundelse = forms.CharField(label=_("Begrundelse, hvis I afviger fra kvalitetsstandarden"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    bemaerkning = forms.CharField(label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class UdskrivForm(StyledForm):
    udskrevet_on = forms.DateField(label=_("Udskrevet"), **DATE)  # type: ignore[arg-type]


class StatusrapportForm(StyledForm):
    periode_fra = forms.DateField(label=_("Perioden fra"), **DATE)  # type: ignore[arg-type]
    periode_til = forms.DateField(label=_("Perioden til"), **DATE)  # type: ignore[arg-type]
    hvad_virkede = forms.CharField(label=_("Hvad har virket"), widget=forms.Textarea(attrs={"rows": 4}))
    borgers_perspektiv = forms.CharField(label=_("Borgerens egen vurdering"), widget=forms.Textarea(attrs={"rows": 4}))
    samlet_vurdering = forms.CharField(label=_("Samlet vurdering og anbefaling"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: object, delmaal: list[Delmaal], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.delmaal = delmaal
        for d in delmaal:
            self.fields[f"delmaal_{d.pk}"] = forms.CharField(label=_("Fremskridt: %(t)s") % {"t": d.titel}, required=False, widget=forms.Textarea(attrs={"rows": 2}))
        self.style()

    def fremskridt(self) -> dict[Delmaal, str]:
        return {d: self.cleaned_data.get(f"delmaal_{d.pk}", "") for d in self.delmaal}

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MYNDIGHED_ROLLER, Journalnotat, Sag, User


class JournalnotatForm(forms.Form):
    art = forms.ChoiceField(label=_("Hvad drejer notatet sig om"), choices=Journalnotat.Art.choices)
    emne = forms.CharField(label=_("Emne"), max_length=200)
    tekst = forms.CharField(label=_("Notat"), widget=forms.Textarea(attrs={"rows": 5}))
    haendelse_at = forms.DateTimeField(
        label=_("Hvornår skete det"),
        required=False,
        help_text=_("Lad feltet stå tomt, hvis det er nu."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M", "%d-%m-%Y %H:%M"],
    )


class KorrektionForm(forms.Form):
    tekst = forms.CharField(label=_("Rettelse"), widget=forms.Textarea(attrs={"rows": 4}))


class CprSoegForm(forms.Form):
    cpr = forms.CharField(label=_("CPR-nummer"), max_length=11, widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}))


class AdgangForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Medarbejder"), queryset=User.objects.none())
    udloeber_on = forms.DateField(
        label=_("Adgang til og med"),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"],
    )
    begrundelse = forms.CharField(label=_("Begrundelse"), max_length=300)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(rolle__in=MYNDIGHED_ROLLER, is_active=True).order_by("first_name", "last_name")
        )
        self.fields["user"].label_from_instance = lambda u: u.visningsnavn  # type: ignore[attr-defined]

    def udloeber_at(self) -> object:
        day = self.cleaned_data["udloeber_on"]
        start_next = timezone.make_aware(
            timezone.datetime.combine(day + timedelta(days=1), timezone.datetime.min.time())
        )
        return start_next


class BevaringForm(forms.Form):
    """A leader marks a case to be kept (never deleted by the retention run), or lifts the mark."""

    bevares = forms.TypedChoiceField(
        label=_("Beslutning"),
        choices=[("1", _("Sagen skal bevares")), ("0", _("Ophæv bevaring"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    grund = forms.ChoiceField(
        label=_("Grund"), choices=[("", "—"), *[(v, label) for v, label in Sag.BevaringGrund.choices if v]], required=False
    )
    begrundelse = forms.CharField(label=_("Begrundelse"), max_length=300)

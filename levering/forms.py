from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from html import escape as _escape
from typing import Any, NamedTuple, cast

from django import forms
from django.db.models import CharField, F, IntegerField, QuerySet, Value
from django.forms.utils import pretty_name
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from bostotte.core.sql import FixedSql
from bostotte.core.widgets import (
    PlainDateInput,
    PlainHiddenInput,
    PlainNumberInput,
    PlainSelect,
    PlainTextarea,
    PlainTimeInput,
    attrs_html,
)
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


@cache
def _ydelser_85() -> QuerySet[Kode]:
    """Built once per process (a lazy queryset, never evaluated itself: the field clones it)."""
    return Kode.objects.ydelser_85()


@cache
def _undertemaer() -> QuerySet[Kode]:
    return Kode.objects.undertemaer()


def _e(value: Any) -> str:
    """`conditional_escape` for the form's texts: a plain `str` through the stdlib's
    `html.escape`, which is what `django.utils.html.escape` does to a `str` (without its checks
    for lazy and safe strings; see bostotte/core/sag_html.py); anything else (a lazy
    translation, a safe string) through `conditional_escape` itself."""
    return _escape(value) if type(value) is str else conditional_escape(value)


def _errors(field: forms.BoundField) -> list[str]:
    """The field's error messages, as `{% for error in field.errors %}` gives them."""
    return cast(list[str], list(field.errors))


def _fieldset_html(
    auto_id: str, label: Any, name: str, *, errors: Sequence[Any], selected: set[str], choices: Sequence[tuple[Any, Any]], checkbox: bool
) -> SafeString:
    """templates/levering/_radio.html (`checkbox=False`) or _checks.html, written in Python:
    checked state worked out as the widgets do (ChoiceWidget.optgroups: a radio list checks only
    its first match); values and labels escaped like `{{ }}` does."""
    parts = [
        f'<fieldset class="form-group{" form-error" if errors else ""}" id="{_e(auto_id)}">\n'
        f'  <legend class="form-label">{_e(label)}'
        + (f' <span class="weight-normal">({_e(gettext("valgfrit"))})</span>' if checkbox else "")
        + "</legend>\n  "
    ]
    if errors:
        fejl = _e(gettext("Fejl:"))
        parts.extend(f'<span class="form-error-message"><span class="sr-only">{fejl}</span> {_e(e)}</span>' for e in errors)
    parts.append('\n  <ul class="nobullet-list lev-choices">\n  ')
    kind, css, li = ("checkbox", "form-checkbox", "form-group-checkbox") if checkbox else ("radio", "form-radio", "form-group-radio")
    name = _e(name)
    id_prefix = _e(auto_id)
    has_selected = False
    for index, (value, choice_label) in enumerate(choices):
        text = str(value)
        checked = (checkbox or not has_selected) and text in selected
        has_selected |= checked
        parts.append(
            f'\n    <li class="{li}"><input class="{css}" type="{kind}" name="{name}" value="{_e(text)}" '
            f'id="{id_prefix}_{index}"{" checked" if checked else ""}><label for="{id_prefix}_{index}">{_e(choice_label)}</label></li>\n  '
        )
    if not choices and checkbox:
        parts.append(f"<li>{_e(gettext('Ingen at vælge endnu.'))}</li>\n  ")
    parts.append("\n  </ul>\n</fieldset>\n")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through _e (conditional_escape)


def choice_fieldset(field: forms.BoundField, choices: Sequence[tuple[Any, Any]], *, checkbox: bool) -> SafeString:
    """templates/levering/_radio.html or _checks.html for a bound field (ids, checked state and
    errors from the BoundField). `choices` are (value, label) pairs. The form page shows five
    such lists, and through the widget templates they cost more than the rest of the page
    (issue 10)."""
    selected = set(field.field.widget.format_value(field.value()))
    return _fieldset_html(field.auto_id, field.label, field.html_name, errors=_errors(field), selected=selected, choices=choices, checkbox=checkbox)


def field_div(field: forms.BoundField) -> SafeString:
    """templates/includes/field.html written in Python: label (with "valgfrit"), hint, errors
    and the widget, the same HTML."""
    id_for_label = conditional_escape(field.id_for_label)
    valgfrit = "" if field.field.required else f' <span class="weight-normal">({conditional_escape(gettext("valgfrit"))})</span>'
    hint = f'<span class="form-hint" id="{id_for_label}-hint">{conditional_escape(field.help_text)}</span>' if field.help_text else ""
    fejl = conditional_escape(gettext("Fejl:"))
    errors = "".join(
        f'<span class="form-error-message" id="{id_for_label}-error"><span class="sr-only">{fejl}</span> {conditional_escape(e)}</span>'
        for e in _errors(field)
    )
    return mark_safe(  # noqa: S308 - every value went through conditional_escape; the widget's HTML is safe
        f'<div class="form-group{" form-error" if field.errors else ""}">\n'
        f'  <label class="form-label" for="{id_for_label}">{conditional_escape(field.label)}{valgfrit}</label>\n'
        f"  {hint}\n  {errors}\n  {field}\n</div>\n"  # `{{ field }}`: the widget's HTML (safe)
    )


class _FieldsHtml:
    """`{{ form.html.dato }}` for a bound form (a POST with errors): a field of the visit form
    as HTML, the same as the page's includes printed: includes/field.html (`field_div`),
    levering/_radio.html and _checks.html (`choice_fieldset`), through the BoundFields."""

    def __init__(self, form: BesoegForm) -> None:
        self._form = form

    def __getitem__(self, name: str) -> SafeString:
        form = self._form
        if name in ("delmaal", "ydelser"):
            return choice_fieldset(form[name], form.valg[name], checkbox=True)
        if name in ("status", "kontaktform", "planlagt"):
            return choice_fieldset(form[name], form.fields[name].choices, checkbox=False)  # type: ignore[attr-defined]
        if name == "version":
            return mark_safe(str(form[name]))  # noqa: S308 - `{{ form.version }}`: the widget's HTML (safe)
        return field_div(form[name])


class _Fixed(NamedTuple):
    """The fixed parts of the unbound form's fields in one language (`_UnboundHtml`)."""

    frames: dict[str, tuple[str, str]]  # a field's HTML before and after its value (`_frame`)
    legends: dict[str, SafeString]  # the choice lists' labels, escaped
    radios: dict[str, list[tuple[str, SafeString]]]  # the radio lists' (value, escaped label)


# Per language: the labels are lazy translations, each looked up through the catalogues.
_FIXED: dict[str | None, _Fixed] = {}
_INPUTS = ("dato", "start", "slut", "minutter", "note", "note_undertema", "version")
_RADIOS = ("status", "kontaktform", "planlagt")
_CHECKS = ("delmaal", "ydelser")


def _frame(form: BesoegForm, name: str) -> tuple[str, str]:
    """The HTML of an unbound field without errors around its value, as `field_div` and the
    Plain* widgets write it: the widget's attributes, then `required`, `aria-describedby` and
    `id`, in BoundField.as_widget's order."""
    field = form.fields[name]
    widget = field.widget
    auto_id = f"id_{name}"  # the form's default `auto_id` (`BesoegForm._from_initial`)
    extra: dict[str, Any] = {}
    if field.required and widget.use_required_attribute(None) and form.use_required_attribute:
        extra["required"] = True
    if field.disabled:
        extra["disabled"] = True
    if field.help_text and not widget.is_hidden and not widget.use_fieldset and not widget.attrs.get("aria-describedby"):
        extra["aria-describedby"] = f"{auto_id}_helptext"
    if "id" not in widget.attrs:
        extra["id"] = auto_id
    attrs = attrs_html({**widget.attrs, **extra})
    if isinstance(widget, PlainHiddenInput):
        return f'<input type="hidden" name="{_e(name)}"', f"{attrs}>"
    id_for_label = _e(widget.id_for_label(widget.attrs.get("id") or auto_id))
    label = field.label if field.label is not None else pretty_name(name)
    valgfrit = "" if field.required else f' <span class="weight-normal">({_e(gettext("valgfrit"))})</span>'
    hint = f'<span class="form-hint" id="{id_for_label}-hint">{_e(field.help_text)}</span>' if field.help_text else ""
    div = f'<div class="form-group">\n  <label class="form-label" for="{id_for_label}">{_e(label)}{valgfrit}</label>\n  {hint}\n  \n  '
    if isinstance(widget, PlainSelect):
        return f'{div}<select name="{_e(name)}"{attrs}>', "\n</select>\n</div>\n"
    if isinstance(widget, PlainTextarea):
        return f'{div}<textarea name="{_e(name)}"{attrs}>\n', "</textarea>\n</div>\n"
    assert isinstance(widget, (PlainDateInput, PlainTimeInput, PlainNumberInput)), widget  # noqa: S101 - the form's own widgets
    return f'{div}<input type="{_e(widget.input_type)}" name="{_e(name)}"', f"{attrs}>\n</div>\n"


def _fixed(form: BesoegForm) -> _Fixed:
    return _Fixed(
        frames={name: _frame(form, name) for name in _INPUTS},
        legends={name: SafeString(_e(form.fields[name].label)) for name in _RADIOS + _CHECKS},
        radios={name: [(str(v), SafeString(_e(label))) for v, label in form.fields[name].choices] for name in _RADIOS},  # type: ignore[attr-defined]
    )


class _UnboundHtml:
    """`{{ form.html.dato }}` for an unbound form (the page's GET, 12 % of the load): the same
    HTML as `_FieldsHtml`, written from the form's initial values without BoundFields and
    widget contexts. The fixed parts (`_frame`) are written once per language; a request only
    formats and escapes the values and the lists' labels (issue 10: through the BoundFields
    the fields cost ≈ 1 ms a request)."""

    def __init__(self, form: BesoegForm) -> None:
        self._form = form
        lang = get_language()
        fixed = _FIXED.get(lang)
        if fixed is None:
            fixed = _FIXED[lang] = _fixed(form)
        self._fixed = fixed

    def __getitem__(self, name: str) -> SafeString:
        form, fixed = self._form, self._fixed
        field = form.fields[name]
        widget = field.widget
        value = field.prepare_value(form.get_initial_for_field(field, name))  # BoundField.value()
        if name in fixed.legends:
            checkbox = name in _CHECKS
            choices = form.valg[name] if checkbox else fixed.radios[name]
            selected = set(widget.format_value(value))
            return _fieldset_html(
                f"id_{name}", fixed.legends[name], name, errors=(), selected=selected, choices=choices, checkbox=checkbox
            )
        head, tail = fixed.frames[name]
        text = widget.format_value(value)
        if name == "note_undertema":
            body = _options_html(form.valg[name], field.empty_label, set(text))  # type: ignore[attr-defined]
        elif name == "note":
            body = _e(text) if text else ""
        else:
            body = "" if text is None else f' value="{_e(text)}"'
        return mark_safe(f"{head}{body}{tail}")  # noqa: S308 - the frame and the value are escaped


def _options_html(choices: Sequence[tuple[Any, Any]], empty_label: Any, selected: set[str]) -> str:
    """PlainSelect's options (django/forms/widgets/select.html's) for ("", empty_label) and
    `choices`, the choices `BesoegForm.valg` gives the select: only the first match selected,
    as ChoiceWidget.optgroups does for a select."""
    parts = []
    has_selected = False
    for value, label in (("", empty_label), *choices):
        text = str(value)
        chosen = not has_selected and text in selected
        has_selected |= chosen
        parts.append(f'\n  <option value="{_e(text)}"{" selected" if chosen else ""}>{_e(label)}</option>\n')
    return "".join(parts)


class _Valgfri(forms.ModelMultipleChoiceField):
    """An optional multiple choice that cleans nothing chosen to `[]`, not `queryset.none()`:
    the service takes a list, and listing an empty queryset still builds and compiles its query
    (≈ 1 ms a field on every visit logged without delmål or ydelser)."""

    def clean(self, value: Any) -> Any:
        if not self.required and not value:
            return []
        return super().clean(value)


def _aktive_delmaal(bestilling_ids: Sequence[int]) -> QuerySet[Delmaal]:
    """The visit form's delmål: the active ones of the bestillinger, with the plan (the service
    checks each chosen delmål's bestilling: no query per delmål)."""
    return Delmaal.objects.filter(plan__bestilling_id__in=bestilling_ids, status="aktiv").select_related("plan").order_by("raekkefoelge", "id")


def _valg_query(delmaal: QuerySet[Delmaal]) -> QuerySet[Any]:
    """`BesoegForm.valg`'s one query: the delmål, the § 85 ydelser and the undertemaer as rows
    (liste, n, sti, pk, label), a UNION ALL in the querysets' orders."""

    def part(qs: QuerySet[Any], liste: int, n: Any, sti: Any, label: str) -> QuerySet[Any]:
        return qs.order_by().annotate(
            liste=Value(liste, output_field=IntegerField()), n=n, sti=sti, i=F("pk"), label=F(label)
        ).values_list("liste", "n", "sti", "i", "label")

    zero, empty = Value(0, output_field=IntegerField()), Value("", output_field=CharField())
    return (
        part(delmaal, 0, F("raekkefoelge"), empty, "titel")
        .union(
            part(_ydelser_85(), 1, zero, F("path"), "display"),
            part(_undertemaer(), 2, zero, F("path"), "display"),
            all=True,
        )
        .order_by("liste", "n", "sti", "i")
    )


# For one bestilling, compiled once per process and run with its id (marker ids: never real).
_VALG = FixedSql(lambda bestilling_id: _valg_query(_aktive_delmaal([bestilling_id])), ((-739_120_739,), (-391_204_391,)))


class BesoegForm(StyledForm):
    """The quick log form (under 30 seconds on a phone)."""

    # The Plain* widgets write the same HTML as Django's in Python (bostotte/core/widgets.py).
    dato = forms.DateField(label=_("Dato"), widget=PlainDateInput(attrs={"type": "date"}, format="%Y-%m-%d"), input_formats=DATE["input_formats"])
    start = forms.TimeField(label=_("Start"), widget=PlainTimeInput(attrs={"type": "time"}, format="%H:%M"), input_formats=TIME["input_formats"])
    # The end time is prefilled ("now"), so a duration the user types must win over it; the
    # `data-clears` attributes let static/js/app.js empty the other field as soon as one is typed in.
    slut = forms.TimeField(label=_("Slut"), required=False, widget=PlainTimeInput(attrs={"type": "time", "data-clears": "minutter"}, format="%H:%M"),
                           input_formats=TIME["input_formats"])
    minutter = forms.IntegerField(
        label=_("eller varighed (minutter)"), required=False, min_value=1, max_value=720,
        help_text=_("Skriver du en varighed, bruges den i stedet for sluttidspunktet."),
        widget=PlainNumberInput(attrs={"inputmode": "numeric", "data-clears": "slut"}),
    )
    kontaktform = forms.ChoiceField(label=_("Kontaktform"), choices=[c for c in Kontaktform.choices if c[0] != "gruppe"], widget=forms.RadioSelect)
    status = forms.ChoiceField(label=_("Hvordan gik det"), choices=BesoegStatus.choices, widget=forms.RadioSelect, initial="gennemfoert")
    planlagt = forms.TypedChoiceField(label=_("Var besøget planlagt?"), choices=[("1", _("Planlagt")), ("0", _("Ikke planlagt"))], coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="1")
    delmaal = _Valgfri(label=_("Delmål arbejdet med"), queryset=Delmaal.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    ydelser = _Valgfri(label=_("Ydelser"), queryset=Kode.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    note = forms.CharField(label=_("Kort note"), required=False, max_length=2000, widget=PlainTextarea(attrs={"rows": 3}))
    # ~30 undertemaer: written in Python, not one template include per option (issue 10).
    note_undertema = forms.ModelChoiceField(
        label=_("Noten hører under (FFB-undertema)"), queryset=Kode.objects.none(), required=False, widget=PlainSelect
    )
    version = forms.IntegerField(widget=PlainHiddenInput, required=False)

    def __init__(self, *args: object, bestilling_ids: list[int], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._bestilling_ids = bestilling_ids
        # The querysets validate a POST (a query only for a field with a value); the page shows
        # the lists from `valg` (one query). An unbound form (the page's GET) never uses them,
        # so it does not build them (≈ 0.15 ms, issue 10).
        if self.is_bound:
            self.use_querysets()

    def use_querysets(self) -> None:
        """Gives the delmål, ydelser and undertema fields their querysets (and labels), which
        validate the posted ids, so a bound form's errors and cleaned values are Django's."""
        f = self.fields
        # with the plan: the service checks each chosen delmål's bestilling (no query per delmål)
        f["delmaal"].queryset = _aktive_delmaal(self._bestilling_ids)  # type: ignore[attr-defined]
        f["delmaal"].label_from_instance = lambda d: d.titel  # type: ignore[attr-defined]
        f["ydelser"].queryset = _ydelser_85()  # type: ignore[attr-defined]
        f["ydelser"].label_from_instance = lambda k: k.display  # type: ignore[attr-defined]
        f["note_undertema"].queryset = _undertemaer()  # type: ignore[attr-defined]
        f["note_undertema"].label_from_instance = lambda k: k.display  # type: ignore[attr-defined]

    @cached_property
    def valg(self) -> dict[str, list[tuple[int, str]]]:
        """The choices of delmaal, ydelser and note_undertema as (pk, label), in the querysets'
        order, read in one query (a UNION ALL of the three, `_valg_query`) instead of one per
        list. Also gives the undertema select its choices when the BoundFields render it, so
        that runs no query of its own. For one bestilling (the visit pages) the query is compiled
        once per process (`_VALG`): building and compiling the union cost more than running it
        (issue 10)."""
        f = self.fields
        ids = self._bestilling_ids
        rows = _VALG.rows(ids[0]) if len(ids) == 1 else _valg_query(_aktive_delmaal(ids))
        out: dict[str, list[tuple[int, str]]] = {"delmaal": [], "ydelser": [], "note_undertema": []}
        names = list(out)
        for liste, _n, _sti, pk, label in rows:
            out[names[liste]].append((pk, label))
        if not self._from_initial:  # else `_UnboundHtml` writes the select from `out`
            undertema = f["note_undertema"]
            undertema.choices = [("", undertema.empty_label), *out["note_undertema"]]  # type: ignore[attr-defined]
        return out

    @property
    def _from_initial(self) -> bool:
        """Whether `html` writes the fields from the initial values (`_UnboundHtml`): an unbound
        form with the default ids and no prefix, which its fixed parts assume."""
        return not self.is_bound and not self.prefix and self.auto_id == "id_%s"

    @property
    def html(self) -> _FieldsHtml | _UnboundHtml:
        """The fields as HTML (`{{ f.dato }}`): an unbound form's (the page's GET) from its
        initial values (`_UnboundHtml`), a bound one's through its BoundFields (`_FieldsHtml`)."""
        self.valg  # noqa: B018 - loads the choices before the first list (and the select) renders
        return _UnboundHtml(self) if self._from_initial else _FieldsHtml(self)

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

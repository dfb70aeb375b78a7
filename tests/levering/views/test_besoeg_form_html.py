"""The visit form's fields written in Python (issue 10: `BesoegForm.html`; one query for the
delmål, ydelser and undertema lists) print what the old templates and Django's widgets printed:
the form is rendered both ways, for unbound forms (the page's GET, written from the initial
values without BoundFields: `_UnboundHtml`) of a planned, a logged and a new visit, and for
bound forms with errors (`_FieldsHtml`), as the htmx partial and inside the whole page."""

from __future__ import annotations

import copy
import re
from datetime import date, time

import pytest
import time_machine
from django import forms
from django.template import engines
from django.urls import reverse

from bostotte.ffb.models import Kode
from levering.forms import BesoegForm, _FieldsHtml, _UnboundHtml
from levering.services import besoeg_create, bestilling_accept

from .. import builders
from ..conftest import NOW, aware
from .test_query_budgets import _queries

pytestmark = pytest.mark.django_db

# The form partial of templates/levering/besoeg_form.html as it was before issue 10's change: the
# radio and checkbox lists through levering/_radio.html and _checks.html (the widgets' subwidgets).
OLD_FORM = """{% load i18n %}
<form id="besoeg-form" method="post" novalidate class="lev-form"
      action="{% if besoeg %}{% url 'levering:besoeg-log' besoeg.uuid %}{% else %}{% url 'levering:besoeg-create' b.uuid %}{% endif %}"
      hx-post="{% if besoeg %}{% url 'levering:besoeg-log' besoeg.uuid %}{% else %}{% url 'levering:besoeg-create' b.uuid %}{% endif %}"
      hx-target="this" hx-swap="outerHTML">
  {% csrf_token %}
  {% include "includes/form_errors.html" with form=form prefix="besoeg" %}
  {{ form.version }}
  <div class="lev-row">
    {% include "includes/field.html" with field=form.dato %}
    {% include "includes/field.html" with field=form.start %}
    {% include "includes/field.html" with field=form.slut %}
  </div>
  {% include "includes/field.html" with field=form.minutter %}
  {% include "levering/_radio.html" with field=form.status %}
  {% include "levering/_radio.html" with field=form.kontaktform %}
  {% include "levering/_radio.html" with field=form.planlagt %}
  {% include "levering/_checks.html" with field=form.delmaal %}
  <details{% if form.ydelser.value %} open{% endif %}><summary>{% translate "Ydelser" %}</summary>{% include "levering/_checks.html" with field=form.ydelser %}</details>
  {% include "includes/field.html" with field=form.note %}
  {% include "includes/field.html" with field=form.note_undertema %}
  <button type="submit" class="button button-primary lev-big">{% translate "Gem besøg" %}</button>
</form>
"""
CSRF = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')


def _old(response) -> str:  # type: ignore[no-untyped-def]
    """The old template on a fresh form with the same data, initial values and errors (a fresh
    form, so its lists come from the querysets, not from `valg`), with Django's own widgets
    (their templates) instead of bostotte.core.widgets' Plain* ones. `response` is a whole
    page's (the htmx partial of an unbound form renders no template that records its context)."""
    form = response.context["form"]
    fresh = BesoegForm(form.data if form.is_bound else None, bestilling_ids=[response.context["b"].pk], initial=form.initial)
    fresh.use_querysets()  # an unbound form does not build them (the reference lists come from them)
    if form.is_bound:
        fresh._errors = copy.deepcopy(form.errors)
    for field in fresh.fields.values():
        django_widget = next(c for c in type(field.widget).__mro__ if c.__module__.startswith("django."))
        assert django_widget in (forms.DateInput, forms.TimeInput, forms.NumberInput, forms.Textarea, forms.HiddenInput, forms.Select,
                                 forms.RadioSelect, forms.CheckboxSelectMultiple), django_widget
        field.widget.__class__ = django_widget
    context = {"form": fresh, "b": response.context["b"], "besoeg": response.context["besoeg"]}
    return engines["django"].from_string(OLD_FORM).render(context)


def _new(response) -> str:  # type: ignore[no-untyped-def]
    return CSRF.sub("", response.content.decode())


def _form_in_page(response) -> str:  # type: ignore[no-untyped-def]
    """The form (the partial's output) inside the whole page."""
    match = re.search(r"\n<form id=\"besoeg-form\".*?</form>\n", _new(response), re.DOTALL)
    assert match, response.content.decode()[:500]
    return match.group(0)


def _get_both(client, url, status=200):  # type: ignore[no-untyped-def]
    """The htmx partial and the whole page: the same form, and the old template's (returned)."""
    part = client.get(url, HTTP_HX_REQUEST="true")
    page = client.get(url)
    assert part.status_code == page.status_code == status
    new = _new(part)
    assert new == _form_in_page(page) == _old(page)
    return new


def _visit(cast, erik):  # type: ignore[no-untyped-def]
    """A logged visit with two of three delmål and one of the ydelser checked, a note and an undertema."""
    andet = builders.delmaal(erik.bestilling, titel="Rydde <op> & vaske")
    builders.delmaal(erik.bestilling, titel="Betale regninger")
    ydelser = list(Kode.objects.ydelser_85()[:3])
    v = besoeg_create(
        bestilling=erik.bestilling, medarbejder=cast.dorte, starts_at=aware(2026, 3, 4, 10), ends_at=aware(2026, 3, 4, 10, 40),
        kontaktform="telefon", status="udeblevet", planlagt=False, delmaal=[erik.delmaal, andet], ydelser=[ydelser[1]],
        note="Ringede <b>to</b> gange", note_undertema=Kode.objects.undertemaer()[2], actor=cast.dorte, now=aware(2026, 3, 4, 12),
    )
    return v, andet, ydelser


class BesoegFormHtmlTests:
    def _get(self, cast, client, url):  # type: ignore[no-untyped-def]
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            client.force_login(cast.dorte)
            return _get_both(client, url)

    def test_an_unbound_form_with_checked_delmaal_ydelser_and_an_undertema(self, cast, erik, client):
        v, andet, ydelser = _visit(cast, erik)
        new = self._get(cast, client, reverse("levering:besoeg-log", kwargs={"uuid": v.uuid}))
        # and the page shows what the visit holds (so the comparison compares something)
        assert f'value="{erik.delmaal.pk}" id="id_delmaal_0" checked>' in new
        assert f'value="{andet.pk}" id="id_delmaal_1" checked><label for="id_delmaal_1">Rydde &lt;op&gt; &amp; vaske</label>' in new
        assert f'value="{ydelser[1].pk}" id="id_ydelser_1" checked>' in new and f'value="{ydelser[0].pk}" id="id_ydelser_0">' in new
        assert '<details open><summary>Ydelser</summary><fieldset class="form-group" id="id_ydelser">' in new
        assert 'value="udeblevet" id="id_status_4" checked>' in new and 'value="telefon" id="id_kontaktform_2" checked>' in new
        assert f'<option value="{Kode.objects.undertemaer()[2].pk}" selected>' in new and "Ringede &lt;b&gt;to&lt;/b&gt; gange" in new

    def test_an_unbound_form_for_a_new_visit(self, cast, erik, client):
        builders.delmaal(erik.bestilling, titel="Andet")
        new = self._get(cast, client, reverse("levering:besoeg-create", kwargs={"uuid": erik.bestilling.uuid}))
        assert "<details><summary>Ydelser</summary>" in new and " checked><label" in new
        assert 'name="dato" value="2026-03-04"' in new and 'name="start" value="11:00"' in new and 'name="slut" value="12:00"' in new
        assert 'value="hjemmebesoeg" id="id_kontaktform_0" checked>' in new and 'value="0" id="id_planlagt_1" checked>' in new
        assert 'id="id_delmaal_1"><label' in new and 'id="id_delmaal_0" checked' not in new
        assert '<option value="" selected>---------</option>' in new and '<textarea name="note" cols="40" rows="3" maxlength="2000" class="form-input" id="id_note">\n</textarea>' in new
        assert '<input type="hidden" name="version" id="id_version">' in new

    def test_an_unbound_form_for_a_planned_visit_with_nothing_chosen(self, cast, erik, client):
        """A planned visit (one tap from "I dag"): "Gennemført" offered, no delmål, ydelser, note
        or undertema; a second bestilling's delmål are not offered."""
        other = builders.delmaal(erik.bestilling, titel='Gå "tur" & handle')
        v = besoeg_create(
            bestilling=erik.bestilling, medarbejder=cast.dorte, starts_at=aware(2026, 3, 4, 14), ends_at=aware(2026, 3, 4, 14, 45),
            kontaktform="ledsagelse", status="planlagt", actor=cast.dorte, now=aware(2026, 3, 1),
        )
        new = self._get(cast, client, reverse("levering:besoeg-log", kwargs={"uuid": v.uuid}))
        assert 'value="gennemfoert" id="id_status_1" checked>' in new and 'value="1" id="id_planlagt_0" checked>' in new
        assert 'value="ledsagelse" id="id_kontaktform_1" checked>' in new
        assert 'name="start" value="14:00"' in new and 'name="slut" value="14:45"' in new
        assert f'value="{other.pk}" id="id_delmaal_1"><label for="id_delmaal_1">Gå &quot;tur&quot; &amp; handle</label>' in new
        assert " checked><label for=\"id_delmaal" not in new and " checked><label for=\"id_ydelser" not in new
        assert "<details><summary>Ydelser</summary>" in new and '<option value="" selected>---------</option>' in new
        assert f'<input type="hidden" name="version" value="{v.version}" id="id_version">' in new

    def test_an_unbound_form_for_a_visit_with_only_ydelser_and_no_delmaal_on_the_bestilling(self, cast, erik, client):
        erik.delmaal.delete()
        ydelse = Kode.objects.ydelser_85()[4]
        v = besoeg_create(
            bestilling=erik.bestilling, medarbejder=cast.dorte, starts_at=aware(2026, 3, 4, 9), ends_at=aware(2026, 3, 4, 9, 5),
            kontaktform="video", status="aflyst_borger", planlagt=False, ydelser=[ydelse], note="a & b \"c\"",
            note_undertema=Kode.objects.undertemaer()[0], actor=cast.dorte,
            now=aware(2026, 3, 4, 12),
        )
        new = self._get(cast, client, reverse("levering:besoeg-log", kwargs={"uuid": v.uuid}))
        assert "<li>Ingen at vælge endnu.</li>" in new and f'value="{ydelse.pk}" id="id_ydelser_4" checked>' in new
        assert "<details open><summary>Ydelser</summary>" in new and ">\na &amp; b &quot;c&quot;</textarea>" in new

    def test_a_bound_form_with_errors_on_the_lists(self, cast, erik, client):
        v, _andet, _ydelser = _visit(cast, erik)
        url = reverse("levering:besoeg-log", kwargs={"uuid": v.uuid})
        data = {"dato": "2026-03-04", "start": "11:00", "slut": "10:00", "status": "gennemfoert", "planlagt": "1",
                "delmaal": [str(erik.delmaal.pk), "999999"], "ydelser": ["abc"], "note": "x", "minutter": '9" <x>'}
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            client.force_login(cast.dorte)
            r = client.post(url, data, HTTP_HX_REQUEST="true")
            page = client.post(url, data)
        assert r.status_code == page.status_code == 422
        new = _new(r)
        assert new == _old(r) == _form_in_page(page) == _old(page)
        assert '<div class="alert alert-error" role="alert" tabindex="-1" id="besoeg-errors">' in new
        assert '<fieldset class="form-group form-error" id="id_kontaktform">' in new
        assert '<fieldset class="form-group form-error" id="id_delmaal">' in new and "999999" in new
        assert '<fieldset class="form-group form-error" id="id_ydelser">' in new
        assert 'value="9&quot; &lt;x&gt;"' in new

    def test_a_bound_form_with_checked_boxes_and_a_service_error(self, cast, erik, client):
        v, andet, ydelser = _visit(cast, erik)
        url = reverse("levering:besoeg-log", kwargs={"uuid": v.uuid})
        # valid for the form; the service refuses the note without an undertema
        data = {"dato": "2026-03-04", "start": "10:00", "slut": "10:30", "kontaktform": "video", "status": "gennemfoert", "planlagt": "0",
                "delmaal": [str(andet.pk)], "ydelser": [str(ydelser[0].pk), str(ydelser[2].pk)], "note": "Uden undertema",
                "version": str(v.version)}
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            client.force_login(cast.dorte)
            r = client.post(url, data, HTTP_HX_REQUEST="true")
        assert r.status_code == 422, r.content.decode()[:300]
        new = _new(r)
        assert new == _old(r)
        assert f'value="{andet.pk}" id="id_delmaal_1" checked>' in new and f'value="{erik.delmaal.pk}" id="id_delmaal_0">' in new
        assert f'value="{ydelser[2].pk}" id="id_ydelser_2" checked>' in new and 'value="video" id="id_kontaktform_' in new


class UnboundHtmlTests:
    """`_UnboundHtml` (an unbound form's fields from its initial values) against `_FieldsHtml`
    (the BoundFields and the Plain* widgets, themselves pinned above against Django's widget
    templates), field by field, for initial values of every kind the views give and some
    they do not."""

    NAMES = ("version", "dato", "start", "slut", "minutter", "status", "kontaktform", "planlagt", "delmaal", "ydelser", "note",
             "note_undertema")

    def _both(self, form: BesoegForm) -> None:
        assert isinstance(form.html, _UnboundHtml)  # (loads the lists)
        unbound = _UnboundHtml(form)
        form.use_querysets()  # the BoundFields' undertema select lists its queryset
        bound = _FieldsHtml(form)
        for name in self.NAMES:
            assert unbound[name] == bound[name], name

    def test_it_writes_what_the_boundfields_write(self, cast, erik):
        andet = builders.delmaal(erik.bestilling, titel="<b>Andet</b> & 'mere'")
        undertema = Kode.objects.undertemaer()[3]
        ydelser = list(Kode.objects.ydelser_85()[:2])
        ids = [erik.bestilling.pk]
        for initial in (
            {},
            {"dato": date(2026, 3, 4), "start": "08:15", "slut": "09:05", "kontaktform": "telefon", "status": "udeblevet", "planlagt": "0",
             "delmaal": [andet.pk, erik.delmaal.pk], "ydelser": [ydelser[1].pk], "note": 'Sagde "nej" <i>to</i> gange & gik',
             "note_undertema": undertema.pk, "version": 7},
            {"dato": "4.3.2026", "start": time(8, 15, 30, 500), "slut": None, "minutter": 45, "kontaktform": "gruppe", "status": "x",
             "delmaal": [], "ydelser": None, "note": "", "note_undertema": 999999, "version": None},
            {"delmaal": [999999, str(andet.pk)], "ydelser": [str(ydelser[0].pk)], "note_undertema": str(undertema.pk), "planlagt": "1"},
            {"delmaal": [andet], "ydelser": ydelser, "note_undertema": undertema, "note": None},
        ):
            self._both(BesoegForm(None, bestilling_ids=ids, initial=initial))

    def test_a_bound_form_or_another_prefix_goes_through_the_boundfields(self, erik):
        undertema = Kode.objects.undertemaer()[1]
        assert isinstance(BesoegForm({}, bestilling_ids=[erik.bestilling.pk]).html, _FieldsHtml)
        for kwargs in ({"prefix": "b"}, {"auto_id": "f_%s"}):
            form = BesoegForm(None, bestilling_ids=[erik.bestilling.pk], initial={"note_undertema": undertema.pk}, **kwargs)
            assert isinstance(form.html, _FieldsHtml)
            assert f'<option value="{undertema.pk}" selected>' in form.html["note_undertema"]
            assert f'value="{erik.delmaal.pk}"' in form.html["delmaal"]


class LazyQuerysetTests:
    """An unbound form builds no querysets; a bound one validates the posted ids with them,
    with Django's messages."""

    def test_only_a_bound_form_has_the_querysets(self, erik):
        unbound = BesoegForm(None, bestilling_ids=[erik.bestilling.pk])
        assert all(unbound.fields[name].queryset.query.is_empty() for name in ("delmaal", "ydelser", "note_undertema"))
        bound = BesoegForm({}, bestilling_ids=[erik.bestilling.pk])
        assert list(bound.fields["delmaal"].queryset) == [erik.delmaal]
        assert list(bound.fields["ydelser"].queryset) == list(Kode.objects.ydelser_85())
        assert list(bound.fields["note_undertema"].queryset) == list(Kode.objects.undertemaer())

    def test_a_bound_form_refuses_ids_outside_the_lists(self, cast, erik):
        gitte = bestilling_accept(bestilling=builders.bestilling(cast.sag_gitte, cast.lev_nord, oprettet_af=cast.carl, now=NOW),
                                  actor=cast.lise, now=NOW)
        other = builders.delmaal(gitte, titel="Gittes")
        undertema, ydelse = Kode.objects.undertemaer()[0], Kode.objects.ydelser_85()[0]
        data = {"dato": "2026-03-04", "start": "10:00", "slut": "10:30", "kontaktform": "video", "status": "gennemfoert", "planlagt": "0"}
        invalid = forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"]
        form = BesoegForm({**data, "delmaal": [str(other.pk)], "ydelser": [str(undertema.pk)], "note_undertema": str(ydelse.pk)},
                          bestilling_ids=[erik.bestilling.pk])
        assert not form.is_valid()
        assert form.errors["delmaal"] == [str(invalid % {"value": other.pk})]
        assert form.errors["ydelser"] == [str(invalid % {"value": undertema.pk})]
        assert form.errors["note_undertema"] == [str(forms.ModelChoiceField.default_error_messages["invalid_choice"])]
        form = BesoegForm({**data, "delmaal": [str(erik.delmaal.pk)], "ydelser": [str(ydelse.pk)], "note_undertema": str(undertema.pk)},
                          bestilling_ids=[erik.bestilling.pk])
        assert form.is_valid(), form.errors
        assert form.cleaned_data["note_undertema"] == undertema
        assert list(form.cleaned_data["delmaal"]) == [erik.delmaal] and list(form.cleaned_data["ydelser"]) == [ydelse]


class BesoegCreateFormTests:
    def test_a_new_visit_posted_with_errors_is_shown_again_at_422(self, cast, erik, client):
        url = reverse("levering:besoeg-create", kwargs={"uuid": erik.bestilling.uuid})
        data = {"dato": "2026-03-04", "start": "10:00", "slut": "", "kontaktform": "video", "status": "gennemfoert", "planlagt": "0",
                "delmaal": [str(erik.delmaal.pk)], "note": "<Note>"}
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            client.force_login(cast.dorte)
            part = client.post(url, data, HTTP_HX_REQUEST="true")
            page = client.post(url, data)
        assert part.status_code == page.status_code == 422
        new = _new(part)
        assert new == _old(part) == _form_in_page(page) == _old(page)
        assert "Angiv sluttidspunkt eller varighed." in new and f'value="{erik.delmaal.pk}" id="id_delmaal_0" checked>' in new
        assert ">\n&lt;Note&gt;</textarea>" in new


class BesoegFormPageBudgetTests:
    def test_the_form_page_reads_the_visit_its_links_and_the_lists_in_few_queries(self, cast, erik, client):
        v, _andet, _ydelser = _visit(cast, erik)
        url = reverse("levering:besoeg-log", kwargs={"uuid": v.uuid})
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            client.force_login(cast.dorte)
            client.get(reverse("levering:i-dag"))
            r, sql = _queries(client, "get", url)
        assert r.status_code == 200
        # session, user, the visit with its delmål/ydelser ids, AccessLog, unread count, the lists
        assert len(sql) <= 6, sql


"""The visit form's choice lists written in Python (issue 10: `BesoegForm.valg_html`, one query
for the delmål, ydelser and undertema lists) print what the widget templates printed: the form
page is rendered both ways, for an unbound form with checked delmål/ydelser and an undertema, a
bound form with errors on the lists, and a bound form with checked boxes."""

from __future__ import annotations

import copy
import re

import pytest
import time_machine
from django import forms
from django.template import engines
from django.urls import reverse

from bostotte.ffb.models import Kode
from levering.forms import BesoegForm
from levering.services import besoeg_create

from .. import builders
from ..conftest import aware
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
    (their templates) instead of bostotte.core.widgets' Plain* ones."""
    form = response.context["form"]
    fresh = BesoegForm(form.data if form.is_bound else None, bestilling_ids=[response.context["b"].pk], initial=form.initial)
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
            return client.get(url, HTTP_HX_REQUEST="true")

    def test_an_unbound_form_with_checked_delmaal_ydelser_and_an_undertema(self, cast, erik, client):
        v, andet, ydelser = _visit(cast, erik)
        r = self._get(cast, client, reverse("levering:besoeg-log", kwargs={"uuid": v.uuid}))
        assert r.status_code == 200
        new = _new(r)
        assert new == _old(r)
        # and the page shows what the visit holds (so the comparison compares something)
        assert f'value="{erik.delmaal.pk}" id="id_delmaal_0" checked>' in new
        assert f'value="{andet.pk}" id="id_delmaal_1" checked><label for="id_delmaal_1">Rydde &lt;op&gt; &amp; vaske</label>' in new
        assert f'value="{ydelser[1].pk}" id="id_ydelser_1" checked>' in new and f'value="{ydelser[0].pk}" id="id_ydelser_0">' in new
        assert '<details open><summary>Ydelser</summary><fieldset class="form-group" id="id_ydelser">' in new
        assert 'value="udeblevet" id="id_status_4" checked>' in new and 'value="telefon" id="id_kontaktform_2" checked>' in new
        assert f'<option value="{Kode.objects.undertemaer()[2].pk}" selected>' in new and "Ringede &lt;b&gt;to&lt;/b&gt; gange" in new

    def test_an_unbound_form_for_a_new_visit(self, cast, erik, client):
        r = self._get(cast, client, reverse("levering:besoeg-create", kwargs={"uuid": erik.bestilling.uuid}))
        assert r.status_code == 200
        new = _new(r)
        assert new == _old(r)
        assert "<details><summary>Ydelser</summary>" in new and " checked><label" in new

    def test_a_bound_form_with_errors_on_the_lists(self, cast, erik, client):
        v, _andet, _ydelser = _visit(cast, erik)
        url = reverse("levering:besoeg-log", kwargs={"uuid": v.uuid})
        data = {"dato": "2026-03-04", "start": "11:00", "slut": "10:00", "status": "gennemfoert", "planlagt": "1",
                "delmaal": [str(erik.delmaal.pk), "999999"], "ydelser": ["abc"], "note": "x", "minutter": '9" <x>'}
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            client.force_login(cast.dorte)
            r = client.post(url, data, HTTP_HX_REQUEST="true")
        assert r.status_code == 422
        new = _new(r)
        assert new == _old(r)
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


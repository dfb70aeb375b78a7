"""The "I dag" lists written in Python (issue 10: `levering.views._i_dag_html`) print what the
page's template loops printed: the page is rendered with the new code and with the template as it
was before (kept below as the reference), for citizens with and without phone, postnummer and
delmål, planned and registered visits, a citizen without visits, and the empty lists; values are
escaped."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.template import engines
from django.urls import reverse

from bostotte.core.models import Rolle
from levering import selectors
from levering.services import besoeg_create, bestilling_accept, tildeling_create
from levering.views import _i_dag_rows

from .. import builders
from ..conftest import NOW, aware

pytestmark = pytest.mark.django_db

# templates/levering/i_dag.html before issue 10's change: the two lists through template loops.
OLD_I_DAG = """{% extends "base.html" %}{% load i18n static %}
{% block styles %}{{ block.super }}<link rel="stylesheet" href="{% static 'css/levering.css' %}">{% endblock %}
{% block title %}{% translate "I dag" %}{% endblock %}
{% block body_class %}staff lev-phone{% endblock %}
{% block content %}
<h1>{% translate "I dag" %} <span class="app-meta">{{ today|date:"l j. F" }}</span></h1>
{# The rows come formatted from levering.views._i_dag_rows (issue 10). #}<ol class="lev-visits">
{% for v in besoeg %}
  <li class="lev-visit lev-status-{{ v.status }}">
    <h2 class="h4"><span>{{ v.start }}–{{ v.slut }}</span> {{ v.navn }}</h2>
    <p class="app-meta">{{ v.meta }}</p>
    <p>{{ v.adresse }}{% if v.telefon %} · <a href="tel:{{ v.telefon }}">{{ v.telefon }}</a>{% endif %}</p>
    {% if v.delmaal %}<ul class="lev-delmaal">{% for d in v.delmaal %}<li>{{ d }}</li>{% endfor %}</ul>{% endif %}
    <a class="button button-primary lev-big" href="{{ v.url }}">{% if v.planlagt %}{% translate "Registrér besøget" %}{% else %}{% translate "Ret registreringen" %}{% endif %}<span class="sr-only"> {% translate "hos" %} {{ v.navn }} {{ v.start }}</span></a>
  </li>
{% empty %}
  <li>{% translate "Ingen planlagte besøg i dag." %}</li>
{% endfor %}
</ol>
<h2>{% translate "Ikke-planlagt kontakt" %}</h2>
<p>{% translate "Telefon, sms og andre kontakter tæller som leveret tid. Vælg borgeren:" %}</p>
<ul class="nobullet-list lev-citizens">
{% for t in borgere %}
  <li><a class="button button-secondary lev-big" href="{{ t.url }}">{{ t.navn }}</a></li>
{% empty %}<li>{% translate "Du er ikke tildelt nogen borgere i dag." %}</li>{% endfor %}
</ul>
<p><a href="{% url 'levering:gruppesession-create' %}">{% translate "Registrér en gruppesession" %}</a> · <a href="{% url 'levering:kalender' %}">{% translate "Kalender" %}</a></p>
{% endblock %}
"""
# the csrf token is masked anew on every use
CSRF = re.compile(r'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]*"')


def _page(client, user):  # type: ignore[no-untyped-def]
    """The page as served and as the old template prints it for the same request and rows."""
    with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
        client.force_login(user)
        r = client.get(reverse("levering:i-dag"))
        assert r.status_code == 200
        dag = selectors.i_dag_rows(user=user)
        besoeg, borgere = _i_dag_rows(dag)
        old = engines["django"].from_string(OLD_I_DAG).render({"today": dag.today, "besoeg": besoeg, "borgere": borgere}, r.wsgi_request)
    return CSRF.sub(r"\1", r.content.decode()), CSRF.sub(r"\1", old)


def _visit(cast, bestilling, start, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("kontaktform", "hjemmebesoeg")
    kw.setdefault("status", "planlagt")
    return besoeg_create(bestilling=bestilling, medarbejder=cast.dorte, starts_at=start, ends_at=start + timedelta(minutes=45),
                         actor=cast.dorte, now=aware(2026, 3, 4, 12), **kw)


class IDagHtmlTests:
    def test_visits_and_citizens_with_and_without_phone_postnummer_and_delmaal(self, cast, erik, client):
        erik_borger = cast.sag_erik.borger
        erik_borger.fornavn, erik_borger.telefon, erik_borger.adresse = "<b>Erik</b> & co", "12 34 \"56\"", "Vej <1>"
        erik_borger.postnummer, erik_borger.by = "8000", "Århus <C>"
        erik_borger.save()
        builders.delmaal(erik.bestilling, titel="Rydde <op> & vaske")
        gitte_borger = cast.sag_gitte.borger
        gitte_borger.telefon, gitte_borger.postnummer = "", ""
        gitte_borger.save()
        gitte = bestilling_accept(bestilling=builders.bestilling(cast.sag_gitte, cast.lev_nord, oprettet_af=cast.carl, now=NOW), actor=cast.lise, now=NOW)
        tildeling_create(bestilling=gitte, medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            _visit(cast, erik.bestilling, aware(2026, 3, 4, 8), status="gennemfoert", kontaktform="telefon")
            _visit(cast, gitte, aware(2026, 3, 4, 9))
            _visit(cast, erik.bestilling, aware(2026, 3, 4, 14))
        new, old = _page(client, cast.dorte)
        assert new == old
        # the comparison compares something: both citizens, the three visits, escaped
        assert new.count('<li class="lev-visit lev-status-') == 3 and new.count("button-secondary lev-big") == 2
        assert "&lt;b&gt;Erik&lt;/b&gt; &amp; co" in new and "<b>Erik</b>" not in new
        assert 'href="tel:12 34 &quot;56&quot;"' in new and "Vej &lt;1&gt;, 8000 Århus &lt;C&gt;" in new
        assert "<li>Rydde &lt;op&gt; &amp; vaske</li>" in new and "Ret registreringen" in new and "Registrér besøget" in new

    def test_citizens_without_visits(self, cast, erik, client):
        new, old = _page(client, cast.dorte)
        assert new == old
        assert "Ingen planlagte besøg i dag." in new and "button-secondary lev-big" in new

    def test_the_empty_lists(self, cast, client):
        new, old = _page(client, cast.frank)
        assert new == old
        assert "Ingen planlagte besøg i dag." in new and "Du er ikke tildelt nogen borgere i dag." in new
        assert cast.frank.rolle == Rolle.BOSTOETTE

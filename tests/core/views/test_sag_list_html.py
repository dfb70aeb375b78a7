"""The case list's rows written in Python (issue 10: `bostotte.core.sag_html.sag_list_rows_html`)
and its CPR field rendered once per language (`views._cpr_field_html`) print what the page's old
template printed: the whole page is rendered both ways, byte for byte (apart from the csrf
tokens), for a list with open and closed cases, names that need escaping and a caseworker
without a name, for filters, a second page, an empty list, a user without the CPR search and
the CPR search's answers (a hit, a miss, an invalid number)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import engines

from bostotte.core.models import Rolle, Sag
from bostotte.core.views import SAGER_PR_SIDE
from tests.access.test_list_scope import build_mixed_world
from tests.factories import make_borger, make_myndighed_team, make_sag, make_staff

pytestmark = pytest.mark.django_db

# templates/core/sag_list.html before the rows went to Python: the rows through the template
# (the markup of the first version, on `Sag` instances: `{% url %}`, `|date`, the choice label)
# and the CPR field through includes/field.html for every request.
OLD_PAGE = """{% extends "base.html" %}
{% load i18n %}
{% block title %}{% translate "Sager" %}{% endblock %}
{% block content %}
<h1>{% if mine %}{% translate "Mine sager" %}{% else %}{% translate "Sager" %}{% endif %}</h1>
<div class="app-two-col">
<form method="get" class="app-filter" role="search" aria-label="{% translate 'Filtrér sager' %}">
  <div class="form-group">
    <label class="form-label" for="id_q">{% translate "Søg på navn eller sagsnummer" %}</label>
    <input class="form-input" type="search" id="id_q" name="q" value="{{ q }}">
  </div>
  <fieldset class="form-group">
    <legend class="form-label">{% translate "Vis" %}</legend>
    <select class="form-select" name="status" id="id_status" aria-label="{% translate 'Status' %}">
      <option value="aaben"{% if status == 'aaben' %} selected{% endif %}>{% translate "Åbne sager" %}</option>
      <option value="lukket"{% if status == 'lukket' %} selected{% endif %}>{% translate "Lukkede sager" %}</option>
      <option value="alle"{% if status == 'alle' %} selected{% endif %}>{% translate "Alle sager" %}</option>
    </select>
    <div class="form-group-checkbox">
      <input class="form-checkbox" type="checkbox" id="id_mine" name="mine" value="1"{% if mine %} checked{% endif %}>
      <label for="id_mine">{% translate "Kun sager, hvor jeg er ansvarlig" %}</label>
    </div>
  </fieldset>
  <button type="submit" class="button button-secondary">{% translate "Vis sager" %}</button>
</form>
{% if can_cpr_search %}
<form method="post" aria-labelledby="cpr-heading">
  {% csrf_token %}
  <h2 id="cpr-heading" class="h3">{% translate "Find borger på CPR-nummer" %}</h2>
  <p class="app-meta">{% translate "Opslaget logges. CPR-nummeret sendes ikke i adresselinjen." %}</p>
  {% include "includes/field.html" with field=cpr_form.cpr %}
  <button type="submit" class="button button-secondary">{% translate "Find" %}</button>
  {% if cpr_searched %}
    <div class="mt-5" role="status">
    {% if cpr_hit %}
      {% if cpr_sager %}
        <p>{% translate "Borgeren har disse sager, du har adgang til:" %}</p>
        <ul>{% for s in cpr_sager %}<li><a href="{% url 'core:sag-detail' s.uuid %}">{{ cpr_hit.navn }} – {{ s.sagsnummer }}</a></li>{% endfor %}</ul>
      {% else %}
        <p>{% translate "Borgeren er kendt i systemet, men har ingen sag i dit team. Registrér en henvendelse for at oprette en sag." %}</p>
      {% endif %}
    {% else %}
      <p>{% translate "Ingen borger med det CPR-nummer. Registrér en henvendelse for at oprette borgeren." %}</p>
    {% endif %}
    </div>
  {% endif %}
</form>
{% endif %}
</div>
<p class="app-meta" role="status">{% blocktranslate count n=page.paginator.count %}{{ n }} sag{% plural %}{{ n }} sager{% endblocktranslate %}{% if page.has_other_pages %} · {% blocktranslate with n=page.number of=page.paginator.num_pages %}side {{ n }} af {{ of }}{% endblocktranslate %}{% endif %}</p>
<div class="table-responsive">
<table class="table table--zebra">
  <caption class="sr-only">{% translate "Sager" %}</caption>
  <thead>
    <tr>
      <th scope="col">{% translate "Borger" %}</th>
      <th scope="col">{% translate "Sagsnummer" %}</th>
      <th scope="col">{% translate "Ansvarlig" %}</th>
      <th scope="col">{% translate "Team" %}</th>
      <th scope="col">{% translate "Oprettet" %}</th>
      <th scope="col">{% translate "Status" %}</th>
    </tr>
  </thead>
  <tbody>
  {% for sag in sager %}
    <tr>
      <td><a href="{% url 'core:sag-detail' sag.uuid %}">{{ sag.borger.navn }}</a></td>
      <td>{{ sag.sagsnummer }}</td>
      <td>{{ sag.ansvarlig.visningsnavn }}</td>
      <td>{{ sag.team.navn }}</td>
      <td>{{ sag.opened_on|date:"j. b Y" }}</td>
      <td>{{ sag.get_status_display }}</td>
    </tr>
  {% empty %}
    <tr><td colspan="6">{% translate "Ingen sager matcher." %}</td></tr>
  {% endfor %}
  </tbody>
</table>
</div>
{% include "includes/pager.html" with page=page qs=page_qs %}
{% endblock %}
"""
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')
CONTEXT = ("page", "page_qs", "status", "mine", "q", "cpr_form", "cpr_hit", "cpr_sager", "cpr_searched", "can_cpr_search")


def _old(response: Any) -> str:
    """The old template for the same request and page: the page's cases as `Sag` instances."""
    pks = [r.pk for r in response.context["page"].object_list]
    by_pk = Sag.objects.select_related("borger", "ansvarlig", "team").in_bulk(pks)
    context = {key: response.context[key] for key in CONTEXT}
    context["sager"] = [by_pk[pk] for pk in pks]
    return CSRF.sub(r"\1", engines["django"].from_string(OLD_PAGE).render(context, response.wsgi_request))


def _same(response: Any) -> str:
    assert response.status_code == 200
    new = CSRF.sub(r"\1", response.content.decode())
    assert new == _old(response)
    return new


def _seed(cast: Any) -> None:
    """Open and closed cases, names that need escaping, a caseworker without a name on a team
    whose name needs escaping, and more than a page of Anna's cases."""
    build_mixed_world(cast)
    k = cast.kommune
    vest = make_myndighed_team('Team <Vest> & "Co"', k)
    unnamed = cast.uden_navn = make_staff(Rolle.SAGSBEHANDLER, username="uden-navn", myndighed_team=vest, first_name="", last_name="")
    make_sag(make_borger("Åse <b>", "O'Brien & \"Søn\"", kommune=k), cast.anna, cast.team_nord)
    make_sag(make_borger("Bent", "Bæk", kommune=k), unnamed, vest)
    for i in range(SAGER_PR_SIDE + 3):
        make_sag(make_borger(f"Navn{i:02d}", "Zahle", kommune=k), cast.anna, cast.team_nord)


def test_the_list_prints_as_the_old_template(cast, client) -> None:  # type: ignore[no-untyped-def]
    _seed(cast)
    for user in (cast.anna, cast.bo, cast.ida, cast.uden_navn):
        client.force_login(user)
        for url in ("/sager/", "/sager/?status=alle", "/sager/?status=lukket", "/sager/?mine=1&side=2",
                    "/sager/?status=alle&q=%3Cb%3E", "/sager/?q=findesikke", "/sager/?side=99"):
            _same(client.get(url))
    client.force_login(cast.anna)
    html = _same(client.get("/sager/?status=alle"))
    # what the comparison covered: escaping, a closed case, the empty row, the pager's filters
    assert "Åse &lt;b&gt; O&#x27;Brien &amp; &quot;Søn&quot;" in html
    assert "<td>Lukket</td>" in html or "<td>Afsluttet</td>" in html
    assert 'href="?status=alle&amp;side=2"' in html
    assert '<tr><td colspan="6">Ingen sager matcher.</td></tr>' in _same(client.get("/sager/?q=findesikke"))
    client.force_login(cast.uden_navn)
    html = _same(client.get("/sager/?mine=1"))
    assert "<td>uden-navn</td>\n      <td>Team &lt;Vest&gt; &amp; &quot;Co&quot;</td>" in html


def test_a_user_without_the_cpr_search_gets_the_same_page(cast, client) -> None:  # type: ignore[no-untyped-def]
    build_mixed_world(cast)
    client.force_login(cast.dorte)
    html = _same(client.get("/sager/?status=alle"))
    assert 'name="cpr"' not in html


def test_the_cpr_search_s_answers_print_as_before(cast, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.anna)
    html = _same(client.get("/sager/"))  # the empty field, from the per-language copy
    assert 'name="cpr"' in html
    hit = _same(client.post("/sager/", {"cpr": cast.erik.cpr}))
    assert "Borgeren har disse sager" in hit and cast.erik.cpr not in hit
    assert "Borgeren er kendt i systemet" in _same(client.post("/sager/", {"cpr": cast.gitte.cpr}))
    invalid = _same(client.post("/sager/", {"cpr": "321390-1234"}))  # a bound form, with its error
    assert "gyldig fødselsdato" in invalid and 'value="321390-1234"' in invalid

"""The case page's own parts written in Python (issue 10: `bostotte.core.sag_html` —
the header, "Sagen", "Borgeren" and the journal's notes) print what the page's old template
printed: the whole page is rendered both ways, byte for byte (apart from the csrf tokens), for a
case with every kind of row (as the sagsbehandler and as the team leader), a closed case on hold
with text that needs escaping and a citizen without postcode or phone, a new case without notes,
and the journal's answers to a note with errors (the page, and the htmx partial)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.template import engines
from django.urls import reverse

from bostotte.core import views
from bostotte.core.models import Borger
from bostotte.core.sag_html import journal_items_html
from bostotte.core.services.sag import sag_bevaring_set, sag_close
from tests.core.views.test_sag_detail_rows import CPH, _rich_case
from tests.factories import make_borger, make_sag

pytestmark = pytest.mark.django_db

# templates/core/sag_detail.html before its own parts went to Python.
OLD_PAGE = """{% extends "base.html" %}
{% load i18n partials %}
{% block title %}{{ sag.sagsnummer }} – {{ borger.navn }}{% endblock %}
{% block content %}
<nav class="breadcrumbs" aria-label="{% translate 'Brødkrumme' %}">
  <ol class="breadcrumbs__list">
    <li class="breadcrumbs__list-item"><a href="{% url 'core:sag-list' %}" class="breadcrumbs__link">{% translate "Sager" %}</a></li>
    <li class="breadcrumbs__list-item" aria-current="page">{{ sag.sagsnummer }}</li>
  </ol>
</nav>
<h1>{{ borger.navn }} <span class="app-meta">{% translate "sag" %} {{ sag.sagsnummer }}</span></h1>
<div class="app-two-col">
  <section aria-labelledby="sag-heading">
    <h2 id="sag-heading">{% translate "Sagen" %}</h2>
    <dl class="app-dl">
      <dt>{% translate "Emne" %}</dt><dd>{{ sag.titel }}</dd>
      <dt>{% translate "Status" %}</dt><dd>{{ sag.get_status_display }}{% if sag.closed_on %} ({{ sag.closed_on|date:"j. F Y" }}){% endif %}</dd>
      <dt>{% translate "Ansvarlig" %}</dt><dd>{{ sag.ansvarlig.visningsnavn }} ({{ sag.team.navn }})</dd>
      <dt>{% translate "Oprettet" %}</dt><dd>{{ sag.opened_on|date:"j. F Y" }}</dd>
      <dt>{% translate "Handlekommune" %}</dt><dd>{{ sag.handlekommune }}</dd>
      <dt>{% translate "Betalingskommune" %}</dt><dd>{{ sag.betalingskommune }}</dd>
      <dt>{% translate "Bevaring" %}</dt>
      <dd id="sag-bevaring">{% if sag.bevares %}<strong>{% translate "Sagen skal bevares" %}</strong>: {{ sag.get_bevares_grund_display }} – {{ sag.bevares_begrundelse }}
        <span class="app-meta">({{ sag.bevares_af.visningsnavn|default:"–" }}, {{ sag.bevares_at|date:"j. b Y" }})</span>
        {% else %}{% translate "Slettes, når opbevaringsperioden efter lukning er udløbet" %}{% endif %}</dd>
    </dl>
    {% for section in sections %}
      {% if section.html %}{{ section.html }}{% else %}{% include section.template with section=section %}{% endif %}
    {% endfor %}
  </section>
  <aside aria-labelledby="borger-heading">
    <h2 id="borger-heading">{% translate "Borgeren" %}</h2>
    <dl class="app-dl">
      <dt>{% translate "Navn" %}</dt><dd><a href="{% url 'core:borger-detail' borger.uuid %}">{{ borger.navn }}</a></dd>
      <dt>{% translate "Fødselsdato" %}</dt><dd>{{ borger.foedselsdato|date:"j. F Y" }}</dd>
      <dt>{% translate "Adresse" %}</dt><dd>{{ borger.adresse }}{% if borger.postnummer %}, {{ borger.postnummer }} {{ borger.by }}{% endif %}</dd>
      <dt>{% translate "Telefon" %}</dt><dd>{{ borger.telefon|default:"–" }}</dd>
    </dl>
    {% if grants or is_team_leader %}
    <h2 class="h3">{% translate "Midlertidig adgang" %}</h2>
    {% if grants %}
      <ul>
      {% for g in grants %}
        <li>{{ g.navn }} {% translate "til" %} {{ g.udloeber_at|date:"j. b Y H:i" }} – {{ g.begrundelse }}
          {% if is_team_leader %}
          <form method="post" action="{% url 'core:adgang-revoke' sag.uuid g.pk %}" class="app-inline-form">{% csrf_token %}<button class="button button-unstyled" type="submit">{% translate "Fjern" %}<span class="sr-only"> {% translate "adgang for" %} {{ g.navn }}</span></button></form>
          {% endif %}
        </li>
      {% endfor %}
      </ul>
    {% else %}<p>{% translate "Ingen midlertidige adgange." %}</p>{% endif %}
    {% if is_team_leader %}
      {% include "core/adgang_form.html#form" with form=adgang_form %}
    {% endif %}
    {% endif %}
    {% if is_team_leader %}
      <h2 class="h3">{% translate "Bevaring" %}</h2>
      {% include "core/bevaring_form.html#form" with form=bevaring_form %}
    {% endif %}
  </aside>
</div>

{# The journal form's fields: rendered once per language for the empty form (views._journal_form_fields). #}{% partialdef journal_fields %}{% include "includes/form_errors.html" with form=journal_form prefix="journal" %}
      {% include "includes/field.html" with field=journal_form.art %}
      {% include "includes/field.html" with field=journal_form.emne %}
      {% include "includes/field.html" with field=journal_form.tekst %}
      {% include "includes/field.html" with field=journal_form.haendelse_at %}{% endpartialdef %}{% partialdef journal inline %}
<section id="journal" aria-labelledby="journal-heading">
  <h2 id="journal-heading">{% translate "Journal" %}</h2>
  {% if can_write_journal %}
  <details class="app-journal-form"{% if journal_form.errors %} open{% endif %}>
    <summary>{% translate "Skriv et notat" %}</summary>
    <form method="post" novalidate action="{% url 'core:journal-create' sag.uuid %}" hx-post="{% url 'core:journal-create' sag.uuid %}" hx-target="#journal" hx-swap="outerHTML">
      {% csrf_token %}
      {% if journal_form %}{% partial journal_fields %}{% else %}{{ journal_form_fields }}{% endif %}
      <button type="submit" class="button button-primary">{% translate "Gem notat" %}</button>
    </form>
  </details>
  {% endif %}
  <ol class="app-timeline">
  {# rows formatted in Python: views._journal_rows #}{% translate "retter" as retter %}{% translate "Ret med et nyt notat" as ret %}{% for note in journal %}
    <li id="notat-{{ note.uuid }}">
      <h3 class="h5">{{ note.emne }}</h3>
      <p class="app-meta">{{ note.meta }}
        {% if note.korrigerer_uuid %} · {{ retter }} <a href="#notat-{{ note.korrigerer_uuid }}">{{ note.korrigerer_emne }}</a>{% endif %}
        {% if note.rettelser %} · <strong>{{ note.rettelser }}</strong>{% endif %}
      </p>
      <p class="app-pre">{{ note.tekst }}</p>
      {% if can_write_journal %}<a href="{{ note.ret_url }}">{{ ret }}<span class="sr-only">: {{ note.emne }}</span></a>{% endif %}
    </li>
  {% empty %}
    <li>{% translate "Ingen notater endnu." %}</li>
  {% endfor %}
  </ol>
</section>
{% endpartialdef %}
{% endblock %}
"""
# The journal partial (`core/sag_detail.html#journal`, htmx) of the old page, with the fields'.
_FIELDS = OLD_PAGE[OLD_PAGE.index("{% partialdef journal_fields %}") : OLD_PAGE.index("{% partialdef journal inline %}")]
_JOURNAL = OLD_PAGE[OLD_PAGE.index("{% partialdef journal inline %}") + len("{% partialdef journal inline %}") : OLD_PAGE.rindex("{% endpartialdef %}")]
OLD_JOURNAL = "{% load i18n partials %}" + _FIELDS + _JOURNAL
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]*"')
CONTEXT = ("sag", "borger", "journal_form", "journal_form_fields", "grants", "is_team_leader", "adgang_form",
           "bevaring_form", "can_write_journal", "sections")
NOW = datetime(2026, 3, 31, 12, tzinfo=CPH)


def _same(response: Any, old: str = OLD_PAGE) -> str:
    """The response against the old template, rendered with the view's context and the journal
    as the old template read it (`views._journal_rows`)."""
    assert response.status_code in (200, 422)
    context = {key: response.context[key] for key in CONTEXT if key in response.context}
    context["journal"] = views._journal_rows(context["sag"])
    expected = engines["django"].from_string(old).render(context, response.wsgi_request)
    new = CSRF.sub(r"\1", response.content.decode())
    assert new == CSRF.sub(r"\1", expected)
    return new


def _get(client, user, sag) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        return _same(client.get(reverse("core:sag-detail", kwargs={"uuid": sag.uuid})))


def test_a_case_with_every_kind_of_row_prints_as_before(cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
    sag = _rich_case(cast)
    html = _get(client, cast.anna, sag)
    assert "retter <a href=" in html and "Ret med et nyt notat" in html and "Første &lt;i&gt;notat&lt;/i&gt;" in html
    html = _get(client, cast.bo, sag)  # the team leader: the grants' buttons and the leader's forms
    assert f'action="/sager/{sag.uuid}/bevaring/"' in html


def test_a_closed_case_on_hold_and_a_citizen_without_postcode_print_as_before(cast, client) -> None:  # type: ignore[no-untyped-def]
    borger = make_borger("Åse <b>", "O'Brien & \"Søn\"", kommune=cast.kommune)
    Borger.objects.filter(pk=borger.pk).update(adresse="Vej 1 <st.>", postnummer="", telefon="")
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=CPH), tick=False):
        sag = make_sag(borger, cast.anna, cast.team_nord)
    sag_close(sag=sag, closed_on=date(2026, 3, 20), begrundelse="Flyttet", actor=cast.anna, now=datetime(2026, 3, 20, 9, tzinfo=CPH))
    sag.refresh_from_db()
    sag_bevaring_set(sag=sag, bevares=True, grund="klage", begrundelse="Verserende <klage> & sag", actor=cast.bo,
                     now=datetime(2026, 3, 30, 23, 30, tzinfo=UTC))  # 31 March in Copenhagen
    html = _get(client, cast.anna, sag)
    assert "<h1>Åse &lt;b&gt; O&#x27;Brien &amp; &quot;Søn&quot; <span" in html
    assert "<dt>Telefon</dt><dd>–</dd>" in html and "<dd>Vej 1 &lt;st.&gt;</dd>" in html
    assert " (20. marts 2026)</dd>" in html and "(Bo Leder, 31. mar 2026)" in html
    # a new case: no hold, a postcode
    bent = make_borger("Bent", "Bæk", kommune=cast.kommune)
    Borger.objects.filter(pk=bent.pk).update(by="Lille <By> & Co")
    html = _get(client, cast.carl, make_sag(bent, cast.carl, cast.team_syd))
    assert "Slettes, når opbevaringsperioden" in html and " Lille &lt;By&gt; &amp; Co</dd>" in html


def test_a_journal_without_notes_prints_as_before() -> None:
    """(Every case has a note from its creation, so the page test cannot show this.)"""
    loop = _JOURNAL[_JOURNAL.index('{% translate "retter" as retter %}') : _JOURNAL.index("{% endfor %}") + len("{% endfor %}")]
    old = engines["django"].from_string("{% load i18n %}" + loop).render({"journal": [], "can_write_journal": True})
    assert journal_items_html([], can_write_journal=True) == old == "\n    <li>Ingen notater endnu.</li>\n  "


def test_the_journal_s_answers_to_a_note_with_errors_print_as_before(cast, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.anna)
    url = reverse("core:journal-create", kwargs={"uuid": cast.sag_erik.uuid})
    with time_machine.travel(NOW, tick=False):
        client.post(url, {"art": "opkald", "emne": "Et <notat>", "tekst": "Tekst", "haendelse_at": "2026-03-31T10:00"})
        page = _same(client.post(url, {"art": "opkald", "emne": "", "tekst": ""}))
        partial = _same(client.post(url, {"art": "opkald", "emne": "", "tekst": ""}, HTTP_HX_REQUEST="true"), OLD_JOURNAL)
    assert "form-error" in page and "form-error" in partial and partial.startswith('\n<section id="journal"')

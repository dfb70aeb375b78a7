"""The visitation panel written in Python (issue 10: `visitation.case_section`) prints what its
old template printed: the template (kept here as the reference, with the formatting it was
given, `_old_format`) and the new code are rendered for the same timeline and compared byte for
byte (apart from the csrf tokens): on the case page for a case with every kind of row (as the
sagsbehandler and as the team leader) and for a case without visitation, and for timelines made
up of every branch of every kind of event, with text that needs escaping."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
import time_machine
from django.template import engines
from django.template.defaultfilters import floatformat
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bostotte.core.case_sections import date_text, field_labels, uuid_url
from levering.models import Leverandoer
from tests.core.views.test_sag_detail_rows import CPH, _rich_case
from tests.factories import make_borger, make_sag
from visitation.case_section import _section_html
from visitation.models import Afgoerelse, Bestilling, Henvendelse, Klage, Udredning

pytestmark = pytest.mark.django_db

# templates/visitation/_sag_section.html before the panel went to Python.
OLD_TEMPLATE = """{% load static %}<link rel="stylesheet" href="{% static 'css/visitation.css' %}">
{% load i18n %}{% with tl=section.tl %}
<section id="visitation" aria-labelledby="visitation-heading" class="app-visitation">
  <h2 id="visitation-heading">{% translate "Visitation" %}</h2>
  {% if tl.frister %}
  <h3>{% translate "Frister" %}</h3>
  <ul>
    {% for f in tl.frister %}<li>{{ f.label }}: <strong>{{ f.on|date:"j. F Y" }}</strong>{% if f.on < section.today %} <span class="app-frist-overskredet">({% translate "overskredet" %})</span>{% endif %}</li>{% endfor %}
  </ul>
  {% endif %}
  <h3>{% translate "Næste skridt" %}</h3>
  <div class="app-actions">
    <a class="button button-secondary" href="{% url 'visitation:henvendelse-create-sag' sag.uuid %}">{% translate "Ny henvendelse" %}</a>
    {% if tl.kladde_udredning %}
      <a class="button button-primary" href="{% url 'visitation:udredning-edit' tl.kladde_udredning.uuid %}">{% translate "Fortsæt udredningen" %}</a>
    {% elif tl.aaben_henvendelse and not tl.aktiv_bevilling %}
      <form method="post" action="{% url 'visitation:udredning-create' sag.uuid %}" class="app-inline-form">{% csrf_token %}<button type="submit" class="button button-primary">{% translate "Start udredning" %}</button></form>
    {% endif %}
    {% if tl.afsluttet_udredning and tl.aaben_henvendelse %}
      <form method="post" action="{% url 'visitation:afgoerelse-create' sag.uuid %}" class="app-inline-form">{% csrf_token %}
        <label class="sr-only" for="ny-resultat">{% translate "Afgørelsens resultat" %}</label>
        <select name="resultat" id="ny-resultat" class="form-select app-inline-select"><option value="bevilling">{% translate "Bevilling" %}</option><option value="afslag">{% translate "Afslag" %}</option></select>
        <button type="submit" class="button button-primary">{% translate "Lav afgørelse" %}</button></form>
    {% endif %}
    {% if tl.aktiv_bevilling and not tl.live_bestilling %}
      <a class="button button-primary" href="{% url 'visitation:bestilling-create' tl.aktiv_bevilling.uuid %}">{% translate "Lav bestilling" %}</a>
    {% endif %}
    {% if tl.aktiv_bevilling and not tl.kladde_udredning %}
      <form method="post" action="{% url 'visitation:revisitation-start' tl.aktiv_bevilling.uuid %}" class="app-inline-form">{% csrf_token %}<button type="submit" class="button button-secondary">{% translate "Start revisitation" %}</button></form>
    {% endif %}
  </div>
  <h3>{% translate "Forløb" %}</h3>
  <ol class="app-timeline">
  {# links, dates and labels come formatted from visitation/case_section.py (e.v) #}{% for e in tl.events %}{% with o=e.obj v=e.v %}
    <li>
      {% if e.kind == "henvendelse" %}
        <h4 class="h5"><a href="{{ v.url }}">{% translate "Henvendelse" %}</a> <span class="app-status">{{ v.status }}</span></h4>
        <p class="app-meta">{{ v.dato }} · {{ v.kilde }} · {{ v.art }}{% if o.frist_on %} · {% translate "frist" %} {{ v.frist }}{% endif %}{% if o.underretning_sendt_on %} · {% translate "underrettet om forventet afgørelse" %} {{ v.forventet }}{% endif %}</p>
      {% elif e.kind == "udredning" %}
        <h4 class="h5"><a href="{{ v.url }}">{% if o.er_revisitation %}{% translate "Revisitation" %}{% else %}{% translate "Udredning" %}{% endif %}</a> <span class="app-status">{{ v.status }}</span></h4>
        <p class="app-meta">{{ v.dato }}</p>
      {% elif e.kind == "afgoerelse" %}
        <h4 class="h5"><a href="{{ v.url }}">{% translate "Afgørelse" %}: {{ v.resultat }}</a> <span class="app-status">{{ v.status }}{% if o.er_aktiv %} – {% translate "aktiv" %}{% endif %}</span></h4>
        <p class="app-meta">{{ v.dato }}{% if v.timer %} · {{ v.timer }} {% translate "timer" %} {{ v.periode }}{% endif %}{% if o.erstatter_id %} · {% translate "ændrer en tidligere bevilling" %}{% endif %}
        {% if o.status == "truffet" %} · {% if v.brev_url %}<a href="{{ v.brev_url }}">{% translate "brev (PDF)" %}</a>{% else %}{% translate "brevet dannes …" %}{% endif %}{% endif %}</p>
      {% elif e.kind == "bestilling" %}
        <h4 class="h5"><a href="{{ v.url }}">{% translate "Bestilling til" %} {{ o.leverandoer.navn }}</a> <span class="app-status">{{ v.status }}</span></h4>
        <p class="app-meta">{% if o.sendt_at %}{% translate "sendt" %} {{ v.sendt }}{% else %}{% translate "kladde" %}{% endif %}{% if o.besvaret_at %} · {% translate "besvaret" %} {{ v.besvaret }}{% endif %}{% if o.status == "afvist" %} · {% translate "begrundelse" %}: {{ o.afvist_begrundelse }}{% endif %}{% if o.foerste_besoeg_on %} · {% translate "første besøg" %} {{ v.foerste }}{% endif %}</p>
      {% elif e.kind == "klage" %}
        <h4 class="h5"><a href="{{ v.url }}">{% translate "Klage" %}</a> <span class="app-status">{% if v.anke %}{{ v.anke }}{% elif o.sendt_ankestyrelsen_on %}{% translate "hos Ankestyrelsen" %}{% elif v.genvurdering %}{{ v.genvurdering }}{% else %}{% translate "afventer genvurdering" %}{% endif %}</span></h4>
        <p class="app-meta">{{ v.dato }} · {{ v.form }} · {% translate "genvurdering senest" %} {{ v.frist }}</p>
      {% endif %}
    </li>
  {% endwith %}{% empty %}
    <li>{% translate "Ingen visitation endnu. Registrér en henvendelse for at komme i gang." %}</li>
  {% endfor %}
  </ol>
</section>
{% endwith %}
"""
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')
NOW = datetime(2026, 3, 31, 12, tzinfo=CPH)

# visitation/case_section.py's formatting for the old template (e["v"]), as it was.
_URLS = {
    "henvendelse": "visitation:henvendelse-detail",
    "udredning": "visitation:udredning-edit",
    "afgoerelse": "visitation:afgoerelse-detail",
    "bestilling": "visitation:bestilling-detail",
    "klage": "visitation:klage-detail",
    "brev": "visitation:afgoerelse-brev",
}


def _dato(value: date | datetime | None) -> str:
    """As the template's `|date:"j. F Y"` (a datetime in the current time zone)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return date_text(value, "j. F Y")


def _format(events: list[dict[str, Any]]) -> None:
    """Each event's links, dates and choice labels formatted once in Python (`v`): per event
    `{% url %}`, `|date` and `get_…_display` through the template engine were most of the
    panel's time (issue 10). The template keeps the markup; the output is the same. The
    labels, month names and URLs are built once per language (`bostotte.core.case_sections`)."""
    label = {
        (model, field): field_labels(model, field)
        for model, fields in (
            (Henvendelse, ("status", "kilde", "art")),
            (Udredning, ("status",)),
            (Afgoerelse, ("status", "resultat", "timer_periode")),
            (Bestilling, ("status",)),
            (Klage, ("anke_resultat", "genvurdering", "form")),
        )
        for field in fields
    }

    def display(o: Any, field: str) -> Any:  # o.get_<field>_display()
        value = getattr(o, field)
        return label[type(o), field].get(value, value)

    for e in events:
        o, kind = e["obj"], e["kind"]
        v: dict[str, Any] = {"url": uuid_url(_URLS[kind], o.uuid), "dato": _dato(e["on"])}
        if kind == "henvendelse":
            v |= {
                "status": display(o, "status"),
                "kilde": display(o, "kilde"),
                "art": display(o, "art"),
                "frist": _dato(o.frist_on),
                "forventet": _dato(o.forventet_afgoerelse_on),
            }
        elif kind == "udredning":
            v["status"] = display(o, "status")
        elif kind == "afgoerelse":
            v |= {
                "status": display(o, "status"),
                "resultat": display(o, "resultat"),
                "timer": floatformat(o.timer, "-2") if o.timer else "",
                "periode": display(o, "timer_periode"),
                "brev_url": uuid_url(_URLS["brev"], o.uuid) if o.brev else "",
            }
        elif kind == "bestilling":
            v |= {
                "status": display(o, "status"),
                "sendt": _dato(o.sendt_at),
                "besvaret": _dato(o.besvaret_at),
                "foerste": _dato(o.foerste_besoeg_on),
            }
        elif kind == "klage":
            v |= {
                "anke": display(o, "anke_resultat") if o.anke_resultat else "",
                "genvurdering": display(o, "genvurdering") if o.genvurdering else "",
                "form": display(o, "form"),
                "frist": _dato(o.genvurdering_frist_on),
            }
        e["v"] = v


def _old(request: Any, sag: Any, tl: dict[str, Any], today: date) -> str:
    events = [dict(e) for e in tl["events"]]
    _format(events)
    section = {"tl": {**tl, "events": events}, "today": today}
    return engines["django"].from_string(OLD_TEMPLATE).render({"section": section, "sag": sag}, request)


def _same(request: Any, sag: Any, tl: dict[str, Any], today: date) -> str:
    new = str(_section_html(request, sag, tl, today))
    assert CSRF.sub(r"\1", new) == CSRF.sub(r"\1", _old(request, sag, tl, today))
    return new


def _page_section(client: Any, user: Any, sag: Any) -> str:
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("core:sag-detail", kwargs={"uuid": sag.uuid}))
        assert response.status_code == 200
        (section,) = [s for s in response.context["sections"] if s.get("name") == "visitation"]
        html = str(section["html"])
        old = _old(response.wsgi_request, sag, section["tl"], section["today"])
    assert CSRF.sub(r"\1", html) == CSRF.sub(r"\1", old)
    assert html in response.content.decode()
    return CSRF.sub(r"\1", html)


def test_the_case_page_s_panel_prints_as_before(cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
    sag = _rich_case(cast)
    html = _page_section(client, cast.anna, sag)
    assert "Klage" in html and "Bestilling til" in html and "Henvendelse" in html
    assert _page_section(client, cast.bo, sag) == html  # the team leader sees the same (a new csrf token aside)
    html = _page_section(client, cast.carl, make_sag(make_borger("Bent", "Bæk", kommune=cast.kommune), cast.carl, cast.team_syd))
    assert "Ingen visitation endnu." in html


def _u(n: int) -> UUID:
    return UUID(int=n)


def _events() -> list[dict[str, Any]]:
    """Every branch of every kind of event, with text that needs escaping."""
    lev = Leverandoer(navn="Bo & <Støtte> \"A/S\"")
    out: list[Any] = [
        Henvendelse(uuid=_u(1), modtaget_on=date(2026, 3, 1), status="aaben", kilde="egen", art="ny",
                    frist_on=date(2026, 3, 10), underretning_sendt_on=date(2026, 3, 9), forventet_afgoerelse_on=date(2026, 4, 2)),
        Henvendelse(uuid=_u(2), modtaget_on=date(2026, 1, 5), status="afgjort", kilde="paaroerende", art="ny"),
        Udredning(uuid=_u(3), status="kladde", er_revisitation=True, created_at=datetime(2026, 3, 30, 23, 30, tzinfo=UTC)),
        Udredning(uuid=_u(4), status="afsluttet", afsluttet_at=datetime(2026, 2, 1, 9, tzinfo=UTC), created_at=NOW),
        Afgoerelse(uuid=_u(5), status="truffet", resultat="bevilling", er_aktiv=True, timer=Decimal("3.50"), timer_periode="uge",
                   erstatter_id=9, brev="afgoerelser/2026/x.pdf", truffet_at=NOW, created_at=NOW),
        Afgoerelse(uuid=_u(6), status="truffet", resultat="afslag", timer=None, created_at=NOW, truffet_at=NOW),
        Afgoerelse(uuid=_u(7), status="kladde", resultat="bevilling", timer=Decimal("2"), timer_periode="maaned", created_at=NOW),
        Bestilling(uuid=_u(8), status="afvist", leverandoer=lev, sendt_at=NOW, besvaret_at=NOW,
                   afvist_begrundelse="Ingen <plads> & \"tid\"", created_at=NOW),
        Bestilling(uuid=_u(9), status="kladde", leverandoer=lev, created_at=NOW, foerste_besoeg_on=date(2026, 5, 1)),
        Bestilling(uuid=_u(10), status="accepteret", leverandoer=lev, sendt_at=NOW, besvaret_at=NOW,
                   foerste_besoeg_on=date(2026, 4, 7), created_at=NOW),
        Klage(uuid=_u(11), modtaget_on=date(2026, 3, 5), form="mundtlig", genvurdering_frist_on=date(2026, 4, 2), anke_resultat="stadfaestet"),
        Klage(uuid=_u(12), modtaget_on=date(2026, 3, 6), form="skriftlig", genvurdering_frist_on=None, sendt_ankestyrelsen_on=date(2026, 3, 20)),
        Klage(uuid=_u(13), modtaget_on=date(2026, 3, 7), form="mundtlig", genvurdering_frist_on=date(2026, 4, 2), genvurdering="fastholdt"),
        Klage(uuid=_u(14), modtaget_on=date(2026, 3, 8), form="mundtlig", genvurdering_frist_on=date(2026, 4, 2)),
    ]
    kind = {Henvendelse: "henvendelse", Udredning: "udredning", Afgoerelse: "afgoerelse", Bestilling: "bestilling", Klage: "klage"}
    return [{"kind": kind[type(o)], "on": date(2026, 3, 1), "obj": o} for o in out]


@pytest.mark.parametrize(
    "state",
    [
        {},  # nothing open: only "Ny henvendelse"
        {"kladde_udredning": 2, "aaben_henvendelse": 0},
        {"aaben_henvendelse": 0},
        {"aaben_henvendelse": 0, "afsluttet_udredning": 3},
        {"aaben_henvendelse": 0, "afsluttet_udredning": 3, "aktiv_bevilling": 4},
        {"aktiv_bevilling": 4, "live_bestilling": 9},
        {"aktiv_bevilling": 4, "kladde_udredning": 2},
    ],
)
def test_every_kind_of_event_and_next_step_prints_as_before(cast, state) -> None:  # type: ignore[no-untyped-def]
    events = _events()
    objs = [e["obj"] for e in events]
    tl: dict[str, Any] = {
        "events": events,
        "frister": [
            {"label": "Sagsbehandlingsfrist", "on": date(2026, 3, 30), "obj": objs[0]},
            {"label": "Genvurdering <af> klage", "on": date(2026, 3, 31), "obj": objs[-1]},
            {"label": "Genvurdering af klage", "on": None, "obj": objs[-2]},
            {"label": "Genvurdering af klage", "on": date(2026, 4, 2), "obj": objs[-1]},
        ],
        "aktiv_bevilling": None, "aaben_henvendelse": None, "kladde_udredning": None,
        "afsluttet_udredning": None, "live_bestilling": None,
    } | {key: objs[i] for key, i in state.items()}
    request = RequestFactory().get("/")
    with timezone.override(CPH):
        html = _same(request, cast.sag_erik, tl, date(2026, 3, 31))
        assert "Bo &amp; &lt;Støtte&gt; &quot;A/S&quot;" in html and "Ingen &lt;plads&gt;" in html
        assert "Genvurdering &lt;af&gt; klage" in html
        _same(request, cast.sag_erik, {**tl, "events": [], "frister": []}, date(2026, 3, 31))

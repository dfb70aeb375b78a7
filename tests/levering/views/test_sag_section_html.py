"""The levering panel written in Python (issue 10: `levering.case_section._section_html`) prints
what its old template printed: the template (kept here as the reference) and the new code are
rendered for the same section data and compared byte for byte (apart from the csrf tokens): on the
case page for a case with bestillinger, tildelinger, visits, admissions and status reports (as the
sagsbehandler and as the team leader) and for a new case, and for made-up rows covering every
branch, with text that needs escaping."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from uuid import UUID

import pytest
import time_machine
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from bostotte.core.case_sections import field_labels
from levering.case_section import _section_html
from tests.core.views.test_sag_detail_rows import CPH, _rich_case
from tests.factories import make_borger, make_sag
from visitation.models import Bestilling

pytestmark = pytest.mark.django_db

# templates/levering/_sag_section.html before the panel went to Python.
OLD_TEMPLATE = """{% load i18n %}<section class="lev-sag" aria-labelledby="levering-heading">
  <h2 id="levering-heading">{% translate "Levering" %}</h2>
  {% if section.tom %}<p>{% translate "Ingen bestillinger sendt til en leverandør endnu." %}</p>
  {% else %}
  <ul>{% for b in section.bestillinger %}<li>{{ b.leverandoer.navn }}: <strong>{{ b.get_status_display }}</strong>{% if b.besvaret_at %} {{ b.besvaret_at|date:"j. b Y" }}{% endif %}{% if b.status == "afvist" %} – {{ b.afvist_begrundelse }}{% endif %}{% if b.foerste_besoeg_on %} · {% translate "første besøg" %} {{ b.foerste_besoeg_on|date:"j. b Y" }}{% endif %}</li>{% endfor %}</ul>
  {% for bt in section.timer %}
    {% include "levering/_timer_table.html" with bt=bt caption=_("Leverede timer mod rammen") %}
  {% endfor %}
  <h3>{% translate "Indlæggelser" %}</h3>
  <ul>{% for i in section.indlaeggelser %}
    <li>{{ i.indlagt_on|date:"j. b Y" }} – {% if i.udskrevet_on %}{{ i.udskrevet_on|date:"j. b Y" }}{% if not i.opfoelgning_afsluttet_at %} <strong class="lev-flag lev-flag-warn">{% translate "Udskrevet – opfølgning" %}</strong>
      <form method="post" action="{% url 'levering:indlaeggelse-opfoelgning' i.uuid %}" class="app-inline-form">{% csrf_token %}<button class="button button-secondary" type="submit">{% translate "Markér opfølgning som sket" %}</button></form>{% endif %}{% else %}<strong>{% translate "indlagt nu" %}</strong>{% endif %} · {% if i.pause %}{% translate "støtten holder pause" %}{% else %}{% translate "støtten fortsætter" %}{% endif %}</li>
  {% empty %}<li>{% translate "Ingen." %}</li>{% endfor %}</ul>
  <p><a href="{% url 'levering:indlaeggelse-create' section.sag.uuid %}">{% translate "Registrér indlæggelse eller udskrivning" %}</a></p>
  <h3>{% translate "Statusrapporter fra leverandøren" %}</h3>
  {% for r in section.rapporter %}
    <details><summary>{{ r.sendt_at|date:"j. b Y" }} – {{ r.leverandoer }} ({{ r.periode_fra|date:"j. b" }}–{{ r.periode_til|date:"j. b Y" }})</summary>
      <dl class="app-dl"><dt>{% translate "Hvad har virket" %}</dt><dd class="app-pre">{{ r.hvad_virkede }}</dd><dt>{% translate "Borgerens vurdering" %}</dt><dd class="app-pre">{{ r.borgers_perspektiv }}</dd>{% if r.samlet_vurdering %}<dt>{% translate "Samlet vurdering" %}</dt><dd class="app-pre">{{ r.samlet_vurdering }}</dd>{% endif %}</dl>
      {% if r.delmaal %}<ul>{% for titel, fremskridt in r.delmaal %}<li><strong>{{ titel }}</strong>: {{ fremskridt }}</li>{% endfor %}</ul>{% endif %}
    </details>
  {% empty %}<p>{% translate "Ingen statusrapporter endnu." %}</p>{% endfor %}
  {% endif %}
</section>
"""
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')
NOW = datetime(2026, 3, 31, 12, tzinfo=CPH)


def _old(request: Any, section: dict[str, Any]) -> str:
    return engines["django"].from_string(OLD_TEMPLATE).render({"section": section}, request)


def _same(new: str, old: str) -> None:
    assert CSRF.sub(r"\1x\"", new) == CSRF.sub(r"\1x\"", old)


def _page_section(client: Any, user: Any, sag: Any) -> str:
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("core:sag-detail", kwargs={"uuid": sag.uuid}))
        assert response.status_code == 200
        (section,) = [s for s in response.context["sections"] if s.get("name") == "levering"]
        html = str(section["html"])
        _same(html, _old(response.wsgi_request, section))
    assert html in response.content.decode()
    return CSRF.sub(r"\1x\"", html)


def test_the_case_page_s_panel_prints_as_before(cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
    from levering.models import Indlaeggelse  # noqa: PLC0415
    from levering.services.indlaeggelse import indlaeggelse_create, indlaeggelse_udskriv  # noqa: PLC0415

    sag = _rich_case(cast)
    # a discharge without follow-up (the form) as well as the open admission
    (aaben,) = Indlaeggelse.objects.filter(sag=sag)
    indlaeggelse_udskriv(indlaeggelse=aaben, udskrevet_on=date(2026, 2, 10), actor=cast.anna, now=NOW - timedelta(days=40))
    indlaeggelse_create(sag=sag, indlagt_on=date(2026, 3, 20), actor=cast.anna, now=NOW - timedelta(days=5))
    html = _page_section(client, cast.anna, sag)
    assert "Leverede timer mod rammen" in html and "Faste &lt;b&gt;tider&lt;/b&gt;" in html
    assert "csrfmiddlewaretoken" in html and "indlagt nu" in html and "Handler ind hver uge" in html
    assert _page_section(client, cast.bo, sag) == html  # the team leader sees the same
    html = _page_section(client, cast.carl, make_sag(make_borger("Bent", "Bæk", kommune=cast.kommune), cast.carl, cast.team_syd))
    assert "Ingen bestillinger sendt til en leverandør endnu." in html


def _b(status: str, **kw: Any) -> SimpleNamespace:
    labels = field_labels(Bestilling, "status")
    return SimpleNamespace(
        leverandoer=SimpleNamespace(navn=kw.pop("navn", "Lev <Nord> & co")),
        status=status,
        get_status_display=lambda: labels.get(status, status),
        besvaret_at=kw.pop("besvaret_at", None),
        afvist_begrundelse=kw.pop("afvist_begrundelse", ""),
        foerste_besoeg_on=kw.pop("foerste_besoeg_on", None),
    )


def _i(n: int, indlagt: date, udskrevet: date | None, afsluttet: datetime | None, pause: bool) -> SimpleNamespace:
    return SimpleNamespace(
        uuid=UUID(int=n), indlagt_on=indlagt, udskrevet_on=udskrevet, opfoelgning_afsluttet_at=afsluttet, pause=pause
    )


def test_every_branch_prints_as_before(cast) -> None:  # type: ignore[no-untyped-def]
    data: dict[str, Any] = {
        "sag": cast.sag_erik,
        "bestillinger": [
            # 23:30 UTC is the next day in Copenhagen: |date prints local time
            _b("accepteret", besvaret_at=datetime(2026, 1, 31, 23, 30, tzinfo=UTC),
               foerste_besoeg_on=date(2026, 2, 3)),
            _b("afvist", besvaret_at=datetime(2026, 3, 1, 9, tzinfo=CPH), afvist_begrundelse="Ingen <plads> & \"tid\"",
               navn="B'o"),
            _b("sendt"),
        ],
        "timer": [],
        "indlaeggelser": [
            _i(1, date(2026, 3, 1), None, None, True),
            _i(2, date(2026, 1, 1), date(2026, 1, 9), None, False),
            _i(3, date(2025, 12, 1), date(2025, 12, 5), datetime(2025, 12, 6, tzinfo=CPH), True),
        ],
        "rapporter": [
            {
                "sendt_at": datetime(2026, 2, 28, 23, 30, tzinfo=UTC),
                "leverandoer": "Lev & <Syd>",
                "periode_fra": date(2026, 1, 1),
                "periode_til": date(2026, 1, 31),
                "hvad_virkede": "Faste <b>tider</b>\nog 'ro'",
                "borgers_perspektiv": "Godt & \"fint\"",
                "samlet_vurdering": "Samlet <ok>",
                "delmaal": [("Mad <ind>", "Hver & uge"), ("Bolig", "Ok")],
            },
            {
                "sendt_at": datetime(2026, 3, 2, 8, tzinfo=CPH),
                "leverandoer": "",
                "periode_fra": date(2025, 12, 1),
                "periode_til": date(2026, 2, 28),
                "hvad_virkede": "",
                "borgers_perspektiv": "",
                "samlet_vurdering": "",
                "delmaal": [],
            },
        ],
    }
    request = RequestFactory().get("/")
    for rows in (data, {**data, "bestillinger": [], "indlaeggelser": [], "rapporter": []}, {"sag": cast.sag_erik, "tom": True}):
        _same(str(_section_html(request, rows)), _old(request, rows))
    html = str(_section_html(request, data))
    assert "Lev &lt;Nord&gt; &amp; co" in html and "Ingen &lt;plads&gt; &amp; &quot;tid&quot;" in html
    assert "1. feb 2026" in html  # the local date

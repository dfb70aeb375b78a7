"""The tilsyn panel written in Python (issue 10: `tilsyn.sections._section_html`) prints what its
old template printed: the template (kept here as the reference, with the formatting it was
given, `_old_rows`) and the new code are rendered for the same rows and compared byte for byte:
on the case page for a case with every kind of row (as the sagsbehandler and as the team leader)
and for a new case, and for made-up rows covering every branch, with text that needs escaping."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

import pytest
import time_machine
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import gettext as _

from bostotte.core.case_sections import date_text, field_labels, uuid_url
from bostotte.ffb.models import Kode
from tests.core.views.test_sag_detail_rows import CPH, _rich_case
from tests.factories import make_borger, make_sag
from tilsyn.models import Opfoelgning, Opgave, Tilsyn
from tilsyn.sections import _section_html
from visitation.models import Indsatsmaal

pytestmark = pytest.mark.django_db

# templates/tilsyn/_sag_section.html before the panel went to Python.
OLD_TEMPLATE = """{% load i18n %}{# rows come formatted from tilsyn/sections.py #}
<section aria-labelledby="tilsyn-heading" class="app-tilsyn-section">
  <h2 id="tilsyn-heading">{% translate "Frister, opfølgning og tilsyn" %}</h2>
  <h3 class="h4">{% translate "Åbne frister" %}</h3>
  {% if section.opgaver %}
  <ul>
    {% translate "frist" as frist %}{% translate "overskredet" as overskredet %}{% for o in section.opgaver %}
    <li>{{ o.art }} – {{ frist }} {{ o.due }}{% if o.overskredet %} <strong>({{ overskredet }})</strong>{% endif %} · {{ o.ansvarlig }}</li>
    {% endfor %}
  </ul>
  {% else %}<p>{% translate "Ingen åbne frister." %}</p>{% endif %}
  <div class="app-actions">
    {% if section.har_bestilling %}
      {% for m in section.maal %}<a class="button button-secondary" href="{{ section.opfoelgning_url }}?maal={{ m.uuid }}">{% translate "Følg op på" %} {{ m.undertema.display }}</a>{% endfor %}
      <a class="button button-secondary" href="{{ section.opfoelgning_url }}">{% translate "Følg op på hele indsatsen" %}</a>
    {% endif %}
    {% if section.har_bevilling %}<a class="button button-secondary" href="{% url 'tilsyn:tilsyn-create' sag.uuid %}">{% translate "Før personrelateret tilsyn" %}</a>{% endif %}
  </div>
  <h3 class="h4">{% translate "Opfølgninger" %}</h3>
  {% if section.opfoelgninger %}
  <ul>{% for o in section.opfoelgninger %}<li><a href="{{ o.url }}">{{ o.dato }}: {{ o.emne }}</a> – {{ o.resultat }}</li>{% endfor %}</ul>
  {% else %}<p>{% translate "Ingen opfølgninger endnu." %}</p>{% endif %}
  <h3 class="h4">{% translate "Personrelateret tilsyn" %}</h3>
  {% if section.tilsyn_liste %}
  <ul>{% for t in section.tilsyn_liste %}<li><a href="{{ t.url }}">{{ t.dato }}</a> – {{ t.handling }}</li>{% endfor %}</ul>
  {% else %}<p>{% translate "Intet tilsyn endnu." %}</p>{% endif %}
</section>
"""
NOW = datetime(2026, 3, 31, 12, tzinfo=CPH)
_ROWS = ("opgaver", "opfoelgninger", "tilsyn_liste")


# tilsyn/sections.py's formatting of the rows for the old template, as it was.
def _navn(username: str | None, first_name: str | None, last_name: str | None) -> str:
    """`User.visningsnavn` from the columns."""
    return f"{first_name or ''} {last_name or ''}".strip() or (username or "")


def _rows(data: dict[str, Any], today: Any) -> None:
    """The panel's list items formatted once in Python (`{% url %}`, `|date` and choice labels
    per row through the template engine were most of the panel's time, issue 10); the output
    is the same. Labels, month names and URLs are built once per language (core.case_sections)."""
    art = field_labels(Opgave, "art")
    data["opgaver"] = [
        {
            "art": art.get(kind, kind),
            "due": date_text(due_on, "j. b Y"),
            "overskredet": due_on < today,
            "ansvarlig": _navn(username, first_name, last_name),
        }
        for kind, due_on, username, first_name, last_name in data["opgaver"]
    ]
    resultat = field_labels(Opfoelgning, "resultat")
    hele = _("hele indsatsen")
    data["opfoelgninger"] = [
        {
            "url": uuid_url("tilsyn:opfoelgning-detail", uuid),
            "dato": date_text(udfoert_on, "j. b Y"),
            "emne": undertema if maal_id else hele,
            "resultat": resultat.get(res, res),
        }
        for uuid, udfoert_on, res, maal_id, undertema in data["opfoelgninger"]
    ]
    handling = field_labels(Tilsyn, "handling")
    data["tilsyn_liste"] = [
        {
            "url": uuid_url("tilsyn:tilsyn-detail", uuid),
            "dato": date_text(udfoert_on, "j. b Y"),
            "handling": handling.get(h, h),
        }
        for uuid, udfoert_on, h in data["tilsyn_liste"]
    ]


def _old(request: Any, sag: Any, data: dict[str, Any], today: date) -> str:
    section = {**data, **{key: list(data[key]) for key in _ROWS}}
    _rows(section, today)
    return engines["django"].from_string(OLD_TEMPLATE).render({"section": section, "sag": sag}, request)


def _page_section(client: Any, user: Any, sag: Any) -> str:
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("core:sag-detail", kwargs={"uuid": sag.uuid}))
        assert response.status_code == 200
        (section,) = [s for s in response.context["sections"] if s.get("name") == "tilsyn"]
        html = str(section["html"])
        assert html == _old(response.wsgi_request, sag, section, section["today"])
    assert html in response.content.decode()
    return html


def test_the_case_page_s_panel_prints_as_before(cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
    sag = _rich_case(cast)
    html = _page_section(client, cast.anna, sag)
    assert "Følg op på" in html and "<li><a href=" in html and "Sagsbehandlingsfrist" in html
    assert _page_section(client, cast.bo, sag) == html  # the team leader sees the same
    html = _page_section(client, cast.carl, make_sag(make_borger("Bent", "Bæk", kommune=cast.kommune), cast.carl, cast.team_syd))
    assert "Ingen åbne frister." in html and "Intet tilsyn endnu." in html


def _maal(n: int, display: str) -> Indsatsmaal:
    m = Indsatsmaal(uuid=UUID(int=n))
    m.undertema = Kode(display=display)
    return m


@pytest.mark.parametrize("har_bestilling", [True, False])
@pytest.mark.parametrize("har_bevilling", [True, False])
def test_every_branch_prints_as_before(cast, har_bestilling, har_bevilling) -> None:  # type: ignore[no-untyped-def]
    today = date(2026, 3, 31)
    data: dict[str, Any] = {
        "opgaver": [
            ("sagsbeh", date(2026, 3, 30), "anna", "Anna", "<Ander> & \"sen\""),
            ("klage", date(2026, 3, 31), "bo.l", "", ""),
            ("ukendt<art>", date(2026, 4, 1), None, None, "Ø'Leder"),
        ],
        "opfoelgninger": [
            (UUID(int=1), date(2026, 2, 10), "fortsaet", 7, "Mad & <indkøb>"),
            (UUID(int=2), date(2026, 2, 11), "afslut", None, None),
        ],
        "tilsyn_liste": [(UUID(int=3), date(2026, 2, 20), "plan"), (UUID(int=4), date(2026, 1, 2), "ingen")],
        "maal": [_maal(5, "Økonomi <og> & regninger"), _maal(6, "Bolig")] if har_bestilling else [],
        "har_bestilling": har_bestilling,
        "har_bevilling": har_bevilling,
        "opfoelgning_url": uuid_url("tilsyn:opfoelgning-create", cast.sag_erik.uuid),
    }
    request = RequestFactory().get("/")
    for rows in (data, {**data, **dict.fromkeys(_ROWS, []), "maal": []}):
        html = str(_section_html(cast.sag_erik, rows, today))
        assert html == _old(request, cast.sag_erik, rows, today)
    html = str(_section_html(cast.sag_erik, data, today))
    assert "&lt;Ander&gt; &amp; &quot;sen&quot;" in html and "Mad &amp; &lt;indkøb&gt;" in html

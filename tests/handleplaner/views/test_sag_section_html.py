"""The handleplan panel written in Python (issue 10: `handleplaner.views._section_html`) prints
what its old template printed: the template (kept here as the reference) and the new code are
rendered for the same plan and compared byte for byte: on the case page (a case with an offered
plan, as the sagsbehandler and the team leader, and a new case), and for every branch (no plan,
offered, not covered by stk. 2, not offered with and without a passed deadline, a current
version accepted or not, none)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from handleplaner.models import Handleplan, HandleplanVersion
from handleplaner.views import _section_html
from tests.core.views.test_sag_detail_rows import CPH, _rich_case
from tests.factories import make_borger, make_sag

pytestmark = pytest.mark.django_db

# templates/handleplaner/_sag_section.html before the panel went to Python.
OLD_TEMPLATE = """{% load i18n %}<section aria-labelledby="hp-section-heading" class="hp-sag-section">
  <h2 id="hp-section-heading" class="h3">{% translate "Handleplan (§ 141)" %}</h2>
  <dl class="app-dl">
    <dt>{% translate "Tilbud" %}</dt>
    <dd>{% if section.hp_plan.tilbudt_on %}{% translate "Tilbudt" %} {{ section.hp_plan.tilbudt_on|date:"j. F Y" }} – {{ section.hp_plan.get_svar_display }}
        {% elif section.hp_plan.omfattet_stk2 is False %}{% translate "Ikke omfattet af § 141, stk. 2" %}
        {% else %}{% translate "Ikke tilbudt" %}{% if section.hp_frist %} ({% translate "frist" %} {{ section.hp_frist|date:"j. F Y" }}){% endif %}{% if section.hp_overskredet %} – <strong>{% translate "fristen er overskredet" %}</strong>{% endif %}{% endif %}</dd>
    <dt>{% translate "Gældende version" %}</dt>
    <dd>{% if section.hp_version %}{% blocktranslate with n=section.hp_version.nummer dato=section.hp_version.created_at|date:"j. F Y" %}Version {{ n }} fra {{ dato }}{% endblocktranslate %}{% if section.hp_version.accepteret_at %} ({% translate "accepteret" %}){% endif %}{% else %}{% translate "Ingen" %}{% endif %}</dd>
  </dl>
  <p><a href="{% url 'handleplaner:plan-detail' section.hp_sag.uuid %}">{% translate "Åbn plan og mål" %}</a></p>
</section>
"""
NOW = datetime(2026, 3, 31, 12, tzinfo=CPH)


def _old(request: Any, section: dict[str, Any]) -> str:
    return engines["django"].from_string(OLD_TEMPLATE).render({"section": section}, request)


def _page_section(client: Any, user: Any, sag: Any) -> str:
    client.force_login(user)
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("core:sag-detail", kwargs={"uuid": sag.uuid}))
        assert response.status_code == 200
        (section,) = [s for s in response.context["sections"] if s.get("name") == "handleplaner"]
        html = str(section["html"])
        assert html == _old(response.wsgi_request, section)
    assert html in response.content.decode()
    return html


def test_the_case_page_s_panel_prints_as_before(cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
    sag = _rich_case(cast)
    html = _page_section(client, cast.anna, sag)
    assert "Tilbudt 1. februar 2026" in html
    assert _page_section(client, cast.bo, sag) == html  # the team leader sees the same
    html = _page_section(client, cast.carl, make_sag(make_borger("Bent", "Bæk", kommune=cast.kommune), cast.carl, cast.team_syd))
    assert "Ikke tilbudt" in html


_PLANS = [
    None,
    Handleplan(tilbudt_on=date(2026, 2, 1), svar="afslaaet", omfattet_stk2=True),
    Handleplan(tilbudt_on=date(2026, 2, 1), svar="ikke_besluttet"),
    Handleplan(omfattet_stk2=False),
    Handleplan(omfattet_stk2=True),
    Handleplan(),
]
_VERSIONS = [
    None,
    HandleplanVersion(nummer=3, created_at=datetime(2026, 3, 30, 22, 30, tzinfo=UTC)),  # 31 March in Copenhagen
    HandleplanVersion(nummer=12, created_at=datetime(2026, 1, 5, 9, tzinfo=UTC), accepteret_at=datetime(2026, 1, 6, 9, tzinfo=UTC)),
]


@pytest.mark.parametrize("plan", _PLANS)
@pytest.mark.parametrize("version", _VERSIONS)
@pytest.mark.parametrize(("frist", "overskredet"), [(None, False), (date(2026, 5, 31), False), (date(2026, 3, 1), True)])
def test_every_branch_prints_as_before(cast, plan, version, frist, overskredet) -> None:  # type: ignore[no-untyped-def]
    sag = cast.sag_erik
    section = {"hp_plan": plan, "hp_version": version, "hp_frist": frist, "hp_overskredet": overskredet, "hp_sag": sag}
    with timezone.override(CPH):
        html = str(_section_html(sag, plan, version, frist, overskredet))
        assert html == _old(RequestFactory().get("/"), section)

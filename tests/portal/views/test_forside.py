"""The front page below the ORM (issue 10): its reads are compiled once (`FixedSql`) and its visit
cards are written in Python. These tests pin both against what the page did before: the old
template and the old ORM reads (restated here as the reference) give byte for byte the same HTML,
each compiled read gives the ORM's answer, and nothing lets a citizen see more."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
import time_machine
from django.http import Http404
from django.template import engines
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from bostotte.core.models import Borger, Sag
from handleplaner.models import HandleplanVersion
from levering.models import MAX_BESOEG_VARIGHED, Besoeg, BesoegStatus, Kontaktform
from levering.services import besoeg_create, tildeling_create
from portal import integration, selectors
from portal.models import PortalIndstillinger
from portal.services import besoegsanmodning_create, besoegsanmodning_handle, trivselsmaaling_create
from portal.views import besoeg_kort_html
from tests.factories import make_sag, make_staff
from tests.portal.conftest import CPH, NOW, erik_levering, erik_plan

pytestmark = pytest.mark.django_db

# templates/portal/forside.html before issue 10's change: the visit cards through
# portal/_besoeg_kort.html, the reminder from `trivsel_status`, the plan versions as objects.
OLD_FORSIDE = """{% extends "portal/base_portal.html" %}
{% load i18n %}
{% block title %}{% translate "Forside" %}{% endblock %}
{% block content %}
<h1>{% blocktranslate with navn=borger.fornavn %}Hej {{ navn }}{% endblocktranslate %}</h1>
<p class="font-lead">{% translate "Her kan du se din støtte og din plan. Du bestemmer selv, hvad du vil kigge på." %}</p>

{% if plan_afventer or trivsel.er_tid or svar_paa_anmodninger %}
<section aria-labelledby="venter-heading" class="portal-section">
  <h2 id="venter-heading">{% translate "Det venter på dig" %}</h2>
  <ul class="portal-cards">
    {% for v in plan_afventer %}
    <li class="portal-card portal-card-todo">
      <h3 class="h4">{% translate "Din handleplan er klar til at blive læst" %}</h3>
      <p>{% blocktranslate with n=v.nummer %}Version {{ n }} af din handleplan er klar. Læs den, og sig ja, hvis du er enig.{% endblocktranslate %}</p>
      <a class="button button-primary" href="{% url 'portal:plan' %}">{% translate "Læs din plan" %}</a>
    </li>
    {% endfor %}
    {% if trivsel.er_tid %}
    <li class="portal-card portal-card-todo">
      <h3 class="h4">{% translate "Hvordan har du det?" %}</h3>
      <p>{% translate "Du må gerne svare på et par spørgsmål om, hvordan du har det. Det tager 3 minutter. Du bestemmer selv, om du vil." %}</p>
      <a class="button button-primary" href="{% url 'portal:trivsel-udfyld' %}">{% translate "Svar på spørgsmålene" %}</a>
    </li>
    {% endif %}
    {% for a in svar_paa_anmodninger %}
    <li class="portal-card">
      <h3 class="h4">{% translate "Svar på dit ønske om et besøg" %}</h3>
      <p>{% blocktranslate with dato=a.besoeg_start|date:"l j. F" %}Du spurgte om besøget {{ dato }}.{% endblocktranslate %} {% if a.svar %}{{ a.svar }}{% else %}{% translate "Din bostøtte har set dit ønske." %}{% endif %}</p>
    </li>
    {% endfor %}
  </ul>
</section>
{% endif %}

<section aria-labelledby="bostoette-heading" class="portal-section">
  <h2 id="bostoette-heading">{% translate "Din bostøtte" %}</h2>
  {% for b in bostoetter %}
    <div class="portal-card">
      <p class="portal-big"><strong>{{ b.navn }}</strong>{% if not b.er_primaer %} <span class="app-meta">({% translate "afløser" %})</span>{% endif %}</p>
      <p>{{ b.leverandoer }}</p>
      {% if b.telefon %}<p>{% translate "Telefon:" %} <a href="tel:{{ b.telefon }}">{{ b.telefon }}</a></p>
      {% elif b.leverandoer_telefon %}<p>{% translate "Telefon:" %} <a href="tel:{{ b.leverandoer_telefon }}">{{ b.leverandoer_telefon }}</a></p>{% endif %}
    </div>
  {% empty %}
    <p>{% translate "Du har ikke fået en bostøtte endnu. Din sagsbehandler fortæller dig, når det sker." %}</p>
  {% endfor %}
</section>

<section aria-labelledby="besoeg-heading" class="portal-section">
  <h2 id="besoeg-heading">{% translate "Dine næste besøg" %}</h2>
  {% if kommende %}
  <ul class="portal-list">
    {% for b in kommende %}
      <li>{% include "portal/_besoeg_kort.html" with b=b %}</li>
    {% endfor %}
  </ul>
  {% else %}
  <p>{% translate "Der er ingen planlagte besøg lige nu." %}</p>
  {% endif %}
  <p><a href="{% url 'portal:besoeg-list' %}">{% translate "Se alle dine besøg" %}</a></p>
</section>

<section aria-labelledby="mere-heading" class="portal-section">
  <h2 id="mere-heading">{% translate "Det kan du også" %}</h2>
  <ul class="portal-links">
    <li><a href="{% url 'portal:plan' %}">{% translate "Læs din plan og dine mål" %}</a></li>
    <li><a href="{% url 'portal:afgoerelse-list' %}">{% translate "Se dine afgørelser og breve" %}</a></li>
    <li><a href="{% url 'portal:trivsel' %}">{% translate "Fortæl, hvordan du har det" %}</a></li>
    <li><a href="{% url 'portal:paaroerende-list' %}">{% translate "Bestem, hvad dine pårørende må se" %}</a></li>
    <li><a href="{% url 'portal:adgangslog' %}">{% translate "Se, hvem der har set dine oplysninger" %}</a></li>
    <li><a href="{% url 'portal:kontakt' %}">{% translate "Kontakt kommunen" %}</a></li>
  </ul>
</section>
{% endblock %}
"""
OLD_KORT_FELTER = (
    "uuid", "status", "starts_at", "ends_at", "kontaktform",
    "medarbejder__first_name", "medarbejder__last_name", "medarbejder__username",
)
CSRF = [
    re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'),
    re.compile(r'("X-CSRFToken": ")[^"]*"'),
]
KEYS = ("happy", "calm", "active", "rested", "interest")


def _without_tokens(html: str) -> str:
    for pattern in CSRF:
        html = pattern.sub(r'\1"', html)
    return html


def _old_bostoetter(sag_ids: list[int], now: datetime) -> list[integration.MinBostoette]:
    """`integration.bostoetter_for_sager` before issue 10 (`bestilling__sag__in`, through the ORM)."""
    from django.db.models import Q  # noqa: PLC0415

    from levering.access import LIVE_BESTILLING  # noqa: PLC0415
    from levering.models import Tildeling  # noqa: PLC0415

    today = timezone.localdate(now)
    rows = (
        Tildeling.objects.filter(bestilling__sag__in=sag_ids, bestilling__status__in=LIVE_BESTILLING, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .order_by("-er_primaer", "starts_on", "id")
        .values_list(
            "medarbejder_id", "medarbejder__first_name", "medarbejder__last_name", "medarbejder__username",
            "medarbejder__medarbejder__telefon", "er_primaer",
            "bestilling__leverandoer__navn", "bestilling__leverandoer__telefon",
        )
    )
    out, seen = [], set()
    for medarbejder_id, fornavn, efternavn, username, telefon, er_primaer, lev_navn, lev_telefon in rows:
        if medarbejder_id in seen:
            continue
        seen.add(medarbejder_id)
        out.append(integration.MinBostoette(
            navn=f"{fornavn} {efternavn}".strip() or username, telefon=telefon or "", er_primaer=er_primaer,
            leverandoer=lev_navn, leverandoer_telefon=lev_telefon,
        ))
    return out


def _old_context(user: Any, now: datetime) -> dict[str, Any]:
    """The front page's context before issue 10: every read through the ORM."""
    borger = Borger.objects.own(user).select_related("kommune").first()
    sag_ids = list(Sag.objects.visible_to(user).filter(borger=borger).order_by().values_list("id", flat=True))
    return {
        "borger": borger,
        "bostoetter": _old_bostoetter(sag_ids, now) if sag_ids else [],
        "kommende": list(
            Besoeg.objects.filter(sag__in=sag_ids, ends_at__gte=now, starts_at__gte=now - MAX_BESOEG_VARIGHED)
            .select_related("medarbejder")
            .only(*OLD_KORT_FELTER)
            .order_by("starts_at", "id")[:3]
        ),
        "trivsel": selectors.trivsel_status(borger=borger, now=now),
        "plan_afventer": list(
            HandleplanVersion.objects.filter(handleplan__sag__in=sag_ids, er_gaeldende=True, accepteret_at__isnull=True)
            .only("id", "nummer")
        ),
        "svar_paa_anmodninger": list(
            selectors.besoegsanmodninger_for_borger(borger=borger)
            .filter(status="behandlet", behandlet_at__gte=now - timedelta(days=14))
            .only("besoeg_start", "svar")[:3]
        ),
    }


def _assert_page_as_before(client: Any, user: Any, now: datetime) -> str:
    client.force_login(user)
    with time_machine.travel(now, tick=False):
        response = client.get("/borger/")  # not reversed: the tests may set a script prefix
        old = engines["django"].from_string(OLD_FORSIDE).render(_old_context(user, now), response.wsgi_request)
    new = response.content.decode()
    assert response.status_code == 200
    assert _without_tokens(new) == _without_tokens(old)
    return new


def _visit(lev: SimpleNamespace, cast: Any, start: datetime, *, minutes: int = 60, **kwargs: Any) -> Besoeg:
    medarbejder = kwargs.pop("medarbejder", cast.dorte)
    return besoeg_create(
        bestilling=lev.bestilling, medarbejder=medarbejder, starts_at=start,
        ends_at=start + timedelta(minutes=minutes), kontaktform=kwargs.pop("kontaktform", "hjemmebesoeg"),
        status="planlagt", actor=medarbejder, now=NOW,
    )


class FrontPageAsBeforeTests:
    def test_everything_waiting_for_the_citizen(self, cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
        from bostotte.core.models import Medarbejder  # noqa: PLC0415

        Medarbejder.objects.filter(user=cast.dorte).update(telefon="20 30 40 50")
        lev = erik_levering(cast)
        erik_plan(cast, lev)
        with time_machine.travel(NOW, tick=False):
            anmodning = besoegsanmodning_create(
                borger=cast.erik, besoeg=lev.planned[0], art="aflys", begrundelse="Lægen", actor=cast.erik_user,
            )
            besoegsanmodning_handle(anmodning=anmodning, actor=cast.dorte, svar="Vi ses <3 & farvel")
        html = _assert_page_as_before(client, cast.erik_user, NOW)
        assert "Version 2 af din handleplan er klar." in html and "Vi ses &lt;3 &amp; farvel" in html
        assert "Dorte Dahl" in html and html.count('<div class="portal-visit') == 2

    def test_a_substitute_cancelled_visits_and_escaped_names(self, cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
        lev = erik_levering(cast)
        vikar = make_staff("bostoette", username="ole", leverandoer_team=cast.lt_nord, first_name="O<b>le", last_name="& Co")
        tildeling_create(
            bestilling=lev.bestilling, medarbejder=vikar, starts_on=date(2026, 3, 1), er_primaer=False, actor=cast.lise, now=NOW,
        )
        aflyst = _visit(lev, cast, datetime(2026, 3, 2, 9, 5, tzinfo=CPH), medarbejder=vikar, kontaktform="telefon")
        Besoeg.objects.filter(pk=aflyst.pk).update(status="aflyst_borger")
        _visit(lev, cast, datetime(2026, 3, 2, 8, 30, tzinfo=CPH), minutes=120)  # still running at NOW
        trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(KEYS, 3), actor=cast.erik_user, now=NOW - timedelta(days=10))
        html = _assert_page_as_before(client, cast.erik_user, NOW)
        assert "O&lt;b&gt;le &amp; Co" in html and "portal-visit-cancelled" in html and "(afløser)" in html
        assert "Det venter på dig" not in html

    def test_a_citizen_without_support_or_visits(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        html = _assert_page_as_before(client, cast.gitte_user, NOW)
        assert "Du har ikke fået en bostøtte endnu." in html and "Der er ingen planlagte besøg lige nu." in html

    def test_the_reminder_after_the_interval(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        trivselsmaaling_create(borger=cast.gitte, who5=dict.fromkeys(KEYS, 3), actor=cast.gitte_user, now=NOW)
        assert "Svar på spørgsmålene" not in _assert_page_as_before(client, cast.gitte_user, NOW + timedelta(days=91))
        assert "Svar på spørgsmålene" in _assert_page_as_before(client, cast.gitte_user, NOW + timedelta(days=92))

    def test_under_a_script_prefix(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        from django.urls import set_script_prefix  # noqa: PLC0415

        set_script_prefix("/kommune/")  # as the WSGI handler does for SCRIPT_NAME=/kommune
        try:
            html = _assert_page_as_before(client, cast.gitte_user, NOW)
        finally:
            set_script_prefix("/")
        assert html.count('href="/kommune/borger/kontakt/"') == 2

    def test_only_get_and_only_for_citizens(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        assert client.post(reverse("portal:forside")).status_code == 405
        client.force_login(cast.anna)
        assert client.post(reverse("portal:forside")).status_code == 404
        assert client.get(reverse("portal:forside")).status_code == 404

    def test_the_query_count(self, cast, ffb, client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        erik_levering(cast)
        client.force_login(cast.erik_user)
        with time_machine.travel(NOW, tick=False):
            client.get(reverse("portal:forside"))  # the compiles
            # Session, user, the citizen with their case ids, bostøtter, visits, WHO-5, plans, answers.
            with django_assert_num_queries(8):
                client.get(reverse("portal:forside"))
        compiled = [
            selectors._BORGER_SQL, selectors._TRIVSEL_SENESTE_SQL, selectors._SVAR_SQL,
            integration._BOSTOETTER_SQL, integration._AFVENTER_SQL, integration._kommende_kort_sql(3),
        ]
        assert all(fixed.cache["default"] is not None for fixed in compiled)  # none built on every call


class VisitCardTests:
    def test_the_card_is_the_templates_for_every_status_and_kontaktform(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        lev = erik_levering(cast)
        navnloes = make_staff("bostoette", username="vikar", leverandoer_team=cast.lt_nord, first_name="", last_name="")
        from django.contrib.auth import get_user_model  # noqa: PLC0415

        get_user_model().objects.filter(pk=cast.dorte.pk).update(first_name="Dorte <D>", last_name="& Dahl")
        tildeling_create(
            bestilling=lev.bestilling, medarbejder=navnloes, starts_on=date(2026, 3, 1), er_primaer=False, actor=cast.lise, now=NOW,
        )
        start = datetime(2026, 3, 28, 23, 0, tzinfo=CPH)  # across the change to summer time
        kontaktformer = [k for k in Kontaktform.values if k != Kontaktform.GRUPPE]  # a group needs a gruppesession
        for i, (status, kontaktform) in enumerate(zip(
            BesoegStatus.values * 2, (kontaktformer * 2)[: 2 * len(BesoegStatus.values)], strict=True,
        )):
            b = _visit(lev, cast, start + timedelta(days=i, minutes=5 * i), medarbejder=navnloes if i % 2 else cast.dorte, kontaktform=kontaktform)
            Besoeg.objects.filter(pk=b.pk).update(status=status)
        visits = list(
            Besoeg.objects.filter(sag=cast.sag_erik, starts_at__gte=start).select_related("medarbejder").order_by("starts_at", "id")
        )
        cards = integration.besoeg_kommende_kort(sager=[cast.sag_erik.pk], now=start, limit=50)
        assert len(cards) == len(visits) >= 10
        for card, visit in zip(cards, visits, strict=True):
            assert besoeg_kort_html(card) == render_to_string("portal/_besoeg_kort.html", {"b": visit})


class CompiledReadsTests:
    def test_the_citizen_and_their_case_ids_in_one_query(self, cast, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        Sag.objects.filter(pk=cast.sag_erik.pk).update(status="lukket", closed_on=timezone.localdate())
        anden = make_sag(cast.erik, cast.anna, cast.team_nord)
        for user, borger, sager in ((cast.erik_user, cast.erik, {cast.sag_erik.pk, anden.pk}), (cast.gitte_user, cast.gitte, {cast.sag_gitte.pk})):
            with django_assert_num_queries(1):
                found, sag_ids = selectors.borger_and_sag_ids_for_user(user=user, now=NOW)
            orm = Borger.objects.own(user).select_related("kommune").get()
            assert found == borger and set(sag_ids) == sager == set(selectors.sag_ids_for_borger(user=user, borger=orm))
            assert {f.attname: getattr(found, f.attname) for f in Borger._meta.concrete_fields} == {
                f.attname: getattr(orm, f.attname) for f in Borger._meta.concrete_fields
            }
            with django_assert_num_queries(0):
                assert found.kommune.navn == orm.kommune.navn and found.kommune.kommunenummer == orm.kommune.kommunenummer
            assert found._state.adding is False and found._state.db == "default"
        assert selectors._BORGER_SQL.cache["default"] is not None  # compiled once for every citizen

    def test_only_active_citizens_with_a_borger_row(self, cast) -> None:  # type: ignore[no-untyped-def]
        for user in (cast.anna, cast.dorte, cast.ida):
            with pytest.raises(Http404):
                selectors.borger_and_sag_ids_for_user(user=user, now=NOW)
        cast.erik_user.is_active = False
        with pytest.raises(Http404):
            selectors.borger_and_sag_ids_for_user(user=cast.erik_user, now=NOW)
        Borger.objects.filter(pk=cast.gitte.pk).update(user=None)
        with pytest.raises(Http404):
            selectors.borger_and_sag_ids_for_user(user=cast.gitte_user, now=NOW)

    def test_another_citizens_case_is_never_among_the_ids(self, cast) -> None:  # type: ignore[no-untyped-def]
        from guardian.shortcuts import assign_perm  # noqa: PLC0415

        # The service gives grants to myndighed staff only; even a grant written around it to
        # Erik on Gitte's case is the access function's grant branch, still filtered to Erik.
        assign_perm("core.view_sag", cast.erik_user, cast.sag_gitte)
        assert cast.sag_gitte in Sag.objects.visible_to(cast.erik_user)
        _borger, sag_ids = selectors.borger_and_sag_ids_for_user(user=cast.erik_user, now=NOW)
        assert sag_ids == [cast.sag_erik.pk]

    def test_the_other_reads_give_the_orms_answers(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        lev = erik_levering(cast)
        erik_plan(cast, lev)
        with time_machine.travel(NOW, tick=False):
            for besoeg in lev.planned:
                anmodning = besoegsanmodning_create(borger=cast.erik, besoeg=besoeg, art="flyt", begrundelse="Tid", actor=cast.erik_user)
                besoegsanmodning_handle(anmodning=anmodning, actor=cast.dorte, svar="")
        for now, antal_svar in ((NOW, 2), (NOW + timedelta(days=20), 0)):
            old = _old_context(cast.erik_user, now)
            sager: list[Any] = [cast.sag_erik]
            assert integration.bostoetter_for_sager(sager=sager, now=now) == old["bostoetter"] != []
            assert integration.bostoetter_for_sager(sager=[cast.sag_erik.pk], now=now) == old["bostoetter"]
            assert integration.handleplan_afventer_accept(sager=sager) == [v.nummer for v in old["plan_afventer"]] == [2]
            svar = selectors.besoegsanmodning_svar_for_borger(borger=cast.erik, now=now)
            assert [(a.pk, a.besoeg_start, a.svar) for a in svar] == [
                (a.pk, a.besoeg_start, a.svar) for a in old["svar_paa_anmodninger"]
            ]
            assert len(svar) == antal_svar and all(a.get_deferred_fields() == old["svar_paa_anmodninger"][0].get_deferred_fields() for a in svar)
        assert integration.bostoetter_for_sager(sager=[], now=NOW) == [] and integration.handleplan_afventer_accept(sager=[]) == []
        assert integration.besoeg_kommende_kort(sager=[], now=NOW, limit=3) == []

    @pytest.mark.parametrize("interval", [None, 1, 3, 6])
    def test_the_reminder_is_trivsel_status(self, cast, interval) -> None:  # type: ignore[no-untyped-def]
        PortalIndstillinger.objects.all().delete()
        if interval is not None:
            PortalIndstillinger.objects.create(id=1, trivsel_interval_maaneder=interval)
        assert selectors.trivsel_er_tid(borger=cast.erik, now=NOW) is True
        trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(KEYS, 3), actor=cast.erik_user, now=NOW - timedelta(days=400))
        trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(KEYS, 3), actor=cast.erik_user, now=NOW)
        for days in range(0, 200, 3):
            now = NOW + timedelta(days=days)
            assert selectors.trivsel_er_tid(borger=cast.erik, now=now) == selectors.trivsel_status(borger=cast.erik, now=now).er_tid

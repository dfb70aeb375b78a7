"""base_portal.html's menu from `views._nav_html` (issue 10: rendered once per page, language and
script prefix, not on every request) prints what the template printed before, for every page
of the menu and for none, both from the cache and through the template's own include."""

from __future__ import annotations

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import resolve, reverse, set_script_prefix
from django.utils.translation import get_language

from portal.views import _nav_html

pytestmark = pytest.mark.django_db

# templates/portal/base_portal.html before issue 10's change: the menu written in it.
OLD_BASE_PORTAL = """{% extends "base.html" %}
{% load static i18n %}
{% block title %}{% translate "Min bostøtte" %}{% endblock %}
{% block styles %}<link rel="stylesheet" href="{% static 'vendor/dkfds/css/dkfds-borgerdk.min.css' %}"><link rel="stylesheet" href="{% static 'css/portal.css' %}">{% endblock %}
{% block body_class %}portal{% endblock %}
{% block header %}
<header class="header portal-top">
  <div class="portal-header">
    <div class="container portal-header-inner">
      <a href="{% if user.is_authenticated and user.rolle == 'borger' %}{% url 'portal:forside' %}{% else %}{% url 'portal:login' %}{% endif %}" class="logo app-logo">
        <span class="app-logo-title">{% translate "Min bostøtte" %}</span>
        <span class="app-logo-sub">{{ KOMMUNE_NAVN }}</span>
      </a>
      {% if user.is_authenticated and user.rolle == 'borger' %}
        <div class="portal-info">
          <p class="user"><strong class="username">{{ user.get_full_name|default:user.username }}</strong></p>
          <form method="post" action="{% url 'core:logout' %}" class="app-logout">
            {% csrf_token %}
            <button type="submit" class="button button-secondary">{% translate "Log ud" %}</button>
          </form>
        </div>
      {% endif %}
    </div>
  </div>
  {% if user.is_authenticated and user.rolle == 'borger' %}
  {% with current=request.resolver_match.url_name %}
  <nav class="portal-nav" aria-label="{% translate 'Menu' %}">
    <div class="container">
      <ul class="portal-nav-list">
        <li><a class="portal-nav-link" href="{% url 'portal:forside' %}"{% if current == 'forside' %} aria-current="page"{% endif %}>{% translate "Forside" %}</a></li>
        <li><a class="portal-nav-link" href="{% url 'portal:plan' %}"{% if current == 'plan' %} aria-current="page"{% endif %}>{% translate "Min plan" %}</a></li>
        <li><a class="portal-nav-link" href="{% url 'portal:besoeg-list' %}"{% if current == 'besoeg-list' %} aria-current="page"{% endif %}>{% translate "Mine besøg" %}</a></li>
        <li><a class="portal-nav-link" href="{% url 'portal:afgoerelse-list' %}"{% if current == 'afgoerelse-list' %} aria-current="page"{% endif %}>{% translate "Mine afgørelser" %}</a></li>
        <li><a class="portal-nav-link" href="{% url 'portal:trivsel' %}"{% if current == 'trivsel' %} aria-current="page"{% endif %}>{% translate "Hvordan har du det?" %}</a></li>
        <li><a class="portal-nav-link" href="{% url 'portal:paaroerende-list' %}"{% if current == 'paaroerende-list' %} aria-current="page"{% endif %}>{% translate "Pårørende" %}</a></li>
        <li><a class="portal-nav-link" href="{% url 'portal:adgangslog' %}"{% if current == 'adgangslog' %} aria-current="page"{% endif %}>{% translate "Hvem har set mine oplysninger?" %}</a></li>
      </ul>
    </div>
  </nav>
  {% endwith %}
  {% endif %}
</header>
{% endblock header %}
{% block footer %}
<nav aria-label="{% translate 'Links i bunden af siden' %}">
  <ul class="portal-footer-links">
    {% if user.is_authenticated and user.rolle == 'borger' %}<li><a href="{% url 'portal:kontakt' %}">{% translate "Kontakt og kvalitetsstandard" %}</a></li>{% endif %}
    <li><a href="{% url 'portal:tilgaengelighed' %}">{% translate "Tilgængelighedserklæring" %}</a></li>
  </ul>
</nav>
<p>{{ KOMMUNE_NAVN }} · {% translate "Støtte i eget hjem (serviceloven § 85)" %}</p>
{% endblock %}
"""
PAGE = '{% extends base %}{% block content %}<h1>Side</h1>{% endblock %}'
CSRF = [re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), re.compile(r'("X-CSRFToken": ")[^"]*"')]
NAMES = [
    "portal:forside", "portal:plan", "portal:besoeg-list", "portal:afgoerelse-list", "portal:trivsel",
    "portal:paaroerende-list", "portal:adgangslog", "portal:kontakt", "portal:trivsel-udfyld",
]


def _render(base: object, path: str, user: object, **context: object) -> str:
    request = RequestFactory().get(path)
    request.user = user  # type: ignore[assignment]
    request.resolver_match = resolve(path)
    html = engines["django"].from_string(PAGE).render({"base": base, **context}, request)
    for pattern in CSRF:
        html = pattern.sub(r'\1"', html)
    return html


def _old_and_new(path: str, user: object) -> tuple[str, str, str]:
    old = _render(engines["django"].from_string(OLD_BASE_PORTAL), path, user)
    new_base = engines["django"].get_template("portal/base_portal.html")
    current = resolve(path).url_name
    from django.urls import get_script_prefix, get_urlconf  # noqa: PLC0415

    cached = _render(new_base, path, user, portal_nav=_nav_html(current, get_language(), get_script_prefix(), get_urlconf()))
    return old, cached, _render(new_base, path, user)


@pytest.mark.parametrize("name", NAMES)
def test_the_menu_is_as_before(name: str, cast) -> None:  # type: ignore[no-untyped-def]
    old, cached, included = _old_and_new(reverse(name), cast.erik_user)
    assert cached == old == included
    assert old.count('aria-current="page"') == (0 if name in ("portal:kontakt", "portal:trivsel-udfyld") else 1)


def test_no_menu_for_staff_and_under_a_script_prefix(cast) -> None:  # type: ignore[no-untyped-def]
    old, cached, included = _old_and_new(reverse("portal:tilgaengelighed"), cast.anna)
    assert cached == old == included and "portal-nav" not in old
    set_script_prefix("/kommune/")
    try:
        old, cached, included = _old_and_new("/borger/plan/", cast.erik_user)
    finally:
        set_script_prefix("/")
    assert cached == old == included and 'href="/kommune/borger/plan/" aria-current="page"' in old

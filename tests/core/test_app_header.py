"""The staff header written in Python (`{% app_header %}`, issue 10) gives byte for byte what
the header template gave: anonymous, with and without a role, with 0, 1 and several unread
messages, with the current page in the menu and without a menu."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from bostotte.core.models import MyndighedTeam, Rolle, User
from bostotte.core.navigation import menu_for
from tests.factories import make_myndighed_team, make_staff
from tilsyn.models import Notifikation

pytestmark = pytest.mark.django_db

# templates/base.html's header block before issue 10 (the app_title block had no override)
OLD_HEADER = """{% load i18n %}
  <header class="header">
    <div class="portal-header">
      <div class="container portal-header-inner">
        <a href="{% url 'core:home' %}" class="logo app-logo">
          <span class="app-logo-title">{% translate "Bostøtte" %}</span>
          <span class="app-logo-sub">{{ KOMMUNE_NAVN }}</span>
        </a>
        {% if user.is_authenticated %}
          <div class="portal-info">
            <p class="user">
              <strong class="username">{{ user.visningsnavn }}</strong>
              {% if user.rolle %}<span class="app-role">{{ user.get_rolle_display }}</span>{% endif %}
            </p>
            {% load tilsyn_tags %}{% indbakke_link %}
            <form method="post" action="{% url 'core:logout' %}" class="app-logout">
              {% csrf_token %}
              <button type="submit" class="button button-secondary">{% translate "Log ud" %}</button>
            </form>
          </div>
        {% endif %}
      </div>
    </div>
    {% if menu %}
      <nav class="app-nav" aria-label="{% translate 'Hovedmenu' %}">
        <div class="container">
          <ul class="app-nav-list">
            {% for item in menu %}
              <li><a href="{{ item.url }}" class="app-nav-link"{% if request.path == item.url %} aria-current="page"{% endif %}>{{ item.label }}</a></li>
            {% endfor %}
          </ul>
        </div>
      </nav>
    {% endif %}
  </header>
  """
NEW_HEADER = "{% load shell_tags %}{% app_header %}"


def _render(source: str, user: object, path: str, menu: list[dict[str, str]] | None = None) -> str:
    request = RequestFactory().get(path)
    request.user = user  # type: ignore[assignment]
    context = {
        "user": user,
        "request": request,
        "KOMMUNE_NAVN": "Bøgelund <Kommune> & Co",
        "csrf_token": "tok<en>",
        "menu": menu_for(user) if menu is None else menu,
    }
    return engines["django"].from_string(source).render(context, request)


def _both(user: object, path: str = "/", menu: list[dict[str, str]] | None = None) -> tuple[str, str]:
    return _render(OLD_HEADER, user, path, menu), _render(NEW_HEADER, user, path, menu)


def _staff(rolle: str = Rolle.SAGSBEHANDLER, **kwargs: str) -> User:
    team = MyndighedTeam.objects.filter(navn="Team Hoved").first() or make_myndighed_team("Team Hoved")
    return make_staff(rolle, myndighed_team=team, **kwargs)


def test_anonymous() -> None:
    old, new = _both(AnonymousUser(), "/log-ind/")
    assert old == new
    assert "portal-info" not in new and "app-nav" not in new


@pytest.mark.parametrize("unread", [0, 1, 3])
def test_staff_with_unread_messages_and_the_current_page(unread: int) -> None:
    user = _staff(first_name="Åse <b>", last_name="Ørum & Søn")
    for i in range(unread):
        Notifikation.objects.create(modtager=user, titel=f"n{i}")
    Notifikation.objects.create(modtager=user, titel="læst", read_at=timezone.now())
    menu = menu_for(user)
    assert menu
    old, new = _both(user, menu[0]["url"])
    assert old == new
    assert 'aria-current="page"' in new
    assert ("app-badge" in new) == bool(unread)


def test_user_without_a_role_and_without_a_menu() -> None:
    user = _staff(first_name="", last_name="")
    User.objects.filter(pk=user.pk).update(rolle="")
    user.refresh_from_db()
    old, new = _both(user, "/", menu=[])
    assert old == new
    assert "app-role" not in new and "app-nav" not in new


def test_the_page_frame_renders_the_header_once(client) -> None:  # type: ignore[no-untyped-def]
    user = _staff()
    client.force_login(user)
    html = client.get("/").content.decode()
    assert html.count('<header class="header">') == 1
    assert html.count('name="csrfmiddlewaretoken"') == 1
    # the header's token is the page's token (the same lazy value as hx-headers)
    token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert f'"X-CSRFToken": "{token}"' in html

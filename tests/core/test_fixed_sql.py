"""The reads every request makes, compiled once (issue 10): `sql.FixedSql`, the session store
(`bostotte.core.sessions`), the login backend's `get_user` (`bostotte.core.auth_backends`) and
the header's unread count. Each must answer exactly what the ORM answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bostotte.core.auth_backends import ModelBackend
from bostotte.core.models import MyndighedTeam, Rolle, User
from bostotte.core.sessions import SessionStore
from bostotte.core.sql import FixedSql
from tests.factories import PASSWORD, make_myndighed_team, make_staff
from tilsyn.models import Notifikation
from tilsyn.selectors import notifikation_unread_count

pytestmark = pytest.mark.django_db


def _staff(**kwargs: str) -> User:
    team = MyndighedTeam.objects.filter(navn="Team Fast").first() or make_myndighed_team("Team Fast")
    return make_staff(Rolle.SAGSBEHANDLER, myndighed_team=team, **kwargs)


def _usernames(*pks: int) -> QuerySet[User]:
    return User.objects.filter(pk__in=pks).order_by("pk").values_list("username")


def test_fixed_sql_is_compiled_once_and_answers_as_the_orm() -> None:
    a, b = _staff(), _staff()
    fixed = FixedSql(lambda pk: User.objects.filter(pk=pk).values_list("username"), ((-71,), (-72,)))
    assert fixed.rows(a.pk) == [(a.username,)]
    assert fixed.rows(b.pk) == [(b.username,)]
    assert fixed.rows(-5) == []
    assert fixed.cache["default"] is not None  # kept: the value is a parameter


def test_fixed_sql_whose_sql_depends_on_the_values_is_built_each_time() -> None:
    a, b = _staff(), _staff()
    # IN drops repeated values, so the second compile has other SQL: the compile is not kept
    fixed = FixedSql(_usernames, ((-71, -72), (-73, -73)))
    assert fixed.cache.get("default") is None
    assert fixed.rows(a.pk, b.pk) == [(a.username,), (b.username,)]
    assert fixed.cache["default"] is None


def test_fixed_sql_with_a_value_missing_from_the_sql_is_built_each_time() -> None:
    a = _staff()
    # the build ignores its second value when it is negative: the markers would not all appear
    fixed = FixedSql(
        lambda pk, other: User.objects.filter(pk=pk).values_list("username")
        if other < 0
        else User.objects.filter(pk__in=[pk, other]).values_list("username"),
        ((-71, -81), (-72, -82)),
    )
    assert fixed.rows(a.pk, -1) == [(a.username,)]
    assert fixed.cache["default"] is None


def test_fixed_sql_of_a_query_that_can_match_nothing() -> None:
    fixed = FixedSql(lambda pk: User.objects.filter(pk__in=[]).values_list("username"), ((-71,), (-72,)))
    assert fixed.rows(1) == []
    assert fixed.sql(1) is None


def test_settings_use_the_compiled_session_and_user_reads() -> None:
    assert settings.SESSION_ENGINE == "bostotte.core.sessions"
    assert "bostotte.core.auth_backends.ModelBackend" in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS


def test_session_store_loads_a_live_session_in_one_query() -> None:
    store = SessionStore()
    store["x"] = "æøå"
    store.save()
    again = SessionStore(store.session_key)
    with CaptureQueriesContext(connection) as ctx:
        assert again["x"] == "æøå"
    assert len(ctx.captured_queries) == 1
    assert again.session_key == store.session_key


def test_session_store_forgets_an_expired_or_unknown_key() -> None:
    store = SessionStore()
    store["x"] = 1
    store.save()
    Session.objects.filter(session_key=store.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None  # a new key is made on save, never the old one reused
    unknown = SessionStore("x" * 32)
    assert unknown.get("x") is None
    assert unknown.session_key is None


def test_backend_get_user_answers_as_the_orm() -> None:
    user = _staff(first_name="Åse", last_name="Ørum")
    got = ModelBackend().get_user(user.pk)
    assert got is not None
    orm = User.objects.get(pk=user.pk)
    for field in User._meta.concrete_fields:
        assert getattr(got, field.attname) == getattr(orm, field.attname), field.attname
    assert got._state.adding is False and got._state.db == "default"
    assert ModelBackend().get_user(str(user.pk)) is not None  # the session keeps the id as text


def test_backend_get_user_refuses_inactive_unknown_and_malformed_ids() -> None:
    user = _staff()
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert ModelBackend().get_user(user.pk) is None
    assert ModelBackend().get_user(-1) is None
    assert ModelBackend().get_user("ikke-et-tal") is None


def test_login_and_a_page_go_through_the_compiled_reads(client) -> None:  # type: ignore[no-untyped-def]
    user = _staff()
    response = client.post(
        "/log-ind/", {"username": user.username, "password": PASSWORD}, HTTP_REFERER="http://testserver/log-ind/"
    )
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)
    assert client.get("/").status_code == 200
    # deactivated: the next request is anonymous and sent to the login page
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302 and "/log-ind/" in response["Location"]


def test_unread_count_answers_as_the_orm() -> None:
    a, b = _staff(), _staff()
    assert notifikation_unread_count(user=a) == 0
    for i in range(3):
        Notifikation.objects.create(modtager=a, titel=f"n{i}", read_at=timezone.now() if i == 0 else None)
    Notifikation.objects.create(modtager=b, titel="b")
    for u in (a, b):
        orm = Notifikation.objects.filter(modtager=u, read_at__isnull=True).count()
        assert notifikation_unread_count(user=u) == orm
    assert notifikation_unread_count(user=a) == 2

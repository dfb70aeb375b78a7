"""Security settings and middleware: deploy checks, headers, sessions, login lockout."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from bostotte.core.middleware import SESSION_LOGIN_AT, SESSION_RENEWED_AT

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_check_deploy_is_clean_with_production_settings() -> None:
    env = {
        **{
            k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
        },  # set by browser tests
        "DJANGO_SETTINGS_MODULE": "bostotte.settings.production",
        "SECRET_KEY": "x" * 30 + "production-like-secret-key-for-the-deploy-check-0123456789",
        "FIELD_ENCRYPTION_KEYS": "n2SSD2-engM6YDB7iI7T1lXPLkKLtC0pYEuHZ4pA-cE=",
        "CPR_INDEX_KEY": "deploy-check-index-key",
        "ALLOWED_HOSTS": "bostotte.kommune.dk",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_malformed_boolean_is_refused() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from bostotte.settings.base import env_bool

    os.environ["BOSTOTTE_TEST_FLAG"] = "måske"
    try:
        with pytest.raises(ImproperlyConfigured):
            env_bool("BOSTOTTE_TEST_FLAG", False)
    finally:
        del os.environ["BOSTOTTE_TEST_FLAG"]


def test_authenticated_pages_are_not_cached_and_have_a_strict_csp(cast, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.anna)
    response = client.get(f"/sager/{cast.sag_erik.uuid}/")
    assert response["Cache-Control"] == "no-store, private"
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self'" in csp  # a nonce is added only on pages that use one
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"


def test_the_session_ends_after_the_absolute_timeout(cast, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.anna)
    session = client.session
    session[SESSION_LOGIN_AT] = time.time() - settings.SESSION_ABSOLUTE_TIMEOUT - 1
    session.save()
    response = client.get("/sager/")
    assert response.status_code == 302 and "/log-ind/" in response["Location"]
    assert client.get("/sager/").status_code == 302  # still logged out


def test_the_idle_timeout_is_short_and_renewed_at_most_once_a_minute() -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_TIMEOUT <= 60 * 60
    assert 0 < settings.SESSION_RENEW_SECONDS <= 60


def _session_row(client):  # type: ignore[no-untyped-def]
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key)


def test_activity_renews_the_idle_expiry_without_writing_the_session_on_every_request(
    cast, client
) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.anna)
    client.get("/")  # first request after login: login time and renewal stored
    first_expiry = _session_row(client).expire_date
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    assert not [
        q for q in ctx.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]
    ]
    assert _session_row(client).expire_date == first_expiry

    # A minute later the next request pushes the expiry forward again.
    session = client.session
    session[SESSION_RENEWED_AT] = time.time() - settings.SESSION_RENEW_SECONDS - 1
    session.save()
    before = _session_row(client).expire_date
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    assert [
        q for q in ctx.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]
    ]
    assert _session_row(client).expire_date > before


def test_an_idle_session_past_its_expiry_is_logged_out(cast, client) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(cast.anna)
    assert client.get("/sager/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/sager/")
    assert response.status_code == 302 and "/log-ind/" in response["Location"]


def test_a_renewal_time_in_the_future_is_not_trusted(cast, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.anna)
    client.get("/")
    session = client.session
    session[SESSION_RENEWED_AT] = time.time() + 3600
    session.save()
    before = _session_row(client).expire_date
    client.get("/")
    assert _session_row(client).expire_date >= before
    assert client.session[SESSION_RENEWED_AT] <= time.time()


def test_logout_is_post_only_and_clears_the_session(cast, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.anna)
    assert client.get("/log-ud/").status_code == 405
    response = client.post("/log-ud/")
    assert response.status_code == 302
    assert "Clear-Site-Data" in response
    assert client.get("/sager/").status_code == 302


def test_a_disabled_user_is_logged_out(cast, client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(cast.anna)
    cast.anna.is_active = False
    cast.anna.save(update_fields=["is_active"])
    assert client.get("/sager/").status_code == 302


def test_repeated_failed_logins_lock_the_account(cast, client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import PASSWORD

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/log-ind/", {"username": "anna", "password": "forkert"})
    response = client.post("/log-ind/", {"username": "anna", "password": PASSWORD})
    assert response.status_code == 429
    assert "midlertidigt låst" in response.content.decode()


def test_a_correct_login_works_and_shows_the_role(cast, client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import PASSWORD

    response = client.post("/log-ind/", {"username": "anna", "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert "Sagsbehandler" in response.content.decode()


def test_no_staff_account_is_a_superuser_and_superuser_grants_nothing(cast) -> None:  # type: ignore[no-untyped-def]
    from bostotte.core.models import Sag, User

    assert not User.objects.filter(is_superuser=True).exists()
    cast.hans.is_superuser = True
    cast.hans.save(update_fields=["is_superuser"])
    assert Sag.objects.visible_to(cast.hans).count() == 0

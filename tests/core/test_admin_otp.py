"""The admin is for administrators, behind a password AND a TOTP/backup code (django-otp)."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username: str, token: str = ""):  # type: ignore[no-untyped-def]
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": PASSWORD, "otp_device": "", "otp_token": token},
    )


def test_an_administrator_needs_a_second_factor(cast, client) -> None:  # type: ignore[no-untyped-def]
    device = StaticDevice.objects.create(user=cast.ida, name="nødkode")
    StaticToken.objects.create(device=device, token="abc12345")
    assert _login(client, "ida").status_code == 200  # the form again: the password alone is not enough
    assert client.get("/admin/").status_code == 302
    assert _login(client, "ida", "forkert1").status_code == 200
    assert client.get("/admin/").status_code == 302
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "ida", "password": PASSWORD, "otp_device": device.persistent_id, "otp_token": "abc12345"},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_ordinary_staff_cannot_use_the_admin(cast, client) -> None:  # type: ignore[no-untyped-def]
    device = StaticDevice.objects.create(user=cast.anna, name="nødkode")
    StaticToken.objects.create(device=device, token="abc12345")
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "anna", "password": PASSWORD, "otp_device": device.persistent_id, "otp_token": "abc12345"},
    )
    assert client.get("/admin/").status_code == 302  # not is_staff: no admin

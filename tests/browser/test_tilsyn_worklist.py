"""A deadline in a real browser: on anna's worklist, escalated to bo when overdue, then closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.tilsyn import builders as b
from tilsyn.models import Opgave
from tilsyn.services.frister import frister_scan

from .conftest import axe_check, login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_task_appears_is_escalated_when_overdue_and_is_closed(page, live_server, cast, ffb) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    b.henvendelse(cast.sag_erik, modtaget_on=timezone.localdate(now) - timedelta(days=50), frist_on=timezone.localdate(now) + timedelta(days=3))
    frister_scan(now=now)

    login(page, live_server, cast.anna)
    page.click("nav.app-nav >> text=Mine opgaver")
    page.wait_for_load_state("networkidle")
    row = page.locator("tr.app-opgave")
    assert row.count() == 1
    assert "Sagsbehandlingsfrist" in row.inner_text() and "Snart" in row.inner_text()
    assert page.locator(".app-badge").inner_text().startswith("1")  # the reminder in the inbox
    axe_check(page, context="mine opgaver")
    logout(page)

    # Five days later the frist has passed: the next daily scan escalates the task to bo.
    with time_machine.travel(now + timedelta(days=5), tick=True):
        frister_scan()
        assert Opgave.objects.get().escalated_to == cast.bo
        login(page, live_server, cast.bo)
        page.click("nav.app-nav >> text=Teamets opgaver")
        page.wait_for_load_state("networkidle")
        row = page.locator("tr.app-opgave")
        assert "Eskaleret" in row.inner_text() and "Overskredet" in row.inner_text()
        axe_check(page, context="teamets opgaver")
        # Dismissing without a reason is refused (htmx swap keeps the row with the message) …
        row.locator("select[name=status]").select_option("afvist")
        row.locator("button:has-text('Luk opgaven')").click()
        page.wait_for_selector("tr.app-opgave .form-error-message")
        axe_check(page, context="luk med fejl")
        # … and with a reason the task is closed.
        page.locator("tr.app-opgave input[name=begrundelse]").fill("Afgørelsen er truffet på papir")
        page.locator("tr.app-opgave button:has-text('Luk opgaven')").click()
        page.wait_for_selector("tr.app-opgave:has-text('Lukket')")
    assert Opgave.objects.get().status == "afvist"

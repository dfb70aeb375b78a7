"""The staff shell in a real browser: login, the role home page, a case, the journal (htmx), axe."""

from __future__ import annotations

import pytest

from .conftest import axe_check, login, logout, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_logs_in_shows_a_case_and_writes_a_journal_note(page, live_server, cast) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server, cast.anna)
    assert page.locator("h1").inner_text().startswith("Goddag")
    axe_check(page, context="forside")
    page.click("nav.app-nav >> text=Sager")
    page.wait_for_load_state("networkidle")
    assert page.locator("table").inner_text().count("Erik Eriksen") == 1
    assert "Gitte" not in page.locator("table").inner_text()  # team Syd's case is out of scope
    axe_check(page, context="sagsliste")
    page.click("text=Erik Eriksen")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="sag")
    page.click("summary:has-text('Skriv et notat')")
    page.select_option("#id_art", "opkald")
    page.fill("#id_emne", "Telefonsamtale med Erik")
    # An empty note is refused by htmx-swapped errors, and the subject typed is kept.
    page.click("button:has-text('Gem notat')")
    page.wait_for_selector("#journal .alert-error")
    assert page.input_value("#id_emne") == "Telefonsamtale med Erik"
    axe_check(page, context="journal med fejl")
    page.fill("#id_tekst", "Erik ringede og spurgte til sin bostøtte.")
    page.click("button:has-text('Gem notat')")
    page.wait_for_selector("#journal h3:has-text('Telefonsamtale med Erik')")
    screenshot(page, "sag-desktop")
    logout(page)
    assert "/log-ind/" in page.url


def test_it_answers_404_for_a_case_outside_the_scope(page, live_server, cast) -> None:  # type: ignore[no-untyped-def]
    login(page, live_server, cast.anna)
    response = page.goto(f"{live_server.url}/sager/{cast.sag_gitte.uuid}/")
    assert response is not None and response.status == 404


def test_it_refuses_a_wrong_password_in_danish(page, live_server, cast) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/log-ind/")
    page.fill("#id_username", "anna")
    page.fill("#id_password", "forkert")
    page.click("button[type=submit]:has-text('Log ind')")
    assert page.locator(".alert-error").inner_text().startswith("Brugernavn eller adgangskode er forkert")
    axe_check(page, context="login med fejl")

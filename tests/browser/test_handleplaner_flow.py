"""The shared plan in a real browser: the sagsbehandler (anna) offers and writes the § 141
handleplan; the assigned bostøtte (dorte) reads the shared part, writes the pædagogiske plan,
adds a delmål under an indsatsmål and rates progress (htmx). axe on every page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.handleplaner.builders import SHARED_TEXT, UNSHARED_TEXT, give_erik_a_bestilling

from .conftest import axe_check, login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_writes_the_handleplan_and_a_delmaal_with_progress(page, live_server, cast, ffb) -> None:  # type: ignore[no-untyped-def]
    give_erik_a_bestilling(cast)
    today = timezone.localdate().isoformat()

    # --- anna: offer, answer and the first version --------------------------------------------
    login(page, live_server, cast.anna)
    page.goto(f"{live_server.url}/sager/{cast.sag_erik.uuid}/")
    page.click("a:has-text('Åbn plan og mål')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Plan og mål")
    axe_check(page, context="plan (myndighed, ingen handleplan)")
    page.click("a:has-text('Tilbud og svar')")
    page.fill("#id_tilbudt_on", today)
    page.select_option("#id_tilbudt_maade", "moede")
    page.select_option("#id_svar", "accepteret")
    axe_check(page, context="tilbud om handleplan")
    # "Yes" without the date of the answer is refused, and what was typed is kept.
    page.click("button:has-text('Gem')")
    page.wait_for_selector(".alert-error")
    assert page.input_value("#id_tilbudt_on") == today
    page.fill("#id_svar_on", today)
    page.click("button:has-text('Gem')")
    page.wait_for_selector("text=Oplysningerne om handleplanen er gemt.")
    page.click("a:has-text('Skriv handleplanen')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_formaal", "Erik vil gerne kunne bo i sin egen lejlighed og have en god hverdag.")
    page.fill("#id_varighed", "Et år.")
    # Missing 'indsats' is refused and the typed text is kept.
    page.click("button:has-text('Gem som ny version')")
    page.wait_for_selector(".alert-error")
    assert page.input_value("#id_formaal").startswith("Erik vil gerne")
    axe_check(page, context="handleplan med fejl")
    page.fill("#id_indsats", "Bostøtte 3 timer om ugen til mad, indkøb og økonomi.")
    page.fill("#id_behandling", "Samtaler i distriktspsykiatrien (deles ikke).")
    page.fill("#id_borgers_ord", "Jeg vil kunne lave mad selv.")
    page.click("button:has-text('Gem som ny version')")
    page.wait_for_selector("text=Version 1 af handleplanen er gemt.")
    assert "Samtaler i distriktspsykiatrien" in page.content()
    axe_check(page, context="plan med handleplan (myndighed)")
    logout(page)

    # --- dorte: reads the shared part, writes the pædagogiske plan, a delmål and a rating ---------
    login(page, live_server, cast.dorte)
    page.click("nav.app-nav >> text=Planer")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="planer (bostøtte)")
    page.click("a:has-text('Erik Eriksen')")
    page.wait_for_load_state("networkidle")
    html = page.content()
    assert "Erik vil gerne kunne bo i sin egen lejlighed" in html  # the shared handleplan
    assert "distriktspsykiatrien" not in html and UNSHARED_TEXT not in html and SHARED_TEXT in html
    page.click("a:has-text('Skriv den pædagogiske plan')")
    page.check("#id_borger_tilbudt_forberedelse")
    page.fill("#id_forberedelse_on", today)
    page.check("label:has-text('Sammen med borgeren')")
    axe_check(page, context="pædagogisk plan")
    page.click("button:has-text('Gem planen')")
    page.wait_for_selector("text=Den pædagogiske plan er gemt.")
    page.locator("a:has-text('Tilføj delmål')").first.click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_titel", "Lave aftensmad to gange om ugen")
    page.fill("#id_borgers_ord", "Jeg vil kunne lave lasagne til min søster.")
    page.check("label:has-text('Recovery-orienteret')")
    axe_check(page, context="nyt delmål")
    page.click("button:has-text('Gem delmål')")
    page.wait_for_selector("text=Delmålet er gemt.")
    delmaal = page.locator(".hp-delmaal").first
    assert "Lave aftensmad to gange om ugen" in delmaal.inner_text()
    delmaal.locator("summary:has-text('Vurdér fremskridt')").click()
    delmaal.get_by_label("+1: lidt mere end forventet").check()
    delmaal.locator("textarea[name=note]").fill("Erik lavede mad to gange i denne uge.")
    delmaal.locator("button:has-text('Gem vurdering')").click()
    page.wait_for_selector(".hp-delmaal .hp-saved")
    assert "+1: lidt mere end forventet" in page.locator(".hp-delmaal").first.inner_text()
    axe_check(page, context="plan efter vurdering (htmx)")
    screenshot(page, "handleplaner-plan-bostoette")

"""Dorte logs a planned visit on her phone (375×740): "I dag" → one tap → quick form. A failed
submit comes back with her input kept and the error shown; the fixed submit lands on "I dag"."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from levering.models import Besoeg
from levering.services import besoeg_create, bestilling_accept, tildeling_create
from tests.levering import builders

from .conftest import axe_check, login, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def planned(cast):  # type: ignore[no-untyped-def]
    builders.ensure_ffb()
    now = timezone.localtime()
    b = builders.bestilling(cast.sag_erik, cast.lev_nord, now=now - timedelta(days=10))
    bestilling_accept(bestilling=b, actor=cast.lise)
    b.refresh_from_db()
    tildeling_create(bestilling=b, medarbejder=cast.dorte, starts_on=now.date() - timedelta(days=7), actor=cast.lise)
    builders.delmaal(b, "Handle ind en gang om ugen")
    start = max(timezone.make_aware(datetime.combine(now.date(), time(0, 5))), now - timedelta(minutes=90))
    return besoeg_create(bestilling=b, medarbejder=cast.dorte, starts_at=start, ends_at=start + timedelta(minutes=30), kontaktform="hjemmebesoeg", status="planlagt", actor=cast.dorte)


def test_dorte_logs_a_visit_on_her_phone(phone, live_server, cast, planned) -> None:  # type: ignore[no-untyped-def]
    page = phone
    login(page, live_server, cast.dorte)
    page.goto(f"{live_server.url}/levering/i-dag/")
    assert "Erik Eriksen" in page.locator("main").inner_text()
    assert "Handle ind en gang om ugen" in page.locator("main").inner_text()
    axe_check(page, context="I dag (telefon)")
    # No horizontal scrolling at 375 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    button = page.locator("a:has-text('Registrér besøget')")
    assert button.bounding_box()["height"] >= 44  # a big touch target
    button.click()
    page.wait_for_load_state("networkidle")
    axe_check(page, context="besøgsformular (telefon)")

    # End before start: refused, input kept (htmx swaps the form back with 422).
    page.fill("#id_slut", "00:01")
    page.fill("#id_start", "00:04")
    page.check("label:has-text('Ledsagelse') >> xpath=preceding-sibling::input")
    page.check("label:has-text('Handle ind en gang om ugen') >> xpath=preceding-sibling::input")
    page.fill("#id_note", "Vi handlede ind i Netto sammen.")
    page.click("button:has-text('Gem besøg')")
    page.wait_for_selector("#besoeg-form .alert-error")
    assert page.input_value("#id_note") == "Vi handlede ind i Netto sammen."
    assert page.is_checked("label:has-text('Ledsagelse') >> xpath=preceding-sibling::input")
    axe_check(page, context="besøgsformular med fejl")

    # Fix: a duration instead of an end time, and the FFB undertema for the note.
    start = timezone.localtime(planned.starts_at)
    page.fill("#id_start", start.strftime("%H:%M"))
    page.fill("#id_slut", "")
    page.fill("#id_minutter", "25")
    page.select_option("#id_note_undertema", index=1)
    page.click("button:has-text('Gem besøg')")
    page.wait_for_url(f"{live_server.url}/levering/i-dag/")
    page.wait_for_selector("text=Besøget er registreret.")
    screenshot(page, "levering-i-dag-phone")

    v = Besoeg.objects.get(pk=planned.pk)
    assert v.status == "gennemfoert" and v.kontaktform == "ledsagelse" and v.varighed == timedelta(minutes=25)
    assert v.note == "Vi handlede ind i Netto sammen." and v.delmaal.count() == 1


def test_dorte_gives_the_duration_after_a_refused_end_time(phone, live_server, cast, planned) -> None:  # type: ignore[no-untyped-def]
    """Issue 12 regression: after "end before start" the form kept refusing the duration, because
    the refused end time stayed in its field and won. Now typing minutes empties the end time
    (static/js/app.js) and the server lets a duration win anyway (levering/forms.py)."""
    page = phone
    login(page, live_server, cast.dorte)
    page.goto(f"{live_server.url}/levering/i-dag/")
    page.click("a:has-text('Registrér besøget')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_start", "00:04")
    page.fill("#id_slut", "00:01")
    page.click("button:has-text('Gem besøg')")
    page.wait_for_selector("#besoeg-form .alert-error")
    # The message sits at the end time field, not only in the summary.
    assert "Sluttidspunktet skal være efter starttidspunktet." in page.locator(".form-group:has(#id_slut) .form-error-message").inner_text()
    axe_check(page, context="besøgsformular: slut før start (telefon)")

    start = timezone.localtime(planned.starts_at)
    page.fill("#id_start", start.strftime("%H:%M"))
    page.locator("#id_minutter").press_sequentially("25")  # typed, as on the phone's keypad
    assert page.input_value("#id_slut") == ""  # the refused end time is gone
    page.click("button:has-text('Gem besøg')")
    page.wait_for_url(f"{live_server.url}/levering/i-dag/")
    page.wait_for_selector("text=Besøget er registreret.")
    v = Besoeg.objects.get(pk=planned.pk)
    assert v.status == "gennemfoert" and v.varighed == timedelta(minutes=25)

    # And back: typing an end time empties a duration typed before.
    page.goto(f"{live_server.url}/levering/besoeg/{planned.uuid}/")
    page.locator("#id_minutter").press_sequentially("40")
    page.fill("#id_slut", "01:30")  # sets the value and fires `input`, as picking a time does
    assert page.input_value("#id_minutter") == ""

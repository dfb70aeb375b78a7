"""Keyboard only (issue 12): the visit-logging form, the afgørelse form and the portal's main pages
can be completed with Tab/Shift+Tab/Enter/Space/arrow keys, and every control we land on shows a
visible focus indicator (outline or box-shadow)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from levering.models import Besoeg
from levering.services import bestilling_accept, tildeling_create
from tests.levering import builders as lev
from tests.visitation.builders import make_draft, make_kvalitetsstandard
from visitation.models import Afgoerelse
from visitation.tasks import afgoerelse_brev_task

from .conftest import axe_check, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  const shown = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow && s.boxShadow !== 'none');
  if (shown(getComputedStyle(el))) return true;
  // DKFDS draws checkboxes and radios on the label: the focus ring is on label::before.
  const label = el.id && document.querySelector(`label[for="${el.id}"]`);
  return !!label && shown(getComputedStyle(label, '::before'));
}"""
STYLE = "() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.boxShadow].join(' / '); }"
ACTIVE = "() => { const el = document.activeElement; return (el.id || el.name || el.tagName) + ' ' + (el.innerText || el.value || '').slice(0, 40); }"


def tab_to(page, selector: str, *, back: bool = False, limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus; then its focus
    must be visible."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Shift+Tab" if back else "Tab")
    else:
        raise AssertionError(f"{selector} cannot be reached with {'Shift+' if back else ''}Tab")
    assert page.evaluate(FOCUS_VISIBLE), f"no visible focus on {page.evaluate(ACTIVE)}: {page.evaluate(STYLE)}"


def _planned_bestilling(cast):  # type: ignore[no-untyped-def]
    lev.ensure_ffb()
    now = timezone.localtime()
    b = lev.bestilling(cast.sag_erik, cast.lev_nord, now=now - timedelta(days=10))
    bestilling_accept(bestilling=b, actor=cast.lise)
    b.refresh_from_db()
    tildeling_create(bestilling=b, medarbejder=cast.dorte, starts_on=now.date() - timedelta(days=7), actor=cast.lise)
    lev.delmaal(b, "Handle ind en gang om ugen")
    return b


def test_it_logs_a_visit_with_the_keyboard_only(page, live_server, cast) -> None:  # type: ignore[no-untyped-def]
    b = _planned_bestilling(cast)
    # Midday, so the form's default times (an hour ago → now) are on one day.
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12, 0)))
    with time_machine.travel(noon, tick=True):
        login(page, live_server, cast.dorte)
        page.goto(f"{live_server.url}/levering/bestillinger/{b.uuid}/besoeg/")
        page.locator("h1").click()  # start the tab order at the heading, like a reader who skimmed it
        tab_to(page, "#id_dato")
        # The duration instead of the prefilled end time (issue 12): typing it empties the end time.
        tab_to(page, "#id_minutter")
        page.keyboard.type("45")
        assert page.input_value("#id_slut") == ""
        tab_to(page, "input[name=status]:checked")
        tab_to(page, "input[name=kontaktform]:checked")
        page.keyboard.press("ArrowDown")  # hjemmebesøg → ledsagelse
        assert page.is_checked("input[name=kontaktform][value=ledsagelse]")
        tab_to(page, "input[name=delmaal]")
        page.keyboard.press("Space")
        tab_to(page, "#id_note")
        page.keyboard.type("Vi handlede ind sammen.")
        tab_to(page, "#id_note_undertema")
        page.keyboard.press("ArrowDown")
        assert page.input_value("#id_note_undertema") != ""
        tab_to(page, "#id_dato", back=True)  # Shift+Tab goes back through the form
        tab_to(page, "#besoeg-form button[type=submit]")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server.url}/levering/i-dag/")
        axe_check(page, context="I dag efter tastaturbesøg")
    v = Besoeg.objects.get(bestilling=b)
    assert v.kontaktform == "ledsagelse" and v.note == "Vi handlede ind sammen." and v.delmaal.count() == 1
    assert v.varighed == timedelta(minutes=45)


def test_it_makes_an_afgoerelse_with_the_keyboard_only(page, live_server, cast, ffb, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(afgoerelse_brev_task, "apply_async", lambda *a, **k: None)  # no letter here (core.queue.enqueue)
    make_kvalitetsstandard(cast.bo)
    afg = make_draft(cast.sag_erik, cast.anna, starts_on=timezone.localdate())
    login(page, live_server, cast.anna)
    page.goto(f"{live_server.url}/visitation/afgoerelser/{afg.uuid}/")
    page.locator("h1").click()
    tab_to(page, "#id_timer")
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    tab_to(page, "#id_timer_periode")
    tab_to(page, "#id_begrundelse_hovedhensyn")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Og til madlavning.")
    tab_to(page, "button:has-text('Gem og træf afgørelse')")
    page.keyboard.press("Enter")
    page.get_by_text("Afgørelsen er truffet").wait_for()
    axe_check(page, context="afgørelse truffet (tastatur)")
    afg = Afgoerelse.objects.get(pk=afg.pk)
    assert afg.status != "kladde" and afg.timer == 4 and afg.begrundelse_hovedhensyn.endswith("Og til madlavning.")


def test_erik_uses_the_portal_with_the_keyboard_only(page, live_server, cast) -> None:  # type: ignore[no-untyped-def]
    _planned_bestilling(cast)
    page.goto(f"{live_server.url}/borger/log-ind/")
    tab_to(page, "button:has-text('Log ind som Erik Eriksen')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/borger/")
    for path in ("/borger/plan/", "/borger/besoeg/", "/borger/afgoerelser/", "/borger/adgangslog/", "/borger/kontakt/"):
        tab_to(page, f"a[href='{path}']")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server.url}{path}")
    tab_to(page, "footer a[href$='/tilgaengelighed/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/borger/tilgaengelighed/")

    # WHO-5 with arrow keys: each question is a radio group.
    page.goto(f"{live_server.url}/borger/trivsel/udfyld/")
    page.locator("h1").click()
    for key in ("happy", "calm", "active", "rested", "interest"):
        tab_to(page, f"input[name=who5_{key}]")
        page.keyboard.press("Space")  # selects the focused option (the first)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        assert page.is_checked(f"#id_who5_{key}_2"), key
    tab_to(page, "input[name=livstilfredshed]")
    page.keyboard.press("Space")
    tab_to(page, "button:has-text('Send mine svar')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/borger/trivsel/tak/")
    assert "60 ud af 100" in page.locator("main").inner_text()

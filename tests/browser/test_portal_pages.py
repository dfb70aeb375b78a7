"""Erik uses the borgerportal on his phone (375 px): dev login, forside, plan, visits (htmx
request with errors), WHO-5 with errors, relatives, access log, decision – axe on every page."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from bostotte.core.models import Medarbejder
from bostotte.core.services.accesslog import accesslog_record
from levering.services import besoeg_create, bestilling_accept, tildeling_create
from tests.levering import builders

from .conftest import axe_check, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def erik_case(cast):  # type: ignore[no-untyped-def]
    """Erik today: dorte assigned, a visit in three days, a handleplan to read, a decision."""
    from handleplaner.services import handleplan_offer, handleplan_version_create  # noqa: PLC0415

    builders.ensure_ffb()
    now = timezone.localtime()
    Medarbejder.objects.filter(user=cast.dorte).update(telefon="20 30 40 50")
    b = builders.bestilling(cast.sag_erik, cast.lev_nord, now=now - timedelta(days=10))
    bestilling_accept(bestilling=b, actor=cast.lise)
    b.refresh_from_db()
    tildeling_create(bestilling=b, medarbejder=cast.dorte, starts_on=now.date() - timedelta(days=30), actor=cast.lise)
    builders.delmaal(b, "Gå en tur hver dag")
    start = timezone.make_aware(datetime.combine(now.date() + timedelta(days=3), time(13, 0)))
    besoeg_create(bestilling=b, medarbejder=cast.dorte, starts_at=start, ends_at=start + timedelta(hours=1), kontaktform="hjemmebesoeg", status="planlagt", actor=cast.dorte)
    hp = handleplan_offer(sag=cast.sag_erik, tilbudt_on=now.date() - timedelta(days=5), tilbudt_maade="moede", actor=cast.anna)
    handleplan_version_create(handleplan=hp, expected_nummer=0, formaal="At kunne bo i egen bolig", indsats="Bostøtte 3 timer om ugen", varighed="Et år", actor=cast.anna)
    a = b.afgoerelse
    a.meddelt_on = now.date() - timedelta(days=3)
    a.brev.save("brev.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    a.save(update_fields=["meddelt_on", "brev"])
    accesslog_record(actor=cast.anna, borger=cast.erik, sag=cast.sag_erik, art="visning", formaal="Sagsbehandling: visning af sagen", view_name="x")
    return b


def _dev_login(page, live_server, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/borger/log-ind/")
    axe_check(page, context="portal-login")
    page.click(f"button:has-text('Log ind som {name}')")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/borger/")


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_erik_uses_the_portal_on_his_phone(phone, live_server, cast, erik_case) -> None:  # type: ignore[no-untyped-def]
    page = phone
    _dev_login(page, live_server, "Erik Eriksen")
    main = page.locator("main").inner_text()
    assert "Dorte Dahl" in main and "20 30 40 50" in main
    assert "Din handleplan er klar til at blive læst" in main and "Svar på spørgsmålene" in main
    axe_check(page, context="forside (telefon)")
    _no_sideways_scroll(page)
    screenshot(page, "portal-forside-telefon")

    page.goto(f"{live_server.url}/borger/plan/")
    assert "Gå en tur hver dag" in page.locator("main").inner_text()
    axe_check(page, context="min plan")
    _no_sideways_scroll(page)
    page.click("button:has-text('Ja, jeg er enig i planen')")
    page.wait_for_load_state("networkidle")
    assert "Du har sagt ja til din handleplan" in page.locator("#messages").inner_text()
    axe_check(page, context="min plan efter accept")

    page.goto(f"{live_server.url}/borger/afgoerelser/")
    axe_check(page, context="mine afgørelser")
    page.click("main h2 a")
    page.wait_for_load_state("networkidle")
    assert "Du kan klage til og med" in page.locator("main").inner_text()
    axe_check(page, context="afgørelse")

    page.goto(f"{live_server.url}/borger/adgangslog/")
    text = page.locator("main").inner_text()
    assert "Sagsbehandling: visning af sagen" in text and "Anna" not in text
    axe_check(page, context="adgangslog")
    _no_sideways_scroll(page)

    page.goto(f"{live_server.url}/borger/kontakt/")
    axe_check(page, context="kontakt")
    page.click("footer >> text=Tilgængelighedserklæring")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="tilgængelighedserklæring")


def test_erik_asks_to_move_a_visit_with_htmx(phone, live_server, cast, erik_case) -> None:  # type: ignore[no-untyped-def]
    page = phone
    _dev_login(page, live_server, "Erik Eriksen")
    page.goto(f"{live_server.url}/borger/besoeg/")
    axe_check(page, context="mine besøg")
    _no_sideways_scroll(page)
    page.click("a:has-text('Aflys eller flyt')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="aflys eller flyt")
    page.check("#id_art_1")  # flyt
    page.fill("#id_oensket_tid", "Fredag eftermiddag")
    page.click("button:has-text('Send til min bostøtte')")
    page.wait_for_selector("#anmodning-formular .alert-error")
    assert page.input_value("#id_oensket_tid") == "Fredag eftermiddag"
    assert page.is_checked("#id_art_1")
    axe_check(page, context="aflys eller flyt med fejl (htmx)")
    page.fill("#id_begrundelse", "Jeg skal til lægen.")
    page.click("button:has-text('Send til min bostøtte')")
    page.wait_for_url("**/borger/besoeg/")
    assert "Din bostøtte har fået dit ønske" in page.locator("#messages").inner_text()
    assert "Du har bedt om at flyt besøget" in page.locator("main").inner_text()
    axe_check(page, context="mine besøg efter ønske")


def test_erik_answers_who5_and_adds_a_relative(phone, live_server, cast) -> None:  # type: ignore[no-untyped-def]
    page = phone
    _dev_login(page, live_server, "Erik Eriksen")
    page.goto(f"{live_server.url}/borger/trivsel/udfyld/")
    axe_check(page, context="WHO-5")
    _no_sideways_scroll(page)
    page.check("#id_who5_happy_2")  # 3: lidt mere end halvdelen af tiden
    page.check("#id_livstilfredshed_7")
    page.click("button:has-text('Send mine svar')")
    page.wait_for_selector(".alert-error")
    assert page.is_checked("#id_who5_happy_2") and page.is_checked("#id_livstilfredshed_7")
    axe_check(page, context="WHO-5 med fejl")
    for key in ("calm", "active", "rested", "interest"):
        page.check(f"#id_who5_{key}_2")
    page.click("button:has-text('Send mine svar')")
    page.wait_for_load_state("networkidle")
    assert "60 ud af 100" in page.locator("main").inner_text()
    axe_check(page, context="tak")

    page.goto(f"{live_server.url}/borger/paaroerende/")
    axe_check(page, context="pårørende")
    page.fill("#id_navn", "Mona Eriksen")
    page.fill("#id_relation", "mor")
    page.click("button:has-text('Tilføj og giv samtykke')")
    page.wait_for_selector(".alert-error")
    assert page.input_value("#id_navn") == "Mona Eriksen"
    axe_check(page, context="pårørende med fejl")
    page.check("#id_omfang_1")  # må se min plan
    page.click("button:has-text('Tilføj og giv samtykke')")
    page.wait_for_load_state("networkidle")
    assert "Må se min plan" in page.locator("main").inner_text()
    page.click("button:has-text('Træk dit ja tilbage')")
    page.wait_for_load_state("networkidle")
    assert "Må ikke få oplysninger." in page.locator("main").inner_text()
    axe_check(page, context="pårørende efter tilbagekald")


def test_an_unknown_citizen_sees_a_friendly_page(phone, live_server) -> None:  # type: ignore[no-untyped-def]
    page = phone
    page.goto(f"{live_server.url}/borger/log-ind/fejl/?grund=ukendt")
    assert "Vi kan ikke finde dig" in page.locator("h1").inner_text()
    axe_check(page, context="ukendt borger")

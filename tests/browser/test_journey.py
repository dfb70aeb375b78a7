"""One citizen's whole journey in a real browser (issue 12).

Erik Eriksen from henvendelse to the leader's numbers, each step done by the role that does it in
real life and logged in as that role: anna (sagsbehandler) → lise (leverandørleder) → anna → erik
(borgerportalen) → dorte (bostøtte, on her phone) → … axe-core (WCAG 2.0/2.1 A+AA) runs on every
page the journey visits, including error states and htmx-swapped content; key pages are
screenshotted at desktop and 375 px into test-results/.
"""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from bostotte.ffb.models import Kode
from levering.models import Besoeg, Indlaeggelse, Tildeling
from tests.tilsyn import builders as tb
from tests.visitation.builders import make_kvalitetsstandard, undertema_ad
from tests.visitation.conftest import (  # noqa: F401 (the real Celery worker renders the letter)
    celery_app,
    celery_enable_logging,
    celery_includes,
    celery_parameters,
    celery_worker,
    celery_worker_parameters,
    celery_worker_pool,
    use_celery_app_trap,
)
from tilsyn.models import Opgave
from tilsyn.services.frister import frister_scan
from visitation.models import Afgoerelse, Bestilling
from visitation.tasks import afgoerelse_brev_task

from .conftest import DESKTOP, PHONE, axe_check, login, logout, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def celery_config():  # type: ignore[no-untyped-def]
    """Our own Redis database and queue: other test runs' workers (visitation uses db 14) must not
    pick up this journey's letter task and run it against their database."""
    return {
        "broker_url": "redis://127.0.0.1:6379/10",
        "result_backend": "redis://127.0.0.1:6379/10",
        "task_default_queue": "journey",
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_serializer": "json",
    }


def _shots(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The current page at desktop width and at 375 px, then back to the page's own viewport."""
    size = page.viewport_size
    screenshot(page, f"journey-{name}-desktop")
    page.set_viewport_size(PHONE)
    screenshot(page, f"journey-{name}-375")
    page.set_viewport_size(size)


def _save_visit(page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.click("button:has-text('Gem besøg')")
    try:
        page.wait_for_url(f"{live_server.url}/levering/i-dag/")
    except Exception as exc:  # show what the form said instead of a bare timeout
        raise AssertionError(page.locator("#besoeg-form").inner_text()) from exc
    page.wait_for_selector("text=Besøget er registreret.")


def _main(page) -> str:  # type: ignore[no-untyped-def]
    return page.locator("main").inner_text()


def test_erik_goes_from_henvendelse_to_the_leaders_numbers(page, live_server, cast, ffb, celery_app, celery_worker, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811, PLR0915, PLR0917
    # The live server's request thread resolves the shared task through the project's Celery app;
    # bind it to the test app so the test worker renders the letter (as test_visitation_flow does).
    monkeypatch.setattr("visitation.tasks.afgoerelse_brev_task", celery_app.tasks[afgoerelse_brev_task.name])
    make_kvalitetsstandard(cast.bo)
    ad = undertema_ad()
    today = timezone.localdate()
    page.set_default_timeout(15_000)

    # ---- anna (sagsbehandler): henvendelse → udredning → afgørelse → letter → bestilling ----
    login(page, live_server, cast.anna)
    page.goto(f"{live_server.url}/sager/{cast.sag_erik.uuid}/")
    axe_check(page, context="sagssiden")
    _shots(page, "sag")
    page.locator("#visitation").get_by_role("link", name="Ny henvendelse").click()
    page.wait_for_load_state("networkidle")
    axe_check(page, context="ny henvendelse")
    page.select_option("#id_kilde", "udskrivning")
    page.fill("#id_borgers_ord", "Jeg vil gerne klare mine indkøb selv.")
    page.check("#id_samtykke_indhentning")
    page.get_by_role("button", name="Registrér henvendelsen").click()
    page.wait_for_load_state("networkidle")
    assert "Henvendelsen er registreret" in page.content(), _main(page)[:1500]
    axe_check(page, context="henvendelse registreret")

    page.get_by_role("button", name="Start udredning").click()
    page.wait_for_url(re.compile(r"/visitation/udredninger/"))
    axe_check(page, context="udredning")
    page.locator(f"details:has(#id_b_{ad.pk}) > summary").click()
    axe_check(page, context="udredning med åbent undertema")
    page.fill(f"#id_b_{ad.pk}", "Har svært ved at handle ind efter udskrivningen.")
    page.select_option(f"#id_k_{ad.pk}", str(Kode.objects.kilder().first().pk))
    page.select_option(f"#id_n_{ad.pk}", label="Moderat nedsat funktionsevne")
    page.get_by_role("button", name="Gem kladde").click()
    page.wait_for_load_state("networkidle")
    assert "Kladden er gemt" in page.content()
    page.fill("#id_borgers_vurdering", "Jeg har brug for lidt hjælp hver uge.")
    page.select_option("#id_stoettebehov", label="Moderat støttebehov")
    page.get_by_role("button", name="Gem og afslut udredningen").click()
    page.wait_for_load_state("networkidle")
    assert "Udredningen er afsluttet" in page.content()
    axe_check(page, context="udredning afsluttet")
    _shots(page, "udredning")

    page.get_by_role("button", name="Lav afgørelse").click()
    page.wait_for_url(re.compile(r"/visitation/afgoerelser/"))
    axe_check(page, context="afgørelse")
    page.get_by_role("button", name="Gem og træf afgørelse").click()
    page.wait_for_load_state("networkidle")
    assert "Afgørelsen kan ikke træffes. Der mangler" in page.content()
    axe_check(page, context="afgørelse med fejl")
    page.select_option("#id_maalgruppe", index=1)
    page.fill("#id_timer", "3")
    page.select_option("#id_timer_periode", "uge")
    page.locator("label[for=id_ydelser_0]").click()
    page.select_option("#id_form", "individuel")
    page.fill("#id_starts_on", today.isoformat())
    page.fill("#id_begrundelse_regler", "Serviceloven § 85.")
    page.fill("#id_begrundelse_hovedhensyn", "Dit behov for støtte til indkøb.")
    page.fill("#id_begrundelse_fakta", "Udredningen.")
    page.select_option("#id_partshoering", "ikke_noedvendig")
    page.fill("#id_partshoering_ikke_begrundelse", "Du får det, du har søgt om.")
    _shots(page, "afgoerelse-form")
    page.get_by_role("button", name="Gem og træf afgørelse").click()
    page.get_by_text("Afgørelsen er truffet").wait_for()
    afg = Afgoerelse.objects.get(sag=cast.sag_erik, er_aktiv=True)
    deadline = time.monotonic() + 60
    while not afg.brev and time.monotonic() < deadline:
        time.sleep(0.5)
        afg.refresh_from_db()
    assert afg.brev, "the Celery worker did not render the letter"
    page.get_by_role("link", name="Hent afgørelsesbrevet (PDF)").wait_for(timeout=15_000)  # htmx polling
    axe_check(page, context="afgørelse truffet, brevlink indsat af htmx")

    page.get_by_role("link", name="Lav bestilling").click()
    page.wait_for_url(re.compile(r"/bestilling/ny/"))
    axe_check(page, context="ny bestilling")
    page.select_option("#id_leverandoer", label="Bostøtten Nord")
    page.fill("#id_indsatsformaal", "At Erik kan klare sin hverdag.")
    page.select_option("#id_m1_undertema", str(ad.pk))
    page.fill("#id_m1_beskrivelse", "Handler selv ind en gang om ugen.")
    page.select_option("#id_m1_maaltype", label="Udvikle funktionsevne")
    page.get_by_role("button", name="Gem kladde").click()
    page.wait_for_load_state("networkidle")
    axe_check(page, context="bestillingskladde")
    page.get_by_role("button", name="Gem og send til leverandøren").click()
    page.wait_for_load_state("networkidle")
    assert "Bestillingen er sendt til Bostøtten Nord" in page.content(), _main(page)[:1500]
    axe_check(page, context="sagssiden efter bestilling")
    best = Bestilling.objects.get(sag=cast.sag_erik)
    logout(page)

    # ---- lise (leverandørleder): accepts and assigns dorte ----
    login(page, live_server, cast.lise)
    page.click("nav.app-nav >> text=Bestillinger")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="leverandørens indbakke")
    page.click("main a:has-text('Erik Eriksen')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="bestilling (leverandør)")
    _shots(page, "bestilling-leverandoer")
    page.click("button:has-text('Acceptér bestillingen')")
    page.wait_for_url(re.compile(r"/tildel/"))
    assert "Bestillingen er accepteret" in page.content()
    axe_check(page, context="tildel bostøtte")
    page.click("button:has-text('Tildel')")  # nobody chosen: refused
    page.wait_for_selector(".form-error-message")
    axe_check(page, context="tildel bostøtte med fejl")
    dorte_value = page.locator("#id_medarbejder option", has_text="Dorte").get_attribute("value")
    page.select_option("#id_medarbejder", dorte_value)
    page.check("#id_er_primaer")
    page.fill("#id_starts_on", today.isoformat())
    page.click("button:has-text('Tildel')")
    page.wait_for_selector("text=Bostøtten er tildelt.")
    axe_check(page, context="tildelt")
    assert Tildeling.objects.get(bestilling=best).medarbejder == cast.dorte
    logout(page)

    # ---- anna: offers the § 141 handleplan and writes its first version ----
    login(page, live_server, cast.anna)
    page.goto(f"{live_server.url}/sager/{cast.sag_erik.uuid}/")
    page.click("a:has-text('Åbn plan og mål')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="plan og mål (myndighed)")
    page.click("a:has-text('Tilbud og svar')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_tilbudt_on", today.isoformat())
    page.select_option("#id_tilbudt_maade", "moede")
    axe_check(page, context="tilbud om handleplan")
    page.click("button:has-text('Gem')")
    page.wait_for_selector("text=Oplysningerne om handleplanen er gemt.")
    page.click("a:has-text('Skriv handleplanen')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_formaal", "Erik vil gerne kunne bo i sin egen lejlighed og have en god hverdag.")
    page.fill("#id_varighed", "Et år.")
    page.fill("#id_indsats", "Bostøtte 3 timer om ugen til indkøb og mad.")
    page.fill("#id_borgers_ord", "Jeg vil kunne lave mad selv.")
    axe_check(page, context="skriv handleplan")
    page.click("button:has-text('Gem som ny version')")
    page.wait_for_selector("text=Version 1 af handleplanen er gemt.")
    logout(page)

    # ---- erik (borgerportalen): reads the plan and says yes ----
    page.goto(f"{live_server.url}/borger/log-ind/")
    axe_check(page, context="portal-login")
    page.click("button:has-text('Log ind som Erik Eriksen')")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/borger/")
    assert "Dorte" in _main(page)
    axe_check(page, context="portal forside")
    _shots(page, "portal-forside")
    page.goto(f"{live_server.url}/borger/plan/")
    axe_check(page, context="portal min plan")
    page.click("button:has-text('Ja, jeg er enig i planen')")
    page.wait_for_load_state("networkidle")
    assert "Du har sagt ja til din handleplan" in page.locator("#messages").inner_text()
    axe_check(page, context="portal plan efter ja")
    _shots(page, "portal-plan")
    logout(page)

    # ---- dorte (bostøtte): the pædagogiske plan with a delmål ----
    login(page, live_server, cast.dorte)
    page.click("nav.app-nav >> text=Planer")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="planer (bostøtte)")
    page.click("a:has-text('Erik Eriksen')")
    page.wait_for_load_state("networkidle")
    assert "Erik vil gerne kunne bo i sin egen lejlighed" in page.content()
    axe_check(page, context="plan (bostøtte)")
    page.click("a:has-text('Skriv den pædagogiske plan')")
    page.wait_for_load_state("networkidle")
    page.check("#id_borger_tilbudt_forberedelse")
    page.fill("#id_forberedelse_on", today.isoformat())
    page.check("label:has-text('Sammen med borgeren')")
    axe_check(page, context="pædagogisk plan")
    page.click("button:has-text('Gem planen')")
    page.wait_for_selector("text=Den pædagogiske plan er gemt.")
    page.locator("a:has-text('Tilføj delmål')").first.click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_titel", "Handle ind i Netto hver tirsdag")
    page.fill("#id_borgers_ord", "Jeg vil selv kunne købe ind.")
    page.check("label:has-text('Recovery-orienteret')")
    axe_check(page, context="nyt delmål")
    page.click("button:has-text('Gem delmål')")
    page.wait_for_selector("text=Delmålet er gemt.")
    axe_check(page, context="plan med delmål")
    _shots(page, "paedagogisk-plan")
    logout(page)

    # ---- dorte on her phone: a visit (first with an error), a cancelled visit, a group session ----
    page.set_viewport_size(PHONE)
    login(page, live_server, cast.dorte)
    page.goto(f"{live_server.url}/levering/i-dag/")
    axe_check(page, context="I dag (telefon)")
    _shots(page, "i-dag")
    page.click(f"main a[href$='/bestillinger/{best.uuid}/besoeg/']")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="besøgsformular (telefon)")
    page.fill("#id_dato", today.isoformat())
    page.fill("#id_start", "00:05")
    page.fill("#id_slut", "")
    page.fill("#id_minutter", "")
    page.check("label:has-text('Handle ind i Netto hver tirsdag') >> xpath=preceding-sibling::input")
    page.fill("#id_note", "Vi handlede ind i Netto sammen.")
    page.click("button:has-text('Gem besøg')")
    page.wait_for_selector("#besoeg-form .alert-error")  # neither end nor duration: htmx swaps the form back
    assert page.input_value("#id_note") == "Vi handlede ind i Netto sammen."
    axe_check(page, context="besøgsformular med fejl (htmx)")
    _shots(page, "besoeg-fejl")
    page.fill("#id_slut", "00:35")
    page.select_option("#id_note_undertema", index=1)
    _save_visit(page, live_server)
    axe_check(page, context="I dag efter besøg")

    page.click(f"main a[href$='/bestillinger/{best.uuid}/besoeg/']")
    page.wait_for_load_state("networkidle")
    page.fill("#id_dato", today.isoformat())
    page.fill("#id_start", "00:45")
    page.fill("#id_slut", "01:15")
    page.check("label:has-text('Aflyst af borgeren')")
    page.fill("#id_note", "Erik var syg og aflyste om morgenen.")
    page.select_option("#id_note_undertema", index=1)
    _save_visit(page, live_server)

    page.click("a:has-text('Registrér en gruppesession')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="gruppesession (telefon)")
    page.fill("#id_titel", "Madlavningsgruppe")
    page.fill("#id_sted", "Værestedet")
    page.fill("#id_dato", today.isoformat())
    page.fill("#id_start", "01:30")
    page.fill("#id_slut", "02:30")
    page.check(f"#deltager_{best.pk}")
    page.fill(f"#minutter_{best.pk}", "45")
    page.click("button:has-text('Gem gruppesession')")
    page.wait_for_selector("text=Gruppesessionen er registreret for 1 borgere.")
    visits = {(v.status, v.kontaktform) for v in Besoeg.objects.filter(bestilling=best)}
    assert ("gennemfoert", "hjemmebesoeg") in visits and ("aflyst_borger", "hjemmebesoeg") in visits, visits
    assert any(k == "gruppe" for _, k in visits), visits

    # ---- dorte: Erik is admitted and discharged ----
    page.goto(f"{live_server.url}/levering/bestillinger/{best.uuid}/")
    axe_check(page, context="bestilling (bostøtte)")
    page.click("a:has-text('Indlæggelse og udskrivning')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="indlæggelse")
    page.fill("#id_indlagt_on", today.isoformat())
    page.click("button:has-text('Registrér indlæggelse')")
    page.wait_for_selector("text=Indlæggelsen er registreret.")
    page.goto(f"{live_server.url}/levering/sager/{cast.sag_erik.uuid}/indlaeggelse/")
    page.click("a:has-text('Registrér udskrivning')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="udskrivning")
    page.fill("#id_udskrevet_on", today.isoformat())
    page.click("button:has-text('Registrér udskrivning')")
    page.wait_for_selector("text=Udskrivningen er registreret.")
    ind = Indlaeggelse.objects.get(sag=cast.sag_erik)
    assert ind.udskrevet_on == today
    logout(page)

    # ---- erik (phone): WHO-5 in the portal, first with a missing answer ----
    page.goto(f"{live_server.url}/borger/log-ind/")
    page.click("button:has-text('Log ind som Erik Eriksen')")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/borger/trivsel/udfyld/")
    axe_check(page, context="WHO-5")
    for key in ("happy", "calm", "active", "rested"):
        page.check(f"#id_who5_{key}_2")
    page.check("#id_livstilfredshed_7")
    page.click("button:has-text('Send mine svar')")
    page.wait_for_selector(".alert-error")
    axe_check(page, context="WHO-5 med fejl")
    page.check("#id_who5_interest_2")
    page.click("button:has-text('Send mine svar')")
    page.wait_for_load_state("networkidle")
    assert "60 ud af 100" in _main(page)
    axe_check(page, context="WHO-5 tak")
    _shots(page, "who5-tak")
    logout(page)
    page.set_viewport_size(DESKTOP)

    # ---- anna: the opfølgning with re-rated levels ----
    login(page, live_server, cast.anna)
    page.goto(f"{live_server.url}/sager/{cast.sag_erik.uuid}/")
    page.click("a:has-text('Følg op på hele indsatsen')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="opfølgning")
    page.click("button:has-text('Gem opfølgningen')")
    page.wait_for_selector(".form-error-message")
    axe_check(page, context="opfølgning med fejl")
    page.fill("#id_udfoert_on", today.isoformat())
    page.select_option("#id_form", "moede_borger")
    page.fill("#id_deltagere", "Erik, Dorte og Anna")
    for sel in page.locator("select[name^=vurdering_]").all():
        sel.select_option(index=1)
    page.fill("#id_borgers_vurdering", "Jeg handler selv ind nu.")
    page.select_option("#id_stoettebehov", index=1)
    page.select_option("#id_resultat", "fortsaet")
    page.fill("#id_naeste_opfoelgning_on", (today + timedelta(days=180)).isoformat())
    page.fill("#id_begrundelse", "Indsatsen fortsætter.")
    page.click("button:has-text('Gem opfølgningen')")
    page.wait_for_url(re.compile(r"/opfoelgninger/"))
    axe_check(page, context="opfølgning gemt")
    _shots(page, "opfoelgning")
    logout(page)

    # ---- a deadline goes overdue and is escalated to the team leader (bo) ----
    now = timezone.now()
    tb.henvendelse(cast.sag_erik, modtaget_on=today - timedelta(days=50), frist_on=today + timedelta(days=3))
    frister_scan(now=now)
    with time_machine.travel(now + timedelta(days=5), tick=True):
        frister_scan()
        assert Opgave.objects.filter(escalated_to=cast.bo).exists()
        login(page, live_server, cast.bo)
        page.click("nav.app-nav >> text=Teamets opgaver")
        page.wait_for_load_state("networkidle")
        assert "Eskaleret" in _main(page) and "Overskredet" in _main(page)
        axe_check(page, context="teamets opgaver (eskaleret)")
        _shots(page, "teamets-opgaver")
        logout(page)

    # ---- bo (myndighedsleder): the dashboard and the export show Erik's numbers ----
    login(page, live_server, cast.bo)
    page.goto(f"{live_server.url}/maaling/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Målinger")
    axe_check(page, context="ledelsens dashboard")
    _shots(page, "dashboard")
    # The "Hent CSV" form with the dashboard's own filters and defaults (fetched, not downloaded).
    query = page.locator("form[action$='/eksport.csv']").evaluate("f => new URLSearchParams(new FormData(f)).toString()")
    csv = page.request.get(f"{live_server.url}/maaling/eksport.csv?{query}")
    assert csv.status == 200, csv.text()[:300]
    assert len(csv.text().strip().splitlines()) >= 2, csv.text()[:300]  # a header and at least Erik's row
    logout(page)

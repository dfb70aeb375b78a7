"""One citizen's whole journey in a real browser (issue 12).

Erik Eriksen from henvendelse to the leader's numbers, each step done by the role that does it in
real life and logged in as that role: anna (sagsbehandler) → lise (leverandørleder) → anna → erik
(borgerportalen) → dorte (bostøtte, on her phone) → … axe-core (WCAG 2.0/2.1 A+AA) runs on every
page the journey visits, including error states and htmx-swapped content; key pages are
screenshotted at desktop and 375 px into test-results/.

The clock is pinned (time-machine, ticking) to a Monday D a few days ahead of the real date and
moved forward where the story needs time to pass: D (decision, order, visits), D+3 (admission
since Tuesday ends in a discharge; WHO-5 again; opfølgning), D+19 (the daily scan, run by the real
Celery worker, puts the next indsatsmål follow-up on anna's list), D+34 (it is overdue: escalated
to bo, closed with a reason; the hours page and the leader's numbers for the week of D). Only
forward: the browser keeps real time, and the live server's sessions must not look expired.
"""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from bostotte.ffb.models import Kode
from levering.models import Besoeg, BesoegStatus, Indlaeggelse, Kontaktform, Tildeling
from tests.visitation.builders import make_kvalitetsstandard, undertema_ad
from tests.visitation.conftest import (  # noqa: F401 (the real Celery worker renders the letter and runs the scan)
    celery_app,
    celery_enable_logging,
    celery_includes,
    celery_parameters,
    celery_worker,
    celery_worker_parameters,
    celery_worker_pool,
    use_celery_app_trap,
)
from tilsyn.models import Notifikation, Opgave, OpgaveArt
from tilsyn.tasks import frister_scan_task
from visitation.models import Afgoerelse, Bestilling, Indsatsmaal
from visitation.tasks import afgoerelse_brev_task

from .conftest import ARTIFACTS, DESKTOP, PHONE, axe_check, login, logout, screenshot

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


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute))


def _da(x: float | int | None) -> str:
    """A number as Django renders it for LANGUAGE_CODE "da" (decimal comma), None as a dash."""
    return "–" if x is None else str(x).replace(".", ",")


def _measure(page, key: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """One table of the dashboard: row label → the cells as shown (the n column last, without the
    drill-down link's screen-reader text)."""
    return page.evaluate(
        """key => Object.fromEntries([...document.querySelectorAll(`section[aria-labelledby="maal-${key}"] tbody tr`)].map(tr => [
             tr.querySelector('th').innerText.trim(),
             [...tr.querySelectorAll('td')].map(td => (td.querySelector('a') ? td.querySelector('a').firstChild.textContent : td.innerText).trim())]))""",
        key,
    )


def _download_csv(page, datasaet: str) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Download the dashboard's CSV export like the leader does (saved under test-results/)."""
    form = page.locator("form[action$='/eksport.csv']")
    form.locator("select[name=datasaet]").select_option(datasaet)
    with page.expect_download() as info:
        form.get_by_role("button", name="Hent CSV").click()
    target = Path(ARTIFACTS) / f"journey-eksport-{datasaet}.csv"
    info.value.save_as(target)
    text = target.read_bytes().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def _num(cell: str) -> float:
    return float(cell.replace(",", "."))


def _week_cells(page, monday: date) -> list[str]:  # type: ignore[no-untyped-def]
    """The cells of Erik's row for the ISO week of `monday` on the hours page."""
    iso = monday.isocalendar()
    rows = page.evaluate(
        """() => [...document.querySelectorAll('section')].filter(s => s.querySelector('h2') && s.querySelector('h2').innerText.includes('Erik Eriksen'))
             .flatMap(s => [...s.querySelectorAll('tbody tr')]).map(tr => [tr.querySelector('th').innerText.trim(), ...[...tr.querySelectorAll('td')].map(td => td.innerText.trim())])"""
    )
    found = [r[1:] for r in rows if r[0] == f"Uge {iso.week} {iso.year}"]
    assert len(found) == 1, (monday, rows)
    return found[0]


def _scan(app) -> None:  # type: ignore[no-untyped-def]
    """The daily deadline scan as production runs it: the Celery task, on the real worker (beat
    sends the same task at 05:00)."""
    app.tasks[frister_scan_task.name].delay().get(timeout=120)


def test_erik_goes_from_henvendelse_to_the_leaders_numbers(request, page, live_server, cast, ffb, celery_app, celery_worker, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811, PLR0915, PLR0917, PLR0913
    # The live server's request thread resolves the shared task through the project's Celery app;
    # bind it to the test app so the test worker renders the letter (as test_visitation_flow does).
    monkeypatch.setattr("visitation.tasks.afgoerelse_brev_task", celery_app.tasks[afgoerelse_brev_task.name])
    make_kvalitetsstandard(cast.bo)
    ad = undertema_ad()
    real_today = timezone.localdate()
    D = real_today + timedelta(days=7 - real_today.weekday())  # the next Monday, at least a day ahead  # noqa: N806
    traveller = time_machine.travel(_at(D, 12), tick=True)
    clock = traveller.start()
    request.addfinalizer(traveller.stop)
    today = D
    modtaget = D - timedelta(days=7)  # the hospital's message came a week before the decision
    GRANTED, RAISED, RAISED_WEEKS = 3, 7, 2  # hours a week; raised after a discharge, for two weeks  # noqa: N806
    page.set_default_timeout(15_000)

    # ---- anna (sagsbehandler): henvendelse → udredning → afgørelse → letter → bestilling ----
    page.goto(f"{live_server.url}/log-ind/")
    axe_check(page, context="log ind (medarbejdere)")
    login(page, live_server, cast.anna)
    page.goto(f"{live_server.url}/sager/{cast.sag_erik.uuid}/")
    axe_check(page, context="sagssiden")
    _shots(page, "sag")
    page.locator("#visitation").get_by_role("link", name="Ny henvendelse").click()
    page.wait_for_load_state("networkidle")
    axe_check(page, context="ny henvendelse")
    page.fill("#id_modtaget_on", modtaget.isoformat())
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
    axe_check(page, context="udredning, kladde gemt")
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
    page.fill("#id_timer", str(GRANTED))
    page.select_option("#id_timer_periode", "uge")
    page.fill("#id_forhoejet_timer", str(RAISED))
    page.fill("#id_forhoejet_uger", str(RAISED_WEEKS))
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
    assert (afg.forhoejet_timer, afg.forhoejet_uger) == (RAISED, RAISED_WEEKS)
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
    axe_check(page, context="handleplan tilbudt")
    page.click("a:has-text('Skriv handleplanen')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_formaal", "Erik vil gerne kunne bo i sin egen lejlighed og have en god hverdag.")
    page.fill("#id_varighed", "Et år.")
    page.fill("#id_indsats", "Bostøtte 3 timer om ugen til indkøb og mad.")
    page.fill("#id_borgers_ord", "Jeg vil kunne lave mad selv.")
    axe_check(page, context="skriv handleplan")
    page.click("button:has-text('Gem som ny version')")
    page.wait_for_selector("text=Version 1 af handleplanen er gemt.")
    axe_check(page, context="handleplan gemt")
    logout(page)

    # ---- erik (borgerportalen): reads the plan, says yes, answers WHO-5 the first time ----
    page.goto(f"{live_server.url}/borger/log-ind/")
    axe_check(page, context="portal-login")
    page.click("button:has-text('Log ind som Erik Eriksen')")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/borger/")
    assert "Dorte" in _main(page)
    axe_check(page, context="portal forside")
    _shots(page, "portal-forside")
    # The accessibility statement, linked from the portal's footer.
    page.locator("footer").get_by_role("link", name=re.compile("Tilgængelighedserklæring", re.IGNORECASE)).click()
    page.wait_for_url(f"{live_server.url}/borger/tilgaengelighed/")
    assert "tilgængelighed" in page.locator("h1").inner_text().lower()
    axe_check(page, context="tilgængelighedserklæring")
    _shots(page, "tilgaengelighed")
    page.goto(f"{live_server.url}/borger/plan/")
    axe_check(page, context="portal min plan")
    page.click("button:has-text('Ja, jeg er enig i planen')")
    page.wait_for_load_state("networkidle")
    assert "Du har sagt ja til din handleplan" in page.locator("#messages").inner_text()
    axe_check(page, context="portal plan efter ja")
    _shots(page, "portal-plan")
    page.goto(f"{live_server.url}/borger/trivsel/udfyld/")
    axe_check(page, context="WHO-5")
    for key in ("happy", "calm", "active", "rested"):
        page.check(f"#id_who5_{key}_3")  # "Lidt mindre end halvdelen af tiden" = 2 points
    page.check("#id_livstilfredshed_5")
    page.click("button:has-text('Send mine svar')")
    page.wait_for_selector(".alert-error")  # one WHO-5 question unanswered
    axe_check(page, context="WHO-5 med fejl")
    page.check("#id_who5_interest_3")
    page.click("button:has-text('Send mine svar')")
    page.wait_for_load_state("networkidle")
    assert "40 ud af 100" in _main(page)  # 5 × 2 points × 4
    axe_check(page, context="WHO-5 tak")
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
    axe_check(page, context="pædagogisk plan gemt")
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

    # ---- dorte on her phone: a visit (first refused), a cancelled visit, a group session ----
    page.set_viewport_size(PHONE)
    login(page, live_server, cast.dorte)
    page.goto(f"{live_server.url}/levering/i-dag/")
    axe_check(page, context="I dag (telefon)")
    _shots(page, "i-dag")
    page.click(f"main a[href$='/bestillinger/{best.uuid}/besoeg/']")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="besøgsformular (telefon)")
    page.locator("#besoeg-form details > summary").click()  # the Ydelser disclosure, opened
    axe_check(page, context="besøgsformular med ydelser åbne (telefon)")
    page.fill("#id_dato", today.isoformat())
    page.fill("#id_start", "08:00")
    page.fill("#id_slut", "07:30")  # a slip of the thumb: before the start
    page.fill("#id_minutter", "")
    page.check("label:has-text('Handle ind i Netto hver tirsdag') >> xpath=preceding-sibling::input")
    page.fill("#id_note", "Vi handlede ind i Netto sammen.")
    page.click("button:has-text('Gem besøg')")
    page.wait_for_selector("#besoeg-form .form-group:has(#id_slut) .form-error-message")  # htmx swaps the form back
    assert page.input_value("#id_note") == "Vi handlede ind i Netto sammen."
    axe_check(page, context="besøgsformular med fejl (htmx)")
    _shots(page, "besoeg-fejl")
    # She gives the duration instead (the bug fixed in issue 12: the refused end time used to win).
    page.locator("#id_minutter").press_sequentially("30")
    assert page.input_value("#id_slut") == ""
    page.select_option("#id_note_undertema", index=1)
    _save_visit(page, live_server)
    axe_check(page, context="I dag efter besøg")

    page.click(f"main a[href$='/bestillinger/{best.uuid}/besoeg/']")
    page.wait_for_load_state("networkidle")
    page.fill("#id_dato", today.isoformat())
    page.fill("#id_start", "09:00")
    page.fill("#id_slut", "09:30")
    page.check("label:has-text('Aflyst af borgeren')")
    page.check("label[for=id_planlagt_0]")  # it was a planned visit
    page.fill("#id_note", "Erik var syg og aflyste om morgenen.")
    page.select_option("#id_note_undertema", index=1)
    axe_check(page, context="besøgsformular, aflyst besøg (telefon)")
    _save_visit(page, live_server)

    page.click("a:has-text('Registrér en gruppesession')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="gruppesession (telefon)")
    page.fill("#id_titel", "Madlavningsgruppe")
    page.fill("#id_sted", "Værestedet")
    page.fill("#id_dato", today.isoformat())
    page.fill("#id_start", "10:00")
    page.fill("#id_slut", "11:00")
    page.check(f"#deltager_{best.pk}")
    page.fill(f"#minutter_{best.pk}", "30")  # Erik left half-way
    page.click("button:has-text('Gem gruppesession')")
    page.wait_for_selector("text=Gruppesessionen er registreret for 1 borgere.")
    axe_check(page, context="gruppesession registreret (telefon)")
    visits = {(v.status, v.kontaktform, v.planlagt, int(v.varighed.total_seconds() // 60)) for v in Besoeg.objects.filter(bestilling=best)}
    assert visits == {("gennemfoert", "hjemmebesoeg", False, 30), ("aflyst_borger", "hjemmebesoeg", True, 30), ("gennemfoert", "gruppe", True, 30)}, visits
    logout(page)

    # ---- Thursday D+3. dorte: Erik was admitted on Tuesday and is discharged today ----
    clock.move_to(_at(D + timedelta(days=3), 12))
    today = D + timedelta(days=3)
    login(page, live_server, cast.dorte)
    page.goto(f"{live_server.url}/levering/bestillinger/{best.uuid}/")
    axe_check(page, context="bestilling (bostøtte)")
    page.click("a:has-text('Indlæggelse og udskrivning')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="indlæggelse")
    page.fill("#id_indlagt_on", (D + timedelta(days=1)).isoformat())
    page.click("button:has-text('Registrér indlæggelse')")
    page.wait_for_selector("text=Indlæggelsen er registreret.")
    axe_check(page, context="indlæggelse registreret")
    page.goto(f"{live_server.url}/levering/sager/{cast.sag_erik.uuid}/indlaeggelse/")
    page.click("a:has-text('Registrér udskrivning')")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="udskrivning")
    page.fill("#id_udskrevet_on", today.isoformat())
    page.click("button:has-text('Registrér udskrivning')")
    page.wait_for_selector("text=Udskrivningen er registreret.")
    axe_check(page, context="udskrivning registreret")
    ind = Indlaeggelse.objects.get(sag=cast.sag_erik)
    assert (ind.indlagt_on, ind.udskrevet_on) == (D + timedelta(days=1), today)
    # The hours page this week: Monday at the normal frame, Tuesday and Wednesday in hospital (no
    # frame), today at the raised frame. Delivered: the 30-minute visit and Erik's 30 minutes of
    # the group session; the cancelled visit does not count.
    page.goto(f"{live_server.url}/levering/timer/")
    cells = _week_cells(page, D)
    assert cells[0] == f"{_da(round(GRANTED / 7 + RAISED / 7, 1))} (forhøjet) (2 dage indlagt)", cells
    assert cells[1] == _da(round((30 + 30) / 60, 1)), cells
    assert cells[4] == "1 / 0 / 0", cells  # cancelled by the citizen / by staff / no-show
    axe_check(page, context="timer efter udskrivning")
    logout(page)

    # ---- erik (phone): WHO-5 again after the discharge ----
    page.goto(f"{live_server.url}/borger/log-ind/")
    page.click("button:has-text('Log ind som Erik Eriksen')")
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/borger/trivsel/udfyld/")
    axe_check(page, context="WHO-5 (telefon)")
    for key in ("happy", "calm", "active", "rested", "interest"):
        page.check(f"#id_who5_{key}_2")  # "Lidt mere end halvdelen af tiden" = 3 points
    page.check("#id_livstilfredshed_7")
    page.click("button:has-text('Send mine svar')")
    page.wait_for_load_state("networkidle")
    assert "60 ud af 100" in _main(page)
    axe_check(page, context="WHO-5 tak (telefon)")
    _shots(page, "who5-tak")
    logout(page)
    page.set_viewport_size(DESKTOP)

    # ---- anna: the opfølgning with re-rated levels; the next follow-up in 30 days ----
    naeste = today + timedelta(days=30)
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
        sel.select_option(label="Let nedsat funktionsevne")  # from "Moderat" at the udredning
    page.fill("#id_borgers_vurdering", "Jeg handler selv ind nu.")
    page.select_option("#id_stoettebehov", label="Let støttebehov")  # from "Moderat"
    page.select_option("#id_resultat", "fortsaet")
    page.fill("#id_naeste_opfoelgning_on", naeste.isoformat())
    page.fill("#id_begrundelse", "Indsatsen fortsætter.")
    page.click("button:has-text('Gem opfølgningen')")
    page.wait_for_url(re.compile(r"/opfoelgninger/"))
    axe_check(page, context="opfølgning gemt")
    _shots(page, "opfoelgning")
    logout(page)
    maal = Indsatsmaal.objects.get(bestilling=best)
    assert maal.opfoelgning_on == naeste

    # ---- D+19: the daily scan puts Erik's next follow-up on anna's list (14 days' notice) ----
    clock.move_to(_at(D + timedelta(days=19), 5, 0))
    _scan(celery_app)
    opgave = Opgave.objects.get(art=OpgaveArt.OPFOELGNING, target_id=maal.pk)
    assert (opgave.due_on, opgave.ansvarlig_id, opgave.escalated_at) == (naeste, cast.anna.pk, None)
    clock.move_to(_at(D + timedelta(days=19), 9, 0))
    login(page, live_server, cast.anna)
    page.click("nav.app-nav >> text=Mine opgaver")
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#opgave-{opgave.uuid}")
    assert "Opfølgning på indsatsmål" in row.inner_text() and "Erik Eriksen" in row.inner_text() and "Snart" in row.inner_text()
    axe_check(page, context="mine opgaver (opfølgning snart)")
    _shots(page, "mine-opgaver")
    logout(page)

    # ---- D+34: nobody followed up; the scan escalates it to bo, who closes it with a reason ----
    clock.move_to(_at(D + timedelta(days=34), 5, 0))
    _scan(celery_app)
    opgave.refresh_from_db()
    assert opgave.status == "aaben" and opgave.escalated_to_id == cast.bo.pk
    assert Notifikation.objects.filter(opgave=opgave, modtager=cast.bo).exists()
    clock.move_to(_at(D + timedelta(days=34), 9, 0))
    login(page, live_server, cast.bo)
    page.click("nav.app-nav >> text=Teamets opgaver")
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#opgave-{opgave.uuid}")
    assert "Eskaleret" in row.inner_text() and "Overskredet" in row.inner_text() and "Anna" in row.inner_text()
    axe_check(page, context="teamets opgaver (eskaleret)")
    _shots(page, "teamets-opgaver")
    row.locator("select[name=status]").select_option("afvist")
    row.locator("button:has-text('Luk opgaven')").click()
    page.wait_for_selector(f"#opgave-{opgave.uuid} .form-error-message")  # no reason: refused (htmx)
    axe_check(page, context="luk opgave uden begrundelse")
    page.locator(f"#opgave-{opgave.uuid} input[name=begrundelse]").fill("Opfølgningen er aftalt med Erik til næste uge")
    page.locator(f"#opgave-{opgave.uuid} button:has-text('Luk opgaven')").click()
    page.wait_for_selector(f"#opgave-{opgave.uuid}:has-text('Lukket')")
    axe_check(page, context="opgave lukket")
    opgave.refresh_from_db()
    assert (opgave.status, opgave.closed_by_id, opgave.begrundelse) == ("afvist", cast.bo.pk, "Opfølgningen er aftalt med Erik til næste uge")
    logout(page)

    # ---- lise: the hours page shows the raised frame for the two weeks after the discharge ----
    login(page, live_server, cast.lise)
    page.click("nav.app-nav >> text=Timer")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="timer (leverandørleder)")
    _shots(page, "timer")
    discharge = D + timedelta(days=3)
    raised_days = {discharge + timedelta(days=i) for i in range(7 * RAISED_WEEKS)}
    for w in range(5):
        monday = D + timedelta(weeks=w)
        days = [monday + timedelta(days=i) for i in range(7)]
        frame = sum(0 if D + timedelta(days=1) <= d < discharge else (RAISED if d in raised_days else GRANTED) / 7 for d in days)
        cells = _week_cells(page, monday)
        shown = cells[0].split(" (")[0]
        assert shown == _da(round(frame, 1)), (monday, cells)
        assert ("(forhøjet)" in cells[0]) == any(d in raised_days for d in days), (monday, cells)
    logout(page)

    # ---- bo (myndighedsleder): the numbers for team Nord in the week of D are Erik's ----
    login(page, live_server, cast.bo)
    page.goto(f"{live_server.url}/maaling/")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Målinger")
    axe_check(page, context="ledelsens dashboard (standardperiode)")
    page.fill("#id_fra", D.isoformat())
    page.fill("#id_til", (D + timedelta(days=6)).isoformat())
    page.select_option("#id_team", label="Team Nord")
    page.locator("form.maaling-filtre").get_by_role("button", name="Vis").click()
    page.wait_for_selector(f"form[action$='/eksport.csv'] input[name=fra][value='{D.isoformat()}']", state="attached")
    page.wait_for_load_state("networkidle")
    axe_check(page, context="ledelsens dashboard (htmx-filtreret)")
    _shots(page, "dashboard")

    # Expected, from what the journey did (the week D..D+6):
    frame = round(GRANTED / 7 + 4 * RAISED / 7, 2)  # Monday; Tue–Wed in hospital; Thu–Sun raised
    delivered = round((30 + 30) / 60, 2)  # the visit given in minutes + Erik's share of the group
    expected = {
        "timer": {"I alt": [_da(round(100 * delivered / frame, 1)), _da(round(frame, 1)), _da(round(delivered, 1)), "1"]},
        "ventetid": {  # henvendelse D-7, afgørelse D, first delivered visit D
            "Henvendelse → afgørelse": ["7,0", "7,0", "1"],
            "Afgørelse → første leverede besøg": ["0,0", "0,0", "1"],
            "Henvendelse → første leverede besøg": ["7,0", "7,0", "1"],
        },
        "aflyst": {  # planned visits: the cancelled one and the group session
            "Aflyst eller udeblevet i alt": ["50,0", "1", "2"],
            "Aflyst af borgeren": ["50,0", "1", "2"],
        },
        "funktionsevne": {"Alle temaer": ["-1,0", "100,0", "0,0", "0,0", "1"]},  # moderat → let
        "stoettebehov": {"Samlet støttebehov": ["-1,0", "100,0", "0,0", "0,0", "1"]},
        "trivsel": {  # first answer 40 (satisfaction 5), latest 60 (7)
            "WHO-5 trivselsindeks (0–100)": ["40,0", "60,0", "20,0", "100,0", "0,0", "1"],
            "Tilfredshed med livet (0–10)": ["5,0", "7,0", "2,0", "100,0", "0,0", "1"],
        },
        "indlaeggelser": {"Borgere med støtte i perioden": [_da(round(1 / (7 / 365.25), 2)), "1", "0,0", "1"]},
    }
    for key, rows in expected.items():
        table = _measure(page, key)
        for label, cells in rows.items():
            assert table.get(label) == cells, (key, label, table)

    # The export the leader downloads: the same numbers, and Erik's visits and course.
    maal_csv = _download_csv(page, "maal")
    for key, rows in expected.items():
        titel = page.locator(f"#maal-{key}").inner_text()
        columns = page.locator(f"section[aria-labelledby='maal-{key}'] thead th").all_inner_texts()[1:-1]
        for label, cells in rows.items():
            exported = {r["Værdi"]: r["Tal"] for r in maal_csv if r["Måling"] == titel and r["Række"] == label}
            for column, cell in zip(columns, cells, strict=False):
                assert exported.get(column, "") == ("" if cell == "–" else cell), (key, label, column, exported)
    besoeg_csv = [r for r in _download_csv(page, "besoeg") if r["Borger"] == "Erik Eriksen"]
    kontakt, status = dict(Kontaktform.choices), dict(BesoegStatus.choices)
    got = sorted((r["Start"][:16], _num(r["Varighed (timer)"]), r["Kontaktform"], r["Status"], r["Planlagt"]) for r in besoeg_csv)
    assert got == [
        (f"{D} 08:00", 0.5, str(kontakt["hjemmebesoeg"]), str(status["gennemfoert"]), "nej"),
        (f"{D} 09:00", 0.5, str(kontakt["hjemmebesoeg"]), str(status["aflyst_borger"]), "ja"),
        (f"{D} 10:00", 0.5, str(kontakt["gruppe"]), str(status["gennemfoert"]), "ja"),
    ], got
    (forloeb,) = [r for r in _download_csv(page, "forloeb") if r["Borger"] == "Erik Eriksen"]
    assert (forloeb["Første henvendelse"], forloeb["Første bevilling"], forloeb["Dage fra henvendelse til bevilling"], forloeb["Første leverede besøg"]) == (
        modtaget.isoformat(), D.isoformat(), "7", D.isoformat()), forloeb
    logout(page)

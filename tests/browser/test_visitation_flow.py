"""The myndighed's whole flow in a real browser: henvendelse → udredning → afgørelse → letter
(rendered by a real Celery worker) → bestilling sent to the leverandør."""

from __future__ import annotations

import re
import time

import pytest

from bostotte.ffb.models import Kode
from tests.visitation.builders import make_kvalitetsstandard, undertema_ad
from tests.visitation.conftest import (  # noqa: F401 (the real Celery worker renders the letter)
    celery_app,
    celery_config,
    celery_enable_logging,
    celery_includes,
    celery_parameters,
    celery_worker,
    celery_worker_parameters,
    celery_worker_pool,
    use_celery_app_trap,
)
from visitation.models import Afgoerelse, Bestilling
from visitation.tasks import afgoerelse_brev_task

from .conftest import axe_check, login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_sagsbehandler_goes_from_henvendelse_to_bestilling(page, live_server, cast, ffb, celery_app, celery_worker, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # noqa: F811, PLR0917
    # The live server's request thread resolves the shared task through the project's Celery app
    # (its own broker); bind the task to the test app so the test worker renders the letter.
    monkeypatch.setattr("visitation.tasks.afgoerelse_brev_task", celery_app.tasks[afgoerelse_brev_task.name])
    make_kvalitetsstandard(cast.bo)
    ad = undertema_ad()
    login(page, live_server, cast.anna)

    # 1. Henvendelse on Erik's case
    page.goto(f"{live_server.url}/sager/{cast.sag_erik.uuid}/")
    axe_check(page, context="sagssiden")
    page.locator("#visitation").get_by_role("link", name="Ny henvendelse").click()
    page.select_option("#id_kilde", "udskrivning")
    page.fill("#id_borgers_ord", "Jeg vil gerne klare mine indkøb selv.")
    page.check("#id_samtykke_indhentning")
    page.get_by_role("button", name="Registrér henvendelsen").click()
    page.wait_for_load_state("networkidle")
    assert "Henvendelsen er registreret" in page.content(), page.locator("main").inner_text()[:1500]

    # 2. Udredning: a draft first, then finished
    page.get_by_role("button", name="Start udredning").click()
    page.wait_for_url(re.compile(r"/visitation/udredninger/"))
    axe_check(page, context="udredning")
    page.locator(f"details:has(#id_b_{ad.pk}) > summary").click()
    page.fill(f"#id_b_{ad.pk}", "Har svært ved at handle ind efter udskrivningen.")
    page.select_option(f"#id_k_{ad.pk}", str(Kode.objects.kilder().first().pk))
    page.select_option(f"#id_n_{ad.pk}", label="Moderat nedsat funktionsevne")
    page.get_by_role("button", name="Gem kladde").click()
    page.wait_for_load_state("networkidle")
    assert "Kladden er gemt" in page.content() and "1 af" in page.content()
    page.fill("#id_borgers_vurdering", "Jeg har brug for lidt hjælp hver uge.")
    page.select_option("#id_stoettebehov", label="Moderat støttebehov")
    page.get_by_role("button", name="Gem og afslut udredningen").click()
    page.wait_for_load_state("networkidle")
    assert "Udredningen er afsluttet" in page.content()

    # 3. Afgørelse: refused while incomplete, then made
    page.get_by_role("button", name="Lav afgørelse").click()
    page.wait_for_url(re.compile(r"/visitation/afgoerelser/"))
    page.get_by_role("button", name="Gem og træf afgørelse").click()
    page.wait_for_load_state("networkidle")
    assert "Afgørelsen kan ikke træffes. Der mangler" in page.content() and "primær målgruppe" in page.content()
    page.select_option("#id_maalgruppe", index=1)
    page.fill("#id_timer", "3")
    page.select_option("#id_timer_periode", "uge")
    page.locator("label[for=id_ydelser_0]").click()
    page.select_option("#id_form", "individuel")
    page.fill("#id_starts_on", "2030-01-01")
    page.fill("#id_begrundelse_regler", "Serviceloven § 85.")
    page.fill("#id_begrundelse_hovedhensyn", "Dit behov for støtte til indkøb.")
    page.fill("#id_begrundelse_fakta", "Udredningen.")
    page.select_option("#id_partshoering", "ikke_noedvendig")
    page.fill("#id_partshoering_ikke_begrundelse", "Du får det, du har søgt om.")
    page.get_by_role("button", name="Gem og træf afgørelse").click()
    page.get_by_text("Afgørelsen er truffet").wait_for()

    # 4. The letter appears when the worker has rendered it (htmx polling)
    assert "Brevet dannes" in page.content() or "Hent afgørelsesbrevet" in page.content()
    afg = Afgoerelse.objects.get(sag=cast.sag_erik, er_aktiv=True)
    deadline = time.monotonic() + 60
    while not afg.brev and time.monotonic() < deadline:
        time.sleep(0.5)
        afg.refresh_from_db()
    assert afg.brev, "the Celery worker did not render the letter"
    page.get_by_role("link", name="Hent afgørelsesbrevet (PDF)").wait_for(timeout=15_000)  # htmx polling

    # 5. Bestilling, saved as a draft and sent
    page.get_by_role("link", name="Lav bestilling").click()
    page.wait_for_url(re.compile(r"/bestilling/ny/"))
    page.select_option("#id_leverandoer", label="Bostøtten Nord")
    page.fill("#id_indsatsformaal", "At Erik kan klare sin hverdag.")
    page.select_option("#id_m1_undertema", str(ad.pk))
    page.fill("#id_m1_beskrivelse", "Handler selv ind en gang om ugen.")
    page.select_option("#id_m1_maaltype", label="Udvikle funktionsevne")
    page.get_by_role("button", name="Gem kladde").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Gem og send til leverandøren").click()
    page.wait_for_load_state("networkidle")
    assert "Bestillingen er sendt til Bostøtten Nord" in page.content()
    best = Bestilling.objects.get(sag=cast.sag_erik)
    assert best.status == "sendt" and best.indsatsmaal.count() == 1
    axe_check(page, context="sagssiden efter bestilling")

from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bostotte.core.models import AccessLog
from bostotte.ffb.models import Kode
from levering.models import Besoeg, Tildeling
from levering.services import besoeg_create, indlaeggelse_create, tildeling_end

from ..conftest import NOW, aware


def _visits(cast, erik, n, day):
    for i in range(n):
        start = aware(day.year, day.month, day.day, 6) + timedelta(minutes=30 * i)
        besoeg_create(bestilling=erik.bestilling, medarbejder=cast.dorte, starts_at=start, ends_at=start + timedelta(minutes=25),
                      kontaktform="hjemmebesoeg", status="planlagt", actor=cast.dorte, now=NOW)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200
    return len(ctx.captured_queries)


class AssignmentPeriodAccessTests:
    def test_the_bestostte_sees_the_case_only_in_the_period(self, cast, erik, client):
        Tildeling.objects.filter(pk=erik.tildeling.pk).update(starts_on=date(2026, 3, 10))
        tildeling_end(tildeling=Tildeling.objects.get(pk=erik.tildeling.pk), ends_on=date(2026, 3, 20), actor=cast.lise, now=NOW)
        url = reverse("levering:bestilling-detail", kwargs={"uuid": erik.bestilling.uuid})
        for day, expected in ((aware(2026, 3, 9, 12), 404), (aware(2026, 3, 10, 8), 200), (aware(2026, 3, 20, 23), 200), (aware(2026, 3, 21, 0, 5), 404)):
            with time_machine.travel(day, tick=False):
                client.force_login(cast.dorte)
                assert client.get(url).status_code == expected, day


class IDagTests:
    def test_it_shows_todays_visits_with_address_and_delmaal(self, cast, erik, client):
        with time_machine.travel(aware(2026, 3, 4, 5), tick=False):
            _visits(cast, erik, 1, date(2026, 3, 4))
            client.force_login(cast.dorte)
            r = client.get(reverse("levering:i-dag"))
        body = r.content.decode()
        assert "Skovvej 1" in body and erik.delmaal.titel in body and "Registrér besøget" in body

    def test_query_count_does_not_grow_with_visits(self, cast, erik, client):
        with time_machine.travel(aware(2026, 3, 4, 5), tick=False):
            client.force_login(cast.dorte)
            _visits(cast, erik, 1, date(2026, 3, 4))
            one = _count(client, reverse("levering:i-dag"))
            Besoeg.objects.all().delete()
            _visits(cast, erik, 25, date(2026, 3, 4))
            many = _count(client, reverse("levering:i-dag"))
        assert one == many


class TimerPageTests:
    def test_query_count_does_not_grow_with_visits(self, cast, erik, client):
        with time_machine.travel(aware(2026, 3, 6, 22), tick=False):
            client.force_login(cast.lise)
            _visits(cast, erik, 1, date(2026, 3, 3))
            one = _count(client, reverse("levering:timer"))
            _visits(cast, erik, 24, date(2026, 3, 2))
            many = _count(client, reverse("levering:timer"))
            assert many == one
            assert _count(client, reverse("levering:timer") + "?inddeling=maaned") == one


class BesoegFormTests:
    def test_a_failed_htmx_post_returns_the_form_with_the_input(self, cast, erik, client):
        url = reverse("levering:besoeg-create", kwargs={"uuid": erik.bestilling.uuid})
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            client.force_login(cast.dorte)
            r = client.post(url, {"dato": "2026-03-04", "start": "11:00", "slut": "10:00", "kontaktform": "telefon", "status": "gennemfoert",
                                  "planlagt": "0", "note": "Talte om indkøb"}, HTTP_HX_REQUEST="true")
        assert r.status_code == 422
        body = r.content.decode()
        assert 'id="besoeg-form"' in body and "Talte om indkøb" in body and "Sluttidspunktet skal være efter" in body
        assert "<html" not in body  # just the partial

    def test_it_logs_a_visit_and_writes_the_access_log_on_get(self, cast, erik, client):
        url = reverse("levering:besoeg-create", kwargs={"uuid": erik.bestilling.uuid})
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            client.force_login(cast.dorte)
            before = AccessLog.objects.count()
            assert client.get(url).status_code == 200
            assert AccessLog.objects.count() == before + 1
            r = client.post(url, {"dato": "2026-03-04", "start": "10:00", "minutter": "20", "kontaktform": "sms_chat", "status": "gennemfoert", "planlagt": "0"})
        assert r.status_code == 302
        v = Besoeg.objects.get()
        assert v.kontaktform == "sms_chat" and v.varighed == timedelta(minutes=20)


class CasePanelTests:
    def test_the_myndighed_sees_totals_and_admissions_not_notes(self, cast, erik, client):
        besoeg_create(bestilling=erik.bestilling, medarbejder=cast.dorte, starts_at=aware(2026, 2, 27, 10), ends_at=aware(2026, 2, 27, 11),
                      kontaktform="hjemmebesoeg", note="Hemmelig note om indkøb", note_undertema=Kode.objects.undertemaer().first(),
                      actor=cast.dorte, now=NOW)
        indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 3, 1), actor=cast.anna, now=NOW)
        with time_machine.travel(aware(2026, 3, 2, 12), tick=False):
            client.force_login(cast.anna)
            r = client.get(reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid}))
        body = r.content.decode()
        assert "Leverede timer mod rammen" in body and "indlagt nu" in body
        assert "Hemmelig note" not in body

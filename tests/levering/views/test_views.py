from __future__ import annotations

from datetime import date, timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bostotte.core.models import AccessLog, LeverandoerTeam, Rolle
from bostotte.ffb.models import Kode
from levering.models import Besoeg, Tildeling
from levering.services import (
    besoeg_create,
    bestilling_accept,
    indlaeggelse_create,
    statusrapport_create,
    tildeling_create,
    tildeling_end,
)
from levering.views import TIMER_PR_SIDE
from tests.factories import make_borger, make_sag, make_staff

from .. import builders
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
            client.get(reverse("levering:i-dag"))  # warm-up: the first request after login renews the session
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
            client.get(reverse("levering:timer"))  # warm-up: the first request after login renews the session
            one = _count(client, reverse("levering:timer"))
            _visits(cast, erik, 24, date(2026, 3, 2))
            many = _count(client, reverse("levering:timer"))
            assert many == one
            assert _count(client, reverse("levering:timer") + "?inddeling=maaned") == one


def _assigned_bestillinger(cast, n, medarbejder, prefix="Borger"):
    """n citizens with a bestilling accepted by lise's leverandør, `medarbejder` primary."""
    out = []
    for i in range(n):
        sag = make_sag(make_borger(f"{prefix}{i:02d}", "Test", kommune=cast.kommune), cast.anna, cast.team_nord)
        b = bestilling_accept(bestilling=builders.bestilling(sag, cast.lev_nord, now=NOW), actor=cast.lise, now=NOW)
        tildeling_create(bestilling=b, medarbejder=medarbejder, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)
        out.append(b)
    return out


class TimerPageTeamAndPagesTests:
    """The leader's hours page: a team filter (default: the teams she leads) and pages of
    TIMER_PR_SIDE (15) citizens, so its cost follows one page and not the size of the leverandør (issue 10)."""

    def _vest(self, cast):
        vest = LeverandoerTeam.objects.create(leverandoer=cast.lev_nord, navn="Team Vest")
        vera = make_staff(Rolle.BOSTOETTE, username="vera", leverandoer_team=vest, first_name="Vera", last_name="Vest")
        return vest, vera

    def test_same_query_count_for_1_citizen_and_a_full_page(self, cast, ffb, client):
        with time_machine.travel(aware(2026, 3, 6, 12), tick=False):
            client.force_login(cast.lise)
            _assigned_bestillinger(cast, 1, cast.dorte, prefix="A")
            client.get(reverse("levering:timer"))  # warm-up: the first request after login renews the session
            one = _count(client, reverse("levering:timer"))
            _assigned_bestillinger(cast, TIMER_PR_SIDE - 1, cast.dorte, prefix="B")
            r = client.get(reverse("levering:timer"))
            assert len(r.context["rows"]) == TIMER_PR_SIDE
            assert _count(client, reverse("levering:timer")) == one

    def test_the_page_shows_a_page_of_citizens_and_links_to_the_next(self, cast, ffb, client):
        assert TIMER_PR_SIDE == 15
        with time_machine.travel(aware(2026, 3, 6, 12), tick=False):
            _assigned_bestillinger(cast, TIMER_PR_SIDE + 1, cast.dorte)
            client.force_login(cast.lise)
            first = client.get(reverse("levering:timer"))
            second = client.get(reverse("levering:timer") + "?side=2")
            bad = client.get(reverse("levering:timer") + "?side=x")
        assert len(first.context["rows"]) == TIMER_PR_SIDE and "side=2" in first.content.decode()
        assert [bt.bestilling.sag.borger.fornavn for bt in second.context["rows"]] == [f"Borger{TIMER_PR_SIDE}"]
        assert f"{TIMER_PR_SIDE + 1} aktive forløb" in second.content.decode()
        assert bad.status_code == 200 and len(bad.context["rows"]) == TIMER_PR_SIDE

    def test_the_leader_sees_her_own_team_by_default_and_may_choose_another_or_all(self, cast, ffb, client):
        vest, vera = self._vest(cast)
        with time_machine.travel(aware(2026, 3, 6, 12), tick=False):
            _assigned_bestillinger(cast, 2, cast.dorte, prefix="Oest")
            _assigned_bestillinger(cast, 3, vera, prefix="Vest")
            client.force_login(cast.lise)

            def names(query=""):
                r = client.get(reverse("levering:timer") + query)
                assert r.status_code == 200
                return sorted(bt.bestilling.sag.borger.fornavn for bt in r.context["rows"]), r

            own, r = names()
            assert own == ["Oest00", "Oest01"]  # lise leads Team Øst (dorte's team)
            assert {m.medarbejder.user for m in r.context["load"].medarbejdere} == {cast.dorte, cast.frank}
            assert names(f"?team={vest.pk}")[0] == ["Vest00", "Vest01", "Vest02"]
            assert len(names("?team=alle")[0]) == 5
            # a team of another leverandør, or rubbish, falls back to the default
            assert names(f"?team={cast.lt_privat.pk}")[0] == own
            assert names("?team=xyz")[0] == own
            # the chosen team stays when switching to months
            assert f"team={vest.pk}" in names(f"?team={vest.pk}")[1].content.decode()

    def test_an_unassigned_bestilling_shows_under_all_teams(self, cast, ffb, client):
        with time_machine.travel(aware(2026, 3, 6, 12), tick=False):
            sag = make_sag(make_borger("Uden", "Bostoette", kommune=cast.kommune), cast.anna, cast.team_nord)
            bestilling_accept(bestilling=builders.bestilling(sag, cast.lev_nord, now=NOW), actor=cast.lise, now=NOW)
            client.force_login(cast.lise)
            default = client.get(reverse("levering:timer")).context["rows"]
            alle = client.get(reverse("levering:timer") + "?team=alle").context["rows"]
        assert [bt.bestilling.sag.borger.fornavn for bt in default] == []
        assert [bt.bestilling.sag.borger.fornavn for bt in alle] == ["Uden"]

    def test_a_bostoette_sees_only_her_own_and_no_team_filter(self, cast, ffb, client):
        _vest_team, vera = self._vest(cast)
        with time_machine.travel(aware(2026, 3, 6, 12), tick=False):
            _assigned_bestillinger(cast, 2, cast.dorte, prefix="Oest")
            _assigned_bestillinger(cast, 1, vera, prefix="Vest")
            client.force_login(vera)
            r = client.get(reverse("levering:timer") + "?team=alle")
        assert [bt.bestilling.sag.borger.fornavn for bt in r.context["rows"]] == ["Vest00"]
        assert 'name="team"' not in r.content.decode()


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


    def test_a_duration_typed_after_a_refused_end_time_is_accepted(self, cast, erik, client):
        """Issue 12: after "end before start", the bostøtte gives the duration instead and leaves
        the refused end time in its field; the visit is saved with her duration."""
        url = reverse("levering:besoeg-create", kwargs={"uuid": erik.bestilling.uuid})
        data = {"dato": "2026-03-04", "start": "11:00", "slut": "10:00", "kontaktform": "telefon", "status": "gennemfoert", "planlagt": "0"}
        with time_machine.travel(aware(2026, 3, 4, 12), tick=False):
            client.force_login(cast.dorte)
            r = client.post(url, data, HTTP_HX_REQUEST="true")
            assert r.status_code == 422 and not Besoeg.objects.exists()
            assert r.context["form"].errors["slut"] == ["Sluttidspunktet skal være efter starttidspunktet."]
            r = client.post(url, {**data, "minutter": "25"}, HTTP_HX_REQUEST="true")
        assert r.status_code == 204, r.content.decode()[:500]
        v = Besoeg.objects.get()
        assert v.starts_at == aware(2026, 3, 4, 11) and v.varighed == timedelta(minutes=25)


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

    def test_status_reports_show_each_delmaal_s_progress_in_a_fixed_number_of_queries(self, cast, erik, client):
        def report(til, tekst):  # type: ignore[no-untyped-def]
            statusrapport_create(bestilling=erik.bestilling, periode_fra=date(2026, 1, 1), periode_til=til, hvad_virkede="Faste tider",
                                 borgers_perspektiv="Jeg handler selv nu", delmaal_fremskridt={erik.delmaal: tekst}, actor=cast.dorte, now=NOW)

        url = reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        report(date(2026, 1, 31), "Handler ind hver uge")
        with time_machine.travel(aware(2026, 3, 2, 12), tick=False):
            client.force_login(cast.anna)
            client.get(url)
            with CaptureQueriesContext(connection) as one:
                body = client.get(url).content.decode()
            assert "Handler ind hver uge" in body and erik.delmaal.titel in body
            report(date(2026, 2, 28), "Handler selv")
            with CaptureQueriesContext(connection) as two:
                body = client.get(url).content.decode()
        assert "Handler selv" in body
        assert len(two.captured_queries) == len(one.captured_queries)

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from handleplaner.models import Evaluering, HandleplanVersion
from handleplaner.services import delmaal_create, handleplan_version_create, paedagogisk_plan_create
from tests.factories import make_borger, make_sag

from ..builders import SHARED_TEXT, UNSHARED_TEXT, make_bestilling, make_bevilling, make_tildeling
from ..factories import INDHOLD, NOW, written

CPH = ZoneInfo("Europe/Copenhagen")


def _detail(c) -> str:  # type: ignore[no-untyped-def]
    return reverse("handleplaner:plan-detail", kwargs={"uuid": c.sag_erik.uuid})


@pytest.mark.django_db
class PlanDetailViewTests:
    def test_the_leverandoer_page_shows_the_shared_subset_only(self, plan, client) -> None:
        written(plan.sag_erik, plan.anna, svar="accepteret")
        client.force_login(plan.dorte)
        html = client.get(_detail(plan)).content.decode()
        assert SHARED_TEXT in html and INDHOLD["formaal"] in html and plan.bestilling.indsatsformaal in html
        assert UNSHARED_TEXT not in html
        assert INDHOLD["behandling"] not in html  # treatment stays with the myndighed

    def test_the_leverandoer_page_without_consent_hides_the_handleplan_text(self, plan, client) -> None:
        written(plan.sag_erik, plan.anna, svar="ikke_besluttet")
        client.force_login(plan.lise)
        html = client.get(_detail(plan)).content.decode()
        assert INDHOLD["formaal"] not in html and "deles ikke" in html
        assert plan.bestilling.indsatsmaal.first().beskrivelse in html  # the goals still reach the leverandør

    def test_the_myndighed_page_shows_the_whole_plan(self, plan, client) -> None:
        written(plan.sag_erik, plan.anna)
        client.force_login(plan.anna)
        html = client.get(_detail(plan)).content.decode()
        assert INDHOLD["behandling"] in html and UNSHARED_TEXT not in html

    def test_the_pdf_is_a_pdf(self, plan, client) -> None:
        written(plan.sag_erik, plan.anna)
        client.force_login(plan.dorte)
        response = client.get(reverse("handleplaner:plan-pdf", kwargs={"uuid": plan.sag_erik.uuid}))
        assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


@pytest.mark.django_db
class HandleplanEditViewTests:
    def test_saving_makes_a_new_version(self, plan, client) -> None:
        v1 = written(plan.sag_erik, plan.anna)
        client.force_login(plan.anders)
        data = {k: getattr(v1, k) for k in HandleplanVersion.INDHOLD}
        data.update(expected_nummer=1, varighed="To år.", aendringer="Længere varighed.", udarbejdet_med_borger="on")
        response = client.post(reverse("handleplaner:handleplan-edit", kwargs={"uuid": plan.sag_erik.uuid}), data)
        assert response.status_code == 302
        assert list(HandleplanVersion.objects.filter(handleplan=v1.handleplan).values_list("nummer", "er_gaeldende").order_by("nummer")) == [(1, False), (2, True)]

    def test_bad_input_keeps_what_was_typed(self, plan, client) -> None:
        written(plan.sag_erik, plan.anna)
        client.force_login(plan.anna)
        data = {"expected_nummer": 1, "formaal": "Et nyt formål skrevet med Erik", "indsats": "", "varighed": "x"}
        response = client.post(reverse("handleplaner:handleplan-edit", kwargs={"uuid": plan.sag_erik.uuid}), data)
        assert response.status_code == 422
        assert "Et nyt formål skrevet med Erik" in response.content.decode()

    def test_the_leverandoer_may_not_edit_the_handleplan(self, plan, client) -> None:
        written(plan.sag_erik, plan.anna)
        client.force_login(plan.dorte)
        response = client.post(reverse("handleplaner:handleplan-edit", kwargs={"uuid": plan.sag_erik.uuid}), {"expected_nummer": 1})
        assert response.status_code == 403


@pytest.mark.django_db
class EvalueringViewTests:
    def test_htmx_rating_returns_the_updated_progress(self, plan, client) -> None:
        p = paedagogisk_plan_create(bestilling=plan.bestilling, actor=plan.dorte, now=NOW)
        d = delmaal_create(plan=p, indsatsmaal=plan.bestilling.indsatsmaal.first(), titel="Lave mad", actor=plan.dorte, now=NOW)
        client.force_login(plan.dorte)
        url = reverse("handleplaner:evaluering-delmaal", kwargs={"uuid": d.uuid})
        response = client.post(url, {"score": "2", "note": "Lavede lasagne!"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        html = response.content.decode()
        assert f'id="progress-{d.uuid}"' in html and "Lavede lasagne!" in html
        assert Evaluering.objects.get(delmaal=d).rolle == "bostoette"

    def test_a_missing_score_is_refused_with_422(self, plan, client) -> None:
        client.force_login(plan.anna)
        url = reverse("handleplaner:evaluering-indsatsmaal", kwargs={"uuid": plan.bestilling.indsatsmaal.first().uuid})
        response = client.post(url, {"note": "Ingen score"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 422 and not Evaluering.objects.exists()


@pytest.mark.django_db
class PlanListViewTests:
    def _add_cases(self, c, n: int) -> None:  # type: ignore[no-untyped-def]
        for i in range(n):
            borger = make_borger(f"Borger{i}", "Testsen", kommune=c.kommune)
            sag = make_sag(borger, c.anna, c.team_nord)
            bestilling = make_bestilling(sag, c.lev_nord, antal_maal=1)
            make_tildeling(bestilling, c.dorte)
            p = paedagogisk_plan_create(bestilling=bestilling, actor=c.dorte, now=NOW)
            delmaal_create(plan=p, indsatsmaal=bestilling.indsatsmaal.first(), titel="Delmål", actor=c.dorte, now=NOW)

    def test_the_query_count_is_the_same_for_1_and_25_plans(self, cast, ffb, client, django_assert_num_queries) -> None:
        self._add_cases(cast, 1)
        client.force_login(cast.dorte)
        url = reverse("handleplaner:plan-list")
        client.get(url)  # warm up the session
        with CaptureQueriesContext(connection) as one:
            response = client.get(url)
        assert response.content.decode().count("Testsen") == 1
        self._add_cases(cast, 24)
        with django_assert_num_queries(len(one.captured_queries)):
            response = client.get(url)
        assert response.content.decode().count("Testsen") == 25

    def test_a_bostoette_sees_only_assigned_plans(self, plan, client) -> None:
        client.force_login(plan.frank)
        assert "Erik" not in client.get(reverse("handleplaner:plan-list")).content.decode()
        client.force_login(plan.dorte)
        assert "Erik Eriksen" in client.get(reverse("handleplaner:plan-list")).content.decode()


@pytest.mark.django_db
class SagSectionTests:
    def test_the_case_page_flags_a_handleplan_not_offered_in_time(self, cast, ffb, client) -> None:
        make_bevilling(cast.sag_erik, truffet_at=datetime(2026, 5, 1, 10, 0, tzinfo=CPH), frist_dage=30)
        url = reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        with time_machine.travel(datetime(2026, 5, 31, 12, 0, tzinfo=CPH), tick=False):
            client.force_login(cast.anna)
            html = client.get(url).content.decode()
        assert "Handleplan (§ 141)" in html and "fristen er overskredet" not in html
        with time_machine.travel(datetime(2026, 6, 1, 0, 30, tzinfo=CPH), tick=False):
            client.force_login(cast.anna)
            html = client.get(url).content.decode()
        assert "fristen er overskredet" in html and "31. maj 2026" in html

    def test_the_case_page_shows_the_current_version_from_the_plan_s_one_query(self, cast, ffb, client) -> None:
        """The panel reads the plan and its current version with one query (a LEFT JOIN)."""
        url = reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        client.force_login(cast.anna)
        html = client.get(url).content.decode()
        assert "Ikke tilbudt" in html
        v1 = written(cast.sag_erik, cast.anna)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        html = response.content.decode()
        section = next(s for s in response.context["sections"] if s.get("name") == "handleplaner")
        assert section["hp_version"].pk == v1.pk and section["hp_version"].nummer == 1
        assert "Version 1 fra" in html
        assert sum("handleplaner_handleplan" in q["sql"] for q in ctx.captured_queries) == 1
        # a newer version replaces it; the old one is no longer current
        ny = {**INDHOLD, "formaal": "Erik vil gerne flytte i egen bolig."}
        v2 = handleplan_version_create(handleplan=v1.handleplan, expected_nummer=1, aendringer="Nyt formål", actor=cast.anna, now=NOW, **ny)
        section = next(s for s in client.get(url).context["sections"] if s.get("name") == "handleplaner")
        assert section["hp_version"].pk == v2.pk and section["hp_version"].nummer == 2
        assert section["hp_version"].formaal == ny["formaal"]  # a field the panel does not show loads on access

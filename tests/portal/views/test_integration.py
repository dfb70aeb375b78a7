"""The pages that show other apps' data: plans (handleplaner), visits (levering), afgørelser
(visitation). The citizen acts through those apps' services; other citizens get 404."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse

from bostotte.core.models import AccessLog
from handleplaner.models import Evaluering, HandleplanKommentar, HandleplanVersion
from portal.models import Besoegsanmodning
from tests.levering import builders
from tests.portal.conftest import NOW, erik_levering, erik_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(cast, lev):  # type: ignore[no-untyped-def]
    return erik_plan(cast, lev)


class MinPlanTests:
    def test_it_shows_the_plan_goals_and_delmaal(self, cast, plan, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        html = client.get(reverse("portal:plan")).content.decode()
        assert "komme ud blandt andre" in html  # the current version
        assert "Kan selv handle ind" in html and "Gå en tur hver dag" in html
        assert "Ja, jeg er enig i planen" in html

    def test_the_citizen_accepts_the_current_version(self, cast, plan, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        assert client.post(reverse("portal:plan-accept", args=[plan.v2.uuid])).status_code == 302
        v2 = HandleplanVersion.objects.get(pk=plan.v2.pk)
        assert v2.accepteret_af == cast.erik_user and v2.accepteret_rolle == "borger"

    def test_an_old_version_cannot_be_accepted(self, cast, plan, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        response = client.post(reverse("portal:plan-accept", args=[plan.v1.uuid]), follow=True)
        assert "nyere version" in response.content.decode()
        assert HandleplanVersion.objects.get(pk=plan.v1.pk).accepteret_at is None

    def test_the_citizen_comments_and_errors_keep_the_page(self, cast, plan, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        response = client.post(reverse("portal:plan-kommentar", args=[plan.v2.uuid]), {"tekst": ""})
        assert response.status_code == 422 and "Skriv din kommentar." in response.content.decode()
        assert client.post(reverse("portal:plan-kommentar", args=[plan.v2.uuid]), {"tekst": "Jeg vil gerne have mere tid."}).status_code == 302
        k = HandleplanKommentar.objects.get()
        assert (k.forfatter, k.forfatter_rolle) == (cast.erik_user, "borger")

    def test_it_shows_what_changed(self, cast, plan, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        html = client.get(reverse("portal:plan-aendringer", args=[plan.v2.uuid])).content.decode()
        assert "Nyt mål om fællesskab" in html and "At kunne bo i egen bolig og komme ud blandt andre" in html

    def test_the_citizen_rates_a_delmaal_as_borger(self, cast, plan, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        url = reverse("portal:maal-vurder", args=[plan.delmaal.uuid])
        assert client.get(url).status_code == 200
        response = client.post(url, {"score": "9"})
        assert response.status_code == 422 and "−2 til +2" in response.content.decode()
        assert client.post(url, {"score": "1", "note": "Jeg går tre gange om ugen"}).status_code == 302
        e = Evaluering.objects.get()
        assert (e.delmaal, e.score, e.rolle, e.vurderet_af) == (plan.delmaal, 1, "borger", cast.erik_user)

    def test_the_citizen_rates_an_indsatsmaal(self, cast, plan, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        assert client.post(reverse("portal:maal-vurder", args=[plan.indsatsmaal.uuid]), {"score": "0"}).status_code == 302
        assert Evaluering.objects.get().indsatsmaal == plan.indsatsmaal

    def test_gitte_gets_404_on_eriks_plan_objects(self, cast, plan, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.gitte_user)
        assert client.post(reverse("portal:plan-accept", args=[plan.v2.uuid])).status_code == 404
        assert client.post(reverse("portal:plan-kommentar", args=[plan.v2.uuid]), {"tekst": "x"}).status_code == 404
        assert client.get(reverse("portal:plan-aendringer", args=[plan.v2.uuid])).status_code == 404
        assert client.post(reverse("portal:maal-vurder", args=[plan.delmaal.uuid]), {"score": "1"}).status_code == 404
        assert "komme ud blandt andre" not in client.get(reverse("portal:plan")).content.decode()


class MineBesoegTests:
    def test_it_lists_upcoming_and_past_visits(self, cast, lev, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        with time_machine.travel(NOW, tick=False):
            html = client.get(reverse("portal:besoeg-list")).content.decode()
        assert "torsdag 5. marts" in html and "torsdag 26. februar" in html
        assert "Hjemmebesøg" in html and "Dorte Dahl" in html
        assert html.count("Aflys eller flyt") == 2

    def test_the_citizen_asks_to_move_a_visit(self, cast, lev, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        url = reverse("portal:besoeg-aendr", args=[lev.planned[0].uuid])
        with time_machine.travel(NOW, tick=False):
            assert client.get(url).status_code == 200
            response = client.post(url, {"art": "flyt", "begrundelse": "Jeg skal til tandlæge", "oensket_tid": "Fredag"})
        assert response.status_code == 302
        a = Besoegsanmodning.objects.get()
        assert (a.besoeg, a.art, a.oensket_tid) == (lev.planned[0], "flyt", "Fredag")

    def test_errors_come_back_as_an_htmx_partial_with_input_kept(self, cast, lev, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        url = reverse("portal:besoeg-aendr", args=[lev.planned[0].uuid])
        with time_machine.travel(NOW, tick=False):
            response = client.post(url, {"art": "flyt", "oensket_tid": "Fredag"}, HTTP_HX_REQUEST="true")
        html = response.content.decode()
        assert response.status_code == 422 and "<html" not in html
        assert "Skriv kort, hvorfor." in html and 'value="Fredag"' in html
        with time_machine.travel(NOW, tick=False):
            ok = client.post(url, {"art": "aflys", "begrundelse": "Syg"}, HTTP_HX_REQUEST="true")
        assert ok.status_code == 200 and ok["HX-Redirect"] == reverse("portal:besoeg-list")

    def test_a_past_visit_cannot_be_moved(self, cast, lev, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        with time_machine.travel(NOW, tick=False):
            response = client.post(reverse("portal:besoeg-aendr", args=[lev.past.uuid]), {"art": "aflys", "begrundelse": "x"})
        assert response.status_code == 422 and "ikke længere planlagt" in response.content.decode()

    def test_gitte_gets_404_on_eriks_visit(self, cast, lev, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.gitte_user)
        assert client.get(reverse("portal:besoeg-aendr", args=[lev.planned[0].uuid])).status_code == 404

    def test_the_bostoette_sees_and_handles_the_wish(self, cast, lev, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        with time_machine.travel(NOW, tick=False):
            client.post(reverse("portal:besoeg-aendr", args=[lev.planned[0].uuid]), {"art": "aflys", "begrundelse": "Syg"})
        a = Besoegsanmodning.objects.get()
        client.force_login(cast.dorte)
        html = client.get(reverse("portal:anmodning-list")).content.decode()
        assert "Erik Eriksen" in html and "Syg" in html
        assert client.post(reverse("portal:anmodning-handle", args=[a.uuid]), {"svar": "God bedring"}).status_code == 302
        a.refresh_from_db()
        assert (a.status, a.svar, a.behandlet_af) == ("behandlet", "God bedring", cast.dorte)
        # the sagsbehandler sees it on the case page, but does not answer it
        client.force_login(cast.anna)
        assert "Syg" in client.get(reverse("core:sag-detail", args=[cast.sag_erik.uuid])).content.decode()

    def test_a_bostoette_not_on_the_case_sees_nothing(self, cast, lev, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        with time_machine.travel(NOW, tick=False):
            client.post(reverse("portal:besoeg-aendr", args=[lev.planned[0].uuid]), {"art": "aflys", "begrundelse": "Syg"})
        a = Besoegsanmodning.objects.get()
        client.force_login(cast.frank)
        assert "Syg" not in client.get(reverse("portal:anmodning-list")).content.decode()
        assert client.post(reverse("portal:anmodning-handle", args=[a.uuid])).status_code == 404

    def test_the_staff_list_has_a_fixed_query_count(self, cast, lev, client) -> None:  # type: ignore[no-untyped-def]
        from django.db import connection  # noqa: PLC0415
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

        from portal.services import besoegsanmodning_create  # noqa: PLC0415

        besoegsanmodning_create(borger=cast.erik, besoeg=lev.planned[0], art="aflys", begrundelse="a", actor=cast.erik_user, now=NOW)
        client.force_login(cast.dorte)
        client.get(reverse("portal:anmodning-list"))
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("portal:anmodning-list"))
        besoegsanmodning_create(borger=cast.erik, besoeg=lev.planned[1], art="flyt", begrundelse="b", actor=cast.erik_user, now=NOW)
        with CaptureQueriesContext(connection) as two:
            client.get(reverse("portal:anmodning-list"))
        assert len(one.captured_queries) == len(two.captured_queries)


class MineAfgoerelserTests:
    @pytest.fixture
    def afg(self, cast, ffb):  # type: ignore[no-untyped-def]
        a = builders.afgoerelse(cast.sag_erik)
        a.meddelt_on = date(2026, 3, 2)
        a.brev.save("brev.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        a.save(update_fields=["meddelt_on", "brev"])
        return a

    def test_it_lists_decisions_with_the_complaint_deadline(self, cast, afg, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        html = client.get(reverse("portal:afgoerelse-list")).content.decode()
        assert "Bevilling" in html and "30. marts 2026" in html  # meddelt 2 March + 4 weeks
        with time_machine.travel(NOW, tick=False):
            detail = client.get(reverse("portal:afgoerelse-detail", args=[afg.uuid])).content.decode()
        assert "Du kan klage til og med mandag 30. marts 2026" in detail and "Ankestyrelsen" in detail
        assert "Du kan klage inden 4 uger." in detail  # the klagevejledning

    def test_a_draft_is_not_shown(self, cast, afg, client) -> None:  # type: ignore[no-untyped-def]
        from visitation.models import Afgoerelse  # noqa: PLC0415

        Afgoerelse.objects.filter(pk=afg.pk).update(status="kladde", er_aktiv=False)
        client.force_login(cast.erik_user)
        assert client.get(reverse("portal:afgoerelse-detail", args=[afg.uuid])).status_code == 404

    def test_the_letter_download_is_logged_in_the_citizens_words(self, cast, afg, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        response = client.get(reverse("portal:afgoerelse-brev", args=[afg.uuid]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        log = AccessLog.objects.get(art="dokument", borger=cast.erik)
        assert log.formaal == "Du har selv hentet dit afgørelsesbrev" and log.sag == cast.sag_erik

    def test_gitte_gets_404_on_eriks_decision_and_letter(self, cast, afg, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.gitte_user)
        assert client.get(reverse("portal:afgoerelse-detail", args=[afg.uuid])).status_code == 404
        assert client.get(reverse("portal:afgoerelse-brev", args=[afg.uuid])).status_code == 404
        assert not AccessLog.objects.filter(art="dokument").exists()


class CaseSectionTests:
    def test_the_case_page_shows_the_who5_history(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        from datetime import timedelta  # noqa: PLC0415

        from portal.selectors import trivsel_series_for_sag  # noqa: PLC0415
        from portal.services import trivselsmaaling_create  # noqa: PLC0415

        keys = ("happy", "calm", "active", "rested", "interest")
        trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(keys, 1), actor=cast.erik_user, now=NOW - timedelta(days=90))
        trivselsmaaling_create(borger=cast.erik, who5=dict.fromkeys(keys, 3), actor=cast.erik_user, livstilfredshed=6, now=NOW)
        series = trivsel_series_for_sag(cast.sag_erik)
        assert [(r["who5"], r["aendring"], r["betydende"], r["mulig_depression"]) for r in series] == [(20, None, False, True), (60, 40, True, False)]
        client.force_login(cast.anna)
        response = client.get(reverse("core:sag-detail", args=[cast.sag_erik.uuid]))
        html = response.content.decode()
        assert "Borgerens egne svar" in html and "+40" in html
        # the panel's rows come from the case page's batch (`CaseQuery`): the same series
        section = next(s for s in response.context["sections"] if s.get("template") == "portal/_sag_section.html")
        assert section["trivsel"] == list(reversed(series))
        # another citizen's answers are not on this case's panel
        trivselsmaaling_create(borger=cast.gitte, who5=dict.fromkeys(keys, 5), actor=cast.gitte_user, now=NOW)
        response = client.get(reverse("core:sag-detail", args=[cast.sag_erik.uuid]))
        section = next(s for s in response.context["sections"] if s.get("template") == "portal/_sag_section.html")
        assert [r["who5"] for r in section["trivsel"]] == [60, 20]

    def test_the_front_page_lists_the_plan_to_read(self, cast, lev, client) -> None:  # type: ignore[no-untyped-def]
        erik_plan(cast, lev)
        client.force_login(cast.erik_user)
        with time_machine.travel(NOW, tick=False):
            html = client.get(reverse("portal:forside")).content.decode()
        assert "Din handleplan er klar til at blive læst" in html


def test_erik_levering_is_reusable(cast, ffb) -> None:  # type: ignore[no-untyped-def]
    assert len(erik_levering(cast).planned) == 2

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from bostotte.core.models import AccessLog
from bostotte.ffb.models import Kode
from visitation import services as s
from visitation.models import Bestilling, Henvendelse, Kvalitetsstandard

from ..builders import (
    NOW,
    make_bestilling,
    make_bevilling,
    make_draft,
    make_kvalitetsstandard,
    make_udredning,
    undertema_other,
)


@pytest.mark.django_db
class PublicKvalitetsstandardTests:
    def test_anyone_can_read_the_published_standard(self, client, cast, ks) -> None:
        response = client.get(reverse("kvalitetsstandard:list"))
        assert response.status_code == 200 and ks.titel in response.content.decode()
        response = client.get(reverse("kvalitetsstandard:detail", kwargs={"uuid": ks.uuid}))
        text = response.content.decode()
        assert response.status_code == 200
        assert "Hvor længe går der, før du får svar?" in text and "8 uger" in text and "Sådan klager du" in text

    def test_a_draft_is_not_public(self, client, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        assert client.get(reverse("kvalitetsstandard:detail", kwargs={"uuid": draft.uuid})).status_code == 404


@pytest.mark.django_db
class KvalitetsstandardEditViewTests:
    """The discharge follow-up frist is edited with the other intervals and shown to citizens."""

    def _post_data(self, ks, **overrides: object) -> dict[str, object]:  # type: ignore[no-untyped-def]
        from visitation.services.kvalitetsstandard import EDITABLE  # noqa: PLC0415

        data: dict[str, object] = {}
        for name in EDITABLE:
            value = getattr(ks, name)
            if isinstance(value, bool):
                if value:
                    data[name] = "on"
            elif value is not None:
                data[name] = value.isoformat() if isinstance(value, date) else value
        data["ydelser"] = [k.pk for k in ks.ydelser.all()]
        data.update(overrides)
        return data

    def test_the_leder_sets_the_discharge_follow_up_frist(self, client, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        client.force_login(cast.bo)
        url = reverse("visitation:ks-edit", kwargs={"uuid": draft.uuid})
        assert "udskrivning_opfoelgning_arbejdsdage" in client.get(url).content.decode()
        response = client.post(url, self._post_data(draft, udskrivning_opfoelgning_arbejdsdage=7))
        assert response.status_code == 302
        draft.refresh_from_db()
        assert draft.udskrivning_opfoelgning_arbejdsdage == 7

    def test_it_refuses_zero_in_danish_and_keeps_the_input(self, client, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        client.force_login(cast.bo)
        url = reverse("visitation:ks-edit", kwargs={"uuid": draft.uuid})
        response = client.post(url, self._post_data(draft, udskrivning_opfoelgning_arbejdsdage=0, titel="Min nye titel"))
        text = response.content.decode()
        assert response.status_code == 422
        assert "Fristen for opfølgning efter udskrivning skal være mindst 1 arbejdsdag." in text
        assert "Min nye titel" in text
        draft.refresh_from_db()
        assert draft.udskrivning_opfoelgning_arbejdsdage == 5 and draft.titel != "Min nye titel"

    def test_the_public_page_tells_the_citizen_the_frist(self, client, cast, ks) -> None:
        from visitation.models import Kvalitetsstandard  # noqa: PLC0415

        Kvalitetsstandard.objects.filter(pk=ks.pk).update(udskrivning_opfoelgning_arbejdsdage=4)
        text = client.get(reverse("kvalitetsstandard:detail", kwargs={"uuid": ks.uuid})).content.decode()
        assert "Vi følger op på din støtte senest 4 arbejdsdage efter, at du er udskrevet." in text


@pytest.mark.django_db
class HenvendelseViewTests:
    @time_machine.travel(NOW, tick=False)
    def test_it_registers_by_cpr_in_the_post_body_only(self, client, cast, ks) -> None:
        client.force_login(cast.anna)
        url = reverse("visitation:henvendelse-create")
        assert "cpr" not in url
        response = client.post(url, {"cpr": cast.erik.cpr, "modtaget_on": "2026-03-20", "kilde": "egen", "art": "ny",
                                     "lovgrundlag": "sel_85", "er_ansoegning": "on", "borgers_ord": "Hjælp"})
        assert response.status_code == 302 and response["Location"] == reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        assert Henvendelse.objects.get(sag=cast.sag_erik).frist_on == date(2026, 5, 15)

    @time_machine.travel(NOW, tick=False)
    def test_it_keeps_the_input_on_errors(self, client, cast, ks) -> None:
        client.force_login(cast.anna)
        response = client.post(reverse("visitation:henvendelse-create-sag", kwargs={"uuid": cast.sag_erik.uuid}),
                               {"modtaget_on": "2026-03-25", "kilde": "egen", "art": "ny", "lovgrundlag": "sel_85", "borgers_ord": "Mine egne ord"})
        assert response.status_code == 422
        text = response.content.decode()
        assert "Mine egne ord" in text and "fremtiden" in text


@pytest.mark.django_db
class UdredningViewTests:
    def test_a_stale_save_shows_who_saved(self, client, cast, ks) -> None:
        udr = make_udredning(cast.sag_erik, cast.anna, finish=False)
        stale = udr.version
        s.udredning_save(udredning=udr, version=stale, actor=cast.anders, borgers_vurdering="Anders")
        client.force_login(cast.anna)
        response = client.post(reverse("visitation:udredning-edit", kwargs={"uuid": udr.uuid}),
                               {"version": stale, "borgers_vurdering": "Anna", "handling": "gem"})
        assert response.status_code == 409
        text = response.content.decode()
        assert "Anders Kollega har gemt udredningen" in text and "Anna" in text


@pytest.mark.django_db
class AfgoerelseViewTests:
    def test_traef_names_what_is_missing(self, client, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna, maalgruppe=None)
        client.force_login(cast.anna)
        response = client.post(reverse("visitation:afgoerelse-traef", kwargs={"uuid": afg.uuid}), {"version": afg.version}, follow=True)
        assert "Der mangler: primær målgruppe" in response.content.decode()

    def test_the_letter_download_is_logged(self, client, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        s.afgoerelse_brev_generate(afgoerelse_id=afg.pk)
        client.force_login(cast.anna)
        response = client.get(reverse("visitation:afgoerelse-brev", kwargs={"uuid": afg.uuid}))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content)[:5] == b"%PDF-"
        assert AccessLog.objects.filter(borger=cast.erik, art="dokument", view_name="afgoerelse-brev").count() == 1

    def test_the_case_page_shows_the_timeline(self, client, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        client.force_login(cast.anna)
        text = client.get(reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})).content.decode()
        assert "Afgørelse: Bevilling" in text and "brevet dannes" in text
        assert reverse("visitation:bestilling-create", kwargs={"uuid": afg.uuid}) in text


@pytest.mark.django_db
class KvalitetsstandardNewVersionViewTests:
    def test_a_new_version_copies_the_ydelser_without_an_n_plus_one(self, client, cast, ks) -> None:
        ydelser = sorted(ks.ydelser.values_list("pk", flat=True))
        assert ydelser  # the published standard offers ydelser, so there is something to copy
        client.force_login(cast.bo)
        response = client.post(reverse("visitation:ks-new-version", kwargs={"uuid": ks.uuid}))
        assert response.status_code == 302
        draft = Kvalitetsstandard.objects.get(lovgrundlag=ks.lovgrundlag, version=ks.version + 1)
        assert sorted(draft.ydelser.values_list("pk", flat=True)) == ydelser

    def test_a_second_draft_is_refused_and_nothing_is_copied(self, client, cast, ks) -> None:
        client.force_login(cast.bo)
        client.post(reverse("visitation:ks-new-version", kwargs={"uuid": ks.uuid}))
        response = client.post(reverse("visitation:ks-new-version", kwargs={"uuid": ks.uuid}), follow=True)
        assert "Der er allerede en kladde" in response.content.decode()
        assert Kvalitetsstandard.objects.filter(lovgrundlag=ks.lovgrundlag).count() == 2


@pytest.mark.django_db
class BestillingFormN1Tests:
    """The order form has three goal rows of code fields. django-zeal runs in raise mode in the
    tests, so one Kode.get() per filled-in field (the old N+1) fails these requests."""

    def _post_data(self, cast, afg, *, undertemaer: list[Kode]) -> dict[str, object]:  # type: ignore[no-untyped-def]
        maaltyper = list(Kode.objects.maaltyper()[:3])
        niveauer = list(Kode.objects.funktionsevneniveauer(include_ikke_vurderet=False)[:3])
        data: dict[str, object] = {
            "leverandoer": cast.lev_nord.pk, "indsatsformaal": "At du kan klare hverdagen.", "starts_on": "2026-04-01",
            "ydelser": [k.pk for k in afg.ydelser.all()],
        }
        for i, undertema in enumerate(undertemaer, start=1):
            data.update({f"m{i}_undertema": undertema.pk, f"m{i}_beskrivelse": f"Mål nummer {i}",
                         f"m{i}_maaltype": maaltyper[(i - 1) % len(maaltyper)].pk, f"m{i}_niveau": niveauer[(i - 1) % len(niveauer)].pk})
        return data

    def test_create_with_three_goals_has_no_n_plus_one(self, client, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        undertemaer = list(Kode.objects.aktivitet_deltagelse_undertemaer()[:3])
        assert len(undertemaer) == 3
        client.force_login(cast.anna)
        with time_machine.travel(NOW, tick=False):
            response = client.post(reverse("visitation:bestilling-create", kwargs={"uuid": afg.uuid}),
                                   self._post_data(cast, afg, undertemaer=undertemaer))
        assert response.status_code == 302
        best = Bestilling.objects.get(afgoerelse=afg)
        assert sorted(m.undertema_id for m in best.indsatsmaal.all()) == sorted(k.pk for k in undertemaer)

    def test_a_code_outside_the_list_is_a_form_error_and_the_input_is_kept(self, client, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        other = undertema_other()  # not an "Aktivitet og deltagelse" undertema
        client.force_login(cast.anna)
        data = self._post_data(cast, afg, undertemaer=[Kode.objects.aktivitet_deltagelse_undertemaer().first(), other])
        response = client.post(reverse("visitation:bestilling-create", kwargs={"uuid": afg.uuid}), data)
        assert response.status_code == 422
        assert not Bestilling.objects.filter(afgoerelse=afg).exists()
        form = response.context["form"]
        assert list(form.errors) == ["m2_undertema"]
        assert "Mål nummer 2" in response.content.decode()

    def test_save_and_send_in_one_request_locks_twice_without_an_n_plus_one_error(self, client, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        best = make_bestilling(afg, cast.anna, cast.lev_nord)
        undertemaer = list(Kode.objects.aktivitet_deltagelse_undertemaer()[:2])
        client.force_login(cast.anna)
        data = {**self._post_data(cast, afg, undertemaer=undertemaer), "version": best.version, "handling": "send"}
        with time_machine.travel(NOW, tick=False):
            response = client.post(reverse("visitation:bestilling-detail", kwargs={"uuid": best.uuid}), data)
        assert response.status_code == 302
        best.refresh_from_db()
        assert best.status == Bestilling.Status.SENDT
        assert best.indsatsmaal.count() == 2

    def test_a_stale_version_is_still_a_conflict(self, client, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        best = make_bestilling(afg, cast.anna, cast.lev_nord)
        client.force_login(cast.anna)
        data = {**self._post_data(cast, afg, undertemaer=list(Kode.objects.aktivitet_deltagelse_undertemaer()[:1])),
                "version": best.version - 1, "handling": "send"}
        response = client.post(reverse("visitation:bestilling-detail", kwargs={"uuid": best.uuid}), data)
        assert response.status_code == 409
        best.refresh_from_db()
        assert best.status == Bestilling.Status.KLADDE


@pytest.mark.django_db
class ListQueryCountTests:
    @pytest.fixture
    def ks(self, cast, ffb):  # type: ignore[no-untyped-def]
        return make_kvalitetsstandard(cast.bo, kraever_ledergodkendelse=True)

    def _awaiting(self, cast, n: int) -> None:
        from tests.factories import make_borger, make_sag  # noqa: PLC0415

        for i in range(n):
            borger = make_borger(f"B{i}", "Borger", kommune=cast.kommune)
            make_bevilling(make_sag(borger, cast.anna), cast.anna)

    def _count(self, client, django_assert_num_queries, n: int) -> int:  # type: ignore[no-untyped-def]
        from django.db import connection  # noqa: PLC0415
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("visitation:godkendelser"))
        assert response.status_code == 200
        assert response.content.decode().count("/visitation/afgoerelser/") == n
        return len(ctx.captured_queries)

    def test_godkendelser_has_a_fixed_query_count(self, client, cast, ks, django_assert_num_queries) -> None:
        client.force_login(cast.bo)
        client.get("/")  # the first request after login stores the session's login time
        self._awaiting(cast, 1)
        one = self._count(client, django_assert_num_queries, 1)
        self._awaiting(cast, 24)
        assert self._count(client, django_assert_num_queries, 25) == one

    def test_kvalitetsstandard_list_has_a_fixed_query_count(self, client, cast, ks) -> None:
        from django.db import connection  # noqa: PLC0415
        from django.test.utils import CaptureQueriesContext  # noqa: PLC0415

        client.force_login(cast.bo)
        client.get("/")  # the first request after login stores the session's login time
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("visitation:ks-list"))
        for _ in range(3):
            draft = s.kvalitetsstandard_new_version(fra=s.kvalitetsstandard_gaeldende(lovgrundlag="sel_85"), actor=cast.bo, now=NOW)
            s.kvalitetsstandard_publish(kvalitetsstandard=draft, actor=cast.bo, now=NOW)
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("visitation:ks-list"))
        assert len(many.captured_queries) == len(one.captured_queries)

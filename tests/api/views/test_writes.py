"""Writes go through the apps' services; the objects they point at are checked first."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bostotte.core.models import Journalnotat
from handleplaner.services import paedagogisk_plan_create
from levering.models import Besoeg
from visitation.models import Bestilling

from ..builders import make_klient, sent_bestilling
from ..conftest import bearer

CPH = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def sendt(cast, ffb):  # type: ignore[no-untyped-def]
    """Erik's bestilling, sent to Bostøtten Nord and not yet answered."""
    return sent_bestilling(cast.sag_erik, cast.anna, cast.bo, cast.lev_nord)


@pytest.mark.django_db
class BestillingAcceptApiTests:
    def test_it_accepts_through_the_service(self, cast, sendt, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.lise)
        response = bearer(api, token).post(
            f"/api/v1/bestillinger/{sendt.uuid}/accepter/",
            {"version": sendt.version},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "accepteret"
        assert Bestilling.objects.get(pk=sendt.pk).besvaret_af == cast.lise
        assert Journalnotat.objects.filter(
            sag=cast.sag_erik, emne__startswith="Bestilling accepteret"
        ).exists()

    def test_another_leverandoer_gets_404(self, cast, sendt, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.lars)
        response = bearer(api, token).post(
            f"/api/v1/bestillinger/{sendt.uuid}/accepter/",
            {"version": sendt.version},
            format="json",
        )
        assert response.status_code == 404
        assert Bestilling.objects.get(pk=sendt.pk).status == "sendt"

    def test_the_myndighed_sees_it_but_may_not_answer(self, cast, sendt, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.anna)
        response = bearer(api, token).post(
            f"/api/v1/bestillinger/{sendt.uuid}/accepter/",
            {"version": sendt.version},
            format="json",
        )
        assert response.status_code == 403
        assert response.json()["fejl"]["kode"] == "ikke_tilladt"

    def test_a_stale_version_is_a_409_conflict(self, cast, sendt, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.lise)
        response = bearer(api, token).post(
            f"/api/v1/bestillinger/{sendt.uuid}/accepter/",
            {"version": sendt.version - 1},
            format="json",
        )
        assert response.status_code == 409
        assert response.json()["fejl"]["kode"] == "konflikt"

    def test_the_scope_is_required(self, cast, sendt, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.lise, scopes=["bestillinger:read"])
        response = bearer(api, token).post(
            f"/api/v1/bestillinger/{sendt.uuid}/accepter/",
            {"version": sendt.version},
            format="json",
        )
        assert response.status_code == 403 and response.json()["fejl"]["kode"] == "mangler_scope"


@pytest.mark.django_db
class BestillingDeclineApiTests:
    def test_it_declines_with_a_reason(self, cast, sendt, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.lise)
        response = bearer(api, token).post(
            f"/api/v1/bestillinger/{sendt.uuid}/afvis/",
            {"version": sendt.version, "begrundelse": "Vi har ingen ledige bostøtter i området."},
            format="json",
        )
        assert response.status_code == 200 and response.json()["status"] == "afvist"

    def test_the_services_rule_on_the_reason_comes_back_per_field(self, cast, sendt, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(cast.lise)
        response = bearer(api, token).post(
            f"/api/v1/bestillinger/{sendt.uuid}/afvis/",
            {"version": sendt.version, "begrundelse": "Nej"},
            format="json",
        )
        assert response.status_code == 400
        assert "mindst 10 tegn" in response.json()["fejl"]["detaljer"]["begrundelse"][0]


def _visit(world, **overrides):  # type: ignore[no-untyped-def]
    start = datetime(2026, 4, 7, 10, 0, tzinfo=CPH)
    data = {
        "bestilling": str(world.best_erik.uuid),
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=1)).isoformat(),
        "kontaktform": "hjemmebesoeg",
        "status": "gennemfoert",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class BesoegCreateApiTests:
    def test_a_bostoette_logs_her_own_visit(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.dorte)
        response = bearer(api, token).post("/api/v1/besoeg/opret/", _visit(world), format="json")
        assert response.status_code == 201, response.content
        besoeg = Besoeg.objects.get(uuid=response.json()["uuid"])
        assert besoeg.medarbejder == world.dorte and besoeg.sag == world.sag_erik

    def test_the_leader_logs_a_visit_for_her_staff(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.lise)
        response = bearer(api, token).post(
            "/api/v1/besoeg/opret/", _visit(world, medarbejder=str(world.dorte.uuid)), format="json"
        )
        assert response.status_code == 201, response.content
        assert response.json()["medarbejder"]["uuid"] == str(world.dorte.uuid)

    def test_a_visit_for_a_citizen_the_caller_does_not_serve_is_404(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.lise)
        response = bearer(api, token).post(
            "/api/v1/besoeg/opret/",
            _visit(world, bestilling=str(world.best_gitte.uuid)),
            format="json",
        )
        assert response.status_code == 404
        assert not Besoeg.objects.exists()

    def test_staff_of_another_leverandoer_is_404(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.lise)
        response = bearer(api, token).post(
            "/api/v1/besoeg/opret/", _visit(world, medarbejder=str(world.lars.uuid)), format="json"
        )
        assert response.status_code == 404

    def test_a_colleague_may_not_log_for_another(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.frank)
        # frank is not assigned: he cannot even see the bestilling
        assert (
            bearer(api, token)
            .post("/api/v1/besoeg/opret/", _visit(world), format="json")
            .status_code
            == 404
        )

    def test_the_services_rules_apply(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.dorte)
        early = datetime(2026, 3, 25, 10, 0, tzinfo=CPH)  # before the assignment starts
        response = bearer(api, token).post(
            "/api/v1/besoeg/opret/",
            _visit(
                world, starts_at=early.isoformat(), ends_at=(early + timedelta(hours=1)).isoformat()
            ),
            format="json",
        )
        assert response.status_code == 400
        assert "starts_at" in response.json()["fejl"]["detaljer"]

    def test_unknown_codes_and_foreign_delmaal_are_refused(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.dorte)
        response = bearer(api, token).post(
            "/api/v1/besoeg/opret/",
            _visit(world, ydelser=["nope"], delmaal=[str(world.sag_gitte.uuid)]),
            format="json",
        )
        assert response.status_code == 400
        assert {"ydelser", "delmaal"} <= set(response.json()["fejl"]["detaljer"])

    def test_the_myndighed_cannot_log_visits(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.anna)
        assert (
            bearer(api, token)
            .post("/api/v1/besoeg/opret/", _visit(world), format="json")
            .status_code
            == 404
        )


@pytest.mark.django_db
class DelmaalCreateApiTests:
    def _plan(self, world):  # type: ignore[no-untyped-def]
        return paedagogisk_plan_create(
            bestilling=world.best_erik,
            actor=world.lise,
            udarbejdet="sammen",
            borgers_ord="Jeg vil klare mig selv.",
            tilgang="Recovery",
        )

    def test_the_leverandoer_adds_a_delmaal(self, world, api) -> None:  # type: ignore[no-untyped-def]
        plan = self._plan(world)
        maal = world.best_erik.indsatsmaal.first()
        _k, token = make_klient(world.lise)
        response = bearer(api, token).post(
            f"/api/v1/paedagogiske-planer/{plan.uuid}/delmaal/opret/",
            {
                "indsatsmaal": str(maal.uuid),
                "titel": "Handle ind en gang om ugen",
                "metoder": ["recovery"],
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert plan.delmaal.get().titel == "Handle ind en gang om ugen"

    def test_a_goal_of_another_citizen_is_404(self, world, api) -> None:  # type: ignore[no-untyped-def]
        plan = self._plan(world)
        _k, token = make_klient(world.lise)
        foreign = world.best_gitte.indsatsmaal.first()
        response = bearer(api, token).post(
            f"/api/v1/paedagogiske-planer/{plan.uuid}/delmaal/opret/",
            {"indsatsmaal": str(foreign.uuid), "titel": "X"},
            format="json",
        )
        assert response.status_code == 404

    def test_the_myndighed_reads_but_may_not_write(self, world, api) -> None:  # type: ignore[no-untyped-def]
        plan = self._plan(world)
        _k, token = make_klient(world.anna)
        bearer(api, token)
        assert api.get(f"/api/v1/paedagogiske-planer/{plan.uuid}/").status_code == 200
        response = api.post(
            f"/api/v1/paedagogiske-planer/{plan.uuid}/delmaal/opret/",
            {"indsatsmaal": str(world.best_erik.indsatsmaal.first().uuid), "titel": "X"},
            format="json",
        )
        assert response.status_code == 403

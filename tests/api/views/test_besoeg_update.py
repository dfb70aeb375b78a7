"""PUT/PATCH /api/v1/besoeg/{uuid}/: the leverandør's staff correct a visit through
levering's besoeg_update, after the same access function as the web form (besoeg_get)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bostotte.ffb.models import Kode
from levering.models import Besoeg
from levering.services import besoeg_create, tildeling_create
from tests.factories import make_borger, make_sag

from ..builders import STARTS_ON, make_klient, sent_bestilling
from ..conftest import bearer

CPH = ZoneInfo("Europe/Copenhagen")
START = datetime(2026, 4, 7, 10, 0, tzinfo=CPH)


@pytest.fixture
def besoeg(world) -> Besoeg:  # type: ignore[no-untyped-def]
    """Dorte's home visit to Erik, with two ydelser."""
    return besoeg_create(
        bestilling=world.best_erik,
        medarbejder=world.dorte,
        starts_at=START,
        ends_at=START + timedelta(hours=1),
        kontaktform="hjemmebesoeg",
        ydelser=list(Kode.objects.ydelser_85()[:2]),
        actor=world.dorte,
    )


def url(b: Besoeg) -> str:
    return f"/api/v1/besoeg/{b.uuid}/"


def as_(api, user, **kw):  # type: ignore[no-untyped-def]
    return bearer(api, make_klient(user, **kw)[1])


def full(b: Besoeg, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": b.version,
        "starts_at": START.isoformat(),
        "ends_at": (START + timedelta(minutes=90)).isoformat(),
        "kontaktform": "telefon",
        "status": "gennemfoert",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
class BesoegUpdateApiTests:
    def test_a_bostoette_corrects_her_visit_with_patch(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        undertema = Kode.objects.undertemaer().first()
        response = as_(api, world.dorte).patch(
            url(besoeg),
            {
                "version": besoeg.version,
                "ends_at": (START + timedelta(minutes=45)).isoformat(),
                "note": "Vi handlede ind sammen.",
                "note_undertema": undertema.code,
            },
            format="json",
        )
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["version"] == besoeg.version + 1
        fresh = Besoeg.objects.get(pk=besoeg.pk)
        assert fresh.ends_at == START + timedelta(minutes=45)
        assert fresh.note == "Vi handlede ind sammen." and fresh.note_undertema == undertema
        # Fields not sent keep their value.
        assert fresh.starts_at == START and fresh.kontaktform == "hjemmebesoeg"
        assert fresh.ydelser.count() == 2
        assert fresh.registreret_af == world.dorte

    def test_put_replaces_the_changeable_fields(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        response = as_(api, world.dorte).put(url(besoeg), full(besoeg), format="json")
        assert response.status_code == 200, response.content
        fresh = Besoeg.objects.get(pk=besoeg.pk)
        assert fresh.kontaktform == "telefon" and fresh.ends_at == START + timedelta(minutes=90)
        assert fresh.ydelser.count() == 0  # not sent with PUT: emptied, as on create

    def test_put_needs_every_required_field(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        response = as_(api, world.dorte).put(
            url(besoeg), {"version": besoeg.version}, format="json"
        )
        assert response.status_code == 400
        detaljer = response.json()["fejl"]["detaljer"]
        assert {"starts_at", "ends_at", "kontaktform", "status"} <= set(detaljer)

    def test_the_leader_corrects_her_staffs_visit(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        response = as_(api, world.lise).patch(
            url(besoeg), {"version": besoeg.version, "status": "udeblevet"}, format="json"
        )
        assert response.status_code == 200, response.content
        assert Besoeg.objects.get(pk=besoeg.pk).status == "udeblevet"

    def test_a_stale_version_is_a_409_conflict(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        client = as_(api, world.dorte)
        first = client.patch(url(besoeg), {"version": besoeg.version, "note": ""}, format="json")
        assert first.status_code == 200
        response = client.patch(
            url(besoeg), {"version": besoeg.version, "kontaktform": "video"}, format="json"
        )
        assert response.status_code == 409
        assert response.json()["fejl"]["kode"] == "konflikt"
        assert Besoeg.objects.get(pk=besoeg.pk).kontaktform == "hjemmebesoeg"

    def test_the_version_is_required_also_for_patch(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        response = as_(api, world.dorte).patch(url(besoeg), {"note": ""}, format="json")
        assert response.status_code == 400
        assert response.json()["fejl"]["kode"] == "ugyldige_data"
        assert "version" in response.json()["fejl"]["detaljer"]

    def test_the_services_rules_come_back_in_danish_per_field(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        response = as_(api, world.dorte).patch(
            url(besoeg),
            {"version": besoeg.version, "ends_at": (START - timedelta(hours=1)).isoformat()},
            format="json",
        )
        assert response.status_code == 400
        fejl = response.json()["fejl"]
        assert fejl["kode"] == "ugyldige_data"
        assert fejl["detaljer"]["ends_at"] == ["Sluttidspunktet skal være efter starttidspunktet."]
        unknown = as_(api, world.dorte).patch(
            url(besoeg),
            {"version": besoeg.version, "ydelser": ["nope"], "note_undertema": "nope"},
            format="json",
        )
        assert unknown.status_code == 400
        assert {"ydelser", "note_undertema"} <= set(unknown.json()["fejl"]["detaljer"])
        assert Besoeg.objects.get(pk=besoeg.pk).version == besoeg.version

    def test_a_malformed_reference_is_a_danish_field_error(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        response = as_(api, world.dorte).patch(
            url(besoeg),
            {"version": besoeg.version, "bestilling": "nope", "delmaal": ["nope"]},
            format="json",
        )
        assert response.status_code == 400
        detaljer = response.json()["fejl"]["detaljer"]
        assert detaljer["bestilling"] == ["Angiv et gyldigt UUID."]
        assert "delmaal" in detaljer

    def test_a_visit_of_a_citizen_the_caller_does_not_serve_is_404(
        self, world, besoeg, api
    ) -> None:  # type: ignore[no-untyped-def]
        # lars: another leverandør; frank: a colleague not assigned to Erik; anna: myndighed.
        for user in (world.lars, world.frank, world.anna):
            response = as_(api, user).patch(
                url(besoeg),
                {"version": besoeg.version, "status": "aflyst_medarbejder"},
                format="json",
            )
            assert response.status_code == 404, user
            assert response.json()["fejl"]["kode"] == "ikke_fundet"
        assert Besoeg.objects.get(pk=besoeg.pk).status == "gennemfoert"

    def test_an_assigned_colleague_may_not_change_anothers_visit(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        tildeling_create(
            bestilling=world.best_erik,
            medarbejder=world.frank,
            starts_on=STARTS_ON,
            er_primaer=False,
            actor=world.lise,
        )
        response = as_(api, world.frank).patch(
            url(besoeg), {"version": besoeg.version, "status": "aflyst_medarbejder"}, format="json"
        )
        assert response.status_code == 403
        assert response.json()["fejl"]["kode"] == "ikke_tilladt"

    def test_moving_it_to_a_foreign_bestilling_is_404(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        response = as_(api, world.dorte).patch(
            url(besoeg),
            {"version": besoeg.version, "bestilling": str(world.best_gitte.uuid)},
            format="json",
        )
        assert response.status_code == 404
        assert Besoeg.objects.get(pk=besoeg.pk).version == besoeg.version

    def test_moving_it_to_another_visible_bestilling_is_refused(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        sag = make_sag(
            make_borger("Else", "Enevoldsen", kommune=world.kommune), world.anna, world.team_nord
        )
        other = sent_bestilling(sag, world.anna, world.bo, world.lev_nord)  # Lise sees it
        client = as_(api, world.lise)
        response = client.patch(
            url(besoeg), {"version": besoeg.version, "bestilling": str(other.uuid)}, format="json"
        )
        assert response.status_code == 400
        assert "bestilling" in response.json()["fejl"]["detaljer"]
        fresh = Besoeg.objects.get(pk=besoeg.pk)
        assert fresh.bestilling_id == world.best_erik.pk and fresh.version == besoeg.version
        same = client.patch(
            url(besoeg),
            {"version": besoeg.version, "bestilling": str(world.best_erik.uuid)},
            format="json",
        )
        assert same.status_code == 200, same.content

    def test_moving_it_to_another_staff_member_is_refused(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        client = as_(api, world.lise)
        foreign = client.patch(
            url(besoeg),
            {"version": besoeg.version, "medarbejder": str(world.lars.uuid)},
            format="json",
        )
        assert foreign.status_code == 404  # Lars works for another leverandør
        colleague = client.patch(
            url(besoeg),
            {"version": besoeg.version, "medarbejder": str(world.frank.uuid)},
            format="json",
        )
        assert colleague.status_code == 400
        assert "medarbejder" in colleague.json()["fejl"]["detaljer"]
        assert Besoeg.objects.get(pk=besoeg.pk).medarbejder == world.dorte

    def test_the_write_scope_is_required(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        response = as_(api, world.dorte, scopes=["besoeg:read"]).patch(
            url(besoeg), {"version": besoeg.version}, format="json"
        )
        assert response.status_code == 403
        assert response.json()["fejl"]["kode"] == "mangler_scope"

    def test_an_unknown_visit_is_404(self, world, besoeg, api) -> None:  # type: ignore[no-untyped-def]
        client = as_(api, world.dorte)
        body = full(besoeg)
        response = client.patch("/api/v1/besoeg/ikke-et-uuid/", body, format="json")
        assert response.status_code == 404, response.content
        missing = "/api/v1/besoeg/6f1c1f0e-7b1d-4c7e-9a55-3d2f1b0c9e11/"
        assert client.put(missing, body, format="json").status_code == 404

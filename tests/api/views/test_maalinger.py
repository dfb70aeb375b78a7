from __future__ import annotations

import pytest

from ..builders import make_klient
from ..conftest import bearer

URL = "/api/v1/maalinger/"


@pytest.mark.django_db
class MaalingListApiTests:
    def test_a_leaders_system_gets_the_aggregates(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.bo)
        response = bearer(api, token).get(URL, {"fra": "2026-01-01", "til": "2026-06-30"})
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["fra"] == "2026-01-01" and body["pseudonymiseret"] is False
        assert {"ventetid", "frist"} <= {m["noegle"] for m in body["maalinger"]}

    def test_a_leverandoer_sees_no_myndighed_only_measures(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.lise)
        keys = {m["noegle"] for m in bearer(api, token).get(URL).json()["maalinger"]}
        assert "ventetid" in keys and "frist" not in keys

    def test_a_sagsbehandler_has_no_measures(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.anna)
        assert bearer(api, token).get(URL).status_code == 404

    def test_a_reversed_period_is_400_and_a_missing_end_is_the_default(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.bo)
        bearer(api, token)
        response = api.get(URL, {"fra": "2026-06-01", "til": "2026-01-01"})
        assert response.status_code == 400 and "til" in response.json()["fejl"]["detaljer"]
        assert api.get(URL, {"fra": "2026-01-01"}).json()["fra"] == "2026-01-01"

    def test_the_scope_is_required(self, world, api) -> None:  # type: ignore[no-untyped-def]
        _k, token = make_klient(world.bo, scopes=["sager:read"])
        assert bearer(api, token).get(URL).status_code == 403

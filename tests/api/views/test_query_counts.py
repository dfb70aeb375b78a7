"""List endpoints: the number of queries does not depend on the page size (1 vs many rows)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from levering.services import besoeg_create, bestilling_accept, tildeling_create
from tests.factories import make_borger, make_sag

from ..builders import sent_bestilling

CPH = ZoneInfo("Europe/Copenhagen")


def _queries(api, url: str, antal: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(url, {"antal": antal})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()["results"])


def assert_constant(api, url: str, many: int) -> None:  # type: ignore[no-untyped-def]
    api.get(url, {"antal": 1})  # warm-up (session, content types)
    one, rows_one = _queries(api, url, 1)
    lots, rows_many = _queries(api, url, many)
    assert (rows_one, rows_many) == (1, many)
    assert one == lots, f"{url}: {one} forespørgsler for 1 række, {lots} for {many}"


@pytest.mark.django_db
class ListQueryCountTests:
    def test_borgere_and_sager(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        for i in range(24):
            make_sag(
                make_borger(f"Borger{i}", "Test", kommune=cast.kommune), cast.anna, cast.team_nord
            )
        api.force_login(cast.anna)
        assert_constant(api, "/api/v1/borgere/", 25)
        assert_constant(api, "/api/v1/sager/", 25)

    def test_afgoerelser_bestillinger_and_visits(self, cast, ffb, api) -> None:  # type: ignore[no-untyped-def]
        bestillinger = [sent_bestilling(cast.sag_erik, cast.anna, cast.bo, cast.lev_nord)]
        for i in range(2):
            sag = make_sag(
                make_borger(f"Borger{i}", "Test", kommune=cast.kommune), cast.anna, cast.team_nord
            )
            bestillinger.append(sent_bestilling(sag, cast.anna, cast.bo, cast.lev_nord))
        api.force_login(cast.anna)
        assert_constant(api, "/api/v1/afgoerelser/", 3)
        assert_constant(api, "/api/v1/bevillinger/", 3)
        assert_constant(api, "/api/v1/bestillinger/", 3)
        start = datetime(2026, 4, 6, 9, 0, tzinfo=CPH)
        for n, sendt in enumerate(bestillinger):
            b = bestilling_accept(bestilling=sendt, actor=cast.lise)
            tildeling_create(
                bestilling=b, medarbejder=cast.dorte, starts_on=start.date(), actor=cast.lise
            )
            besoeg_create(
                bestilling=b,
                medarbejder=cast.dorte,
                starts_at=start + timedelta(hours=2 * n),
                ends_at=start + timedelta(hours=2 * n + 1),
                kontaktform="hjemmebesoeg",
                actor=cast.dorte,
            )
        api.force_login(cast.lise)
        assert_constant(api, "/api/v1/besoeg/", 3)
        assert_constant(api, "/api/v1/bestillinger/", 3)

    def test_ffb_codes(self, cast, ffb, api) -> None:  # type: ignore[no-untyped-def]
        api.force_login(cast.hans)
        assert_constant(api, "/api/v1/ffb/koder/", 25)


def _bestilling_selects(ctx: CaptureQueriesContext) -> int:
    return sum(
        1
        for q in ctx.captured_queries
        if q["sql"].startswith('SELECT "visitation_bestilling"."id"')
    )


@pytest.mark.django_db
class BestillingAnswerQueryTests:
    """Accept/decline load the bestilling once through the access function; the service's
    refresh is the only other load (django-zeal flagged a second `get()` in the view)."""

    @pytest.fixture
    def sendt(self, cast, ffb, api):  # type: ignore[no-untyped-def]
        api.force_login(cast.lise)
        return sent_bestilling(cast.sag_erik, cast.anna, cast.bo, cast.lev_nord)

    @pytest.mark.parametrize(
        ("action", "data"),
        [("accepter", {}), ("afvis", {"begrundelse": "Ingen ledige bostøtter i området."})],
    )
    def test_the_bestilling_is_loaded_once_by_the_view(
        self, sendt, api, settings, action, data
    ) -> None:  # type: ignore[no-untyped-def]
        settings.ZEAL_RAISE = True
        url = f"/api/v1/bestillinger/{sendt.uuid}/{action}/"
        with CaptureQueriesContext(connection) as ctx:
            response = api.post(url, {"version": sendt.version, **data}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["uuid"] == str(sendt.uuid)
        assert response.json()["version"] == sendt.version + 1
        assert len(response.json()["indsatsmaal"]) == 1 and response.json()["borger"]["fornavn"]
        assert _bestilling_selects(ctx) == 2  # the view's load and the service's refresh

"""GET /api/v1/sager/ pages in two steps (the page's ids on the scope alone, then its rows):
the same pages, links and payload as one joined query, in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bostotte.api.views.sager import SagListApi
from bostotte.core.models import Sag
from tests.factories import make_borger, make_sag

pytestmark = pytest.mark.django_db


def walk(api, url: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Every page forwards, then back again from the last one."""
    pages = []
    while url:
        body = api.get(url).json()
        pages.append(body)
        url = body["next"]
    url = pages[-1]["previous"]
    while url:
        body = api.get(url).json()
        pages.append(body)
        url = body["previous"]
    return pages


class SagListTests:
    @pytest.fixture
    def sager(self, cast) -> None:  # type: ignore[no-untyped-def]
        for i in range(7):
            make_sag(
                make_borger(f"Borger{i}", "Test", kommune=cast.kommune), cast.anna, cast.team_nord
            )
        # equal created_at on some rows: the cursor needs its offset part
        now = timezone.now()
        ids = list(Sag.objects.order_by("id").values_list("id", flat=True))
        Sag.objects.filter(id__in=ids[:4]).update(created_at=now)
        Sag.objects.filter(id__in=ids[4:]).update(created_at=now - timedelta(days=1))
        Sag.objects.filter(id=ids[-1]).update(status="lukket", closed_on=timezone.localdate())

    @pytest.mark.parametrize("query", ["?antal=2", "?antal=3&status=aaben", "?antal=100", ""])
    def test_the_pages_are_those_of_one_joined_query(
        self, cast, sager, api, monkeypatch, query: str
    ) -> None:  # type: ignore[no-untyped-def]
        api.force_login(cast.anna)
        two_step = walk(api, "/api/v1/sager/" + query)
        monkeypatch.delattr(SagListApi, "page_rows")
        one_query = walk(api, "/api/v1/sager/" + query)
        assert two_step == one_query
        assert len(two_step[0]["results"]) >= 1

    def test_the_payload_is_every_field(self, cast, sager, api) -> None:  # type: ignore[no-untyped-def]
        api.force_login(cast.anna)
        rows = api.get("/api/v1/sager/", {"antal": 100}).json()["results"]
        sag = Sag.objects.select_related("borger", "team", "ansvarlig").get(uuid=rows[0]["uuid"])
        assert rows[0] == {
            "uuid": str(sag.uuid),
            "sagsnummer": sag.sagsnummer,
            "titel": sag.titel,
            "status": sag.status,
            "borger": str(sag.borger.uuid),
            "ansvarlig": {"uuid": str(sag.ansvarlig.uuid), "navn": sag.ansvarlig.visningsnavn},
            "team": sag.team.navn,
            "handlekommune": cast.kommune.kommunenummer,
            "betalingskommune": cast.kommune.kommunenummer,
            "opened_on": sag.opened_on.isoformat(),
            "closed_on": None if sag.closed_on is None else sag.closed_on.isoformat(),
        }
        assert any(r["closed_on"] for r in rows) and any(r["closed_on"] is None for r in rows)

    def test_it_takes_two_queries_after_the_session(self, cast, sager, api) -> None:  # type: ignore[no-untyped-def]
        api.force_login(cast.anna)
        api.get("/api/v1/sager/")
        with CaptureQueriesContext(connection) as ctx:
            api.get("/api/v1/sager/", {"antal": 5})
        sag_queries = [q["sql"] for q in ctx.captured_queries if 'FROM "core_sag"' in q["sql"]]
        assert len(sag_queries) == 2  # the page's ids on the scope, then its five rows by id
        assert (
            "JOIN" not in sag_queries[0].split("WHERE")[0]
            and '"core_borger"."cpr_encrypted"' not in sag_queries[1]
        )

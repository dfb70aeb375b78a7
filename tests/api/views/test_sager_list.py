"""GET /api/v1/sager/ pages in two steps (the page's ids on the scope alone, then its rows as
plain values, written out by hand): the same pages, links and payload as DRF's cursor pagination
and serializer over one joined query, in a constant number of queries."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bostotte.api.pagination import ApiCursorPagination
from bostotte.api.views.sager import SagListApi
from bostotte.core.models import Medarbejder, Sag
from bostotte.core.services.sag import sag_adgang_give, sag_adgang_revoke
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


def use_one_query(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The reference: DRF's ListAPIView, cursor pagination and the serializer over one joined
    query on `Sag.objects.visible_to(user)` (`_SagQuery.get_queryset`)."""
    monkeypatch.setattr(SagListApi, "pagination_class", ApiCursorPagination)
    monkeypatch.delattr(SagListApi, "list")
    monkeypatch.delattr(SagListApi, "get_queryset")


def walk_one_query(api, monkeypatch, url: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    with monkeypatch.context() as m:
        use_one_query(m)
        return walk(api, url)


def walk_raw(api, url: str, *, reference: bool = False) -> list[tuple[int, bytes]]:  # type: ignore[no-untyped-def]
    """(status, body bytes) of every page forwards, then back from the last one; DRF's one-query
    pagination and serializer with `reference`."""
    with pytest.MonkeyPatch.context() as m:
        if reference:
            use_one_query(m)
        found: list[tuple[int, bytes]] = []
        for direction in ("next", "previous"):
            while url:
                response = api.get(url)
                found.append((response.status_code, response.content))
                if response.status_code != 200:
                    return found
                url = response.json()[direction]
            url = json.loads(found[-1][1])["previous"]
        return found


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
        one_query = walk_one_query(api, monkeypatch, "/api/v1/sager/" + query)
        assert two_step == one_query
        assert len(two_step[0]["results"]) >= 1

    @pytest.mark.parametrize(
        "user", ["anna", "anders", "bo", "carl", "sofie", "hans", "ida", "dorte", "lise", "erik"]
    )
    @pytest.mark.parametrize(
        "query", ["?antal=2", "?antal=3&status=lukket", "?status=aaben", "?borger="]
    )
    def test_the_bytes_are_those_of_the_serializer_for_every_role_and_filter(
        self, cast, sager, api, user: str, query: str
    ) -> None:  # type: ignore[no-untyped-def]
        """Byte for byte, every page forwards and back, for each role (whatever it may see) and
        filter; the ids are those of `visible_to`."""
        if query.endswith("borger="):
            query += str(Sag.objects.filter(ansvarlig=cast.anna).latest("id").borger.uuid)
        who = getattr(cast, user)
        who = who.user if user == "erik" else who  # a citizen's login
        api.force_login(who)
        url = "/api/v1/sager/" + query
        new = walk_raw(api, url)
        old = walk_raw(api, url, reference=True)
        assert new == old
        if new[0][0] != 200:  # a role without the API's case list: refused the same way
            return
        uuids = {r["uuid"] for page in new for r in json.loads(page[1])["results"]}
        visible = Sag.objects.visible_to(who)
        if "status=" in query:
            visible = visible.filter(status=query.split("status=")[1].split("&")[0])
        if "borger=" in query:
            visible = visible.filter(borger__uuid=query.split("borger=")[1])
        assert uuids == {str(u) for u in visible.values_list("uuid", flat=True)}

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
        # the scope as `id = ANY(ARRAY(<union>))`: an InitPlan and primary-key probes, not
        # `id IN (<scope>)`, which PostgreSQL planned as a semi-join over all of core_sag
        where = sag_queries[0].split("WHERE", 1)[1]
        assert where.lstrip(" (").replace("ANY((", "ANY(").startswith('"core_sag"."id" = ANY(ARRAY(')
        assert " IN (SELECT" not in where


@pytest.mark.django_db
class SagListScopeTests:
    """The scope's SQL is compiled once per user (`_SCOPE_SQL`): what the user may see still
    changes at once — a grant given, expired or revoked, a team move."""

    def uuids(self, api) -> set[str]:  # type: ignore[no-untyped-def]
        return {r["uuid"] for r in api.get("/api/v1/sager/", {"antal": 100}).json()["results"]}

    def test_grants_and_their_expiry(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        api.force_login(cast.carl)
        erik = str(cast.sag_erik.uuid)
        assert erik not in self.uuids(api)
        now = timezone.now()
        grant = sag_adgang_give(
            sag=cast.sag_erik, user=cast.carl, udloeber_at=now + timedelta(days=3),
            begrundelse="Vikar i ferien", actor=cast.bo, now=now,
        )  # fmt: skip
        assert erik in self.uuids(api)
        # expired since the SQL was compiled: the query runs with the time of each request
        expired = timezone.now()
        type(grant).objects.filter(pk=grant.pk).update(udloeber_at=expired)
        assert erik not in self.uuids(api)
        type(grant).objects.filter(pk=grant.pk).update(udloeber_at=now + timedelta(days=3))
        assert erik in self.uuids(api)
        sag_adgang_revoke(grant=grant, actor=cast.bo)
        assert erik not in self.uuids(api)

    def test_a_team_move(self, cast, api) -> None:  # type: ignore[no-untyped-def]
        api.force_login(cast.anders)
        assert self.uuids(api) == {str(cast.sag_erik.uuid)}
        Medarbejder.objects.filter(user=cast.anders).update(myndighed_team=cast.team_syd)
        assert self.uuids(api) == {str(cast.sag_gitte.uuid)}

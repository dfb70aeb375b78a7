"""Worklist pages: ordering, scope and a fixed query count."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from tests.factories import make_borger, make_sag
from tests.tilsyn import builders as b
from tilsyn.services.frister import frister_scan

pytestmark = pytest.mark.django_db


def _tasks(cast, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        sag = cast.sag_erik if i == 0 else make_sag(make_borger("Test", f"Borger{i}", kommune=cast.kommune), cast.anna)
        b.henvendelse(sag, frist_on=date(2026, 5, 10 + i % 10))
    frister_scan(now=b.at(2026, 5, 12))


class MineOpgaverTests:
    def test_it_lists_overdue_first_and_only_my_tasks(self, cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
        _tasks(cast, 3)
        b.henvendelse(cast.sag_gitte, frist_on=date(2026, 5, 9))
        frister_scan(now=b.at(2026, 5, 12))
        client.force_login(cast.anna)
        with time_machine.travel(b.at(2026, 5, 12, 9), tick=False):
            html = client.get(reverse("tilsyn:mine-opgaver")).content.decode()
        assert html.index("10. maj") < html.index("11. maj") < html.index("12. maj")
        assert "Overskredet" in html and cast.sag_gitte.sagsnummer not in html

    @pytest.mark.parametrize("url", ["tilsyn:mine-opgaver", "tilsyn:team-opgaver"])
    def test_the_query_count_does_not_grow_with_the_rows(self, cast, ffb, client, django_assert_num_queries, url) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo if url.endswith("team-opgaver") else cast.anna)
        client.get("/")  # the first request after login stores the session's login time
        _tasks(cast, 1)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            assert client.get(reverse(url)).status_code == 200
        _tasks(cast, 25)
        with django_assert_num_queries(len(one.captured_queries)):
            assert client.get(reverse(url)).status_code == 200

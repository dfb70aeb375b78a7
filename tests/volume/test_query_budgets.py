"""Query budgets on generated volume data: the list pages and list endpoints render for each role
without N+1 patterns (django-zeal in raise mode, as in the whole suite — forced here too so a
ZEAL_RAISE=0 run still checks these; see bostotte/settings/test.py) and within a fixed query budget.

The "same count for 1 and 25 rows" tests live with each app (tests/core/views/test_sag_list.py,
tests/levering/views/test_views.py, tests/tilsyn/views/test_opgaver.py, tests/maaling/test_views.py,
tests/handleplaner/views/test_plan_views.py, tests/portal/views/…, tests/api/views/test_query_counts.py);
docs/benchmarks.md lists the coverage."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from bostotte.core.models import User
from bostotte.core.volume.generator import VolumeSeeder

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))

# (role username, url, max queries). Budgets are today's counts plus a little headroom; the
# point is that they do not depend on how many rows the user has.
PAGES = [
    ("vol-sb-001", "/sager/", 12),
    ("vol-sb-001", "/tilsyn/opgaver/", 25),
    ("vol-bo-001", "/levering/i-dag/", 15),
    ("vol-bo-001", "/levering/timer/", 20),
    ("vol-bo-001", "/levering/kalender/", 20),
    ("vol-ll-1-01", "/levering/bestillinger/", 20),
    ("vol-ll-1-01", "/levering/timer/", 20),
    ("vol-ml-01", "/maaling/", 60),
    ("vol-borger-00001", "/borger/", 20),
    ("vol-borger-00001", "/borger/besoeg/", 20),
]
API = [
    "/api/v1/borgere/",
    "/api/v1/sager/",
    "/api/v1/afgoerelser/",
    "/api/v1/bevillinger/",
    "/api/v1/bestillinger/",
    "/api/v1/handleplaner/",
    "/api/v1/frister/",
]


@pytest.mark.django_db
class QueryBudgetTests:
    def test_list_pages_have_no_n_plus_one_and_stay_within_budget(self, ffb, client) -> None:  # type: ignore[no-untyped-def]
        VolumeSeeder(borgere=40, years=1, now=NOW, log=lambda s: None).run()
        failures = []
        with time_machine.travel(NOW, tick=False), override_settings(ZEAL_RAISE=True):
            for username, url, budget in PAGES:
                client.force_login(User.objects.get(username=username))
                client.get(url)  # warm-up (content types, session)
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url)
                if response.status_code != 200:
                    failures.append(f"{username} {url}: status {response.status_code}")
                elif len(ctx.captured_queries) > budget:
                    failures.append(
                        f"{username} {url}: {len(ctx.captured_queries)} forespørgsler > {budget}"
                    )
        assert not failures, failures

    def test_api_list_endpoints_have_no_n_plus_one(self, ffb, client) -> None:  # type: ignore[no-untyped-def]
        VolumeSeeder(borgere=40, years=1, now=NOW, log=lambda s: None).run()
        client.force_login(User.objects.get(username="vol-sb-001"))
        with time_machine.travel(NOW, tick=False), override_settings(ZEAL_RAISE=True):
            counts = {}
            for url in API:
                response = client.get(url, {"antal": 25})
                assert response.status_code == 200, (url, response.status_code)
                with CaptureQueriesContext(connection) as ctx:
                    client.get(url, {"antal": 25})
                counts[url] = len(ctx.captured_queries)
        assert max(counts.values()) <= 10, counts

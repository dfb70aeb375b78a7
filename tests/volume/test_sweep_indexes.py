"""The 10-minute sweeps read only the rows still waiting, through their partial indexes (issue 10).

Each sweep's SELECT is captured as it runs and EXPLAINed with sequential scans priced out: the
plan must name the sweep's own partial index, so the sweep's cost follows the waiting rows, not
every decision, notification or export ever made."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tilsyn.maaling.services import eksportjob_sweep
from tilsyn.services.notifikation import notifikation_email_sweep
from visitation.services.brev import afgoerelse_brev_sweep

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("sweep", "table", "index"),
    [
        (afgoerelse_brev_sweep, "visitation_afgoerelse", "visitation_afg_uden_brev"),
        (notifikation_email_sweep, "tilsyn_notifikation", "tilsyn_notif_email_venter"),
        (eksportjob_sweep, "maaling_eksportjob", "maaling_eksport_aaben"),
    ],
)
def test_each_sweep_reads_through_its_partial_index(sweep, table, index) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        assert sweep() == 0
    selects = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]
    assert selects, ctx.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for sql in selects:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan

"""The myndighed's case page: every app's section, a fixed number of queries (issue 10)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bostotte.core.services.journal import journalnotat_create
from levering.services import (
    besoeg_create,
    bestilling_accept,
    indlaeggelse_create,
    tildeling_create,
)
from tests.levering import builders
from tests.levering.conftest import NOW, aware

pytestmark = pytest.mark.django_db

# The count with every section filled: session, user, the case (access function), the AccessLog
# row, the case's rows for the journal, the grants and the sections in one round trip
# (`prefetch_case_queries`, the WHO-5 answers and levering's visit hours included), the header's
# inbox count. The point is that it does not grow.
BUDGET = 6


def _case_with_delivery(cast):  # type: ignore[no-untyped-def]
    b = bestilling_accept(
        bestilling=builders.bestilling(cast.sag_erik, cast.lev_nord, now=NOW),
        actor=cast.lise,
        now=NOW,
    )
    tildeling_create(
        bestilling=b, medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW
    )
    return b


def _more(cast, b, n, first_day):  # type: ignore[no-untyped-def]
    """n visits (one a day), n journal notes and an admission per 10."""
    for i in range(n):
        day = first_day + timedelta(days=i)
        start = aware(day.year, day.month, day.day, 10)
        besoeg_create(
            bestilling=b,
            medarbejder=cast.dorte,
            starts_at=start,
            ends_at=start + timedelta(minutes=45),
            kontaktform="hjemmebesoeg",
            status="gennemfoert",
            actor=cast.dorte,
            now=NOW,
        )
        journalnotat_create(
            sag=cast.sag_erik,
            art="opkald",
            emne=f"Notat {i}",
            tekst="Tekst",
            actor=cast.anna,
            now=NOW,
        )


def _count(client, url):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


class SagDetailQueryTests:
    def test_same_query_count_for_1_and_25_visits_notes_and_admissions(
        self, cast, ffb, client
    ) -> None:  # type: ignore[no-untyped-def]
        url = reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        with time_machine.travel(aware(2026, 3, 31, 12), tick=False):
            b = _case_with_delivery(cast)
            _more(cast, b, 1, date(2026, 2, 2))
            client.force_login(cast.anna)
            client.get(url)  # warm the session
            one, body = _count(client, url)
            assert "Leverede timer mod rammen" in body and "Notat 0" in body
            _more(cast, b, 24, date(2026, 2, 3))
            indlaeggelse_create(
                sag=cast.sag_erik, indlagt_on=date(2026, 3, 2), actor=cast.dorte, now=NOW
            )
            many, body = _count(client, url)
        assert "Notat 23" in body and "indlagt nu" in body
        assert many == one
        assert one <= BUDGET

    def test_the_shared_rows_give_each_section_what_it_showed_before(
        self, cast, ffb, client
    ) -> None:  # type: ignore[no-untyped-def]
        """Visitation, levering and tilsyn read the case's bestillinger and afgørelser from one
        load: the live bestilling's goals, the order's answer and the active bevilling."""
        url = reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        with time_machine.travel(aware(2026, 3, 31, 12), tick=False):
            b = _case_with_delivery(cast)
            client.force_login(cast.anna)
            response = client.get(url)
        body = response.content.decode()
        sections = {s.get("name") or s["template"]: s for s in response.context["sections"]}
        tilsyn = sections["tilsyn"]
        assert tilsyn["har_bestilling"] and tilsyn["har_bevilling"]
        assert [m.bestilling_id for m in tilsyn["maal"]] == [b.pk]
        levering = sections["levering"]
        assert [x.pk for x in levering["bestillinger"]] == [b.pk]
        assert [t.bestilling.pk for t in levering["timer"]] == [b.pk]
        assert sections["visitation"]["tl"]["live_bestilling"] == b
        assert "Bostøtten Nord: <strong>Accepteret</strong>" in body

    def test_a_case_without_bestilling_has_no_live_order_or_goals(self, cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
        url = reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
        client.force_login(cast.anna)
        response = client.get(url)
        sections = {s.get("name") or s["template"]: s for s in response.context["sections"]}
        tilsyn = sections["tilsyn"]
        assert not tilsyn["har_bestilling"] and not tilsyn["har_bevilling"] and tilsyn["maal"] == []
        assert sections["levering"]["tom"]

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from levering.services import bestilling_accept, tildeling_create

from . import builders

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=CPH)  # Monday 2 March 2026


def aware(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return timezone.make_aware(datetime(y, m, d, hh, mm), CPH)  # noqa: DTZ001 (fold handled by make_aware)


@pytest.fixture
def erik_sendt(cast, ffb):  # type: ignore[no-untyped-def]
    """Erik's bestilling, sent to lise's leverandør (Bostøtten Nord)."""
    return builders.bestilling(cast.sag_erik, cast.lev_nord, oprettet_af=cast.anna, now=NOW)


@pytest.fixture
def erik(cast, erik_sendt):  # type: ignore[no-untyped-def]
    """Erik's bestilling accepted by lise, dorte primary bostøtte from 1 January 2026, one delmål."""
    b = bestilling_accept(bestilling=erik_sendt, actor=cast.lise, now=NOW)
    t = tildeling_create(bestilling=b, medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)
    d = builders.delmaal(b)
    return SimpleNamespace(bestilling=b, tildeling=t, delmaal=d, sag=cast.sag_erik)

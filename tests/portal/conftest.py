"""Portal test state: Erik's bestilling accepted by Bostøtten Nord, dorte assigned, planned visits.

Built with the levering services (and levering's test builders for the myndighed side)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from levering.services import besoeg_create, bestilling_accept, tildeling_create
from tests.levering import builders

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=CPH)  # Monday 2 March 2026


def erik_levering(cast, *, now: datetime = NOW) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """Erik's bestilling, dorte as primary bostøtte, a past visit and two planned ones."""

    b = builders.bestilling(cast.sag_erik, cast.lev_nord, oprettet_af=cast.anna, now=now)
    b = bestilling_accept(bestilling=b, actor=cast.lise, now=now)
    tildeling = tildeling_create(bestilling=b, medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=now)
    start = datetime(2026, 2, 26, 10, 0, tzinfo=CPH)
    past = besoeg_create(
        bestilling=b, medarbejder=cast.dorte, starts_at=start, ends_at=start + timedelta(hours=1),
        kontaktform="hjemmebesoeg", status="gennemfoert", actor=cast.dorte, now=now,
    )
    planned = []
    for days in (3, 10):
        s = datetime(2026, 3, 2 + days, 13, 0, tzinfo=CPH)
        planned.append(besoeg_create(
            bestilling=b, medarbejder=cast.dorte, starts_at=s, ends_at=s + timedelta(minutes=90),
            kontaktform="hjemmebesoeg", status="planlagt", actor=cast.dorte, now=now,
        ))
    return SimpleNamespace(bestilling=b, tildeling=tildeling, past=past, planned=planned)


@pytest.fixture
def lev(cast, ffb):  # type: ignore[no-untyped-def]
    return erik_levering(cast)


def erik_plan(cast, lev: SimpleNamespace, *, now: datetime = NOW) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """Erik's handleplan offered and written in two versions (the second not yet accepted), and
    a delmål under the bestilling's indsatsmål."""
    from handleplaner.services import handleplan_offer, handleplan_version_create  # noqa: PLC0415

    hp = handleplan_offer(sag=cast.sag_erik, tilbudt_on=date(2026, 2, 1), tilbudt_maade="moede", actor=cast.anna, now=now)
    v1 = handleplan_version_create(
        handleplan=hp, expected_nummer=0, formaal="At kunne bo i egen bolig", indsats="Bostøtte 3 timer om ugen",
        varighed="Et år", actor=cast.anna, now=now,
    )
    v2 = handleplan_version_create(
        handleplan=hp, expected_nummer=1, formaal="At kunne bo i egen bolig og komme ud blandt andre",
        indsats="Bostøtte 3 timer om ugen", varighed="Et år", aendringer="Nyt mål om fællesskab", actor=cast.anna, now=now,
    )
    delmaal = builders.delmaal(lev.bestilling, "Gå en tur hver dag")
    return SimpleNamespace(handleplan=hp, v1=v1, v2=v2, delmaal=delmaal, indsatsmaal=lev.bestilling.indsatsmaal.first())

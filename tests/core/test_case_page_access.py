"""The case page loads its case with the access function's one-case query compiled once per user
(`selectors.sag_get_for_case_page`, `access.sag_row_scope_key`, issue 10): it must answer exactly
as `Sag.objects.visible_one(user)` for every user, case and moment, also from the cache."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from bostotte.core import access, selectors
from bostotte.core.models import MYNDIGHED_ROLLER, AccessLog, Medarbejder, Sag
from bostotte.core.services.sag import sag_adgang_give
from levering.services import bestilling_accept, tildeling_create
from tests.levering import builders
from tests.levering.conftest import NOW

pytestmark = pytest.mark.django_db


def _opens(user, sag) -> bool:  # type: ignore[no-untyped-def]
    try:
        loaded = selectors.sag_get_for_case_page(user=user, uuid=sag.uuid)
    except Http404:
        return False
    assert loaded.pk == sag.pk and loaded.borger == sag.borger
    return True


@pytest.fixture(autouse=True)
def _cold_cache():  # type: ignore[no-untyped-def]
    selectors._CASE_PAGE_SQL.cache.clear()
    yield
    selectors._CASE_PAGE_SQL.cache.clear()


def test_every_user_and_case_gets_the_access_function_s_answer_cold_and_cached(cast, ffb) -> None:  # type: ignore[no-untyped-def]
    b = bestilling_accept(
        bestilling=builders.bestilling(cast.sag_erik, cast.lev_nord, now=NOW),
        actor=cast.lise,
        now=NOW,
    )
    tildeling_create(
        bestilling=b, medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW
    )
    now = timezone.now()
    sag_adgang_give(
        sag=cast.sag_gitte,
        user=cast.anders,
        udloeber_at=now + timedelta(days=3),
        begrundelse="Vikar",
        actor=cast.sofie,
        now=now,
    )
    users = (
        cast.anna,
        cast.anders,
        cast.bo,
        cast.carl,
        cast.sofie,
        cast.lise,
        cast.dorte,
        cast.lars,
        cast.hans,
        cast.ida,
        cast.erik_user,
    )
    expected = {
        (user.username, sag.sagsnummer): user.rolle in MYNDIGHED_ROLLER
        and Sag.objects.visible_one(user).filter(uuid=sag.uuid).exists()
        for user in users
        for sag in (cast.sag_erik, cast.sag_gitte)
    }
    assert sum(expected.values()) == 6  # anna, anders (team and grant), bo, carl, sofie
    logged = AccessLog.objects.count()
    for _round in ("cold", "cached"):
        got = {
            (user.username, sag.sagsnummer): _opens(user, sag)
            for user in users
            for sag in (cast.sag_erik, cast.sag_gitte)
        }
        assert got == expected, _round
    # the myndighed's users were served by the compiled query; every look was logged
    assert (("default", "sagsbehandler", cast.anna.pk)) in selectors._CASE_PAGE_SQL.cache
    assert all(v is not None for v in selectors._CASE_PAGE_SQL.cache.values())
    assert AccessLog.objects.count() == logged + 2 * 6


def test_the_time_and_the_data_are_read_on_every_call(cast) -> None:  # type: ignore[no-untyped-def]
    now = timezone.now()
    sag_adgang_give(
        sag=cast.sag_erik,
        user=cast.carl,
        udloeber_at=now + timedelta(days=3),
        begrundelse="Vikar",
        actor=cast.bo,
        now=now,
    )
    assert _opens(cast.carl, cast.sag_erik) and _opens(cast.anders, cast.sag_erik)
    with time_machine.travel(now + timedelta(days=4)):
        assert not _opens(cast.carl, cast.sag_erik)  # the grant has expired
        assert _opens(cast.carl, cast.sag_gitte)
    Medarbejder.objects.filter(user=cast.anders).update(myndighed_team=cast.team_syd)
    assert not _opens(cast.anders, cast.sag_erik) and _opens(cast.anders, cast.sag_gitte)


def test_an_inactive_user_or_a_new_role_is_not_served_from_the_cache(cast) -> None:  # type: ignore[no-untyped-def]
    assert _opens(cast.anna, cast.sag_erik)
    cast.anna.is_active = False
    assert access.sag_row_scope_key(cast.anna, timezone.now()) is None
    assert not _opens(cast.anna, cast.sag_erik)
    cast.anna.is_active = True
    cast.anna.rolle = "bostoette"
    assert not _opens(cast.anna, cast.sag_erik)  # not a myndighed role: 404 before any query


def test_a_registered_scope_with_a_branch_for_the_user_is_built_per_call(cast, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A registered scope's branch may hold values it looked up: no compile cache then."""

    def scope(user, now):  # type: ignore[no-untyped-def]
        return (
            Sag.objects.filter(pk=cast.sag_gitte.pk).order_by().values("pk")
            if user.pk == cast.anna.pk
            else None
        )

    monkeypatch.setattr(access, "_sag_scopes", [*access._sag_scopes, scope])
    now = timezone.now()
    assert access.sag_row_scope_key(cast.anna, now) is None
    assert access.sag_row_scope_key(cast.carl, now) == ("sagsbehandler", cast.carl.pk)
    assert _opens(cast.anna, cast.sag_gitte) and _opens(cast.anna, cast.sag_erik)
    assert ("default", "sagsbehandler", cast.anna.pk) not in selectors._CASE_PAGE_SQL.cache
    assert not _opens(cast.carl, cast.sag_erik)


def test_a_malformed_or_unknown_uuid_is_404(cast) -> None:  # type: ignore[no-untyped-def]
    for uuid in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        with pytest.raises(Http404):
            selectors.sag_get_for_case_page(user=cast.anna, uuid=uuid)
    assert (
        selectors.sag_get_for_case_page(user=cast.anna, uuid=str(cast.sag_erik.uuid)).pk
        == cast.sag_erik.pk
    )

"""The case list's page query (`selectors.sag_list_page`, issue 10) against the query it replaced:
`page_with_total(selectors.sag_list_visible(...), side, pr_side)`, the list's reference (the
access function `Sag.objects.visible_to` cut by the list's filters, sorted by the citizen's name).

On the mixed world of the access tests (cases in both teams, open and closed, orders to two
leverandører with a bostøtte assigned, an active and an expired grant) plus citizens with the same
name (the tie is broken by the case id), a citizen with two cases and a responsible caseworker
without a name: every member of the cast, every filter, every page number (incl. past the end,
below 1 and not a number) gives the same rows in the same order, the same page number and the
same total. The compiled-once SQL (`_LIST_SQL`) answers with the data and the time of each call."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from bostotte.core import selectors
from bostotte.core.models import Rolle, Sag, User
from bostotte.core.services.sag import sag_adgang_give
from bostotte.core.viewutils import page_with_total
from tests.access.routes import CAST_USERS
from tests.access.test_list_scope import build_mixed_world
from tests.factories import make_borger, make_sag, make_staff

pytestmark = pytest.mark.django_db

PR_SIDE = 2  # small pages, so that paging, ties and the last page are exercised
FILTERS: list[dict[str, Any]] = [
    {"status": "aaben"},
    {"status": "lukket"},
    {"status": None},
    {"status": "aaben", "mine": True},
    {"status": None, "mine": True},
    {"status": None, "q": "sen"},  # Eriksen, Enevoldsen, Carlsen …
    {"status": "aaben", "q": " ENSEN "},
    {"status": None, "q": "-0"},  # the case numbers
    {"status": None, "q": "findesikke"},
]
SIDER = [None, "2", "3", "99", "0", "x"]


def _seed(cast: Any) -> None:
    build_mixed_world(cast)
    k = cast.kommune
    for _ in range(3):  # the same name three times: ordered by the case id
        make_sag(make_borger("Jens", "Hansen", kommune=k), cast.anna, cast.team_nord)
    hansen = make_borger("Anne", "Hansen", kommune=k)
    make_sag(hansen, cast.anders, cast.team_nord)
    make_sag(hansen, cast.anna, cast.team_nord)  # two cases for one citizen
    unnamed = make_staff(
        Rolle.SAGSBEHANDLER,
        username="uden-navn",
        myndighed_team=cast.team_syd,
        first_name="",
        last_name="",
    )
    make_sag(make_borger("Åse", "Østergaard", kommune=k), unnamed, cast.team_syd)
    fornavn = make_staff(
        Rolle.SAGSBEHANDLER,
        username="kun-fornavn",
        myndighed_team=cast.team_syd,
        first_name="Kim",
        last_name="",
    )
    make_sag(make_borger("Åse", "Østergaard", kommune=k), fornavn, cast.team_syd)
    make_sag(make_borger("Bent", "Bæk", kommune=k), cast.carl, cast.team_syd)


def _old(user: Any, side: str | None, **filters: Any) -> tuple[Any, ...]:
    page = page_with_total(selectors.sag_list_visible(user=user, **filters), side, PR_SIDE)
    rows = [
        (
            s.pk,
            s.uuid,
            s.sagsnummer,
            s.status,
            s.opened_on,
            s.borger_id,
            s.borger.navn,
            s.ansvarlig_id,
            s.ansvarlig.visningsnavn,
            s.team_id,
            s.team.navn,
        )
        for s in page.object_list
    ]
    return rows, page.number, page.paginator.count, page.paginator.num_pages


def _new(user: Any, side: str | None, **filters: Any) -> tuple[Any, ...]:
    page = selectors.sag_list_page(user=user, side=side, pr_side=PR_SIDE, **filters)
    rows = [tuple(r) for r in page.object_list]
    return rows, page.number, page.paginator.count, page.paginator.num_pages


def test_the_page_query_gives_what_the_old_query_gave(cast) -> None:  # type: ignore[no-untyped-def]
    _seed(cast)
    seen_rows = 0
    for name in (*CAST_USERS, "uden-navn", "kun-fornavn"):
        user = getattr(cast, name, None) or _user(name)
        for filters in FILTERS:
            for side in SIDER:
                old, new = _old(user, side, **filters), _new(user, side, **filters)
                assert new == old, (name, filters, side)
                seen_rows += len(new[0])
    assert seen_rows > 500  # the comparison saw rows, not only empty pages
    # the fixture has what it is for: ties on the name, a caseworker without a name
    anna_all = _new(cast.anna, "1", status=None)
    assert anna_all[2] >= 8
    rows = [
        r
        for side in map(str, range(1, anna_all[3] + 1))
        for r in _new(cast.anna, side, status=None)[0]
    ]
    jens = [r[0] for r in rows if r[6] == "Jens Hansen"]
    assert len(jens) == 3 and jens == sorted(jens)
    assert [r[8] for r in _new(_user("uden-navn"), "1", status=None, mine=True)[0]] == ["uden-navn"]
    assert [r[8] for r in _new(_user("kun-fornavn"), "1", status=None, mine=True)[0]] == ["Kim"]


def test_a_page_number_beyond_postgresqls_offset_shows_the_last_page(cast) -> None:  # type: ignore[no-untyped-def]
    _seed(cast)
    rows, number, count, num_pages = _new(cast.anna, "99999999999999999999", status=None)
    assert (number, count) == (num_pages, _old(cast.anna, "1", status=None)[2])
    assert rows == _old(cast.anna, str(num_pages), status=None)[0]


def test_the_compiled_sql_sees_new_data_and_the_time_of_each_call(cast, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build_mixed_world(cast)
    now = timezone.now()
    first = _new(cast.carl, "1", status=None)
    assert selectors._LIST_SQL.cache.get(("default", Rolle.SAGSBEHANDLER, cast.carl.pk, None, False))
    built: list[Any] = []
    original = selectors._sag_list_ids
    monkeypatch.setattr(selectors, "_sag_list_ids", lambda **kw: built.append(kw) or original(**kw))
    # a new case on Carl's team and a grant that runs out tomorrow: both in the list …
    ny = make_sag(make_borger("Ny", "Nielsen", kommune=cast.kommune), cast.sofie, cast.team_syd)
    sag_adgang_give(
        sag=cast.sag_erik,
        user=cast.carl,
        udloeber_at=now + timedelta(days=1),
        begrundelse="Vikar",
        actor=cast.bo,
    )
    second = _new(cast.carl, "1", status=None)
    assert built == []  # the compiled SQL, not a new query
    assert second[2] == first[2] + 2
    assert (
        {r[0] for p in range(1, second[3] + 1) for r in _new(cast.carl, str(p), status=None)[0]}
        == set(Sag.objects.visible_to(cast.carl).values_list("pk", flat=True))
        >= {ny.pk, cast.sag_erik.pk}
    )
    # … and the grant is gone the day after tomorrow (the time is the call's, not the compile's)
    with time_machine.travel(now + timedelta(days=2)):
        later = _new(cast.carl, "1", status=None)
        assert later[2] == first[2] + 1
        assert later == _old(cast.carl, "1", status=None)
    assert built == []
    # a search is built for each call (its text is a parameter of the compiled ORM query)
    assert _new(cast.carl, "1", status=None, q="nielsen")[0][0][0] == ny.pk
    assert len(built) == 1


def _user(username: str) -> User:
    return User.objects.get(username=username)

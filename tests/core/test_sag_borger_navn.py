"""The citizen's names on the case (`Sag.borger_efternavn`/`borger_fornavn`, issue 10): kept by
the database (triggers `core_sag_borger_navn`, `core_borger_navn_til_sager`) on every way a case
or a name changes, without case history, and read by the case list from its index only."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from bostotte.core import selectors
from bostotte.core.models import Sag
from bostotte.core.services.borger import borger_update
from tests.factories import make_borger, make_sag

pytestmark = pytest.mark.django_db


def _names(sag: Sag) -> tuple[str, str]:
    return Sag.objects.values_list("borger_efternavn", "borger_fornavn").get(pk=sag.pk)


def _history(sag: Sag) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM core_sagevent WHERE pgh_obj_id = %s", [sag.pk])
        return cursor.fetchone()[0]


def test_a_new_case_gets_its_citizens_names(cast: Any) -> None:
    sag = make_sag(make_borger("Åse", "Ærø", kommune=cast.kommune), cast.anna)
    assert _names(sag) == ("Ærø", "Åse")


def test_a_rename_reaches_every_case_of_the_citizen_and_no_other_and_writes_no_case_history(
    cast: Any,
) -> None:
    borger = make_borger("Jens", "Hansen", kommune=cast.kommune)
    first, second = make_sag(borger, cast.anna), make_sag(borger, cast.anders)
    other = make_sag(make_borger("Jens", "Hansen", kommune=cast.kommune), cast.anna)
    events = _history(first)
    borger_update(
        borger=borger,
        actor=cast.anna,
        reason="navneændring",
        efternavn="Holm",
        fornavn="Jens Peter",
    )
    assert _names(first) == _names(second) == ("Holm", "Jens Peter")
    assert _names(other) == ("Hansen", "Jens")
    assert _history(first) == events  # the case itself did not change


def test_a_save_with_stale_names_and_a_move_to_another_citizen_keep_the_copy_right(
    cast: Any,
) -> None:
    borger = make_borger("Jens", "Hansen", kommune=cast.kommune)
    sag = make_sag(borger, cast.anna)
    stale = Sag.objects.get(pk=sag.pk)
    borger_update(borger=borger, actor=cast.anna, efternavn="Holm")
    stale.titel = "Ny titel"
    stale.save()  # writes every column, the old names included
    assert _names(sag) == ("Holm", "Jens")
    Sag.objects.filter(pk=sag.pk).update(borger=make_borger("Mona", "Berg", kommune=cast.kommune))
    assert _names(sag) == ("Berg", "Mona")


def test_the_case_list_follows_a_rename(cast: Any) -> None:
    a = make_sag(make_borger("Anne", "Andersen", kommune=cast.kommune), cast.anna)
    b = make_sag(make_borger("Bo", "Berg", kommune=cast.kommune), cast.anna)
    order = lambda: [
        r.pk
        for r in selectors.sag_list_page(
            user=cast.anna, mine=True, side=None, pr_side=50
        ).object_list
    ]  # noqa: E731
    assert order().index(a.pk) < order().index(b.pk)
    borger_update(borger=a.borger, actor=cast.anna, efternavn="Østergaard")
    assert order().index(a.pk) > order().index(b.pk)
    row = next(
        r
        for r in selectors.sag_list_page(
            user=cast.anna, mine=True, side=None, pr_side=50
        ).object_list
        if r.pk == a.pk
    )
    assert row.borger_navn == "Anne Østergaard"


def test_the_lists_team_and_own_case_branches_read_the_case_index_only(cast: Any) -> None:
    for i in range(3):
        make_sag(make_borger("Jens", f"Hansen{i}", kommune=cast.kommune), cast.anna)
    sql, params = selectors._sag_list_sql(cast.anna, "aaben", False, "", "default")
    with connection.cursor() as cursor:
        # as on a vacuumed table: the test's rows are new (see test_timer.py's covering-index test)
        cursor.execute("ANALYZE core_sag")
        cursor.execute(
            "UPDATE pg_class SET relallvisible = relpages WHERE oid = 'core_sag'::regclass"
        )
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute(
            "EXPLAIN " + selectors._LIST_PAGE_SQL.format(ids=sql, limit=50, offset=0), params
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using core_sag_team_status" in plan, plan
    assert "Index Only Scan using core_sag_ansvarlig_status" in plan, plan
    assert "core_borger" not in plan, plan  # the names come from the case

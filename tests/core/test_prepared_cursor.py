"""Prepared statements for the hot pages' fixed SQL (`bostotte.core.db`, `sql.prepared_cursor`,
decision 0006): the same rows as Django's cursor, seen by the execute wrappers, prepared by
PostgreSQL after psycopg's threshold, and off with DB_PREPARED_STATEMENTS=false."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock
from uuid import UUID

import pghistory
import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bostotte.core.sql import prepared_cursor, runs_prepared

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# values of the types the hot pages read: timestamps, dates, numbers, text, arrays, uuids, NULL
_SQL = (
    "SELECT %s::timestamptz, %s::date, %s::numeric, %s::text, %s::bigint[], %s::uuid, NULL::text,"
    " ARRAY[%s::date, NULL::date], DATE_TRUNC(%s, %s::timestamptz AT TIME ZONE %s)::date"
)
_PARAMS = [
    datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
    datetime(2026, 3, 29, tzinfo=UTC).date(),
    Decimal("7.25"),
    "Ærø <&>",
    [1, 2, 3],
    UUID("12345678-1234-5678-1234-567812345678"),
    datetime(2026, 1, 2, tzinfo=UTC).date(),
    "week",
    datetime(2026, 3, 29, 22, 30, tzinfo=UTC),
    "Europe/Copenhagen",
]


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return {row[0] for row in cursor.fetchall()}


def test_the_prepared_cursor_answers_as_djangos_cursor_and_is_prepared_after_five() -> None:
    assert settings.DB_PREPARED_STATEMENTS is True
    assert settings.DATABASES["default"]["OPTIONS"]["prepare_threshold"] == 5
    with connection.cursor() as cursor:
        cursor.execute(_SQL, _PARAMS)
        expected = cursor.fetchall()
    for run in range(1, 8):
        with prepared_cursor() as cursor:
            cursor.execute(_SQL, _PARAMS)
            assert cursor.fetchall() == expected, run
        prepared = any("DATE_TRUNC($8" in s for s in _prepared_names())
        assert prepared is (run > 5), run  # run 5 times as they are, prepared on the 6th
    assert expected[0][0] == datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    assert (
        expected[0][8] == datetime(2026, 3, 30, tzinfo=UTC).date()
    )  # 00:30 local time on Monday 30 March (summer time)


def test_its_statements_are_counted_like_any_other() -> None:
    with CaptureQueriesContext(connection) as ctx, prepared_cursor() as cursor:
        cursor.execute("SELECT %s::int + 1", [41])
        assert cursor.fetchone() == (42,)
    # logged with its value, as a client-bound query is (not "$1")
    assert [q["sql"] for q in ctx.captured_queries] == ["SELECT 41::int + 1"]


def test_an_error_is_djangos_and_the_connection_goes_on() -> None:
    from django.db import DataError, transaction  # noqa: PLC0415

    with pytest.raises(DataError), transaction.atomic(), prepared_cursor() as cursor:
        cursor.execute("SELECT %s::int", ["ikke et tal"])
    with prepared_cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_only_a_leading_select_runs_prepared_because_pghistory_prefixes_the_rest() -> None:
    assert runs_prepared("SELECT 1") and runs_prepared(" select 1")
    assert not runs_prepared("(SELECT 1) UNION ALL (SELECT 2)")
    assert not runs_prepared("INSERT INTO x VALUES (1)") and not runs_prepared(
        "WITH a AS (SELECT 1) SELECT 1"
    )
    # inside a history context (every request) a SELECT is left alone and runs prepared
    with pghistory.context(grund="test"):
        for _ in range(6):
            with prepared_cursor() as cursor:
                cursor.execute("SELECT %s::text || 'x'", ["a"])
                assert cursor.fetchone() == ("ax",)
    assert any("$1::text || 'x'" in s for s in _prepared_names())


def test_with_prepared_statements_off_it_is_djangos_own_cursor() -> None:
    options = {**connection.settings_dict["OPTIONS"], "prepare_threshold": None}
    with mock.patch.dict(connection.settings_dict, {"OPTIONS": options}):
        for _ in range(6):
            with prepared_cursor() as cursor:
                cursor.execute("SELECT %s::text || 'off'", ["a"])
                assert (
                    type(cursor.cursor).__name__ == "Cursor"
                )  # Django's client-side binding cursor
    assert not any("'off'" in s for s in _prepared_names())


def _threshold_with(value: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DB_PREPARED_STATEMENTS": value,
        "DJANGO_SETTINGS_MODULE": "bostotte.settings.test",
    }
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(d['ENGINE'], d['OPTIONS']['prepare_threshold'])"
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # noqa: S603 - our own interpreter and code


def test_the_setting_turns_them_off_and_a_bad_value_is_refused_in_danish() -> None:
    off = _threshold_with("false")
    assert off.returncode == 0 and off.stdout.split() == ["bostotte.core.db", "None"], off.stderr
    on = _threshold_with("")
    assert on.returncode == 0 and on.stdout.split() == ["bostotte.core.db", "5"], on.stderr
    bad = _threshold_with("måske")
    assert bad.returncode != 0 and "DB_PREPARED_STATEMENTS" in bad.stderr and "gyldig" in bad.stderr


def _pipelined_statements() -> list[tuple[str, list[Any]]]:
    return [
        (_SQL, _PARAMS),
        ("SELECT %s::int + n FROM generate_series(1, 3) n", [10]),
        ("SELECT %s::text WHERE false", ["x"]),
    ]


def test_pipelined_statements_answer_as_one_by_one_and_are_prepared() -> None:
    statements = _pipelined_statements()
    expected = []
    for sql, params in statements:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            expected.append(cursor.fetchall())
    for _ in range(7):
        assert connection.fetch_pipelined(statements) == expected
    assert expected[1] == [(11,), (12,), (13,)] and expected[2] == []
    assert any("generate_series(1, 3)" in s for s in _prepared_names())
    options = {**connection.settings_dict["OPTIONS"], "prepare_threshold": None}
    with mock.patch.dict(connection.settings_dict, {"OPTIONS": options}):
        assert connection.fetch_pipelined(statements) is None  # off: the caller sends them itself


def test_the_case_pages_batch_reads_the_same_rows_pipelined_and_joined(cast: Any) -> None:
    from bostotte.core import case_sections  # noqa: PLC0415
    from bostotte.core.models import Sag  # noqa: PLC0415
    from tests.factories import make_borger, make_sag  # noqa: PLC0415

    sag = make_sag(make_borger(kommune=cast.kommune), cast.anna)

    def batch() -> tuple[dict[Any, Any], list[str]]:
        fresh = Sag.objects.get(pk=sag.pk)
        with CaptureQueriesContext(connection) as ctx:
            case_sections.prefetch_case_queries(fresh)
        return fresh.__dict__["_case_data"][case_sections._BATCH], [q["sql"] for q in ctx.captured_queries]

    pipelined, logged = batch()
    options = {**connection.settings_dict["OPTIONS"], "prepare_threshold": None}
    with mock.patch.dict(connection.settings_dict, {"OPTIONS": options}):
        joined, logged_joined = batch()
    assert pipelined == joined
    # one query either way, logged with its values
    assert len(logged) == len(logged_joined) == 1 and logged == logged_joined and str(sag.pk) in logged[0]
    assert len(pipelined) == len(case_sections._case_queries) > 10

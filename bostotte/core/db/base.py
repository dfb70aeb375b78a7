"""Django's PostgreSQL backend with two additions (decision 0006): `prepared_cursor()`, a cursor
whose statements PostgreSQL may prepare, and `fetch_pipelined()`, several prepared SELECTs in one
round trip (the case page's batch).

Django's own cursors bind their parameters on the client (`ClientCursor`): the values are
written into the SQL text, so no two runs send the same statement and PostgreSQL plans every one
from scratch. For the hand-written statements of the hot pages (fixed SQL with parameters,
`bostotte.core.sql`), planning was up to half of their time in PostgreSQL: on bench_5000 the hours
page's one statement planned in ≈ 0.8 ms and ran in ≈ 1.3 ms. A `prepared_cursor()` binds on
the server instead; psycopg prepares a statement once the connection has run it
`prepare_threshold` times (5; setting `DB_PREPARED_STATEMENTS`), and PostgreSQL then reuses the plan where its own
rule (`plan_cache_mode = auto`) finds a generic plan as cheap as the custom ones.

With prepared statements off (`prepare_threshold` None) it is Django's ordinary cursor, so the
statements run as before: for a transaction-mode pooler that does not keep prepared statements
(pgbouncer before 1.21, or without `max_prepared_statements`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from django.db.backends.postgresql import base, operations
from django.db.backends.postgresql.psycopg_any import register_tzloader
from psycopg.pq import Format


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor: Any, sql: str, params: Any) -> str | None:  # type: ignore[override]  # Django's own returns None too
        """The SQL with its values, as Django logs a client-bound query, also for a prepared
        cursor (which sends `$1…` and the values apart) and for the case page's pipelined batch
        (whose Django cursor sends nothing itself): query logging and `CaptureQueriesContext`
        show what ran. Only called when queries are logged."""
        if isinstance(cursor, psycopg.ClientCursor) and cursor._query is not None:
            return super().last_executed_query(cursor, sql, params)
        try:
            return self.compose_sql(sql, params)
        except psycopg.errors.DataError:
            return None


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def prepare_threshold(self) -> int | None:
        """How many runs of a statement before psycopg prepares it; None: never (the setting)."""
        return self.settings_dict["OPTIONS"].get("prepare_threshold")

    def prepared_cursor(self) -> Any:
        """A cursor wrapped as `cursor()` wraps it (execute wrappers, query logging, error
        translation), binding its parameters on the server so that a statement it runs often is
        prepared; `cursor()` itself when prepared statements are off. For fixed SQL with `%s`
        parameters only: no literal `%` and no Django-only placeholders."""
        if self.prepare_threshold() is None:
            return self.cursor()
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(self._server_binding_cursor())  # type: ignore[attr-defined]  # Django's, not in the stubs

    def fetch_pipelined(
        self, statements: Sequence[tuple[str, Sequence[Any]]]
    ) -> list[list[tuple[Any, ...]]] | None:
        """The rows of each (sql, params) SELECT, sent in one round trip (psycopg's pipeline
        mode: one Sync, so one implicit transaction, as a multi-statement string would be), each
        a statement psycopg prepares after the threshold. None when prepared statements are off:
        the caller then sends its statements its own way. Runs below Django's execute wrappers:
        call it from inside one (the case page's batch, `case_sections.prefetch_case_queries`),
        so that the batch counts and logs as the one query it is."""
        if self.prepare_threshold() is None:
            return None
        self.ensure_connection()
        with self.wrap_database_errors:
            cursors = [self._server_binding_cursor() for _ in statements]
            with self.connection.pipeline():
                for cursor, (sql, params) in zip(cursors, statements, strict=True):
                    cursor.execute(sql, params)
            try:
                return [cursor.fetchall() for cursor in cursors]
            finally:
                for cursor in cursors:
                    cursor.close()

    def _server_binding_cursor(self) -> Any:
        cursor = base.ServerBindingCursor(self.connection)  # type: ignore[attr-defined]  # defined for psycopg 3 only
        # the same time zone handling as `create_cursor` (Django registers it per cursor when the
        # connection's loader disagrees)
        tzloader = self.connection.adapters.get_loader(base.TIMESTAMPTZ_OID, Format.TEXT)  # type: ignore[attr-defined]  # psycopg 3 only
        if self.timezone != tzloader.timezone:
            register_tzloader(self.timezone, cursor)
        return cursor

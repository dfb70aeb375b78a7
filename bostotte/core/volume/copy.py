"""Bulk loading with PostgreSQL COPY (psycopg 3, binary format).

Rows go through every CHECK/UNIQUE/EXCLUDE constraint, foreign key and trigger of the table, like
an INSERT. Only the pghistory event triggers are skipped (`history_off`), see docs/benchmarks.md."""
# ruff: noqa: S608  (table and column names come from model metadata, never from input)

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from typing import Any

import pghistory.trigger
import pgtrigger
from django.db import connection, models, transaction


def history_trigger_uris() -> list[str]:
    """The URIs of all pghistory event triggers (`app.Model:insert_insert`, …)."""
    return [
        f"{model._meta.label}:{trigger.name}"
        for model, trigger in pgtrigger.registered()
        if isinstance(trigger, pghistory.trigger.Event)
    ]


@contextmanager
def history_off() -> Any:
    """Skip the pghistory triggers for bulk-generated rows (they are not changes made by anyone).

    `pgtrigger.ignore` injects `set_config('pgtrigger.ignore', …, true)` in front of every query
    Django executes. The context also opens the transaction (pgtrigger's clean-up must run
    outside it, so an error rolls back cleanly). COPY goes straight to psycopg, so we run one query through Django first in
    the same transaction: the setting is transaction-local and the trigger functions read it."""
    with pgtrigger.ignore(*history_trigger_uris()), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        yield


def new_uuids(n: int) -> list[uuid.UUID]:
    raw = os.urandom(16 * n)
    return [uuid.UUID(bytes=raw[i * 16 : i * 16 + 16], version=4) for i in range(n)]


def column_types(table: str, columns: Sequence[str]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
            [table],
        )
        oids = dict(cursor.fetchall())
    return [int(oids[c]) for c in columns]


def copy_tuples(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY rows (tuples in `columns` order) into `table`. Returns the row count."""
    types = column_types(table, columns)
    cols = ", ".join(f'"{c}"' for c in columns)
    n = 0
    with (
        connection.cursor() as cursor,
        cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN (FORMAT BINARY)') as cp,
    ):
        cp.set_types(types)
        for row in rows:
            cp.write_row(row)
            n += 1
    return n


class Table:
    """A model's table for COPY from dicts keyed by attname. Fields left out get their model
    default ("" for blank text, NULL for nullable, a fresh uuid4 for `uuid`, `now` for the
    timestamps); a field without any of those must be given."""

    def __init__(self, model: type[models.Model], now: Any) -> None:
        self.model = model
        self.table = model._meta.db_table
        self.fields = [
            f for f in model._meta.concrete_fields if not (f.primary_key and f.attname != "id")
        ]
        self.columns = [f.column for f in self.fields]
        self.defaults: dict[str, Any] = {}
        self.fresh_uuid: list[str] = []
        for f in self.fields:
            if f.attname in ("created_at", "updated_at"):
                self.defaults[f.attname] = now
            elif isinstance(f, models.UUIDField) and f.has_default():
                self.fresh_uuid.append(f.attname)
            elif f.has_default():
                d = f.get_default()
                self.defaults[f.attname] = d
            elif f.null:
                self.defaults[f.attname] = None
            elif isinstance(f, models.CharField | models.TextField | models.FileField) and f.blank:
                self.defaults[f.attname] = ""

    def copy(self, rows: Iterable[dict[str, Any]]) -> int:
        rows = list(rows)
        uuids = iter(new_uuids(len(rows) * max(1, len(self.fresh_uuid))))
        attnames = [f.attname for f in self.fields]

        def gen() -> Iterable[list[Any]]:
            for r in rows:
                out = []
                for a in attnames:
                    if a in r:
                        out.append(r[a])
                    elif a in self.defaults:
                        out.append(self.defaults[a])
                    elif a in self.fresh_uuid:
                        out.append(next(uuids))
                    else:
                        raise KeyError(f"{self.table}.{a} mangler en værdi")
                yield out

        return copy_tuples(self.table, self.columns, gen())


def next_id(model: type[models.Model]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{model._meta.db_table}"')
        return int(cursor.fetchone()[0])


def sync_sequence(model: type[models.Model]) -> None:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST((SELECT MAX(id) FROM \"{table}\"), 1))",
            [table],
        )


@contextmanager
def bulk_load(table: str) -> Any:
    """The PostgreSQL bulk-load recipe ("Populating a Database": remove indexes and foreign
    keys, load, re-create them) inside the caller's transaction: secondary indexes, foreign keys,
    unique and exclusion constraints are dropped and re-created from their own definitions
    (pg_get_indexdef / pg_get_constraintdef). Re-creating them checks every loaded row at once —
    a violation aborts the whole transaction, so nothing is ever left without its constraints.
    Row triggers (the cross-table guards) and CHECK constraints stay on and run per row."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE conrelid = %s::regclass AND contype IN ('f', 'u', 'x') ORDER BY contype, conname""",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
               WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
            [table],
        )
        indexes = cursor.fetchall()
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        # Deferred FK checks of earlier rows must run before ALTER TABLE (pending trigger events).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        for _name, definition in indexes:
            cursor.execute(definition)
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")

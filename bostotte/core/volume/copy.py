"""Bulk loading with PostgreSQL COPY (psycopg 3, binary format).

Rows go through every CHECK/UNIQUE/EXCLUDE constraint, foreign key and trigger of the table, like
an INSERT. The pghistory event triggers are skipped (`history_off`); `bulk_load` replaces a
table's per-row guard triggers by set-based checks of the same rules after the load (`SetCheck`).
See docs/benchmarks.md."""
# ruff: noqa: S608  (table and column names come from model metadata, never from input)

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pghistory.trigger
import pgtrigger
from django.db import IntegrityError, connection, models, transaction
from psycopg.adapt import Dumper
from psycopg.postgres import adapters as postgres
from psycopg.pq import Format


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


def backend_cpu_seconds() -> float | None:
    """CPU seconds (user + system) used so far by this connection's PostgreSQL backend, read from
    /proc — only when the server runs on this machine; None otherwise. Parallel index-build
    workers are separate processes and not included."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # Fields 14 and 15 of proc(5) (utime, stime); index 11/12 after the ")" that ends field 2.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def new_uuids(n: int) -> list[uuid.UUID]:
    raw = os.urandom(16 * n)
    return [uuid.UUID(bytes=raw[i * 16 : i * 16 + 16], version=4) for i in range(n)]


# RFC 4122 version 4: the high nibble of byte 6 is 4, the top bits of byte 8 are 10.
_VERSION_4 = bytes((b & 0x0F) | 0x40 for b in range(256))
_VARIANT = bytes((b & 0x3F) | 0x80 for b in range(256))


def new_uuid_bytes(n: int) -> list[bytes]:
    """n random version-4 UUIDs as their 16 bytes, for COPY with `raw_uuid=True` — without a
    `uuid.UUID` object per row (the version/variant bits are set for all of them at once)."""
    raw = bytearray(os.urandom(16 * n))
    raw[6::16] = raw[6::16].translate(_VERSION_4)
    raw[8::16] = raw[8::16].translate(_VARIANT)
    data = bytes(raw)
    return [data[i : i + 16] for i in range(0, 16 * n, 16)]


class RawUUIDBinaryDumper(Dumper):
    """Binary COPY of a uuid column from its 16 bytes (`new_uuid_bytes`)."""

    format = Format.BINARY
    oid = postgres.types["uuid"].oid

    def dump(self, obj: bytes) -> bytes:
        if len(obj) != 16:
            raise ValueError("en uuid er 16 bytes")
        return obj


def column_types(table: str, columns: Sequence[str]) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
            [table],
        )
        oids = dict(cursor.fetchall())
    return [int(oids[c]) for c in columns]


def copy_tuples(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, raw_uuid: bool = False
) -> int:
    """COPY rows (tuples in `columns` order) into `table`. Returns the row count. With
    `raw_uuid`, uuid columns take 16 bytes (`new_uuid_bytes`) instead of `uuid.UUID`."""
    types = column_types(table, columns)
    cols = ", ".join(f'"{c}"' for c in columns)
    n = 0
    with connection.cursor() as cursor:
        if raw_uuid:
            # By oid only (cls None): used for this cursor's uuid columns, nowhere else.
            cursor.adapters.register_dumper(None, RawUUIDBinaryDumper)
        with cursor.copy(f'COPY "{table}" ({cols}) FROM STDIN (FORMAT BINARY)') as cp:
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


@dataclass(frozen=True)
class SetCheck:
    """A row trigger's rule, checked once for the whole table instead of once per row.

    For a bulk load `bulk_load` switches `trigger` off (`ALTER TABLE … DISABLE TRIGGER`, which is
    transactional), and after the load runs every `SetCheck.sql` of that trigger; each query
    selects the ids of the rows that break the rule (none = the rule holds). A violation raises
    IntegrityError with `message` and rolls back the whole transaction — load and trigger switch
    included — so every row in the table has passed the same rule the trigger enforces."""

    trigger: pgtrigger.Trigger
    trigger_hash: str  # pgtrigger's hash of the trigger the query was written from
    sql: str
    message: str


def _exec(sql: str, params: Sequence[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


@contextmanager
def bulk_load(
    model: type[models.Model],
    *,
    set_checks: Sequence[SetCheck] = (),
    log: Callable[[str], None] = lambda _s: None,
) -> Any:
    """The PostgreSQL bulk-load recipe ("Populating a Database": remove indexes and foreign
    keys, load, re-create them) inside the caller's transaction.

    - Secondary indexes, foreign keys, unique and exclusion constraints are dropped and re-created
      from their own definitions (pg_get_indexdef / pg_get_constraintdef), each index once (the
      unique constraints re-create their own index). Re-creating them checks every row at once.
    - The row triggers named by `set_checks` are disabled for the load and their rules checked
      afterwards with one set-based query each (see SetCheck); then they are enabled again.
    - The model's pghistory event triggers are disabled too: `history_off` already makes them
      return without writing, this only saves the per-row function call.
    - CHECK constraints and all other triggers (the append-only Protect ones) stay on, per row.
    All of it runs in a savepoint: any violation rolls the load back and leaves the table with all
    its constraints and triggers. Call it inside `history_off()` (checked). The memory settings
    (`SET LOCAL`) last until the end of the caller's transaction."""
    table = model._meta.db_table
    for check in set_checks:
        if check.trigger.compile(model).hash != check.trigger_hash:
            raise RuntimeError(
                f"{check.trigger.name} er ændret: ret den tilsvarende mængdekontrol ({check.message[:40]}…)"
            )
    guards = list(dict.fromkeys(c.trigger.get_pgid(model) for c in set_checks))
    history = [
        t.get_pgid(model)
        for m, t in pgtrigger.registered()
        if m is model and isinstance(t, pghistory.trigger.Event)
    ]
    installed = {
        r[0] for r in _exec("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass", [table])
    }
    missing = set(guards) - installed
    if missing:
        raise RuntimeError(f"{table}: triggerne {sorted(missing)} findes ikke (migrate?)")
    if history:
        # Disabling them is only the same as skipping them inside history_off().
        ignored = _exec("SELECT current_setting('pgtrigger.ignore', true)")[0][0] or ""
        if not all(h in ignored for h in history):
            raise RuntimeError(f"bulk_load({table}) skal køre inden for history_off()")
    disabled = guards + [h for h in history if h in installed]
    constraints = _exec(
        """SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
           WHERE conrelid = %s::regclass AND contype IN ('f', 'u', 'x') ORDER BY contype, conname""",
        [table],
    )
    indexes = _exec(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
           WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
        [table],
    )
    # A savepoint: if anything fails — the load, a rebuild, a check — the table gets its
    # triggers, indexes and constraints back with the rollback, even if a caller catches the error.
    with transaction.atomic():
        # Index builds sort in memory (the default 64 MB spills to disk); one parallel worker
        # next to the leader uses the second core. The checks' window sort likewise (work_mem).
        _exec("SET LOCAL maintenance_work_mem = '1GB'")
        _exec("SET LOCAL max_parallel_maintenance_workers = 1")
        _exec("SET LOCAL work_mem = '256MB'")
        _exec("SET LOCAL jit = off")  # the check queries are big but simple; compiling costs more
        # Deferred FK checks of earlier rows must run before ALTER TABLE (pending trigger events).
        _exec("SET CONSTRAINTS ALL IMMEDIATE")
        for name in disabled:
            _exec(f'ALTER TABLE "{table}" DISABLE TRIGGER "{name}"')
        for name, _definition in constraints:
            _exec(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            _exec(f"DROP INDEX {name}")
        yield
        t = time.monotonic()
        for _name, definition in indexes:
            _exec(definition)
        for name, definition in constraints:
            if not definition.startswith("FOREIGN KEY"):
                _exec(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        log(f"    indekser og unikke constraints: {time.monotonic() - t:.1f} s")
        t = time.monotonic()
        for name, definition in constraints:
            if definition.startswith("FOREIGN KEY"):
                _exec(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
        log(f"    fremmednøgler: {time.monotonic() - t:.1f} s")
        t = time.monotonic()
        for check in set_checks:
            n_bad, first_bad = _exec(f"SELECT count(*), min(id) FROM ({check.sql}) AS bad")[0]
            if n_bad:
                raise IntegrityError(f"{check.message} ({n_bad} rækker, fx id {first_bad})")
        log(f"    triggerreglerne kontrolleret for hele tabellen: {time.monotonic() - t:.1f} s")
        for name in disabled:
            _exec(f'ALTER TABLE "{table}" ENABLE TRIGGER "{name}"')
        _exec("SET CONSTRAINTS ALL DEFERRED")

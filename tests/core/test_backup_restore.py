"""Backup and restore (docs/operations.md): pg_dump -Fc, pg_restore into an empty database,
and the same data, history and access log come back."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from bostotte.core.services.accesslog import accesslog_record
from bostotte.core.services.journal import journalnotat_create

pytestmark = pytest.mark.django_db(transaction=True)

TABLES = ["core_borger", "core_sag", "core_journalnotat", "core_accesslog", "core_borgerevent", "core_sagevent", "core_journalnotatevent"]


def _conninfo(dbname: str) -> dict[str, str]:
    s = connection.settings_dict
    return {"host": s["HOST"] or "127.0.0.1", "port": str(s["PORT"] or 5432), "user": s["USER"] or "postgres", "dbname": dbname}


def _snapshot(dbname: str) -> dict[str, list[tuple]]:  # type: ignore[type-arg]
    out = {}
    with psycopg.connect(**_conninfo(dbname)) as conn:
        for table in TABLES:
            rows = conn.execute(f"SELECT md5(t::text) FROM {table} t ORDER BY 1").fetchall()  # noqa: S608 - fixed table names
            out[table] = rows
    return out


def test_a_restore_into_an_empty_database_has_the_same_data_history_and_access_log(cast, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    journalnotat_create(sag=cast.sag_erik, art="opkald", emne="Opkald", tekst="Erik ringede.", actor=cast.anna)
    accesslog_record(actor=cast.anna, borger=cast.erik, sag=cast.sag_erik, art="visning", formaal="Test", view_name="test")
    source = connection.settings_dict["NAME"]
    target = f"restore_{uuid.uuid4().hex[:8]}"
    dump = tmp_path / "bostotte.dump"
    info = _conninfo(source)
    base = ["-h", info["host"], "-p", info["port"], "-U", info["user"]]
    subprocess.run(["pg_dump", *base, "-Fc", "-f", str(dump), source], check=True, timeout=120)
    subprocess.run(["createdb", *base, target], check=True, timeout=60)
    try:
        subprocess.run(["pg_restore", *base, "--no-owner", "-d", target, str(dump)], check=True, timeout=300)
        before, after = _snapshot(source), _snapshot(target)
        assert after == before
        assert len(after["core_accesslog"]) == 1 and len(after["core_borgerevent"]) >= 2
        # The append-only guards come back too.
        with psycopg.connect(**_conninfo(target)) as conn, pytest.raises(psycopg.Error):
            conn.execute("DELETE FROM core_accesslog")
    finally:
        subprocess.run(["dropdb", *base, "--if-exists", target], check=False, timeout=60)

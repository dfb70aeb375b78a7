from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import sql
from django.utils import timezone

from ..logging import request_id_var
from ..models import AccessLog, Borger, Sag, User

# The row's columns, in the model's order (the id comes back from the INSERT).
_FIELDS = tuple(f for f in AccessLog._meta.local_concrete_fields if not f.primary_key)
_insert_sql: dict[str, str | None] = {}


def _compiled_insert(using: str) -> str | None:
    """The ORM's own INSERT … RETURNING id for one AccessLog row, compiled once per database
    (issue 10: the case page, the visit form and the portal each write a row, and building the
    insert through `objects.create` cost more Python than the insert itself). Kept only when its
    parameters are the row's values in `_FIELDS` order, checked with a marker row; None means
    "use `objects.create`"."""
    marker = AccessLog(
        at=datetime(1901, 2, 3, 4, 5, 6, 739_120, tzinfo=UTC), actor_id=-739_120_739, rolle="m-rolle",
        borger_id=-391_204_391, sag_id=-1_204_391, art="m-art", formaal="m-formaal", view_name="m-side", request_id="m-rid",
    )
    query = sql.InsertQuery(AccessLog)
    query.insert_values(list(_FIELDS), [marker])
    compiler = query.get_compiler(using=using)
    compiler.returning_fields = [AccessLog._meta.pk]
    compiled = compiler.as_sql()
    if len(compiled) != 1:
        return None
    statement, params = compiled[0]
    expected = [getattr(marker, f.attname) for f in _FIELDS]
    return statement if list(params) == expected and statement.rstrip().endswith('RETURNING "core_accesslog"."id"') else None


def accesslog_record(
    *,
    actor: User | None,
    borger: Borger,
    art: str,
    formaal: str,
    view_name: str,
    sag: Sag | None = None,
    now: datetime | None = None,
) -> AccessLog:
    """One row per look at a citizen's data (detail view, document, export, CPR lookup)."""
    row: dict[str, Any] = {
        "at": now or timezone.now(),
        "actor": actor,
        "rolle": getattr(actor, "rolle", "") if actor else "system",
        "borger": borger,
        "sag": sag,
        "art": art,
        "formaal": formaal[:200],
        "view_name": view_name[:100],
        "request_id": request_id_var.get() if request_id_var.get() != "-" else "",
    }
    using = DEFAULT_DB_ALIAS
    if using not in _insert_sql:
        _insert_sql[using] = _compiled_insert(using)
    statement = _insert_sql[using]
    if statement is None:
        return AccessLog.objects.create(**row)
    log = AccessLog(**row)
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute(statement, [f.get_db_prep_save(getattr(log, f.attname), connection) for f in _FIELDS])
        log.pk = cursor.fetchone()[0]
    log._state.adding = False
    log._state.db = using
    return log

"""Panels on the case page contributed by the BUM apps (registered in AppConfig.ready)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, TypeVar, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat
from django.utils.html import escape
from django.utils.translation import get_language, gettext

# A section returns None (nothing to show) or a dict for templates/core/sag_detail.html: either
# {"template": name, …} (the template is included with `section` = the dict) or {"html": SafeString,
# …}, HTML written in Python (every value escaped) that the page prints as it is (issue 10).
Section = Callable[[HttpRequest, Any], dict[str, object] | None]
T = TypeVar("T")
M = TypeVar("M", bound=Model)
_sections: list[tuple[int, Section]] = []


def register_case_section(section: Section, *, order: int = 50) -> None:
    if all(s is not section for _o, s in _sections):
        _sections.append((order, section))


def sections_for(request: HttpRequest, sag: Any) -> list[dict[str, object]]:
    prefetch_case_queries(sag)
    out = []
    for _order, section in sorted(_sections, key=lambda t: t[0]):
        data = section(request, sag)
        if data is not None:
            out.append(data)
    return out


def case_data(sag: Any, key: str, load: Callable[[], T]) -> T:
    """Rows several sections need (the case's bestillinger, afgørelser, admissions), loaded once
    per case page instead of once per section. The memo lives on the `Sag` instance, which the
    case page loads through the access function for each request, so it never outlives the
    request. `key` is namespaced by the owning app, e.g. "visitation.bestillinger"."""
    memo: dict[str, Any] = sag.__dict__.setdefault("_case_data", {})
    if key not in memo:
        memo[key] = load()
    return memo[key]  # type: ignore[no-any-return]


# A case id no row has: `CaseQuery` compiles its queryset with it and finds it in the parameters.
_SAG_ID_MARK = -7_391_204_113
_BATCH = "core.case_queries"
_case_queries: list[CaseQuery | CaseStatement] = []


class CaseQuery:
    """A `.values_list()` queryset over one case's rows for the case page, compiled to SQL once
    per process and database and then run with each page's case id. The case page ran ~15 small
    queries for its sections; building and compiling each through the ORM was ~85 % of its CPU
    (~0.5 ms against ~0.07 ms for the execute and fetch), and each was a round trip (issue 10).
    The queryset must not depend on anything but the case id (no `now()`, no user): every other
    parameter is frozen at the first call.

        _TILSYN = CaseQuery(lambda sag_id: Tilsyn.objects.filter(sag_id=sag_id).values_list("uuid", "udfoert_on"))
        rows = _TILSYN.rows(sag)   # [(UUID, date), …], the same as list(queryset)

    Every CaseQuery takes part in `prefetch_case_queries`: the case page runs them all for its
    case in one round trip, and `rows` then reads the result. Rows are what psycopg returns
    (`values_list` without converters: no custom `from_db_value` fields), so use it for plain
    columns (ids, text, numbers, dates, uuids, booleans)."""

    def __init__(self, build: Callable[[int], Any]) -> None:
        self._build = build
        self._sql: dict[str, tuple[str, tuple[Any, ...], tuple[int, ...]]] = {}
        _case_queries.append(self)

    def statement(self, sag_id: int, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list[Any]]:
        """The SQL and parameters for this case."""
        compiled = self._sql.get(using)
        if compiled is None:
            sql, params = self._build(_SAG_ID_MARK).query.get_compiler(using=using).as_sql()
            marks = tuple(i for i, p in enumerate(params) if p == _SAG_ID_MARK)
            if not marks:
                raise ValueError("CaseQuery: the queryset does not filter on the case id")
            compiled = self._sql[using] = (sql, tuple(params), marks)
        sql, frozen, marks = compiled
        args = list(frozen)
        for i in marks:
            args[i] = sag_id
        return sql, args

    def batch_statement(self, sag: Any, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list[Any]]:
        return self.statement(sag.pk, using)

    def rows(self, sag: Any, *, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        """The rows for `sag` (a loaded `Sag`): from the page's prefetch if it ran, else a query."""
        return _batched_rows(self, sag, using)


class CaseStatement:
    """A statement in the case page's batch (`prefetch_case_queries`) whose parameters depend on
    more than the case id: `build(sag)` returns the SQL (a fixed string, values only as
    parameters) and the parameters for the loaded case, e.g. a window of dates around today.
    Whatever the section needs to agree with the statement (the day) it should read through
    `case_data`, so both see the same value. `rows` reads the batch's result, or runs the
    statement alone."""

    def __init__(self, build: Callable[[Any], tuple[str, list[Any]]]) -> None:
        self._build = build
        _case_queries.append(self)

    def batch_statement(self, sag: Any, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list[Any]]:
        return self._build(sag)

    def rows(self, sag: Any, *, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        return _batched_rows(self, sag, using)


def _batched_rows(query: CaseQuery | CaseStatement, sag: Any, using: str) -> list[tuple[Any, ...]]:
    """`query`'s rows for `sag`: from the page's batch if it ran, else the statement alone."""
    prefetched = sag.__dict__.get("_case_data", {}).get(_BATCH)
    if prefetched is not None and query in prefetched:
        return prefetched[query]  # type: ignore[no-any-return]
    sql, args = query.batch_statement(sag, using)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


def prefetch_case_queries(sag: Any, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """Run every `CaseQuery` for this case in one round trip (as prepared statements in a psycopg
    pipeline, `fetch_pipelined`; with prepared statements off, joined with ";", which psycopg's
    client-side binding sends as one simple query, one result set each) and keep
    the rows on the `Sag` instance for the rest of the request (like `case_data`). Call it after
    any write the page shows (the case page reads only)."""
    memo: dict[str, Any] = sag.__dict__.setdefault("_case_data", {})
    queries = list(_case_queries)
    if _BATCH in memo or not queries:
        return
    statements = [q.batch_statement(sag, using) for q in queries]
    sets: list[list[tuple[Any, ...]]] = []

    connection = connections[using]
    pipelined = getattr(connection, "fetch_pipelined", None)

    def collect(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
    ) -> None:
        # With prepared statements on (decision 0006), the statements go as a psycopg pipeline:
        # still one round trip, and each a prepared statement, which PostgreSQL need not plan
        # again (≈ 2.5 → 0.65 ms for the case page's 24 on bench_5000). Sent from here, inside
        # the execute wrappers, the batch still counts and logs as one query.
        found = pipelined(statements) if pipelined is not None else None
        if found is not None:
            sets.extend(found)
            return
        # The innermost execute wrapper reads every result set at once: an outer one may move
        # the cursor on to the last set (pghistory's context wrapper does, after any statement).
        execute(sql, params, many, context)
        driver_cursor = context["cursor"].cursor
        sets.append(driver_cursor.fetchall())
        while driver_cursor.nextset():
            sets.append(driver_cursor.fetchall())

    with connection.execute_wrapper(collect), connection.cursor() as cursor:
        cursor.execute(
            ";\n".join(sql for sql, _args in statements),
            [a for _sql, args in statements for a in args],
        )
    if len(sets) != len(queries):
        raise RuntimeError(
            f"prefetch_case_queries: {len(sets)} result sets for {len(queries)} queries"
        )
    memo[_BATCH] = dict(zip(queries, sets, strict=True))


def case_instances(
    model: type[M],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> list[M]:
    """Model instances from `CaseQuery` rows whose first columns are the model's `fields`
    (attnames, with "id"); any other field loads on access (deferred), like `.only()`. For
    templates and code that want the model's methods (`get_status_display`, FileField …)."""
    order = [f.attname for f in model._meta.concrete_fields if f.attname in fields]
    index = [list(fields).index(name) for name in order]
    return [model.from_db(using, order, [row[i] for i in index]) for row in rows]


# The sections' rows are formatted in Python (issue 10); these give what `get_FOO_display()`,
# `|date` and `reverse` give, built once per language (and URL prefix) instead of once per row:
# `get_FOO_display()` rebuilds and hashes the field's choices on each call, `dateformat` looks
# the month name up through gettext, and they were a third of the sections' own time.
_formats: dict[tuple[Any, ...], Any] = {}


def field_labels(model: type[Model], field: str) -> dict[Any, str]:
    """{value: label} of `model.field`'s choices in the active language; print
    `labels.get(value, value)` for `get_<field>_display()`."""
    key = ("labels", model, field, get_language())
    labels = _formats.get(key)
    if labels is None:
        flat = cast("Field[Any, Any]", model._meta.get_field(field)).flatchoices
        labels = _formats[key] = {value: str(label) for value, label in flat}
    return labels  # type: ignore[no-any-return]


def date_text(value: date | None, fmt: str) -> str:
    """`dateformat.format(value, fmt)` for a date and fmt "j. F Y" or "j. b Y" ("" for None)."""
    if value is None:
        return ""
    code = {"j. F Y": "F", "j. b Y": "b"}[fmt]
    key = ("months", code, get_language())
    months = _formats.get(key)
    if months is None:
        months = _formats[key] = [dateformat.format(date(2000, m, 1), code) for m in range(1, 13)]
    return f"{value.day}. {months[value.month - 1]} {value.year:04d}"


def month_names(code: str) -> list[str]:
    """The twelve month names `dateformat` prints for "F" (full) or "b" (short) in the active
    language, the table `date_text` uses: for a list that formats many dates itself."""
    key = ("months", code, get_language())
    months = _formats.get(key)
    if months is None:
        months = _formats[key] = [dateformat.format(date(2000, m, 1), code) for m in range(1, 13)]
    return months  # type: ignore[no-any-return]


ZERO_UUID = "00000000-0000-0000-0000-000000000000"


def uuid_url(name: str, uuid: object) -> str:
    """`reverse(name, kwargs={"uuid": uuid})` for a URL whose only argument is a uuid."""
    key = ("url", name, get_script_prefix(), get_urlconf(), get_language())
    url = _formats.get(key)
    if url is None:
        url = _formats[key] = reverse(name, kwargs={"uuid": ZERO_UUID})
    return url.replace(ZERO_UUID, str(uuid))  # type: ignore[no-any-return]


def section_texts(msgids: tuple[str, ...]) -> dict[str, str]:
    """{msgid: escaped translation} in the active language, what `{% translate msgid %}` prints,
    built once per language: a section written in Python (issue 10) looks its fixed texts up
    here instead of through gettext on every page. Mark the msgids with `gettext_noop`."""
    key = ("texts", msgids, get_language())
    texts = _formats.get(key)
    if texts is None:
        texts = _formats[key] = {msgid: escape(gettext(msgid)) for msgid in msgids}
    return texts  # type: ignore[no-any-return]


def csrf_input(request: HttpRequest) -> str:
    """What `{% csrf_token %}` prints, for a form in a section written in Python."""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'

"""SQL helpers for the hot read paths (decision 0005): a query compiled once and re-run with
new values, per user (`PerUserSql`) or for everyone (`FixedSql`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

from .access import sag_row_scope_key
from .models import User

# Marker values, unlikely to be a real parameter: the first value of every compiled query is the
# time (the access branches' grant expiry), a uuid may follow.
NOW_MARKS = (
    datetime(1901, 2, 3, 4, 5, 6, 739_120, tzinfo=UTC),
    datetime(1902, 3, 4, 5, 6, 7, 391_204, tzinfo=UTC),
)

Compiled = tuple[str, tuple[Any, ...], dict[int, int]]


def prepared_cursor(using: str = DEFAULT_DB_ALIAS) -> Any:
    """A cursor for fixed SQL with `%s` parameters that runs often: PostgreSQL prepares the
    statement after a few runs and may then skip planning it (`bostotte.core.db`, decision 0006);
    the ordinary cursor when prepared statements are off or the backend is another.

    Only for statements that begin with SELECT: while a history context is open (every request,
    `BostotteHistoryMiddleware`), pghistory puts its `set_config(…);` in front of any other
    statement, and a prepared statement holds one command (`runs_prepared`)."""
    connection = connections[using]
    prepared = getattr(connection, "prepared_cursor", None)
    return prepared() if prepared is not None else connection.cursor()


def fetch_all(sql: str, params: list[Any], using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
    """The rows of one read: through `prepared_cursor` when it may run prepared
    (`runs_prepared`), else through the ordinary cursor."""
    with prepared_cursor(using) if runs_prepared(sql) else connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def runs_prepared(sql: str) -> bool:
    """May `sql` run through `prepared_cursor`? Only a statement that begins with SELECT, which
    pghistory leaves alone (its `IGNORED_SQL_PREFIXES`); a UNION written `(SELECT …) UNION …`
    or a write would get its context prepended (two commands)."""
    return sql[:7].lstrip().upper().startswith("SELECT")


def compiled_sql(qs: QuerySet[Any], using: str = DEFAULT_DB_ALIAS) -> tuple[str, list[Any]] | None:
    """The queryset's SQL and parameters, or None when it can match nothing (Django does not
    compile an empty condition: EmptyResultSet)."""
    try:
        sql, params = qs.query.get_compiler(using=using).as_sql()
    except EmptyResultSet:
        return None
    return sql, list(params)


class PerUserSql:
    """A queryset built from the access function for one user, compiled to SQL once per
    (database, role, user, *extra) and then run with new values.

    `build(user, now, *values, *extra)` makes the queryset; `marks` holds, per value after
    `now`, two marker values. A compile is cached only when the access module says its SQL
    depends on nothing but the user's role and id and the time (`access.sag_row_scope_key`,
    checked for both marker times) and when two compiles with different markers give the same
    SQL with parameters that differ exactly at the markers; the values in `required` (indexes
    into `(now, *values)`) must appear. Otherwise the queryset is built on every call. The
    relationships are subqueries in the SQL, so a team move or an expired grant takes effect at
    once. Per process, at most `max_entries` users × extras; then it starts over."""

    def __init__(
        self,
        build: Callable[..., QuerySet[Any]],
        marks: tuple[tuple[Any, ...], tuple[Any, ...]] = ((), ()),
        *,
        required: frozenset[int] = frozenset(),
        max_entries: int = 2_000,
    ) -> None:
        self.build = build
        self.marks = ((NOW_MARKS[0], *marks[0]), (NOW_MARKS[1], *marks[1]))
        self.required = required
        self.max_entries = max_entries
        self.cache: dict[tuple[Any, ...], Compiled | None] = {}

    def sql(
        self, user: User, now: datetime, *values: Any, extra: tuple[Any, ...] = (), using: str = DEFAULT_DB_ALIAS
    ) -> tuple[str, list[Any]] | None:
        """SQL and parameters of `build(user, now, *values, *extra)` on `using`; None when the
        queryset can match nothing (the access function's NOTHING, e.g. for an inactive user)."""
        key = sag_row_scope_key(user, now)
        if key is not None:
            cache_key = (using, *key, *extra)
            if cache_key not in self.cache:
                if len(self.cache) >= self.max_entries:
                    self.cache.clear()
                self.cache[cache_key] = self._compile(user, key, extra, using)
            compiled = self.cache[cache_key]
            if compiled is not None:
                sql, frozen, where = compiled
                given = (now, *values)
                return sql, [given[where[i]] if i in where else p for i, p in enumerate(frozen)]
        return compiled_sql(self.build(user, now, *values, *extra), using)

    def _compile(self, user: User, key: tuple[str, int], extra: tuple[Any, ...], using: str) -> Compiled | None:
        compiled = []
        for marks in self.marks:
            if sag_row_scope_key(user, marks[0]) != key:
                return None
            found = compiled_sql(self.build(user, *marks, *extra), using)
            if found is None:
                return None
            compiled.append((found[0], tuple(found[1])))
        return _checked(compiled, self.marks, self.required)


def _checked(
    compiled: list[tuple[str, tuple[Any, ...]]], marks: tuple[tuple[Any, ...], tuple[Any, ...]], required: frozenset[int]
) -> Compiled | None:
    """The compile to keep from two compiles made with `marks[0]` and `marks[1]`: only when
    they give the same SQL with parameters that differ exactly at the markers and every value
    in `required` (indexes into the marks) appears; None otherwise."""
    (sql, first), (sql_again, second) = compiled
    where = {i: j for i, p in enumerate(first) for j, m in enumerate(marks[0]) if p == m}
    same = (
        sql == sql_again
        and len(first) == len(second)
        and all(
            b == (marks[1][where[i]] if i in where else a)
            for i, (a, b) in enumerate(zip(first, second, strict=True))
        )
    )
    return (sql, first, where) if same and required <= set(where.values()) else None


class FixedSql:
    """A queryset whose SQL depends on nothing but its values (no user, no access branches),
    compiled once per database and then run with new values: the queries every request makes
    (session, user, unread count) spent more time being built and compiled by the ORM than in
    PostgreSQL (issue 10).

    `build(*values)` makes the queryset; `marks` holds two marker values per value. The compile
    is kept only when the two compiles give the same SQL with parameters that differ exactly at
    the markers and every value appears; otherwise the queryset is built on every call, so a
    wrong `build` costs speed, never a wrong answer. `rows()` runs it through the connection's
    `prepared_cursor`, wrapped like any cursor, so execute wrappers (query counts, zeal,
    pghistory) see it as before."""

    def __init__(self, build: Callable[..., QuerySet[Any]], marks: tuple[tuple[Any, ...], tuple[Any, ...]]) -> None:
        self.build = build
        self.marks = marks
        self.cache: dict[str, Compiled | None] = {}

    def sql(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list[Any]] | None:
        """SQL and parameters of `build(*values)` on `using`; None when it can match nothing."""
        if using not in self.cache:
            self.cache[using] = self._compile(using)
        compiled = self.cache[using]
        if compiled is None:
            return compiled_sql(self.build(*values), using)
        sql, frozen, where = compiled
        return sql, [values[where[i]] if i in where else p for i, p in enumerate(frozen)]

    def rows(self, *values: Any, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        """The rows of `build(*values)`, as tuples of the queryset's columns."""
        found = self.sql(*values, using=using)
        if found is None:
            return []
        return fetch_all(*found, using=using)

    def _compile(self, using: str) -> Compiled | None:
        compiled = []
        for marks in self.marks:
            found = compiled_sql(self.build(*marks), using)
            if found is None:
                return None
            compiled.append((found[0], tuple(found[1])))
        return _checked(compiled, self.marks, frozenset(range(len(self.marks[0]))))

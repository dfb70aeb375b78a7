"""The session engine (settings.SESSION_ENGINE): Django's database sessions, with the session
row read by a query compiled once (issue 10).

Every request reads its session row. `Session.objects.get(...)` built and compiled the same
query on each request, which cost more Python than PostgreSQL spent on it; here it is
compiled once (`sql.FixedSql`, checked with marker values) and re-run with the key and the
time. Everything else – writing, expiry, cycling the key – is Django's `db.SessionStore`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from .sql import FixedSql

_FIELDS = ("session_key", "session_data", "expire_date")

# The row of a key that has not expired: (key, now) → the session's columns.
_SESSION_ROW = FixedSql(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now).values_list(*_FIELDS),
    (
        ("fixedsql-marker-key-739120", datetime(1901, 2, 3, 4, 5, 6, 739_120, tzinfo=UTC)),
        ("fixedsql-marker-key-391204", datetime(1902, 3, 4, 5, 6, 7, 391_204, tzinfo=UTC)),
    ),
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        """The session row if the key exists and has not expired; otherwise None, and the key is
        forgotten (a new session gets a new key), as in Django's `db.SessionStore`."""
        key = self.session_key
        rows = _SESSION_ROW.rows(key, timezone.now(), using=router.db_for_read(Session)) if key else []
        if not rows:
            self._session_key = None
            return None
        return Session(**dict(zip(_FIELDS, rows[0], strict=True)))

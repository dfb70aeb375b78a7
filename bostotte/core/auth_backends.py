"""The password login's backend (settings.AUTHENTICATION_BACKENDS): Django's ModelBackend, with
the user of a session read by a query compiled once (issue 10).

AuthenticationMiddleware loads the session's user on every request, and
`User.objects.get(pk=…)` spent more Python building and compiling the query than PostgreSQL
spent running it. Here it is compiled once (`sql.FixedSql`) and the instance is built from the
row as the ORM does (`Model.from_db`). Who may log in is unchanged: `user_can_authenticate`
still refuses an inactive user, on every request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import backends
from django.db import router

from .models import User
from .sql import FixedSql

_FIELDS = tuple(f.attname for f in User._meta.concrete_fields)
_USER_ROW = FixedSql(
    lambda pk: User._default_manager.filter(pk=pk).values_list(*_FIELDS),
    ((-739_120_739,), (-391_204_391,)),
)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)  # type: ignore[union-attr]
        except Exception:  # noqa: BLE001  (a malformed id in a session is no user, as in Django)
            return None
        using = router.db_for_read(User)
        rows = _USER_ROW.rows(pk, using=using)
        if not rows:
            return None
        user = User.from_db(using, _FIELDS, rows[0])
        return user if self.user_can_authenticate(user) else None

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, transaction

from bostotte.core.logging import request_id_var
from bostotte.core.models import AccessLog
from bostotte.core.services import accesslog
from bostotte.core.services.accesslog import accesslog_record

pytestmark = pytest.mark.django_db


class AccessLogTests:
    def test_it_is_append_only_at_the_database_level(self, cast) -> None:  # type: ignore[no-untyped-def]
        row = accesslog_record(actor=cast.anna, borger=cast.erik, sag=cast.sag_erik, art="visning", formaal="Test", view_name="test")
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLog.objects.filter(pk=row.pk).update(formaal="ændret")
        with pytest.raises(DatabaseError), transaction.atomic():
            AccessLog.objects.filter(pk=row.pk).delete()
        assert AccessLog.objects.get(pk=row.pk).formaal == "Test"

    def test_detail_views_log_one_row_with_purpose_and_request_id(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.anna)
        response = client.get(f"/sager/{cast.sag_erik.uuid}/")
        assert response.status_code == 200
        row = AccessLog.objects.get(borger=cast.erik)
        assert row.actor == cast.anna and row.rolle == "sagsbehandler" and row.sag == cast.sag_erik
        assert row.formaal == "Sagsbehandling: visning af sagen"
        assert row.request_id == response["X-Request-ID"]

    def test_list_pages_do_not_log_per_row(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.anna)
        assert client.get("/sager/").status_code == 200
        assert AccessLog.objects.count() == 0


class AccessLogCompiledInsertTests:
    """`accesslog_record` writes with the ORM's own INSERT compiled once (issue 10): the row must
    be exactly what `AccessLog.objects.create` writes, and the database's rules still apply."""

    def test_the_row_equals_the_orm_s(self, cast) -> None:  # type: ignore[no-untyped-def]
        at = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
        token = request_id_var.set("rid-æøå")
        try:
            fast = accesslog_record(actor=cast.anna, borger=cast.erik, sag=cast.sag_erik, art="visning", formaal="Å" * 250, view_name="v" * 150, now=at)
            none = accesslog_record(actor=None, borger=cast.gitte, art="eksport", formaal="System", view_name="job", now=at)
        finally:
            request_id_var.reset(token)
        assert accesslog._insert_sql["default"] is not None  # the compiled insert was used
        orm = AccessLog.objects.create(
            at=at, actor=cast.anna, rolle="sagsbehandler", borger=cast.erik, sag=cast.sag_erik, art="visning",
            formaal="Å" * 200, view_name="v" * 100, request_id="rid-æøå",
        )
        columns = [f.attname for f in AccessLog._meta.concrete_fields if not f.primary_key]
        saved = AccessLog.objects.values_list(*columns)
        assert saved.get(pk=fast.pk) == saved.get(pk=orm.pk)
        assert saved.get(pk=none.pk) == (at, None, "system", cast.gitte.pk, None, "eksport", "System", "job", "rid-æøå")
        assert fast._state.adding is False and fast.pk and fast.actor == cast.anna

    def test_a_bad_row_is_refused_by_the_database(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(DatabaseError), transaction.atomic():
            accesslog_record(actor=cast.anna, borger=cast.erik, art="ukendt", formaal="x", view_name="x")
        assert AccessLog.objects.count() == 0

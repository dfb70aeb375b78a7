from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction

from bostotte.core.models import AccessLog
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

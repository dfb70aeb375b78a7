from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bostotte.core.models import AccessLog
from bostotte.core.services.accesslog import accesslog_record

pytestmark = pytest.mark.django_db


def _looks(cast, n: int) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        accesslog_record(
            actor=cast.anna if i % 2 else cast.dorte, borger=cast.erik, sag=cast.sag_erik, art="visning",
            formaal="Sagsbehandling: visning af sagen" if i % 2 else "=Bostøtte: visning af planen", view_name="x",
        )


class AdgangslogViewTests:
    def test_it_shows_dates_and_purposes_but_no_staff_names(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        _looks(cast, 2)
        accesslog_record(actor=cast.carl, borger=cast.gitte, art="visning", formaal="Gittes sag", view_name="x")
        client.force_login(cast.erik_user)
        html = client.get(reverse("portal:adgangslog")).content.decode()
        assert "Sagsbehandling: visning af sagen" in html
        assert "Gittes sag" not in html
        for name in ("Anna", "Andersen", "Dorte", "Dahl", "anna", "dorte", "Sagsbehandler", "Bostøttemedarbejder"):
            assert name not in html

    def test_the_csv_has_bom_semicolons_no_names_and_is_itself_logged(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        _looks(cast, 2)
        client.force_login(cast.erik_user)
        response = client.get(reverse("portal:adgangslog-csv"))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        body = b"".join(response.streaming_content).decode("utf-8")
        assert body.startswith("\ufeffDato;Tidspunkt;Hvad skete der;Formål;Hvem")
        assert "Sagsbehandling: visning af sagen" in body
        assert "'=Bostøtte" in body  # formula injection neutralised
        for name in ("Anna", "Dorte", "anna", "dorte"):
            assert name not in body
        log = AccessLog.objects.filter(borger=cast.erik, art="eksport").get()
        assert log.actor == cast.erik_user and "Du har selv hentet" in log.formaal
        # the download shows up in the list, marked as the citizen's own
        assert "Dig selv" in body or "dig selv" in client.get(reverse("portal:adgangslog")).content.decode()

    def test_the_list_has_a_fixed_query_count(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.erik_user)
        _looks(cast, 1)
        client.get(reverse("portal:adgangslog"))  # warm up the session
        with CaptureQueriesContext(connection) as one:
            assert client.get(reverse("portal:adgangslog")).content.decode().count("<tr>") == 2
        _looks(cast, 24)
        with CaptureQueriesContext(connection) as many:
            assert client.get(reverse("portal:adgangslog")).content.decode().count("<tr>") == 26
        assert len(one.captured_queries) == len(many.captured_queries)

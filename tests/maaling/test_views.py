"""Dashboard, drill-down and CSV export views."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bostotte.core.models import AccessLog
from tilsyn.maaling import views as maaling_views
from tilsyn.maaling.exports import csv_cell, neutralise
from tilsyn.maaling.models import Eksportjob

from .builders import NOW, build

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


Q = "fra=2026-01-01&til=2026-06-30"


def read_csv(response):  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


class DashboardTests:
    def test_it_shows_numbers_charts_and_tables(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo)
        r = client.get(reverse("maaling:dashboard") + "?" + Q)
        html = r.content.decode()
        assert r.status_code == 200
        assert 'id="maaling-data" type="application/json"' in html
        assert 'role="img"' in html and "<script>" not in html.replace('<script id="maaling-data"', "")
        assert "Henvendelse → afgørelse" in html and 'scope="row"' in html
        assert reverse("maaling:drill", kwargs={"key": "ventetid_afgoerelse"}) in html

    def test_it_returns_the_partial_for_htmx_and_422_for_bad_filters(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo)
        r = client.get(reverse("maaling:dashboard") + "?" + Q, HTTP_HX_REQUEST="true")
        assert r.status_code == 200 and b"<html" not in r.content and b'id="resultater"' in r.content
        bad = client.get(reverse("maaling:dashboard") + "?fra=2026-06-30&til=2026-01-01")
        assert bad.status_code == 422 and "Slutdatoen skal ligge efter startdatoen." in bad.content.decode()

    def test_the_query_count_does_not_grow_with_data(self, cast, ffb, client, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]

        client.force_login(cast.hans)
        url = reverse("maaling:dashboard") + "?" + Q
        client.get(url)
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        build(cast)
        with CaptureQueriesContext(connection) as after:
            client.get(url)
        # the empty dashboard skips the hours selector's two queries and the assignment lookup
        assert len(after.captured_queries) - len(before.captured_queries) <= 3


class DrillTests:
    def test_it_lists_the_cases_behind_a_number_within_access(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo)
        html = client.get(reverse("maaling:drill", kwargs={"key": "ventetid_afgoerelse"}) + "?" + Q).content.decode()
        assert "Erik Eriksen" in html and "Mona Madsen" in html and "Gitte" not in html

    def test_the_analytiker_gets_no_list_below_five(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.hans)
        html = client.get(reverse("maaling:drill", kwargs={"key": "ventetid_afgoerelse"}) + "?" + Q).content.decode()
        assert "færre end 5" in html and "Erik" not in html

    def test_the_analytiker_sees_pseudonyms_only(self, data, cast, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.hans)
        # with a threshold of 2 the two cases behind the number are listed, with pseudonyms only
        monkeypatch.setattr(maaling_views, "MIN_N", 2)
        html = client.get(reverse("maaling:drill", kwargs={"key": "aflyst"}) + "?" + Q).content.decode()
        assert "P-" in html and "Erik" not in html and "Gitte" not in html and data.sag_erik.sagsnummer not in html

    def test_an_unknown_measure_is_404(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo)
        assert client.get(reverse("maaling:drill", kwargs={"key": "findes-ikke"})).status_code == 404


class CsvCellTests:
    def test_it_neutralises_formulas_in_text_only(self) -> None:
        for text in ("=SUM(A1)", "+45 12", "-2+3", "@cmd", "\tx", "\rx"):
            assert neutralise(text).startswith("'")
        assert csv_cell(-2) == "-2" and csv_cell(1.5) == "1,5" and csv_cell("Ole") == "Ole"


class CsvExportTests:
    def test_it_streams_identified_visits_with_bom_semicolons_and_decimal_commas(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo)
        before = AccessLog.objects.count()
        r = client.get(reverse("maaling:eksport-csv") + "?" + Q + "&datasaet=besoeg")
        assert r.streaming and r["Content-Type"].startswith("text/csv")
        rows = read_csv(r)
        assert rows[0][:2] == ["Sagsnummer", "Borger"]
        erik = [row for row in rows[1:] if row[1] == "Erik Eriksen"]
        assert len(erik) == 5 and {row[6] for row in erik} >= {"2,0", "1,5"}
        # one AccessLog row per citizen in the export (Erik only: Mona has no visits)
        assert AccessLog.objects.count() - before == 1
        assert AccessLog.objects.latest("id").art == "eksport"
        assert Eksportjob.objects.get().status == "faerdig"

    def test_it_neutralises_a_team_name_that_looks_like_a_formula(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        cast.team_nord.navn = "=HYPERLINK(1)"
        cast.team_nord.save(update_fields=["navn"])
        client.force_login(cast.bo)
        rows = read_csv(client.get(reverse("maaling:eksport-csv") + "?" + Q + "&datasaet=forloeb"))
        assert all(row[2] == "'=HYPERLINK(1)" for row in rows[1:])

    def test_a_pseudonymised_export_has_no_names_cpr_or_sagsnummer(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.hans)
        before = AccessLog.objects.count()
        r1 = client.get(reverse("maaling:eksport-csv") + "?" + Q + "&datasaet=besoeg")
        body = b"".join(r1.streaming_content).decode()
        for secret in ("Erik", "Eriksen", "Gitte", data.sag_erik.sagsnummer, cast.erik.cpr, cast.erik.cpr[:6]):
            assert secret not in body
        rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
        erik_pseudonyms = {row[0] for row in rows[1:] if row[4] == "Bostøtten Nord"}
        assert len(erik_pseudonyms) == 1  # stable within the export
        again = read_csv(client.get(reverse("maaling:eksport-csv") + "?" + Q + "&datasaet=besoeg"))
        assert erik_pseudonyms.isdisjoint({row[0] for row in again[1:]})  # different across exports
        assert AccessLog.objects.count() == before  # no personal data: the job row is the record
        assert Eksportjob.objects.filter(bestilt_af=cast.hans, pseudonymiseret=True).count() == 2

    def test_the_aggregated_export_suppresses_small_groups(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.hans)
        rows = read_csv(client.get(reverse("maaling:eksport-csv") + "?" + Q + "&datasaet=maal"))
        ventetid = [row for row in rows if row[1] == "Henvendelse → afgørelse"]
        assert ventetid and all(row[3] == "" and row[4] == "<5" for row in ventetid)

    def test_the_analytiker_cannot_ask_for_an_identified_export(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.hans)
        rows = read_csv(client.get(reverse("maaling:eksport-csv") + "?" + Q + "&datasaet=forloeb"))
        assert rows[0][0] == "Pseudonym"

        with pytest.raises(IntegrityError), transaction.atomic():
            Eksportjob.objects.create(bestilt_af=cast.hans, rolle="analytiker", datasaet="besoeg", format="csv", pseudonymiseret=False)

"""The visit CSV produced by PostgreSQL (COPY … TO STDOUT) is byte for byte the CSV the Python
writer makes from the same rows (`besoeg_rows` + `csv_stream`, still used for XLSX)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from bostotte.core.models import Borger
from tilsyn.maaling.exports import besoeg_csv_stream, besoeg_rows, csv_stream
from tilsyn.maaling.pseudonym import pseudonym

pytestmark = pytest.mark.django_db

SECRET = "a" * 64


def python_csv(u, secret):  # type: ignore[no-untyped-def]
    data = besoeg_rows(u, secret=secret)
    return "".join(csv_stream(data.header, data.rows))


def copy_csv(u, secret, **kw):  # type: ignore[no-untyped-def]
    return b"".join(besoeg_csv_stream(u, secret=secret, **kw)).decode("utf-8")


@pytest.fixture
def formula_names(data, cast):  # type: ignore[no-untyped-def]
    """Text that a spreadsheet would run: a team, a leverandør and a citizen's name."""
    cast.team_nord.navn = "=HYPERLINK(1)"
    cast.team_nord.save(update_fields=["navn"])
    cast.lev_privat.navn = "-Privat"
    cast.lev_privat.save(update_fields=["navn"])
    Borger.objects.filter(pk=cast.erik.pk).update(fornavn="@Erik")
    return data


class CopyExportTests:
    def test_identified_rows_equal_the_python_writer(self, formula_names, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        for user in (cast.bo, cast.sofie, cast.hans):
            u = udsnit_for(user, niveau="identificeret")
            expected = python_csv(u, None)
            assert copy_csv(u, None) == expected
            assert copy_csv(u, None, batch=2) == expected  # batching does not change the file
        body = copy_csv(udsnit_for(cast.bo), None)
        rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
        assert len(rows) > 1 and all(row[2] == "'=HYPERLINK(1)" for row in rows[1:])
        assert any(row[1] == "'@Erik Eriksen" for row in rows[1:])
        assert body.count("\r\n") == len(rows) and "\n" not in body.replace("\r\n", "")

    def test_pseudonymised_rows_equal_the_python_writer(
        self, formula_names, cast, udsnit_for
    ) -> None:  # type: ignore[no-untyped-def]
        u = udsnit_for(cast.hans)
        body = copy_csv(u, SECRET)
        assert body == python_csv(u, SECRET)
        assert "Erik" not in body and cast.sag_erik.sagsnummer not in body
        assert pseudonym(SECRET, cast.erik.pk) in body and "'-Privat" in body

    def test_a_leverandoerleder_gets_only_their_own_visits(
        self, formula_names, cast, udsnit_for
    ) -> None:  # type: ignore[no-untyped-def]
        for user, lev in ((cast.lise, cast.lev_nord), (cast.lars, cast.lev_privat)):
            u = udsnit_for(user, leverandoer_id=lev.pk, niveau="identificeret")
            body = copy_csv(u, None)
            assert body == python_csv(u, None)
            rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))[1:]
            assert rows and {row[3] for row in rows} == {
                lev.navn if lev.navn[0] != "-" else "'" + lev.navn
            }

    def test_an_empty_period_is_just_the_header(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        u = udsnit_for(cast.bo, fra=date(2020, 1, 1), til=date(2020, 12, 31))
        body = copy_csv(u, None)
        assert body == python_csv(u, None) and body.count("\r\n") == 1

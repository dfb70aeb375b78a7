"""The database itself rejects rows that break the app-assigned rules."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from bostotte.ffb import selectors
from bostotte.ffb.models import Kode, Kodesystem
from bostotte.ffb.selectors import kode_get
from bostotte.ffb.services import LoadResult
from tests.ffb.conftest import HUKOMMELSE, LAVE_MAD

pytestmark = pytest.mark.django_db


def _violates(**changes: object) -> bool:
    try:
        with transaction.atomic():
            Kode.objects.filter(code=HUKOMMELSE).update(**changes)
    except IntegrityError:
        return True
    return False


class KodeConstraintTests:
    def test_it_allows_ordinals_only_on_level_codes(self, ffb: list[LoadResult]) -> None:
        assert _violates(ordinal=1)

    def test_it_allows_kraever_funktionsevneniveau_only_on_undertemaer(
        self, ffb: list[LoadResult]
    ) -> None:
        kode = kode_get(LAVE_MAD)
        assert kode.parent is not None
        with pytest.raises(IntegrityError), transaction.atomic():
            Kode.objects.filter(pk=kode.parent.pk).update(kraever_funktionsevneniveau=True)

    def test_it_rejects_an_unknown_gruppe(self, ffb: list[LoadResult]) -> None:
        assert _violates(gruppe="ukendt")

    def test_it_rejects_a_second_current_version(self, ffb: list[LoadResult]) -> None:
        current = Kodesystem.objects.current().get(url=kode_get(LAVE_MAD).kodesystem.url)
        with pytest.raises(IntegrityError), transaction.atomic():
            Kodesystem.objects.create(url=current.url, version="1", name="FFB", is_current=True)


class CompositeForeignKeyTests:
    """Another app can enforce "funktionsevneniveau iff Aktivitet og deltagelse" in the database
    with a composite FK to (id, kraever_funktionsevneniveau) plus a CHECK, as sketched here."""

    def test_it_lets_a_composite_fk_pin_the_denormalised_flag(self, ffb: list[LoadResult]) -> None:
        lave_mad, hukommelse = kode_get(LAVE_MAD), kode_get(HUKOMMELSE)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                CREATE TABLE test_ffb_tilstand (  -- rolled back with the test
                    undertema_id bigint NOT NULL,
                    kraever_funktionsevneniveau boolean NOT NULL,
                    funktionsevneniveau_id bigint NULL REFERENCES ffb_kode (id),
                    FOREIGN KEY (undertema_id, kraever_funktionsevneniveau)
                        REFERENCES ffb_kode (id, kraever_funktionsevneniveau),
                    CHECK (kraever_funktionsevneniveau = (funktionsevneniveau_id IS NOT NULL))
                )
                """
            )
            niveau = selectors.funktionsevneniveau_by_ordinal()[2].pk
            insert = "INSERT INTO test_ffb_tilstand VALUES (%s, %s, %s)"
            cursor.execute(insert, [lave_mad.pk, True, niveau])
            cursor.execute(insert, [hukommelse.pk, False, None])
            for row in ([hukommelse.pk, True, niveau], [lave_mad.pk, False, None]):
                with pytest.raises(IntegrityError), transaction.atomic():
                    cursor.execute(insert, row)

"""`CaseQuery` / `prefetch_case_queries`: the case page's section rows in one round trip give
the same rows as each query on its own, also inside a pghistory context (whose execute wrapper
moves the cursor to the last result set)."""

from __future__ import annotations

import pghistory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bostotte.core import case_sections
from bostotte.core.models import Sag

pytestmark = pytest.mark.django_db


def _fresh(sag: Sag) -> Sag:
    return Sag.objects.get(pk=sag.pk)


@pytest.mark.parametrize("in_context", [False, True])
def test_the_prefetch_gives_each_query_its_own_rows_in_one_round_trip(
    cast, ffb, in_context
) -> None:  # type: ignore[no-untyped-def]
    from tests.portal.conftest import erik_levering  # noqa: PLC0415

    erik_levering(cast)  # a case with a bevilling, a bestilling, goals, visits, journal notes
    import bostotte.core.views  # noqa: F401, PLC0415  (the sections' modules, as on the case page)

    queries = list(case_sections._case_queries)
    assert len(queries) > 10
    alone = [q.rows(_fresh(cast.sag_erik)) for q in queries]
    assert any(alone)
    sag = _fresh(cast.sag_erik)
    with CaptureQueriesContext(connection) as ctx:
        if in_context:
            with pghistory.context(url="/sager/"):
                case_sections.prefetch_case_queries(sag)
        else:
            case_sections.prefetch_case_queries(sag)
        together = [q.rows(sag) for q in queries]
    assert len(ctx.captured_queries) == 1
    assert together == alone


def test_a_query_must_filter_on_the_case(cast) -> None:  # type: ignore[no-untyped-def]
    q = case_sections.CaseQuery(lambda sag_id: Sag.objects.values_list("id"))
    try:
        with pytest.raises(ValueError, match="does not filter on the case id"):
            q.rows(cast.sag_erik)
    finally:
        case_sections._case_queries.remove(q)


def test_the_formatting_helpers_give_what_django_gives(cast) -> None:  # type: ignore[no-untyped-def]
    """`field_labels`, `date_text` and `uuid_url` (built once per language) against
    `get_FOO_display`, `dateformat.format` and `reverse`, in Danish and English."""
    from datetime import UTC, date, datetime  # noqa: PLC0415

    from django.urls import reverse  # noqa: PLC0415
    from django.utils import dateformat, translation  # noqa: PLC0415

    from visitation.models import Henvendelse  # noqa: PLC0415

    days = [date(2026, m, d) for m in range(1, 13) for d in (1, 9, 28)] + [
        datetime(2026, 5, 3, 23, 59, tzinfo=UTC)
    ]
    for lang in ("da", "en"):
        with translation.override(lang):
            for d in days:
                for fmt in ("j. F Y", "j. b Y"):
                    assert case_sections.date_text(d, fmt) == dateformat.format(d, fmt), (
                        lang,
                        d,
                        fmt,
                    )
            labels = case_sections.field_labels(Henvendelse, "kilde")
            for value, _label in Henvendelse._meta.get_field("kilde").flatchoices:
                assert labels[value] == Henvendelse(kilde=value).get_kilde_display()
            assert case_sections.uuid_url("core:sag-detail", cast.sag_erik.uuid) == reverse(
                "core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid}
            )
    assert case_sections.date_text(None, "j. F Y") == ""

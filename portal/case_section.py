"""The panel on the myndighed's case page: the citizen's own answers from the portal."""

from __future__ import annotations

from typing import Any

from django.db.models import Subquery
from django.http import HttpRequest

from bostotte.core.case_sections import CaseQuery, case_instances
from bostotte.core.models import Sag

from .models import Besoegsanmodning
from .selectors import besoegsanmodninger_for_sag, trivsel_rows, trivsel_series

_ANMODNING_FIELDS = ("id", "created_at", "art", "besoeg_start", "begrundelse", "status")
# `besoegsanmodninger_for_sag`'s newest ten with the columns the panel prints, compiled once
# (`CaseQuery`, issue 10).
_SAG_ANMODNINGER = CaseQuery(
    lambda sag_id: besoegsanmodninger_for_sag(sag=sag_id).values_list(*_ANMODNING_FIELDS)[:10]  # type: ignore[arg-type]
)
# `trivsel_series_for_sag`'s rows in the case page's batch (one round trip less): the case's
# citizen as a subquery, since a `CaseQuery` depends on the case id alone (issue 10).
_SAG_TRIVSEL = CaseQuery(
    lambda sag_id: trivsel_rows(borger_id=Subquery(Sag.objects.filter(pk=sag_id).values("borger_id")))
)


def portal_case_section(request: HttpRequest, sag: Sag) -> dict[str, Any] | None:
    """WHO-5 history (newest first) and the visit wishes. The case page has already loaded `sag`
    through the access function and written the AccessLog row."""
    return {
        "template": "portal/_sag_section.html",
        "trivsel": list(reversed(trivsel_series(_SAG_TRIVSEL.rows(sag))))[:12],
        "anmodninger": case_instances(
            Besoegsanmodning, _ANMODNING_FIELDS, _SAG_ANMODNINGER.rows(sag)
        ),
    }

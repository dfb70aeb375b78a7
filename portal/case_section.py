"""The panel on the myndighed's case page: the citizen's own answers from the portal."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from bostotte.core.models import Sag

from .selectors import besoegsanmodninger_for_sag, trivsel_series_for_sag


def portal_case_section(request: HttpRequest, sag: Sag) -> dict[str, Any] | None:
    """WHO-5 history (newest first) and the visit wishes. The case page has already loaded `sag`
    through the access function and written the AccessLog row."""
    return {
        "template": "portal/_sag_section.html",
        "trivsel": list(reversed(trivsel_series_for_sag(sag)))[:12],
        "anmodninger": list(besoegsanmodninger_for_sag(sag=sag)[:10]),
    }

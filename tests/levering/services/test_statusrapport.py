from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from bostotte.core.exceptions import NotAllowedError
from levering.services import statusrapport_create

from ..conftest import NOW


class StatusrapportCreateTests:
    def test_it_sends_a_report_with_progress_per_delmaal(self, cast, erik):
        r = statusrapport_create(bestilling=erik.bestilling, periode_fra=date(2026, 1, 1), periode_til=date(2026, 2, 28), hvad_virkede="Faste tider",
                                 borgers_perspektiv="Jeg handler selv nu", delmaal_fremskridt={erik.delmaal: "Handler ind hver uge"}, actor=cast.dorte, now=NOW)
        assert r.delmaal_status.get().fremskridt == "Handler ind hver uge"
        assert cast.sag_erik.journal.filter(emne="Statusrapport fra leverandøren").exists()

    def test_it_requires_the_citizens_view(self, cast, erik):
        with pytest.raises(ValidationError) as exc:
            statusrapport_create(bestilling=erik.bestilling, periode_fra=date(2026, 1, 1), periode_til=date(2026, 2, 28), hvad_virkede="x",
                                 borgers_perspektiv=" ", actor=cast.dorte, now=NOW)
        assert "borgers_perspektiv" in exc.value.message_dict

    def test_an_unassigned_bostoette_cannot_write_it(self, cast, erik):
        with pytest.raises(NotAllowedError):
            statusrapport_create(bestilling=erik.bestilling, periode_fra=date(2026, 1, 1), periode_til=date(2026, 2, 28), hvad_virkede="x",
                                 borgers_perspektiv="y", actor=cast.frank, now=NOW)

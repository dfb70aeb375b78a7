from __future__ import annotations

import pytest

from .builders import give_erik_a_bestilling


@pytest.fixture
def plan(cast, ffb):  # type: ignore[no-untyped-def]
    """The cast plus Erik's accepted bestilling to Bostøtten Nord with dorte assigned."""
    give_erik_a_bestilling(cast)
    return cast

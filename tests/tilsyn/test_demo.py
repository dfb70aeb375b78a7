"""tilsyn/demo.py runs on top of visitation state and fills the worklists."""

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from tests.tilsyn import builders as b
from tilsyn import demo
from tilsyn.models import Opgave

pytestmark = pytest.mark.django_db


class DemoSeedTests:
    def test_it_adds_opfoelgninger_tilsyn_and_overdue_escalated_tasks(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        b.make_world(cast)
        b.make_world(cast, sag=cast.sag_gitte)
        ctx = SimpleNamespace(now=b.at(2027, 5, 1, 10), rng=random.Random(2026), sager=[cast.sag_erik, cast.sag_gitte])
        demo.seed(ctx)
        assert len(ctx.opfoelgninger) == 2 and len(ctx.tilsyn) == 1
        improved = [v for o in ctx.opfoelgninger for v in o.vurderinger.all() if v.efter_niveau.ordinal < v.foer_niveau.ordinal]
        assert improved
        assert ctx.scanlog.finished_at is not None
        assert Opgave.objects.filter(status="aaben", escalated_to__isnull=False).exists()

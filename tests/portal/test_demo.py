from __future__ import annotations

import random
from types import SimpleNamespace

import pytest

from bostotte.core.models import Paaroerende
from portal.demo import seed
from portal.models import Besoegsanmodning, Trivselsmaaling
from tests.portal.conftest import NOW, erik_levering

pytestmark = pytest.mark.django_db


class DemoSeedTests:
    def test_it_seeds_answers_relatives_and_a_visit_request(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        erik_levering(cast)
        ctx = SimpleNamespace(now=NOW, rng=random.Random(2026), borgere=[cast.erik, cast.gitte], sager=[cast.sag_erik, cast.sag_gitte])
        seed(ctx)
        assert Trivselsmaaling.objects.exists()
        assert Paaroerende.objects.filter(borger__in=[cast.erik, cast.gitte]).count() == 2
        assert Besoegsanmodning.objects.filter(borger=cast.erik, status="ny").count() == 1
        assert all(m.besvaret_at <= NOW for m in Trivselsmaaling.objects.all())

from __future__ import annotations

import random
from types import SimpleNamespace

import pytest
from django.utils import timezone

from handleplaner import demo
from handleplaner.models import Delmaal, Evaluering, PaedagogiskPlan
from tests.factories import make_borger, make_sag

from .builders import make_bestilling, make_tildeling


@pytest.mark.django_db
class DemoSeedTests:
    def test_it_does_nothing_without_bestillinger(self, cast) -> None:
        ctx = SimpleNamespace(rng=random.Random(2026), now=timezone.now())
        demo.seed(ctx)
        assert ctx.handleplaner == [] and not PaedagogiskPlan.objects.exists()

    def test_it_seeds_plans_delmaal_and_progress(self, cast, ffb) -> None:
        bestillinger, tildelinger = [], []
        for i in range(8):
            sag = make_sag(make_borger(f"Demo{i}", "Borger", kommune=cast.kommune), cast.anna, cast.team_nord)
            b = make_bestilling(sag, cast.lev_nord)
            bestillinger.append(b)
            tildelinger.append(make_tildeling(b, cast.dorte))
        ctx = SimpleNamespace(rng=random.Random(2026), now=timezone.now(), bestillinger=bestillinger, tildelinger=tildelinger)
        demo.seed(ctx)
        assert 2 <= len(ctx.handleplaner) <= 8
        assert PaedagogiskPlan.objects.count() == 8
        assert Delmaal.objects.count() >= 16
        assert Evaluering.objects.filter(delmaal__isnull=False).count() >= Delmaal.objects.count()

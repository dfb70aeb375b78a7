from __future__ import annotations

import random
import statistics
import time
from types import SimpleNamespace

import pytest
from django.utils import timezone

from bostotte.core.demo.data import seed_core
from visitation import demo
from visitation.models import Afgoerelse, Bestilling, Klage
from visitation.services import maanedstimer


@pytest.mark.django_db
class DemoSeedTests:
    def test_it_seeds_the_whole_flow_quickly(self, ffb) -> None:
        ctx = SimpleNamespace(now=timezone.now(), rng=random.Random(2026), ffb=True)
        seed_core(ctx, antal_borgere=40)
        start = time.monotonic()
        demo.seed(ctx)
        elapsed = time.monotonic() - start
        assert len(ctx.bestillinger) >= 0.75 * len(ctx.borgere)
        assert all(b.status == "sendt" and 1 <= b.indsatsmaal.count() <= 3 for b in ctx.bestillinger)
        assert Afgoerelse.objects.filter(status="afventer").count() == 1
        assert Klage.objects.filter(sendt_ankestyrelsen_on__isnull=False).count() == 1
        assert not Afgoerelse.objects.filter(status="truffet", brev="").exists()
        timer = [float(maanedstimer(a)) for a in Afgoerelse.objects.filter(er_aktiv=True)]
        assert 3 <= statistics.median(timer) <= 8 and 4.5 <= statistics.mean(timer) <= 10
        assert Bestilling.objects.count() == len(ctx.bestillinger)
        assert elapsed < 60, elapsed

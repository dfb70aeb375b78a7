from __future__ import annotations

import random
from datetime import date
from types import SimpleNamespace

from django.utils import timezone

from levering import demo
from levering.models import Besoeg, Gruppesession, Indlaeggelse, Statusrapport
from tests.factories import make_borger, make_sag

from . import builders
from .conftest import aware


class DemoSeedTests:
    def test_it_does_nothing_without_bestillinger(self, cast):
        ctx = SimpleNamespace(now=timezone.now(), rng=random.Random(2026))
        demo.seed(ctx)
        assert ctx.tildelinger == [] and not Besoeg.objects.exists()

    def test_it_seeds_a_realistic_leverandoer_side(self, cast, ffb):
        now = aware(2026, 3, 4, 8)
        sager = [cast.sag_erik, cast.sag_gitte]
        for i in range(6):
            sager.append(make_sag(make_borger(f"Borger{i}", "Demo", birth=date(1970 + i, 1, 1), kommune=cast.kommune), cast.anna, cast.team_nord))
        bestillinger = [builders.bestilling(s, cast.lev_nord, starts_on=date(2025, 11, 1), now=now) for s in sager]
        ctx = SimpleNamespace(now=now, rng=random.Random(2026), bestillinger=bestillinger, leverandoerledere=[cast.lise, cast.lars], bostoetter=[cast.dorte, cast.frank])
        demo.seed(ctx)
        statuses = sorted(b.status for b in type(bestillinger[0]).objects.filter(pk__in=[b.pk for b in bestillinger]))
        assert statuses.count("sendt") == 2 and statuses.count("afvist") == 1
        assert len(ctx.tildelinger) == 5
        today = timezone.localdate(now)
        for u in (cast.dorte, cast.frank):
            assert Besoeg.objects.filter(medarbejder=u, starts_at__date=today).exists()
        assert Besoeg.objects.filter(status="gennemfoert").count() > 50
        assert Besoeg.objects.filter(kontaktform__in=["telefon", "sms_chat"]).exists()
        assert Gruppesession.objects.exists() and Indlaeggelse.objects.count() == 2 and Statusrapport.objects.exists()

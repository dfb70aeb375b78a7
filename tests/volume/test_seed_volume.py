"""seed_volume at a tiny size in the test database: it finishes, every row passed the database's
constraints and triggers (COPY runs them), and the proportions are the intended ones."""

from __future__ import annotations

import math
import statistics
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import F

from bostotte.core import crypto
from bostotte.core.models import Borger, Sag, User
from bostotte.core.volume.generator import MEDIAN_HOURS, SIGMA, VolumeSeeder
from levering.models import Besoeg
from visitation.models import Afgoerelse

NOW = datetime(2026, 3, 16, 12, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def seeded(ffb):  # type: ignore[no-untyped-def]
    stats = VolumeSeeder(borgere=60, years=1, now=NOW, log=lambda s: None).run()
    return stats


@pytest.mark.django_db
class SeedVolumeTests:
    def test_it_creates_the_municipality_with_staff_scaled_to_the_size(self, seeded) -> None:  # type: ignore[no-untyped-def]
        assert Borger.objects.count() == 60
        assert Sag.objects.count() == 60
        assert User.objects.filter(rolle="bostoette").count() == 3  # 250 per 5,000, at least 2
        assert User.objects.filter(rolle="sagsbehandler").count() == 2
        assert seeded.counts["besøg"] > 1000
        # COPY ran the case's name trigger: every case carries its citizen's names (the case list)
        assert not Sag.objects.exclude(borger_efternavn=F("borger__efternavn"), borger_fornavn=F("borger__fornavn")).exists()

    def test_it_writes_cpr_that_decrypts_and_matches_the_blind_index(self, seeded) -> None:  # type: ignore[no-untyped-def]
        for borger in Borger.objects.all()[:10]:
            cpr = borger.cpr
            assert crypto.cpr_normalise(cpr) == cpr
            assert borger.cpr_index == crypto.cpr_blind_index(cpr)
            assert crypto.cpr_birth_date(cpr) == borger.foedselsdato

    def test_it_leaves_one_active_bevilling_per_open_case_with_a_decision(self, seeded) -> None:  # type: ignore[no-untyped-def]
        aktive = Afgoerelse.objects.filter(er_aktiv=True)
        assert (
            aktive.count() == Sag.objects.filter(status="aaben", afgoerelser__isnull=False).count()
        )
        assert aktive.values("borger", "lovgrundlag").distinct().count() == aktive.count()

    def test_the_hours_follow_the_sfi_distribution_and_a_tenth_is_cancelled(self, seeded) -> None:  # type: ignore[no-untyped-def]
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT b.bestilling_id,
                          SUM(EXTRACT(EPOCH FROM b.ends_at - b.starts_at)) FILTER (WHERE b.status = 'gennemfoert') / 3600,
                          COUNT(*) FILTER (WHERE b.status IN ('aflyst_borger', 'aflyst_medarbejder', 'udeblevet')),
                          COUNT(*) FILTER (WHERE b.status <> 'planlagt'),
                          MIN(b.starts_at), MAX(b.starts_at) FILTER (WHERE b.status <> 'planlagt')
                   FROM levering_besoeg b GROUP BY b.bestilling_id"""
            )
            rows = cursor.fetchall()
        per_month = [
            float(h or 0) / max(1.0, (last - first).days / 30.44)
            for _b, h, _c, _n, first, last in rows
            if last and (last - first).days > 60
        ]
        cancelled = sum(r[2] for r in rows) / sum(r[3] for r in rows)
        assert 0.07 < cancelled < 0.13
        assert (
            3.0 < statistics.median(per_month) < 7.5
        )  # SFI: median 5 h/month (60 citizens: wide band)
        assert 4.0 < statistics.fmean(per_month) < 10.5  # SFI: mean ≈ 7.2 h/month

    def test_no_staff_member_is_in_two_places_at_once(self, seeded) -> None:  # type: ignore[no-untyped-def]
        # The database checked this after the load (checks.py, the no-overlap trigger's rule for
        # the whole table); checked once more through the ORM.
        visits = Besoeg.objects.exclude(
            status__in=["aflyst_borger", "aflyst_medarbejder"]
        ).order_by("medarbejder", "starts_at")
        last: dict[int, datetime] = {}
        for v in visits.only("medarbejder_id", "starts_at", "ends_at").iterator():
            assert v.medarbejder_id not in last or last[v.medarbejder_id] <= v.starts_at
            last[v.medarbejder_id] = v.ends_at

    def test_the_command_refuses_to_seed_twice(self, seeded) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(CommandError):
            call_command("seed_volume", "--borgere", "60", "--years", "1", stdout=StringIO())

    def test_the_lognormal_parameters_match_the_published_figures(self) -> None:
        mean = MEDIAN_HOURS * math.exp(SIGMA**2 / 2)
        above_13 = 0.5 * math.erfc((math.log(13 / MEDIAN_HOURS) / SIGMA) / math.sqrt(2))
        assert 6.5 < mean < 7.5
        assert 0.08 < above_13 < 0.13

"""Stored measures (tilsyn/maaling/snapshot.py): the same numbers as the live computation, read
under the viewer's access, refreshed by the beat task on a real worker (Redis db 12)."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tilsyn.maaling.measures import MEASURES, measures_for
from tilsyn.maaling.models import Maaling
from tilsyn.maaling.snapshot import (
    maaling_snapshot_for,
    maaling_snapshot_refresh,
    maaling_snapshot_units,
    snapshot_enhed,
)
from tilsyn.maaling.tasks import maaling_snapshots_plan_task
from tilsyn.maaling.udsnit import default_periode

from .builders import FRA, NOW, TIL, TODAY, build

pytestmark = pytest.mark.django_db

KOMMUNE = (Maaling.Enhed.KOMMUNE, None)


@pytest.fixture(autouse=True)
def _locmem_cache(settings):  # type: ignore[no-untyped-def]
    """The queue lock lives in the cache: a private one per test, not the shared Redis."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "maaling-snapshot-tests",
        }
    }


def team(cast, name):  # type: ignore[no-untyped-def]
    return (Maaling.Enhed.TEAM, getattr(cast, name).pk)


def lev(cast, name):  # type: ignore[no-untyped-def]
    return (Maaling.Enhed.LEVERANDOER, getattr(cast, name).pk)


def flat(resultater):  # type: ignore[no-untyped-def]
    """Everything the dashboard shows of a list of results."""
    return [
        (
            r.key,
            r.titel,
            r.columns,
            r.note,
            r.extra,
            [(x.label, x.values, x.n, x.suppressed, x.drill) for x in r.rows],
        )
        for r in resultater
    ]


def refresh_all(fra=FRA, til=TIL):  # type: ignore[no-untyped-def]
    for enhed in maaling_snapshot_units():
        maaling_snapshot_refresh(enhed=enhed, now=NOW, fra=fra, til=til)


class SnapshotEqualsLiveTests:
    """The fixture dataset of test_measures.py, period 1.1.–30.6.2026: every stored unit, read by
    the viewer it is for, equals what the live dashboard computes for that viewer."""

    def test_a_team_equals_the_leaders_live_dashboard_with_the_team_chosen(
        self, data, cast, udsnit_for
    ) -> None:  # type: ignore[no-untyped-def]
        refresh_all()
        for leder, name in ((cast.bo, "team_nord"), (cast.sofie, "team_syd")):
            u = udsnit_for(leder, team_id=getattr(cast, name).pk)
            stored, first = maaling_snapshot_for(u, team(cast, name))
            assert flat(stored) == flat(measures_for(u))
            assert (first.fra, first.til, first.computed_at) == (FRA, TIL, NOW)
        # the staff rows of the hours measure are there for the leader
        u = udsnit_for(cast.bo, team_id=cast.team_nord.pk)
        timer = next(
            r for r in maaling_snapshot_for(u, team(cast, "team_nord"))[0] if r.key == "timer"
        )
        assert any(x.label.startswith("Bostøtte: ") for x in timer.rows)

    def test_the_kommune_equals_the_analytikers_live_dashboard_pseudonymised(
        self, data, cast, udsnit_for
    ) -> None:  # type: ignore[no-untyped-def]
        refresh_all()
        u = udsnit_for(cast.hans)
        stored, _first = maaling_snapshot_for(u, KOMMUNE)
        assert u.pseudonymiseret and flat(stored) == flat(measures_for(u))
        assert any(x.suppressed for r in stored for x in r.rows)  # small groups suppressed, as live
        assert not any(x.label.startswith("Bostøtte: ") for r in stored for x in r.rows)
        ut = udsnit_for(cast.hans, team_id=cast.team_syd.pk)
        assert flat(maaling_snapshot_for(ut, team(cast, "team_syd"))[0]) == flat(measures_for(ut))

    def test_a_leverandoer_equals_its_leaders_live_dashboard(self, data, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        refresh_all()
        for leder, name in ((cast.lise, "lev_nord"), (cast.lars, "lev_privat")):
            u = udsnit_for(leder, leverandoer_id=getattr(cast, name).pk)
            stored, _first = maaling_snapshot_for(u, lev(cast, name))
            assert flat(stored) == flat(measures_for(u))
            assert "frist" not in {
                r.key for r in stored
            }  # myndighed-only measures are not stored for a leverandør

    def test_a_refresh_replaces_the_units_rows(self, data, cast) -> None:  # type: ignore[no-untyped-def]
        assert maaling_snapshot_refresh(enhed=KOMMUNE, now=NOW, fra=FRA, til=TIL) == len(MEASURES)
        later = NOW.replace(hour=13)
        maaling_snapshot_refresh(enhed=KOMMUNE, now=later)
        rows = Maaling.objects.filter(enhed="kommune")
        assert rows.count() == len(MEASURES) and {r.computed_at for r in rows} == {later}
        assert {(r.fra, r.til) for r in rows} == {default_periode(TODAY)}

    def test_it_refuses_an_unknown_unit_and_the_database_guards_the_shape(self, cast) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValueError, match="ukendt enhed"):
            maaling_snapshot_refresh(enhed=("team", None), now=NOW)
        with pytest.raises(ValueError, match="ukendt enhed"):
            maaling_snapshot_refresh(enhed=("region", 1), now=NOW)
        row = {
            "maal": "ventetid",
            "raekkefoelge": 0,
            "fra": FRA,
            "til": TIL,
            "n": 0,
            "resultat": {},
            "computed_at": NOW,
        }
        with pytest.raises(IntegrityError), transaction.atomic():
            Maaling.objects.create(enhed="kommune", enhed_id=3, **row)
        with pytest.raises(IntegrityError), transaction.atomic():
            Maaling.objects.create(enhed="team", enhed_id=None, **row)
        Maaling.objects.create(enhed="kommune", **row)
        with pytest.raises(IntegrityError), transaction.atomic():
            Maaling.objects.create(
                enhed="kommune", **row
            )  # one row per unit and measure, also for the kommune


class SnapshotEnhedTests:
    """Which stored unit answers a request: only units all of whose cases the viewer may see."""

    def test_it_follows_the_viewers_access(self, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        fra, til = default_periode(TODAY)
        d = {"fra": fra, "til": til}
        assert snapshot_enhed(udsnit_for(cast.bo, **d)) == team(cast, "team_nord")
        assert snapshot_enhed(udsnit_for(cast.bo, team_id=cast.team_nord.pk, **d)) == team(
            cast, "team_nord"
        )
        assert (
            snapshot_enhed(udsnit_for(cast.bo, team_id=cast.team_syd.pk, **d)) is None
        )  # not his team: live, on his scope
        assert snapshot_enhed(udsnit_for(cast.sofie, **d)) == team(cast, "team_syd")
        assert snapshot_enhed(udsnit_for(cast.hans, **d)) == KOMMUNE
        assert snapshot_enhed(udsnit_for(cast.hans, team_id=cast.team_syd.pk, **d)) == team(
            cast, "team_syd"
        )
        assert snapshot_enhed(udsnit_for(cast.hans, leverandoer_id=cast.lev_nord.pk, **d)) is None
        assert snapshot_enhed(udsnit_for(cast.lise, leverandoer_id=cast.lev_nord.pk, **d)) == lev(
            cast, "lev_nord"
        )
        assert snapshot_enhed(udsnit_for(cast.lars, leverandoer_id=cast.lev_privat.pk, **d)) == lev(
            cast, "lev_privat"
        )

    def test_other_periods_and_filters_are_computed_live(self, cast, udsnit_for) -> None:  # type: ignore[no-untyped-def]
        fra, til = default_periode(TODAY)
        base = udsnit_for(cast.hans, fra=fra, til=til)
        assert snapshot_enhed(replace(base, fra=date(2026, 1, 1))) is None
        assert snapshot_enhed(replace(base, koen="kvinde")) is None
        assert snapshot_enhed(replace(base, aldersgruppe="18-29")) is None
        assert snapshot_enhed(replace(base, maalgruppe_id=1)) is None

    def test_a_leader_of_two_teams_gets_the_live_dashboard_unless_a_team_is_chosen(
        self, cast, udsnit_for
    ) -> None:  # type: ignore[no-untyped-def]
        cast.team_syd.leder = cast.bo
        cast.team_syd.save(update_fields=["leder"])
        fra, til = default_periode(TODAY)
        assert snapshot_enhed(udsnit_for(cast.bo, fra=fra, til=til)) is None
        assert snapshot_enhed(
            udsnit_for(cast.bo, fra=fra, til=til, team_id=cast.team_syd.pk)
        ) == team(cast, "team_syd")


@pytest.fixture
def _clock():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.usefixtures("_clock")
class DashboardSnapshotTests:
    def test_the_default_page_reads_the_stored_numbers_of_the_leaders_team(
        self, data, cast, client
    ) -> None:  # type: ignore[no-untyped-def]
        refresh_all(fra=None, til=None)
        # a stored number nobody could compute live: the page must show this one
        row = Maaling.objects.get(enhed="team", enhed_id=cast.team_nord.pk, maal="klager")
        row.resultat["rows"][0]["label"] = "Klager modtaget (gemt)"
        row.save(update_fields=["resultat"])
        client.force_login(cast.bo)
        html = client.get(reverse("maaling:dashboard")).content.decode()
        assert (
            "Klager modtaget (gemt)" in html
            and "Opdateret 15. juni 2026 kl. 12.00" in html
            and "Genberegn" in html
        )
        # the drill-down links carry the stored period and the team
        assert f"team={cast.team_nord.pk}" in html and "fra=2025-06-15" in html
        client.force_login(cast.sofie)
        assert (
            "Klager modtaget (gemt)"
            not in client.get(reverse("maaling:dashboard")).content.decode()
        )

    def test_the_analytiker_sees_suppressed_stored_numbers_and_no_staff_names(
        self, data, cast, client
    ) -> None:  # type: ignore[no-untyped-def]
        maaling_snapshot_refresh(enhed=KOMMUNE, now=NOW)
        client.force_login(cast.hans)
        html = client.get(reverse("maaling:dashboard")).content.decode()
        assert "Opdateret" in html and "skjult (for få)" in html and "Bostøtte: " not in html

    def test_the_leverandoerleder_gets_no_myndighed_measures(self, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        refresh_all(fra=None, til=None)
        client.force_login(cast.lise)
        html = client.get(reverse("maaling:dashboard")).content.decode()
        assert (
            "Opdateret" in html
            and "Timer bevilget og leveret" in html
            and "Sagsbehandlingsfristen overholdt" not in html
        )

    def test_without_stored_numbers_it_says_so_and_queues_one_refresh(
        self, cast, client, django_capture_on_commit_callbacks
    ) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo)
        with django_capture_on_commit_callbacks() as callbacks:
            r = client.get(reverse("maaling:dashboard"))
            client.get(reverse("maaling:dashboard"))
        assert r.status_code == 200 and "Tallene er ikke beregnet endnu" in r.content.decode()
        assert len(callbacks) == 1  # the second view finds the refresh already queued

    def test_the_query_count_does_not_grow_with_data(self, cast, ffb, client) -> None:  # type: ignore[no-untyped-def]
        refresh_all(fra=None, til=None)
        client.force_login(cast.hans)
        url = reverse("maaling:dashboard")
        client.get(url)
        with CaptureQueriesContext(connection) as before:
            client.get(url)
        build(cast)
        refresh_all(fra=None, til=None)
        with CaptureQueriesContext(connection) as after:
            r = client.get(url)
        assert "Opdateret" in r.content.decode()
        assert len(after.captured_queries) == len(before.captured_queries)
        assert not any(
            "levering_besoeg" in q["sql"] for q in after.captured_queries
        )  # nothing aggregated per request


@pytest.mark.usefixtures("_clock")
class GenberegnTests:
    def test_a_leader_queues_a_refresh_of_their_own_unit(
        self, cast, client, django_capture_on_commit_callbacks
    ) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo)
        with django_capture_on_commit_callbacks() as callbacks:
            r = client.post(reverse("maaling:genberegn"), follow=True)
        assert "Tallene genberegnes nu" in r.content.decode() and len(callbacks) == 1
        with django_capture_on_commit_callbacks() as callbacks:
            r = client.post(reverse("maaling:genberegn"), follow=True)
        assert "allerede ved at blive genberegnet" in r.content.decode() and not callbacks

    def test_a_team_that_is_not_theirs_is_not_stored_for_them(
        self, cast, client, django_capture_on_commit_callbacks
    ) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo)
        with django_capture_on_commit_callbacks() as callbacks:
            r = client.post(
                reverse("maaling:genberegn"), {"team": str(cast.team_syd.pk)}, follow=True
            )
        assert "Disse tal gemmes ikke" in r.content.decode() and not callbacks
        assert client.post(reverse("maaling:genberegn"), {"team": "x"}).status_code == 422

    def test_other_roles_and_get_are_refused(self, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.carl)
        assert client.post(reverse("maaling:genberegn")).status_code == 403
        client.force_login(cast.bo)
        assert client.get(reverse("maaling:genberegn")).status_code == 405


@pytest.mark.django_db(transaction=True)
class BeatTaskTests:
    def test_the_nightly_task_stores_every_unit_on_the_worker(
        self, celery_worker, data, cast, client
    ) -> None:  # type: ignore[no-untyped-def]
        units = maaling_snapshot_units()
        maaling_snapshots_plan_task.delay()
        end = time.monotonic() + 120
        while time.monotonic() < end:
            stored = set(Maaling.objects.values_list("enhed", "enhed_id").distinct())
            if stored == set(units):
                break
            time.sleep(0.3)
        assert stored == set(units)
        assert Maaling.objects.filter(enhed="kommune").count() == len(MEASURES)
        client.force_login(cast.hans)
        html = client.get(reverse("maaling:dashboard")).content.decode()
        assert "Opdateret" in html and "Ventetid" in html

    def test_the_beat_schedule_runs_it_nightly_at_a_quiet_hour(self, settings) -> None:  # type: ignore[no-untyped-def]
        entry = settings.CELERY_BEAT_SCHEDULE["maaling-snapshots"]
        assert entry["task"] == "maaling.snapshots_plan"
        assert entry["schedule"].hour == {4} and entry["schedule"].minute == {15}


class CommandTests:
    def test_it_recomputes_every_unit_or_the_chosen_one(self, cast) -> None:  # type: ignore[no-untyped-def]
        call_command("maaling_genberegn", "--enhed", "team", "--id", str(cast.team_nord.pk))
        assert set(Maaling.objects.values_list("enhed", "enhed_id").distinct()) == {
            team(cast, "team_nord")
        }
        call_command("maaling_genberegn")
        assert set(Maaling.objects.values_list("enhed", "enhed_id").distinct()) == set(
            maaling_snapshot_units()
        )
        with pytest.raises(CommandError, match="Ingen enhed"):
            call_command("maaling_genberegn", "--enhed", "kommune", "--id", "7")

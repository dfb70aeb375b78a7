"""visible_to(): the case relationships decide, nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from bostotte.core.models import Borger, Medarbejder, Sag
from bostotte.core.services.sag import sag_adgang_give, sag_adgang_revoke
from tests.levering import builders

pytestmark = pytest.mark.django_db


def _visible(user) -> set[str]:  # type: ignore[no-untyped-def]
    return set(Sag.objects.visible_to(user).values_list("sagsnummer", flat=True))


class SagScopeTests:
    def test_myndighed_sees_the_team_s_cases(self, cast) -> None:  # type: ignore[no-untyped-def]
        nord, syd = {cast.sag_erik.sagsnummer}, {cast.sag_gitte.sagsnummer}
        assert _visible(cast.anna) == nord  # responsible
        assert _visible(cast.anders) == nord  # same team
        assert _visible(cast.bo) == nord  # team leader
        assert _visible(cast.carl) == syd
        assert _visible(cast.sofie) == syd

    def test_the_citizen_sees_only_their_own_case(self, cast) -> None:  # type: ignore[no-untyped-def]
        assert _visible(cast.erik_user) == {cast.sag_erik.sagsnummer}
        assert set(Borger.objects.visible_to(cast.erik_user)) == {cast.erik}

    def test_roles_without_a_relationship_see_nothing(self, cast) -> None:  # type: ignore[no-untyped-def]
        for user in (cast.lise, cast.dorte, cast.frank, cast.lars, cast.hans, cast.ida):
            assert _visible(user) == set(), user.username
            assert not Borger.objects.visible_to(user).exists()

    def test_an_inactive_user_sees_nothing(self, cast) -> None:  # type: ignore[no-untyped-def]
        cast.anna.is_active = False
        assert _visible(cast.anna) == set()

    def test_a_temporary_grant_gives_access_until_it_expires_or_is_revoked(self, cast) -> None:  # type: ignore[no-untyped-def]
        now = timezone.now()
        grant = sag_adgang_give(sag=cast.sag_erik, user=cast.carl, udloeber_at=now + timedelta(days=3), begrundelse="Vikar i ferien", actor=cast.bo, now=now)
        assert cast.sag_erik.sagsnummer in _visible(cast.carl)
        from bostotte.core.access import sag_scope

        later = now + timedelta(days=4)
        assert not Sag.objects.filter(sag_scope(cast.carl, later), pk=cast.sag_erik.pk).exists()
        sag_adgang_revoke(grant=grant, actor=cast.bo)
        assert cast.sag_erik.sagsnummer not in _visible(cast.carl)

    def test_only_the_team_leader_gives_grants_and_only_for_three_months(self, cast) -> None:  # type: ignore[no-untyped-def]
        from django.core.exceptions import ValidationError

        from bostotte.core.exceptions import ApplicationError

        now = timezone.now()
        with pytest.raises(ApplicationError):
            sag_adgang_give(sag=cast.sag_erik, user=cast.carl, udloeber_at=now + timedelta(days=3), begrundelse="x", actor=cast.sofie)
        with pytest.raises(ValidationError) as exc:
            sag_adgang_give(sag=cast.sag_erik, user=cast.dorte, udloeber_at=now + timedelta(days=200), begrundelse="", actor=cast.bo)
        assert set(exc.value.message_dict) == {"user", "udloeber_at", "begrundelse"}

    def test_the_scope_is_one_query(self, cast, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        with django_assert_num_queries(1):
            list(Sag.objects.visible_to(cast.anna))


class SagScopePlanTests:
    """Each relationship is its own branch of `pk IN (… UNION ALL …)`, so an index serves it; an
    OR over the relationships can only be answered by reading every case (issue 10). With
    sequential scans priced out, the planner must find an index path for every role."""

    def test_no_role_needs_a_sequential_scan_of_the_cases(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        builders.bestilling(cast.sag_erik, cast.lev_nord, status="accepteret")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for user in (cast.anna, cast.bo, cast.lise, cast.dorte, cast.erik_user, cast.hans):
            plan = Sag.objects.visible_to(user).filter(status="aaben").explain()
            assert "Seq Scan on core_sag" not in plan, (user.username, plan)
        assert "Seq Scan on core_sag" not in Borger.objects.visible_to(cast.anna).explain()

    def test_the_scope_still_matches_every_relationship(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        """A leader of a team she is not a member of, the leverandør's leader and the citizen
        see the case through their own branch."""
        Medarbejder.objects.filter(user=cast.sofie).update(myndighed_team=None)
        assert _visible(cast.sofie) == {cast.sag_gitte.sagsnummer}  # leads team Syd
        assert _visible(cast.lise) == set()
        builders.bestilling(cast.sag_erik, cast.lev_nord, status="accepteret")
        assert _visible(cast.lise) == {cast.sag_erik.sagsnummer}
        assert _visible(cast.lars) == set()
        assert set(Borger.objects.visible_to(cast.lise)) == {cast.erik}
        assert set(Borger.objects.visible_to(cast.erik_user)) == {cast.erik}

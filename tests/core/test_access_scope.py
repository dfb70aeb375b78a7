"""visible_to(): the case relationships decide, nothing else."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.utils import timezone

from bostotte.core.access import sag_visible
from bostotte.core.models import Borger, Medarbejder, Sag
from bostotte.core.selectors import sag_get_visible
from bostotte.core.services.sag import sag_adgang_give, sag_adgang_revoke
from levering.services import bestilling_accept, tildeling_create
from tests.levering import builders
from tests.levering.conftest import NOW

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


class SagRowScopeTests:
    """Loading ONE case (`visible_one`, `sag_visible`) asks the same relationships as EXISTS
    probes with that case's id instead of evaluating the whole union (issue 10)."""

    def _setup(self, cast):  # type: ignore[no-untyped-def]
        b = bestilling_accept(bestilling=builders.bestilling(cast.sag_erik, cast.lev_nord, now=NOW), actor=cast.lise, now=NOW)
        tildeling_create(bestilling=b, medarbejder=cast.dorte, starts_on=date(2026, 1, 1), actor=cast.lise, now=NOW)
        now = timezone.now()
        sag_adgang_give(sag=cast.sag_gitte, user=cast.anders, udloeber_at=now + timedelta(days=3), begrundelse="Vikar", actor=cast.sofie, now=now)
        return now

    def test_every_user_and_case_gets_the_same_answer_as_the_list_scope(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        now = self._setup(cast)
        users = (cast.anna, cast.anders, cast.bo, cast.carl, cast.sofie, cast.lise, cast.dorte, cast.frank, cast.lars, cast.hans, cast.ida, cast.erik_user, cast.gitte_user)
        seen = 0
        for user in users:
            listed = set(Sag.objects.visible_to(user).values_list("pk", flat=True))
            for sag in (cast.sag_erik, cast.sag_gitte):
                one = Sag.objects.visible_one(user).filter(uuid=sag.uuid).exists()
                assert one == (sag.pk in listed) == sag_visible(user, sag.pk, now), (user.username, sag.sagsnummer)
                seen += one
        # responsible/team/leader/citizen/leverandør/bostøtte/grant each open at least one case
        assert seen >= 9
        assert sag_visible(cast.lise, cast.sag_erik.pk) and sag_visible(cast.dorte, cast.sag_erik.pk)
        assert sag_visible(cast.anders, cast.sag_gitte.pk)

    def test_an_expired_grant_an_inactive_or_anonymous_user_see_nothing(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        now = self._setup(cast)
        assert not sag_visible(cast.anders, cast.sag_gitte.pk, now + timedelta(days=4))
        assert not sag_visible(AnonymousUser(), cast.sag_erik.pk)  # type: ignore[arg-type]
        cast.anna.is_active = False
        assert not sag_visible(cast.anna, cast.sag_erik.pk)
        assert not Sag.objects.visible_one(cast.anna).filter(pk=cast.sag_erik.pk).exists()

    def test_one_case_is_probed_by_its_id_not_by_the_whole_union(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        self._setup(cast)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        for user in (cast.anna, cast.bo, cast.lise, cast.dorte, cast.erik_user, cast.hans):
            qs = Sag.objects.visible_one(user).filter(uuid=cast.sag_erik.uuid)
            assert '"core_sag"."id" IN (' not in str(qs.query), user.username  # no pk IN (union)
            plan = qs.explain()
            assert "Seq Scan on core_sag" not in plan, (user.username, plan)

    def test_loading_the_case_page_s_case_is_one_query(self, cast, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
        with django_assert_num_queries(1):
            assert sag_get_visible(user=cast.anna, uuid=cast.sag_erik.uuid) == cast.sag_erik
        with pytest.raises(Http404):
            sag_get_visible(user=cast.carl, uuid=cast.sag_erik.uuid)


class BorgerSelfScopeTests:
    """`Borger.objects.own(user)` is `visible_to(user).filter(user_id=user.pk)` without the case
    union (the portal's "who am I" on every page, issue 10)."""

    def test_every_user_gets_the_same_answer_as_the_access_function(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        users = [getattr(cast, name) for name in dir(cast) if hasattr(getattr(cast, name), "rolle")]
        assert cast.erik_user in users and cast.anna in users
        for user in users:
            expected = set(Borger.objects.visible_to(user).filter(user_id=user.pk))
            assert set(Borger.objects.own(user)) == expected, user.username
        assert list(Borger.objects.own(cast.erik_user)) == [cast.erik]

    def test_an_inactive_citizen_or_staff_or_anonymous_gets_nothing(self, cast) -> None:  # type: ignore[no-untyped-def]
        assert not Borger.objects.own(AnonymousUser()).exists()  # type: ignore[arg-type]
        assert not Borger.objects.own(cast.anna).exists()
        cast.erik_user.is_active = False
        assert not Borger.objects.own(cast.erik_user).exists()

"""The front page's counts (`selectors.sag_counts_for_user`), compiled once per user (issue 10):
the same numbers as the access function's `visible_to` with the ORM, for every user, also after
a change of responsibility, a grant or a closed case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from bostotte.core import selectors
from bostotte.core.models import Sag
from bostotte.core.services.sag import sag_adgang_give
from tests.factories import make_borger, make_sag

pytestmark = pytest.mark.django_db


def _orm(user) -> dict[str, int]:  # type: ignore[no-untyped-def]
    qs = Sag.objects.visible_to(user).filter(status=Sag.Status.AABEN)
    return qs.aggregate(aabne=Count("id"), mine=Count("id", filter=Q(ansvarlig=user)))


def _users(cast):  # type: ignore[no-untyped-def]
    return (cast.anna, cast.anders, cast.carl, cast.bo, cast.sofie, cast.lise, cast.dorte, cast.hans, cast.ida, cast.erik_user)


def test_every_user_gets_the_access_function_s_counts(cast) -> None:  # type: ignore[no-untyped-def]
    selectors._COUNTS_SQL.cache.clear()
    extra = make_sag(make_borger("Hanne", "Holm", kommune=cast.kommune), cast.anders, cast.team_nord)
    for _ in range(2):  # cold, then from the compile cache
        for user in _users(cast):
            assert selectors.sag_counts_for_user(user=user) == _orm(user), user.username
    assert selectors.sag_counts_for_user(user=cast.anna) == {"aabne": 2, "mine": 1}
    # the data are read on every call: responsibility moves, a grant, a closed case
    Sag.objects.filter(pk=extra.pk).update(ansvarlig=cast.anna)
    sag_adgang_give(
        sag=cast.sag_gitte, user=cast.anders, udloeber_at=timezone.now() + timedelta(days=1),
        begrundelse="Vikar", actor=cast.sofie, now=timezone.now(),
    )
    Sag.objects.filter(pk=cast.sag_erik.pk).update(status=Sag.Status.LUKKET, closed_on=timezone.localdate())
    for user in _users(cast):
        assert selectors.sag_counts_for_user(user=user) == _orm(user), user.username
    assert selectors.sag_counts_for_user(user=cast.anna) == {"aabne": 1, "mine": 1}
    assert selectors.sag_counts_for_user(user=cast.anders)["aabne"] == 2

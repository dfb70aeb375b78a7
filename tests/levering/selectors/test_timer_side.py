"""The hours page's list compiled once and re-run with values (issue 10: `selectors.timer_side`,
`bestillinger_for_timer_side`): the same page of ids, page number and total as the ORM queryset
it replaced (`Bestilling.objects.visible_to` with the team filter, paged by `page_with_total`) for
a bostøtte, a leverandørleder with and without a team filter, another leverandør's leader, an
inactive leader and a myndighed role (which the view refuses, but whose scope takes the
uncompiled path); compiled once per bostøtte query and per leader scope; and the page's rows as
plain tuples with what the models say."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, Q

from bostotte.core.lookups import AnyOf
from bostotte.core.models import LeverandoerTeam, Rolle, User
from bostotte.core.viewutils import page_with_total
from levering import selectors
from levering.access import LIVE_BESTILLING
from levering.models import Tildeling
from levering.services import bestilling_accept, tildeling_create, tildeling_end
from levering.timer import BESTILLING_RELATED
from tests.factories import make_borger, make_sag, make_staff
from visitation.models import Bestilling

from .. import builders
from ..conftest import NOW, aware

pytestmark = pytest.mark.django_db

TODAY = aware(2026, 3, 6, 12)
PR_SIDE = 3
SIDER = (None, "1", "2", "3", "999", "0", "x")


def _orm_page(user, team_ids, today, side):  # type: ignore[no-untyped-def]
    """The page as the view loaded it before issue 10's compile-once: `bestillinger_for_timer`'s
    ORM queryset (teams with `__in`) through `page_with_total`."""
    qs = Bestilling.objects.visible_to(user).filter(status__in=LIVE_BESTILLING)
    if team_ids is not None:
        team = Tildeling.objects.filter(
            Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today)),
            er_primaer=True,
            medarbejder__medarbejder__leverandoer_team_id__in=team_ids,
        ).order_by().values("bestilling_id")
        qs = qs.filter(AnyOf(F("pk"), ArraySubquery(team)))
    page = page_with_total(qs.only("id").order_by("sag__borger__fornavn", "id"), side, PR_SIDE)
    return [b.pk for b in page.object_list], page.number, page.paginator.count


def _page(user, team_ids, today, side):  # type: ignore[no-untyped-def]
    page = selectors.timer_side(user=user, team_ids=team_ids, today=today, side=side, pr_side=PR_SIDE)
    return list(page.object_list), page.number, page.paginator.count


def _citizen(cast, navn, leverandoer, medarbejder=None, *, status="accepteret", **kw):  # type: ignore[no-untyped-def]
    sag = make_sag(make_borger(navn, "Test", kommune=cast.kommune), cast.anna, cast.team_nord)
    b = builders.bestilling(sag, leverandoer, now=NOW, **kw)
    if status != "sendt":
        b = bestilling_accept(bestilling=b, actor=cast.lise if leverandoer == cast.lev_nord else cast.lars, now=NOW)
    t = None
    if medarbejder is not None:
        t = tildeling_create(bestilling=b, medarbejder=medarbejder, starts_on=kw.get("starts_on", date(2026, 1, 1)), actor=cast.lise, now=NOW)
    return b, t


@pytest.fixture
def vest(cast):  # type: ignore[no-untyped-def]
    team = LeverandoerTeam.objects.create(leverandoer=cast.lev_nord, navn="Team Vest")
    vera = make_staff(Rolle.BOSTOETTE, username="vera", leverandoer_team=team, first_name="Vera", last_name="Vest")
    return team, vera


@pytest.fixture
def citizens(cast, ffb, vest):  # type: ignore[no-untyped-def]
    """Dorte primary on five citizens (one assignment ended, one from tomorrow), Vera (Team Vest)
    on two, one without a bostøtte, one only sent, and one of the other leverandør's."""
    _team, vera = vest
    with time_machine.travel(TODAY, tick=False):
        for i in range(5):
            _citizen(cast, f"Dorte{i}", cast.lev_nord, cast.dorte)
        _b, ended = _citizen(cast, "Ophoert", cast.lev_nord, cast.dorte)
        tildeling_end(tildeling=ended, ends_on=date(2026, 3, 5), actor=cast.lise, now=NOW)
        _citizen(cast, "Fremtid", cast.lev_nord, cast.dorte, starts_on=date(2026, 3, 7))
        for i in range(2):
            _citizen(cast, f"Vera{i}", cast.lev_nord, vera)
        _citizen(cast, "Uden", cast.lev_nord)
        _citizen(cast, "Sendt", cast.lev_nord, status="sendt")
        _citizen(cast, "Privat", cast.lev_privat)


def _fresh(user):  # type: ignore[no-untyped-def]
    """The user as a request loads it (no cached staff profile)."""
    return User.objects.get(pk=user.pk)


class TimerSideTests:
    def test_the_pages_are_the_orm_s_for_every_role_and_team_filter(self, cast, citizens, vest):
        team, _vera = vest
        today = TODAY.date()
        cases = [
            (cast.dorte, None),
            (cast.frank, None),
            (cast.lise, None),
            (cast.lise, [cast.lt_nord.pk]),
            (cast.lise, [team.pk]),
            (cast.lise, [cast.lt_nord.pk, team.pk]),
            (cast.lars, None),
            (cast.lars, [cast.lt_privat.pk]),
            (cast.anna, None),  # a myndighed role: 404 in the view; the uncompiled path
        ]
        with time_machine.travel(TODAY, tick=False):
            for user, team_ids in cases:
                for side in SIDER:
                    want = _orm_page(_fresh(user), team_ids, today, side)
                    assert _page(_fresh(user), team_ids, today, side) == want, (user.username, team_ids, side)
            # not nothing: the fixture gives the roles something to page
            assert _page(_fresh(cast.dorte), None, today, None)[2] == 5
            assert _page(_fresh(cast.lise), None, today, None)[2] == 10
            assert _page(_fresh(cast.lise), [cast.lt_nord.pk], today, None)[2] == 5

    def test_an_inactive_user_or_a_leader_without_a_team_gets_nothing(self, cast, citizens):
        today = TODAY.date()
        with time_machine.travel(TODAY, tick=False):
            User.objects.filter(pk__in=[cast.lise.pk, cast.dorte.pk]).update(is_active=False)
            for user in (cast.lise, cast.dorte):
                assert _page(_fresh(user), None, today, None) == _orm_page(_fresh(user), None, today, None) == ([], 1, 0)
            User.objects.filter(pk=cast.lise.pk).update(is_active=True)
            cast.lise.medarbejder.leverandoer_team = None
            cast.lise.medarbejder.save()
            assert _page(_fresh(cast.lise), None, today, None) == _orm_page(_fresh(cast.lise), None, today, None) == ([], 1, 0)

    def test_the_day_and_the_teams_are_values_of_the_compiled_query(self, cast, citizens, vest):
        """The assignment from tomorrow counts tomorrow, the ended one no longer, for the bostøtte
        and the leader's team filter, with the compile of today."""
        team, _vera = vest
        tomorrow = date(2026, 3, 7)
        with time_machine.travel(aware(2026, 3, 7, 12), tick=False):
            for user, team_ids in ((cast.dorte, None), (cast.lise, [cast.lt_nord.pk]), (cast.lise, [team.pk])):
                for side in (None, "2"):
                    assert _page(_fresh(user), team_ids, tomorrow, side) == _orm_page(_fresh(user), team_ids, tomorrow, side)
            assert _page(_fresh(cast.dorte), None, tomorrow, None)[2] == 6

    def test_it_is_compiled_once_per_bostoette_query_and_per_leader_scope(self, cast, citizens, monkeypatch):
        today = TODAY.date()
        built = []
        real = selectors._timer_bestillinger
        monkeypatch.setattr(selectors, "_timer_bestillinger", lambda *a: built.append(a) or real(*a))
        with time_machine.travel(TODAY, tick=False):
            for user, team_ids in ((cast.dorte, None), (cast.lise, None), (cast.lise, [cast.lt_nord.pk])):
                _page(_fresh(user), team_ids, today, None)  # compiled (or found compiled) here
                built.clear()
                _page(_fresh(user), team_ids, today, "2")
                _page(_fresh(user), team_ids, date(2026, 3, 7), None)
                assert built == [], user.username
            _page(_fresh(cast.anna), None, today, None)
            assert len(built) == 1  # a myndighed's scope holds a subquery: built every time
        assert selectors._TIMER_IDS.cache["default"] is not None
        lise_scope = Q(leverandoer_id=cast.lev_nord.pk) & ~Q(status="kladde")  # bestilling_scope's, for the key
        for with_team in (False, True):
            assert selectors._TIMER_IDS_BY_SCOPE[(lise_scope, with_team)].cache["default"] is not None

    def test_a_leader_moved_to_another_leverandoer_sees_its_bestillinger_at_once(self, cast, citizens):
        today = TODAY.date()
        with time_machine.travel(TODAY, tick=False):
            before = _page(_fresh(cast.lise), None, today, None)
            cast.lise.medarbejder.leverandoer_team = cast.lt_privat
            cast.lise.medarbejder.save()
            after = _page(_fresh(cast.lise), None, today, None)
        assert after == _orm_page(_fresh(cast.lise), None, today, None) != before
        assert after[2] == 1

    def test_one_query_a_page(self, cast, citizens, django_assert_num_queries):
        today = TODAY.date()
        with time_machine.travel(TODAY, tick=False):
            for who in (cast.dorte, cast.lise):
                user = _fresh(who)
                selectors.medarbejder_load(user=user)
                _page(user, None, today, None)
                with django_assert_num_queries(1):
                    _page(user, None, today, "2")
                # the hours page's one statement: the page, its rows and visits (TimerPageTests)
                kw = {"today": today, "pr_side": PR_SIDE, "fra": date(2026, 1, 26), "til": today, "inddeling": "uge"}
                with django_assert_num_queries(1):
                    got = selectors.bestillinger_for_timer_page(user=user, team_ids=None, side="2", **kw)
                assert got.bestillinger and got.page.number == 2


class TimerRowsTests:
    def test_the_rows_hold_what_the_models_say(self, cast, citizens):
        b, _t = _citizen(cast, "Hævet", cast.lev_nord, cast.dorte, timer=13, timer_periode="maaned", forhoejet_timer=20, forhoejet_uger=3)
        Bestilling.objects.filter(pk=b.pk).update(timer=None, ends_on=date(2026, 12, 31))
        ids = list(Bestilling.objects.filter(leverandoer=cast.lev_nord).order_by("-id").values_list("id", flat=True))
        rows, _indlagt = selectors.bestillinger_for_timer_side(ids=ids)
        models = {m.pk: m for m in Bestilling.objects.select_related(*BESTILLING_RELATED).filter(pk__in=ids)}
        assert [r.pk for r in rows] == ids
        for r in rows:
            m = models[r.pk]
            a, ma = r.afgoerelse, m.afgoerelse
            assert (r.uuid, r.sag_id, r.timer, r.timer_periode, r.starts_on, r.ends_on) == (m.uuid, m.sag_id, m.timer, m.timer_periode, m.starts_on, m.ends_on)
            assert (a.timer, a.timer_periode, a.forhoejet_timer, a.forhoejet_uger) == (ma.timer, ma.timer_periode, ma.forhoejet_timer, ma.forhoejet_uger)
            assert a.kvalitetsstandard.timer_tolerance_pct == ma.kvalitetsstandard.timer_tolerance_pct
            assert (r.sag.borger.fornavn, r.sag.borger.efternavn, r.sag.borger.navn) == (m.sag.borger.fornavn, m.sag.borger.efternavn, m.sag.borger.navn)
        raised = next(r for r in rows if r.pk == b.pk)
        assert raised.timer is None and raised.afgoerelse.forhoejet_uger == 3


class TimerPageTests:
    """`bestillinger_for_timer_page`: the ids' query and the rows' query in one (issue 10) give
    the page that `timer_side` and then `bestillinger_for_timer_side` of its ids gave."""

    def test_the_page_and_rows_are_the_two_queries_for_every_role_and_team_filter(self, cast, citizens, vest):
        team, _vera = vest
        today = TODAY.date()
        cases = [
            (cast.dorte, None),  # a bostøtte
            (cast.frank, None),
            (cast.lise, None),  # the leader
            (cast.lise, [cast.lt_nord.pk]),
            (cast.lise, [team.pk]),
            (cast.lise, [cast.lt_nord.pk, team.pk]),
            (cast.lars, None),  # another leverandør's leader
            (cast.lars, [cast.lt_privat.pk]),
            (cast.anna, None),  # the uncompiled path
        ]
        with time_machine.travel(TODAY, tick=False):
            for user, team_ids in cases:
                for side in SIDER:
                    page = selectors.timer_side(user=_fresh(user), team_ids=team_ids, today=today, side=side, pr_side=PR_SIDE)
                    want = selectors.bestillinger_for_timer_side(ids=list(page.object_list))
                    got = selectors.bestillinger_for_timer_page(
                        user=_fresh(user), team_ids=team_ids, today=today, side=side, pr_side=PR_SIDE, fra=date(2026, 1, 26), til=today, inddeling="uge"
                    )
                    assert (got.bestillinger, got.indlagt) == want, (user.username, team_ids, side)
                    assert list(got.page.object_list) == got.bestillinger
                    assert (got.page.number, got.page.paginator.count) == (page.number, page.paginator.count), (user.username, team_ids, side)
                    if user == cast.lise and team_ids is None and side is None:
                        assert got.page.paginator.count > PR_SIDE  # more than one page to compare

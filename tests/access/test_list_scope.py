"""List pages, API lists and exports return exactly what the access function allows.

The access matrix (test_matrix.py) proves who may open each URL. This test proves the other half:
on a mixed dataset (cases in both teams, open and closed, orders to two leverandører, an active
and an expired temporary grant, plans and a visit), every member of the cast who may open a list
sees exactly the rows that the access function (`Sag.objects.visible_to`, `Borger.objects.
visible_to`, `Bestilling.objects.visible_to`, `Opgave.objects.visible_to`, …) gives them, cut by
the page's own documented filter — no row more, no row less.

A new list page is one more `ListPage(...)` in PAGES: the URL, how the rows are recognised in the
response (uuids of a model in HTML, `uuid` in API results, a CSV column) and the expected queryset.
A page that needs rows of its own (visits, worklist tasks, wishes) names a `setup`; a paginated
page sets `paginated` (and `per_page` to shrink its pages so the pager is exercised); rows with no
identifier (the citizen's access log) are compared as texts (`rows`/`expected_rows`). `must_see`
and `must_have_rows` name who must get the page and rows, so no page passes by showing nothing.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import models
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from bostotte.core.models import AccessLog, Borger, LeverandoerTeam, Rolle, Sag, User
from bostotte.core.services.accesslog import accesslog_record
from bostotte.core.services.sag import sag_adgang_give, sag_close
from handleplaner.models import Handleplan, PaedagogiskPlan
from handleplaner.services import handleplan_get_or_create, paedagogisk_plan_create
from levering.models import Besoeg, Tildeling
from levering.services import besoeg_create, bestilling_accept, tildeling_create
from portal.models import Besoegsanmodning
from portal.services import besoegsanmodning_create, besoegsanmodning_handle
from tests.api.builders import NOW, STARTS_ON, build_world, sent_bestilling
from tests.factories import make_borger, make_sag
from tests.levering.builders import ensure_ffb
from tests.tilsyn import builders as tilsyn_builders
from tilsyn.maaling.measures import population_sag_ids
from tilsyn.maaling.scope import maaling_sag_scope
from tilsyn.maaling.udsnit import udsnit_from_request
from tilsyn.models import Opgave
from tilsyn.services.frister import frister_scan, opgave_close
from visitation.models import Afgoerelse, Bestilling

from .routes import CAST_USERS

CPH = ZoneInfo("Europe/Copenhagen")
UUID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

Expected = Callable[[User], "models.QuerySet[Any]"]


def _sager(user: User) -> models.QuerySet[Sag]:
    return Sag.objects.visible_to(user)


def _bestillinger(user: User) -> models.QuerySet[Bestilling]:
    return Bestilling.objects.visible_to(user)


@dataclass
class ListPage:
    """One list page, API list or export and the rows its viewer must get."""

    label: str
    url: Callable[[SimpleNamespace], str]
    expected: Expected  # the access function, cut by the page's own filter
    model: type[models.Model]  # whose identifiers appear in the response
    parse: str = "html"  # "html": uuids of `model` anywhere; "api": `uuid` of each result; "csv"
    key: str = "uuid"  # the identifying field of `model` (e.g. "sagsnummer" for CSV exports)
    csv_column: str = ""
    # A pseudonymised export (the analytiker's) has no case numbers, only a pseudonym per citizen:
    # there the number of rows must equal the number of expected rows.
    pseudonym_column: str = ""
    must_see: frozenset[str] = frozenset()  # cast members who must get 200 (so nothing is skipped)
    must_have_rows: frozenset[str] = frozenset()  # … and whose expected set must not be empty
    notes: list[str] = field(default_factory=list)
    setup: Callable[[SimpleNamespace], None] | None = None  # extra rows for this page only
    paginated: bool = False  # follow the page's own "?…side=N" links and take every page's rows
    # (module attribute, rows per page): shrink the page so the paging itself is exercised
    per_page: tuple[str, int] | None = None
    # Rows without an identifier (the citizen's access log): `rows` reads each shown row as a
    # text, `expected_rows` gives the texts the access function allows; compared as multisets.
    rows: Callable[[str], list[str]] | None = None
    expected_rows: Callable[[User], list[str]] | None = None
    id_re: re.Pattern[str] = UUID_RE  # how `key` values look in an HTML page


def _url(name: str, query: str = "") -> Callable[[SimpleNamespace], str]:
    return lambda c: reverse(name) + (f"?{query}" if query else "")


MYNDIGHED = frozenset({"anna", "anders", "bo", "carl", "sofie"})
LEV_LEDERE = frozenset({"lise", "lars"})
BOSTOETTER = frozenset({"dorte", "frank"})
BORGERE = frozenset({"erik_user", "gitte_user"})

PAGES = [
    # --- HTML lists ------------------------------------------------------------------------------
    ListPage(
        "Sager (åbne)",
        _url("core:sag-list"),
        lambda u: _sager(u).filter(status="aaben"),
        Sag,
        must_see=MYNDIGHED,
        must_have_rows=MYNDIGHED,
    ),
    ListPage(
        "Sager (alle)",
        _url("core:sag-list", "status=alle"),
        _sager,
        Sag,
        must_see=MYNDIGHED,
        must_have_rows=MYNDIGHED,
    ),
    ListPage(
        "Sager (lukkede)",
        _url("core:sag-list", "status=lukket"),
        lambda u: _sager(u).filter(status="lukket"),
        Sag,
        must_see=MYNDIGHED,
        must_have_rows=frozenset({"anna", "bo", "carl", "sofie"}),
    ),
    ListPage(
        "Mine sager",
        _url("core:sag-list", "status=alle&mine=1"),
        lambda u: _sager(u).filter(ansvarlig=u),
        Sag,
        must_see=MYNDIGHED,
        must_have_rows=frozenset({"anna", "anders", "carl"}),
    ),
    ListPage(
        "Leverandørens indbakke",
        _url("levering:indbakke"),
        _bestillinger,
        Bestilling,
        must_see=LEV_LEDERE,
        must_have_rows=LEV_LEDERE,
    ),
    ListPage(
        "I dag (borgere tildelt i dag)",
        _url("levering:i-dag"),
        lambda u: _bestillinger(u).filter(status__in=["accepteret", "startet"]),
        Bestilling,
        must_see=BOSTOETTER,
        must_have_rows=frozenset({"dorte"}),
    ),
    ListPage(
        "Planer (leverandør)",
        _url("handleplaner:plan-list"),
        lambda u: _sager(u).filter(
            bestillinger__in=_bestillinger(u).filter(status__in=["accepteret", "startet"])
        ),
        Sag,
        must_see=LEV_LEDERE | BOSTOETTER,
        must_have_rows=frozenset({"lise", "lars", "dorte"}),
    ),
    ListPage(
        "Godkendelser (afgørelser til lederen)",
        _url("visitation:godkendelser"),
        lambda u: Afgoerelse.objects.filter(
            sag__in=_sager(u), status="afventer_godkendelse", sag__team__leder=u
        ),
        Afgoerelse,
        must_see=frozenset({"bo", "sofie"}),
    ),
    ListPage(
        "Borgerens afgørelser (portal)",
        _url("portal:afgoerelse-list"),
        lambda u: Afgoerelse.objects.filter(sag__in=_sager(u), status="truffet"),
        Afgoerelse,
        must_see=BORGERE,
        must_have_rows=BORGERE,
    ),
    # --- Exports -------------------------------------------------------------------------------
    ListPage(
        "Målinger: eksport af forløb (CSV, identificeret)",
        _url("maaling:eksport-csv", "fra=2026-01-01&til=2026-12-31&datasaet=forloeb"),
        maaling_sag_scope,
        Sag,
        parse="csv",
        key="sagsnummer",
        csv_column="Sagsnummer",
        pseudonym_column="Pseudonym",
        must_see=frozenset({"bo", "sofie", "lise", "lars", "hans"}),
        must_have_rows=frozenset({"bo", "sofie", "lise", "lars", "hans"}),
    ),
    # --- Integration API -------------------------------------------------------------------------
    ListPage(
        "API sager",
        _url("api:v1:sag-list", "antal=100"),
        _sager,
        Sag,
        parse="api",
        must_see=frozenset(CAST_USERS),
        must_have_rows=MYNDIGHED | BORGERE | {"lise", "lars", "dorte"},
    ),
    ListPage(
        "API borgere",
        _url("api:v1:borger-list", "antal=100"),
        Borger.objects.visible_to,
        Borger,
        parse="api",
        must_see=frozenset(CAST_USERS),
        must_have_rows=MYNDIGHED | BORGERE,
    ),
    ListPage(
        "API afgørelser",
        _url("api:v1:afgoerelse-list", "antal=100"),
        lambda u: Afgoerelse.objects.filter(sag__in=_sager(u)),
        Afgoerelse,
        parse="api",
        must_see=MYNDIGHED,
        must_have_rows=MYNDIGHED,
    ),
    ListPage(
        "API bevillinger",
        _url("api:v1:bevilling-list", "antal=100"),
        lambda u: Afgoerelse.objects.filter(sag__in=_sager(u), er_aktiv=True),
        Afgoerelse,
        parse="api",
        must_see=MYNDIGHED,
        must_have_rows=MYNDIGHED,
    ),
    ListPage(
        "API bestillinger",
        _url("api:v1:bestilling-list", "antal=100"),
        _bestillinger,
        Bestilling,
        parse="api",
        must_see=frozenset(CAST_USERS),
        must_have_rows=MYNDIGHED | LEV_LEDERE | {"dorte"},
    ),
    ListPage(
        "API handleplaner",
        _url("api:v1:handleplan-list", "antal=100"),
        lambda u: Handleplan.objects.filter(sag__in=_sager(u)),
        Handleplan,
        parse="api",
        must_see=MYNDIGHED,
        must_have_rows=frozenset({"anna", "anders", "bo"}),
    ),
    ListPage(
        "API pædagogiske planer",
        _url("api:v1:paedagogisk-plan-list", "antal=100"),
        lambda u: PaedagogiskPlan.objects.filter(bestilling__in=_bestillinger(u)),
        PaedagogiskPlan,
        parse="api",
        must_see=MYNDIGHED | LEV_LEDERE | BOSTOETTER,
        must_have_rows=frozenset({"anna", "bo", "lise", "dorte"}),
    ),
    ListPage(
        "API besøg",
        _url("api:v1:besoeg-list", "antal=100"),
        lambda u: Besoeg.objects.filter(bestilling__in=_bestillinger(u)),
        Besoeg,
        parse="api",
        must_see=LEV_LEDERE | BOSTOETTER,
        must_have_rows=frozenset({"lise", "dorte"}),
    ),
    ListPage(
        "API frister/opgaver",
        _url("api:v1:opgave-list", "antal=100"),
        Opgave.objects.visible_to,
        Opgave,
        parse="api",
        must_see=frozenset(CAST_USERS),
    ),
]


def build_mixed_world(c: SimpleNamespace) -> SimpleNamespace:
    """Erik (Nord, Anna) and Gitte (Syd, Carl) with accepted orders to Bostøtten Nord and Privat
    Støtte (Dorte assigned to Erik); Else (Nord, Anders) with an order sent to Bostøtten Nord and
    not answered; Olga (Nord) and Preben (Syd) with closed cases; Carl has an active grant on
    Olga's case and an expired one on Else's; plans for Erik; one visit by Dorte."""
    build_world(c)
    now = timezone.now()
    c.sag_else = make_sag(
        make_borger("Else", "Enevoldsen", kommune=c.kommune), c.anders, c.team_nord
    )
    c.best_else = sent_bestilling(c.sag_else, c.anders, c.bo, c.lev_nord)
    c.sag_olga = make_sag(make_borger("Olga", "Olsen", kommune=c.kommune), c.anna, c.team_nord)
    sag_close(
        sag=c.sag_olga, closed_on=timezone.localdate(now), begrundelse="Flyttet", actor=c.anna
    )
    c.sag_preben = make_sag(
        make_borger("Preben", "Pedersen", kommune=c.kommune), c.carl, c.team_syd
    )
    sag_close(
        sag=c.sag_preben, closed_on=timezone.localdate(now), begrundelse="Ophørt", actor=c.carl
    )
    sag_adgang_give(
        sag=c.sag_olga,
        user=c.carl,
        udloeber_at=now + timedelta(days=7),
        begrundelse="Vikar",
        actor=c.bo,
    )
    past = now - timedelta(days=60)
    sag_adgang_give(
        sag=c.sag_else,
        user=c.carl,
        udloeber_at=past + timedelta(days=30),
        begrundelse="Vikar (udløbet)",
        actor=c.bo,
        now=past,
    )
    handleplan_get_or_create(sag=c.sag_erik, actor=c.anna)
    paedagogisk_plan_create(
        bestilling=c.best_erik, actor=c.lise, udarbejdet="sammen", tilgang="Recovery"
    )
    start = datetime(2026, 4, 7, 10, 0, tzinfo=CPH)
    besoeg_create(
        bestilling=c.best_erik,
        medarbejder=c.dorte,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        kontaktform="hjemmebesoeg",
        actor=c.dorte,
    )
    return c


# --- Pages that need rows of their own (visits, worklist tasks, wishes, the access log) ----------
# The calendars show a fixed fortnight: the week of 6 April 2026 and the next.
KALENDER_FRA = date(2026, 4, 6)
KALENDER_LO = datetime(2026, 4, 6, tzinfo=CPH)
KALENDER_HI = datetime(2026, 4, 20, tzinfo=CPH)
LIVE = ("accepteret", "startet")


def _besoeg_at(
    c: SimpleNamespace, best: Bestilling, who: User, start: datetime, **kw: Any
) -> Besoeg:
    return besoeg_create(
        bestilling=best,
        medarbejder=who,
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        kontaktform="hjemmebesoeg",
        actor=who,
        **kw,
    )


def setup_levering(c: SimpleNamespace) -> None:
    """Hanne (Nord, Anders) with an order accepted by Bostøtten Nord and Frank assigned; Else's
    order accepted too but nobody assigned (live, outside every team); a visit by Frank inside
    the calendar fortnight and one by Dorte after it."""
    c.sag_hanne = make_sag(make_borger("Hanne", "Hansen", kommune=c.kommune), c.anders, c.team_nord)
    c.best_hanne = bestilling_accept(
        bestilling=sent_bestilling(c.sag_hanne, c.anders, c.bo, c.lev_nord), actor=c.lise, now=NOW
    )
    tildeling_create(
        bestilling=c.best_hanne, medarbejder=c.frank, starts_on=STARTS_ON, actor=c.lise, now=NOW
    )
    c.best_else = bestilling_accept(bestilling=c.best_else, actor=c.lise, now=NOW)
    _besoeg_at(c, c.best_hanne, c.frank, datetime(2026, 4, 8, 13, 0, tzinfo=CPH))
    _besoeg_at(c, c.best_erik, c.dorte, datetime(2026, 5, 5, 9, 0, tzinfo=CPH))


def setup_opgaver(c: SimpleNamespace) -> None:
    """Overdue applications on Erik's (Anna), Else's (Anders) and Gitte's (Carl) cases, and a
    second one on Erik's case; the daily scan makes the tasks; Anna closes one of hers."""
    ensure_ffb()
    for sag in (c.sag_erik, c.sag_else, c.sag_gitte, c.sag_erik):
        tilsyn_builders.henvendelse(sag, frist_on=tilsyn_builders.NOW.date())
    frister_scan(now=tilsyn_builders.NOW)
    done = Opgave.objects.filter(ansvarlig=c.anna, status="aaben").order_by("id").first()
    assert done is not None, "skanningen lavede ingen opgave til Anna"
    opgave_close(opgave=done, status="udfoert", begrundelse="", actor=c.anna)


def setup_portal(c: SimpleNamespace) -> None:
    """Two planned visits to Erik next week, a wish on each (one answered); access-log rows for
    Erik and Gitte with purposes that tell them apart."""
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    b1 = _besoeg_at(c, c.best_erik, c.dorte, start + timedelta(days=7), status="planlagt")
    b2 = _besoeg_at(c, c.best_erik, c.dorte, start + timedelta(days=8), status="planlagt")
    besoegsanmodning_create(
        borger=c.erik, besoeg=b1, art="flyt", begrundelse="Tandlæge", actor=c.erik_user
    )
    answered = besoegsanmodning_create(
        borger=c.erik, besoeg=b2, art="aflys", begrundelse="Syg", actor=c.erik_user
    )
    besoegsanmodning_handle(anmodning=answered, actor=c.dorte, svar="God bedring")
    for actor, borger, sag, formaal in (
        (c.anna, c.erik, c.sag_erik, "Test: Anna så Eriks sag"),
        (c.anna, c.erik, c.sag_erik, "Test: Anna så Eriks sag"),
        (c.carl, c.gitte, c.sag_gitte, "Test: Carl så Gittes sag"),
        (c.gitte_user, c.gitte, None, "Test: Gitte så sin plan"),
    ):
        accesslog_record(
            actor=actor, borger=borger, sag=sag, art="visning", formaal=formaal, view_name="test"
        )


def setup_levering_og_portal(c: SimpleNamespace) -> None:
    setup_levering(c)
    setup_portal(c)


def _timer_team(user: User) -> models.QuerySet[Bestilling]:
    """The hours page's team filter, read from its documentation: a leader asking for a team of
    their own leverandør gets the citizens whose primary bostøtte today works in that team; a
    team of another leverandør falls back to the teams the leader leads, else their own team;
    a bostøtte's page has no team filter."""
    qs = _bestillinger(user).filter(status__in=LIVE)
    if user.rolle != Rolle.LEVERANDOERLEDER:
        return qs
    own = user.medarbejder.leverandoer_team
    chosen = LeverandoerTeam.objects.get(navn="Team Øst")
    if chosen.leverandoer_id == own.leverandoer_id:
        team_ids = [chosen.pk]
    else:
        led = LeverandoerTeam.objects.filter(leverandoer_id=own.leverandoer_id, leder=user)
        team_ids = list(led.values_list("pk", flat=True)) or [own.pk]
    today = timezone.localdate()
    primary = Tildeling.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        er_primaer=True,
        starts_on__lte=today,
        medarbejder__medarbejder__leverandoer_team_id__in=team_ids,
    )
    return qs.filter(pk__in=primary.values("bestilling_id"))


def _kalender(chosen: str) -> Expected:
    """A bostøtte's calendar is their own visits; a leader's is the chosen bostøtte's (the first
    by name when the choice is not one of their staff) — always inside the viewer's scope."""

    def expected(user: User) -> models.QuerySet[Besoeg]:
        medarbejder: User | None = user
        if user.rolle == Rolle.LEVERANDOERLEDER:
            staff = User.objects.filter(
                rolle=Rolle.BOSTOETTE,
                is_active=True,
                medarbejder__leverandoer_team__leverandoer_id=(
                    user.medarbejder.leverandoer_team.leverandoer_id
                ),
            ).order_by("first_name", "last_name")
            medarbejder = staff.filter(username=chosen).first() or staff.first()
        return Besoeg.objects.filter(
            medarbejder=medarbejder,
            bestilling__in=_bestillinger(user),
            starts_at__gte=KALENDER_LO,
            starts_at__lt=KALENDER_HI,
        )

    return expected


def _own_log(user: User) -> list[AccessLog]:
    return list(AccessLog.objects.filter(borger__in=Borger.objects.visible_to(user)))


ART = dict(AccessLog.Art.choices)


def _adgangslog_expected_html(user: User) -> list[str]:
    out = []
    for log in _own_log(user):
        selv = " (dig selv)" if log.actor_id == user.pk else ""
        out.append(f"{timezone.localtime(log.at):%H.%M}|{ART[log.art]}{selv}|{log.formaal}")
    return out


def _adgangslog_rows_html(body: str) -> list[str]:
    """The rows of the log table: time of day | what happened | why."""
    if "<tbody>" not in body:
        return []
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    out = []
    for tr in re.findall(r"<tr>(.*?)</tr>", tbody, re.S):
        cells = [
            " ".join(html.unescape(strip_tags(td)).split())
            for td in re.findall(r"<td>(.*?)</td>", tr, re.S)
        ]
        out.append(f"{cells[0][-5:]}|{cells[1]}|{cells[2]}")
    return out


def _adgangslog_expected_csv(user: User) -> list[str]:
    out = []
    for log in _own_log(user):
        local = timezone.localtime(log.at)
        hvem = "Dig selv" if log.actor_id == user.pk else "Kommunen eller din leverandør"
        out.append(f"{local:%d-%m-%Y}|{local:%H:%M}|{ART[log.art]}|{log.formaal}|{hvem}")
    return out


def _adgangslog_rows_csv(body: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == ["Dato", "Tidspunkt", "Hvad skete der", "Formål", "Hvem"], rows[0]
    return ["|".join(row) for row in rows[1:]]


def _kalender_url(query: Callable[[SimpleNamespace], str]) -> Callable[[SimpleNamespace], str]:
    return lambda c: reverse("levering:kalender") + f"?fra={KALENDER_FRA}" + query(c)


LEV_ALLE = LEV_LEDERE | BOSTOETTER

PAGES += [
    # --- Levering: the hours page (paginated; the leader's team filter) and the calendars -----
    ListPage(
        "Timer (alle teams, 2 pr. side)",
        _url("levering:timer", "team=alle"),
        lambda u: _bestillinger(u).filter(status__in=LIVE),
        Bestilling,
        setup=setup_levering,
        paginated=True,
        per_page=("levering.views.TIMER_PR_SIDE", 2),
        must_see=LEV_ALLE,
        must_have_rows=frozenset({"lise", "lars", "dorte", "frank"}),
    ),
    ListPage(
        "Timer (Team Øst)",
        lambda c: reverse("levering:timer") + f"?team={c.lt_nord.pk}",
        _timer_team,
        Bestilling,
        setup=setup_levering,
        paginated=True,
        must_see=LEV_ALLE,
        must_have_rows=frozenset({"lise", "dorte", "frank"}),
    ),
    ListPage(
        "Kalender (egen / første bostøtte)",
        _kalender_url(lambda c: ""),
        _kalender(""),
        Besoeg,
        setup=setup_levering,
        must_see=LEV_ALLE,
        must_have_rows=frozenset({"lise", "dorte", "frank"}),
    ),
    ListPage(
        "Kalender (valgt bostøtte: Frank)",
        _kalender_url(lambda c: f"&medarbejder={c.frank.uuid}"),
        _kalender("frank"),
        Besoeg,
        setup=setup_levering,
        must_see=LEV_ALLE,
        must_have_rows=frozenset({"lise", "dorte", "frank"}),
    ),
    ListPage(
        "Borgerens besøgskalender (Erik)",
        lambda c: (
            reverse("levering:bestilling-kalender", kwargs={"uuid": c.best_erik.uuid})
            + f"?fra={KALENDER_FRA}"
        ),
        lambda u: Besoeg.objects.filter(
            bestilling__in=_bestillinger(u).filter(sag__borger__fornavn="Erik"),
            starts_at__gte=KALENDER_LO,
            starts_at__lt=KALENDER_HI,
        ),
        Besoeg,
        setup=setup_levering,
        must_see=frozenset({"lise", "dorte"}),
        must_have_rows=frozenset({"lise", "dorte"}),
    ),
    # --- Tilsyn worklists ---------------------------------------------------------------------
    ListPage(
        "Mine opgaver",
        _url("tilsyn:mine-opgaver"),
        lambda u: Opgave.objects.visible_to(u).filter(status="aaben", ansvarlig=u),
        Opgave,
        setup=setup_opgaver,
        must_see=MYNDIGHED,
        must_have_rows=frozenset({"anna", "anders", "carl"}),
    ),
    ListPage(
        "Teamets opgaver",
        _url("tilsyn:team-opgaver"),
        lambda u: Opgave.objects.visible_to(u).filter(status="aaben", sag__team__leder=u),
        Opgave,
        setup=setup_opgaver,
        must_see=frozenset({"bo", "sofie"}),
        must_have_rows=frozenset({"bo", "sofie"}),
    ),
    # --- Portal -------------------------------------------------------------------------------
    ListPage(
        "Mine besøg (portal)",
        _url("portal:besoeg-list"),
        lambda u: Besoeg.objects.filter(sag__in=_sager(u)),
        Besoeg,
        setup=setup_levering_og_portal,
        must_see=BORGERE,
        must_have_rows=frozenset({"erik_user"}),
    ),
    ListPage(
        "Borgernes ønsker om besøg (personale)",
        _url("portal:anmodning-list"),
        lambda u: Besoegsanmodning.objects.filter(sag__in=_sager(u), status="ny"),
        Besoegsanmodning,
        setup=setup_portal,
        must_see=MYNDIGHED | LEV_ALLE,
        must_have_rows=frozenset({"anna", "anders", "bo", "lise", "dorte"}),
    ),
    ListPage(
        "Hvem har set mine oplysninger (portal)",
        _url("portal:adgangslog"),
        _sager,  # unused: `expected_rows` below
        AccessLog,
        setup=setup_portal,
        paginated=True,
        rows=_adgangslog_rows_html,
        expected_rows=_adgangslog_expected_html,
        must_see=BORGERE,
        must_have_rows=BORGERE,
    ),
    ListPage(
        "Hvem har set mine oplysninger (CSV)",
        _url("portal:adgangslog-csv"),
        _sager,  # unused: `expected_rows` below
        AccessLog,
        parse="csv",
        setup=setup_portal,
        rows=_adgangslog_rows_csv,
        expected_rows=_adgangslog_expected_csv,
        must_see=BORGERE,
        must_have_rows=BORGERE,
    ),
]

DRILL_Q = "fra=2026-01-01&til=2026-12-31"
SAGSNUMMER_RE = re.compile(r"\b\d{4}-\d{6}\b")


def _drill(key: str) -> Expected:
    """The cases behind a measure, inside the measures' scope (`maaling_sag_scope`). A
    pseudonymised viewer (the analytiker) gets pseudonyms, and none below five cases: no case
    numbers (that view is tested in tests/maaling/test_views.py)."""

    def expected(user: User) -> models.QuerySet[Sag]:
        _form, udsnit = udsnit_from_request(QueryDict(DRILL_Q), user=user)
        assert udsnit is not None
        if udsnit.pseudonymiseret:
            return Sag.objects.none()
        return maaling_sag_scope(user).filter(pk__in=population_sag_ids(key, udsnit))

    return expected


PAGES += [
    ListPage(
        "Målinger: eksport af besøg (CSV, identificeret)",
        _url("maaling:eksport-csv", f"{DRILL_Q}&datasaet=besoeg"),
        lambda u: Besoeg.objects.filter(
            sag__in=maaling_sag_scope(u),
            starts_at__gte=datetime(2026, 1, 1, tzinfo=CPH),
            starts_at__lt=datetime(2027, 1, 1, tzinfo=CPH),
        ),
        Besoeg,
        parse="csv",
        key="sag__sagsnummer",
        csv_column="Sagsnummer",
        pseudonym_column="Pseudonym",
        setup=setup_levering,
        must_see=frozenset({"bo", "sofie", "lise", "lars", "hans"}),
        must_have_rows=frozenset({"bo", "lise", "hans"}),
    ),
    ListPage(
        "Målinger: sagerne bag et tal (bestillinger med timer)",
        lambda c: reverse("maaling:drill", kwargs={"key": "timer"}) + f"?{DRILL_Q}",
        _drill("timer"),
        Sag,
        key="sagsnummer",
        id_re=SAGSNUMMER_RE,
        paginated=True,
        must_see=frozenset({"bo", "sofie", "lise", "lars", "hans"}),
        must_have_rows=frozenset({"bo", "sofie", "lise", "lars"}),
    ),
]

# Not in PAGES, with the reason (every URL of tests/access/matrix_*.py and routes.py was checked):
# * one case or one object (the *-detail, *-edit, *-create, plan, print, PDF, brev, bilag, klage,
#   besøg-log, statusrapport, indlæggelse pages): a single object, whose access is the matrix's job;
# * core:sag-list is covered above (four filters); core:home and the kvalitetsstandard pages hold
#   no rows per case or citizen;
# * tilsyn:indbakke: the user's own messages (modtager = the user), not rows by case scope;
# * portal forside/plan/afgørelser/trivsel/pårørende/kontakt: the citizen's own data through the
#   same `Sag.objects.visible_to` as "Mine besøg" and "Borgerens afgørelser" above;
# * maaling:dashboard, API maaling-list: counts and percentiles, no rows per case; the XLSX export
#   (eksport-xlsx/-status/-hent) is built by the same `dataset()` as the CSV exports above; the
#   "maal" data set is the dashboard's numbers;
# * levering:gruppesession-create: a form listing the bostøtte's assigned citizens (the "I dag"
#   selector, covered above); API ffb lists, schema, docs and mig: no citizen data.

PAGE_LINK_RE = re.compile(r'href="(\?[^"]*\bside=\d+[^"]*)"')


def _counted(texts: list[str]) -> set[str]:
    """A multiset as a set: the n-th equal row is "text #n", so one row too many shows."""
    seen: Counter[str] = Counter()
    out = set()
    for text in texts:
        seen[text] += 1
        out.add(f"{text} #{seen[text]}")
    return out


def _bodies(page: ListPage, client: Any, url: str) -> tuple[int, list[str]]:
    """(status of the first request, the body of every page reached through the pager)."""
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, []
    if page.parse == "csv":
        return 200, [b"".join(response.streaming_content).decode("utf-8-sig")]
    bodies = [response.content.decode()]
    if page.paginated:
        base, fetched, todo = url.split("?", maxsplit=1)[0], {url}, PAGE_LINK_RE.findall(bodies[0])
        while todo:
            link = base + html.unescape(todo.pop())
            if link in fetched:
                continue
            fetched.add(link)
            more = client.get(link)
            assert more.status_code == 200, f"{link}: {more.status_code}"
            bodies.append(more.content.decode())
            todo += PAGE_LINK_RE.findall(bodies[-1])
    return 200, bodies


def _shown(page: ListPage, client: Any, url: str, universe: set[str]) -> tuple[int, set[str], bool]:
    """(status, identifiers shown, whether they are pseudonyms rather than `page.key` values)."""
    if page.parse != "api":
        status, bodies = _bodies(page, client, url)
        if status != 200:
            return status, set(), False
        if page.rows is not None:
            return 200, _counted([row for body in bodies for row in page.rows(body)]), False
        if page.parse == "html":
            return 200, {u for body in bodies for u in page.id_re.findall(body)} & universe, False
        body = bodies[0]
        rows = list(csv.reader(io.StringIO(body), delimiter=";"))
        pseudonymised = page.csv_column not in rows[0] and page.pseudonym_column in rows[0]
        if pseudonymised:  # a pseudonym per citizen, one row per case: count the rows
            return 200, {str(i) for i in range(len(rows) - 1)}, True
        column = rows[0].index(page.csv_column)
        return 200, {row[column] for row in rows[1:]}, False
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, set(), False
    shown: set[str] = set()
    while True:
        data = response.json()
        shown |= {str(item["uuid"]) for item in data["results"]}
        if not data.get("next"):
            return 200, shown, False
        response = client.get(data["next"])
        assert response.status_code == 200


def _describe(page: ListPage, keys: set[str]) -> str:
    """Rows by case number, so a failure names them in words a reader can look up."""
    if not keys:
        return "[]"
    if page.rows is not None:  # rows without an identifier: their text says which they are
        return "[" + ", ".join(sorted(keys)) + "]"
    rows = page.model._default_manager.filter(**{f"{page.key}__in": keys})
    out = []
    for row in rows:
        sag = row if isinstance(row, Sag) else getattr(row, "sag", None)
        if sag is None and hasattr(row, "bestilling"):
            sag = row.bestilling.sag
        out.append(
            f"{page.model.__name__} {row.pk}"
            + (f" (sag {sag.sagsnummer}, {sag.borger.fornavn})" if sag else f" ({row})")
        )
    return "[" + ", ".join(sorted(out)) + "]"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.label)
@pytest.mark.django_db
def test_list_shows_exactly_the_access_scope(page: ListPage, cast, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build_mixed_world(cast)
    if page.setup is not None:
        page.setup(cast)
    if page.per_page is not None:
        monkeypatch.setattr(*page.per_page)
    url = page.url(cast)
    universe = (
        set()
        if page.rows is not None
        else {str(v) for v in page.model._default_manager.values_list(page.key, flat=True)}
    )
    failures: list[str] = []
    seen_by: set[str] = set()
    most_rows = 0
    for name in CAST_USERS:
        user = getattr(cast, name)
        client.force_login(user)
        status, shown, pseudonymised = _shown(page, client, url, universe)
        client.logout()
        if status != 200:
            if name in page.must_see:
                failures.append(f"{name}: fik {status}, forventede 200")
            continue  # who may open the page at all is the access matrix's job
        seen_by.add(name)
        if page.expected_rows is not None:
            expected = _counted(page.expected_rows(user))
        else:
            expected = {
                str(v) for v in page.expected(user).values_list(page.key, flat=True).distinct()
            }
        most_rows = max(most_rows, len(expected))
        if name in page.must_have_rows and not expected:
            failures.append(f"{name}: testdata giver ingen rækker – testen ville ikke kunne fejle")
        if pseudonymised:  # one row per expected object (per case, per visit …)
            rows = page.expected(user).distinct().count()
            if len(shown) != rows:
                failures.append(f"{name}: {len(shown)} pseudonymiserede rækker, forventede {rows}")
            continue
        extra, missing = shown - expected, expected - shown
        if extra or missing:
            failures.append(
                f"{name}: for mange {_describe(page, extra)}, mangler {_describe(page, missing)}"
            )
    assert seen_by, f"{page.label}: ingen i castet kunne åbne siden"
    if page.per_page is not None and most_rows <= page.per_page[1]:
        failures.append(
            f"ingen fik mere end én side ({most_rows} rækker): bladringen er ikke prøvet"
        )
    assert not failures, f"{page.label} ({url}):\n  " + "\n  ".join(failures)

"""List pages, API lists and exports return exactly what the access function allows.

The access matrix (test_matrix.py) proves who may open each URL. This test proves the other half:
on a mixed dataset (cases in both teams, open and closed, orders to two leverandører, an active
and an expired temporary grant, plans and a visit), every member of the cast who may open a list
sees exactly the rows that the access function (`Sag.objects.visible_to`, `Borger.objects.
visible_to`, `Bestilling.objects.visible_to`, `Opgave.objects.visible_to`, …) gives them, cut by
the page's own documented filter — no row more, no row less.

A new list page is one more `ListPage(...)` in PAGES: the URL, how the rows are recognised in the
response (uuids of a model in HTML, `uuid` in API results, a CSV column) and the expected queryset.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from bostotte.core.models import Borger, Sag, User
from bostotte.core.services.sag import sag_adgang_give, sag_close
from handleplaner.models import Handleplan, PaedagogiskPlan
from handleplaner.services import handleplan_get_or_create, paedagogisk_plan_create
from levering.models import Besoeg
from levering.services import besoeg_create
from tests.api.builders import build_world, sent_bestilling
from tests.factories import make_borger, make_sag
from tilsyn.maaling.scope import maaling_sag_scope
from tilsyn.models import Opgave
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
    url: Callable[[], str]
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


def _url(name: str, query: str = "") -> Callable[[], str]:
    return lambda: reverse(name) + (f"?{query}" if query else "")


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


def _shown(page: ListPage, client: Any, url: str, universe: set[str]) -> tuple[int, set[str], bool]:
    """(status, identifiers shown, whether they are pseudonyms rather than `page.key` values)."""
    response = client.get(url)
    if response.status_code != 200:
        return response.status_code, set(), False
    if page.parse == "html":
        return 200, set(UUID_RE.findall(response.content.decode())) & universe, False
    if page.parse == "csv":
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body), delimiter=";"))
        pseudonymised = page.csv_column not in rows[0] and page.pseudonym_column in rows[0]
        if pseudonymised:  # a pseudonym per citizen, one row per case: count the rows
            return 200, {str(i) for i in range(len(rows) - 1)}, True
        column = rows[0].index(page.csv_column)
        return 200, {row[column] for row in rows[1:]}, False
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
def test_list_shows_exactly_the_access_scope(page: ListPage, cast, client) -> None:  # type: ignore[no-untyped-def]
    build_mixed_world(cast)
    universe = {str(v) for v in page.model._default_manager.values_list(page.key, flat=True)}
    failures: list[str] = []
    seen_by: set[str] = set()
    for name in CAST_USERS:
        user = getattr(cast, name)
        client.force_login(user)
        status, shown, pseudonymised = _shown(page, client, page.url(), universe)
        client.logout()
        if status != 200:
            if name in page.must_see:
                failures.append(f"{name}: fik {status}, forventede 200")
            continue  # who may open the page at all is the access matrix's job
        seen_by.add(name)
        expected = {str(v) for v in page.expected(user).values_list(page.key, flat=True).distinct()}
        if name in page.must_have_rows and not expected:
            failures.append(f"{name}: testdata giver ingen rækker – testen ville ikke kunne fejle")
        if pseudonymised:
            if len(shown) != len(expected):
                failures.append(
                    f"{name}: {len(shown)} pseudonymiserede rækker, forventede {len(expected)}"
                )
            continue
        extra, missing = shown - expected, expected - shown
        if extra or missing:
            failures.append(
                f"{name}: for mange {_describe(page, extra)}, mangler {_describe(page, missing)}"
            )
    assert seen_by, f"{page.label}: ingen i castet kunne åbne siden"
    assert not failures, f"{page.label} ({page.url()}):\n  " + "\n  ".join(failures)

"""Reads. Every selector that returns one citizen's data takes the requesting user, goes through
the access function, answers 404 outside the scope and writes the AccessLog row."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, NamedTuple
from uuid import UUID

from django.core.paginator import Page
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    Case,
    Count,
    Func,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.http import Http404
from django.utils import timezone

from . import crypto
from .access import sag_row_scope, sag_scope_branches, sag_scope_for_page
from .case_sections import CaseQuery, case_instances, prefetch_case_queries
from .exceptions import NotAllowedError
from .models import (
    MYNDIGHED_ROLLER,
    AccessLog,
    Borger,
    Journalnotat,
    Kommune,
    MyndighedTeam,
    Paaroerende,
    Sag,
    SagUserObjectPermission,
    Samtykke,
    User,
)
from .services.accesslog import accesslog_record
from .sql import PerUserSql, compiled_sql, fetch_all
from .viewutils import page_from


def sag_list_visible(*, user: User, status: str | None = "aaben", mine: bool = False, q: str = "") -> QuerySet[Sag]:
    """Cases in scope for a list page; constant query count (select_related only). Only the
    columns the list shows are loaded (not the citizen's encrypted CPR, the staff's password
    hashes …): up to 200 rows of four models each. The case list's page (`sag_list_page`) gives
    exactly these cases in this order (tests/core/views/test_sag_list_page.py)."""
    qs = (
        Sag.objects.visible_to(user)
        .select_related("borger", "ansvarlig", "team")
        .only(
            "uuid", "sagsnummer", "status", "opened_on", "borger_id", "ansvarlig_id", "team_id",
            "borger__fornavn", "borger__efternavn",
            "ansvarlig__username", "ansvarlig__first_name", "ansvarlig__last_name",
            "team__navn",
        )
    )
    return _sag_list_filter(qs, user=user, status=status, mine=mine, q=q)


def _sag_list_filter(qs: QuerySet[Sag], *, user: User, status: str | None, mine: bool, q: str) -> QuerySet[Sag]:
    """The case list's filters and order (status, "mine", the search text), for both forms."""
    return _sag_list_where(qs, user=user, status=status, mine=mine, q=q, names=("borger__fornavn", "borger__efternavn")).order_by(
        "borger__efternavn", "borger__fornavn", "id"
    )


def _sag_list_where(
    qs: QuerySet[Any], *, user: User, status: str | None, mine: bool, q: str, names: tuple[str, str]
) -> QuerySet[Any]:
    """The case list's filters; the search looks in the case number and the citizen's names
    (`names`: the citizen's own fields or their copies on the case, which are equal)."""
    if status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(ansvarlig=user)
    if q:
        q = q.strip()
        qs = qs.filter(Q(sagsnummer__icontains=q) | Q(**{f"{names[0]}__icontains": q}) | Q(**{f"{names[1]}__icontains": q}))
    return qs


def _sag_list_ids(*, user: User, now: datetime, status: str | None, mine: bool, q: str) -> QuerySet[Any]:
    """`sag_list_visible`'s cases as (id, the citizen's efternavn, fornavn) rows, in no order:
    the narrow query from which the case list's page query (`_LIST_PAGE_SQL`) sorts, counts and
    picks a page (`sag_list_page`).

    One SELECT per access relationship (`access.sag_scope_branches`) with the list's filters, as
    a UNION (a case reached twice counts once). The names are the case's own copies
    (`Sag.borger_efternavn`/`borger_fornavn`, kept by the database), so a team's or a
    caseworker's cases come from one index-only scan of `core_sag_team_status` /
    `core_sag_ansvarlig_status`, not from a case row and a citizen row per case: the list's cost
    follows the number of cases the user may see far less steeply (issue 10)."""
    branches = [
        # the filters on each branch (no order: the page query sorts), the search in the copies
        _sag_list_where(branch.order_by(), user=user, status=status, mine=mine, q=q, names=("borger_fornavn", "borger_efternavn"))
        .values_list("pk", "borger_efternavn", "borger_fornavn")
        for branch in sag_scope_branches(user, now)
    ]
    if not branches:
        return Sag.objects.none().values_list("pk", "borger_efternavn", "borger_fornavn")
    first, *rest = branches
    return first.union(*rest) if rest else first


class SagListRow(NamedTuple):
    """One case on the case list (`sag_list_page`): what the list prints and the keys."""

    pk: int
    uuid: UUID
    sagsnummer: str
    status: str
    opened_on: date
    borger_id: int
    borger_navn: str  # Borger.navn
    ansvarlig_id: int
    ansvarlig_navn: str  # User.visningsnavn
    team_id: int
    team_navn: str


# The case list's page: the narrow query's rows (`_sag_list_ids`: id and names) sorted as
# `sag_list_visible` sorts, counted (`COUNT(*) OVER ()`) and cut to the page, and only the page's
# rows joined to what the list prints. Sorting ~1,000 cases with the columns of four tables,
# planned as one join problem, cost about twice as much in PostgreSQL as choosing the page from
# ids and names first. The responsible caseworker and the team are scalar subqueries, which plan
# faster than two more joins (issue 10).
_LIST_PAGE_SQL = (
    "SELECT s.id, s.uuid, s.sagsnummer, s.status, s.opened_on, s.borger_id, p.fornavn, p.efternavn,"
    " s.ansvarlig_id, (SELECT ARRAY[u.username, u.first_name, u.last_name] FROM core_user u WHERE u.id = s.ansvarlig_id),"
    " s.team_id, (SELECT t.navn FROM core_myndighedteam t WHERE t.id = s.team_id), p.i_alt"
    " FROM (SELECT c.id, c.fornavn, c.efternavn, COUNT(*) OVER () FROM ({ids}) c (id, efternavn, fornavn)"
    " ORDER BY c.efternavn, c.fornavn, c.id LIMIT {limit} OFFSET {offset}) p (id, fornavn, efternavn, i_alt)"
    " JOIN core_sag s ON s.id = p.id ORDER BY p.efternavn, p.fornavn, p.id"
)


# The narrow query's SQL compiled once per user, filter and database (not for a search, whose
# text is in the SQL's parameters) and run with the time: building and compiling the union of the
# access branches through the ORM cost about as much as running it (issue 10; `sql.PerUserSql`).
_LIST_SQL = PerUserSql(
    lambda user, now, status, mine: _sag_list_ids(user=user, now=now, status=status, mine=mine, q="")
)


def _sag_list_sql(user: User, status: str | None, mine: bool, q: str, using: str) -> tuple[str, list[Any]] | None:
    """The SQL and parameters of `_sag_list_ids(user=…, now=<now>, …)`; None for no cases."""
    now = timezone.now()
    if q:
        return compiled_sql(_sag_list_ids(user=user, now=now, status=status, mine=mine, q=q), using)
    return _LIST_SQL.sql(user, now, extra=(status, mine), using=using)


def _sag_list_rows(sql: str, params: list[Any], start: int, stop: int, using: str) -> tuple[list[SagListRow], int]:
    """Rows `start:stop` of the narrow query (`_sag_list_sql`) with what the list prints, and the
    number of cases in the whole list; one query. A page past the end answers ([], 0). Plain
    rows, not four model instances each (a tenth of the page's Python, issue 10)."""
    page_sql = _LIST_PAGE_SQL.format(ids=sql, limit=int(stop) - int(start), offset=int(start))
    found = fetch_all(page_sql, params, using=using)
    rows = [
        SagListRow(
            pk, uuid, sagsnummer, status, opened_on,
            borger_id, f"{fornavn} {efternavn}",
            # User.visningsnavn: get_full_name() or username
            ansvarlig_id, f"{first_name} {last_name}".strip() or username,
            team_id, team_navn,
        )
        for (
            pk, uuid, sagsnummer, status, opened_on, borger_id, fornavn, efternavn,
            ansvarlig_id, (username, first_name, last_name), team_id, team_navn, _,
        ) in found
    ]
    return rows, (found[0][-1] if found else 0)


def sag_list_page(
    *, user: User, status: str | None = "aaben", mine: bool = False, q: str = "", side: str | None, pr_side: int,
    using: str = DEFAULT_DB_ALIAS,
) -> Page:
    """Page `side` of `sag_list_visible(user=…, status=…, mine=…, q=…)`: the same cases in the
    same order with the same total (`page.paginator.count`), and what `page_with_total` answers
    for a page number (past the end or below 1: the last page; not a number: the first), in one
    query (two or three for a page past the end). The page's rows are `SagListRow`s."""
    found = _sag_list_sql(user, status, mine, q, using)
    if found is None:  # the access function's NOTHING (an inactive user)
        return page_from(lambda _start, _stop: ([], 0), side, pr_side)
    sql, params = found
    return page_from(lambda start, stop: _sag_list_rows(sql, params, start, stop, using), side, pr_side)


def sag_get_visible(*, user: User, uuid: UUID | str, roller: frozenset[str] | None = None) -> Sag:
    """The case if `user` may see it, else 404 (no AccessLog: use sag_get_for_view to show it)."""
    if roller is not None and user.rolle not in roller:
        raise Http404
    try:
        return Sag.objects.visible_one(user).select_related(
            "borger", "ansvarlig", "team", "team__leder", "handlekommune", "betalingskommune"
        ).get(uuid=uuid)
    except (Sag.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def sag_get_for_view(
    *, user: User, uuid: UUID | str, formaal: str, view_name: str, roller: frozenset[str] = MYNDIGHED_ROLLER
) -> Sag:
    """Load a case for display and log the look at the citizen's data. `roller` are the roles
    whose screens show this page (the myndighed's case page is not the leverandør's or the
    citizen's view of the case, which live in `levering` and `portal`); others get 404."""
    if user.rolle not in roller:
        raise Http404
    sag = sag_get_visible(user=user, uuid=uuid)
    accesslog_record(actor=user, borger=sag.borger, sag=sag, art=AccessLog.Art.VISNING, formaal=formaal, view_name=view_name)
    return sag


# The columns the myndighed's case page prints (header, "Sagen", "Borgeren") and its sections
# use (`uuid`, `borger_id`): not the citizen's encrypted CPR, the staff's password hashes, the
# team leader's whole row … The case's own columns come with the access check; the related
# rows' (`_CASE_PAGE_RELATED`) with the page's other rows in one round trip, from queries
# compiled once (`CaseQuery`): the six joins' compile was a fifth of loading the case (issue 10).
# One small statement per relation (`<related>.id = (SELECT <fk> FROM core_sag WHERE id = …)`),
# not one query joining the six: PostgreSQL planned the seven-table join for ~1.3 ms each page,
# the slowest statement of the page's round trip, against ~0.05 ms for each of these.
_CASE_PAGE_FIELDS = (
    "uuid", "sagsnummer", "titel", "status", "opened_on", "closed_on", "borger_id", "ansvarlig_id", "team_id",
    "handlekommune_id", "betalingskommune_id", "bevares", "bevares_grund", "bevares_begrundelse", "bevares_af_id",
    "bevares_at",
)
_CASE_PAGE_RELATED: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "borger": (Borger, ("uuid", "fornavn", "efternavn", "foedselsdato", "adresse", "postnummer", "by", "telefon")),
    "ansvarlig": (User, ("username", "first_name", "last_name")),
    "team": (MyndighedTeam, ("navn", "leder_id")),
    "handlekommune": (Kommune, ("navn",)),
    "betalingskommune": (Kommune, ("navn",)),
    "bevares_af": (User, ("username", "first_name", "last_name")),
}


def _case_page_related(rel: str, model: type[Any], fields: tuple[str, ...]) -> CaseQuery:
    fk = f"{rel}_id"  # the foreign key's column (attname)
    return CaseQuery(
        lambda sag_id: (
            model._base_manager.filter(
                pk=Subquery(Sag.objects.filter(pk=sag_id).order_by().values(fk))
            )
            .order_by()
            .values_list("id", *fields)
        )
    )


_SAG_RELATED = {
    rel: _case_page_related(rel, model, fields)
    for rel, (model, fields) in _CASE_PAGE_RELATED.items()
}


# The case page's one-case query (`Sag.objects.visible_one(user)`, i.e. `sag_row_scope`, by
# uuid) compiled once per user and run with the time and the case's uuid: building and compiling
# its EXISTS probes through the ORM was ~6 ms a page against ~0.7 ms in PostgreSQL (issue 10).
# Only when the access function says its SQL depends on nothing but the user's role and id and
# the time (`sag_row_scope_key`); otherwise the query is built per call. The compile is checked:
# two compiles with different marks must differ exactly at the marks.
_UUID_MARKS = (UUID(int=7_391_204_113), UUID(int=7_391_204_114))


def _case_page_query(user: User, now: datetime, uuid: UUID) -> QuerySet[Any]:
    return (
        Sag.objects.filter(sag_row_scope(user, now), uuid=uuid)
        .order_by()
        .values_list("id", *_CASE_PAGE_FIELDS)
    )


# the uuid (value 1) must be in the SQL's parameters, or the compile is not used
_CASE_PAGE_SQL = PerUserSql(_case_page_query, ((_UUID_MARKS[0],), (_UUID_MARKS[1],)), required=frozenset({1}))


def _case_page_row(user: User, uuid: UUID, using: str = DEFAULT_DB_ALIAS) -> tuple[Any, ...] | None:
    """The case's `("id", *_CASE_PAGE_FIELDS)` if `user` may see it (the access function)."""
    found = _CASE_PAGE_SQL.sql(user, timezone.now(), uuid, using=using)
    if found is None:
        return None
    rows = fetch_all(*found, using=using)
    return rows[0] if rows else None


def sag_get_for_case_page(*, user: User, uuid: UUID | str) -> Sag:
    """`sag_get_for_view` for the myndighed's case page (same access function, same AccessLog
    row), loading only the columns the page and its sections use (`_CASE_PAGE_FIELDS`, and the
    related rows' `_CASE_PAGE_RELATED` in the page's prefetch); other fields are deferred. The
    access check is `visible_one`'s query, compiled once per user (`_case_page_row`)."""
    if user.rolle not in MYNDIGHED_ROLLER:
        raise Http404
    try:
        uuid = uuid if isinstance(uuid, UUID) else UUID(str(uuid))
    except ValueError as exc:
        raise Http404 from exc
    row = _case_page_row(user, uuid)
    if row is None:
        raise Http404
    (sag,) = case_instances(Sag, ("id", *_CASE_PAGE_FIELDS), [row])
    prefetch_case_queries(sag)
    for rel, (model, fields) in _CASE_PAGE_RELATED.items():
        rows = _SAG_RELATED[rel].rows(sag)
        if rows:
            setattr(sag, rel, case_instances(model, ("id", *fields), rows)[0])
        elif getattr(sag, f"{rel}_id") is not None:  # deleted since the access check
            raise Http404
    accesslog_record(
        actor=user, borger=sag.borger, sag=sag, art=AccessLog.Art.VISNING,
        formaal="Sagsbehandling: visning af sagen", view_name="sag-detail",
    )
    return sag


def borger_get_for_view(
    *, user: User, uuid: UUID | str, formaal: str, view_name: str, roller: frozenset[str] = MYNDIGHED_ROLLER
) -> Borger:
    if user.rolle not in roller:
        raise Http404
    try:
        borger = Borger.objects.visible_to(user).select_related("kommune").get(uuid=uuid)
    except (Borger.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    accesslog_record(actor=user, borger=borger, art=AccessLog.Art.VISNING, formaal=formaal, view_name=view_name)
    return borger


def borger_find_by_cpr(*, user: User, cpr: str) -> Borger | None:
    """Exact CPR lookup through the blind index, for the myndighed only (to open a new case
    for a citizen who may not have one yet). A hit is logged as an 'opslag'."""
    if user.rolle not in MYNDIGHED_ROLLER:
        raise NotAllowedError("Kun myndighedens medarbejdere kan slå borgere op på CPR-nummer.")
    index = crypto.cpr_blind_index(crypto.cpr_normalise(cpr))
    borger = Borger.objects.filter(cpr_index=index).first()
    if borger is not None:
        accesslog_record(
            actor=user, borger=borger, art=AccessLog.Art.SOEGNING,
            formaal="Opslag på CPR-nummer i forbindelse med en henvendelse", view_name="cpr-opslag",
        )
    return borger


def sag_list_for_borger(*, user: User, borger: Borger) -> QuerySet[Sag]:
    return Sag.objects.visible_to(user).filter(borger=borger).select_related("ansvarlig", "team")


def journal_list(*, sag: Sag) -> QuerySet[Journalnotat]:
    """The journal of a case the caller has already loaded through the access function."""
    return (
        Journalnotat.objects.filter(sag=sag)
        .select_related("forfatter", "korrigerer")
        .annotate(antal_rettelser=Count("korrektioner"))
        .order_by("-haendelse_at", "-id")
    )


_JOURNAL_COLUMNS = (
    "uuid", "emne", "art", "haendelse_at", "tekst", "forfatter__username", "forfatter__first_name", "forfatter__last_name",
    "korrigerer__uuid", "korrigerer__emne", "antal_rettelser",
)
_SAG_JOURNAL = CaseQuery(
    lambda sag_id: Journalnotat.objects.filter(sag_id=sag_id)
    .order_by("-haendelse_at", "-id")
    .annotate(antal_rettelser=Count("korrektioner"))
    .values_list(*_JOURNAL_COLUMNS)[:100]
)


def journal_rows_for_case_page(*, sag: Sag) -> list[dict[str, Any]]:
    """`journal_list`'s newest 100 notes as plain rows ({column: value}, `_JOURNAL_COLUMNS`)
    with only the columns the case page prints: no model instances, and the query compiled
    once (`CaseQuery`, issue 10)."""
    return [dict(zip(_JOURNAL_COLUMNS, row, strict=True)) for row in _SAG_JOURNAL.rows(sag)]


def journalnotat_get(*, sag: Sag, uuid: UUID | str) -> Journalnotat:
    try:
        return Journalnotat.objects.select_related("sag").get(sag=sag, uuid=uuid)
    except (Journalnotat.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def paaroerende_list(*, borger: Borger) -> QuerySet[Paaroerende]:
    active = Samtykke.objects.filter(tilbagekaldt_at__isnull=True)
    return Paaroerende.objects.filter(borger=borger).prefetch_related(
        Prefetch("samtykker", queryset=active, to_attr="aktive_samtykker")
    )


def sag_grants_active(*, sag: Sag) -> QuerySet[SagUserObjectPermission]:
    now = timezone.now()
    return (
        SagUserObjectPermission.objects.filter(content_object=sag)
        .filter(Q(udloeber_at__isnull=True) | Q(udloeber_at__gt=now))
        .select_related("user", "givet_af")
    )


_SAG_GRANTS = CaseQuery(
    lambda sag_id: SagUserObjectPermission.objects.filter(content_object_id=sag_id)
    .order_by("id")
    .values_list("id", "udloeber_at", "begrundelse", "user__username", "user__first_name", "user__last_name")
)


def sag_grants_for_case_page(*, sag: Sag, now: datetime | None = None) -> list[dict[str, Any]]:
    """`sag_grants_active` as rows with what the case page prints ({"pk", "navn" (the user's
    `visningsnavn`), "udloeber_at", "begrundelse"}). The case's few grants are read with a
    query compiled once (`CaseQuery`) and the expired ones left out here."""
    now = now or timezone.now()
    return [
        {"pk": pk, "navn": f"{first or ''} {last or ''}".strip() or username, "udloeber_at": udloeber_at, "begrundelse": begrundelse}
        for pk, udloeber_at, begrundelse, username, first, last in _SAG_GRANTS.rows(sag)
        if udloeber_at is None or udloeber_at > now
    ]


def accesslog_for_borger(*, borger: Borger) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(borger=borger).order_by("-at", "-id")


def _sag_counts_query(user: User, now: datetime) -> QuerySet[Any]:
    """The open cases the user may see (`sag_scope_for_page`, the same union as `visible_to`):
    how many, and how many of them the user is responsible for. COUNT as plain functions, not
    aggregates: no GROUP BY, always one row."""
    return (
        Sag.objects.filter(sag_scope_for_page(user, now), status=Sag.Status.AABEN)
        .order_by()
        .values_list(
            Func(template="COUNT(*)", output_field=IntegerField()),
            Func(Case(When(ansvarlig_id=user.pk, then=1)), function="COUNT", output_field=IntegerField()),
        )
    )


# The front page's two counts, compiled once per user (issue 10; `sql.PerUserSql`).
_COUNTS_SQL = PerUserSql(_sag_counts_query)


def sag_counts_for_user(*, user: User) -> dict[str, Any]:
    """{"aabne": open cases the user may see, "mine": those the user is responsible for}."""
    found = _COUNTS_SQL.sql(user, timezone.now())
    if found is None:
        return {"aabne": 0, "mine": 0}
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(*found)
        aabne, mine = cursor.fetchone()
    return {"aabne": aabne, "mine": mine}

"""Export rows (besøg, forløb, målinger) and their CSV/XLSX writers.

* CSV: streamed (`StreamingHttpResponse`), UTF-8 with BOM and `;` for Danish Excel, decimal
  commas, CRLF; text cells that start with = + - @, tab or CR get a leading `'` so a spreadsheet
  never runs them as formulas (numbers stay numbers). The visit dataset (up to millions of rows)
  is produced by PostgreSQL itself with `COPY (SELECT …) TO STDOUT (FORMAT csv)` through psycopg 3
  (`besoeg_csv_stream`): dates, decimals, labels and the neutralisation are done in the SELECT,
  and Python only adds the pseudonym and age group per citizen (cached) and batches the bytes.
  The other datasets use `values_list(...).iterator(chunk_size=2000)` and `csv_stream`.
* XLSX: openpyxl `Workbook(write_only=True)` in a Celery task (services.eksportjob_build).
* Pseudonymised rows carry `pseudonym(export secret, borger id)`, age group, gender and team —
  never CPR, names, sagsnummer or free text; aggregated rows with n < 5 are suppressed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db import models as m
from django.db.models import Exists, F, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from levering.models import Besoeg, BesoegStatus, Kontaktform
from visitation.models import Afgoerelse, Henvendelse

from .measures import CPH, DaysBetween, local_date, measures_for, start_of
from .pseudonym import pseudonym
from .udsnit import Udsnit, aldersgruppe_for

CHUNK = 2000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet could read as a formula gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def csv_cell(value: Any) -> str:
    """One CSV cell: numbers with decimal commas, local times, neutralised text. Dispatches on
    the exact type first (the hot path of a million-row export)."""
    t = type(value)
    if t is str:
        return neutralise(value)
    if value is None:
        return ""
    if t is bool:
        return str(_("ja") if value else _("nej"))
    if t is int:
        return str(value)
    if t is float or t is Decimal:
        return str(value).replace(".", ",")
    if t is datetime:
        d = value.astimezone(CPH)
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}"
    if t is date:
        return value.isoformat()
    return neutralise(str(value))


def xlsx_cell(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return timezone.localtime(value, CPH).replace(tzinfo=None)
    if isinstance(value, date):
        return value
    return neutralise(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: list[str], rows: Iterable[list[Any]], *, batch: int = 500) -> Iterator[str]:
    """BOM + header, then the rows in batches (one yielded string per batch: flat memory)."""
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield BOM + writer.writerow([neutralise(h) for h in header])
    buf = io.StringIO()
    out = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    for n, row in enumerate(rows, start=1):
        out.writerow([csv_cell(v) for v in row])
        if n % batch == 0:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate(0)
    if buf.tell():
        yield buf.getvalue()


@dataclass
class Datasaet:
    header: list[str]
    rows: Iterator[list[Any]]
    count: int | None
    borger_ids: QuerySet[Any] | list[int]  # the citizens included (AccessLog for identified exports)


def _labels() -> tuple[dict[str, str], dict[str, str]]:

    return {k: str(v) for k, v in Kontaktform.choices}, {k: str(v) for k, v in BesoegStatus.choices}


def besoeg_queryset(u: Udsnit) -> QuerySet[Any]:

    qs = Besoeg.objects.filter(sag__in=u.sag_ids(), starts_at__gte=start_of(u.fra), starts_at__lt=start_of(u.til + timedelta(days=1)))
    if u.leverandoer_id:
        qs = qs.filter(bestilling__leverandoer_id=u.leverandoer_id)
    return qs


BESOEG_FIELDS = (
    "sag__borger_id", "sag__sagsnummer", "sag__borger__fornavn", "sag__borger__efternavn", "sag__borger__foedselsdato",
    "sag__borger__koen", "sag__team__navn", "bestilling__leverandoer__navn", "starts_at", "ends_at", "kontaktform", "status", "planlagt",
)


def besoeg_rows(u: Udsnit, *, secret: str | None) -> Datasaet:
    """One row per visit. `secret` given → pseudonymised."""
    kontakt, status = _labels()
    qs = besoeg_queryset(u)
    pseudo = secret is not None
    header = besoeg_header(pseudo=pseudo)

    ja, nej = _("ja"), _("nej")

    def gen() -> Iterator[list[Any]]:
        # uses index levering_besoeg_best_tid via the bestilling/sag join; ordered by id for a stable file
        for (bid, sagsnr, fornavn, efternavn, foedt, koen, team, lev, start, slut, form, st, planlagt) in (
            qs.order_by("id").values_list(*BESOEG_FIELDS).iterator(chunk_size=CHUNK)
        ):
            timer = round((slut - start).total_seconds() / 3600, 2)
            who = [pseudonym(secret, bid), aldersgruppe_for(foedt, u.til), koen] if pseudo else [sagsnr, f"{fornavn} {efternavn}"]
            yield [*who, team, lev, start, slut, timer, kontakt.get(form, form), status.get(st, st), ja if planlagt else nej]

    return Datasaet(header, gen(), None, besoeg_borger_ids(u))


def besoeg_borger_ids(u: Udsnit) -> QuerySet[Any]:
    """The citizens with a visit in the export: a semi-join per case (index on the visit's sag)
    rather than DISTINCT over every visit."""
    visits = Besoeg.objects.filter(sag_id=OuterRef("pk"), starts_at__gte=start_of(u.fra), starts_at__lt=start_of(u.til + timedelta(days=1)))
    if u.leverandoer_id:
        visits = visits.filter(bestilling__leverandoer_id=u.leverandoer_id)
    return u.sager().filter(Exists(visits)).values_list("borger_id", flat=True).distinct().order_by()


def besoeg_header(*, pseudo: bool) -> list[str]:
    return ([_("Pseudonym"), _("Aldersgruppe"), _("Køn")] if pseudo else [_("Sagsnummer"), _("Borger")]) + [
        _("Myndighedsteam"), _("Leverandør"), _("Start"), _("Slut"), _("Varighed (timer)"), _("Kontaktform"), _("Status"), _("Planlagt"),
    ]


def _sql_text(expr: str) -> str:
    """A text cell in SQL, neutralised like `neutralise` (a leading = + - @ tab or CR gets `'`);
    '' becomes NULL so COPY writes it unquoted, as csv.writer does."""
    return f"NULLIF(CASE WHEN left({expr}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || {expr} ELSE {expr} END, '')"


def _sql_label(expr: str, labels: dict[str, str], params: list[Any]) -> str:
    """`CASE expr WHEN value THEN label … ELSE expr END` with the Danish labels (neutralised here)
    as parameters; the column itself holds a choice value (ASCII, checked by a constraint)."""
    whens = []
    for value, label in labels.items():
        whens.append("WHEN %s THEN %s")
        params.extend([value, neutralise(label)])
    return f"CASE {expr} {' '.join(whens)} ELSE {expr} END"


def besoeg_copy_sql(u: Udsnit, *, pseudo: bool) -> tuple[str, list[Any]]:
    """The visit dataset as one `COPY (SELECT …) TO STDOUT` statement: the same rows, order and
    cell formatting as `besoeg_rows` + `csv_cell` (tests/maaling/test_export_copy.py compares
    them). Pseudonymised: the first two columns are borger id and birth date, which
    `besoeg_csv_stream` replaces with the pseudonym and age group.

    The per-case and per-order columns are named in two CTEs; they are *not* MATERIALIZED, so
    PostgreSQL inlines them and can scan the visits in parallel (measured: materialising them
    forces a serial plan and is slower). Timestamps are cast to text rather than `to_char`
    (cheaper): the output is ISO, which Django's psycopg 3 connection requires anyway."""
    kontakt, status = _labels()
    params: list[Any] = []
    tz = CPH.key
    scope_sql, scope_params = u.sag_ids().query.sql_with_params()
    who = (
        ["s.borger_id::text AS c1", "bo.foedselsdato::text AS c2", _sql_text("bo.koen") + " AS c3"] if pseudo
        else [_sql_text("s.sagsnummer") + " AS c1", _sql_text("bo.fornavn || ' ' || bo.efternavn") + " AS c2"]
    )
    sager = (
        "sager AS (SELECT s.id, " + ", ".join(who) + ", " + _sql_text("t.navn") + " AS team"  # noqa: S608
        " FROM core_sag s JOIN core_borger bo ON bo.id = s.borger_id JOIN core_myndighedteam t ON t.id = s.team_id"
        " WHERE s.id IN (" + scope_sql + "))"
    )
    params.extend(scope_params)
    lev_where = ""
    if u.leverandoer_id:
        lev_where = " WHERE be.leverandoer_id = %s"
        params.append(u.leverandoer_id)
    best = (
        "best AS (SELECT be.id, " + _sql_text("l.navn") + " AS lev"  # noqa: S608
        " FROM visitation_bestilling be JOIN core_leverandoer l ON l.id = be.leverandoer_id" + lev_where + ")"
    )
    cols = [
        *(["s.c1", "s.c2", "s.c3"] if pseudo else ["s.c1", "s.c2"]), "s.team", "best.lev",
        f"left((b.starts_at AT TIME ZONE '{tz}')::text, 16)", f"left((b.ends_at AT TIME ZONE '{tz}')::text, 16)",
        # str(round(hours, 2)) with a decimal comma: 2 -> "2,0", 1.25 -> "1,25"
        "replace(CASE WHEN x.timer = trunc(x.timer) THEN trunc(x.timer)::text || '.0' ELSE trim_scale(x.timer)::text END, '.', ',')",
    ]
    # the placeholders are filled in order: CTEs, labels, ja/nej, then the period
    cols.append(_sql_label("b.kontaktform", kontakt, params))
    cols.append(_sql_label("b.status", status, params))
    cols.append("CASE WHEN b.planlagt THEN %s ELSE %s END")
    params.extend([_("ja"), _("nej")])
    # the same filter as besoeg_queryset: the viewer's cases (the CTE), the period, the leverandør
    params.extend([start_of(u.fra), start_of(u.til + timedelta(days=1))])
    sql = (
        "COPY (WITH " + sager + ", " + best + " SELECT " + ", ".join(cols) + " FROM levering_besoeg b"  # noqa: S608
        " JOIN sager s ON s.id = b.sag_id JOIN best ON best.id = b.bestilling_id"
        " CROSS JOIN LATERAL (SELECT round(extract(epoch FROM b.ends_at - b.starts_at) / 3600, 2) AS timer) x"
        " WHERE b.starts_at >= %s AND b.starts_at < %s ORDER BY b.id) TO STDOUT (FORMAT csv, DELIMITER ';')"
    )
    return sql, params


def besoeg_csv_stream(u: Udsnit, *, secret: str | None, batch: int = 2000) -> Iterator[bytes]:
    """The visit CSV as bytes: BOM + header, then PostgreSQL's COPY output in batches of rows
    (CRLF line ends). Memory stays flat: COPY streams, and only `batch` rows are held at once.
    Pseudonymised: the pseudonym and age group are computed once per citizen (a small cache).
    The dataset has no free text, so no cell holds a line break that the CRLF step could alter."""
    pseudo = secret is not None
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield (BOM + writer.writerow([neutralise(h) for h in besoeg_header(pseudo=pseudo)])).encode()
    sql, params = besoeg_copy_sql(u, pseudo=pseudo)
    prefix: dict[tuple[bytes, bytes], bytes] = {}
    with connection.cursor() as cursor, cursor.cursor.copy(sql, params) as copy:  # the psycopg 3 cursor
        buf: list[Any] = []  # the rows as psycopg's buffers (no copy), joined per batch
        for data in copy:
            row = data
            if secret is not None:
                bid, foedt, rest = bytes(data).split(b";", 2)
                head = prefix.get((bid, foedt))
                if head is None:
                    alder = aldersgruppe_for(date.fromisoformat(foedt.decode()), u.til)
                    head = prefix[(bid, foedt)] = f"{pseudonym(secret, int(bid))};{alder};".encode()
                row = head + rest
            buf.append(row)
            if len(buf) >= batch:
                yield b"".join(buf).replace(b"\n", b"\r\n")
                buf.clear()
        if buf:
            yield b"".join(buf).replace(b"\n", b"\r\n")


def forloeb_rows(u: Udsnit, *, secret: str | None) -> Datasaet:
    """One row per case: dates of the steps and the waiting times (no free text)."""


    first_henv = Henvendelse.objects.filter(sag_id=OuterRef("pk")).order_by("modtaget_on").values("modtaget_on")[:1]
    first_bev = (Afgoerelse.objects.filter(sag_id=OuterRef("pk"), status="truffet", resultat="bevilling")
                 .order_by("truffet_at").annotate(d=local_date("truffet_at")).values("d")[:1])
    maalgruppe = (Afgoerelse.objects.filter(sag_id=OuterRef("pk"), status="truffet", resultat="bevilling")
                  .order_by("-truffet_at").values("maalgruppe__display")[:1])
    first_visit = (Besoeg.objects.filter(sag_id=OuterRef("pk"), status="gennemfoert").values("sag_id")
                   .annotate(m=Min("starts_at")).values("m")[:1])

    qs = u.sager().annotate(
        henvendelse_on=Subquery(first_henv, output_field=m.DateField()),
        bevilget_on=Subquery(first_bev, output_field=m.DateField()),
        maalgruppe_navn=Subquery(maalgruppe),
        foerste_besoeg_at=Subquery(first_visit),
    ).annotate(ventetid=DaysBetween(F("bevilget_on"), F("henvendelse_on")))
    pseudo = secret is not None
    header = ([_("Pseudonym"), _("Aldersgruppe"), _("Køn")] if pseudo else [_("Sagsnummer"), _("Borger")]) + [
        _("Myndighedsteam"), _("Status"), _("Oprettet"), _("Lukket"), _("Målgruppe"), _("Første henvendelse"), _("Første bevilling"),
        _("Dage fra henvendelse til bevilling"), _("Første leverede besøg"),
    ]
    fields = ("borger_id", "sagsnummer", "borger__fornavn", "borger__efternavn", "borger__foedselsdato", "borger__koen", "team__navn",
              "status", "opened_on", "closed_on", "maalgruppe_navn", "henvendelse_on", "bevilget_on", "ventetid", "foerste_besoeg_at")

    def gen() -> Iterator[list[Any]]:
        for (bid, sagsnr, fornavn, efternavn, foedt, koen, team, st, opened, closed, mg, henv, bev, vent, besoeg) in (
            qs.order_by("id").values_list(*fields).iterator(chunk_size=CHUNK)
        ):
            who = [pseudonym(secret, bid), aldersgruppe_for(foedt, u.til), koen] if pseudo else [sagsnr, f"{fornavn} {efternavn}"]
            yield [*who, team, st, opened, closed, mg, henv, bev, vent, timezone.localdate(besoeg, CPH) if besoeg else None]

    return Datasaet(header, gen(), None, qs.values_list("borger_id", flat=True).distinct().order_by())


def maal_rows(u: Udsnit) -> Datasaet:
    """The dashboard's numbers, one row per measure row (suppressed when pseudonymised)."""
    header = [_("Måling"), _("Række"), _("Værdi"), _("Tal"), "n"]
    out: list[list[Any]] = []
    for r in measures_for(u):
        for row in r.rows:
            for key, label in r.columns:
                out.append([r.titel, row.label, label, row.values.get(key), "<5" if row.suppressed and row.n < 5 else row.n])
    return Datasaet(header, iter(out), len(out), [])


def dataset(name: str, u: Udsnit, *, secret: str | None) -> Datasaet:
    if name == "besoeg":
        return besoeg_rows(u, secret=secret)
    if name == "forloeb":
        return forloeb_rows(u, secret=secret)
    return maal_rows(u)

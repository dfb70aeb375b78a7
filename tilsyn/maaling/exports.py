"""Export rows (besøg, forløb, målinger) and their CSV/XLSX writers.

* CSV: streamed (`StreamingHttpResponse`) from `values_list(...).iterator(chunk_size=2000)`,
  UTF-8 with BOM and `;` for Danish Excel, decimal commas; text cells that start with = + - @,
  tab or CR get a leading `'` so a spreadsheet never runs them as formulas (numbers stay numbers).
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

from django.db import models as m
from django.db.models import F, Min, OuterRef, QuerySet, Subquery
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
    header = ([_("Pseudonym"), _("Aldersgruppe"), _("Køn")] if pseudo else [_("Sagsnummer"), _("Borger")]) + [
        _("Myndighedsteam"), _("Leverandør"), _("Start"), _("Slut"), _("Varighed (timer)"), _("Kontaktform"), _("Status"), _("Planlagt"),
    ]

    ja, nej = _("ja"), _("nej")

    def gen() -> Iterator[list[Any]]:
        # uses index levering_besoeg_best_tid via the bestilling/sag join; ordered by id for a stable file
        for (bid, sagsnr, fornavn, efternavn, foedt, koen, team, lev, start, slut, form, st, planlagt) in (
            qs.order_by("id").values_list(*BESOEG_FIELDS).iterator(chunk_size=CHUNK)
        ):
            timer = round((slut - start).total_seconds() / 3600, 2)
            who = [pseudonym(secret, bid), aldersgruppe_for(foedt, u.til), koen] if pseudo else [sagsnr, f"{fornavn} {efternavn}"]
            yield [*who, team, lev, start, slut, timer, kontakt.get(form, form), status.get(st, st), ja if planlagt else nej]

    return Datasaet(header, gen(), None, qs.values_list("sag__borger_id", flat=True).distinct().order_by())


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

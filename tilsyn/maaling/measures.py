"""Process and outcome measures (docs/measures.md has every formula, population and period rule).

Each measure is a function `fn(u: Udsnit) -> Resultat`, computed in the database with aggregate
SQL (medians and 90th percentiles with PostgreSQL's PERCENTILE_CONT) on the viewer's cases
(`u.sager()`: scope + filters). The number of queries per measure is fixed, whatever the data size.
Each measure also has a *population* function returning the case ids behind the number, used by
the drill-down (`population_sag_ids`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db import models
from django.db.models import (
    Avg,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils.translation import gettext_lazy as _

from bostotte.core.models import Sag
from levering.timer import BESTILLING_RELATED, timer_for_bestillinger

from .scope import sees_myndighed_measures
from .udsnit import Udsnit

CPH = ZoneInfo("Europe/Copenhagen")
MIN_N = 5  # groups smaller than this are suppressed in pseudonymised output


# --------------------------------------------------------------------------------------------
# SQL helpers
# --------------------------------------------------------------------------------------------
class Percentile(models.Aggregate):
    """PERCENTILE_CONT(p) WITHIN GROUP (ORDER BY expr): the continuous percentile (PostgreSQL)."""

    function = "PERCENTILE_CONT"
    name = "Percentile"
    output_field = FloatField()
    template = "%(function)s(%(p)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Any, p: float, **extra: Any) -> None:
        assert 0 <= p <= 1
        super().__init__(expression, p=repr(float(p)), **extra)


class DaysBetween(Func):
    """`later - earlier` for two dates: whole days (PostgreSQL date subtraction)."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()


class EpochDays(Func):
    """Days between two timestamps as a decimal number."""

    template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)"
    arg_joiner = " - "
    output_field = FloatField()


class DatePlusMonths(Func):
    """`date + n months` as a date (months clamp to the month end, like kinds.DatePlus)."""

    output_field = models.DateField()

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:  # type: ignore[override]
        d_sql, d_params = compiler.compile(self.source_expressions[0])
        n_sql, n_params = compiler.compile(self.source_expressions[1])
        return f"(({d_sql}) + make_interval(months => ({n_sql})::int))::date", (*d_params, *n_params)


def local_date(field_name: str) -> TruncDate:
    return TruncDate(field_name, tzinfo=CPH)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=CPH)


def pct(k: int | None, n: int | None) -> float | None:
    return None if not n else round(100.0 * (k or 0) / n, 1)


def rnd(x: float | None, digits: int = 1) -> float | None:
    return None if x is None else round(float(x), digits)


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------
@dataclass
class Raekke:
    label: str
    values: dict[str, float | None]
    n: int
    suppressed: bool = False
    drill: str = ""  # a population key for the drill-down ("" = none)
    personlig: bool = False  # names a member of staff: only for identified viewers (snapshot.py)


@dataclass
class Resultat:
    key: str
    titel: str
    gruppe: str  # "proces" | "effekt"
    columns: list[tuple[str, str]]  # (value key, Danish label with unit)
    rows: list[Raekke]
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> float | None:
        """The headline: the first column of the first row."""
        if not self.rows:
            return None
        return self.rows[0].values.get(self.columns[0][0])

    @property
    def n(self) -> int:
        return self.rows[0].n if self.rows else 0

    @property
    def table(self) -> list[tuple[Raekke, list[float | None]]]:
        """Rows with their values in column order (for templates and exports)."""
        return [(row, [row.values.get(k) for k, _label in self.columns]) for row in self.rows]


def suppress(resultat: Resultat, *, min_n: int = MIN_N) -> Resultat:
    """Pseudonymised output: rows with 0 < n < min_n lose their values (n shown as "<5");
    so do count-valued cells between 1 and min_n − 1."""
    for row in resultat.rows:
        if 0 < row.n < min_n:
            row.suppressed = True
            row.values = dict.fromkeys(row.values)
            continue
        for key, _label in resultat.columns:
            v = row.values.get(key)
            if key.startswith("antal") and v is not None and 0 < v < min_n:
                row.values[key] = None
                row.suppressed = True
    return resultat


# --------------------------------------------------------------------------------------------
# Populations (querysets); each measure aggregates over one, the drill-down lists its cases
# --------------------------------------------------------------------------------------------
def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def afgoerelse_ventetid_qs(u: Udsnit) -> QuerySet[Any]:
    """First decision (bevilling or afslag) on each henvendelse, made in the period."""
    Afgoerelse = _model("visitation.Afgoerelse")
    earlier = Afgoerelse.objects.filter(henvendelse_id=OuterRef("henvendelse_id"), status="truffet", truffet_at__lt=OuterRef("truffet_at"))
    return (
        Afgoerelse.objects.filter(status="truffet", resultat__in=["bevilling", "afslag"], henvendelse__isnull=False, sag__in=u.sag_ids())
        .annotate(truffet_on=local_date("truffet_at"))
        .filter(truffet_on__gte=u.fra, truffet_on__lte=u.til)
        .filter(~Exists(earlier))
    )


def _first_visit_subquery() -> Subquery:
    Besoeg = _model("levering.Besoeg")
    # uses index levering_besoeg_best_tid
    first = (
        Besoeg.objects.filter(bestilling_id=OuterRef("pk"), status="gennemfoert")
        .order_by("starts_at").annotate(d=local_date("starts_at")).values("d")[:1]
    )
    return Subquery(first, output_field=models.DateField())


def bestilling_qs(u: Udsnit) -> QuerySet[Any]:
    Bestilling = _model("visitation.Bestilling")
    qs = Bestilling.objects.filter(sag__in=u.sag_ids()).exclude(status="kladde")
    if u.leverandoer_id:
        qs = qs.filter(leverandoer_id=u.leverandoer_id)
    return qs


def foerste_besoeg_qs(u: Udsnit) -> QuerySet[Any]:
    """Orders on a new bevilling whose first delivered visit fell in the period."""
    return (
        bestilling_qs(u).filter(afgoerelse__status="truffet", afgoerelse__erstatter__isnull=True)
        .annotate(foerste=_first_visit_subquery())
        .filter(foerste__gte=u.fra, foerste__lte=u.til)
    )


def venter_qs(u: Udsnit) -> QuerySet[Any]:
    """Orders sent or accepted, start date passed, no delivered visit yet (still waiting)."""
    Besoeg = _model("levering.Besoeg")
    return bestilling_qs(u).filter(
        status__in=["sendt", "accepteret", "startet"], starts_on__lte=u.slut, afgoerelse__status="truffet",
        afgoerelse__erstatter__isnull=True,
    ).filter(~Exists(Besoeg.objects.filter(bestilling_id=OuterRef("pk"), status="gennemfoert")))


def frist_qs(u: Udsnit) -> QuerySet[Any]:
    """Applications whose sagsbehandlingsfrist fell in the period and that are decided or overdue."""
    Henvendelse = _model("visitation.Henvendelse")
    Afgoerelse = _model("visitation.Afgoerelse")
    decided = (
        Afgoerelse.objects.filter(henvendelse_id=OuterRef("pk"), status="truffet")
        .order_by("truffet_at").annotate(d=local_date("truffet_at")).values("d")[:1]
    )
    return (
        Henvendelse.objects.filter(er_ansoegning=True, sag__in=u.sag_ids(), frist_on__gte=u.fra, frist_on__lte=u.til)
        .exclude(status="henlagt")
        .annotate(afgjort_on=Subquery(decided, output_field=models.DateField()))
        .filter(Q(afgjort_on__isnull=False) | Q(frist_on__lt=u.today))
    )


def handleplan_qs(u: Udsnit) -> QuerySet[Any]:
    """Cases with a bevilling made in the period, not assessed as outside § 141, stk. 2."""

    Afgoerelse = _model("visitation.Afgoerelse")
    Handleplan = _model("handleplaner.Handleplan")
    bevilget = (
        Afgoerelse.objects.filter(sag_id=OuterRef("pk"), status="truffet", resultat="bevilling")
        .annotate(d=local_date("truffet_at")).filter(d__gte=u.fra, d__lte=u.til)
    )
    return (
        Sag.objects.filter(pk__in=u.sag_ids()).filter(Exists(bevilget))
        .exclude(Exists(Handleplan.objects.filter(sag_id=OuterRef("pk"), omfattet_stk2=False)))
    )


def svartid_qs(u: Udsnit) -> QuerySet[Any]:
    return (
        bestilling_qs(u).filter(sendt_at__isnull=False, besvaret_at__isnull=False, status__in=["accepteret", "afvist", "startet", "afsluttet"])
        .annotate(besvaret_on=local_date("besvaret_at"))
        .filter(besvaret_on__gte=u.fra, besvaret_on__lte=u.til)
    )


def timer_bestillinger_qs(u: Udsnit) -> QuerySet[Any]:
    return bestilling_qs(u).filter(status__in=["accepteret", "startet", "afsluttet"], starts_on__lte=u.slut).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=u.fra)
    )


def planlagte_besoeg_qs(u: Udsnit) -> QuerySet[Any]:
    """Planned visits whose time has passed in the period, outside admissions with a pause."""
    Besoeg = _model("levering.Besoeg")
    Indlaeggelse = _model("levering.Indlaeggelse")
    qs = Besoeg.objects.filter(
        planlagt=True, sag__in=u.sag_ids(), starts_at__gte=start_of(u.fra),
        starts_at__lt=min(start_of(u.slut + timedelta(days=1)), start_of(u.today)),
    )
    if u.leverandoer_id:
        qs = qs.filter(bestilling__leverandoer_id=u.leverandoer_id)
    paused = Indlaeggelse.objects.filter(sag_id=OuterRef("sag_id"), pause=True, indlagt_on__lte=OuterRef("dag")).filter(
        Q(udskrevet_on__isnull=True) | Q(udskrevet_on__gt=OuterRef("dag"))
    )
    return qs.annotate(dag=local_date("starts_at")).filter(~Exists(paused))


def revisitation_qs(u: Udsnit) -> QuerySet[Any]:
    Afgoerelse = _model("visitation.Afgoerelse")
    Udredning = _model("visitation.Udredning")
    months = Coalesce(F("revisitation_maaneder"), F("kvalitetsstandard__revisitation_maaneder"))
    started = Udredning.objects.filter(sag_id=OuterRef("sag_id"), er_revisitation=True).annotate(d=local_date("created_at")).filter(
        d__gte=OuterRef("truffet_on"), d__lte=OuterRef("due")
    )
    replaced = Afgoerelse.objects.filter(erstatter_id=OuterRef("pk"), status="truffet").annotate(d=local_date("truffet_at")).filter(d__lte=OuterRef("due"))
    return (
        Afgoerelse.objects.filter(status="truffet", resultat="bevilling", sag__in=u.sag_ids(), starts_on__isnull=False)
        .annotate(truffet_on=local_date("truffet_at"), due=DatePlusMonths(F("starts_on"), months))
        .filter(due__gte=u.fra, due__lte=u.slut)
        .annotate(rettidig=Exists(started) | Exists(replaced))
        .filter(Q(rettidig=True) | Q(due__lt=u.today))
        .exclude(Q(ends_on__lt=F("due")) & Q(rettidig=False))
    )


def opfoelgning_first_qs(u: Udsnit) -> QuerySet[Any]:
    """The first follow-up due date of each indsatsmål (from its history: the date it was
    created with), and whether a follow-up was made by then."""
    Indsatsmaal = _model("visitation.Indsatsmaal")
    Event = _model("visitation.IndsatsmaalEvent")
    Opfoelgning = _model("tilsyn.Opfoelgning")
    first_due = Event.objects.filter(pgh_obj_id=OuterRef("pk")).order_by("pgh_id").values("opfoelgning_on")[:1]
    qs = Indsatsmaal.objects.filter(bestilling__sag__in=u.sag_ids()).exclude(bestilling__status="kladde")
    if u.leverandoer_id:
        qs = qs.filter(bestilling__leverandoer_id=u.leverandoer_id)
    done = Opfoelgning.objects.filter(udfoert_on__lte=OuterRef("due")).filter(
        Q(indsatsmaal_id=OuterRef("pk")) | Q(indsatsmaal__isnull=True, bestilling_id=OuterRef("bestilling_id"))
    )
    return (
        qs.annotate(due=Coalesce(Subquery(first_due, output_field=models.DateField()), F("opfoelgning_on")))
        .filter(due__gte=u.fra, due__lte=u.slut)
        .annotate(rettidig=Exists(done))
        .filter(Q(rettidig=True) | Q(due__lt=u.today))
    )


def opfoelgning_next_qs(u: Udsnit) -> QuerySet[Any]:
    """Each later follow-up date set at an opfølgning (`naeste_opfoelgning_on`)."""
    Opfoelgning = _model("tilsyn.Opfoelgning")
    qs = Opfoelgning.objects.filter(sag__in=u.sag_ids(), naeste_opfoelgning_on__isnull=False)
    if u.leverandoer_id:
        qs = qs.filter(bestilling__leverandoer_id=u.leverandoer_id)
    later = Opfoelgning.objects.filter(
        bestilling_id=OuterRef("bestilling_id"), udfoert_on__gt=OuterRef("udfoert_on"), udfoert_on__lte=OuterRef("naeste_opfoelgning_on"),
    ).filter(Q(indsatsmaal_id=OuterRef("indsatsmaal_id")) | Q(indsatsmaal__isnull=True))
    return (
        qs.filter(naeste_opfoelgning_on__gte=u.fra, naeste_opfoelgning_on__lte=u.slut)
        .annotate(rettidig=Exists(later))
        .filter(Q(rettidig=True) | Q(naeste_opfoelgning_on__lt=u.today))
    )


def tilsyn_done_qs(u: Udsnit) -> QuerySet[Any]:
    Tilsyn = _model("tilsyn.Tilsyn")
    prev = Tilsyn.objects.filter(sag_id=OuterRef("sag_id"), udfoert_on__lt=OuterRef("udfoert_on")).order_by("-udfoert_on").values("udfoert_on")[:1]
    months = Coalesce(F("afgoerelse__tilsyn_maaneder"), F("afgoerelse__kvalitetsstandard__tilsyn_maaneder"))
    base = Greatest(F("afgoerelse__starts_on"), Subquery(prev, output_field=models.DateField()))
    return (
        Tilsyn.objects.filter(sag__in=u.sag_ids())
        .annotate(due=DatePlusMonths(base, months))
        .filter(due__gte=u.fra, due__lte=u.slut)
    )


def tilsyn_overdue_qs(u: Udsnit) -> QuerySet[Any]:
    Afgoerelse = _model("visitation.Afgoerelse")
    Tilsyn = _model("tilsyn.Tilsyn")
    last = Tilsyn.objects.filter(sag_id=OuterRef("sag_id")).order_by("-udfoert_on").values("udfoert_on")[:1]
    months = Coalesce(F("tilsyn_maaneder"), F("kvalitetsstandard__tilsyn_maaneder"))
    base = Greatest(F("starts_on"), Subquery(last, output_field=models.DateField()))
    return (
        Afgoerelse.objects.filter(er_aktiv=True, sag__in=u.sag_ids())
        .annotate(due=DatePlusMonths(base, months))
        .filter(due__gte=u.fra, due__lte=u.slut, due__lt=u.today)
    )


def klage_qs(u: Udsnit) -> QuerySet[Any]:
    Klage = _model("visitation.Klage")
    return Klage.objects.filter(sag__in=u.sag_ids(), modtaget_on__gte=u.fra, modtaget_on__lte=u.til)


def gas_qs(u: Udsnit) -> QuerySet[Any]:
    """The latest GAS-scored opfølgning per indsatsmål up to period end, made in the period."""
    Opfoelgning = _model("tilsyn.Opfoelgning")
    later = Opfoelgning.objects.filter(
        indsatsmaal_id=OuterRef("indsatsmaal_id"), gas_score__isnull=False, udfoert_on__lte=u.til,
    ).filter(Q(udfoert_on__gt=OuterRef("udfoert_on")) | Q(udfoert_on=OuterRef("udfoert_on"), pk__gt=OuterRef("pk")))
    qs = Opfoelgning.objects.filter(
        sag__in=u.sag_ids(), indsatsmaal__isnull=False, gas_score__isnull=False, udfoert_on__gte=u.fra, udfoert_on__lte=u.til,
    ).filter(~Exists(later))
    if u.leverandoer_id:
        qs = qs.filter(bestilling__leverandoer_id=u.leverandoer_id)
    return qs


def _latest_opfoelgning_q(u: Udsnit, prefix: str = "") -> Exists:
    """NOT EXISTS a later opfølgning on the same case up to period end."""
    Opfoelgning = _model("tilsyn.Opfoelgning")
    later = Opfoelgning.objects.filter(sag_id=OuterRef(f"{prefix}sag_id"), udfoert_on__lte=u.til).filter(
        Q(udfoert_on__gt=OuterRef(f"{prefix}udfoert_on")) | Q(udfoert_on=OuterRef(f"{prefix}udfoert_on"), pk__gt=OuterRef(f"{prefix}pk"))
    )
    return ~Exists(later)


def funktionsevne_qs(u: Udsnit) -> QuerySet[Any]:
    """Per case and undertema: the level at the latest re-rating (in the period) against the
    level at the case's first finished udredning."""
    TilstandVurdering = _model("tilsyn.TilstandVurdering")
    Tilstand = _model("visitation.Tilstand")
    later = TilstandVurdering.objects.filter(
        opfoelgning__sag_id=OuterRef("opfoelgning__sag_id"), undertema_id=OuterRef("undertema_id"), opfoelgning__udfoert_on__lte=u.til,
    ).filter(
        Q(opfoelgning__udfoert_on__gt=OuterRef("opfoelgning__udfoert_on"))
        | Q(opfoelgning__udfoert_on=OuterRef("opfoelgning__udfoert_on"), pk__gt=OuterRef("pk"))
    )
    baseline = (
        Tilstand.objects.filter(udredning__sag_id=OuterRef("opfoelgning__sag_id"), undertema_id=OuterRef("undertema_id"),
                                udredning__status="afsluttet", funktionsevneniveau__ordinal__isnull=False)
        .order_by("udredning__afsluttet_at", "udredning_id").values("funktionsevneniveau__ordinal")[:1]
    )
    return (
        TilstandVurdering.objects.filter(
            opfoelgning__sag__in=u.sag_ids(), opfoelgning__udfoert_on__gte=u.fra, opfoelgning__udfoert_on__lte=u.til,
            efter_niveau__ordinal__isnull=False,
        )
        .filter(~Exists(later))
        .annotate(foer=Subquery(baseline, output_field=IntegerField()))
        .filter(foer__isnull=False)
        .annotate(aendring=ExpressionWrapper(F("efter_niveau__ordinal") - F("foer"), output_field=IntegerField()))
    )


def stoettebehov_qs(u: Udsnit) -> QuerySet[Any]:
    Opfoelgning = _model("tilsyn.Opfoelgning")
    Udredning = _model("visitation.Udredning")
    baseline = (
        Udredning.objects.filter(sag_id=OuterRef("sag_id"), status="afsluttet", stoettebehov__ordinal__isnull=False)
        .order_by("afsluttet_at", "id").values("stoettebehov__ordinal")[:1]
    )
    return (
        Opfoelgning.objects.filter(sag__in=u.sag_ids(), udfoert_on__gte=u.fra, udfoert_on__lte=u.til, stoettebehov__ordinal__isnull=False)
        .filter(_latest_opfoelgning_q(u))
        .annotate(foer=Subquery(baseline, output_field=IntegerField()))
        .filter(foer__isnull=False)
        .annotate(aendring=ExpressionWrapper(F("stoettebehov__ordinal") - F("foer"), output_field=IntegerField()))
    )


def trivsel_qs(u: Udsnit, field_name: str = "who5_score") -> QuerySet[Any]:
    """Per citizen: the latest answer (in the period) against the first answer ever; only
    citizens with at least two answers. `field_name`: who5_score or livstilfredshed."""

    Trivselsmaaling = _model("portal.Trivselsmaaling")
    not_null = {f"{field_name}__isnull": False}
    end = start_of(u.til + timedelta(days=1))
    later = Trivselsmaaling.objects.filter(borger_id=OuterRef("borger_id"), besvaret_at__lt=end, **not_null).filter(
        Q(besvaret_at__gt=OuterRef("besvaret_at")) | Q(besvaret_at=OuterRef("besvaret_at"), pk__gt=OuterRef("pk"))
    )
    first = Trivselsmaaling.objects.filter(borger_id=OuterRef("borger_id"), **not_null).order_by("besvaret_at", "id")
    borgere = Sag.objects.filter(pk__in=u.sag_ids()).values("borger_id")
    return (
        Trivselsmaaling.objects.filter(borger_id__in=borgere, besvaret_at__gte=start_of(u.fra), besvaret_at__lt=end, **not_null)
        .filter(~Exists(later))
        .filter(Exists(Trivselsmaaling.objects.filter(borger_id=OuterRef("borger_id"), besvaret_at__lt=OuterRef("besvaret_at"), **not_null)))
        .annotate(foer=Subquery(first.values(field_name)[:1], output_field=IntegerField()))
        .annotate(seneste=F(field_name), aendring=ExpressionWrapper(F(field_name) - F("foer"), output_field=IntegerField()))
    )


def indlaeggelse_qs(u: Udsnit) -> QuerySet[Any]:
    Indlaeggelse = _model("levering.Indlaeggelse")
    return Indlaeggelse.objects.filter(sag__in=u.sag_ids(), indlagt_on__gte=u.fra, indlagt_on__lte=u.slut)


def stoettede_sager_qs(u: Udsnit) -> QuerySet[Any]:
    """Cases with a bevilling in force at some point of the period (the denominator for rates)."""

    Afgoerelse = _model("visitation.Afgoerelse")
    bevilling = Afgoerelse.objects.filter(sag_id=OuterRef("pk"), status="truffet", resultat="bevilling", starts_on__lte=u.slut).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=u.fra)
    )
    return Sag.objects.filter(pk__in=u.sag_ids()).filter(Exists(bevilling))


def afsluttet_qs(u: Udsnit) -> QuerySet[Any]:
    """Opfølgninger that ended the support (FFB "afslutning af indsats") in the period."""
    Opfoelgning = _model("tilsyn.Opfoelgning")
    Indsatsmaal = _model("visitation.Indsatsmaal")
    qs = Opfoelgning.objects.filter(sag__in=u.sag_ids(), resultat="afslut", udfoert_on__gte=u.fra, udfoert_on__lte=u.til)
    if u.leverandoer_id:
        qs = qs.filter(bestilling__leverandoer_id=u.leverandoer_id)
    return qs.annotate(
        maal_naaet=Exists(Indsatsmaal.objects.filter(bestilling_id=OuterRef("bestilling_id"), status="opnaaet"))
        & ~Exists(Indsatsmaal.objects.filter(bestilling_id=OuterRef("bestilling_id")).exclude(status="opnaaet"))
    )


# --------------------------------------------------------------------------------------------
# The measures
# --------------------------------------------------------------------------------------------
MEDIAN_P90 = [("median", str(_("Median (dage)"))), ("p90", str(_("90 %-fraktil (dage)")))]


def _median_p90(qs: QuerySet[Any], expr: Any) -> tuple[float | None, float | None, int]:
    agg = qs.aggregate(median=Percentile(expr, 0.5), p90=Percentile(expr, 0.9), n=Count("pk"))
    return rnd(agg["median"]), rnd(agg["p90"]), agg["n"]


def ventetid(u: Udsnit) -> Resultat:
    rows = []
    m, p, n = _median_p90(afgoerelse_ventetid_qs(u), DaysBetween(F("truffet_on"), F("henvendelse__modtaget_on")))
    rows.append(Raekke(str(_("Henvendelse → afgørelse")), {"median": m, "p90": p}, n, drill="ventetid_afgoerelse"))
    fb = foerste_besoeg_qs(u)
    m, p, n = _median_p90(fb, DaysBetween(F("foerste"), local_date("afgoerelse__truffet_at")))
    rows.append(Raekke(str(_("Afgørelse → første leverede besøg")), {"median": m, "p90": p}, n, drill="ventetid_besoeg"))
    m, p, n = _median_p90(fb.filter(afgoerelse__henvendelse__isnull=False), DaysBetween(F("foerste"), F("afgoerelse__henvendelse__modtaget_on")))
    rows.append(Raekke(str(_("Henvendelse → første leverede besøg")), {"median": m, "p90": p}, n, drill="ventetid_besoeg"))
    m, p, n = _median_p90(venter_qs(u), DaysBetween(models.Value(u.slut, output_field=models.DateField()), local_date("afgoerelse__truffet_at")))
    rows.append(Raekke(str(_("Venter stadig på første besøg (dage indtil nu)")), {"median": m, "p90": p}, n, drill="venter"))
    return Resultat("ventetid", str(_("Ventetid")), "proces", MEDIAN_P90, rows)


def frist_overholdt(u: Udsnit) -> Resultat:
    agg = frist_qs(u).aggregate(n=Count("pk"), k=Count("pk", filter=Q(afgjort_on__lte=F("frist_on"))))
    return Resultat(
        "frist", str(_("Sagsbehandlingsfristen overholdt")), "proces",
        [("pct", str(_("Overholdt (%)"))), ("antal_overholdt", str(_("Antal overholdt")))],
        [Raekke(str(_("Ansøgninger med frist i perioden")), {"pct": pct(agg["k"], agg["n"]), "antal_overholdt": agg["k"]}, agg["n"], drill="frist")],
    )


def handleplan(u: Udsnit) -> Resultat:
    Handleplan = _model("handleplaner.Handleplan")
    hp = Handleplan.objects.filter(sag_id=OuterRef("pk"))
    agg = handleplan_qs(u).aggregate(
        n=Count("pk"),
        tilbudt=Count("pk", filter=Q(Exists(hp.filter(tilbudt_on__isnull=False)))),
        accepteret=Count("pk", filter=Q(Exists(hp.filter(svar="accepteret")))),
        afslaaet=Count("pk", filter=Q(Exists(hp.filter(svar="afslaaet")))),
    )
    cols = [("pct", str(_("Andel (%)"))), ("antal", str(_("Antal")))]
    return Resultat("handleplan", str(_("§ 141-handleplan tilbudt og accepteret")), "proces", cols, [
        Raekke(str(_("Tilbudt (af sager med bevilling i perioden)")), {"pct": pct(agg["tilbudt"], agg["n"]), "antal": agg["tilbudt"]}, agg["n"], drill="handleplan"),
        Raekke(str(_("Accepteret (af dem, der fik tilbuddet)")), {"pct": pct(agg["accepteret"], agg["tilbudt"]), "antal": agg["accepteret"]}, agg["tilbudt"]),
        Raekke(str(_("Sagt nej tak (af dem, der fik tilbuddet)")), {"pct": pct(agg["afslaaet"], agg["tilbudt"]), "antal": agg["afslaaet"]}, agg["tilbudt"]),
    ])


def bestilling_svartid(u: Udsnit) -> Resultat:
    qs = svartid_qs(u).annotate(
        svar_dage=EpochDays(F("besvaret_at"), F("sendt_at")),
        svar_kalenderdage=DaysBetween(F("besvaret_on"), local_date("sendt_at")),
    )
    spec = {
        "median": Percentile(F("svar_dage"), 0.5), "p90": Percentile(F("svar_dage"), 0.9), "n": Count("pk"),
        "k": Count("pk", filter=Q(svar_kalenderdage__lte=F("afgoerelse__kvalitetsstandard__bestilling_svar_frist_dage"))),
    }
    total = qs.aggregate(**spec)
    rows = [Raekke(str(_("Alle leverandører")) if not u.leverandoer_id else str(_("I alt")),
                   {"median": rnd(total["median"]), "p90": rnd(total["p90"]), "pct": pct(total["k"], total["n"])}, total["n"], drill="svartid")]
    if not u.leverandoer_id:
        for r in qs.values("leverandoer__navn").annotate(**spec).order_by("leverandoer__navn"):
            rows.append(Raekke(r["leverandoer__navn"], {"median": rnd(r["median"]), "p90": rnd(r["p90"]), "pct": pct(r["k"], r["n"])}, r["n"]))
    cols = [("median", str(_("Median (dage)"))), ("p90", str(_("90 %-fraktil (dage)"))), ("pct", str(_("Svaret inden fristen (%)")))]
    return Resultat("svartid", str(_("Leverandørens svartid på bestillinger")), "proces", cols, rows)


def timer(u: Udsnit) -> Resultat:
    """Hours granted vs delivered: levering.timer.timer_for_bestillinger does the frame logic
    (admissions, raised frames, month/week frames); this only groups its totals."""

    Tildeling = _model("levering.Tildeling")
    bestillinger = list(timer_bestillinger_qs(u).select_related(*BESTILLING_RELATED, "leverandoer", "sag__team"))
    # levering counts delivered time per whole period; measure over the whole ISO weeks that cover
    # the period (Monday of the first week to the Sunday of the last, never past today), so the
    # frame and the delivered time cover exactly the same days.
    uge_fra = u.fra - timedelta(days=u.fra.weekday())
    uge_til = min(u.slut + timedelta(days=6 - u.slut.weekday()), u.today)
    data = timer_for_bestillinger(bestillinger=bestillinger, fra=uge_fra, til=uge_til, inddeling="uge") if u.fra <= u.slut else {}
    primary: dict[int, str] = {}
    if not u.pseudonymiseret:
        for t in (
            Tildeling.objects.filter(bestilling_id__in=[b.pk for b in bestillinger], er_primaer=True, starts_on__lte=u.slut)
            .order_by("bestilling_id", "starts_on").select_related("medarbejder")
        ):
            primary[t.bestilling_id] = t.medarbejder.get_full_name() or t.medarbejder.username
    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"ramme": 0.0, "leveret": 0.0, "sager": set()})

    def add(kind: str, label: str, b: Any, ramme: float, leveret: float) -> None:
        g = groups[(kind, label)]
        g["ramme"] += ramme
        g["leveret"] += leveret
        g["sager"].add(b.sag_id)

    for b in bestillinger:
        t = data[b.pk].total
        ramme, leveret = t.ramme or 0.0, t.leveret
        add("0", str(_("I alt")), b, ramme, leveret)
        add("1", f"{_('Leverandør')}: {b.leverandoer.navn}", b, ramme, leveret)
        add("2", f"{_('Team')}: {b.sag.team.navn}", b, ramme, leveret)
        if b.pk in primary:
            add("3", f"{_('Bostøtte')}: {primary[b.pk]}", b, ramme, leveret)
    if not bestillinger:
        groups[("0", str(_("I alt")))]
    rows = []
    for (kind, label), g in sorted(groups.items()):
        rows.append(Raekke(label, {
            "bevilget": round(g["ramme"], 1), "leveret": round(g["leveret"], 1), "pct": pct(g["leveret"], g["ramme"]) if g["ramme"] else None,
        }, len(g["sager"]), drill="timer" if kind == "0" else "", personlig=kind == "3"))
    cols = [("pct", str(_("Leveret af bevilget (%)"))), ("bevilget", str(_("Bevilget (timer)"))), ("leveret", str(_("Leveret (timer)")))]
    return Resultat("timer", str(_("Timer bevilget og leveret")), "proces", cols, rows,
                    note=str(_("n er antal borgere. Dage med indlæggelse tæller ikke med i rammen.")))


def besoeg_aflyst(u: Udsnit) -> Resultat:
    agg = planlagte_besoeg_qs(u).aggregate(
        n=Count("pk"),
        borger=Count("pk", filter=Q(status="aflyst_borger")),
        medarbejder=Count("pk", filter=Q(status="aflyst_medarbejder")),
        udeblevet=Count("pk", filter=Q(status="udeblevet")),
        uregistreret=Count("pk", filter=Q(status="planlagt")),
    )
    n = agg["n"]
    samlet = agg["borger"] + agg["medarbejder"] + agg["udeblevet"]
    cols = [("pct", str(_("Andel af planlagte besøg (%)"))), ("antal", str(_("Antal")))]
    return Resultat("aflyst", str(_("Planlagte besøg aflyst eller udeblevet")), "proces", cols, [
        Raekke(str(_("Aflyst eller udeblevet i alt")), {"pct": pct(samlet, n), "antal": samlet}, n, drill="aflyst"),
        Raekke(str(_("Aflyst af borgeren")), {"pct": pct(agg["borger"], n), "antal": agg["borger"]}, n),
        Raekke(str(_("Aflyst af medarbejderen")), {"pct": pct(agg["medarbejder"], n), "antal": agg["medarbejder"]}, n),
        Raekke(str(_("Borgeren udeblev")), {"pct": pct(agg["udeblevet"], n), "antal": agg["udeblevet"]}, n),
        Raekke(str(_("Ikke registreret endnu")), {"pct": pct(agg["uregistreret"], n), "antal": agg["uregistreret"]}, n),
    ], note=str(_("n er planlagte besøg, hvis tidspunkt er passeret; besøg under indlæggelse med pause tæller ikke.")))


def rettidighed(u: Udsnit) -> Resultat:
    rows = []
    agg = revisitation_qs(u).aggregate(n=Count("pk"), k=Count("pk", filter=Q(rettidig=True)))
    rows.append(Raekke(str(_("Revisitation")), {"pct": pct(agg["k"], agg["n"])}, agg["n"], drill="revisitation"))
    a1 = opfoelgning_first_qs(u).aggregate(n=Count("pk"), k=Count("pk", filter=Q(rettidig=True)))
    a2 = opfoelgning_next_qs(u).aggregate(n=Count("pk"), k=Count("pk", filter=Q(rettidig=True)))
    n, k = a1["n"] + a2["n"], a1["k"] + a2["k"]
    rows.append(Raekke(str(_("Opfølgning på indsatsmål")), {"pct": pct(k, n)}, n, drill="opfoelgning"))
    d = tilsyn_done_qs(u).aggregate(n=Count("pk"), k=Count("pk", filter=Q(udfoert_on__lte=F("due"))))
    o = tilsyn_overdue_qs(u).aggregate(n=Count("pk"))
    rows.append(Raekke(str(_("Personrelateret tilsyn (§ 148)")), {"pct": pct(d["k"], d["n"] + o["n"])}, d["n"] + o["n"], drill="tilsyn"))
    return Resultat("rettidig", str(_("Revisitation, opfølgning og tilsyn til tiden")), "proces", [("pct", str(_("Til tiden (%)")))], rows,
                    note=str(_("n er frister i perioden, der er passeret eller overholdt.")))


def klager(u: Udsnit) -> Resultat:
    agg = klage_qs(u).aggregate(
        n=Count("pk"),
        genvurderet=Count("pk", filter=~Q(genvurdering="")),
        rettidig=Count("pk", filter=Q(genvurderet_on__lte=F("genvurdering_frist_on"))),
        medhold=Count("pk", filter=Q(genvurdering="medhold")),
        delvist=Count("pk", filter=Q(genvurdering="delvist")),
        fastholdt=Count("pk", filter=Q(genvurdering="fastholdt")),
        stadfaestet=Count("pk", filter=Q(anke_resultat="stadfaestet")),
        aendret=Count("pk", filter=Q(anke_resultat="aendret")),
        hjemvist=Count("pk", filter=Q(anke_resultat="hjemvist")),
        afvist=Count("pk", filter=Q(anke_resultat="afvist")),
    )
    n, g = agg["n"], agg["genvurderet"]
    anke = agg["stadfaestet"] + agg["aendret"] + agg["hjemvist"] + agg["afvist"]
    cols = [("antal", str(_("Antal"))), ("pct", str(_("Andel (%)")))]

    def r(label: str, k: int, of: int, drill: str = "") -> Raekke:
        return Raekke(label, {"antal": k, "pct": pct(k, of)}, of, drill=drill)

    return Resultat("klager", str(_("Klager og deres udfald")), "proces", cols, [
        Raekke(str(_("Klager modtaget")), {"antal": n, "pct": None}, n, drill="klager"),
        r(str(_("Genvurderet inden 4 uger (af alle klager)")), agg["rettidig"], n),
        r(str(_("Medhold ved genvurdering")), agg["medhold"], g),
        r(str(_("Delvist medhold ved genvurdering")), agg["delvist"], g),
        r(str(_("Fastholdt og sendt til Ankestyrelsen")), agg["fastholdt"], g),
        r(str(_("Ankestyrelsen: stadfæstet")), agg["stadfaestet"], anke),
        r(str(_("Ankestyrelsen: ændret")), agg["aendret"], anke),
        r(str(_("Ankestyrelsen: hjemvist")), agg["hjemvist"], anke),
        r(str(_("Ankestyrelsen: afvist")), agg["afvist"], anke),
    ])


def gas_t_score(scores: list[int], rho: float = 0.3) -> float:
    """Kiresuk–Sherman T-score with equal weights (DOMAIN.md 6.3)."""
    n = len(scores)
    return 50 + 10 * sum(scores) / math.sqrt((1 - rho) * n + rho * n * n)


def gas(u: Udsnit) -> Resultat:
    qs = gas_qs(u)
    agg = qs.aggregate(n=Count("pk"), mean=Avg("gas_score"), ok=Count("pk", filter=Q(gas_score__gte=0)),
                       **{f"s{v + 2}": Count("pk", filter=Q(gas_score=v)) for v in range(-2, 3)})
    per_borger = list(qs.values("sag__borger_id").annotate(s=Sum("gas_score"), k=Count("pk")).order_by().values_list("s", "k"))
    t_scores = [50 + 10 * s / math.sqrt(0.7 * k + 0.3 * k * k) for s, k in per_borger]
    n = agg["n"]
    rows = [
        Raekke(str(_("Som forventet eller bedre (≥ 0)")), {"pct": pct(agg["ok"], n), "antal": agg["ok"], "mean": rnd(agg["mean"], 2)}, n, drill="gas"),
    ]
    for v in range(2, -3, -1):
        k = agg[f"s{v + 2}"]
        rows.append(Raekke(f"GAS {v:+d}" if v else "GAS 0", {"pct": pct(k, n), "antal": k, "mean": None}, n))
    res = Resultat("gas", str(_("Målopfyldelse pr. indsatsmål (GAS)")), "effekt",
                   [("pct", str(_("Andel af indsatsmål (%)"))), ("antal", str(_("Antal indsatsmål"))), ("mean", str(_("Gennemsnitlig GAS-score")))], rows,
                   note=str(_("Seneste GAS-score pr. indsatsmål ved opfølgning i perioden.")))
    res.extra["t_score"] = rnd(sum(t_scores) / len(t_scores)) if t_scores else None
    res.extra["t_n"] = len(t_scores)
    return res


def _change_spec() -> dict[str, Any]:
    return {
        "n": Count("pk"), "mean": Avg("aendring"),
        "bedre": Count("pk", filter=Q(aendring__lt=0)), "samme": Count("pk", filter=Q(aendring=0)), "vaerre": Count("pk", filter=Q(aendring__gt=0)),
    }


CHANGE_COLS = [
    ("mean", str(_("Gennemsnitlig ændring (niveauer; negativ = bedre)"))),
    ("pct_bedre", str(_("Forbedret (%)"))), ("pct_samme", str(_("Uændret (%)"))), ("pct_vaerre", str(_("Forværret (%)"))),
]


def _change_row(label: str, a: dict[str, Any], drill: str = "") -> Raekke:
    n = a["n"]
    return Raekke(label, {"mean": rnd(a["mean"], 2), "pct_bedre": pct(a["bedre"], n), "pct_samme": pct(a["samme"], n), "pct_vaerre": pct(a["vaerre"], n)}, n, drill=drill)


def funktionsevne(u: Udsnit) -> Resultat:
    qs = funktionsevne_qs(u)
    rows = [_change_row(str(_("Alle temaer")), qs.aggregate(**_change_spec()), drill="funktionsevne")]
    for r in qs.values("undertema__parent__display").annotate(**_change_spec()).order_by("undertema__parent__display"):
        rows.append(_change_row(r["undertema__parent__display"] or "–", r))
    return Resultat("funktionsevne", str(_("Ændring i funktionsevneniveau pr. tema (udredning → seneste opfølgning)")), "effekt", CHANGE_COLS, rows,
                    note=str(_("Skala 0 (ingen begrænsninger) – 4 (fuldstændige begrænsninger); n er undertemaer pr. borger.")))


def stoettebehov(u: Udsnit) -> Resultat:
    qs = stoettebehov_qs(u)
    rows = [_change_row(str(_("Samlet støttebehov")), qs.aggregate(**_change_spec()), drill="stoettebehov")]
    return Resultat("stoettebehov", str(_("Ændring i støttebehov (udredning → seneste opfølgning)")), "effekt", CHANGE_COLS, rows,
                    note=str(_("Skala 0 (intet) – 4 (fuldstændigt); n er borgere.")))


def trivsel(u: Udsnit) -> Resultat:
    rows = []
    for field_name, label, threshold, drill in (
        ("who5_score", str(_("WHO-5 trivselsindeks (0–100)")), 10, "who5"),
        ("livstilfredshed", str(_("Tilfredshed med livet (0–10)")), 2, "livstilfredshed"),
    ):
        a = trivsel_qs(u, field_name).aggregate(
            n=Count("pk"), seneste=Avg(field_name), mean=Avg("aendring"),
            bedre=Count("pk", filter=Q(aendring__gte=threshold)), vaerre=Count("pk", filter=Q(aendring__lte=-threshold)),
        )
        rows.append(Raekke(label, {
            # mean(first) = mean(latest) − mean(change): same citizens (avoids a Django alias bug)
            "foer": rnd(a["seneste"] - a["mean"]) if a["n"] else None, "seneste": rnd(a["seneste"]), "mean": rnd(a["mean"]),
            "pct_bedre": pct(a["bedre"], a["n"]), "pct_vaerre": pct(a["vaerre"], a["n"]),
        }, a["n"], drill=drill))
    cols = [("foer", str(_("Første måling (gns.)"))), ("seneste", str(_("Seneste måling (gns.)"))), ("mean", str(_("Ændring (gns.)"))),
            ("pct_bedre", str(_("Betydende forbedring (%)"))), ("pct_vaerre", str(_("Betydende forværring (%)")))]
    return Resultat("trivsel", str(_("Trivsel (WHO-5) og tilfredshed med livet over tid")), "effekt", cols, rows,
                    note=str(_("Betydende: WHO-5 mindst 10 point, tilfredshed mindst 2 point (første → seneste svar).")))


def genindlaeggelser(u: Udsnit) -> Resultat:
    Indlaeggelse = _model("levering.Indlaeggelse")
    within = Indlaeggelse.objects.filter(borger_id=OuterRef("borger_id"), udskrevet_on__isnull=False, udskrevet_on__lte=OuterRef("indlagt_on"),
                                         udskrevet_on__gte=OuterRef("indlagt_on") - timedelta(days=30)).exclude(pk=OuterRef("pk"))
    agg = indlaeggelse_qs(u).aggregate(n=Count("pk"), gen=Count("pk", filter=Q(Exists(within))))
    borgere = stoettede_sager_qs(u).aggregate(n=Count("borger_id", distinct=True))["n"]
    days = max((u.slut - u.fra).days + 1, 1)
    aar = borgere * days / 365.25
    rate = None if not aar else round(agg["n"] / aar, 2)
    cols = [("rate", str(_("Indlæggelser pr. borger pr. år"))), ("antal", str(_("Antal indlæggelser"))), ("pct", str(_("Genindlagt inden 30 dage (%)")))]
    return Resultat("indlaeggelser", str(_("Indlæggelser og genindlæggelser")), "effekt", cols, [
        Raekke(str(_("Borgere med støtte i perioden")), {"rate": rate, "antal": agg["n"], "pct": pct(agg["gen"], agg["n"])}, borgere, drill="indlaeggelser"),
    ], note=str(_("n er borgere med en bevilling i perioden; genindlæggelse = indlagt igen højst 30 dage efter en udskrivning.")))


def maal_naaet(u: Udsnit) -> Resultat:
    agg = afsluttet_qs(u).aggregate(n=Count("sag_id", distinct=True), k=Count("sag_id", distinct=True, filter=Q(maal_naaet=True)))
    return Resultat("maal_naaet", str(_("Borgere, der stopper, fordi målene er nået")), "effekt",
                    [("pct", str(_("Andel (%)"))), ("antal", str(_("Antal")))],
                    [Raekke(str(_("Afsluttede forløb i perioden")), {"pct": pct(agg["k"], agg["n"]), "antal": agg["k"]}, agg["n"], drill="afsluttet")],
                    note=str(_("Målene er nået, når alle indsatsmål i bestillingen har status Opnået.")))


@dataclass(frozen=True)
class Maal:
    key: str
    fn: Callable[[Udsnit], Resultat]
    kun_myndighed: bool = False


MEASURES: tuple[Maal, ...] = (
    Maal("ventetid", ventetid),
    Maal("frist", frist_overholdt, kun_myndighed=True),
    Maal("handleplan", handleplan, kun_myndighed=True),
    Maal("svartid", bestilling_svartid),
    Maal("timer", timer),
    Maal("aflyst", besoeg_aflyst),
    Maal("rettidig", rettidighed, kun_myndighed=True),
    Maal("klager", klager, kun_myndighed=True),
    Maal("gas", gas),
    Maal("funktionsevne", funktionsevne),
    Maal("stoettebehov", stoettebehov),
    Maal("trivsel", trivsel),
    Maal("indlaeggelser", genindlaeggelser),
    Maal("maal_naaet", maal_naaet),
)


def measures_for(u: Udsnit) -> list[Resultat]:
    """Every measure the viewer may see, computed on the cut; suppressed when pseudonymised."""

    myndighed = sees_myndighed_measures(u.user)
    out = [m.fn(u) for m in MEASURES if myndighed or not m.kun_myndighed]
    if u.pseudonymiseret:
        out = [suppress(r) for r in out]
    return out


# --------------------------------------------------------------------------------------------
# Drill-down: the cases behind a number
# --------------------------------------------------------------------------------------------
POPULATIONS: dict[str, tuple[str, Callable[[Udsnit], QuerySet[Any]], str, bool]] = {
    # key: (title, queryset fn, path to the case id, myndighed only)
    "ventetid_afgoerelse": (str(_("Ventetid: henvendelse → afgørelse")), afgoerelse_ventetid_qs, "sag_id", False),
    "ventetid_besoeg": (str(_("Ventetid: afgørelse → første leverede besøg")), foerste_besoeg_qs, "sag_id", False),
    "venter": (str(_("Venter stadig på første besøg")), venter_qs, "sag_id", False),
    "frist": (str(_("Ansøgninger med sagsbehandlingsfrist i perioden")), frist_qs, "sag_id", True),
    "handleplan": (str(_("Sager med bevilling i perioden (handleplan)")), handleplan_qs, "pk", True),
    "svartid": (str(_("Besvarede bestillinger")), svartid_qs, "sag_id", False),
    "timer": (str(_("Bestillinger med timer i perioden")), timer_bestillinger_qs, "sag_id", False),
    "aflyst": (str(_("Planlagte besøg")), planlagte_besoeg_qs, "sag_id", False),
    "revisitation": (str(_("Revisitationsfrister i perioden")), revisitation_qs, "sag_id", True),
    "opfoelgning": (str(_("Første opfølgningsfrister i perioden")), opfoelgning_first_qs, "bestilling__sag_id", True),
    "tilsyn": (str(_("Udførte tilsyn med frist i perioden")), tilsyn_done_qs, "sag_id", True),
    "klager": (str(_("Klager modtaget i perioden")), klage_qs, "sag_id", True),
    "gas": (str(_("Indsatsmål med GAS-score")), gas_qs, "sag_id", False),
    "funktionsevne": (str(_("Genvurderede undertemaer")), funktionsevne_qs, "opfoelgning__sag_id", False),
    "stoettebehov": (str(_("Opfølgninger med nyt støttebehov")), stoettebehov_qs, "sag_id", False),
    "who5": (str(_("Borgere med mindst to WHO-5-svar")), trivsel_qs, "sag_borger", False),
    "livstilfredshed": (str(_("Borgere med mindst to svar om tilfredshed")), lambda u: trivsel_qs(u, "livstilfredshed"), "sag_borger", False),
    "indlaeggelser": (str(_("Indlæggelser i perioden")), indlaeggelse_qs, "sag_id", False),
    "afsluttet": (str(_("Afsluttede forløb")), afsluttet_qs, "sag_id", False),
}


def population_sag_ids(key: str, u: Udsnit) -> QuerySet[Any]:
    """The case ids behind a measure row (always inside `u.sager()`)."""
    _title, fn, path, _only = POPULATIONS[key]
    qs = fn(u)
    if path == "sag_borger":
        return u.sager().filter(borger_id__in=qs.values("borger_id")).values("pk")
    if path == "pk":
        return qs.values("pk")
    return qs.values(path)

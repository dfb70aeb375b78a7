"""The deadline kinds: one small *source* per kind that yields the due items.

A source gets `until` (today + the kind's reminder lead) and returns the items whose due date is
on or before it — so the daily scan only ever touches items that are due soon or overdue. Each
source reads the owning app's data with one query on a (partial) index; the "uses index …"
comments name it. Intervals and tolerances come from the decision (`Afgoerelse`) or the
kvalitetsstandard it was made under — never from code. Only the reminder lead (how many days
before the due date a task appears) is an engine setting: `settings.TILSYN_VARSEL_DAGE`
overrides the defaults below per kind.

A new kind touches: `OpgaveArt` (tilsyn/models.py), a source here, `register_kind`, a test in
tests/tilsyn/deadlines/, and docs/tilsyn.md.
"""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, NullIf, TruncDate
from django.utils import timezone

from tilsyn.models import OpgaveArt


@dataclass(frozen=True)
class DueItem:
    target_id: int
    sag_id: int
    ansvarlig_id: int
    due_on: date
    detalje: str = ""


Source = Callable[[date, date], Iterable[DueItem]]  # (today, until) -> items


@dataclass(frozen=True)
class Kind:
    art: str
    model: str  # "app_label.ModelName" of the target
    source: Source
    varsel_dage: int  # default reminder lead (days before due)
    titel: str = ""

    def lead(self) -> int:
        overrides: dict[str, int] = getattr(settings, "TILSYN_VARSEL_DAGE", {}) or {}
        return int(overrides.get(self.art, self.varsel_dage))


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    KINDS[kind.art] = kind
    return kind


class DatePlus(Func):
    """`date + make_interval(<unit> => n)` as a date. Months clamp to the month end in
    PostgreSQL (2026-01-31 + 1 month = 2026-02-28), like visitation.frister.add_months."""

    output_field = models.DateField()

    def __init__(self, day: Any, amount: Any, *, unit: str) -> None:
        assert unit in {"months", "days"}
        self.unit = unit
        super().__init__(day, amount)

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:  # type: ignore[override]
        d_sql, d_params = compiler.compile(self.source_expressions[0])
        n_sql, n_params = compiler.compile(self.source_expressions[1])
        return f"(({d_sql}) + make_interval({self.unit} => ({n_sql})::int))::date", (*d_params, *n_params)


def _items(rows: Iterable[tuple[int, int, int, date]], detalje: str = "") -> list[DueItem]:
    return [DueItem(target_id=t, sag_id=s, ansvarlig_id=a, due_on=d, detalje=detalje) for t, s, a, d in rows]


# --- visitation ----------------------------------------------------------------------------
def sagsbehandlingsfrist(today: date, until: date) -> list[DueItem]:
    """Open applications (not cases the kommune raised itself) by their frist."""
    from visitation.models import Henvendelse

    # uses index visitation_henv_aaben_frist
    rows = Henvendelse.objects.filter(status="aaben", er_ansoegning=True, frist_on__lte=until).values_list(
        "pk", "sag_id", "sag__ansvarlig_id", "frist_on"
    )
    return _items(rows)


def bestilling_svar(today: date, until: date) -> list[DueItem]:
    """Sent orders the leverandør has not answered: sent date (local) + the kvalitetsstandard's
    `bestilling_svar_frist_dage` of the decision behind the order."""
    from visitation.models import Bestilling

    due = DatePlus(TruncDate("sendt_at"), F("afgoerelse__kvalitetsstandard__bestilling_svar_frist_dage"), unit="days")
    # uses index visitation_best_sendt (the pending orders only)
    rows = (
        Bestilling.objects.filter(status="sendt", sendt_at__isnull=False)
        .annotate(due=due)
        .filter(due__lte=until)
        .values_list("pk", "sag_id", "sag__ansvarlig_id", "due")
    )
    return _items(rows)


def opfoelgning(today: date, until: date) -> list[DueItem]:
    """Active indsatsmål on a live order by their follow-up date."""
    from visitation.models import Indsatsmaal

    # uses index visitation_maal_aktiv_opf
    rows = Indsatsmaal.objects.filter(
        status="aktiv", opfoelgning_on__lte=until, bestilling__status__in=["sendt", "accepteret", "startet"]
    ).values_list("pk", "bestilling__sag_id", "bestilling__sag__ansvarlig_id", "opfoelgning_on")
    return _items(rows)


def revisitation(today: date, until: date) -> list[DueItem]:
    """Active bevillinger: the bevilling's start (or the last revisitation started since it was
    made, whichever is later) + `revisitation_maaneder` from the bevilling, else from its
    kvalitetsstandard."""
    from visitation.models import Afgoerelse, Udredning

    last_rev = (
        Udredning.objects.filter(sag_id=OuterRef("sag_id"), er_revisitation=True, created_at__gte=OuterRef("truffet_at"))
        .order_by("-created_at")
        .annotate(d=TruncDate("created_at"))
        .values("d")[:1]
    )
    base = Greatest(F("starts_on"), Subquery(last_rev, output_field=models.DateField()))
    months = Coalesce(F("revisitation_maaneder"), F("kvalitetsstandard__revisitation_maaneder"))
    # uses index visitation_afg_aktiv_bevilling (active bevillinger only)
    rows = (
        Afgoerelse.objects.filter(er_aktiv=True)
        .annotate(due=DatePlus(base, months, unit="months"))
        .filter(due__lte=until)
        .values_list("pk", "sag_id", "sag__ansvarlig_id", "due")
    )
    return _items(rows)


def tilsyn(today: date, until: date) -> list[DueItem]:
    """Personrelateret tilsyn (§ 148): the last tilsyn on the case (or the bevilling's start) +
    `tilsyn_maaneder` from the bevilling, else from its kvalitetsstandard. Includes citizens the
    kommune pays for in another kommune (betalingskommune ≠ handlekommune) — marked on the task."""
    from tilsyn.models import Tilsyn
    from visitation.models import Afgoerelse

    # uses index tilsyn_tilsyn_sag
    last = Tilsyn.objects.filter(sag_id=OuterRef("sag_id")).order_by("-udfoert_on").values("udfoert_on")[:1]
    base = Greatest(F("starts_on"), Subquery(last, output_field=models.DateField()))
    months = Coalesce(F("tilsyn_maaneder"), F("kvalitetsstandard__tilsyn_maaneder"))
    # uses index visitation_afg_aktiv_bevilling
    rows = (
        Afgoerelse.objects.filter(er_aktiv=True)
        .annotate(due=DatePlus(base, months, unit="months"), anden=~Q(sag__betalingskommune_id=F("sag__handlekommune_id")))
        .filter(due__lte=until)
        .values_list("pk", "sag_id", "sag__ansvarlig_id", "due", "anden")
    )
    return [
        DueItem(target_id=t, sag_id=s, ansvarlig_id=a, due_on=d, detalje="Borgeren bor i en anden kommune" if anden else "")
        for t, s, a, d, anden in rows
    ]


def klage_genvurdering(today: date, until: date) -> list[DueItem]:
    from visitation.models import Klage

    # uses index visitation_klage_aaben_frist
    rows = Klage.objects.filter(genvurdering="", genvurdering_frist_on__lte=until).values_list(
        "pk", "sag_id", "sag__ansvarlig_id", "genvurdering_frist_on"
    )
    return _items(rows)


def bevilling_ophoer(today: date, until: date) -> list[DueItem]:
    from visitation.models import Afgoerelse

    # uses index visitation_afg_aktiv_bevilling
    rows = Afgoerelse.objects.filter(er_aktiv=True, ends_on__isnull=False, ends_on__lte=until).values_list(
        "pk", "sag_id", "sag__ansvarlig_id", "ends_on"
    )
    return _items(rows)


# --- handleplaner --------------------------------------------------------------------------
def handleplan_ikke_tilbudt(today: date, until: date) -> list[DueItem]:
    """Open cases with an active bevilling and no § 141 handleplan offered (or assessed as not
    covered) by the bevilling's date + the kvalitetsstandard's `handleplan_frist_dage`.
    Delegates to `handleplaner.selectors.handleplan_ikke_tilbudt` (it flags a case the day after
    its frist, so it is asked as of `until` + 1 day to give the reminder lead). Target: the Sag."""
    from datetime import datetime, time

    from django.utils import timezone

    try:
        from handleplaner.selectors import handleplan_ikke_tilbudt as selector
    except ImportError:
        return []
    as_of = timezone.make_aware(datetime.combine(until + timedelta(days=1), time(12)))
    rows = selector(now=as_of).values_list("pk", "pk", "ansvarlig_id", "handleplan_frist_on")
    return _items(rows)


# --- levering ------------------------------------------------------------------------------
def foerste_besoeg(today: date, until: date) -> list[DueItem]:
    """Accepted orders with no delivered visit: start date + `foerste_besoeg_frist_dage` (the
    waiting time). `Bestilling.foerste_besoeg_on` is set by levering when a visit is delivered."""
    from visitation.models import Bestilling

    due = DatePlus(F("starts_on"), F("afgoerelse__kvalitetsstandard__foerste_besoeg_frist_dage"), unit="days")
    # uses index visitation_best_lev_status (status filter); accepted-not-started orders are few
    rows = (
        Bestilling.objects.filter(status__in=["accepteret", "startet"], foerste_besoeg_on__isnull=True)
        .annotate(due=due)
        .filter(due__lte=until)
        .values_list("pk", "sag_id", "sag__ansvarlig_id", "due")
    )
    return _items(rows)


class Timer(Func):
    """The hours in an interval, as numeric (`EXTRACT(EPOCH FROM …) / 3600`)."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) / 3600.0)"
    output_field = models.DecimalField()


def timer_under_rammen(today: date, until: date) -> list[DueItem]:
    """Delivered hours below the frame by more than the kvalitetsstandard's `timer_tolerance_pct`
    in each of the last two complete ISO weeks (Monday–Sunday, Europe/Copenhagen), for weekly
    and monthly frames alike. Due the Monday after the second week.

    The frame of each week is levering's (`levering.timer.timer_for_bestillinger`, one rule for the
    dashboards and this kind): the order's hours (else the afgørelse's) prorated per day — a
    monthly frame × the week's days in each month / that month's days, so a week across a month
    end takes each month's rate —, days with an admission left out, the afgørelse's raised frame
    (`forhoejet_timer`) for `forhoejet_uger` weeks after a discharge. A week with no frame left
    (admitted all week) is never "under".

    Cost: one query picks the *candidates* — started orders whose delivered hours in both weeks
    are below an upper bound of the floor (the larger of the normal and the raised frame, a whole
    week of it for weekly frames, 7/28 of it for monthly frames — no week's share of a month can be
    larger —, less the tolerance). Only those are loaded and prorated exactly (two more queries,
    Python work per candidate), so an order that delivers its hours costs nothing but its row in
    the first query. Uses index visitation_best_lev_status (status) and levering_besoeg_best_tid.
    """
    from levering.models import Besoeg
    from levering.timer import timer_for_bestillinger
    from visitation.models import Bestilling

    monday = today - timedelta(days=today.weekday())
    w1, w2 = monday - timedelta(days=14), monday - timedelta(days=7)

    def at(d: date) -> datetime:
        return timezone.make_aware(datetime.combine(d, time.min))

    def delivered(start: date) -> Coalesce:
        # uses index levering_besoeg_best_tid
        qs = (
            Besoeg.objects.filter(bestilling_id=OuterRef("pk"), status="gennemfoert", starts_at__gte=at(start), starts_at__lt=at(start + timedelta(days=7)))
            .values("bestilling_id")
            .annotate(h=Timer(Sum(F("ends_at") - F("starts_at"))))
            .values("h")
        )
        return Coalesce(Subquery(qs, output_field=models.DecimalField()), Value(Decimal(0)))

    timer = Greatest(Coalesce(F("timer"), F("afgoerelse__timer")), F("afgoerelse__forhoejet_timer"))
    periode = Coalesce(NullIf(F("timer_periode"), Value("")), F("afgoerelse__timer_periode"))
    week_max = Case(When(periode="maaned", then=timer * Decimal(7) / Decimal(28)), default=timer, output_field=models.DecimalField())
    # + 0.01: levering rounds frames and hours to two decimals; the bound must never be below its floor.
    bound = week_max * (Value(100) - F("afgoerelse__kvalitetsstandard__timer_tolerance_pct")) / Decimal(100) + Decimal("0.01")
    candidates = list(
        # uses index visitation_best_lev_status; started orders that ran both weeks
        Bestilling.objects.filter(status="startet", starts_on__lte=w1)
        .annotate(periode=periode, bound=bound, h1=delivered(w1), h2=delivered(w2), ansvarlig_id=F("sag__ansvarlig_id"))
        .filter(bound__isnull=False, h1__lt=F("bound"), h2__lt=F("bound"))
        .select_related("afgoerelse__kvalitetsstandard")
        .order_by("pk")
    )
    if not candidates:
        return []
    data = timer_for_bestillinger(bestillinger=candidates, fra=w1, til=monday - timedelta(days=1), inddeling="uge")
    return [
        DueItem(target_id=b.pk, sag_id=b.sag_id, ansvarlig_id=b.ansvarlig_id, due_on=monday)  # type: ignore[attr-defined]
        for b in candidates
        if len(data[b.pk].under_tolerance) == 2
    ]


def udskrivning(today: date, until: date) -> list[DueItem]:
    """Discharges without a completed follow-up (levering sets `opfoelgning_afsluttet_at`). Due the
    kvalitetsstandard's `udskrivning_opfoelgning_arbejdsdage`-th working day after the discharge
    (default 5: the psychiatry collaboration agreement, DOMAIN.md 7.5). The kvalitetsstandard is
    the one the citizen's current support was granted under — the rule of
    `levering.services.indlaeggelse.kvalitetsstandard_for_sag`, here as subqueries so the source
    stays one query: the newest sent/live order's decision, else the active bevilling, else the
    published § 85 standard (a discharge before any decision), else the model default."""
    from levering.access import LIVE_BESTILLING
    from levering.models import Indlaeggelse
    from visitation.frister import frist_fra_arbejdsdage
    from visitation.models import Afgoerelse, Bestilling, Kvalitetsstandard, Lovgrundlag

    field = "udskrivning_opfoelgning_arbejdsdage"
    fra_bestilling = (
        Bestilling.objects.filter(sag_id=OuterRef("sag_id"), status__in=[*LIVE_BESTILLING, "sendt"])
        .order_by("-starts_on", "-id")
        .values(f"afgoerelse__kvalitetsstandard__{field}")[:1]
    )
    fra_bevilling = Afgoerelse.objects.filter(sag_id=OuterRef("sag_id"), er_aktiv=True).order_by("-starts_on", "-id").values(f"kvalitetsstandard__{field}")[:1]
    gaeldende = Kvalitetsstandard.objects.filter(lovgrundlag=Lovgrundlag.SEL_85, status=Kvalitetsstandard.Status.PUBLICERET).values(field)[:1]
    model_field = Kvalitetsstandard._meta.get_field(field)
    assert isinstance(model_field, models.Field)
    dage = Coalesce(
        Subquery(fra_bestilling), Subquery(fra_bevilling), Subquery(gaeldende),
        Value(model_field.get_default()), output_field=models.IntegerField(),
    )
    # uses index levering_indl_udskrevet_aaben
    rows = (
        Indlaeggelse.objects.filter(udskrevet_on__isnull=False, opfoelgning_afsluttet_at__isnull=True, udskrevet_on__lte=until)
        .annotate(dage=dage)
        .values_list("pk", "sag_id", "sag__ansvarlig_id", "udskrevet_on", "dage")
    )
    out = []
    for pk, sag_id, ansv, udskrevet, n in rows:
        assert udskrevet is not None  # filtered above
        out.append(DueItem(target_id=pk, sag_id=sag_id, ansvarlig_id=ansv, due_on=frist_fra_arbejdsdage(start_on=udskrevet, arbejdsdage=n)))
    return out


for _kind in (
    Kind(OpgaveArt.SAGSBEHANDLINGSFRIST, "visitation.Henvendelse", sagsbehandlingsfrist, 7),
    Kind(OpgaveArt.BESTILLING_SVAR, "visitation.Bestilling", bestilling_svar, 1),
    Kind(OpgaveArt.OPFOELGNING, "visitation.Indsatsmaal", opfoelgning, 14),
    Kind(OpgaveArt.REVISITATION, "visitation.Afgoerelse", revisitation, 30),
    Kind(OpgaveArt.TILSYN, "visitation.Afgoerelse", tilsyn, 30),
    Kind(OpgaveArt.KLAGE_GENVURDERING, "visitation.Klage", klage_genvurdering, 7),
    Kind(OpgaveArt.BEVILLING_OPHOER, "visitation.Afgoerelse", bevilling_ophoer, 30),
    Kind(OpgaveArt.HANDLEPLAN, "core.Sag", handleplan_ikke_tilbudt, 5),
    Kind(OpgaveArt.FOERSTE_BESOEG, "visitation.Bestilling", foerste_besoeg, 3),
    Kind(OpgaveArt.TIMER_UNDER_RAMMEN, "visitation.Bestilling", timer_under_rammen, 0),
    Kind(OpgaveArt.UDSKRIVNING, "levering.Indlaeggelse", udskrivning, 0),
):
    register_kind(_kind)

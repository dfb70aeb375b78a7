"""Reads for the plans. Selectors that show one citizen's data take the requesting user, go
through the access functions (`Sag.objects.visible_to`, `Bestilling.objects.visible_to`) and
answer 404 outside the scope; the view-level ones write the AccessLog row.

Public for other apps:
* `plan_tree_for(user, sag)` – the goal tree (formål → indsatsmål → delmål with progress and the
  handleplan) filtered for the user's role; the portal reuses it for the citizen.
* `handleplan_ikke_tilbudt(now=...)` – cases with an active bevilling and no handleplan offer
  after the kvalitetsstandard's deadline (for the deadline engine).
* `handleplan_diff(old, new)` – what changed between two versions, field by field.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Count, DateField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.models import MYNDIGHED_ROLLER, AccessLog, Rolle, Sag, User
from bostotte.core.services.accesslog import accesslog_record
from levering.access import LIVE_BESTILLING
from visitation.models import Afgoerelse, Bestilling, Indsatsmaal, Tilstand

from .access import STAFF_PLAN_ROLLER, may_edit_paedagogisk_plan
from .models import Delmaal, Evaluering, Handleplan, HandleplanKommentar, HandleplanVersion

HISTORIK_ANTAL = 5  # ratings shown per goal in the tree ("a small history")

# Bestillinger that make up the current goal tree on the myndighed's and the citizen's side.
AKTUELLE_BESTILLINGER = ("sendt", "accepteret", "startet")


# --------------------------------------------------------------------------------------------
# Deadline: handleplan not offered
# --------------------------------------------------------------------------------------------
def _frist_expr() -> CombinedExpression:
    """The bevilling's local date (Europe/Copenhagen) + the kvalitetsstandard's days (date + int
    in PostgreSQL is a date)."""
    return CombinedExpression(
        TruncDate("truffet_at"), "+", F("kvalitetsstandard__handleplan_frist_dage"), output_field=DateField()
    )


def handleplan_ikke_tilbudt(*, now: datetime | None = None) -> QuerySet[Sag]:
    """Open cases with an active bevilling whose handleplan deadline has passed without an
    offer. The deadline is the bevilling's date (truffet_at, in Europe/Copenhagen) plus the
    kvalitetsstandard's `handleplan_frist_dage`; it is flagged from the day after. A case
    assessed as *not* covered by § 141, stk. 2 (with a reason) is not flagged.

    Annotates `handleplan_frist_on` (the earliest deadline among the active bevillinger)."""
    today = timezone.localdate(now or timezone.now())
    aktive = Afgoerelse.objects.filter(sag_id=OuterRef("pk"), er_aktiv=True).annotate(frist_on=_frist_expr())
    overskredet = aktive.filter(frist_on__lt=today)  # uses index visitation_afg_aktiv_bevilling
    tilbudt_eller_fravalgt = Handleplan.objects.filter(sag_id=OuterRef("pk")).filter(
        Q(tilbudt_on__isnull=False) | Q(omfattet_stk2=False)
    )
    return (
        Sag.objects.filter(status=Sag.Status.AABEN)
        .filter(Exists(overskredet))
        .exclude(Exists(tilbudt_eller_fravalgt))
        .annotate(handleplan_frist_on=Subquery(aktive.order_by("frist_on").values("frist_on")[:1]))
    )


def handleplan_frist_for(*, sag: Sag) -> Any:
    """The date by which the handleplan must be offered (None without an active bevilling)."""
    afg = (
        Afgoerelse.objects.filter(sag=sag, er_aktiv=True)
        .annotate(frist_on=_frist_expr())
        .order_by("frist_on")
        .values_list("frist_on", flat=True)
        .first()
    )
    return afg


def handleplan_frist_of(afgoerelser: Iterable[Afgoerelse]) -> date | None:
    """`handleplan_frist_for` from afgørelser already loaded with their kvalitetsstandard (the
    case page shares them between its sections): the earliest active bevilling's local date
    (Europe/Copenhagen, like TruncDate) plus the kvalitetsstandard's days."""
    frister = [
        timezone.localdate(a.truffet_at) + timedelta(days=a.kvalitetsstandard.handleplan_frist_dage)
        for a in afgoerelser
        if a.er_aktiv
        and a.truffet_at is not None
        and a.kvalitetsstandard is not None
        and a.kvalitetsstandard.handleplan_frist_dage is not None
    ]
    return min(frister, default=None)


# --------------------------------------------------------------------------------------------
# Diff between versions
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FeltAendring:
    felt: str
    label: str
    foer: str
    efter: str


def _show(value: object) -> str:
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    return str(value or "")


def handleplan_diff(old: HandleplanVersion | None, new: HandleplanVersion) -> list[FeltAendring]:
    """What changed from `old` to `new`, field by field in reading order, with the plain Danish
    labels the citizen sees. `old=None` (the first version) lists every filled-in field."""
    out = []
    for name in HandleplanVersion.INDHOLD:
        before = getattr(old, name) if old is not None else ""
        after = getattr(new, name)
        if old is None and name == "udarbejdet_med_borger":
            before = None
        if _show(before) != _show(after) and not (old is None and after in ("", None)):
            label = str(HandleplanVersion._meta.get_field(name).verbose_name)
            out.append(FeltAendring(felt=name, label=label[:1].upper() + label[1:], foer=_show(before) if old else "", efter=_show(after)))
    return out


# --------------------------------------------------------------------------------------------
# Loading a case for the plan pages
# --------------------------------------------------------------------------------------------
def plan_sag_get(
    *, user: User, uuid: UUID | str, formaal: str | None = None, view_name: str = "", art: str = AccessLog.Art.VISNING
) -> Sag:
    """The case for a staff plan page, or 404. Myndighed sees its cases; the leverandør sees
    the case while it has a live bestilling (leader) or an active assignment (bostøtte). The
    citizen's own view is in the portal, so citizens (and other roles) get 404 here. With
    `formaal` the look is logged."""
    if user.rolle not in STAFF_PLAN_ROLLER:
        raise Http404
    try:
        sag = Sag.objects.visible_one(user).select_related("borger", "ansvarlig", "team").get(uuid=uuid)
    except (Sag.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if formaal:
        accesslog_record(actor=user, borger=sag.borger, sag=sag, art=art, formaal=formaal, view_name=view_name)
    return sag


def bestilling_get_for_plan(*, user: User, uuid: UUID | str) -> Bestilling:
    """A live bestilling the user may see (for the leverandør's edit pages), or 404."""
    if user.rolle not in STAFF_PLAN_ROLLER:
        raise Http404
    try:
        return (
            Bestilling.objects.visible_to(user)
            .filter(status__in=LIVE_BESTILLING)
            .select_related("sag__borger", "leverandoer")
            .get(uuid=uuid)
        )
    except (Bestilling.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def delmaal_get_for_plan(*, user: User, uuid: UUID | str) -> Delmaal:
    if user.rolle not in STAFF_PLAN_ROLLER:
        raise Http404
    visible = Bestilling.objects.visible_to(user).filter(status__in=LIVE_BESTILLING)
    try:
        return (
            Delmaal.objects.filter(plan__bestilling__in=visible)
            .select_related("plan__bestilling__sag__borger", "indsatsmaal__undertema")
            .get(uuid=uuid)
        )
    except (Delmaal.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def indsatsmaal_get_for_plan(*, user: User, uuid: UUID | str) -> Indsatsmaal:
    if user.rolle not in STAFF_PLAN_ROLLER:
        raise Http404
    visible = Bestilling.objects.visible_to(user)
    if user.rolle not in MYNDIGHED_ROLLER:
        visible = visible.filter(status__in=LIVE_BESTILLING)
    try:
        return (
            Indsatsmaal.objects.filter(bestilling__in=visible)
            .select_related("bestilling__sag__borger", "undertema")
            .get(uuid=uuid)
        )
    except (Indsatsmaal.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# --------------------------------------------------------------------------------------------
# The goal tree
# --------------------------------------------------------------------------------------------
@dataclass
class MaalNode:
    """An indsatsmål or a delmål with its latest rating and a short history (newest first)."""

    maal: Any
    seneste: Evaluering | None
    historik: list[Evaluering]
    delmaal: list[MaalNode] = field(default_factory=list)


@dataclass
class BestillingNode:
    bestilling: Bestilling
    indsatsformaal: str
    indsatsmaal: list[MaalNode]
    paedagogisk_plan: Any
    delte_tilstande: list[Any]
    borgers_maal: str
    kan_redigere: bool


@dataclass
class HandleplanNode:
    handleplan: Handleplan
    version: HandleplanVersion | None
    # (field name, label, value) in reading order; only the fields this viewer may read.
    felter: list[tuple[str, str, str]]
    fuld: bool
    kommentarer: list[HandleplanKommentar]


@dataclass
class PlanTree:
    sag: Sag
    visning: str  # "myndighed" | "leverandoer" | "borger"
    handleplan: HandleplanNode | None
    # For the leverandør: why the handleplan text is not shown ("" when shown or absent).
    handleplan_besked: str
    bestillinger: list[BestillingNode]
    kan_redigere_handleplan: bool
    handleplan_frist_on: Any = None


def _evals_prefetch(prefix: str) -> Prefetch:
    return Prefetch(
        f"{prefix}evalueringer",
        queryset=Evaluering.objects.select_related("vurderet_af").order_by("-vurderet_at", "-id"),
        to_attr="evals",
    )


def _node(maal: Any) -> MaalNode:
    evals = list(getattr(maal, "evals", []))
    return MaalNode(maal=maal, seneste=evals[0] if evals else None, historik=evals[:HISTORIK_ANTAL])


def _visning_for(user: User, sag: Sag) -> str:
    if user.rolle in MYNDIGHED_ROLLER:
        return "myndighed"
    if user.rolle == Rolle.BORGER and sag.borger.user_id == user.pk:
        return "borger"
    if user.rolle in (Rolle.LEVERANDOERLEDER, Rolle.BOSTOETTE):
        return "leverandoer"
    raise Http404


def plan_tree_for(user: User, sag: Sag, *, now: datetime | None = None) -> PlanTree:
    """The plan tree for `user`, filtered to what their role may see (404 outside the scope):

    * myndighed: the whole handleplan (incl. treatment and comments) and every current bestilling;
    * leverandør (leader, assigned bostøtte): only bestillinger visible to them, their goals,
      delmål and ratings, the tilstande the bestilling shares, and – if the citizen has said yes
      and agreed to sharing – the shared parts of the handleplan (never treatment, comments or
      unshared udredning);
    * the citizen (portal): their whole handleplan and goal tree.

    Does not write the AccessLog; the calling view does (once per page)."""
    now = now or timezone.now()
    if not Sag.objects.visible_one(user).filter(pk=sag.pk).exists():
        raise Http404
    visning = _visning_for(user, sag)

    if visning == "leverandoer":
        bestillinger_qs = Bestilling.objects.visible_to(user).filter(sag=sag, status__in=LIVE_BESTILLING)
    else:
        bestillinger_qs = Bestilling.objects.filter(sag=sag, status__in=AKTUELLE_BESTILLINGER)
    delmaal_qs = Delmaal.objects.order_by("raekkefoelge", "id").prefetch_related(_evals_prefetch(""))
    indsatsmaal_qs = (
        Indsatsmaal.objects.select_related("undertema", "maaltype", "forventet_niveau")
        .order_by("raekkefoelge", "id")
        .prefetch_related(_evals_prefetch(""), Prefetch("delmaal", queryset=delmaal_qs, to_attr="delmaal_list"))
    )
    bestillinger = list(
        bestillinger_qs.select_related("leverandoer", "paedagogisk_plan", "afgoerelse__udredning")
        .prefetch_related(
            Prefetch("indsatsmaal", queryset=indsatsmaal_qs, to_attr="maal_list"),
            Prefetch("delte_tilstande", queryset=_tilstand_qs(), to_attr="delte"),
        )
        .order_by("starts_on", "id")
    )
    nodes = []
    for b in bestillinger:
        maal_nodes = []
        for m in b.maal_list:
            node = _node(m)
            node.delmaal = [_node(d) for d in m.delmaal_list]
            maal_nodes.append(node)
        udredning = b.afgoerelse.udredning
        borgers_maal = udredning.borgers_maal_og_oensker if (udredning and (b.del_borgers_maal or visning != "leverandoer")) else ""
        plan = getattr(b, "paedagogisk_plan", None)
        nodes.append(
            BestillingNode(
                bestilling=b, indsatsformaal=b.indsatsformaal, indsatsmaal=maal_nodes, paedagogisk_plan=plan,
                delte_tilstande=list(b.delte), borgers_maal=borgers_maal,
                kan_redigere=visning == "leverandoer" and may_edit_paedagogisk_plan(user, b, now),
            )
        )

    handleplan = Handleplan.objects.filter(sag=sag).first()
    hp_node = None
    besked = ""
    if handleplan is not None:
        version = handleplan.versioner.filter(er_gaeldende=True).select_related("oprettet_af", "accepteret_af").first()
        if visning == "leverandoer":
            if version is None:
                besked = _("Der er endnu ikke skrevet en handleplan.")
            elif not handleplan.deles_med_leverandoer:
                besked = _(
                    "Borgerens handleplan deles ikke med leverandøren. Formål, indsats og mål står i bestillingen herunder."
                )
            else:
                hp_node = HandleplanNode(handleplan, version, _felter(version, HandleplanVersion.DELES_MED_LEVERANDOER), False, [])
        else:
            kommentarer = list(
                HandleplanKommentar.objects.filter(version=version).select_related("forfatter").order_by("created_at", "id")
            ) if version else []
            felter = _felter(version, HandleplanVersion.INDHOLD) if version else []
            hp_node = HandleplanNode(handleplan, version, felter, True, kommentarer)
    elif visning == "leverandoer":
        besked = _("Der er endnu ikke skrevet en handleplan.")
    return PlanTree(
        sag=sag, visning=visning, handleplan=hp_node, handleplan_besked=besked, bestillinger=nodes,
        kan_redigere_handleplan=visning == "myndighed",
    )


def _tilstand_qs() -> QuerySet[Any]:
    return Tilstand.objects.select_related("undertema", "funktionsevneniveau").order_by("undertema__path")


def _felter(version: HandleplanVersion, names: tuple[str, ...]) -> list[tuple[str, str, str]]:
    out = []
    for name in names:
        value = getattr(version, name)
        if value in ("", None):
            continue
        label = str(HandleplanVersion._meta.get_field(name).verbose_name)
        out.append((name, label[:1].upper() + label[1:], _show(value)))
    return out


# --------------------------------------------------------------------------------------------
# Lists and versions
# --------------------------------------------------------------------------------------------
def plan_list_for(*, user: User) -> QuerySet[Bestilling]:
    """The 'Planer' list for the leverandør: live bestillinger the user may see, with the
    citizen, the plan and counts. Constant query count (annotations + select_related)."""
    if user.rolle not in (Rolle.LEVERANDOERLEDER, Rolle.BOSTOETTE):
        raise Http404
    return (
        Bestilling.objects.visible_to(user)
        .filter(status__in=LIVE_BESTILLING)
        .select_related("sag__borger", "paedagogisk_plan", "sag__handleplan")
        .annotate(
            antal_maal=Count("indsatsmaal", distinct=True),
            antal_delmaal=Count("paedagogisk_plan__delmaal", distinct=True),
        )
        .order_by("sag__borger__efternavn", "sag__borger__fornavn", "id")
    )


def handleplan_versions(*, handleplan: Handleplan) -> QuerySet[HandleplanVersion]:
    return handleplan.versioner.select_related("oprettet_af", "accepteret_af").order_by("-nummer")


def handleplan_version_get(*, handleplan: Handleplan, nummer: int) -> HandleplanVersion:
    try:
        return handleplan.versioner.select_related("oprettet_af", "accepteret_af").get(nummer=nummer)
    except HandleplanVersion.DoesNotExist as exc:
        raise Http404 from exc


def evaluering_historik(*, delmaal: Delmaal | None = None, indsatsmaal: Indsatsmaal | None = None) -> QuerySet[Evaluering]:
    """All ratings of one goal, newest first (the full history)."""
    qs = Evaluering.objects.select_related("vurderet_af").order_by("-vurderet_at", "-id")
    if delmaal is not None:
        return qs.filter(delmaal=delmaal)
    return qs.filter(indsatsmaal=indsatsmaal)

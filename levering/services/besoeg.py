"""Visits: log one (planned or not), complete a planned one, recurring series, group sessions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pghistory
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    PositiveIntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ConflictError, NotAllowedError
from bostotte.core.models import Rolle, User
from bostotte.core.sql import FixedSql
from bostotte.ffb.models import Kode, KodeGruppe
from handleplaner.models import Delmaal
from visitation.models import Bestilling

from ..access import leverandoer_id_for
from ..models import (
    AFLYST,
    MAX_BESOEG_VARIGHED,
    Besoeg,
    BesoegSerie,
    Gruppesession,
    Kontaktform,
    Tildeling,
)
from ._common import active_tildeling_q, actor_pk, is_leder_for, require_live

S = Besoeg.Status


def _require_may_log(actor: User | None, bestilling: Bestilling, medarbejder: User) -> None:
    if actor is None or actor.pk == medarbejder.pk or is_leder_for(actor, bestilling.leverandoer_id):
        return
    raise NotAllowedError(_("Du kan kun registrere dine egne besøg."))


def _fmt(dt: datetime) -> str:
    return timezone.localtime(dt).strftime("%d.%m.%Y %H:%M")


def _validate(
    *,
    bestilling: Bestilling,
    medarbejder: User,
    starts_at: datetime,
    ends_at: datetime,
    kontaktform: str,
    status: str,
    delmaal: Iterable[Delmaal],
    ydelser: Iterable[Kode],
    note: str,
    note_undertema: Kode | None,
    gruppesession_id: int | None,
    exclude_pk: int | None,
    now: datetime,
    read_links: bool = False,
) -> tuple[set[int], set[int]]:
    """The visit rules with Danish messages (the database holds the same rules: the constraints
    on `Besoeg` and the triggers levering_besoeg_within_tildeling and levering_besoeg_no_overlap).
    The checks against other rows (assigned on the day, no overlap) are one query. With
    `read_links` (an update: `exclude_pk` is the visit) the same query returns the ids of the
    visit's current delmål and ydelser (for `_set_refs`); else two empty sets."""
    errors: dict[str, str] = {}
    if kontaktform not in Kontaktform.values:
        errors["kontaktform"] = _("Vælg en kontaktform.")
    if status not in S.values:
        errors["status"] = _("Vælg, hvordan besøget gik.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("Sluttidspunktet skal være efter starttidspunktet.")
    elif ends_at - starts_at > MAX_BESOEG_VARIGHED:
        errors["ends_at"] = _("Et besøg kan højst vare 12 timer.")
    if status != S.PLANLAGT and starts_at > now:
        errors["status"] = _("Et besøg, der ligger i fremtiden, kan kun registreres som planlagt.")
    if gruppesession_id is None and kontaktform == Kontaktform.GRUPPE:
        errors["kontaktform"] = _("Gruppeforløb registreres under \u201cGruppesession\u201d, så tiden fordeles på deltagerne.")
    if note.strip() and note_undertema is None:
        errors["note_undertema"] = _("Vælg det FFB-undertema, noten hører under.")
    if note_undertema is not None and note_undertema.gruppe != KodeGruppe.UNDERTEMA:
        errors["note_undertema"] = _("Vælg et FFB-undertema.")
    if any(k.gruppe != KodeGruppe.YDELSE for k in ydelser):
        errors["ydelser"] = _("Vælg blandt FFB-ydelserne.")
    if any(d.plan.bestilling_id != bestilling.pk for d in delmaal):
        errors["delmaal"] = _("Delmålene skal høre til borgerens pædagogiske plan.")
    if errors:
        raise ValidationError(errors)
    day = timezone.localdate(starts_at)
    found = _checks(
        bestilling_id=bestilling.pk, medarbejder_id=medarbejder.pk, day=day, starts_at=starts_at, ends_at=ends_at,
        exclude_pk=exclude_pk, gruppesession_id=gruppesession_id, clash=status not in AFLYST, links=read_links and bool(exclude_pk),
    )
    if not found["tildelt"]:
        raise ValidationError({"starts_at": _("%(navn)s er ikke tildelt borgeren den %(d)s.") % {"navn": medarbejder.visningsnavn, "d": day.strftime("%d.%m.%Y")}})
    if found.get("clash_id") is not None:
        other = Besoeg.objects.only("starts_at", "ends_at").get(pk=found["clash_id"])
        raise ValidationError({"starts_at": _("Tiden overlapper et andet besøg (%(fra)s–%(til)s).") % {"fra": _fmt(other.starts_at), "til": timezone.localtime(other.ends_at).strftime("%H:%M")}})
    return set(found.get("delmaal_ids") or ()), set(found.get("ydelse_ids") or ())


def _checks_query(shape: tuple[bool, bool, bool, bool], values: dict[str, Any]) -> QuerySet[Any]:
    """`_validate`'s checks against other rows as one query anchored on the bestilling's row:
    assigned on the day (`tildelt`); with `clash`, the first other visit of the staff member that
    overlaps (`clash_id`; not itself, not its group session); with `links`, the visit's current
    delmål and ydelser. `shape` is (clash, exclude the visit, exclude its group session, links)."""
    clash, exclude, gruppe, links = shape
    checks: dict[str, Any] = {
        "tildelt": Exists(
            Tildeling.objects.filter(active_tildeling_q(values["day"]), bestilling_id=values["bestilling_id"], medarbejder_id=values["medarbejder_id"])
        )
    }
    if clash:
        # The lower bound on starts_at says nothing new (no visit lasts more than
        # MAX_BESOEG_VARIGHED: levering_besoeg_max_12h), but it bounds the index range to half a
        # day instead of the staff member's whole history (≈ 15,000 visits after 5 years).
        found = Besoeg.objects.filter(
            medarbejder_id=values["medarbejder_id"], starts_at__gt=values["lo"], starts_at__lt=values["ends_at"], ends_at__gt=values["starts_at"]
        ).exclude(status__in=AFLYST)
        if exclude:
            found = found.exclude(pk=values["exclude_pk"])
        if gruppe:
            found = found.exclude(gruppesession_id=values["gruppesession_id"])
        # uses index levering_besoeg_medarb_tid
        checks["clash_id"] = Subquery(found.order_by("starts_at").values("pk")[:1])
    if links:
        for key, through, column in _LINKS:
            checks[key] = ArraySubquery(through.objects.filter(besoeg_id=values["exclude_pk"]).values(column))
    return Bestilling.objects.filter(pk=values["bestilling_id"]).annotate(**checks).values_list(*checks)


# Two marker values per value of `_checks_query` (never real: negative ids, dates in 1901/1902).
_CHECK_MARKS: dict[str, tuple[Any, Any]] = {
    "bestilling_id": (-739_120_739, -391_204_391),
    "medarbejder_id": (-739_120_741, -391_204_393),
    "day": (date(1901, 2, 3), date(1902, 3, 4)),
    "lo": (datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC), datetime(1902, 3, 4, 5, 6, 7, tzinfo=UTC)),
    "starts_at": (datetime(1901, 2, 3, 4, 5, 8, tzinfo=UTC), datetime(1902, 3, 4, 5, 6, 9, tzinfo=UTC)),
    "ends_at": (datetime(1901, 2, 3, 4, 5, 10, tzinfo=UTC), datetime(1902, 3, 4, 5, 6, 11, tzinfo=UTC)),
    "exclude_pk": (-739_120_743, -391_204_395),
    "gruppesession_id": (-739_120_745, -391_204_397),
}
# The query compiled once per shape and process and re-run with the values (`sql.FixedSql`, issue
# 10): building and compiling its EXISTS and subqueries through the ORM on every visit logged cost
# more than PostgreSQL spent running it. At most 16 shapes.
_CHECKS: dict[tuple[bool, bool, bool, bool], tuple[FixedSql, tuple[str, ...], tuple[str, ...]]] = {}


def _checks(
    *, bestilling_id: int, medarbejder_id: int, day: date, starts_at: datetime, ends_at: datetime,
    exclude_pk: int | None, gruppesession_id: int | None, clash: bool, links: bool,
) -> dict[str, Any]:
    """`_checks_query`'s one row as {check: value} (the same as `.values(**checks).get()`)."""
    shape = (clash, clash and exclude_pk is not None, clash and gruppesession_id is not None, links)
    if shape not in _CHECKS:
        names = ("bestilling_id", "medarbejder_id", "day")
        names += ("lo", "starts_at", "ends_at") if clash else ()
        names += ("exclude_pk",) if shape[1] or links else ()
        names += ("gruppesession_id",) if shape[2] else ()
        keys = ("tildelt",) + (("clash_id",) if clash else ()) + (tuple(key for key, _t, _c in _LINKS) if links else ())

        def build(*vals: Any, names: tuple[str, ...] = names) -> QuerySet[Any]:
            return _checks_query(shape, dict(zip(names, vals, strict=True)))

        marks = (tuple(_CHECK_MARKS[n][0] for n in names), tuple(_CHECK_MARKS[n][1] for n in names))
        _CHECKS[shape] = (FixedSql(build, marks), names, keys)
    fixed, names, keys = _CHECKS[shape]
    values = {"bestilling_id": bestilling_id, "medarbejder_id": medarbejder_id, "day": day, "lo": starts_at - MAX_BESOEG_VARIGHED,
              "starts_at": starts_at, "ends_at": ends_at, "exclude_pk": exclude_pk, "gruppesession_id": gruppesession_id}
    rows = fixed.rows(*(values[n] for n in names))
    if not rows:
        raise Bestilling.DoesNotExist
    return dict(zip(keys, rows[0], strict=True))


# A bestilling in one of these states can still become accepted (only a sent one is accepted).
_KAN_BLIVE_ACCEPTERET = frozenset({Bestilling.Status.KLADDE, Bestilling.Status.SENDT, Bestilling.Status.ACCEPTERET})


def _mark_started(bestilling: Bestilling, besoeg: Besoeg) -> None:
    """The first delivered visit starts the bestilling (waiting time ends): the earliest delivered
    day becomes `foerste_besoeg_on` (and bumps the version), an accepted bestilling becomes
    started. One conditional UPDATE, which changes nothing (and writes no history) when both are
    already so.

    The UPDATE is skipped when the loaded bestilling shows it would change nothing: its
    `foerste_besoeg_on` is on or before the day (the field only ever moves earlier, here) and it
    is past the states that can still become accepted (a bestilling is accepted only when sent).
    No later write can make the UPDATE do something then, so skipping it is the same (issue 10:
    re-logging a visit, the common case, saves a round trip)."""
    if besoeg.status != S.GENNEMFOERT:
        return
    day = timezone.localdate(besoeg.starts_at)
    foerste = bestilling.foerste_besoeg_on
    if foerste is not None and foerste <= day and bestilling.status not in _KAN_BLIVE_ACCEPTERET:
        return
    earlier = Q(foerste_besoeg_on__isnull=True) | Q(foerste_besoeg_on__gt=day)
    accepted = Q(status=Bestilling.Status.ACCEPTERET)
    Bestilling.objects.filter(earlier | accepted, pk=bestilling.pk).update(
        foerste_besoeg_on=Case(When(earlier, then=Value(day)), default=F("foerste_besoeg_on"), output_field=DateField()),
        version=Case(When(earlier, then=F("version") + 1), default=F("version"), output_field=PositiveIntegerField()),
        status=Case(When(accepted, then=Value(Bestilling.Status.STARTET)), default=F("status"), output_field=CharField()),
    )


_LINKS: tuple[tuple[str, Any, str], ...] = (
    ("delmaal_ids", Besoeg.delmaal.through, "delmaal_id"),
    ("ydelse_ids", Besoeg.ydelser.through, "kode_id"),
)


def _set_refs(besoeg: Besoeg, delmaal: Iterable[Delmaal], ydelser: Iterable[Kode], *, have: tuple[set[int], set[int]]) -> None:
    """`besoeg.delmaal.set(delmaal)` and `besoeg.ydelser.set(ydelser)` in fewer queries: `have`
    is the visit's current links (read with the checks in `_validate`; empty for a new visit),
    and only the differences are deleted or inserted. (No m2m_changed signals: nothing listens
    to them.) Reading the links before the UPDATE that locks the visit is safe: a change to the
    visit that commits after the read bumps its version, so our UPDATE then fails on the version."""
    links: tuple[tuple[Any, str, set[int]], ...] = (
        (Besoeg.delmaal.through, "delmaal_id", {d.pk for d in delmaal}),
        (Besoeg.ydelser.through, "kode_id", {k.pk for k in ydelser}),
    )
    cache = getattr(besoeg, "_prefetched_objects_cache", None)
    if cache:  # as the related managers' set() does
        cache.pop("delmaal", None)
        cache.pop("ydelser", None)
    for (through, column, want), current in zip(links, have, strict=True):
        if current - want:
            through.objects.filter(besoeg_id=besoeg.pk, **{f"{column}__in": current - want}).delete()
        if want - current:
            through.objects.bulk_create([through(besoeg_id=besoeg.pk, **{column: pk}) for pk in sorted(want - current)])


@transaction.atomic
def besoeg_create(
    *,
    bestilling: Bestilling,
    medarbejder: User,
    starts_at: datetime,
    ends_at: datetime,
    kontaktform: str,
    planlagt: bool = True,
    status: str = S.GENNEMFOERT,
    delmaal: Sequence[Delmaal] = (),
    ydelser: Sequence[Kode] = (),
    note: str = "",
    note_undertema: Kode | None = None,
    serie: BesoegSerie | None = None,
    gruppesession: Gruppesession | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> Besoeg:
    """Plan or log a visit/contact. Phone and SMS contact is delivered time like any other."""
    now = now or timezone.now()
    _require_may_log(actor, bestilling, medarbejder)
    require_live(bestilling)
    _validate(
        bestilling=bestilling, medarbejder=medarbejder, starts_at=starts_at, ends_at=ends_at, kontaktform=kontaktform,
        status=status, delmaal=delmaal, ydelser=ydelser, note=note, note_undertema=note_undertema,
        gruppesession_id=gruppesession.pk if gruppesession is not None else None, exclude_pk=None, now=now,
    )
    besoeg = Besoeg(
        bestilling=bestilling, sag_id=bestilling.sag_id, medarbejder=medarbejder, starts_at=starts_at, ends_at=ends_at,
        kontaktform=kontaktform, planlagt=planlagt, status=status, note=note.strip(), note_undertema=note_undertema,
        serie=serie, gruppesession=gruppesession, registreret_af=actor,
        registreret_at=None if status == S.PLANLAGT else now,
    )
    with pghistory.context(actor_id=actor_pk(actor), reason="besøg registreret"):
        besoeg.save()
        if delmaal or ydelser:
            _set_refs(besoeg, delmaal, ydelser, have=(set(), set()))
        _mark_started(bestilling, besoeg)
    return besoeg



@transaction.atomic
def besoeg_update(
    *,
    besoeg: Besoeg,
    version: int,
    starts_at: datetime,
    ends_at: datetime,
    kontaktform: str,
    status: str,
    planlagt: bool | None = None,
    delmaal: Sequence[Delmaal] = (),
    ydelser: Sequence[Kode] = (),
    note: str = "",
    note_undertema: Kode | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> Besoeg:
    """Complete (log) a planned visit, or correct a logged one. Optimistic locking on `version`."""
    now = now or timezone.now()
    bestilling = besoeg.bestilling
    medarbejder = besoeg.medarbejder
    _require_may_log(actor, bestilling, medarbejder)
    have = _validate(
        bestilling=bestilling, medarbejder=medarbejder, starts_at=starts_at, ends_at=ends_at, kontaktform=kontaktform,
        status=status, delmaal=delmaal, ydelser=ydelser, note=note, note_undertema=note_undertema,
        gruppesession_id=besoeg.gruppesession_id, exclude_pk=besoeg.pk, now=now, read_links=True,
    )
    fields = {
        "starts_at": starts_at, "ends_at": ends_at, "kontaktform": kontaktform, "status": status, "note": note.strip(),
        "note_undertema": note_undertema, "registreret_af": actor, "registreret_at": None if status == S.PLANLAGT else now,
        "updated_at": now,
    }
    if planlagt is not None:
        fields["planlagt"] = planlagt
    with pghistory.context(actor_id=actor_pk(actor), reason="besøg opdateret"):
        n = Besoeg.objects.filter(pk=besoeg.pk, version=version).update(version=F("version") + 1, **fields)
        if n != 1:
            raise ConflictError(_("Besøget er ændret af en anden i mellemtiden. Dine indtastninger står stadig i formularen – genindlæs og prøv igen."))
        if version == besoeg.version:
            # The row we loaded is the one we updated (every change of a visit goes through here
            # and bumps the version), so it now holds exactly the loaded values plus `fields`.
            for name, value in fields.items():
                setattr(besoeg, name, value)
            besoeg.version = version + 1
        else:
            besoeg.refresh_from_db()
        _set_refs(besoeg, delmaal, ydelser, have=have)
        _mark_started(bestilling, besoeg)
    return besoeg


def _occurrences(first: datetime, interval_uger: int, antal: int | None, til_og_med: date | None) -> list[datetime]:
    """Same wall-clock time every (second) week, also across a DST change."""
    local = timezone.localtime(first)
    tz = local.tzinfo
    out: list[datetime] = []
    i = 0
    while True:
        day = local.date() + timedelta(weeks=interval_uger * i)
        if antal is not None and i >= antal:
            break
        if til_og_med is not None and day > til_og_med:
            break
        out.append(timezone.make_aware(datetime.combine(day, local.time().replace(tzinfo=None)), tz))
        i += 1
        if i > 104:
            break
    return out


@transaction.atomic
def besoeg_serie_create(
    *,
    bestilling: Bestilling,
    medarbejder: User,
    foerste_starts_at: datetime,
    varighed_min: int,
    kontaktform: str,
    interval_uger: int = 1,
    antal: int | None = None,
    til_og_med: date | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> BesoegSerie:
    """Plan a recurring visit (weekly or every second week, N times or until a date)."""
    now = now or timezone.now()
    _require_may_log(actor, bestilling, medarbejder)
    require_live(bestilling)
    errors: dict[str, str] = {}
    if interval_uger not in (1, 2):
        errors["interval_uger"] = _("Vælg hver uge eller hver anden uge.")
    if antal is None and til_og_med is None:
        errors["antal"] = _("Angiv enten antal gange eller en slutdato.")
    if antal is not None and not 1 <= antal <= 104:
        errors["antal"] = _("Antal gange skal være mellem 1 og 104.")
    if til_og_med is not None and til_og_med < timezone.localdate(foerste_starts_at):
        errors["til_og_med"] = _("Slutdatoen skal være efter det første besøg.")
    if not 5 <= varighed_min <= 720:
        errors["varighed_min"] = _("Varigheden skal være mellem 5 minutter og 12 timer.")
    if errors:
        raise ValidationError(errors)
    serie = BesoegSerie(
        bestilling=bestilling, medarbejder=medarbejder, interval_uger=interval_uger, foerste_starts_at=foerste_starts_at,
        varighed_min=varighed_min, kontaktform=kontaktform, antal=antal, til_og_med=til_og_med, oprettet_af=actor,
    )
    serie.full_clean(exclude=["oprettet_af"])
    serie.save()
    for start in _occurrences(foerste_starts_at, interval_uger, antal, til_og_med):
        try:
            besoeg_create(
                bestilling=bestilling, medarbejder=medarbejder, starts_at=start, ends_at=start + timedelta(minutes=varighed_min),
                kontaktform=kontaktform, planlagt=True, status=S.PLANLAGT, serie=serie, actor=actor, now=now,
            )
        except ValidationError as exc:
            msg = "; ".join(exc.messages)
            raise ValidationError({"foerste_starts_at": _("Besøget %(d)s kan ikke planlægges: %(msg)s") % {"d": _fmt(start), "msg": msg}}) from exc
    return serie


@dataclass(frozen=True)
class GruppeDeltager:
    """One citizen in a group session: minutes of the session they took part in."""

    bestilling: Bestilling
    minutter: int
    status: str = S.GENNEMFOERT


@transaction.atomic
def gruppesession_create(
    *,
    medarbejder: User,
    titel: str,
    starts_at: datetime,
    ends_at: datetime,
    deltagere: Sequence[GruppeDeltager],
    sted: str = "",
    note: str = "",
    note_undertema: Kode | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> Gruppesession:
    """Log a group session once; one visit per citizen with the time they took part."""
    now = now or timezone.now()
    lev_id = leverandoer_id_for(medarbejder)
    errors: dict[str, str] = {}
    if medarbejder.rolle != Rolle.BOSTOETTE or lev_id is None:
        errors["medarbejder"] = _("Gruppen skal ledes af en bostøttemedarbejder.")
    if not titel.strip():
        errors["titel"] = _("Giv gruppesessionen en titel.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("Sluttidspunktet skal være efter starttidspunktet.")
    elif ends_at - starts_at > MAX_BESOEG_VARIGHED:
        errors["ends_at"] = _("En session kan højst vare 12 timer.")
    if not deltagere:
        errors["deltagere"] = _("Vælg mindst én deltager.")
    session_min = int((ends_at - starts_at).total_seconds() // 60)
    if any(not 1 <= d.minutter <= session_min for d in deltagere):
        errors["deltagere"] = _("Tiden pr. deltager skal være mellem 1 minut og sessionens længde.")
    if len({d.bestilling.pk for d in deltagere}) != len(deltagere):
        errors["deltagere"] = _("Den samme borger er valgt to gange.")
    if errors:
        raise ValidationError(errors)
    if actor is not None and actor.pk != medarbejder.pk and not is_leder_for(actor, lev_id or -1):
        raise NotAllowedError(_("Du kan kun registrere dine egne gruppesessioner."))
    session = Gruppesession(
        leverandoer_id=lev_id, medarbejder=medarbejder, titel=titel.strip(), sted=sted.strip(),
        starts_at=starts_at, ends_at=ends_at, registreret_af=actor,
    )
    session.full_clean(exclude=["registreret_af"])
    session.save()
    for d in deltagere:
        if d.bestilling.leverandoer_id != lev_id:
            raise ValidationError({"deltagere": _("Alle deltagere skal være borgere hos jeres leverandør.")})
        besoeg_create(
            bestilling=d.bestilling, medarbejder=medarbejder, starts_at=starts_at,
            ends_at=starts_at + timedelta(minutes=d.minutter), kontaktform=Kontaktform.GRUPPE, planlagt=True,
            status=d.status, note=note, note_undertema=note_undertema, gruppesession=session, actor=actor, now=now,
        )
    return session

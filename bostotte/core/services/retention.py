# ruff: noqa: S608  (table and column names come from model metadata, never from input)
"""Retention: closed cases are archived and deleted after `RETENTION_YEARS` (docs/operations.md).

`sletning_koer` finds the cases whose closing date lies before the cutoff (today minus the
retention period) and, for each one in its own transaction, deletes the case with everything that
hangs off it in every app: all rows reachable through foreign keys to the case (and to the citizen
and their portal login when they have no other case), the pghistory event rows of those rows, the
AccessLog rows, admin log entries and the stored files (after commit). With an archive directory a
ZIP package per case is written first.

Enforced twice: `sag_retention_check` refuses an open case, a case on hold (`bevares`) or one
closed too recently; in the database the journal and afgørelse tables refuse any DELETE unless the
transaction has set `bostotte.retention_cutoff` and the case was closed before it (core/triggers.py).
Only the append-only Protect triggers of the tables the case touches are ignored, and only inside
the transaction of one case. Foreign keys are checked before commit, so a row of another case that
still points into this one stops the deletion of this case (reported, nothing half-deleted)."""

from __future__ import annotations

import getpass
import json
import os
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pghistory.models
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..exceptions import ApplicationError
from ..models import Borger, Rolle, Sag, Sletningskoersel, User
from ..triggers import RETENTION_CUTOFF_SETTING

# Rows grouped by model: {Model: {pk, …}}.
Rows = dict[type[models.Model], set[Any]]


def retention_cutoff(*, today: date, years: int) -> date:
    """Cases closed before this date are past their retention period (29 February → 28 February)."""
    if years < 1:
        raise ApplicationError(
            _("Opbevaringsperioden skal være mindst ét år."), code="opbevaring_ugyldig"
        )
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def sag_list_udloebne(*, cutoff: date) -> models.QuerySet[Sag]:
    """Closed cases past the cutoff and not on hold, oldest first. System read: no user scope."""
    return Sag.objects.filter(
        status=Sag.Status.LUKKET, closed_on__lt=cutoff, bevares=False
    ).order_by("closed_on", "id")


def sag_retention_check(*, sag: Sag, cutoff: date, today: date) -> None:
    """The service's guard: only a closed case, not on hold, closed before a cutoff in the past."""
    if cutoff >= today:
        raise ApplicationError(_("Skæringsdatoen skal ligge før i dag."), code="cutoff_ugyldig")
    if sag.status != Sag.Status.LUKKET or sag.closed_on is None:
        raise ApplicationError(_("Sagen er ikke lukket og kan ikke slettes."), code="sag_aaben")
    if sag.bevares:
        raise ApplicationError(_("Sagen skal bevares og må ikke slettes."), code="sag_bevares")
    if sag.closed_on >= cutoff:
        raise ApplicationError(
            _("Sagen blev lukket %(dato)s og er stadig inden for opbevaringsperioden.")
            % {"dato": sag.closed_on.strftime("%d.%m.%Y")},
            code="sag_inden_for_perioden",
        )


def _is_history(model: type[models.Model]) -> bool:
    return issubclass(model, pghistory.models.Event)


def _walkable(model: type[models.Model]) -> bool:
    meta = model._meta
    return meta.managed and not meta.proxy and not meta.swapped


def _references() -> dict[
    type[models.Model], list[tuple[type[models.Model], models.ForeignKey[Any, Any]]]
]:
    """{target: [(model, fk), …]} for every concrete FK in the project, hidden ones ("+")
    and auto-created M2M tables included (`_meta.related_objects` leaves the hidden ones out)."""
    refs: dict[type[models.Model], list[tuple[type[models.Model], models.ForeignKey[Any, Any]]]] = (
        defaultdict(list)
    )
    for model in apps.get_models(include_auto_created=True):
        if not _walkable(model):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.ForeignKey):
                refs[f.related_model._meta.concrete_model].append((model, f))
    return refs


def sag_collect(*, sag: Sag) -> Rows:
    """Every row that hangs off the case: rows pointing at the case by foreign key, rows pointing at
    those, and so on (history events too); the citizen and their portal login when this is their
    only case."""
    seeds: Rows = defaultdict(set)
    seeds[Sag].add(sag.pk)
    borger_goes = not Sag.objects.filter(borger_id=sag.borger_id).exclude(pk=sag.pk).exists()
    if borger_goes:
        seeds[Borger].add(sag.borger_id)
        login = (
            User.objects.filter(borger__pk=sag.borger_id, rolle=Rolle.BORGER)
            .values_list("pk", flat=True)
            .first()
        )
        if login is not None:
            seeds[User].add(login)
    refs = _references()
    collected: Rows = defaultdict(set)
    queue: list[tuple[type[models.Model], set[Any]]] = list(seeds.items())
    while queue:
        model, pks = queue.pop()
        new = pks - collected[model]
        if not new:
            continue
        collected[model] |= new
        for related, fk in refs.get(model, []):
            lookup = f"{fk.attname}__in" if fk.target_field.primary_key else f"{fk.name}__pk__in"
            ids = set(related._base_manager.filter(**{lookup: new}).values_list("pk", flat=True))
            if ids:
                queue.append((related, ids))
    rows = {model: pks for model, pks in collected.items() if pks}
    _check_belongs_to(sag=sag, rows=rows)
    return rows


def _check_belongs_to(*, sag: Sag, rows: Rows) -> None:
    """A row that hangs off this case but names another case or citizen is not ours to delete."""
    for model, pks in rows.items():
        if model in (Sag, Borger):
            expected = {sag.pk} if model is Sag else {sag.borger_id}
            if pks != expected:
                raise ApplicationError(
                    _("Sagen hænger sammen med en anden sag og slettes ikke automatisk."),
                    code="sag_forbundet",
                )
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.ForeignKey) or f.related_model not in (Sag, Borger):
                continue
            allowed = {sag.pk, None} if f.related_model is Sag else {sag.borger_id, None}
            seen = set(
                model._base_manager.filter(pk__in=pks).values_list(f.attname, flat=True).distinct()
            )
            if not seen <= allowed:
                raise ApplicationError(
                    _(
                        "Sagen hænger sammen med en anden sag (%(tabel)s) og slettes ikke automatisk."
                    )
                    % {"tabel": model._meta.db_table},
                    code="sag_forbundet",
                )


def _protect_trigger_uris(models_: Iterable[type[models.Model]]) -> list[str]:
    """The append-only/no-delete Protect triggers of exactly these tables (history included)."""
    wanted = set(models_)
    return [
        trigger.get_uri(model)
        for model, trigger in pgtrigger.registered()
        if model in wanted
        and isinstance(trigger, pgtrigger.Protect)
        and "DELETE" in str(trigger.operation)
    ]


def _files(rows: Rows) -> list[str]:
    names: list[str] = []
    for model, pks in rows.items():
        file_fields = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)
        ]
        if not file_fields or _is_history(model):
            continue
        for values in model._base_manager.filter(pk__in=pks).values_list(*file_fields):
            names.extend(v for v in values if v)
    return sorted(set(names))


def _admin_log(rows: Rows) -> models.QuerySet[LogEntry]:
    """Admin log entries about these rows (object_repr may hold a name). Looks content types up
    without creating any, so a dry run writes nothing."""
    known = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}
    q = models.Q(pk__in=[])
    for model, pks in rows.items():
        ct_id = known.get((model._meta.app_label, model._meta.model_name))
        if ct_id is not None:
            q |= models.Q(content_type_id=ct_id, object_id__in=[str(pk) for pk in pks])
    return LogEntry.objects.filter(q)


def _counts(rows: Rows, admin_log: int) -> dict[str, int]:
    counts = {model._meta.db_table: len(pks) for model, pks in rows.items()}
    if admin_log:
        counts[LogEntry._meta.db_table] = admin_log
    return dict(sorted(counts.items()))


def _history_contexts(rows: Rows) -> set[Any]:
    ids: set[Any] = set()
    for model, pks in rows.items():
        if _is_history(model):
            ids |= set(
                model._base_manager.filter(pk__in=pks, pgh_context__isnull=False).values_list(
                    "pgh_context_id", flat=True
                )
            )
    return ids


def _delete_orphan_contexts(candidates: set[Any]) -> int:
    """pghistory contexts (who/why of a change) that no remaining event row uses any more."""
    if not candidates:
        return 0
    event_tables = sorted(
        {
            m._meta.db_table
            for m in apps.get_models()
            if _is_history(m) and _walkable(m) and m._meta.get_field("pgh_context")
        }
    )
    not_used = " ".join(
        f'AND NOT EXISTS (SELECT 1 FROM "{t}" e WHERE e.pgh_context_id = c.id)'
        for t in event_tables
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM pghistory_context c WHERE c.id = ANY(%s) {not_used}",  # noqa: S608 (table names from model metadata)
            [list(candidates)],
        )
        return cursor.rowcount


def _archive(
    *, sag: Sag, rows: Rows, files: list[str], arkiv_dir: Path, cutoff: date, now: datetime
) -> Path:
    """One ZIP per case: every row (as Django JSON), the stored files and a manifest. Written to a
    temporary name and renamed, so a package is either complete or absent."""
    arkiv_dir.mkdir(parents=True, exist_ok=True)
    target = arkiv_dir / f"{sag.sagsnummer}.zip"
    borger = Borger.objects.get(pk=sag.borger_id)
    manifest = {
        "sagsnummer": sag.sagsnummer,
        "titel": sag.titel,
        "opened_on": sag.opened_on.isoformat(),
        "closed_on": sag.closed_on.isoformat() if sag.closed_on else None,
        "borger": {"cpr": borger.cpr, "navn": borger.navn},
        "cutoff": cutoff.isoformat(),
        "arkiveret_at": now.isoformat(),
        "tabeller": _counts(rows, 0),
        "filer": files,
    }
    fd, tmp = tempfile.mkstemp(dir=arkiv_dir, prefix=".arkiv-", suffix=".zip")
    os.close(fd)
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
            for model, pks in sorted(rows.items(), key=lambda item: item[0]._meta.db_table):
                data = serializers.serialize(
                    "json", model._base_manager.filter(pk__in=pks).order_by("pk")
                )
                zf.writestr(f"data/{model._meta.db_table}.json", data)
            for name in files:
                with default_storage.open(name, "rb") as fh:
                    zf.writestr(f"filer/{name}", fh.read())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def sag_slet(
    *, sag: Sag, cutoff: date, today: date, arkiv_dir: Path | None, now: datetime
) -> dict[str, int]:
    """Archive (optionally) and delete one case in one transaction. Returns rows per table."""
    sag_retention_check(sag=sag, cutoff=cutoff, today=today)
    ignore = _protect_trigger_uris(sag_collect(sag=sag).keys())
    # pgtrigger's clean-up must run outside the transaction (see core/volume/copy.py).
    with pgtrigger.ignore(*ignore), transaction.atomic():
        sag = Sag.objects.select_for_update().get(pk=sag.pk)
        sag_retention_check(sag=sag, cutoff=cutoff, today=today)
        rows = sag_collect(sag=sag)
        files = _files(rows)
        if arkiv_dir is not None:
            _archive(sag=sag, rows=rows, files=files, arkiv_dir=arkiv_dir, cutoff=cutoff, now=now)
        admin_log = _admin_log(rows)
        admin_log_count = admin_log.count()
        contexts = _history_contexts(rows)
        admin_log.delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config(%s, %s, true)", [RETENTION_CUTOFF_SETTING, cutoff.isoformat()]
            )
            # Everything else first; the case, the citizen and the login last, because the journal
            # and afgørelse guards look the case up. Foreign keys are deferred until the check below.
            last = [m for m in (Sag, Borger, User) if m in rows]
            for model in [m for m in rows if m not in last] + last:
                cursor.execute(
                    f'DELETE FROM "{model._meta.db_table}" WHERE "{model._meta.pk.column}" = ANY(%s)',  # noqa: S608
                    [list(rows[model])],
                )
            connection.check_constraints()
            cursor.execute("SELECT set_config(%s, '', true)", [RETENTION_CUTOFF_SETTING])
        counts = _counts(rows, admin_log_count)
        removed_contexts = _delete_orphan_contexts(contexts)
        if removed_contexts:
            counts["pghistory_context"] = removed_contexts
        for name in files:
            # robust: a file that cannot be removed is logged and does not stop the run.
            transaction.on_commit(lambda name=name: default_storage.delete(name), robust=True)
    return counts


@dataclass
class SagUdfald:
    sag_id: int
    sagsnummer: str
    closed_on: date | None
    antal: dict[str, int] = field(default_factory=dict)
    fejl: str = ""


@dataclass
class Sletningsrapport:
    cutoff: date
    opbevaring_aar: int
    udfoert: bool
    arkiv_dir: Path | None
    sager: list[SagUdfald] = field(default_factory=list)
    koersel: Sletningskoersel | None = None

    @property
    def antal(self) -> dict[str, int]:
        total: dict[str, int] = defaultdict(int)
        for udfald in self.sager:
            if not udfald.fejl:
                for table, n in udfald.antal.items():
                    total[table] += n
        return dict(sorted(total.items()))

    @property
    def fejlede(self) -> list[SagUdfald]:
        return [u for u in self.sager if u.fejl]


def sletning_koer(
    *,
    actor: User | None,
    udfoer: bool,
    today: date | None = None,
    years: int | None = None,
    arkiv_dir: Path | None = None,
    now: datetime | None = None,
) -> Sletningsrapport:
    """Find the cases past retention; with `udfoer` archive and delete them and store the report.

    Without `udfoer` (dry run) nothing is written: the report lists what would go."""
    now = now or timezone.now()
    real_today = timezone.localdate(now)
    today = today or real_today
    if today > real_today:
        raise ApplicationError(
            _("Datoen for kørslen kan ikke ligge i fremtiden."), code="dato_fremtid"
        )
    years = settings.RETENTION_YEARS if years is None else years
    cutoff = retention_cutoff(today=today, years=years)
    rapport = Sletningsrapport(
        cutoff=cutoff, opbevaring_aar=years, udfoert=udfoer, arkiv_dir=arkiv_dir
    )
    for sag in sag_list_udloebne(cutoff=cutoff).iterator():
        udfald = SagUdfald(sag_id=sag.pk, sagsnummer=sag.sagsnummer, closed_on=sag.closed_on)
        rapport.sager.append(udfald)
        try:
            if udfoer:
                udfald.antal = sag_slet(
                    sag=sag, cutoff=cutoff, today=real_today, arkiv_dir=arkiv_dir, now=now
                )
            else:
                sag_retention_check(sag=sag, cutoff=cutoff, today=real_today)
                udfald.antal = _counts(rows := sag_collect(sag=sag), _admin_log(rows).count())
        except (ApplicationError, DatabaseError, OSError) as exc:
            udfald.fejl = (
                exc.message if isinstance(exc, ApplicationError) else f"{type(exc).__name__}: {exc}"
            )
    if udfoer:
        rapport.koersel = Sletningskoersel.objects.create(
            started_at=now,
            finished_at=max(now, timezone.now()),
            actor=actor,
            koert_som=_os_user(),
            opbevaring_aar=years,
            cutoff=cutoff,
            arkiveret=arkiv_dir is not None,
            sager_slettet=sum(1 for u in rapport.sager if not u.fejl),
            sager_fejlet=len(rapport.fejlede),
            antal=rapport.antal,
            fejl=[{"sag_id": u.sag_id, "fejl": u.fejl[:500]} for u in rapport.fejlede],
        )
    return rapport


def _os_user() -> str:
    try:
        return getpass.getuser()[:100]
    except (KeyError, OSError):
        return ""

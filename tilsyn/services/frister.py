"""The deadline engine: sync tasks from the kinds' sources, then remind and escalate one task at
a time (STYLE.md §17). Everything is idempotent: the unique `(art, target, due_on)` constraint
makes a rerun or a concurrent run harmless, and each claimed task is processed in its own
transaction, so a run killed half-way leaves the rest for the next run."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import pghistory
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from bostotte.core.models import Sag, User

from ..deadlines.kinds import KINDS, Kind
from ..models import Opgave, ScanLog
from .notifikation import notifikation_create

logger = logging.getLogger(__name__)


@dataclass
class SyncResult:
    forfaldne: int = 0  # due items the source yielded
    oprettet: int = 0
    lukket: int = 0
    sekunder: float = 0.0  # wall time of the kind's sync (set by frister_scan)


def _ctx(actor: User | None, reason: str) -> pghistory.context:
    return pghistory.context(actor_id=getattr(actor, "pk", None), reason=reason)


@transaction.atomic
def opgaver_sync_kind(*, kind: Kind, now: datetime | None = None) -> SyncResult:
    """Create tasks for the kind's due items and close open tasks whose item is resolved.

    Reads only the due items (the source) and the kind's open tasks (partial index
    tilsyn_opgave_aaben_art), so the cost follows the number of due items, not of all cases."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    lead = kind.lead()
    items = list(kind.source(today, today + timedelta(days=lead)))
    ct = ContentType.objects.get_for_model(apps.get_model(kind.model))
    result = SyncResult(forfaldne=len(items))
    wanted = {(i.target_id, i.due_on): i for i in items}
    # uses index tilsyn_opgave_aaben_art
    open_tasks = list(Opgave.objects.filter(art=kind.art, status=Opgave.Status.AABEN).only("pk", "target_id", "due_on", "ansvarlig_id", "sag_id"))
    # Keys that already have a task (open or closed) among the due items' targets: a closed task
    # with the same key stays closed (a dismissed task is not recreated).
    existing: set[tuple[int, object]] = set()
    targets = sorted({i.target_id for i in items})
    # uses the unique index tilsyn_opgave_unique_due (art, target_ct, target_id, …)
    for start in range(0, len(targets), 5000):
        existing.update(
            Opgave.objects.filter(art=kind.art, target_ct=ct, target_id__in=targets[start : start + 5000]).values_list("target_id", "due_on")
        )
    with _ctx(None, f"fristscan {kind.art}"):
        new = [
            Opgave(
                art=kind.art, target_ct=ct, target_id=i.target_id, sag_id=i.sag_id, ansvarlig_id=i.ansvarlig_id,
                due_on=i.due_on, remind_on=i.due_on - timedelta(days=lead), detalje=i.detalje[:200],
            )
            for key, i in wanted.items()
            if key not in existing
        ]
        if new:
            # ignore_conflicts: a concurrent scan may have inserted the same row a moment ago.
            Opgave.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
            result.oprettet = len(new)
        for o in open_tasks:
            item = wanted.get((o.target_id, o.due_on))
            if item is None:
                # The source no longer yields it: resolved (decided, answered, done, moved).
                closed = Opgave.objects.filter(pk=o.pk, status=Opgave.Status.AABEN).update(
                    status=Opgave.Status.UDFOERT, closed_at=now, updated_at=now,
                    begrundelse=_("Lukket automatisk: fristen er opfyldt eller ikke længere aktuel."),
                )
                result.lukket += closed
            elif item.ansvarlig_id != o.ansvarlig_id:
                # The case changed hands: the task follows the responsible sagsbehandler.
                Opgave.objects.filter(pk=o.pk).update(ansvarlig_id=item.ansvarlig_id, updated_at=now)
    return result


def _opgave_url(opgave: Opgave, sag: Sag) -> str:
    return reverse("core:sag-detail", kwargs={"uuid": sag.uuid})


def opgave_process_one_due(*, now: datetime | None = None) -> bool:
    """Claim one open task that needs a reminder or an escalation, process it, commit.

    Returns False when nothing was left to claim. Safe to run in several processes at once
    (`select_for_update(skip_locked=True)`)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    with transaction.atomic():
        # uses indexes tilsyn_opgave_paamind / tilsyn_opgave_eskaler
        opgave = (
            Opgave.objects.select_for_update(skip_locked=True)
            .filter(status=Opgave.Status.AABEN)
            .filter(Q(last_reminded_at__isnull=True, remind_on__lte=today) | Q(escalated_at__isnull=True, due_on__lt=today))
            .order_by("due_on", "id")
            .first()
        )
        if opgave is None:
            return False
        sag = Sag.objects.select_related("team").get(pk=opgave.sag_id)
        url = _opgave_url(opgave, sag)
        fields = ["updated_at"]
        with _ctx(None, "fristscan påmindelse/eskalering"):
            if opgave.last_reminded_at is None and opgave.remind_on <= today:
                notifikation_create(
                    modtager_id=opgave.ansvarlig_id, opgave=opgave, sag=sag, url=url, now=now,
                    titel=_("Frist %(dato)s: %(art)s") % {"dato": opgave.due_on.strftime("%d.%m.%Y"), "art": opgave.get_art_display()},
                    tekst=_("Der er en opgave på din arbejdsliste på sag %(nr)s.") % {"nr": sag.sagsnummer},
                )
                opgave.last_reminded_at = now
                fields.append("last_reminded_at")
            if opgave.escalated_at is None and opgave.due_on < today:
                leder_id = sag.team.leder_id
                opgave.escalated_at = now
                fields.append("escalated_at")
                if leder_id is not None:
                    opgave.escalated_to_id = leder_id
                    fields.append("escalated_to")
                    notifikation_create(
                        modtager_id=leder_id, opgave=opgave, sag=sag, url=url, now=now,
                        titel=_("Overskredet frist: %(art)s") % {"art": opgave.get_art_display()},
                        tekst=_("Fristen %(dato)s på sag %(nr)s er overskredet.")
                        % {"dato": opgave.due_on.strftime("%d.%m.%Y"), "nr": sag.sagsnummer},
                    )
            opgave.updated_at = now
            opgave.save(update_fields=fields)
    return True


def frister_scan(
    *, now: datetime | None = None, kilde: str = "beat", limit: int | None = None, pr_art: dict[str, SyncResult] | None = None
) -> ScanLog:
    """The daily scan: every kind, then the claim loop. `limit` stops the loop early (tests of a
    run stopped half-way). Records the run in ScanLog; `finished_at` only when it completed.
    `pr_art`, when given, is filled with each kind's result and duration (`manage.py frister_scan -v 2`)."""
    now = now or timezone.now()
    log = ScanLog.objects.create(started_at=now, kilde=kilde)
    errors: list[Exception] = []
    for kind in KINDS.values():
        t0 = time.perf_counter()
        try:
            r = opgaver_sync_kind(kind=kind, now=now)
        except Exception as exc:  # one broken source must not stop the others
            logger.exception("fristscan: kind %s failed", kind.art)
            errors.append(exc)
            continue
        r.sekunder = time.perf_counter() - t0
        if pr_art is not None:
            pr_art[kind.art] = r
        log.oprettet += r.oprettet
        log.lukket += r.lukket
    # while/else: the else branch runs only when `limit` stopped the loop (the run is unfinished).
    while limit is None or log.behandlet < limit:
        if not opgave_process_one_due(now=now):
            break
        log.behandlet += 1
    else:
        log.save(update_fields=["oprettet", "lukket", "behandlet"])
        return log
    if errors:
        log.save(update_fields=["oprettet", "lukket", "behandlet"])
        raise errors[0]
    log.finished_at = max(now, timezone.now())
    log.save(update_fields=["oprettet", "lukket", "behandlet", "finished_at"])
    return log


def scan_last_success() -> datetime | None:
    # uses index tilsyn_scanlog_ok
    row = ScanLog.objects.filter(finished_at__isnull=False).order_by("-finished_at").values_list("finished_at", flat=True).first()
    return row


def _may_close(opgave: Opgave, actor: User) -> bool:
    if actor.pk in (opgave.ansvarlig_id, opgave.escalated_to_id):
        return True
    return opgave.sag.team.leder_id == actor.pk


@transaction.atomic
def opgave_close(
    *, opgave: Opgave, status: str, begrundelse: str, actor: User | None, now: datetime | None = None
) -> Opgave:
    """Mark a task done (udført) or dismiss it (afvist, with a reason). Only the responsible
    sagsbehandler, the one it was escalated to, or the team leader may close it."""
    now = now or timezone.now()
    opgave = Opgave.objects.select_for_update().select_related("sag__team").get(pk=opgave.pk)
    if actor is not None and not _may_close(opgave, actor):
        raise NotAllowedError(_("Kun den ansvarlige eller teamlederen kan lukke opgaven."), code="ikke_ansvarlig")
    if status not in (Opgave.Status.UDFOERT, Opgave.Status.AFVIST):
        raise ValidationError({"status": _("Vælg om opgaven er udført eller afvist.")})
    begrundelse = (begrundelse or "").strip()
    if status == Opgave.Status.AFVIST and not begrundelse:
        raise ValidationError({"begrundelse": _("Skriv hvorfor opgaven afvises.")})
    if not opgave.is_open:
        raise ApplicationError(_("Opgaven er allerede lukket."), code="lukket")
    opgave.status = status
    opgave.begrundelse = begrundelse
    opgave.closed_by = actor
    opgave.closed_at = now
    opgave.full_clean()
    with _ctx(actor, "opgave lukket"):
        opgave.save(update_fields=["status", "begrundelse", "closed_by", "closed_at", "updated_at"])
    return opgave

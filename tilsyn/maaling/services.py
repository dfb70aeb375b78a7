"""Export services: create a job, stream a CSV, build an XLSX (in Celery), write the AccessLog."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from openpyxl import Workbook

from bostotte.core.exceptions import NotAllowedError
from bostotte.core.logging import request_id_var
from bostotte.core.models import AccessLog, Rolle, Sag, User
from bostotte.core.queue import enqueue

from .exports import besoeg_csv_stream, besoeg_queryset, csv_stream, dataset, xlsx_cell
from .models import Eksportjob
from .scope import MAALING_ROLLER, niveau_for
from .udsnit import Udsnit

FORMAAL = "Ledelsesinformation: dine oplysninger indgik i en udtræk af målinger"
PROGRESS_EVERY = 2000


def udsnit_to_filtre(u: Udsnit) -> dict[str, Any]:
    return {
        "fra": u.fra.isoformat(), "til": u.til.isoformat(), "today": u.today.isoformat(), "team_id": u.team_id,
        "leverandoer_id": u.leverandoer_id, "maalgruppe_id": u.maalgruppe_id, "aldersgruppe": u.aldersgruppe, "koen": u.koen,
    }


def udsnit_from_job(job: Eksportjob) -> Udsnit:
    f = job.filtre
    return Udsnit(
        user=job.bestilt_af, fra=date.fromisoformat(f["fra"]), til=date.fromisoformat(f["til"]), today=date.fromisoformat(f["today"]),
        team_id=f.get("team_id"), leverandoer_id=f.get("leverandoer_id"), maalgruppe_id=f.get("maalgruppe_id"),
        aldersgruppe=f.get("aldersgruppe") or "", koen=f.get("koen") or "", niveau=niveau_for(job.bestilt_af),
    )


@transaction.atomic
def eksportjob_create(
    *, udsnit: Udsnit, datasaet: str, format: str, pseudonymiseret: bool, actor: User, now: datetime | None = None
) -> Eksportjob:
    """Record an export. The analytiker may only export pseudonymised data (also a DB constraint)."""
    now = now or timezone.now()
    if actor.rolle not in MAALING_ROLLER:
        raise NotAllowedError("Du har ikke adgang til at eksportere målinger.", code="maaling_eksport_rolle")
    if actor.rolle == Rolle.ANALYTIKER and not pseudonymiseret:
        raise NotAllowedError("Som analytiker kan du kun lave pseudonymiserede eksporter.", code="maaling_eksport_pseudonym")
    job = Eksportjob(
        bestilt_af=actor, rolle=actor.rolle, datasaet=datasaet, format=format, pseudonymiseret=pseudonymiseret,
        filtre=udsnit_to_filtre(udsnit), created_at=now, updated_at=now,
    )
    job.full_clean()
    job.save()
    return job


def accesslog_for_export(*, job: Eksportjob, borger_ids: Any, now: datetime) -> int:
    """Identified exports: one AccessLog row per included citizen (bulk insert; the citizen sees
    it in the portal). Pseudonymised exports hold no personal data: the job row is the record."""
    if job.pseudonymiseret:
        return 0
    request_id = request_id_var.get() if request_id_var.get() != "-" else ""
    ids = list(borger_ids)
    sag_for = dict(Sag.objects.filter(borger_id__in=ids).order_by("borger_id", "-opened_on").values_list("borger_id", "pk"))
    rows = [
        AccessLog(at=now, actor=job.bestilt_af, rolle=job.rolle, borger_id=bid, sag_id=sag_for.get(bid), art=AccessLog.Art.EKSPORT,
                  formaal=FORMAAL, view_name=f"maaling:eksport:{job.datasaet}", request_id=request_id)
        for bid in ids
    ]
    AccessLog.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def eksport_csv(
    *, udsnit: Udsnit, datasaet: str, pseudonymiseret: bool, actor: User, now: datetime | None = None
) -> tuple[Eksportjob, Iterator[str] | Iterator[bytes]]:
    """Create the job, log the access, and return the CSV as a stream (str chunks, or bytes for visits)."""
    now = now or timezone.now()
    with transaction.atomic():
        job = eksportjob_create(udsnit=udsnit, datasaet=datasaet, format="csv", pseudonymiseret=pseudonymiseret, actor=actor, now=now)
        secret = job.secret if pseudonymiseret else None
        data = dataset(datasaet, udsnit, secret=secret)
        n = accesslog_for_export(job=job, borger_ids=data.borger_ids, now=now)
        Eksportjob.objects.filter(pk=job.pk).update(status=Eksportjob.Status.FAERDIG, faerdig_at=now, startet_at=now, antal_borgere=n or None)
    if datasaet == Eksportjob.Datasaet.BESOEG:
        # millions of rows: PostgreSQL formats the CSV (COPY … TO STDOUT), Python only batches it
        return job, besoeg_csv_stream(udsnit, secret=secret)
    return job, csv_stream(data.header, data.rows)


# A build claims its job for EKSPORT_LEASE. The task's hard time limit (tasks.py, 1900 s) is
# shorter, so a claim older than the lease belongs to a worker that died (SIGKILL, OOM, a lost
# machine) and may be taken over; a live build is never taken over.
EKSPORT_LEASE = timedelta(seconds=2100)
# Jobs that have not finished this long after they were ordered are given up (a job that kills
# its worker every time must not be retried for ever); the user sees "Fejlede" and orders again.
EKSPORT_GIVE_UP = timedelta(hours=6)
EKSPORT_SWEEP_GRACE = timedelta(minutes=5)


def _claimable(now: datetime) -> Q:
    return Q(status=Eksportjob.Status.VENTER) | Q(status=Eksportjob.Status.KOERER, startet_at__lt=now - EKSPORT_LEASE)


def eksportjob_enqueue(*, job: Eksportjob) -> bool:
    """Publish the build of a committed job. When the broker cannot be reached the job is
    deleted again (nothing half-created: no file, no access-log rows yet) and False returned,
    so the view can say "midlertidig fejl, prøv igen om lidt"."""
    from .tasks import eksport_xlsx_task  # noqa: PLC0415 (tasks import this module)

    if enqueue(eksport_xlsx_task, job.pk):
        return True
    Eksportjob.objects.filter(pk=job.pk, status=Eksportjob.Status.VENTER, fil="").delete()
    return False


def eksportjob_sweep(*, now: datetime | None = None) -> int:
    """Beat: enqueue again the jobs whose build was lost (a message lost with Redis, or a worker
    killed mid-build whose lease has run out), and give up jobs older than EKSPORT_GIVE_UP.
    Returns the number enqueued; stops at the first broker failure."""
    from .tasks import eksport_xlsx_task  # noqa: PLC0415

    now = now or timezone.now()
    Eksportjob.objects.filter(
        status__in=[Eksportjob.Status.VENTER, Eksportjob.Status.KOERER], created_at__lt=now - EKSPORT_GIVE_UP
    ).update(status=Eksportjob.Status.FEJL, fejl="opgivet", updated_at=now)
    ids = list(
        Eksportjob.objects.filter(_claimable(now), format=Eksportjob.Format.XLSX, created_at__lte=now - EKSPORT_SWEEP_GRACE)
        .order_by("created_at", "pk").values_list("pk", flat=True)[:100]
    )
    sent = 0
    for pk in ids:
        if not enqueue(eksport_xlsx_task, pk):
            break
        sent += 1
    return sent


def eksportjob_build(*, job_id: int, now: datetime | None = None) -> bool:
    """Build one XLSX export (Celery). Claims the job with a conditional UPDATE so a redelivered
    task does nothing while another build holds the lease (a dead build's job is taken over);
    openpyxl write-only keeps memory flat; the file and the access-log rows are written in one
    transaction at the end. Returns True when built."""
    now = now or timezone.now()
    claimed = Eksportjob.objects.filter(_claimable(now), pk=job_id).update(
        status=Eksportjob.Status.KOERER, startet_at=now, behandlet=0
    )
    if not claimed:
        return False
    job = Eksportjob.objects.select_related("bestilt_af").get(pk=job_id)
    try:
        u = udsnit_from_job(job)
        data = dataset(job.datasaet, u, secret=job.secret if job.pseudonymiseret else None)
        total = data.count
        if total is None:
            total = besoeg_queryset(u).count() if job.datasaet == "besoeg" else u.sager().count()
        Eksportjob.objects.filter(pk=job.pk).update(antal=total)
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(title=str(job.get_datasaet_display())[:31].replace("(", "").replace(")", ""))
        ws.append(data.header)
        done = 0
        for row in data.rows:
            ws.append([xlsx_cell(v) for v in row])
            done += 1
            if done % PROGRESS_EVERY == 0:
                Eksportjob.objects.filter(pk=job.pk).update(behandlet=done)
        with tempfile.TemporaryFile() as tmp:
            wb.save(tmp)
            tmp.seek(0)
            with transaction.atomic():
                job.fil.save(f"eksport-{job.uuid}.xlsx", File(tmp), save=False)
                n = accesslog_for_export(job=job, borger_ids=data.borger_ids, now=now)
                Eksportjob.objects.filter(pk=job.pk).update(
                    fil=job.fil.name, behandlet=done, antal=done, antal_borgere=n or None, status=Eksportjob.Status.FAERDIG,
                    faerdig_at=timezone.now(),
                )
    except Exception as exc:  # the job must say it failed; the task re-raises for the log
        Eksportjob.objects.filter(pk=job.pk).update(status=Eksportjob.Status.FEJL, fejl=type(exc).__name__[:300])
        raise
    return True

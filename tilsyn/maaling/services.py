"""Export services: create a job, stream a CSV, build an XLSX (in Celery), write the AccessLog."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from openpyxl import Workbook

from bostotte.core.exceptions import NotAllowedError
from bostotte.core.logging import request_id_var
from bostotte.core.models import AccessLog, Rolle, Sag, User

from .exports import besoeg_queryset, csv_stream, dataset, xlsx_cell
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


def eksport_csv(*, udsnit: Udsnit, datasaet: str, pseudonymiseret: bool, actor: User, now: datetime | None = None) -> tuple[Eksportjob, Iterator[str]]:
    """Create the job, log the access, and return the CSV as a stream of strings."""
    now = now or timezone.now()
    with transaction.atomic():
        job = eksportjob_create(udsnit=udsnit, datasaet=datasaet, format="csv", pseudonymiseret=pseudonymiseret, actor=actor, now=now)
        data = dataset(datasaet, udsnit, secret=job.secret if pseudonymiseret else None)
        n = accesslog_for_export(job=job, borger_ids=data.borger_ids, now=now)
        Eksportjob.objects.filter(pk=job.pk).update(status=Eksportjob.Status.FAERDIG, faerdig_at=now, startet_at=now, antal_borgere=n or None)
    return job, csv_stream(data.header, data.rows)


def eksportjob_build(*, job_id: int, now: datetime | None = None) -> bool:
    """Build one XLSX export (Celery). Claims the job with a conditional UPDATE so a redelivered
    task does nothing; openpyxl write-only keeps memory flat. Returns True when built."""
    now = now or timezone.now()
    claimed = Eksportjob.objects.filter(pk=job_id, status=Eksportjob.Status.VENTER).update(status=Eksportjob.Status.KOERER, startet_at=now)
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

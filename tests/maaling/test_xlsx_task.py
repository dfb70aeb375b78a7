"""XLSX exports built by the real Celery worker (Redis db 12), then downloaded with access checks."""

from __future__ import annotations

import io
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bostotte.core.models import AccessLog
from tilsyn.maaling.models import Eksportjob
from tilsyn.maaling.services import eksportjob_build

Q = {"fra": "2026-01-01", "til": "2026-06-30"}


def wait_for(job: Eksportjob, timeout: float = 30) -> Eksportjob:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job.refresh_from_db()
        if job.status in ("faerdig", "fejl"):
            return job
        time.sleep(0.2)
    raise AssertionError("eksporten blev ikke færdig")


@pytest.mark.django_db(transaction=True)
class XlsxExportTests:
    def test_the_worker_builds_the_file_and_only_the_owner_downloads_it(self, celery_worker, data, cast, client) -> None:  # type: ignore[no-untyped-def]
        client.force_login(cast.bo)
        before = AccessLog.objects.count()
        r = client.post(reverse("maaling:eksport-xlsx"), {**Q, "datasaet": "besoeg", "pseudonymiseret": ""})
        assert r.status_code == 302
        job = wait_for(Eksportjob.objects.get())
        assert job.status == "faerdig" and job.progress_pct == 100
        status = client.get(reverse("maaling:eksport-status", kwargs={"uuid": job.uuid}), HTTP_HX_REQUEST="true")
        assert "Hent Excel-filen" in status.content.decode() and b"every 2s" not in status.content
        download = client.get(reverse("maaling:eksport-hent", kwargs={"uuid": job.uuid}))
        wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        assert rows[0][:2] == ("Sagsnummer", "Borger") and sum(1 for x in rows if x[1] == "Erik Eriksen") == 5
        assert AccessLog.objects.count() - before == 1  # Erik, the only citizen with visits in Nord's scope
        client.force_login(cast.sofie)
        assert client.get(reverse("maaling:eksport-hent", kwargs={"uuid": job.uuid})).status_code == 404

        # a pseudonymised workbook (the analytiker's): no names, formula-like text neutralised
        cast.team_syd.navn = "@Syd"
        cast.team_syd.save(update_fields=["navn"])
        client.force_login(cast.hans)
        client.post(reverse("maaling:eksport-xlsx"), {**Q, "datasaet": "forloeb"})
        job = wait_for(Eksportjob.objects.get(bestilt_af=cast.hans))
        assert job.pseudonymiseret and job.status == "faerdig"
        wb = load_workbook(job.fil.path, read_only=True)
        cells = [str(c) for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c is not None]
        assert not any(n in c for c in cells for n in ("Erik", "Gitte", "Mona", data.sag_erik.sagsnummer))
        assert "'@Syd" in cells and any(c.startswith("P-") for c in cells)

    def test_a_redelivered_task_does_nothing(self, data, cast) -> None:  # type: ignore[no-untyped-def]
        job = Eksportjob.objects.create(bestilt_af=cast.bo, rolle="myndighedsleder", datasaet="maal", format="xlsx", pseudonymiseret=True,
                                        filtre={**Q, "today": "2026-06-15"})
        assert eksportjob_build(job_id=job.pk) is True
        assert eksportjob_build(job_id=job.pk) is False

"""Redis down while the web app runs (issue 11, "Faults"): writes are saved and the user gets a
normal answer, the queued work waits in the database, and when Redis is back the sweeps enqueue
it and a real worker does it exactly once. Exports say "midlertidig fejl" and create nothing."""
# ruff: noqa: PLC0415

from __future__ import annotations

import logging
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bostotte.core.models import AccessLog
from tests.api.builders import make_klient
from tests.maaling.builders import build
from tests.visitation.builders import make_draft, make_kvalitetsstandard
from tilsyn.maaling.models import Eksportjob
from tilsyn.models import Notifikation
from visitation.models import Afgoerelse
from visitation.tasks import afgoerelse_brev_task

from .conftest import redis_down

pytestmark = pytest.mark.django_db(transaction=True)

EKSPORT = {"fra": "2026-01-01", "til": "2026-06-30", "datasaet": "besoeg", "pseudonymiseret": ""}


def wait_for(predicate, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError("ventede forgæves")


def letter_files(afg: Afgoerelse) -> list[Path]:
    return list(Path(settings.PRIVATE_MEDIA_ROOT).rglob(f"afgoerelse-{afg.uuid}*.pdf"))


class AfgoerelseWhileRedisIsDownTests:
    @pytest.mark.usefixtures("ffb", "celery_app", "celery_worker")
    def test_it_is_saved_the_user_is_told_and_the_sweep_makes_the_letter_once(
        self, client, cast, caplog
    ) -> None:  # type: ignore[no-untyped-def]
        from visitation.services.brev import afgoerelse_brev_sweep

        make_kvalitetsstandard(cast.bo)
        afg = make_draft(cast.sag_erik, cast.anna)
        client.force_login(cast.anna)
        with redis_down(), caplog.at_level(logging.WARNING, logger="bostotte.core.queue"):
            r = client.post(
                reverse("visitation:afgoerelse-traef", kwargs={"uuid": afg.uuid}),
                {"version": afg.version},
                follow=True,
            )
        assert r.status_code == 200
        assert "Afgørelsen er truffet" in r.content.decode()
        afg.refresh_from_db()
        assert afg.status == Afgoerelse.Status.TRUFFET and afg.er_aktiv and not afg.brev
        # One log line with the task and the id, nothing about the citizen.
        lines = [rec.getMessage() for rec in caplog.records if rec.name == "bostotte.core.queue"]
        assert (
            len(lines) == 1 and "visitation.afgoerelse_brev" in lines[0] and str(afg.pk) in lines[0]
        )
        assert cast.erik.efternavn not in lines[0] and cast.sag_erik.sagsnummer not in lines[0]

        # While Redis is still down the sweep enqueues nothing and does not raise.
        later = timezone.now() + timedelta(minutes=6)
        with redis_down():
            assert afgoerelse_brev_sweep(now=later) == 0
        # Not yet due (the on-commit task may still be on its way): left alone.
        assert afgoerelse_brev_sweep(now=timezone.now()) == 0

        # Redis is back: the sweep enqueues it and the real worker renders it.
        assert afgoerelse_brev_sweep(now=later) == 1
        wait_for(lambda: Afgoerelse.objects.get(pk=afg.pk).brev != "")
        # A second sweep finds nothing; a duplicate message (a redelivery) writes nothing.
        assert afgoerelse_brev_sweep(now=later) == 0
        assert afgoerelse_brev_task.delay(afg.pk).get(timeout=30) is False
        afg.refresh_from_db()
        assert afg.brev.read(5) == b"%PDF-"
        assert len(letter_files(afg)) == 1


class NotifikationWhileRedisIsDownTests:
    def test_the_row_is_saved_and_the_sweep_sends_the_email_once(
        self, cast, celery_app, celery_worker
    ) -> None:  # type: ignore[no-untyped-def]
        from tilsyn.services.notifikation import notifikation_create, notifikation_email_sweep
        from tilsyn.tasks import notifikation_email_send_task

        with redis_down(), transaction.atomic():
            n = notifikation_create(
                modtager_id=cast.anna.pk,
                titel="Frist for opfølgning",
                url="/sager/",
                sag=cast.sag_erik,
            )
        assert Notifikation.objects.filter(pk=n.pk, email_sent_at__isnull=True).exists()
        assert mail.outbox == []

        later = timezone.now() + timedelta(minutes=6)
        assert notifikation_email_sweep(now=later) == 1
        wait_for(lambda: len(mail.outbox) == 1)
        assert notifikation_email_sweep(now=later) == 0
        assert notifikation_email_send_task.delay(n.pk).get(timeout=30) is False
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [cast.anna.email]

    def test_old_notifications_are_not_mailed_by_the_sweep(self, cast, celery_app) -> None:  # type: ignore[no-untyped-def]
        from tilsyn.services.notifikation import notifikation_create, notifikation_email_sweep

        with redis_down(), transaction.atomic():
            notifikation_create(modtager_id=cast.anna.pk, titel="Frist", url="/sager/")
        assert notifikation_email_sweep(now=timezone.now() + timedelta(days=4)) == 0


class EksportWhileRedisIsDownTests:
    def test_it_is_refused_with_a_danish_503_and_nothing_is_created(
        self, client, cast, ffb, celery_app, celery_worker
    ) -> None:  # type: ignore[no-untyped-def]
        build(cast)
        client.force_login(cast.bo)
        before = AccessLog.objects.count()
        with redis_down():
            r = client.post(reverse("maaling:eksport-xlsx"), EKSPORT)
            fragment = client.post(reverse("maaling:eksport-xlsx"), EKSPORT, HTTP_HX_REQUEST="true")
        assert r.status_code == 503 and r["Retry-After"] == "60"
        page = r.content.decode()
        assert "Midlertidig fejl" in page and "Prøv igen om lidt" in page and "<html" in page
        assert fragment.status_code == 503 and "Prøv igen om lidt" in fragment.content.decode()
        assert "<html" not in fragment.content.decode()
        assert Eksportjob.objects.count() == 0 and AccessLog.objects.count() == before

        # Redis is back: the same request is accepted and built.
        r = client.post(reverse("maaling:eksport-xlsx"), EKSPORT)
        assert r.status_code == 302
        job = Eksportjob.objects.get()
        wait_for(lambda: Eksportjob.objects.get(pk=job.pk).status == Eksportjob.Status.FAERDIG)


class RedisInTheWebRequestTests:
    def test_healthz_reports_the_cache_down_without_failing_the_web_check(self, client) -> None:  # type: ignore[no-untyped-def]
        with redis_down():
            r = client.get("/healthz")
        assert r.status_code == 200
        assert r.json() == {"status": "ok", "database": "ok", "cache": "fejl"}
        assert client.get("/healthz").json()["cache"] == "ok"

    def test_the_api_rate_limit_fails_open_with_a_log_line(self, cast, settings, caplog) -> None:  # type: ignore[no-untyped-def]
        from rest_framework.test import APIClient

        settings.API_THROTTLE_RATES = {"laes": "1/minute", "skriv": "1/minute"}
        _k, token = make_klient(cast.anna)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        with redis_down(), caplog.at_level(logging.WARNING, logger="bostotte.api.throttling"):
            assert [api.get("/api/v1/mig/").status_code for _ in range(3)] == [200, 200, 200]
        assert (
            sum("Hastighedsgrænsen er ikke målt" in rec.getMessage() for rec in caplog.records) == 3
        )
        # Redis back: the limit applies again.
        assert [api.get("/api/v1/mig/").status_code for _ in range(2)] == [200, 429]

    def test_login_and_pages_work_without_redis(self, client, cast) -> None:  # type: ignore[no-untyped-def]
        with redis_down():
            r = client.post(
                reverse("core:login"), {"username": cast.anna.username, "password": "x"}
            )
            assert (
                r.status_code == 200
            )  # wrong password: the form again (axes counts in the database)
            client.force_login(cast.anna)
            assert (
                client.get(
                    reverse("core:sag-detail", kwargs={"uuid": cast.sag_erik.uuid})
                ).status_code
                == 200
            )

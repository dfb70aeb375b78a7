"""The daily scan and the e-mail task on a real Redis (db 15) with Celery's embedded worker."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core import mail

from tests.tilsyn import builders as b
from tilsyn.models import Notifikation, Opgave, ScanLog
from tilsyn.tasks import frister_scan_task, notifikation_email_send_task

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(predicate, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.fixture
def frister(cast, ffb):  # type: ignore[no-untyped-def]
    for sag in (cast.sag_erik, cast.sag_erik, cast.sag_gitte):
        b.henvendelse(sag, frist_on=date(2026, 5, 15))


class FristerScanTaskTests:
    def test_running_twice_creates_no_duplicates(self, celery_worker, frister, cast) -> None:  # type: ignore[no-untyped-def]
        with time_machine.travel(b.at(2026, 5, 16, 5), tick=False):
            frister_scan_task.delay().get(timeout=30)
            frister_scan_task.delay().get(timeout=30)
        assert Opgave.objects.count() == 3
        assert set(Opgave.objects.values_list("escalated_to__username", flat=True)) == {"bo", "sofie"}
        assert ScanLog.objects.filter(finished_at__isnull=False).count() == 2
        # 3 reminders + 3 escalations, each e-mailed exactly once by the worker.
        _wait_for(lambda: Notifikation.objects.filter(email_sent_at__isnull=False).count() == 6)
        _wait_for(lambda: len(mail.outbox) == 6)

    def test_a_scan_killed_midway_is_completed_by_the_next_run(self, celery_worker, frister, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        import tilsyn.services.frister as frister_mod

        real = frister_mod.opgave_process_one_due
        calls = {"n": 0}

        def dies_after_one(*, now=None):  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["n"] == 2:
                raise SystemExit("worker killed")  # the process dies mid-loop
            return real(now=now)

        with time_machine.travel(b.at(2026, 5, 8, 5), tick=False):
            monkeypatch.setattr(frister_mod, "opgave_process_one_due", dies_after_one)
            with pytest.raises(SystemExit):
                frister_mod.frister_scan()
            assert Opgave.objects.count() == 3
            assert Opgave.objects.filter(last_reminded_at__isnull=False).count() == 1
            assert not ScanLog.objects.filter(finished_at__isnull=False).exists()
            monkeypatch.setattr(frister_mod, "opgave_process_one_due", real)
            frister_scan_task.delay().get(timeout=30)
        assert Opgave.objects.filter(last_reminded_at__isnull=False).count() == 3
        assert Notifikation.objects.count() == 3
        assert ScanLog.objects.filter(finished_at__isnull=False).count() == 1


class NotifikationEmailTaskTests:
    def test_a_failed_send_is_retried_without_a_duplicate(self, celery_worker, frister, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        import tilsyn.services.notifikation as svc
        from tilsyn.services.frister import frister_scan

        with monkeypatch.context() as m:  # keep the scan's own on-commit e-mails out of this test
            m.setattr(notifikation_email_send_task, "apply_async", lambda *a, **kw: None)  # core.queue.enqueue
            frister_scan(now=b.at(2026, 5, 8))
        n = Notifikation.objects.filter(modtager__username="anna").first()
        real = svc.send_mail
        attempts = {"n": 0}

        def flaky(**kw):  # type: ignore[no-untyped-def]
            attempts["n"] += 1
            if attempts["n"] == 1:
                raise ConnectionError("SMTP-serveren svarer ikke")
            return real(**kw)

        monkeypatch.setattr(svc, "send_mail", flaky)
        # Keep the task's real retry_backoff/jitter, but make this test's backoff interval 0 s.
        import celery.app.autoretry

        monkeypatch.setattr(celery.app.autoretry, "get_exponential_backoff_interval", lambda **kw: 0)
        notifikation_email_send_task.delay(n.pk)
        _wait_for(lambda: Notifikation.objects.get(pk=n.pk).email_sent_at is not None and len(mail.outbox) == 1)
        notifikation_email_send_task.delay(n.pk)  # a redelivery after success
        notifikation_email_send_task.delay(n.pk).get(timeout=30)
        assert attempts["n"] == 2
        assert len(mail.outbox) == 1

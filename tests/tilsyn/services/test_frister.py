"""The deadline engine: sync, reminders, escalation, auto-closing, reruns and stopped runs."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

import io
import re
from datetime import date

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from tests.tilsyn import builders as b
from tilsyn.deadlines.kinds import KINDS
from tilsyn.models import Notifikation, Opgave, OpgaveArt, ScanLog
from tilsyn.services.frister import (
    frister_scan,
    opgave_close,
    opgave_process_one_due,
    scan_last_success,
)
from tilsyn.services.notifikation import notifikation_email_send
from visitation.models import Henvendelse

pytestmark = pytest.mark.django_db


def _frist(cast, frist_on=date(2026, 5, 15), sag=None):  # type: ignore[no-untyped-def]
    return b.henvendelse(sag or cast.sag_erik, frist_on=frist_on)


def _tasks(art: str = OpgaveArt.SAGSBEHANDLINGSFRIST) -> list[Opgave]:
    return list(Opgave.objects.filter(art=art).order_by("id"))


class FristerScanTests:
    def test_it_creates_one_task_per_due_item_and_a_rerun_changes_nothing(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        h = _frist(cast)
        frister_scan(now=b.at(2026, 5, 8))
        frister_scan(now=b.at(2026, 5, 8, 14))
        frister_scan(now=b.at(2026, 5, 9))
        [task] = _tasks()
        assert (task.target_id, task.sag_id, task.ansvarlig_id, task.due_on, task.remind_on) == (
            h.pk, cast.sag_erik.pk, cast.anna.pk, date(2026, 5, 15), date(2026, 5, 8)
        )
        assert Notifikation.objects.filter(opgave=task).count() == 1

    def test_it_reminds_on_the_remind_date_and_escalates_the_day_after_the_frist(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        frister_scan(now=b.at(2026, 5, 7))
        assert _tasks() == []
        frister_scan(now=b.at(2026, 5, 8))
        [task] = _tasks()
        assert task.last_reminded_at == b.at(2026, 5, 8) and task.escalated_at is None
        assert [n.modtager for n in Notifikation.objects.all()] == [cast.anna]
        frister_scan(now=b.at(2026, 5, 15))  # due today: not overdue yet
        task.refresh_from_db()
        assert task.escalated_at is None
        frister_scan(now=b.at(2026, 5, 16))
        task.refresh_from_db()
        assert task.escalated_at == b.at(2026, 5, 16) and task.escalated_to == cast.bo
        assert sorted(n.modtager.username for n in Notifikation.objects.all()) == ["anna", "bo"]
        frister_scan(now=b.at(2026, 5, 17))
        assert Notifikation.objects.count() == 2

    def test_it_escalates_across_the_autumn_dst_change(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        # Clocks go back on Sunday 25 October 2026; a frist that day is overdue from Monday 26.
        _frist(cast, frist_on=date(2026, 10, 25))
        frister_scan(now=b.at(2026, 10, 25, 23))  # 23:00 local = 22:00 UTC on the 25th
        assert _tasks()[0].escalated_at is None
        frister_scan(now=b.at(2026, 10, 26, 0))  # just after midnight local; still the 25th in UTC
        assert _tasks()[0].escalated_to == cast.bo

    def test_it_closes_the_task_when_the_source_item_is_resolved(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        h = _frist(cast)
        frister_scan(now=b.at(2026, 5, 8))
        Henvendelse.objects.filter(pk=h.pk).update(status="afgjort")
        log = frister_scan(now=b.at(2026, 5, 9))
        [task] = _tasks()
        assert task.status == "udfoert" and task.closed_by is None and task.closed_at == b.at(2026, 5, 9)
        assert log.lukket == 1

    def test_it_closes_the_old_task_and_opens_a_new_one_when_the_date_moves(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        frister_scan(now=b.at(2026, 9, 20))
        from visitation.models import Indsatsmaal

        Indsatsmaal.objects.filter(pk=w.maal.pk).update(opfoelgning_on=date(2026, 9, 30))
        frister_scan(now=b.at(2026, 9, 21))
        tasks = _tasks(OpgaveArt.OPFOELGNING)
        assert [(t.due_on, t.status) for t in tasks] == [(date(2026, 10, 1), "udfoert"), (date(2026, 9, 30), "aaben")]

    def test_it_does_not_recreate_a_dismissed_task(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        frister_scan(now=b.at(2026, 5, 8))
        opgave_close(opgave=_tasks()[0], status="afvist", begrundelse="Borgeren har trukket ansøgningen tilbage", actor=cast.anna, now=b.at(2026, 5, 8, 9))
        frister_scan(now=b.at(2026, 5, 9))
        assert [t.status for t in _tasks()] == ["afvist"]

    def test_it_moves_the_task_with_the_case(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        frister_scan(now=b.at(2026, 5, 8))
        cast.sag_erik.ansvarlig = cast.anders
        cast.sag_erik.save(update_fields=["ansvarlig"])
        frister_scan(now=b.at(2026, 5, 9))
        assert _tasks()[0].ansvarlig == cast.anders

    def test_a_stopped_run_is_completed_by_the_next_run(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        for _ in range(3):
            _frist(cast, sag=cast.sag_erik)
        first = frister_scan(now=b.at(2026, 5, 8), limit=1)
        assert first.finished_at is None and first.behandlet == 1
        assert scan_last_success() is None
        assert Opgave.objects.filter(last_reminded_at__isnull=True).count() == 2
        second = frister_scan(now=b.at(2026, 5, 8))
        assert second.finished_at is not None and second.behandlet == 2 and second.oprettet == 0
        assert Notifikation.objects.count() == 3
        assert scan_last_success() == second.finished_at

    def test_the_claim_loop_returns_false_when_nothing_is_due(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        assert opgave_process_one_due(now=b.at(2026, 5, 8)) is False

    def test_it_records_each_run(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        log = frister_scan(now=b.at(2026, 5, 8), kilde="kommando")
        assert ScanLog.objects.get() == log
        assert (log.oprettet, log.lukket, log.behandlet, log.kilde) == (1, 0, 1, "kommando")


class OpgaveConstraintTests:
    def test_the_database_refuses_a_duplicate_task(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        frister_scan(now=b.at(2026, 5, 8))
        t = _tasks()[0]
        with pytest.raises(IntegrityError), transaction.atomic():
            Opgave.objects.create(art=t.art, target_ct=t.target_ct, target_id=t.target_id, sag=t.sag, ansvarlig=t.ansvarlig, due_on=t.due_on, remind_on=t.remind_on)

    def test_the_database_refuses_a_dismissal_without_a_reason(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        frister_scan(now=b.at(2026, 5, 8))
        with pytest.raises(IntegrityError), transaction.atomic():
            Opgave.objects.filter(pk=_tasks()[0].pk).update(status="afvist", closed_at=b.NOW)

    def test_the_database_refuses_a_reminder_after_the_due_date(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        frister_scan(now=b.at(2026, 5, 8))
        with pytest.raises(IntegrityError), transaction.atomic():
            Opgave.objects.filter(pk=_tasks()[0].pk).update(remind_on=date(2026, 6, 1))


class OpgaveCloseTests:
    def _task(self, cast):  # type: ignore[no-untyped-def]
        _frist(cast)
        frister_scan(now=b.at(2026, 5, 8))
        return _tasks()[0]

    def test_it_lets_the_responsible_mark_it_done(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        t = opgave_close(opgave=self._task(cast), status="udfoert", begrundelse="", actor=cast.anna, now=b.at(2026, 5, 9))
        assert (t.status, t.closed_by, t.closed_at) == ("udfoert", cast.anna, b.at(2026, 5, 9))

    def test_it_lets_the_team_leader_dismiss_it_with_a_reason(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        t = opgave_close(opgave=self._task(cast), status="afvist", begrundelse="Dobbeltregistreret", actor=cast.bo)
        assert t.status == "afvist" and t.begrundelse == "Dobbeltregistreret"

    def test_it_refuses_a_dismissal_without_a_reason(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ValidationError) as exc:
            opgave_close(opgave=self._task(cast), status="afvist", begrundelse="  ", actor=cast.anna)
        assert "begrundelse" in exc.value.message_dict

    def test_it_refuses_a_colleague(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(NotAllowedError):
            opgave_close(opgave=self._task(cast), status="udfoert", begrundelse="", actor=cast.anders)

    def test_it_refuses_closing_twice(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        t = self._task(cast)
        opgave_close(opgave=t, status="udfoert", begrundelse="", actor=cast.anna)
        with pytest.raises(ApplicationError):
            opgave_close(opgave=t, status="udfoert", begrundelse="", actor=cast.anna)


class NotifikationEmailTests:
    def _notifikation(self, cast) -> Notifikation:  # type: ignore[no-untyped-def]
        _frist(cast)
        frister_scan(now=b.at(2026, 5, 8))
        return Notifikation.objects.get()

    def test_it_sends_once_without_personal_data(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        n = self._notifikation(cast)
        assert notifikation_email_send(notifikation_id=n.pk) is True
        assert notifikation_email_send(notifikation_id=n.pk) is False
        [msg] = mail.outbox
        assert msg.to == [cast.anna.email]
        assert str(cast.sag_erik.uuid) in msg.body
        for secret in ("Erik", "Eriksen", cast.erik.cpr, cast.erik.cpr[:6]):
            assert secret not in msg.body and secret not in msg.subject

    def test_a_failed_send_releases_the_claim_for_the_retry(self, cast, ffb, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        n = self._notifikation(cast)
        import tilsyn.services.notifikation as svc

        def boom(**kw):  # type: ignore[no-untyped-def]
            raise ConnectionError("SMTP nede")

        monkeypatch.setattr(svc, "send_mail", boom)
        with pytest.raises(ConnectionError):
            notifikation_email_send(notifikation_id=n.pk)
        n.refresh_from_db()
        assert n.email_sent_at is None
        monkeypatch.undo()
        assert notifikation_email_send(notifikation_id=n.pk) is True
        assert len(mail.outbox) == 1

    def test_it_enqueues_the_email_only_after_commit(self, cast, ffb, django_capture_on_commit_callbacks, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        sent: list[int] = []
        from tilsyn import tasks

        monkeypatch.setattr(tasks.notifikation_email_send_task, "apply_async", lambda args, **kw: sent.extend(args))  # core.queue.enqueue
        _frist(cast)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            frister_scan(now=b.at(2026, 5, 8))
            assert sent == []
        assert len(callbacks) == 1 and sent == [Notifikation.objects.get().pk]


class FristerScanCommandTests:
    """`manage.py frister_scan`: the counts and its own duration, the summary as the last line."""

    def test_it_prints_the_counts_and_its_in_process_duration(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        out = io.StringIO()
        with time_machine.travel(b.at(2026, 5, 16), tick=False):  # one day after the frist: reminder + escalation
            call_command("frister_scan", stdout=out)
        lines = out.getvalue().strip().splitlines()
        assert len(lines) == 1
        assert re.fullmatch(
            r"Forfaldne frister: 1, nye opgaver: 1, lukkede: 0, påmindelser/eskaleringer: 1; "
            r"scanningen tog \d+\.\d\d s \(uden Django-opstart\)",
            lines[0],
        )
        assert ScanLog.objects.get().kilde == "kommando"

    def test_verbosity_two_adds_one_line_per_kind_before_the_summary(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        out = io.StringIO()
        with time_machine.travel(b.at(2026, 5, 16), tick=False):
            call_command("frister_scan", verbosity=2, stdout=out)
        lines = out.getvalue().splitlines()
        assert len(lines) == len(KINDS) + 1
        assert f"  {OpgaveArt.SAGSBEHANDLINGSFRIST}: forfaldne 1, nye 1, lukkede 0, " in lines[0]
        assert lines[-1].startswith("Forfaldne frister: 1, nye opgaver: 1, ")

    def test_a_stopped_run_says_so_on_the_last_line(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        _frist(cast)
        _frist(cast, sag=cast.sag_gitte)
        out = io.StringIO()
        with time_machine.travel(b.at(2026, 5, 16), tick=False):
            call_command("frister_scan", limit=1, stdout=out)
        assert out.getvalue().strip().splitlines()[-1].endswith("(ikke færdig – kør igen)")

"""The letter is rendered by a real Celery worker (thread) after the decision is committed."""

from __future__ import annotations

import time

import pytest

from visitation import services as s
from visitation.models import Afgoerelse
from visitation.tasks import afgoerelse_brev_task

from ..builders import NOW, make_draft, make_kvalitetsstandard


@pytest.mark.django_db(transaction=True)
class AfgoerelseBrevTaskTests:
    def test_the_worker_renders_the_letter_after_commit(self, cast, ffb, celery_app, celery_worker) -> None:
        make_kvalitetsstandard(cast.bo)
        afg = make_draft(cast.sag_erik, cast.anna)
        s.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=cast.anna, now=NOW)  # enqueued on commit (core.queue)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            afg.refresh_from_db()
            if afg.brev:
                break
            time.sleep(0.5)
        assert afg.brev and afg.brev_dannet_at is not None
        assert afg.brev.read(5) == b"%PDF-"

    def test_the_task_is_idempotent_and_takes_an_id(self, cast, ffb, celery_app, celery_worker) -> None:
        make_kvalitetsstandard(cast.bo)
        afg = make_draft(cast.sag_erik, cast.anna)
        Afgoerelse.objects.filter(pk=afg.pk)  # a draft has no letter
        assert afgoerelse_brev_task.delay(afg.pk).get(timeout=30) is False
        assert afgoerelse_brev_task.soft_time_limit == 60 and afgoerelse_brev_task.time_limit == 90

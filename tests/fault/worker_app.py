"""The real Celery app, run as a separate worker process by test_worker_killed.py:

    celery -A tests.fault.worker_app worker --pool=solo -Q <queue>

With FAULT_BLOCK=brev|eksport one step of that task blocks (after writing the worker's pid to
FAULT_MARKER), so the test knows the task is mid-way and can SIGKILL the process there. Broker,
database and transport options come from the environment the test sets."""
# ruff: noqa: PLC0415

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bostotte.settings.test")
django.setup()

from bostotte.celery import app  # noqa: E402

app.conf.broker_transport_options = json.loads(os.environ.get("FAULT_TRANSPORT_OPTIONS", "{}"))


def _blocks(real: Callable[..., Any]) -> Callable[..., Any]:
    def blocked(*args: Any, **kwargs: Any) -> Any:
        Path(os.environ["FAULT_MARKER"]).write_text(str(os.getpid()))
        time.sleep(3600)  # the test kills the process here
        return real(*args, **kwargs)

    return blocked


match os.environ.get("FAULT_BLOCK", ""):
    case "brev":  # mid-PDF: the decision is loaded, the letter not rendered or stored
        from visitation.services import brev

        brev.afgoerelse_brev_render = _blocks(brev.afgoerelse_brev_render)
    case "eksport":  # mid-export: the job is claimed and counted, rows are being written
        import tilsyn.maaling.services as eksport

        eksport.xlsx_cell = _blocks(eksport.xlsx_cell)

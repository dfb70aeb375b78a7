"""`manage.py frister_scan`: the daily deadline scan for operators (same code as the beat task).

Prints the counts and the scan's own duration, measured in-process around `frister_scan` (so
Django's start-up is not included; issue 10's budget is ≤ 2 s at 5,000 citizens). `-v 2` adds one
line per deadline kind (due items, new and closed tasks, seconds). The summary is always the
last line (scripts/bench/run.py reads it)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from tilsyn.services.frister import SyncResult, frister_scan


class Command(BaseCommand):
    help = "Find forfaldne frister, opret opgaver, send påmindelser og eskalér overskredne frister."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--limit", type=int, default=None, help="Stop efter så mange påmindelser/eskaleringer."
        )

    def handle(self, *args: object, **options: object) -> None:
        pr_art: dict[str, SyncResult] = {}
        t0 = time.perf_counter()
        log = frister_scan(kilde="kommando", limit=options.get("limit"), pr_art=pr_art)  # type: ignore[arg-type]
        sekunder = time.perf_counter() - t0
        if int(options.get("verbosity", 1)) >= 2:  # type: ignore[call-overload]
            for art, r in pr_art.items():
                self.stdout.write(
                    f"  {art}: forfaldne {r.forfaldne}, nye {r.oprettet}, lukkede {r.lukket}, {r.sekunder:.3f} s"
                )
        forfaldne = sum(r.forfaldne for r in pr_art.values())
        self.stdout.write(
            f"Forfaldne frister: {forfaldne}, nye opgaver: {log.oprettet}, lukkede: {log.lukket}, "
            f"påmindelser/eskaleringer: {log.behandlet}; scanningen tog {sekunder:.2f} s (uden Django-opstart)"
            + ("" if log.finished_at else " (ikke færdig – kør igen)")
        )

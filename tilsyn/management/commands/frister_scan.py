"""`manage.py frister_scan`: the daily deadline scan for operators (same code as the beat task)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tilsyn.services.frister import frister_scan


class Command(BaseCommand):
    help = "Find forfaldne frister, opret opgaver, send påmindelser og eskalér overskredne frister."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--limit", type=int, default=None, help="Stop efter så mange påmindelser/eskaleringer.")

    def handle(self, *args: object, **options: object) -> None:
        log = frister_scan(kilde="kommando", limit=options.get("limit"))  # type: ignore[arg-type]
        self.stdout.write(
            f"Nye opgaver: {log.oprettet}, lukkede: {log.lukket}, påmindelser/eskaleringer: {log.behandlet}"
            + ("" if log.finished_at else " (ikke færdig – kør igen)")
        )

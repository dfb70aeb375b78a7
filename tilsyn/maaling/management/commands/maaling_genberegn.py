"""Recompute the dashboard's stored measures now, in this process (the nightly beat task's work
without the queue): for operators, after a data migration, and before a benchmark."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tilsyn.maaling.models import Maaling
from tilsyn.maaling.snapshot import maaling_snapshot_refresh, maaling_snapshot_units


class Command(BaseCommand):
    help = "Genberegn oversigtens gemte tal for alle enheder (eller én: --enhed team --id 3)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enhed", choices=Maaling.Enhed.values, help="Kun denne slags enhed.")
        parser.add_argument("--id", type=int, help="Kun enheden med dette id (team eller leverandør).")

    def handle(self, *args: Any, **options: Any) -> None:
        units = maaling_snapshot_units()
        if options.get("enhed"):
            units = [u for u in units if u[0] == options["enhed"]]
        if options.get("id") is not None:
            units = [u for u in units if u[1] == options["id"]]
        if not units:
            raise CommandError("Ingen enhed passer til valget.")
        for enhed in units:
            t0 = time.perf_counter()
            n = maaling_snapshot_refresh(enhed=enhed)
            self.stdout.write(f"{enhed[0]} {enhed[1] or ''}: {n} mål på {time.perf_counter() - t0:.1f} s")

"""Write the day's FFB report bundles (KL FFB reporting model). Default: yesterday."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tilsyn.maaling.fhir import ffb_rapport_write


class Command(BaseCommand):
    help = "Dan FFB-indberetningen (én FHIR-bundle pr. ændret borger) for en dag."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dag", help="Dato (ÅÅÅÅ-MM-DD); standard er i går.")

    def handle(self, *args: Any, **options: Any) -> None:
        dag = date.fromisoformat(options["dag"]) if options.get("dag") else timezone.localdate() - timedelta(days=1)
        paths = ffb_rapport_write(dag=dag)
        self.stdout.write(f"{len(paths)} bundles skrevet for {dag.isoformat()}")

"""Delete (and optionally archive) closed cases whose retention period has run out.

Dry run by default: lists the cases and how many rows would go from each table. `--udfoer`
deletes, one transaction per case, and stores the report (Sletningskoersel). See
docs/operations.md, "Sletning og arkivering"."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import User
from bostotte.core.services.retention import sletning_koer


class Command(BaseCommand):
    help = "Sletter lukkede sager, hvis opbevaringsperiode (RETENTION_YEARS) er udløbet. Uden --udfoer: kun en oversigt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--udfoer", action="store_true", help="Slet for alvor (ellers prøvekørsel)."
        )
        parser.add_argument(
            "--dato", help="Kør som om i dag var denne dato (ÅÅÅÅ-MM-DD, ikke i fremtiden)."
        )
        parser.add_argument(
            "--arkiv",
            help="Mappe til arkivpakker (én ZIP pr. sag), standard RETENTION_ARCHIVE_DIR. 'ingen' = ingen arkivering.",
        )
        parser.add_argument(
            "--bruger", help="Brugernavn på den medarbejder, der har besluttet kørslen."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["dato"]:
            try:
                today = date.fromisoformat(options["dato"])
            except ValueError as exc:
                raise CommandError(
                    f"--dato={options['dato']!r} er ikke en dato (ÅÅÅÅ-MM-DD)."
                ) from exc
        arkiv = options["arkiv"] if options["arkiv"] is not None else settings.RETENTION_ARCHIVE_DIR
        arkiv_dir = Path(arkiv) if arkiv and arkiv != "ingen" else None
        actor = None
        if options["bruger"]:
            actor = User.objects.filter(username=options["bruger"], is_active=True).first()
            if actor is None:
                raise CommandError(
                    f"Brugeren {options['bruger']!r} findes ikke eller er ikke aktiv."
                )
        try:
            rapport = sletning_koer(
                actor=actor, udfoer=options["udfoer"], today=today, arkiv_dir=arkiv_dir
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

        out = self.stdout
        mode = "SLETNING" if rapport.udfoert else "PRØVEKØRSEL (intet slettes; brug --udfoer)"
        out.write(
            f"{mode}: opbevaring {rapport.opbevaring_aar} år, sager lukket før {rapport.cutoff:%d.%m.%Y}."
        )
        if rapport.udfoert:
            out.write(
                f"Arkivpakker: {rapport.arkiv_dir}" if rapport.arkiv_dir else "Arkivpakker: ingen"
            )
        for udfald in rapport.sager:
            rows = sum(udfald.antal.values())
            if udfald.fejl:
                out.write(self.style.ERROR(f"  {udfald.sagsnummer}: IKKE slettet – {udfald.fejl}"))
            else:
                verb = "slettet" if rapport.udfoert else "slettes"
                out.write(
                    f"  {udfald.sagsnummer} (lukket {udfald.closed_on:%d.%m.%Y}): {rows} rækker {verb}"
                )
        out.write("Rækker pr. tabel:")
        for table, n in rapport.antal.items():
            out.write(f"  {table:<40} {n:>8}")
        ok = len(rapport.sager) - len(rapport.fejlede)
        summary = f"{ok} sager {'slettet' if rapport.udfoert else 'kan slettes'}, {len(rapport.fejlede)} med fejl."
        if rapport.koersel is not None:
            summary += f" Rapporten er gemt (sletningskørsel {rapport.koersel.pk})."
        if rapport.fejlede:
            raise CommandError(summary)  # exit status 1, so cron/monitoring notices
        out.write(self.style.SUCCESS(summary))

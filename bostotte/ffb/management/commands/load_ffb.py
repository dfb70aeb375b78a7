"""`manage.py load_ffb [--dir DIR]`: load KL's FFB and CareSocialCodes (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from bostotte.ffb.services import (
    REFERENCE_FILES,
    KodesystemFormatError,
    LoadResult,
    kodesystem_load,
)


class Command(BaseCommand):
    help = "Indlæser KL's kodesystemer FFB og CareSocialCodes. Kan køres igen uden ændringer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dir",
            dest="directory",
            type=Path,
            default=None,
            help="Mappe med CodeSystem-filerne (standard: settings.FFB_REFERENCE_DIR).",
        )

    def handle(self, *args: Any, directory: Path | None, **options: Any) -> None:
        base = directory if directory is not None else Path(settings.FFB_REFERENCE_DIR)
        paths = [base / name for name in REFERENCE_FILES]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(_("Filen findes ikke: %(filer)s") % {"filer": ", ".join(missing)})
        for path in paths:
            try:
                result = kodesystem_load(path=path)
            except KodesystemFormatError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(self._summary(result))

    def _summary(self, r: LoadResult) -> str:
        line = _(
            "%(name)s %(version)s: %(total)d koder (%(leaves)d blade) – "
            "%(created)d oprettet, %(updated)d opdateret, %(unchanged)d uændret."
        ) % {
            "name": r.name,
            "version": r.version,
            "total": r.total,
            "leaves": r.leaves,
            "created": r.created,
            "updated": r.updated,
            "unchanged": r.unchanged,
        }
        if r.is_current:
            line += " " + _("Gældende version.")
        else:
            line += " " + _("En nyere version er allerede indlæst.")
        if r.missing:
            line += " " + _("%(antal)d koder fra databasen findes ikke i filen (bevaret).") % {
                "antal": r.missing
            }
        return self.style.SUCCESS(line)

"""Create an API client and print its token once (it is stored only as a SHA-256 hash).

    manage.py api_klient_opret --navn "Planlægning" --bruger lise --leverandoer-cvr 12345678 \
        --scope bestillinger:read --scope bestillinger:write --udloeber-dage 365
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from bostotte.api.models import Scope
from bostotte.api.services import apiklient_create
from bostotte.core.models import Kommune, Leverandoer, User


class Command(BaseCommand):
    help = "Opret en API-klient og vis nøglen én gang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--navn", required=True, help="Systemets navn, fx 'Planlægning hos Bostøtten Nord'."
        )
        parser.add_argument(
            "--bruger",
            required=True,
            help="Servicebrugerens brugernavn (rolle og team afgør adgangen).",
        )
        org = parser.add_mutually_exclusive_group(required=True)
        org.add_argument(
            "--kommunenummer", help="Kommunens nummer (tre cifre) for myndighedens systemer."
        )
        org.add_argument("--leverandoer-cvr", help="Leverandørens CVR-nummer.")
        parser.add_argument(
            "--scope",
            action="append",
            default=[],
            choices=Scope.values,
            help="Tilladt operation (kan gentages).",
        )
        parser.add_argument(
            "--udloeber-dage", type=int, default=365, help="Dage til nøglen udløber (0: aldrig)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.select_related("medarbejder").get(username=options["bruger"])
            kommune = (
                Kommune.objects.get(kommunenummer=options["kommunenummer"])
                if options["kommunenummer"]
                else None
            )
            leverandoer = (
                Leverandoer.objects.get(cvr=options["leverandoer_cvr"])
                if options["leverandoer_cvr"]
                else None
            )
        except (User.DoesNotExist, Kommune.DoesNotExist, Leverandoer.DoesNotExist) as exc:
            raise CommandError(f"Findes ikke: {exc}") from exc
        if not options["scope"]:
            raise CommandError("Angiv mindst én --scope.")
        now = timezone.now()
        dage = options["udloeber_dage"]
        try:
            klient, token = apiklient_create(
                navn=options["navn"],
                service_user=user,
                scopes=options["scope"],
                kommune=kommune,
                leverandoer=leverandoer,
                expires_at=now + timedelta(days=dage) if dage > 0 else None,
                actor=None,
                now=now,
            )
        except ValidationError as exc:
            raise CommandError(
                "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        self.stdout.write(f"API-klient oprettet: {klient.navn} ({klient.uuid})")
        self.stdout.write(f"Operationer: {', '.join(klient.scopes)}")
        self.stdout.write(f"Udløber: {klient.expires_at or 'aldrig'}")
        self.stdout.write(
            "Nøglen vises kun denne ene gang – gem den i systemets hemmelighedslager:"
        )
        self.stdout.write(token)

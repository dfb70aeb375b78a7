"""Revoke an API client (by uuid or by the token prefix shown in lists, e.g. bst_AbCdEfGh)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from bostotte.api.models import ApiKlient
from bostotte.api.services import apiklient_revoke
from bostotte.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Tilbagekald en API-klients nøgle (virker med det samme)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "klient", help="Klientens uuid eller nøglens begyndelse (fx bst_AbCdEfGh)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ref = options["klient"].strip()
        qs = (
            ApiKlient.objects.filter(token_prefix=ref)
            if ref.startswith("bst_")
            else ApiKlient.objects.filter(uuid=_uuid(ref))
        )
        klienter = list(qs[:2])
        if len(klienter) != 1:
            raise CommandError(
                "Fandt ingen API-klient." if not klienter else "Flere klienter passer; brug uuid."
            )
        try:
            klient = apiklient_revoke(klient=klienter[0], actor=None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Tilbagekaldt: {klient.navn} ({klient.token_prefix}…) {klient.revoked_at:%Y-%m-%d %H:%M}"
        )


def _uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError as exc:
        raise CommandError("Angiv en uuid eller en nøgle-begyndelse (bst_…).") from exc

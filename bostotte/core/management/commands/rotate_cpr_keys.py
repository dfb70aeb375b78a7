"""Re-encrypt every CPR number with the first key in FIELD_ENCRYPTION_KEYS.

Rotation: 1) prepend a new key to FIELD_ENCRYPTION_KEYS and deploy; 2) run this command;
3) remove the old key and deploy. The blind index (CPR_INDEX_KEY) is not affected."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from bostotte.core.services.borger import borger_rotate_cpr_keys


class Command(BaseCommand):
    help = "Genkrypterer alle CPR-numre med den første nøgle i FIELD_ENCRYPTION_KEYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = borger_rotate_cpr_keys()
        self.stdout.write(self.style.SUCCESS(f"{count} CPR-numre er genkrypteret med den nye nøgle."))

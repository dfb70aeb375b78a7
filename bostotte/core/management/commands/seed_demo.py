"""Demo data: one kommune, two myndighed teams, two leverandører with teams, users of every role
and ~40 citizens with varied circumstances; then each BUM app adds its part (`<app>/demo.py`).

Idempotent: if the demo users exist, nothing is created and the logins are printed again.
Never run against production: it refuses unless settings.DEV_LOGIN is on (dev/test settings)."""

from __future__ import annotations

import importlib
import random
from types import SimpleNamespace
from typing import Any

import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from bostotte.core.demo.data import DEMO_PASSWORD, seed_core
from bostotte.core.models import User

APPS = ("visitation", "levering", "handleplaner", "tilsyn", "portal")


class Command(BaseCommand):
    help = "Opretter demodata (kun i udviklings- og demomiljøer)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--borgere", type=int, default=40, help="antal borgere (standard 40)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "DEV_LOGIN", False):
            raise CommandError("seed_demo må kun køres med udviklings- eller testindstillinger (DEV_LOGIN).")
        if User.objects.filter(username__startswith="demo-").exists():
            self.stdout.write("Demodata findes allerede – intet oprettet.")
            self._print_logins()
            return
        from bostotte.ffb.services import kodesystem_load_reference

        kodesystem_load_reference()
        ctx = SimpleNamespace(now=timezone.now(), rng=random.Random(2026), ffb=True)
        with transaction.atomic(), pghistory.context(reason="demodata"):
            seed_core(ctx, antal_borgere=options["borgere"])
            for app in APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError:
                    continue
                seed = getattr(module, "seed", None)
                if seed is not None:
                    self.stdout.write(f"  {app} …")
                    seed(ctx)
        self.stdout.write(self.style.SUCCESS(f"Demodata oprettet: {len(ctx.borgere)} borgere, {len(ctx.sager)} sager."))
        self._print_logins()

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo-logins (adgangskode for alle: {DEMO_PASSWORD}):")
        seen: set[str] = set()
        for user in User.objects.filter(username__startswith="demo-").order_by("rolle", "username"):
            if user.rolle in seen:
                continue
            seen.add(user.rolle)
            self.stdout.write(f"  {user.get_rolle_display():<22} {user.username}")

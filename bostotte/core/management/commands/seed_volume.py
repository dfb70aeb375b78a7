"""`manage.py seed_volume --borgere N --years Y [--database-url URL]`: a realistic large
municipality for benchmarks (bostotte/core/volume/generator.py, docs/benchmarks.md).

Refuses to run with production settings unless --allow-production; never run it against real data."""
# ruff: noqa: PLC0415  (lazy imports: --database-url must be applied first)

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Opretter volumendata til benchmarks (mange borgere, år med besøg) med COPY."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--borgere", type=int, default=500)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--database-url",
            default=None,
            help="Postgres-URL til en anden database end settings (fx postgres://postgres@127.0.0.1/bench_500)",
        )
        parser.add_argument("--password", default=None, help="adgangskode til alle volumenbrugere")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.db import connections

        if options["database_url"]:
            import environ

            cfg = environ.Env.db_url_config(options["database_url"])
            db = settings.DATABASES["default"]
            db.update(
                {k: v for k, v in cfg.items() if k in ("NAME", "USER", "PASSWORD", "HOST", "PORT")}
            )
            connections["default"].close()
            connections["default"].settings_dict.update(db)
        name = connections["default"].settings_dict["NAME"]
        if name == "bostotte":
            raise CommandError(
                "seed_volume skriver ikke i databasen 'bostotte'. Brug en bench_*-database."
            )
        from bostotte.core.volume.generator import DEFAULT_PASSWORD, VolumeSeeder

        self.stdout.write(
            f"seed_volume: {options['borgere']} borgere, {options['years']} år → {name}"
        )
        seeder = VolumeSeeder(
            borgere=options["borgere"],
            years=options["years"],
            seed=options["seed"],
            password=options["password"] or DEFAULT_PASSWORD,
            log=self.stdout.write,
        )
        try:
            stats = seeder.run()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("")
        for key, n in stats.counts.items():
            self.stdout.write(f"  {key:<28} {n:>12,}")
        self.stdout.write("")
        self.stdout.write(f"  {'':<45} {'tid':>10} {'CPU Python':>11} {'CPU Postgres':>13}")
        for key, t in stats.timings:
            py, pg = stats.cpu.get(key, (None, None))
            py_text = "" if py is None else f"{py:9.1f} s"
            pg_text = "" if pg is None else f"{pg:11.1f} s"
            self.stdout.write(f"  {key:<45} {t:8.1f} s {py_text:>11} {pg_text:>13}")

"""The planner setting sent with every database connection (issue 10, docs/benchmarks.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

pytestmark = pytest.mark.django_db


def test_connections_price_random_reads_for_ssd_storage() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == settings.DB_RANDOM_PAGE_COST == "1.1"


def _settings_with(value: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DB_RANDOM_PAGE_COST": value, "DJANGO_SETTINGS_MODULE": "bostotte.settings.test"}
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DATABASES['default'].get('OPTIONS', {}).get('options', '-'))"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False)


def test_an_empty_value_leaves_the_servers_setting_and_a_bad_one_is_refused_in_danish() -> None:
    empty = _settings_with("")
    assert empty.returncode == 0 and empty.stdout.strip() == "-", empty.stderr
    for bad in ("billig", "0", "-1"):
        result = _settings_with(bad)
        assert result.returncode != 0
        assert "DB_RANDOM_PAGE_COST" in result.stderr and "skal være et tal" in result.stderr

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("load_ffb", *args, stdout=out, no_color=True)
    return out.getvalue()


class LoadFfbCommandTests:
    def test_it_loads_both_files_and_prints_a_danish_summary(self) -> None:
        output = _run()

        assert "FFB 20240530: 220 koder (170 blade)" in output
        assert "CareSocialCodes 20250530: 91 koder (72 blade)" in output
        assert "oprettet" in output
        assert "Gældende version." in output

    def test_it_reports_everything_unchanged_the_second_time(self) -> None:
        _run()

        output = _run()

        assert "0 oprettet, 0 opdateret, 220 uændret" in output
        assert "0 oprettet, 0 opdateret, 91 uændret" in output

    def test_it_fails_clearly_for_a_missing_directory(self, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="findes ikke"):
            _run("--dir", str(tmp_path / "mangler"))

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from bostotte.ffb.services import LoadResult, kodesystem_load_reference

FFB_FILE = Path(settings.FFB_REFERENCE_DIR) / "CodeSystem-FFB.json"

# A few codes used across the tests (T1 and T8 in docs/DOMAIN.md).
LAVE_MAD = "b947f321-7cdb-4b33-9653-f3ff800572b0"
PRAKTISKE_OPGAVER = "eef71492-65f5-4297-aa95-3c3a6866ddef"
HUKOMMELSE = "61452fe5-cea2-4d92-b2f1-406e9a5d31cb"
OMGIVELSER = "7445fb2b-0009-43d9-b49b-1b9782f2fcd9"
PSYKISKE_VANSKELIGHEDER = "a78fb31e-b30a-4815-af85-932859fd06b9"
ANGST = "303deb9b-84f0-49d2-ab7a-f8b98eed40a2"


@pytest.fixture
def ffb(db: None) -> list[LoadResult]:
    """Both shipped CodeSystems, loaded inside the test's transaction."""
    return kodesystem_load_reference()


def walk(concepts: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for concept in concepts:
        yield concept
        yield from walk(concept.get("concept", []))


@pytest.fixture
def ffb_variant(tmp_path: Path) -> Callable[..., Path]:
    """Write a modified copy of the FFB file: a new version and optional display changes."""

    def make(
        *,
        version: str,
        displays: Mapping[str, str] | None = None,
        edit: Callable[[dict[str, Any]], None] | None = None,
    ) -> Path:
        resource = copy.deepcopy(json.loads(FFB_FILE.read_text(encoding="utf-8")))
        resource["version"] = version
        for concept in walk(resource["concept"]):
            if displays and concept["code"] in displays:
                concept["display"] = displays[concept["code"]]
        if edit:
            edit(resource)
        path = tmp_path / f"CodeSystem-FFB-{version}.json"
        path.write_text(json.dumps(resource, ensure_ascii=False), encoding="utf-8")
        return path

    return make

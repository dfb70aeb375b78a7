from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bostotte.ffb.codes import CARESOCIAL_URL, FFB_TILSTANDE, FFB_URL, OMGIVELSESFAKTORER
from bostotte.ffb.models import Kode, Kodesystem
from bostotte.ffb.selectors import kode_get
from bostotte.ffb.services import (
    KodesystemFormatError,
    LoadResult,
    kodesystem_load,
    kodesystem_load_reference,
)
from tests.ffb.conftest import LAVE_MAD, OMGIVELSER

pytestmark = pytest.mark.django_db


class KodesystemLoadTests:
    def test_it_loads_ffb_with_220_codes_and_170_leaves(self, ffb: list[LoadResult]) -> None:
        result = ffb[0]
        assert (result.url, result.version) == (FFB_URL, "20240530")
        assert (result.total, result.leaves) == (220, 170)
        rows = Kode.objects.in_system(FFB_URL)
        assert rows.count() == 220
        assert rows.filter(is_leaf=True).count() == 170

    def test_it_loads_caresocial_with_91_codes_and_72_leaves(self, ffb: list[LoadResult]) -> None:
        result = ffb[1]
        assert (result.url, result.version) == (CARESOCIAL_URL, "20250530")
        assert (result.total, result.leaves) == (91, 72)
        rows = Kode.objects.in_system(CARESOCIAL_URL)
        assert rows.count() == 91
        assert rows.filter(is_leaf=True).count() == 72

    def test_it_changes_nothing_when_run_again(
        self, ffb: list[LoadResult], django_assert_max_num_queries: Any
    ) -> None:
        before = list(Kode.objects.order_by("pk").values_list("pk", "updated_at"))

        with django_assert_max_num_queries(12):
            again = kodesystem_load_reference()

        assert [(r.created, r.updated, r.unchanged, r.missing) for r in again] == [
            (0, 0, 220, 0),
            (0, 0, 91, 0),
        ]
        assert not any(r.kodesystem_created for r in again)
        assert list(Kode.objects.order_by("pk").values_list("pk", "updated_at")) == before
        assert Kodesystem.objects.count() == 2

    def test_it_loads_both_files_fast(self, db: None) -> None:
        started = time.perf_counter()
        kodesystem_load_reference()
        assert time.perf_counter() - started < 2

    def test_it_keeps_the_old_version_next_to_a_new_one(
        self, ffb: list[LoadResult], ffb_variant: Callable[..., Path]
    ) -> None:
        path = ffb_variant(version="20990101", displays={LAVE_MAD: "Lave og anrette mad"})

        result = kodesystem_load(path=path)

        assert (result.created, result.updated, result.total) == (220, 0, 220)
        assert result.is_current
        old_system = Kodesystem.objects.get(url=FFB_URL, version="20240530")
        assert not old_system.is_current
        assert Kode.objects.filter(kodesystem__url=FFB_URL).count() == 440
        old = kode_get(LAVE_MAD, version="20240530")
        new = kode_get(LAVE_MAD)
        assert (old.display, old.kodesystem.version) == ("Lave mad", "20240530")
        assert (new.display, new.kodesystem.version) == ("Lave og anrette mad", "20990101")
        assert new.path.endswith("Praktiske opgaver › Lave og anrette mad")
        assert new.parent is not None
        assert new.parent.kodesystem_id == new.kodesystem_id
        assert Kode.objects.undertemaer().count() == 67

    def test_it_keeps_the_newer_version_current_when_an_older_one_is_loaded(
        self, ffb: list[LoadResult], ffb_variant: Callable[..., Path]
    ) -> None:
        # The 2021 release: 7445fb2b was the kategori "Omgivelsesfaktorer" (DOMAIN.md 4.1).
        def as_2021(resource: dict[str, Any]) -> None:
            tilstande = next(c for c in resource["concept"] if c["code"] == FFB_TILSTANDE)
            new_kategori = next(c for c in tilstande["concept"] if c["code"] == OMGIVELSESFAKTORER)
            omgivelser = new_kategori["concept"][0]
            omgivelser["display"] = "Omgivelsesfaktorer"
            tilstande["concept"] = [
                c for c in tilstande["concept"] if c["code"] != OMGIVELSESFAKTORER
            ] + [omgivelser]

        result = kodesystem_load(path=ffb_variant(version="20210101", edit=as_2021))

        assert not result.is_current
        assert result.total == 219
        assert Kodesystem.objects.current().get(url=FFB_URL).version == "20240530"
        old = kode_get(OMGIVELSER, version="20210101")
        current = kode_get(OMGIVELSER)
        assert (old.display, old.gruppe, old.depth) == (
            "Omgivelsesfaktorer",
            Kode.Gruppe.TILSTAND_KATEGORI,
            2,
        )
        assert (current.display, current.gruppe, current.depth) == (
            "Omgivelser",
            Kode.Gruppe.TEMA,
            3,
        )

    def test_it_updates_rows_that_differ_within_the_same_version(
        self, ffb: list[LoadResult], ffb_variant: Callable[..., Path]
    ) -> None:
        path = ffb_variant(version="20240530", displays={LAVE_MAD: "Lave mad (rettet)"})

        result = kodesystem_load(path=path)

        assert (result.created, result.updated, result.unchanged) == (0, 1, 219)
        kode = kode_get(LAVE_MAD)
        assert kode.display == "Lave mad (rettet)"
        assert kode.path.endswith("› Lave mad (rettet)")

    @pytest.mark.parametrize(
        "content",
        [
            "not json",
            json.dumps({"resourceType": "ValueSet", "url": "x", "version": "1", "name": "x"}),
            json.dumps({"resourceType": "CodeSystem", "url": "x", "name": "x", "concept": []}),
        ],
    )
    def test_it_rejects_files_that_are_not_codesystems(self, tmp_path: Path, content: str) -> None:
        path = tmp_path / "bad.json"
        path.write_text(content, encoding="utf-8")

        with pytest.raises(KodesystemFormatError):
            kodesystem_load(path=path)

        assert not Kodesystem.objects.exists()

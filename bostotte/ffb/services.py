"""Load KL's FHIR CodeSystem JSON files into Kodesystem/Kode.

`kodesystem_load` is idempotent. A file whose (url, version) is already loaded changes only
the rows that differ (normally none). A new version gets new rows next to the old ones, so
historical coded values and their displays stay as they were. Codes are never deleted.
Afterwards the newest version per url is marked current.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import codes
from .models import Kode, KodeGruppe, Kodesystem

REFERENCE_FILES: tuple[str, ...] = ("CodeSystem-FFB.json", "CodeSystem-CareSocialCodes.json")

G = KodeGruppe

# Group roots (by stable code) and the gruppe of their descendants, level by level; the last
# entry repeats for deeper levels. The roots themselves, and every top-level concept, are ROD.
_GROUP_SCHEMES: Mapping[str, tuple[KodeGruppe, ...]] = {
    # FFB
    codes.FFB_TILSTANDE: (G.TILSTAND_KATEGORI, G.TEMA, G.UNDERTEMA),
    codes.FUNKTIONSEVNENIVEAU: (G.FUNKTIONSEVNENIVEAU,),
    codes.STOETTEBEHOVSNIVEAU: (G.STOETTEBEHOV,),
    codes.MAALTYPE: (G.MAALTYPE,),
    codes.STATUS_PAA_INDSATS: (G.STATUS_PAA_INDSATS,),
    codes.YDELSE: (G.YDELSE,),
    codes.TILBUD: (G.TILBUD,),
    codes.MAALGRUPPE: (G.MAALGRUPPE,),
    # CareSocialCodes
    codes.EVALUERING: (G.EVALUERING,),
    codes.KILDE: (G.KILDE,),
    codes.MAAL_FORMAAL: (G.MAAL_FORMAAL,),
    codes.KONTAKTAKTIVITET: (G.KONTAKTAKTIVITET,),
    codes.KONTAKTKLASSE: (G.KONTAKTKLASSE,),
    codes.LEVERINGSTYPE: (G.LEVERINGSTYPE,),
    codes.BEGRUNDELSE_FOR_INDSATSOPHOER: (G.BEGRUNDELSE_OPHOER,),
    codes.BEGRUNDELSE_FOR_MANGLENDE_AKTIVITET: (G.BEGRUNDELSE_MANGLENDE_AKTIVITET,),
    codes.OPLYSNINGSAKTIVITET: (G.OPLYSNINGSAKTIVITET,),
    codes.PLANLAGT_INDSATSFORLOEB: (G.PLANLAGT_INDSATSFORLOEB,),
    codes.INDSATS_YDELSESANMODNING: (G.INDSATSANMODNING,),
    codes.MAALFOKUS: (G.MAALFOKUS,),
    codes.INDFORSTAAELSE_IFM_HENVENDELSE: (G.INDFORSTAAELSE,),
}
_FALLBACK_GRUPPE: Mapping[str, KodeGruppe] = {codes.CARESOCIAL_URL: G.CARESOCIAL}
_LEVELS = frozenset({G.FUNKTIONSEVNENIVEAU, G.STOETTEBEHOV})  # the groups that get ordinals

# The Kode fields the loader owns (the keys of _Row.values plus parent_id); bulk_update writes them.
_FIELDS: tuple[str, ...] = (
    "display",
    "definition",
    "parent_id",
    "depth",
    "path",
    "ancestor_codes",
    "is_leaf",
    "gruppe",
    "ordinal",
    "kraever_funktionsevneniveau",
)


class KodesystemFormatError(ValueError):
    """The file is not a FHIR CodeSystem this loader understands."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    url: str
    version: str
    name: str
    kodesystem_created: bool
    is_current: bool
    created: int
    updated: int
    unchanged: int
    leaves: int
    missing: int  # rows of this version in the database but not in the file (kept)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(frozen=True, slots=True)
class _Row:
    code: str
    parent_code: str | None
    values: dict[str, Any]  # _FIELDS except parent_id

    @property
    def depth(self) -> int:
        return int(self.values["depth"])


@transaction.atomic
def kodesystem_load(*, path: Path | str) -> LoadResult:
    """Load one CodeSystem JSON file. Safe to run again; see the module docstring."""
    resource = _read(Path(path))
    url, version = resource["url"], resource["version"]
    rows = list(_flatten(resource["concept"], fallback=_FALLBACK_GRUPPE.get(url, G.ANDET)))
    now = timezone.now()

    # Lock the loaded versions of this url: serialises concurrent loads and the is_current
    # switch. (Two concurrent first loads collide on ffb_kodesystem_url_version_unique instead.)
    list(Kodesystem.objects.select_for_update().filter(url=url).values_list("pk", flat=True))
    header = {"name": resource["name"], "title": resource.get("title", "")}
    kodesystem, kodesystem_created = Kodesystem.objects.get_or_create(
        url=url, version=version, defaults=header
    )
    if any(getattr(kodesystem, f) != v for f, v in header.items()):
        for field, value in header.items():
            setattr(kodesystem, field, value)
        kodesystem.save(update_fields=[*header, "updated_at"])

    existing = {k.code: k for k in Kode.objects.filter(kodesystem=kodesystem)}
    pk_by_code = {code: k.pk for code, k in existing.items()}
    changed: list[Kode] = []
    created = 0
    # Parents first, one bulk insert per level, so children can point at their parent's pk.
    for depth in sorted({r.depth for r in rows}):
        new: list[Kode] = []
        for row in (r for r in rows if r.depth == depth):
            values = {
                **row.values,
                "parent_id": pk_by_code[row.parent_code] if row.parent_code else None,
            }
            kode = existing.get(row.code)
            if kode is None:
                new.append(Kode(kodesystem=kodesystem, code=row.code, **values))
            elif any(getattr(kode, f) != v for f, v in values.items()):
                for field, value in values.items():
                    setattr(kode, field, value)
                kode.updated_at = now
                changed.append(kode)
        for kode in Kode.objects.bulk_create(new):
            pk_by_code[kode.code] = kode.pk
        created += len(new)
    if changed:
        Kode.objects.bulk_update(changed, fields=[*_FIELDS, "updated_at"])

    is_current = _current_refresh(url=url) == kodesystem.pk
    return LoadResult(
        url=url,
        version=version,
        name=kodesystem.name,
        kodesystem_created=kodesystem_created,
        is_current=is_current,
        created=created,
        updated=len(changed),
        unchanged=len(rows) - created - len(changed),
        leaves=sum(1 for r in rows if r.values["is_leaf"]),
        missing=len(existing.keys() - {r.code for r in rows}),
    )


def kodesystem_load_reference(*, directory: Path | str | None = None) -> list[LoadResult]:
    """Load the shipped FFB and CareSocialCodes files (default: settings.FFB_REFERENCE_DIR)."""
    base = Path(directory if directory is not None else settings.FFB_REFERENCE_DIR)
    return [kodesystem_load(path=base / name) for name in REFERENCE_FILES]


def _current_refresh(*, url: str) -> int:
    """Mark the newest version of `url` current (and no other); return its pk."""
    versions = Kodesystem.objects.filter(url=url).values_list("pk", "version", "is_current")
    newest_pk, _, newest_is_current = max(versions, key=lambda row: _version_key(row[1]))
    if not newest_is_current:
        # Unset first: ffb_kodesystem_one_current_per_url allows one current row per url.
        Kodesystem.objects.filter(url=url, is_current=True).update(is_current=False)
        Kodesystem.objects.filter(pk=newest_pk).update(is_current=True)
    return newest_pk


def _version_key(version: str) -> tuple[tuple[int, int, str], ...]:
    """Order versions such as "20240530" or "2.3.0" numerically, part by part."""
    parts = re.findall(r"\d+|[^\d.\-]+", version)
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _read(path: Path) -> dict[str, Any]:
    try:
        resource = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise KodesystemFormatError(f"{path}: kan ikke læses som JSON ({exc})") from exc
    if not isinstance(resource, dict) or resource.get("resourceType") != "CodeSystem":
        raise KodesystemFormatError(f"{path}: er ikke en FHIR CodeSystem-ressource")
    for key in ("url", "version", "name"):
        if not isinstance(resource.get(key), str) or not resource[key]:
            raise KodesystemFormatError(f"{path}: mangler {key!r}")
    if not isinstance(resource.get("concept"), list):
        raise KodesystemFormatError(f"{path}: mangler 'concept'")
    return resource


def _flatten(concepts: Sequence[Mapping[str, Any]], *, fallback: KodeGruppe) -> Iterator[_Row]:
    seen: set[str] = set()

    def walk(
        items: Sequence[Mapping[str, Any]],
        parent: _Row | None,
        scheme: tuple[KodeGruppe, ...] | None,
        level: int,
    ) -> Iterator[_Row]:
        for concept in items:
            code, display = concept.get("code"), concept.get("display")
            if not isinstance(code, str) or not isinstance(display, str):
                raise KodesystemFormatError(
                    f"begreb uden code/display under {parent and parent.code}"
                )
            if code in seen:
                raise KodesystemFormatError(f"koden {code} forekommer flere gange")
            seen.add(code)
            children = concept.get("concept") or []
            if parent is None or code in _GROUP_SCHEMES:
                gruppe, child_scheme, child_level = G.ROD, _GROUP_SCHEMES.get(code), 1
            else:
                levels = scheme or (fallback,)
                gruppe = levels[min(level, len(levels)) - 1]
                child_scheme, child_level = scheme, level + 1
            ancestors = [*parent.values["ancestor_codes"], parent.code] if parent else []
            row = _Row(
                code=code,
                parent_code=parent.code if parent else None,
                values={
                    "display": display,
                    "definition": concept.get("definition", ""),
                    "depth": len(ancestors) + 1,
                    "path": f"{parent.values['path']} › {display}" if parent else display,
                    "ancestor_codes": ancestors,
                    "is_leaf": not children,
                    "gruppe": gruppe,
                    "ordinal": codes.ORDINALS.get(code) if gruppe in _LEVELS else None,
                    "kraever_funktionsevneniveau": gruppe == G.UNDERTEMA
                    and codes.AKTIVITET_OG_DELTAGELSE in ancestors,
                },
            )
            yield row
            yield from walk(children, row, child_scheme, child_level)

    yield from walk(concepts, None, None, 1)

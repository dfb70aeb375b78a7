"""Read helpers for FFB reference data, for use by other apps.

FFB data is public reference data, so these selectors take no user. Choice values are `Kode`
primary keys: a Kode row is one code in one version, which is what a ForeignKey should store.
The well-known codes from `codes` are re-exported here, so
`from bostotte.ffb.selectors import AKTIVITET_OG_DELTAGELSE, kode_get` works.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .codes import *  # noqa: F403 (re-export of the well-known codes)
from .codes import FFB_URL
from .models import Kode, Kodesystem

Choices = list[tuple[int, str]]
GroupedChoices = list[tuple[str, Choices]]


def kodesystem_get_current(*, url: str = FFB_URL) -> Kodesystem:
    """The current version of a CodeSystem. Raises Kodesystem.DoesNotExist if none is loaded."""
    return Kodesystem.objects.current().get(url=url)


def kode_get(code: str, *, system: str = FFB_URL, version: str | None = None) -> Kode:
    """One code in the current version (or `version`). Raises Kode.DoesNotExist."""
    # uses constraint index ffb_kode_natural_key (kodesystem, code)
    return (
        Kode.objects.in_system(system, version=version).select_related("kodesystem").get(code=code)
    )


def kode_choices(queryset: QuerySet[Kode]) -> Choices:
    """Flat choices (pk, display) in the queryset's order."""
    return [(pk, display) for pk, display in queryset.values_list("pk", "display")]


def kode_choices_grouped(queryset: QuerySet[Kode]) -> GroupedChoices:
    """Choices grouped by parent display (for <optgroup>), groups in path order."""
    groups: dict[int | None, tuple[str, Choices]] = {}
    rows = queryset.order_by("path").values_list("parent_id", "parent__display", "pk", "display")
    for parent_id, parent_display, pk, display in rows:
        groups.setdefault(parent_id, (parent_display or "", []))[1].append((pk, display))
    return list(groups.values())


def undertema_choices(
    *, kun_aktivitet_deltagelse: bool = False, version: str | None = None
) -> GroupedChoices:
    """Undertemaer grouped by tema. With `kun_aktivitet_deltagelse=True`, only those on which a
    funktionsevneniveau is rated (category "Aktivitet og deltagelse")."""
    qs = (
        Kode.objects.aktivitet_deltagelse_undertemaer(version=version)
        if kun_aktivitet_deltagelse
        else Kode.objects.undertemaer(version=version)
    )
    return kode_choices_grouped(qs)


def funktionsevneniveau_by_ordinal(*, version: str | None = None) -> dict[int, Kode]:
    """{0: Ingen nedsat funktionsevne, …, 4: Fuldstændig nedsat funktionsevne}; no "Ikke vurderet"."""
    return _by_ordinal(
        Kode.objects.funktionsevneniveauer(include_ikke_vurderet=False, version=version)
    )


def stoettebehov_by_ordinal(*, version: str | None = None) -> dict[int, Kode]:
    """{0: Intet støttebehov, …, 4: Fuldstændigt støttebehov}; no "Ikke vurderet"."""
    return _by_ordinal(Kode.objects.stoettebehov(include_ikke_vurderet=False, version=version))


def _by_ordinal(queryset: QuerySet[Kode]) -> dict[int, Kode]:
    return {kode.ordinal: kode for kode in queryset if kode.ordinal is not None}

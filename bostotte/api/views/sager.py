"""Cases (read), through Sag.objects.visible_to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django_filters
from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, F, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from bostotte.core.access import sag_scope_ids
from bostotte.core.lookups import AnyOf
from bostotte.core.models import Sag
from bostotte.core.sql import FixedSql, PerUserSql

from ..models import Scope
from ..pagination import KeyCursorPagination
from .base import ApiListView, ApiRetrieveView
from .common import BrugerRefSerializer


class SagOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    sagsnummer = serializers.CharField()
    titel = serializers.CharField()
    status = serializers.ChoiceField(choices=Sag.Status.choices)
    borger = serializers.UUIDField(source="borger.uuid")
    ansvarlig = BrugerRefSerializer()
    team = serializers.CharField(source="team.navn")
    handlekommune = serializers.CharField(source="handlekommune.kommunenummer")
    betalingskommune = serializers.CharField(source="betalingskommune.kommunenummer")
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)

    def to_representation(self, instance: Sag) -> dict[str, Any]:
        """The declared fields above (they make the schema), written out by hand: DRF's
        field-by-field machinery was most of the list's Python time (issue 10). Every field is
        non-null except closed_on; tests/api check the payload against the schema."""
        ansvarlig = instance.ansvarlig
        closed_on = instance.closed_on
        return {
            "uuid": str(instance.uuid),
            "sagsnummer": str(instance.sagsnummer),
            "titel": str(instance.titel),
            "status": instance.status,
            "borger": str(instance.borger.uuid),
            "ansvarlig": {"uuid": str(ansvarlig.uuid), "navn": str(ansvarlig.visningsnavn)},
            "team": str(instance.team.navn),
            "handlekommune": str(instance.handlekommune.kommunenummer),
            "betalingskommune": str(instance.betalingskommune.kommunenummer),
            "opened_on": instance.opened_on.isoformat(),
            "closed_on": closed_on.isoformat() if closed_on else None,
        }


class SagFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Sag.Status.choices)
    borger = django_filters.UUIDFilter(field_name="borger__uuid")

    class Meta:
        model = Sag
        fields = ["status", "borger"]


# The relations the output prints (the detail).
SAG_RELATED = ("borger", "ansvarlig", "team", "handlekommune", "betalingskommune")

# What the list prints, in `_page_row`'s order.
SAG_LIST_COLUMNS = (
    "pk", "uuid", "sagsnummer", "titel", "status", "borger__uuid",
    "ansvarlig__uuid", "ansvarlig__first_name", "ansvarlig__last_name", "ansvarlig__username",
    "team__navn", "handlekommune__kommunenummer", "betalingskommune__kommunenummer",
    "opened_on", "closed_on",
)  # fmt: skip


def _page_query(pks: Sequence[int]) -> QuerySet[Any]:
    """The list page's rows by primary key (`id = ANY(%s)`, one parameter for any page size, so
    the SQL is the same for every page), as plain tuples of `SAG_LIST_COLUMNS`. The page's keys
    come from get_queryset() (the access function has chosen them)."""
    ids = Value(list(pks), output_field=ArrayField(BigIntegerField()))
    return Sag.objects.filter(AnyOf(F("pk"), ids)).order_by().values_list(*SAG_LIST_COLUMNS)


# Compiled once per database and run with the page's keys (issue 10; `sql.FixedSql`).
_PAGE_SQL = FixedSql(_page_query, (([-1, -2],), ([-3, -4],)))


def _page_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """`SagOutputSerializer.to_representation` for one row of `_page_query`: the same dict,
    from plain values instead of six model instances (issue 10)."""
    (
        _, uuid, sagsnummer, titel, status, borger_uuid,
        ansvarlig_uuid, first_name, last_name, username,
        team_navn, handlekommune, betalingskommune, opened_on, closed_on,
    ) = row  # fmt: skip
    return {
        "uuid": str(uuid),
        "sagsnummer": str(sagsnummer),
        "titel": str(titel),
        "status": status,
        "borger": str(borger_uuid),
        # User.visningsnavn: get_full_name() or username
        "ansvarlig": {
            "uuid": str(ansvarlig_uuid),
            "navn": str(f"{first_name} {last_name}".strip() or username),
        },
        "team": str(team_navn),
        "handlekommune": str(handlekommune),
        "betalingskommune": str(betalingskommune),
        "opened_on": opened_on.isoformat(),
        "closed_on": closed_on.isoformat() if closed_on else None,
    }


def sag_list_payload(pks: Sequence[int]) -> list[dict[str, Any]]:
    """The list's `results` for the page's keys, in their order; one query."""
    rows = {row[0]: row for row in _PAGE_SQL.rows(pks)}
    return [_page_row(rows[pk]) for pk in pks]


# The ids `Sag.objects.visible_to(user)` grants (`access.sag_scope_ids`, the same branches as
# `access.sag_scope`), compiled once per user and run with the time: building and compiling the
# union of the access branches through the ORM cost more than the rest of the page's Python
# (issue 10; `sql.PerUserSql`, which builds it on every call when the SQL depends on more than
# the user).
_SCOPE_SQL = PerUserSql(sag_scope_ids)


class _SagQuery:
    required_scope: str | None = Scope.SAGER_READ
    serializer_class = SagOutputSerializer

    def get_queryset(self) -> QuerySet[Sag]:
        return Sag.objects.visible_to(self.request.user).select_related(*SAG_RELATED)  # type: ignore[attr-defined]


@extend_schema_view(
    get=extend_schema(
        operation_id="sager_list", summary="Sager, som kalderen har adgang til", tags=["sager"]
    )
)
class SagListApi(_SagQuery, ApiListView):
    """The page is chosen on the ordering columns alone (the scope and the filters, no joins,
    `KeyCursorPagination`), then only its rows are read, as plain values, and written out
    (`sag_list_payload`): the same payload as the serializer over model instances, without
    ~180 instances per page (issue 10)."""

    filterset_class = SagFilter
    pagination_class = KeyCursorPagination

    def get_queryset(self) -> QuerySet[Sag]:
        """`Sag.objects.visible_to(user)` as `id IN (<its SQL>)`, the SQL compiled once per user
        (`_SCOPE_SQL`): the filters and the cursor go on top as before."""
        found = _SCOPE_SQL.sql(self.request.user, timezone.now())  # type: ignore[arg-type]
        if found is None:  # the access function's NOTHING (an inactive user)
            return Sag.objects.none()
        # The ORM's own SQL for the access function, its values as parameters, as
        # `id = ANY(ARRAY(<the union>))` (`access.sag_scope_for_page`): PostgreSQL evaluates the
        # union on its own and probes the cases by primary key; `id IN (<scope>)` was planned as a
        # hash semi-join over the whole of core_sag (scripts/bench/explain.py).
        sql, params = found
        ids = RawSQL(f"ARRAY({sql})", params, output_field=ArrayField(BigIntegerField()))  # noqa: S611
        return Sag.objects.filter(AnyOf(F("pk"), ids))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        keys = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(sag_list_payload([key["pk"] for key in keys]))


@extend_schema_view(
    get=extend_schema(operation_id="sager_retrieve", summary="Én sag", tags=["sager"])
)
class SagDetailApi(_SagQuery, ApiRetrieveView):
    def log_access(self, obj: Sag) -> None:
        self.log_view(
            borger=obj.borger, sag=obj, formaal="Visning af sagens oplysninger i et fagsystem"
        )

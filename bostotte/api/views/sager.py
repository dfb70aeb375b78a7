"""Cases (read), through Sag.objects.visible_to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from bostotte.core.models import Sag

from ..models import Scope
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


# The relations the output prints, and only their printed columns.
SAG_RELATED = ("borger", "ansvarlig", "team", "handlekommune", "betalingskommune")
SAG_COLUMNS = (
    "uuid", "sagsnummer", "titel", "status", "opened_on", "closed_on", "created_at",
    "borger__uuid", "ansvarlig__uuid", "ansvarlig__first_name", "ansvarlig__last_name",
    "ansvarlig__username", "team__navn", "handlekommune__kommunenummer",
    "betalingskommune__kommunenummer",
)  # fmt: skip


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
    filterset_class = SagFilter

    def page_rows(self, pks: Sequence[int]) -> list[Sag]:
        """The page's rows (ApiCursorPagination): `pks` come from get_queryset(), so the access
        function has already chosen them."""
        rows = Sag.objects.select_related(*SAG_RELATED).only(*SAG_COLUMNS).order_by().in_bulk(pks)
        return [rows[pk] for pk in pks]


@extend_schema_view(
    get=extend_schema(operation_id="sager_retrieve", summary="Én sag", tags=["sager"])
)
class SagDetailApi(_SagQuery, ApiRetrieveView):
    def log_access(self, obj: Sag) -> None:
        self.log_view(
            borger=obj.borger, sag=obj, formaal="Visning af sagens oplysninger i et fagsystem"
        )

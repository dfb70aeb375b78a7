"""Cases (read), through Sag.objects.visible_to."""

from __future__ import annotations

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


class SagFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Sag.Status.choices)
    borger = django_filters.UUIDFilter(field_name="borger__uuid")

    class Meta:
        model = Sag
        fields = ["status", "borger"]


class _SagQuery:
    required_scope: str | None = Scope.SAGER_READ
    serializer_class = SagOutputSerializer

    def get_queryset(self) -> QuerySet[Sag]:
        return Sag.objects.visible_to(self.request.user).select_related(  # type: ignore[attr-defined]
            "borger", "ansvarlig", "team", "handlekommune", "betalingskommune"
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="sager_list", summary="Sager, som kalderen har adgang til", tags=["sager"]
    )
)
class SagListApi(_SagQuery, ApiListView):
    filterset_class = SagFilter


@extend_schema_view(
    get=extend_schema(operation_id="sager_retrieve", summary="Én sag", tags=["sager"])
)
class SagDetailApi(_SagQuery, ApiRetrieveView):
    def log_access(self, obj: Sag) -> None:
        self.log_view(
            borger=obj.borger, sag=obj, formaal="Visning af sagens oplysninger i et fagsystem"
        )

"""Deadlines and worklist tasks (read): the caller's own (Opgave.objects.visible_to)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from tilsyn.models import Opgave, OpgaveArt

from ..models import Scope
from ..pagination import ApiCursorPagination
from .base import ApiListView


class OpgaveOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    art = serializers.ChoiceField(choices=OpgaveArt.choices)
    titel = serializers.CharField(source="get_art_display")
    sag = serializers.UUIDField(source="sag.uuid")
    due_on = serializers.DateField()
    remind_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Opgave.Status.choices)
    detalje = serializers.CharField()
    escalated_at = serializers.DateTimeField(allow_null=True)


class OpgaveFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Opgave.Status.choices)
    art = django_filters.ChoiceFilter(choices=OpgaveArt.choices)

    class Meta:
        model = Opgave
        fields = ["status", "art"]


class FristPagination(ApiCursorPagination):
    ordering = ("due_on", "id")


@extend_schema_view(
    get=extend_schema(
        operation_id="frister_list", summary="Mine frister og opgaver", tags=["frister"]
    )
)
class OpgaveListApi(ApiListView):
    required_scope: str | None = Scope.FRISTER_READ
    serializer_class = OpgaveOutputSerializer
    filterset_class = OpgaveFilter
    pagination_class = FristPagination

    def get_queryset(self) -> QuerySet[Opgave]:
        return Opgave.objects.visible_to(self.request.user).select_related("sag")

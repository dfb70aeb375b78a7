"""FFB and CareSocialCodes code tables: public reference data, read-only, for any authenticated
caller (no scope needed). Current versions unless `version` is given."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from bostotte.ffb.models import Kode, KodeGruppe, Kodesystem

from ..pagination import IdCursorPagination
from .base import ApiListView


class KodesystemOutputSerializer(serializers.Serializer):
    url = serializers.CharField()
    version = serializers.CharField()
    name = serializers.CharField()
    title = serializers.CharField()
    is_current = serializers.BooleanField()


class KodeOutputSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="KL's kode (UUID; skelner store/små bogstaver).")
    display = serializers.CharField()
    definition = serializers.CharField()
    gruppe = serializers.ChoiceField(choices=KodeGruppe.choices)
    parent = serializers.CharField(source="parent.code", allow_null=True, default=None)
    path = serializers.CharField()
    depth = serializers.IntegerField()
    is_leaf = serializers.BooleanField()
    ordinal = serializers.IntegerField(allow_null=True)
    kraever_funktionsevneniveau = serializers.BooleanField()
    kodesystem = serializers.CharField(source="kodesystem.url")
    version = serializers.CharField(source="kodesystem.version")


class KodeFilter(django_filters.FilterSet):
    gruppe = django_filters.ChoiceFilter(choices=KodeGruppe.choices)
    kodesystem = django_filters.CharFilter(field_name="kodesystem__url", max_length=255)
    version = django_filters.CharFilter(
        method="filter_version", max_length=64, help_text="Standard: gældende version."
    )
    code = django_filters.CharFilter(max_length=64)

    class Meta:
        model = Kode
        fields = ["gruppe", "kodesystem", "version", "code"]

    def filter_version(self, queryset: QuerySet[Kode], name: str, value: str) -> QuerySet[Kode]:
        return queryset  # applied in the view, which defaults to the current versions


@extend_schema_view(
    get=extend_schema(
        operation_id="ffb_kodesystemer_list",
        summary="Indlæste kodesystemer og versioner",
        tags=["ffb"],
    )
)
class KodesystemListApi(ApiListView):
    serializer_class = KodesystemOutputSerializer
    pagination_class = IdCursorPagination

    def get_queryset(self) -> QuerySet[Kodesystem]:
        return Kodesystem.objects.all()


@extend_schema_view(
    get=extend_schema(
        operation_id="ffb_koder_list", summary="Koder (FFB og CareSocialCodes)", tags=["ffb"]
    )
)
class KodeListApi(ApiListView):
    serializer_class = KodeOutputSerializer
    pagination_class = IdCursorPagination
    filterset_class = KodeFilter

    def get_queryset(self) -> QuerySet[Kode]:
        qs = Kode.objects.select_related("kodesystem", "parent")
        version = self.request.query_params.get("version")
        return (
            qs.filter(kodesystem__version=version)
            if version
            else qs.filter(kodesystem__is_current=True)
        )

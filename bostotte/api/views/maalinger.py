"""Outcome and process measures (aggregates) from tilsyn.maaling, for the roles that have the
dashboard (myndighedsleder, leverandørleder; the analytiker has no API service user). The same
scope and the same pseudonymisation rules as the dashboard: measures_for(udsnit)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from tilsyn.maaling.measures import measures_for
from tilsyn.maaling.scope import MAALING_ROLLER
from tilsyn.maaling.udsnit import default_periode, udsnit_from_request

from ..models import Scope
from .base import ApiView


class KolonneSerializer(serializers.Serializer):
    noegle = serializers.CharField()
    label = serializers.CharField()


class RaekkeSerializer(serializers.Serializer):
    label = serializers.CharField()
    vaerdier = serializers.DictField(child=serializers.FloatField(allow_null=True))
    n = serializers.IntegerField()
    undertrykt = serializers.BooleanField(
        help_text="Gruppen er for lille til at vise tal (under 5)."
    )


class MaalingSerializer(serializers.Serializer):
    noegle = serializers.CharField()
    titel = serializers.CharField()
    gruppe = serializers.CharField(help_text="proces eller effekt")
    kolonner = KolonneSerializer(many=True)
    raekker = RaekkeSerializer(many=True)
    note = serializers.CharField()


class MaalingerOutputSerializer(serializers.Serializer):
    fra = serializers.DateField()
    til = serializers.DateField()
    pseudonymiseret = serializers.BooleanField()
    maalinger = MaalingSerializer(many=True)


class MaalingListApi(ApiView):
    required_scope: str | None = Scope.MAALINGER_READ
    roller: frozenset[str] | None = MAALING_ROLLER

    @extend_schema_serializer(component_name="MaalingerFilter")
    class FilterSerializer(serializers.Serializer):
        fra = serializers.DateField(
            required=False, help_text="Fra og med (standard: 12 måneder tilbage)."
        )
        til = serializers.DateField(required=False, help_text="Til og med (standard: i dag).")

    @extend_schema(
        operation_id="maalinger_list",
        summary="Proces- og effektmål (aggregater)",
        tags=["målinger"],
        parameters=[FilterSerializer],
        responses=MaalingerOutputSerializer,
    )
    def get(self, request: Request) -> Response:
        params = self.FilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query: dict[str, Any] = {k: v.isoformat() for k, v in params.validated_data.items()}
        if query:  # a missing end of the period takes the dashboard's default
            fra, til = default_periode(timezone.localdate())
            query = {"fra": fra.isoformat(), "til": til.isoformat(), **query}
        form, udsnit = udsnit_from_request(query, user=self.user)
        if udsnit is None:
            raise serializers.ValidationError(
                {k: [str(m) for m in v] for k, v in form.errors.items()}
            )
        data = {
            "fra": udsnit.fra,
            "til": udsnit.til,
            "pseudonymiseret": udsnit.pseudonymiseret,
            "maalinger": [
                {
                    "noegle": r.key,
                    "titel": str(r.titel),
                    "gruppe": r.gruppe,
                    "note": str(r.note),
                    "kolonner": [{"noegle": k, "label": str(label)} for k, label in r.columns],
                    "raekker": [
                        {
                            "label": str(row.label),
                            "vaerdier": row.values,
                            "n": row.n,
                            "undertrykt": row.suppressed,
                        }
                        for row in r.rows
                    ],
                }
                for r in measures_for(udsnit)
            ],
        }
        return Response(MaalingerOutputSerializer(data).data)

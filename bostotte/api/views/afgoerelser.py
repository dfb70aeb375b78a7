"""Decisions and grants (read). The myndighed's records: BUM keeps them from leverandører
(who get the bestilling), so other roles get 404 like any page that is not theirs."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from bostotte.core.models import MYNDIGHED_ROLLER, Sag
from visitation.models import Afgoerelse, Form, Lovgrundlag, SupplerendeKontakt, TimePeriode

from ..models import Scope
from .base import ApiListView, ApiRetrieveView
from .common import KodeRefSerializer


class AfgoerelseOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    sag = serializers.UUIDField(source="sag.uuid")
    borger = serializers.UUIDField(source="borger.uuid")
    resultat = serializers.ChoiceField(choices=Afgoerelse.Resultat.choices)
    status = serializers.ChoiceField(choices=Afgoerelse.Status.choices)
    lovgrundlag = serializers.ChoiceField(choices=Lovgrundlag.choices)
    maalgruppe = KodeRefSerializer(allow_null=True)
    ydelser = KodeRefSerializer(many=True, source="ydelser.all")
    timer = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    timer_periode = serializers.ChoiceField(choices=[*TimePeriode.choices, ("", "")])
    form = serializers.ChoiceField(choices=[*Form.choices, ("", "")])
    supplerende_kontakt = serializers.ListField(
        child=serializers.ChoiceField(choices=SupplerendeKontakt.choices)
    )
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    er_aktiv = serializers.BooleanField(
        help_text="En truffet bevilling, der hverken er afløst eller ophørt."
    )
    truffet_at = serializers.DateTimeField(allow_null=True)
    meddelt_on = serializers.DateField(allow_null=True)
    erstatter = serializers.UUIDField(source="erstatter.uuid", allow_null=True, default=None)


class AfgoerelseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Afgoerelse.Status.choices)
    resultat = django_filters.ChoiceFilter(choices=Afgoerelse.Resultat.choices)
    sag = django_filters.UUIDFilter(field_name="sag__uuid")

    class Meta:
        model = Afgoerelse
        fields = ["status", "resultat", "sag"]


def afgoerelser_visible(user: object) -> QuerySet[Afgoerelse]:
    visible_sag = Sag.objects.visible_to(user).filter(pk=OuterRef("sag_id"))  # type: ignore[arg-type]
    return (
        Afgoerelse.objects.filter(Exists(visible_sag))
        .select_related("sag", "borger", "maalgruppe", "erstatter")
        .prefetch_related("ydelser")
    )


class _AfgoerelseQuery:
    required_scope: str | None = Scope.AFGOERELSER_READ
    roller: frozenset[str] | None = MYNDIGHED_ROLLER
    serializer_class = AfgoerelseOutputSerializer

    def get_queryset(self) -> QuerySet[Afgoerelse]:
        return afgoerelser_visible(self.request.user)  # type: ignore[attr-defined]


@extend_schema_view(
    get=extend_schema(
        operation_id="afgoerelser_list", summary="Afgørelser (myndighed)", tags=["afgørelser"]
    )
)
class AfgoerelseListApi(_AfgoerelseQuery, ApiListView):
    filterset_class = AfgoerelseFilter


@extend_schema_view(
    get=extend_schema(
        operation_id="afgoerelser_retrieve", summary="Én afgørelse (myndighed)", tags=["afgørelser"]
    )
)
class AfgoerelseDetailApi(_AfgoerelseQuery, ApiRetrieveView):
    def log_access(self, obj: Afgoerelse) -> None:
        self.log_view(
            borger=obj.borger, sag=obj.sag, formaal="Visning af en afgørelse i et fagsystem"
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="bevillinger_list",
        summary="Aktive bevillinger (myndighed)",
        tags=["afgørelser"],
    )
)
class BevillingListApi(_AfgoerelseQuery, ApiListView):
    def get_queryset(self) -> QuerySet[Afgoerelse]:
        # uses index visitation_afg_aktiv_bevilling
        return super().get_queryset().aktive_bevillinger()  # type: ignore[attr-defined,no-any-return]

"""Orders: list/retrieve for myndighed and leverandør (Bestilling.objects.visible_to), and the
leverandør's answer (accept/decline) through levering's services."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from drf_spectacular.utils import extend_schema, extend_schema_serializer, extend_schema_view
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from bostotte.core.models import User
from levering.services import bestilling_accept, bestilling_decline
from visitation.models import Bestilling, Indsatsmaal, TimePeriode

from ..models import Scope
from .base import ApiListView, ApiRetrieveView, ApiView
from .common import KodeRefSerializer, NavnRefSerializer


class IndsatsmaalOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    undertema = KodeRefSerializer()
    beskrivelse = serializers.CharField()
    maaltype = KodeRefSerializer(allow_null=True)
    forventet_niveau = KodeRefSerializer(allow_null=True)
    opfoelgning_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Indsatsmaal.Status.choices)


class BorgerNavnSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    fornavn = serializers.CharField()
    efternavn = serializers.CharField()


class BestillingOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Bestilling.Status.choices)
    version = serializers.IntegerField(
        help_text="Send med, når bestillingen besvares (optimistisk låsning)."
    )
    borger = BorgerNavnSerializer(source="sag.borger")
    leverandoer = NavnRefSerializer()
    indsatsformaal = serializers.CharField()
    ydelser = KodeRefSerializer(many=True, source="ydelser.all")
    timer = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    timer_periode = serializers.ChoiceField(choices=[*TimePeriode.choices, ("", "")])
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True)
    borgers_oensker = serializers.CharField()
    praktisk = serializers.CharField()
    indsatsmaal = IndsatsmaalOutputSerializer(many=True, source="indsatsmaal.all")
    sendt_at = serializers.DateTimeField(allow_null=True)
    besvaret_at = serializers.DateTimeField(allow_null=True)
    afvist_begrundelse = serializers.CharField()
    foerste_besoeg_on = serializers.DateField(allow_null=True)


class BestillingFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Bestilling.Status.choices)

    class Meta:
        model = Bestilling
        fields = ["status"]


def _output_prefetches() -> list[str | Prefetch]:  # type: ignore[type-arg]
    """What BestillingOutputSerializer reads, for a queryset or for loaded instances."""
    maal = Indsatsmaal.objects.select_related("undertema", "maaltype", "forventet_niveau").order_by(
        "raekkefoelge", "id"
    )
    return ["ydelser", Prefetch("indsatsmaal", queryset=maal)]


def bestillinger_visible(user: User) -> QuerySet[Bestilling]:
    return (
        Bestilling.objects.visible_to(user)
        .select_related("sag__borger", "leverandoer")
        .prefetch_related(*_output_prefetches())
    )


class _BestillingQuery:
    required_scope: str | None = Scope.BESTILLINGER_READ
    serializer_class = BestillingOutputSerializer

    def get_queryset(self) -> QuerySet[Bestilling]:
        return bestillinger_visible(self.request.user)  # type: ignore[attr-defined]


@extend_schema_view(
    get=extend_schema(
        operation_id="bestillinger_list", summary="Bestillinger", tags=["bestillinger"]
    )
)
class BestillingListApi(_BestillingQuery, ApiListView):
    filterset_class = BestillingFilter


@extend_schema_view(
    get=extend_schema(
        operation_id="bestillinger_retrieve", summary="Én bestilling", tags=["bestillinger"]
    )
)
class BestillingDetailApi(_BestillingQuery, ApiRetrieveView):
    def log_access(self, obj: Bestilling) -> None:
        self.log_view(
            borger=obj.sag.borger,
            sag=obj.sag,
            formaal="Visning af en bestilling af støtte i et fagsystem",
        )


class _BestillingAnswerApi(_BestillingQuery, ApiView):
    """Loads the bestilling once, through the access function; the service writes with a
    conditional UPDATE and refreshes that same instance, which is then serialised (the related
    rows the output needs are fetched onto it, not the bestilling a second time)."""

    required_scope: str | None = Scope.BESTILLINGER_WRITE

    def load(self, uuid: str, version: int) -> Bestilling:
        bestilling: Bestilling = get_object_or_404(
            Bestilling.objects.visible_to(self.user), uuid=uuid
        )
        # The service answers only the version the caller looked at (ConflictError otherwise).
        bestilling.version = version
        return bestilling

    def respond(self, bestilling: Bestilling) -> Response:
        prefetch_related_objects([bestilling], "sag__borger", "leverandoer", *_output_prefetches())
        return Response(BestillingOutputSerializer(bestilling).data, status=status.HTTP_200_OK)


class BestillingAcceptApi(_BestillingAnswerApi):
    @extend_schema_serializer(component_name="BestillingAcceptInput")
    class InputSerializer(serializers.Serializer):
        version = serializers.IntegerField(
            min_value=1, help_text="Bestillingens version, som du har set."
        )

    @extend_schema(
        operation_id="bestillinger_accept",
        summary="Acceptér en bestilling (leverandørens leder)",
        tags=["bestillinger"],
        request=InputSerializer,
        responses=BestillingOutputSerializer,
    )
    def post(self, request: Request, uuid: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bestilling = self.load(uuid, data.validated_data["version"])
        return self.respond(bestilling_accept(bestilling=bestilling, actor=self.user))


class BestillingDeclineApi(_BestillingAnswerApi):
    @extend_schema_serializer(component_name="BestillingDeclineInput")
    class InputSerializer(serializers.Serializer):
        version = serializers.IntegerField(
            min_value=1, help_text="Bestillingens version, som du har set."
        )
        begrundelse = serializers.CharField(
            max_length=2000, help_text="Mindst 10 tegn, så myndigheden kan handle på den."
        )

    @extend_schema(
        operation_id="bestillinger_decline",
        summary="Afvis en bestilling med en begrundelse (leverandørens leder)",
        tags=["bestillinger"],
        request=InputSerializer,
        responses=BestillingOutputSerializer,
    )
    def post(self, request: Request, uuid: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bestilling = self.load(uuid, data.validated_data["version"])
        return self.respond(
            bestilling_decline(
                bestilling=bestilling,
                begrundelse=data.validated_data["begrundelse"],
                actor=self.user,
            )
        )

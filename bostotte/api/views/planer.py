"""Plans (read): the § 141 handleplan (myndighed) and the leverandør's pædagogisk plan with the
goal tree (indsatsmål → delmål). Delmål are created through handleplaner's service."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response

from bostotte.core.models import MYNDIGHED_ROLLER, Sag, User
from handleplaner.access import STAFF_PLAN_ROLLER
from handleplaner.models import Delmaal, Handleplan, HandleplanVersion, Metode, PaedagogiskPlan
from handleplaner.services import delmaal_create
from visitation.models import Bestilling, Indsatsmaal

from ..fields import UuidField
from ..models import Scope
from .base import ApiListView, ApiRetrieveView, ApiView
from .common import KodeRefSerializer

# ------------------------------------------------------------------------------------------
# § 141 handleplan (myndighed)
# ------------------------------------------------------------------------------------------


class HandleplanVersionOutputSerializer(serializers.Serializer):
    nummer = serializers.IntegerField()
    formaal = serializers.CharField()
    indsats = serializers.CharField()
    varighed = serializers.CharField()
    bolig = serializers.CharField()
    arbejde_uddannelse = serializers.CharField()
    behandling = serializers.CharField()
    hjaelpemidler = serializers.CharField()
    personlig_hjaelp = serializers.CharField()
    andet = serializers.CharField()
    borgers_ord = serializers.CharField()
    udarbejdet_med_borger = serializers.BooleanField()
    accepteret_at = serializers.DateTimeField(allow_null=True)


class HandleplanOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    sag = serializers.UUIDField(source="sag.uuid")
    borger = serializers.UUIDField(source="sag.borger.uuid")
    tilbudt_on = serializers.DateField(allow_null=True)
    tilbudt_maade = serializers.CharField()
    svar = serializers.CharField()
    svar_on = serializers.DateField(allow_null=True)
    gaeldende_version = serializers.SerializerMethodField()

    @extend_schema_field(HandleplanVersionOutputSerializer(allow_null=True))
    def get_gaeldende_version(self, obj: Handleplan) -> Any:
        gaeldende = getattr(obj, "gaeldende", [])
        return HandleplanVersionOutputSerializer(gaeldende[0]).data if gaeldende else None


class _HandleplanQuery:
    required_scope: str | None = Scope.PLANER_READ
    roller: frozenset[str] | None = MYNDIGHED_ROLLER
    serializer_class = HandleplanOutputSerializer

    def get_queryset(self) -> QuerySet[Handleplan]:
        user = self.request.user  # type: ignore[attr-defined]
        gaeldende = HandleplanVersion.objects.filter(er_gaeldende=True)
        return (
            Handleplan.objects.filter(sag__in=Sag.objects.visible_to(user).values("pk"))
            .select_related("sag__borger")
            .prefetch_related(Prefetch("versioner", queryset=gaeldende, to_attr="gaeldende"))
        )


@extend_schema_view(
    get=extend_schema(
        operation_id="handleplaner_list", summary="Handleplaner (§ 141, myndighed)", tags=["planer"]
    )
)
class HandleplanListApi(_HandleplanQuery, ApiListView):
    pass


@extend_schema_view(
    get=extend_schema(
        operation_id="handleplaner_retrieve",
        summary="Én handleplan (§ 141, myndighed)",
        tags=["planer"],
    )
)
class HandleplanDetailApi(_HandleplanQuery, ApiRetrieveView):
    def log_access(self, obj: Handleplan) -> None:
        self.log_view(
            borger=obj.sag.borger, sag=obj.sag, formaal="Visning af handleplanen i et fagsystem"
        )


# ------------------------------------------------------------------------------------------
# Pædagogisk plan (leverandør; the myndighed reads it too) with the goal tree
# ------------------------------------------------------------------------------------------


class DelmaalOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    indsatsmaal = serializers.UUIDField(source="indsatsmaal.uuid")
    titel = serializers.CharField()
    borgers_ord = serializers.CharField()
    metoder = serializers.ListField(child=serializers.ChoiceField(choices=Metode.choices))
    aktiviteter = serializers.CharField()
    status = serializers.ChoiceField(choices=Delmaal.Status.choices)


class PlanIndsatsmaalSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    undertema = KodeRefSerializer()
    beskrivelse = serializers.CharField()
    status = serializers.ChoiceField(choices=Indsatsmaal.Status.choices)
    opfoelgning_on = serializers.DateField()


class PaedagogiskPlanOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    bestilling = serializers.UUIDField(source="bestilling.uuid")
    borger = serializers.UUIDField(source="bestilling.sag.borger.uuid")
    udarbejdet = serializers.CharField()
    borgers_ord = serializers.CharField()
    tilgang = serializers.CharField()
    revideret_on = serializers.DateField(allow_null=True)
    indsatsmaal = PlanIndsatsmaalSerializer(many=True, source="bestilling.indsatsmaal.all")
    delmaal = DelmaalOutputSerializer(many=True, source="delmaal.all")


def paedagogiske_planer_visible(user: User) -> QuerySet[PaedagogiskPlan]:
    if getattr(user, "rolle", None) not in STAFF_PLAN_ROLLER:
        return PaedagogiskPlan.objects.none()
    maal = Indsatsmaal.objects.select_related("undertema").order_by("raekkefoelge", "id")
    delmaal = Delmaal.objects.select_related("indsatsmaal").order_by("raekkefoelge", "id")
    return (
        PaedagogiskPlan.objects.filter(
            bestilling__in=Bestilling.objects.visible_to(user).values("pk")
        )
        .select_related("bestilling__sag__borger")
        .prefetch_related(
            Prefetch("bestilling__indsatsmaal", queryset=maal),
            Prefetch("delmaal", queryset=delmaal),
        )
    )


class _PlanQuery:
    required_scope: str | None = Scope.PLANER_READ
    roller: frozenset[str] | None = STAFF_PLAN_ROLLER
    serializer_class = PaedagogiskPlanOutputSerializer

    def get_queryset(self) -> QuerySet[PaedagogiskPlan]:
        return paedagogiske_planer_visible(self.request.user)  # type: ignore[attr-defined]


@extend_schema_view(
    get=extend_schema(
        operation_id="paedagogiske_planer_list",
        summary="Pædagogiske planer med mål",
        tags=["planer"],
    )
)
class PaedagogiskPlanListApi(_PlanQuery, ApiListView):
    pass


@extend_schema_view(
    get=extend_schema(
        operation_id="paedagogiske_planer_retrieve",
        summary="Én pædagogisk plan med mål",
        tags=["planer"],
    )
)
class PaedagogiskPlanDetailApi(_PlanQuery, ApiRetrieveView):
    def log_access(self, obj: PaedagogiskPlan) -> None:
        sag = obj.bestilling.sag
        self.log_view(
            borger=sag.borger, sag=sag, formaal="Visning af den pædagogiske plan i et fagsystem"
        )


class DelmaalCreateApi(_PlanQuery, ApiView):
    required_scope: str | None = Scope.PLANER_WRITE

    @extend_schema_serializer(component_name="DelmaalCreateInput")
    class InputSerializer(serializers.Serializer):
        indsatsmaal = UuidField(help_text="Et af bestillingens indsatsmål.")
        titel = serializers.CharField(max_length=200)
        borgers_ord = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=5000
        )
        metoder = serializers.ListField(
            child=serializers.ChoiceField(choices=Metode.choices),
            required=False,
            default=list,
            max_length=len(Metode.values),
        )
        aktiviteter = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=5000
        )

    @extend_schema(
        operation_id="delmaal_create",
        summary="Opret et delmål i en pædagogisk plan (leverandør)",
        tags=["planer"],
        request=InputSerializer,
        responses={201: DelmaalOutputSerializer},
    )
    def post(self, request: Request, uuid: str) -> Response:
        plan = get_object_or_404(self.get_queryset(), uuid=uuid)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v: dict[str, Any] = data.validated_data
        # The goal it points at must be one the caller may see (404 otherwise); the service
        # checks that it belongs to this plan's bestilling.
        indsatsmaal = get_object_or_404(
            Indsatsmaal.objects.filter(
                bestilling__in=Bestilling.objects.visible_to(self.user).values("pk")
            ),
            uuid=v["indsatsmaal"],
        )
        delmaal = delmaal_create(
            plan=plan,
            indsatsmaal=indsatsmaal,
            titel=v["titel"],
            borgers_ord=v["borgers_ord"],
            metoder=v["metoder"],
            aktiviteter=v["aktiviteter"],
            actor=self.user,
        )
        delmaal = Delmaal.objects.select_related("indsatsmaal").get(pk=delmaal.pk)
        return Response(DelmaalOutputSerializer(delmaal).data, status=status.HTTP_201_CREATED)

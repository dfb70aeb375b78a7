"""Visits: list, create and update for the leverandør's own staff, through levering's services.

A visit points at a bestilling, a staff member, delmål and codes. Each is looked up through the
access functions first: a bestilling the caller does not serve is 404 (as if it did not exist),
a staff member outside the bestilling's leverandør likewise; the service then applies the rules
(own visits only unless leader, an active assignment on the day, no overlaps …).

An update loads the visit through levering's access function (`besoeg_get`, as the web form) and
goes through `besoeg_update` with optimistic locking on `version`. A visit stays on its
bestilling and with its staff member: the service cannot move it, so an update naming another
bestilling or staff member is refused (404 if the caller may not see that one, else 400) rather
than silently ignored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import django_filters
from django.db.models import QuerySet
from django.http import Http404
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

from bostotte.core.models import LEVERANDOER_ROLLER, User
from bostotte.ffb.models import Kode
from handleplaner.models import Delmaal
from levering.models import Besoeg, BesoegStatus, Kontaktform
from levering.selectors import besoeg_get
from levering.services import besoeg_create, besoeg_update
from visitation.models import Bestilling

from ..fields import UtcDateTimeField, UtcIsoDateTimeFilter, UuidField
from ..models import Scope
from ..pagination import ApiCursorPagination
from .base import ApiListView, ApiView
from .common import BrugerRefSerializer, KodeRefSerializer


class BesoegOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    bestilling = serializers.UUIDField(source="bestilling.uuid")
    borger = serializers.UUIDField(source="sag.borger.uuid")
    medarbejder = BrugerRefSerializer()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    kontaktform = serializers.ChoiceField(choices=Kontaktform.choices)
    planlagt = serializers.BooleanField()
    status = serializers.ChoiceField(choices=BesoegStatus.choices)
    note = serializers.CharField()
    note_undertema = KodeRefSerializer(allow_null=True)
    ydelser = KodeRefSerializer(many=True, source="ydelser.all")
    delmaal = serializers.SerializerMethodField()
    version = serializers.IntegerField()

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_delmaal(self, obj: Besoeg) -> list[str]:
        return [str(d.uuid) for d in obj.delmaal.all()]


class BesoegFilter(django_filters.FilterSet):
    bestilling = django_filters.UUIDFilter(field_name="bestilling__uuid")
    fra = UtcIsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")
    til = UtcIsoDateTimeFilter(field_name="starts_at", lookup_expr="lt")
    status = django_filters.ChoiceFilter(choices=BesoegStatus.choices)

    class Meta:
        model = Besoeg
        fields = ["bestilling", "fra", "til", "status"]


class BesoegPagination(ApiCursorPagination):
    ordering = ("-starts_at", "-id")


def besoeg_visible(user: User) -> QuerySet[Besoeg]:
    return (
        Besoeg.objects.filter(bestilling__in=Bestilling.objects.visible_to(user).values("pk"))
        .select_related("bestilling", "sag__borger", "medarbejder", "note_undertema")
        .prefetch_related("ydelser", "delmaal")
    )


@dataclass
class Refs:
    delmaal: list[Delmaal]
    ydelser: list[Kode]
    note_undertema: Kode | None


def resolve_refs(*, bestilling: Bestilling, v: dict[str, Any]) -> Refs:
    """Delmål (on the bestilling's own plan), ydelser and the note's undertema, by uuid/code.
    Unknown or foreign references are field errors (400), all reported at once."""
    delmaal = list(
        Delmaal.objects.filter(plan__bestilling=bestilling, uuid__in=v["delmaal"]).select_related(
            "plan"
        )
    )
    errors: dict[str, list[str]] = {}
    if len(delmaal) != len(set(v["delmaal"])):
        errors["delmaal"] = ["Delmålene skal høre til borgerens pædagogiske plan."]
    ydelser = list(Kode.objects.ydelser().filter(code__in=v["ydelser"]))
    if len(ydelser) != len(set(v["ydelser"])):
        errors["ydelser"] = [
            "Ukendt ydelseskode (brug koderne fra /api/v1/ffb/koder/?gruppe=ydelse)."
        ]
    note_undertema = None
    if v["note_undertema"]:
        note_undertema = Kode.objects.undertemaer().filter(code=v["note_undertema"]).first()
        if note_undertema is None:
            errors["note_undertema"] = ["Ukendt undertema-kode."]
    if errors:
        raise serializers.ValidationError(errors)
    return Refs(delmaal=delmaal, ydelser=ydelser, note_undertema=note_undertema)


def leverandoer_staff_get(*, bestilling: Bestilling, uuid: UUID) -> User:
    """A staff member of the bestilling's leverandør (404 for anybody else)."""
    return get_object_or_404(  # type: ignore[no-any-return]
        User.objects.filter(
            medarbejder__leverandoer_team__leverandoer_id=bestilling.leverandoer_id
        ),
        uuid=uuid,
    )


@extend_schema_view(
    get=extend_schema(operation_id="besoeg_list", summary="Besøg (leverandør)", tags=["besøg"])
)
class BesoegListApi(ApiListView):
    required_scope: str | None = Scope.BESOEG_READ
    roller: frozenset[str] | None = LEVERANDOER_ROLLER
    serializer_class = BesoegOutputSerializer
    filterset_class = BesoegFilter
    pagination_class = BesoegPagination

    def get_queryset(self) -> QuerySet[Besoeg]:
        return besoeg_visible(self.request.user)


class BesoegCreateApi(ApiView):
    required_scope: str | None = Scope.BESOEG_WRITE
    roller: frozenset[str] | None = LEVERANDOER_ROLLER

    @extend_schema_serializer(component_name="BesoegCreateInput")
    class InputSerializer(serializers.Serializer):
        bestilling = UuidField()
        medarbejder = UuidField(
            required=False,
            help_text="Bostøtten, der var på besøg. Standard: kalderen (lederen kan angive en medarbejder).",
        )
        starts_at = UtcDateTimeField()
        ends_at = UtcDateTimeField()
        kontaktform = serializers.ChoiceField(
            choices=[c for c in Kontaktform.choices if c[0] != Kontaktform.GRUPPE]
        )
        status = serializers.ChoiceField(
            choices=BesoegStatus.choices, default=BesoegStatus.GENNEMFOERT
        )
        planlagt = serializers.BooleanField(default=True)
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
        note_undertema = serializers.CharField(
            required=False,
            allow_null=True,
            default=None,
            max_length=64,
            help_text="FFB-undertemaets kode.",
        )
        ydelser = serializers.ListField(
            child=serializers.CharField(max_length=64), required=False, default=list, max_length=20
        )
        delmaal = serializers.ListField(
            child=UuidField(), required=False, default=list, max_length=50
        )

    @extend_schema(
        operation_id="besoeg_create",
        summary="Registrér et besøg (leverandør)",
        tags=["besøg"],
        request=InputSerializer,
        responses={201: BesoegOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v: dict[str, Any] = data.validated_data
        bestilling = get_object_or_404(
            Bestilling.objects.visible_to(self.user), uuid=v["bestilling"]
        )
        medarbejder = self.user
        if v.get("medarbejder") and v["medarbejder"] != self.user.uuid:
            medarbejder = leverandoer_staff_get(bestilling=bestilling, uuid=v["medarbejder"])
        refs = resolve_refs(bestilling=bestilling, v=v)
        besoeg = besoeg_create(
            bestilling=bestilling,
            medarbejder=medarbejder,
            starts_at=v["starts_at"],
            ends_at=v["ends_at"],
            kontaktform=v["kontaktform"],
            planlagt=v["planlagt"],
            status=v["status"],
            delmaal=refs.delmaal,
            ydelser=refs.ydelser,
            note=v["note"],
            note_undertema=refs.note_undertema,
            actor=self.user,
        )
        return Response(
            BesoegOutputSerializer(besoeg_visible(self.user).get(pk=besoeg.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class BesoegUpdateApi(ApiView):
    """PUT replaces what the service lets you change (omitted optional fields become empty, as
    on create); PATCH changes only the fields sent. Both need the `version` you saw."""

    required_scope: str | None = Scope.BESOEG_WRITE
    roller: frozenset[str] | None = LEVERANDOER_ROLLER

    @extend_schema_serializer(component_name="BesoegUpdateInput")
    class InputSerializer(serializers.Serializer):
        version = serializers.IntegerField(
            min_value=1, help_text="Besøgets version, som du har set (optimistisk låsning)."
        )
        bestilling = UuidField(
            required=False,
            help_text="Kan ikke ændres. Sendes den, skal det være besøgets egen bestilling.",
        )
        medarbejder = UuidField(
            required=False,
            help_text="Kan ikke ændres. Sendes den, skal det være besøgets egen medarbejder.",
        )
        starts_at = UtcDateTimeField()
        ends_at = UtcDateTimeField()
        kontaktform = serializers.ChoiceField(choices=Kontaktform.choices)
        status = serializers.ChoiceField(choices=BesoegStatus.choices)
        planlagt = serializers.BooleanField(required=False)
        note = serializers.CharField(required=False, allow_blank=True, max_length=5000)
        note_undertema = serializers.CharField(
            required=False, allow_null=True, max_length=64, help_text="FFB-undertemaets kode."
        )
        ydelser = serializers.ListField(
            child=serializers.CharField(max_length=64), required=False, max_length=20
        )
        delmaal = serializers.ListField(child=UuidField(), required=False, max_length=50)

    @extend_schema_serializer(component_name="BesoegPatchInput")
    class PatchInputSerializer(InputSerializer):
        required_on_patch = ("version",)  # for the schema (bostotte/api/schema.py)
        starts_at = UtcDateTimeField(required=False)
        ends_at = UtcDateTimeField(required=False)
        kontaktform = serializers.ChoiceField(choices=Kontaktform.choices, required=False)
        status = serializers.ChoiceField(choices=BesoegStatus.choices, required=False)

    @extend_schema(
        operation_id="besoeg_update",
        summary="Ret et besøg (alle felter)",
        tags=["besøg"],
        request=InputSerializer,
        responses=BesoegOutputSerializer,
    )
    def put(self, request: Request, uuid: str) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.update(uuid, data.validated_data, partial=False)

    @extend_schema(
        operation_id="besoeg_partial_update",
        summary="Ret et besøg (kun de sendte felter)",
        tags=["besøg"],
        request=PatchInputSerializer,
        responses=BesoegOutputSerializer,
    )
    def patch(self, request: Request, uuid: str) -> Response:
        data = self.PatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.update(uuid, data.validated_data, partial=True)

    def update(self, uuid: str, v: dict[str, Any], *, partial: bool) -> Response:
        try:
            besoeg_uuid = UUID(uuid)
        except ValueError as exc:
            raise Http404 from exc
        besoeg = besoeg_get(user=self.user, uuid=besoeg_uuid)
        bestilling = besoeg.bestilling
        errors: dict[str, list[str]] = {}
        if "bestilling" in v:
            other = get_object_or_404(
                Bestilling.objects.visible_to(self.user), uuid=v["bestilling"]
            )
            if other.pk != bestilling.pk:
                errors["bestilling"] = [
                    "Et besøg kan ikke flyttes til en anden bestilling. Sæt det til aflyst, "
                    "og registrér et nyt besøg på den rigtige bestilling."
                ]
        if "medarbejder" in v:
            other_user = leverandoer_staff_get(bestilling=bestilling, uuid=v["medarbejder"])
            if other_user.pk != besoeg.medarbejder_id:
                errors["medarbejder"] = [
                    "Et besøg kan ikke flyttes til en anden medarbejder. Sæt det til aflyst, "
                    "og registrér et nyt besøg for den rigtige medarbejder."
                ]
        if errors:
            raise serializers.ValidationError(errors)
        if partial:
            # Unsent fields keep their current value (references as uuids/codes, resolved below).
            current: dict[str, Any] = {
                "starts_at": besoeg.starts_at,
                "ends_at": besoeg.ends_at,
                "kontaktform": besoeg.kontaktform,
                "status": besoeg.status,
                "note": besoeg.note,
                "note_undertema": besoeg.note_undertema.code if besoeg.note_undertema else None,
                "ydelser": [k.code for k in besoeg.ydelser.all()],
                "delmaal": [d.uuid for d in besoeg.delmaal.all()],
            }
            v = {**current, **v}
        else:
            v = {"note": "", "note_undertema": None, "ydelser": [], "delmaal": [], **v}
        refs = resolve_refs(bestilling=bestilling, v=v)
        besoeg = besoeg_update(
            besoeg=besoeg,
            version=v["version"],
            starts_at=v["starts_at"],
            ends_at=v["ends_at"],
            kontaktform=v["kontaktform"],
            status=v["status"],
            planlagt=v.get("planlagt"),
            delmaal=refs.delmaal,
            ydelser=refs.ydelser,
            note=v["note"],
            note_undertema=refs.note_undertema,
            actor=self.user,
        )
        return Response(BesoegOutputSerializer(besoeg_visible(self.user).get(pk=besoeg.pk)).data)

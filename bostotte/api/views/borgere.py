"""Citizens (read). CPR only to the myndighed's own systems with scope cpr:read."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request

from bostotte.core.models import MYNDIGHED_ROLLER, Borger

from ..models import Scope
from ..permissions import request_klient
from .base import ApiListView, ApiRetrieveView


def may_see_cpr(request: Request) -> bool:
    """CPR in responses: the caller acts for the myndighed, as a kommune's own system holding
    scope cpr:read. Never for leverandører, citizens or session calls from the web app."""
    klient = request_klient(request)
    return (
        klient is not None
        and getattr(request.user, "rolle", None) in MYNDIGHED_ROLLER
        and klient.kommune_id is not None
        and klient.has_scope(Scope.CPR_READ)
    )


class BorgerOutputSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    fornavn = serializers.CharField()
    efternavn = serializers.CharField()
    foedselsdato = serializers.DateField()
    koen = serializers.CharField()
    adresse = serializers.CharField()
    postnummer = serializers.CharField()
    by = serializers.CharField()
    telefon = serializers.CharField()
    email = serializers.CharField()
    kommunenummer = serializers.CharField(source="kommune.kommunenummer")
    cpr = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.CharField(
            allow_null=True, help_text="Kun med scope cpr:read (myndighed); ellers null."
        )
    )
    def get_cpr(self, borger: Borger) -> str | None:
        return borger.cpr if self.context.get("vis_cpr") else None


class _BorgerQuery:
    required_scope: str | None = Scope.BORGERE_READ
    serializer_class = BorgerOutputSerializer

    def get_queryset(self) -> QuerySet[Borger]:
        return Borger.objects.visible_to(self.request.user).select_related("kommune")  # type: ignore[attr-defined]

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "vis_cpr": may_see_cpr(self.request)}  # type: ignore[misc,attr-defined]


@extend_schema_view(
    get=extend_schema(
        operation_id="borgere_list",
        summary="Borgere, som kalderen har adgang til",
        tags=["borgere"],
    )
)
class BorgerListApi(_BorgerQuery, ApiListView):
    pass


@extend_schema_view(
    get=extend_schema(operation_id="borgere_retrieve", summary="Én borger", tags=["borgere"])
)
class BorgerDetailApi(_BorgerQuery, ApiRetrieveView):
    def log_access(self, obj: Borger) -> None:
        self.log_view(borger=obj, formaal="Visning af borgerens stamoplysninger i et fagsystem")

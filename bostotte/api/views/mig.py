"""Who am I: the caller's user, role and (for API clients) the client's organisation and scopes."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from ..permissions import request_klient
from .base import ApiView


class MigOutputSerializer(serializers.Serializer):
    class KlientSerializer(serializers.Serializer):
        uuid = serializers.UUIDField()
        navn = serializers.CharField()
        organisation = serializers.CharField()
        scopes = serializers.ListField(child=serializers.CharField())
        expires_at = serializers.DateTimeField(allow_null=True)

    bruger = serializers.UUIDField()
    navn = serializers.CharField()
    rolle = serializers.CharField()
    klient = KlientSerializer(allow_null=True)


class MigApi(ApiView):
    @extend_schema(
        operation_id="mig_retrieve",
        summary="Hvem er jeg",
        tags=["mig"],
        responses=MigOutputSerializer,
    )
    def get(self, request: Request) -> Response:
        klient = request_klient(request)
        data = {
            "bruger": request.user.uuid,
            "navn": request.user.visningsnavn,
            "rolle": request.user.rolle,
            "klient": None
            if klient is None
            else {
                "uuid": klient.uuid,
                "navn": klient.navn,
                "organisation": str(klient.organisation),
                "scopes": klient.scopes,
                "expires_at": klient.expires_at,
            },
        }
        return Response(MigOutputSerializer(data).data)

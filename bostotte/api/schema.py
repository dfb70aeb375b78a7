"""OpenAPI: only the versioned API is described, and every operation documents the error shape."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

VERSIONED = re.compile(r"^/api/v[0-9]+/")


def only_versioned_api(
    endpoints: list[tuple[str, str, str, Any]], **kwargs: Any
) -> list[tuple[str, str, str, Any]]:
    """drf-spectacular preprocessing hook: describe /api/v<n>/ only (not schema/docs views)."""
    return [e for e in endpoints if VERSIONED.match(e[0])]


class FejlIndholdSerializer(serializers.Serializer):
    kode = serializers.CharField(
        help_text="Stabil kode, fx 'ikke_fundet', 'ugyldige_data', 'mangler_scope'."
    )
    besked = serializers.CharField(help_text="Dansk besked, der kan vises til en bruger.")
    detaljer = serializers.DictField(
        child=serializers.JSONField(),
        help_text='Fejl pr. felt: {"felt": ["besked", …]}; ellers tom.',
    )


class FejlSerializer(serializers.Serializer):
    fejl = FejlIndholdSerializer()


ERRORS_ALL = {
    "401": "Ikke logget ind, eller ugyldig nøgle eller token.",
    "403": "Mangler adgang (scope eller handling).",
    "404": "Ikke fundet – eller uden for din adgang.",
    "429": "For mange kald.",
}
ERRORS_WRITE = {
    "400": "Ugyldige data eller en regel, der siger nej.",
    "409": "Konflikt: en anden har ændret objektet.",
    "413": "Forespørgslen er for stor.",
    "415": "Ukendt medietype.",
}
ERRORS_LIST = {"400": "Ugyldige filtre."}


class ApiAutoSchema(AutoSchema):
    def _get_parameters(self) -> list[dict[str, Any]]:
        """Query parameters are never empty (the views refuse ?x= with a 400): say so."""
        parameters: list[dict[str, Any]] = super()._get_parameters()
        for p in parameters:
            schema = p.get("schema", {})
            if p.get("in") == "query" and schema.get("type") == "string" and "enum" not in schema:
                schema.setdefault("minLength", 1)
        return parameters

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        """drf-spectacular treats every PATCH body as partial (nothing required). A PATCH input
        serializer lists in `required_on_patch` what it still needs (e.g. `version`)."""
        schema: dict[str, Any] = super()._map_basic_serializer(serializer, direction)  # type: ignore[arg-type]
        keep = [
            f for f in getattr(serializer, "required_on_patch", ()) if f in schema["properties"]
        ]
        if keep and direction == "request":
            schema["required"] = sorted({*schema.get("required", []), *keep})
        return schema

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)  # type: ignore[arg-type]
        extra = dict(ERRORS_ALL)
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            extra.update(ERRORS_WRITE)
        else:
            extra.update(ERRORS_LIST)
        for code, description in extra.items():
            if code not in responses:
                response = self._get_response_for_code(FejlSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses

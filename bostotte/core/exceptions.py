"""One exception family for rule violations, rendered alike in HTML and in the API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A business rule said no. `message` is Danish and shown to the user as is."""

    code = "fejl"

    def __init__(self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.extra = extra or {}


class ConflictError(ApplicationError):
    """Somebody else saved the same thing first (optimistic locking)."""

    code = "konflikt"


class NotAllowedError(ApplicationError):
    """A forbidden action on something the user may see (403, not 404)."""

    code = "ikke_tilladt"


def drf_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Map our errors and Django's ValidationError to one JSON shape:
    {"fejl": {"kode": ..., "besked": ..., "detaljer": {...}}}."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"ikke_felt": exc.messages}
        exc = drf_exceptions.ValidationError(detail=detail)
    if isinstance(exc, ApplicationError):
        status = 409 if isinstance(exc, ConflictError) else 403 if isinstance(exc, NotAllowedError) else 400
        return Response({"fejl": {"kode": exc.code, "besked": exc.message, "detaljer": exc.extra}}, status=status)
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound("Ikke fundet.")
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, drf_exceptions.APIException):
        codes = exc.get_codes()
        kode = codes if isinstance(codes, str) else "ugyldige_data"
        besked = exc.detail if isinstance(exc.detail, str) else "Oplysningerne er ikke gyldige."
        detaljer = exc.detail if not isinstance(exc.detail, str) else {}
        response.data = {"fejl": {"kode": kode, "besked": str(besked), "detaljer": detaljer}}
    return response

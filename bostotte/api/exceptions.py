"""The API's error shape, on top of core's drf_exception_handler:

    {"fejl": {"kode": "<stabil kode>", "besked": "<dansk tekst>", "detaljer": {...}}}

Core maps our ApplicationError family and Django's ValidationError; here DRF's English codes
become stable Danish ones, the message is Danish, and field errors always sit in `detaljer` as
{"<felt>": ["<besked>", ...]} (non-field errors under "ikke_felt")."""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions, status
from rest_framework.response import Response

from bostotte.core.exceptions import drf_exception_handler

# DRF code -> (our code, Danish message). Codes are API contract: never change a value.
KODER: dict[str, tuple[str, str]] = {
    "not_authenticated": (
        "ikke_logget_ind",
        "Log ind eller send en API-nøgle (Authorization: Bearer …).",
    ),
    "authentication_failed": ("ugyldig_noegle", "Nøglen er ugyldig, udløbet eller tilbagekaldt."),
    "permission_denied": ("ingen_adgang", "Du har ikke adgang til denne handling."),
    "mangler_scope": ("mangler_scope", "API-klienten har ikke adgang til denne operation."),
    "not_found": ("ikke_fundet", "Ikke fundet."),
    "method_not_allowed": ("metode_ikke_tilladt", "Metoden er ikke tilladt her."),
    "not_acceptable": ("ikke_acceptabel", "Svaret kan kun leveres som JSON."),
    "unsupported_media_type": ("ukendt_medietype", "Send data som application/json."),
    "parse_error": ("ugyldig_json", "Data kunne ikke læses. Send gyldig JSON."),
    "throttled": ("for_mange_kald", "For mange kald. Vent lidt, og prøv igen."),
}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Forespørgslen er for stor."
    default_code = "for_stor"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(response.data, dict) or "fejl" not in response.data:
        return response
    fejl = response.data["fejl"]
    mapped = KODER.get(fejl.get("kode", ""))
    if mapped is not None:
        fejl["kode"], fejl["besked"] = mapped
        if isinstance(exc, exceptions.Throttled) and exc.wait:
            fejl["besked"] = f"For mange kald. Prøv igen om {int(exc.wait) + 1} sekunder."
    detaljer = fejl.get("detaljer")
    if isinstance(detaljer, list):
        fejl["detaljer"] = {"ikke_felt": [str(d) for d in detaljer]}
    elif not isinstance(detaljer, dict):
        fejl["detaljer"] = {}
    else:
        fejl["detaljer"] = {k: _flatten(v) for k, v in detaljer.items()}
    return response


def _flatten(value: Any) -> Any:
    if isinstance(value, list):
        return [str(v) if not isinstance(v, dict | list) else v for v in value]
    if isinstance(value, dict):
        return {k: _flatten(v) for k, v in value.items()}
    return [str(value)]

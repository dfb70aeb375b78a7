"""Schema and documentation pages. Swagger UI comes from drf-spectacular-sidecar's static files
(no CDN) and the split view serves its init script as a separate file, so our CSP
(script-src 'self' + nonce, style-src 'self') holds."""

from __future__ import annotations

from typing import Any

from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from ..exceptions import api_exception_handler
from .base import ApiMixin, ApiView


class SchemaApi(SpectacularAPIView):
    authentication_classes = ApiMixin.authentication_classes
    permission_classes = [permissions.IsAuthenticated]

    def get_exception_handler(self) -> Any:
        return api_exception_handler


class DocsView(SpectacularSwaggerSplitView):
    authentication_classes = ApiMixin.authentication_classes
    permission_classes = [permissions.IsAuthenticated]
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"
    title = "Bostøtte API"

    def get_exception_handler(self) -> Any:
        return api_exception_handler


class NotFoundApi(ApiView):
    """Everything under /api/v1/ that is no endpoint: the JSON 404 (not Django's HTML page)."""

    schema = None  # type: ignore[assignment]

    def _not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise NotFound

    get = post = put = patch = delete = _not_found

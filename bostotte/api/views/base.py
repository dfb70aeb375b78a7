"""The base of every API view: authentication, scopes, roles, rate limits, body limit, errors.

Views are thin (STYLE.md §6): one class per operation with nested Input/Output serializers,
querysets from the access functions (`visible_to`), writes through the apps' services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import authentication, generics, parsers, permissions, renderers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bostotte.core.models import AccessLog, Borger, Sag, User
from bostotte.core.services.accesslog import accesslog_record

from ..authentication import ApiKlientAuthentication, StaffOidcAuthentication
from ..exceptions import PayloadTooLarge, api_exception_handler
from ..pagination import ApiCursorPagination
from ..permissions import HasRole, HasScope, request_klient
from ..schema import ApiAutoSchema
from ..throttling import ApiKlientRateThrottle


class ApiMixin:
    authentication_classes = [
        ApiKlientAuthentication,
        StaffOidcAuthentication,
        authentication.SessionAuthentication,
    ]
    permission_classes = [permissions.IsAuthenticated, HasScope, HasRole]
    throttle_classes = [ApiKlientRateThrottle]
    parser_classes = [parsers.JSONParser, parsers.FormParser]
    renderer_classes = [renderers.JSONRenderer]  # no browsable API (inline scripts, CSP)
    schema = ApiAutoSchema()
    required_scope: str | None = None
    roller: frozenset[str] | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # Refuse oversized bodies before anything is read or parsed.
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            raise PayloadTooLarge(
                f"Forespørgslen er for stor (højst {settings.API_MAX_BODY_BYTES} bytes)."
            )
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        # An empty filter (?sag=) is a mistake, not "no filter" (django-filter would ignore it).
        empty = sorted({k for k, v in request.query_params.lists() if any(x == "" for x in v)})
        if empty:
            raise ValidationError({k: ["Værdien må ikke være tom."] for k in empty})

    def get_exception_handler(self) -> Any:
        return api_exception_handler

    @property
    def user(self) -> User:
        return self.request.user  # type: ignore[attr-defined,no-any-return]

    def log_view(self, *, borger: Borger, formaal: str, sag: Sag | None = None) -> None:
        """One AccessLog row for a detail response with a citizen's data."""
        klient = request_klient(self.request)  # type: ignore[attr-defined]
        kilde = f" (API-klient {klient.navn})" if klient else " (API)"
        accesslog_record(
            actor=self.user,
            borger=borger,
            sag=sag,
            art=AccessLog.Art.VISNING,
            formaal=f"{formaal}{kilde}",
            view_name=self.request.resolver_match.view_name,  # type: ignore[attr-defined]
        )


class ApiView(ApiMixin, APIView):
    pass


class ApiListView(ApiMixin, generics.ListAPIView):  # type: ignore[type-arg]
    """Lists: the access function in get_queryset(), filters on top, cursor pagination."""

    pagination_class = ApiCursorPagination
    filter_backends = [DjangoFilterBackend]


class ApiRetrieveView(ApiMixin, generics.RetrieveAPIView):  # type: ignore[type-arg]
    """get_object() runs the lookup inside get_queryset() (the access function): outside the
    scope is 404, like a missing object. `log_access` writes the AccessLog row."""

    lookup_field = "uuid"

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        self.log_access(obj)
        return Response(self.get_serializer(obj).data)

    def log_access(self, obj: Any) -> None:
        """Detail views showing a citizen's data override this and call log_view()."""

"""Scopes: what an API client may do, operation by operation. Session users (the web app) are
not limited by scopes; for everybody the access functions decide *which* objects."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from rest_framework import permissions
from rest_framework.request import Request

from .models import ApiKlient


def request_klient(request: Request) -> ApiKlient | None:
    return request.auth if isinstance(request.auth, ApiKlient) else None


class HasScope(permissions.BasePermission):
    """The view names its operation in `required_scope` (None: any authenticated caller)."""

    message = "API-klienten har ikke adgang til denne operation."
    code = "mangler_scope"

    def has_permission(self, request: Request, view: Any) -> bool:
        scope = getattr(view, "required_scope", None)
        klient = request_klient(request)
        if klient is None or scope is None:
            return True
        return klient.has_scope(scope)


class HasRole(permissions.BasePermission):
    """The view names the roles whose work it serves in `roller` (None: all). Others get 404,
    as for pages that are not theirs: the endpoint exists, but nothing in it is theirs."""

    def has_permission(self, request: Request, view: Any) -> bool:
        roller = getattr(view, "roller", None)
        if roller is None:
            return True
        if getattr(request.user, "rolle", None) in roller:
            return True
        raise Http404

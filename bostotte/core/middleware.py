from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pghistory.middleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .logging import request_id_var

Handler = Callable[[HttpRequest], HttpResponse]

SESSION_LOGIN_AT = "bostotte_login_at"
SESSION_RENEWED_AT = "bostotte_renewed_at"


class RequestIdMiddleware:
    """A request id for logs, AccessLog rows and history context (X-Request-ID if a proxy sets one)."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = (
            incoming
            if incoming and len(incoming) <= 64 and incoming.isascii()
            else uuid.uuid4().hex
        )
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id_var.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = rid
        return response


class SessionTimeoutMiddleware:
    """Idle and absolute session lifetime.

    Idle: the session row's expiry (SESSION_COOKIE_AGE) is pushed forward when the session has
    not been renewed for SESSION_RENEW_SECONDS, not on every request (SESSION_SAVE_EVERY_REQUEST
    would write the session row on every page view; issue 10). The idle timeout is therefore
    between SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after the last
    request. Absolute: logged out SESSION_ABSOLUTE_TIMEOUT after login whatever the activity. A
    disabled user is logged out on their next request (AuthenticationMiddleware)."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session = request.session
            login_at = session.get(SESSION_LOGIN_AT)
            now = time.time()
            if login_at is None:
                session[SESSION_LOGIN_AT] = now
            elif now - float(login_at) > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    _("Du er blevet logget ud, fordi din session var udløbet. Log ind igen."),
                )
                return redirect(settings.LOGIN_URL)
            renewed_at = session.get(SESSION_RENEWED_AT)
            if (
                renewed_at is None
                or not 0 <= now - float(renewed_at) < settings.SESSION_RENEW_SECONDS
            ):
                session[SESSION_RENEWED_AT] = (
                    now  # marks the session modified: saved with a new expiry
                )
        return self.get_response(request)


class NoStoreMiddleware:
    """Pages for logged-in users must not be kept by browsers or proxies."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


class BostotteHistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """History context for every change made in a request: user, role, request id, path."""

    def get_context(self, request: HttpRequest) -> dict[str, object]:
        context = super().get_context(request)
        user = getattr(request, "user", None)
        context["request_id"] = getattr(request, "request_id", "")
        if user is not None and user.is_authenticated:
            context["rolle"] = user.rolle
        return context

"""NemLog-in (OIOSAML 3) through djangosaml2: the backend and the ACS view."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from bostotte.core.models import Rolle, User

from .identity import (
    SESSION_FEJL,
    Borgeridentitet,
    LoginAfvist,
    borger_login_resolve,
    loa_normalise,
)

BACKEND_PATH = "portal.auth.saml.BorgerSaml2Backend"


def _first(values: object) -> str:
    if isinstance(values, list | tuple):
        values = values[0] if values else ""
    return str(values or "").strip()


def identitet_from_session_info(session_info: dict[str, Any]) -> Borgeridentitet:
    """pysaml2's session_info → the identity. OIOSAML 3 attribute names by default
    (configurable): CPR `https://data.gov.dk/model/core/eid/cprNumber`, LoA
    `https://data.gov.dk/concept/core/nsis/loa`; the subject is the persistent NameID unless
    PORTAL_SAML_SUBJECT_ATTRIBUTE names an attribute."""
    ava = session_info.get("ava") or {}
    subject_attr = getattr(settings, "PORTAL_SAML_SUBJECT_ATTRIBUTE", "")
    if subject_attr:
        subject = _first(ava.get(subject_attr))
    else:
        name_id = session_info.get("name_id")
        subject = str(getattr(name_id, "text", name_id) or "").strip()
    return Borgeridentitet(
        issuer=str(session_info.get("issuer") or "").strip(),
        subject=subject,
        cpr=_first(ava.get(settings.PORTAL_SAML_CPR_ATTRIBUTE)),
        loa=loa_normalise(ava.get(settings.PORTAL_SAML_LOA_ATTRIBUTE)),
    )


class BorgerSaml2Backend:
    """Authenticates a citizen from a verified SAML assertion (djangosaml2 has checked the
    signature, audience and validity before this runs)."""

    def authenticate(self, request: HttpRequest | None, session_info: dict[str, Any] | None = None, **kwargs: Any) -> User | None:
        if request is None or session_info is None:
            return None
        try:
            return borger_login_resolve(identitet=identitet_from_session_info(session_info))
        except LoginAfvist as exc:
            request.session[SESSION_FEJL] = exc.kode
            return None

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True, rolle=Rolle.BORGER).first()


def _acs_view_class() -> Any:
    from djangosaml2.views import AssertionConsumerServiceView  # noqa: PLC0415 (only when SAML is on)

    class BorgerACSView(AssertionConsumerServiceView):
        """Authenticates with the citizen backend only, and shows our friendly pages."""

        def authenticate_user(self, request: HttpRequest, session_info: dict[str, Any], *args: Any, **kwargs: Any) -> User:
            user = BorgerSaml2Backend().authenticate(request, session_info=session_info)
            if user is None:
                raise PermissionDenied("Borgeren kunne ikke logges ind.")
            user.backend = BACKEND_PATH  # type: ignore[attr-defined]
            auth.login(request, user, backend=BACKEND_PATH)
            from djangosaml2.views import _set_subject_id  # noqa: PLC0415

            _set_subject_id(request.saml_session, session_info["name_id"])  # type: ignore[attr-defined]
            return user

        def handle_acs_failure(self, request: HttpRequest, exception: Exception | None = None, status: int = 403, **kwargs: Any) -> HttpResponse:
            request.session.setdefault(SESSION_FEJL, "mangler")
            return HttpResponseRedirect(reverse("portal:login-fejl"))

        def custom_redirect(self, user: Any, relay_state: str, session_info: dict[str, Any]) -> str:
            return reverse("portal:forside")

    return BorgerACSView

"""The one interface behind both login providers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bostotte.core import crypto
from bostotte.core.models import Borger, Rolle, User
from bostotte.core.services.users import user_set_rolle

# NSIS assurance levels in order (eIDAS: low, substantial, high).
LOA_ORDER = {"low": 1, "substantial": 2, "high": 3}
SESSION_FEJL = "portal_login_fejl"


class LoginAfvist(Exception):
    """The login was refused. `kode` chooses the friendly page:
    sikringsniveau (LoA too low), ukendt (no such citizen), mangler (the IdP sent too little),
    konflikt (the IdP identity belongs to someone else), spaerret (the login is disabled)."""

    def __init__(self, kode: str) -> None:
        super().__init__(kode)
        self.kode = kode


@dataclass(frozen=True)
class Borgeridentitet:
    issuer: str
    subject: str
    cpr: str
    loa: str  # normalised: "low" | "substantial" | "high" | ""


def loa_normalise(value: object) -> str:
    """'https://data.gov.dk/concept/core/nsis/loa/Substantial', 'Substantial', 'NSIS:High' → lower-case
    level, or '' when unknown. Lists (SAML attribute values) use their first value."""
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    text = str(value or "").strip().rstrip("/")
    for sep in ("/", ":", "#"):
        text = text.rsplit(sep, 1)[-1]
    text = text.lower()
    return text if text in LOA_ORDER else ""


def loa_minimum() -> str:
    return loa_normalise(getattr(settings, "PORTAL_MIN_LOA", "substantial")) or "substantial"


def loa_ok(loa: str) -> bool:
    return LOA_ORDER.get(loa, 0) >= LOA_ORDER[loa_minimum()]


def _username_for(borger: Borger) -> str:
    return f"borger-{borger.uuid.hex[:16]}"


@transaction.atomic
def borger_login_resolve(*, identitet: Borgeridentitet, now: datetime | None = None) -> User:
    """The citizen's portal user for a verified IdP identity, or LoginAfvist.

    1. The assurance level must be at least PORTAL_MIN_LOA (Substantial by default).
    2. The CPR is matched through the blind index (never stored or logged in clear text).
    3. A known (issuer, subject) must belong to the same citizen; a citizen whose login already
       has another subject at the same issuer is refused (konflikt), so a reused account cannot
       take over someone else's portal.
    4. The first login stores (issuer, subject); a citizen without a login gets one (rolle borger).
    """
    now = now or timezone.now()
    if not loa_ok(identitet.loa):
        raise LoginAfvist("sikringsniveau")
    if not identitet.subject or not identitet.issuer or not identitet.cpr:
        raise LoginAfvist("mangler")
    try:
        index = crypto.cpr_blind_index(crypto.cpr_normalise(identitet.cpr))
    except ValidationError as exc:
        raise LoginAfvist("mangler") from exc
    borger = Borger.objects.select_for_update(of=("self",)).filter(cpr_index=index).select_related("user").first()
    if borger is None:
        raise LoginAfvist("ukendt")
    kendt = User.objects.filter(oidc_issuer=identitet.issuer, oidc_subject=identitet.subject).first()
    if kendt is not None and kendt.pk != borger.user_id:
        raise LoginAfvist("konflikt")
    user = borger.user
    with pghistory.context(actor_id=None, reason="borgerportal: første login"):
        if user is None:
            user = User(
                username=_username_for(borger), first_name=borger.fornavn, last_name=borger.efternavn,
                oidc_issuer=identitet.issuer, oidc_subject=identitet.subject,
            )
            user.set_unusable_password()
            user.full_clean(exclude=["password"])
            user.save()
            user_set_rolle(user=user, rolle=Rolle.BORGER, actor=None)
            Borger.objects.filter(pk=borger.pk, user__isnull=True).update(user=user, updated_at=now)
        elif user.rolle != Rolle.BORGER:
            raise LoginAfvist("konflikt")
        elif not user.is_active:
            raise LoginAfvist("spaerret")
        elif (user.oidc_issuer, user.oidc_subject) != (identitet.issuer, identitet.subject):
            if user.oidc_subject and user.oidc_issuer == identitet.issuer:
                raise LoginAfvist("konflikt")
            # First login, or the kommune moved to another IdP (SAML ↔ OIDC broker).
            user.oidc_issuer = identitet.issuer
            user.oidc_subject = identitet.subject
            user.save(update_fields=["oidc_issuer", "oidc_subject"])
    return user

"""Writes for API clients: create (returns the raw token once), revoke, mark as used."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bostotte.core.exceptions import ApplicationError
from bostotte.core.models import LEVERANDOER_ROLLER, MYNDIGHED_ROLLER, Kommune, Leverandoer, User

from .models import ApiKlient, Scope

TOKEN_PREFIX = "bst_"  # noqa: S105 (a marker, not a secret)
PREFIX_LENGTH = 12  # "bst_" + 8 random characters: shown in lists and logs to recognise a key
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _new_token() -> str:
    # 32 random bytes (256 bits); urlsafe so it fits in a header without quoting.
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _service_user_belongs(
    *, user: User, kommune: Kommune | None, leverandoer: Leverandoer | None
) -> bool:
    medarbejder = getattr(user, "medarbejder", None)
    if medarbejder is None or not user.is_active:
        return False
    if leverandoer is not None:
        team = medarbejder.leverandoer_team
        return (
            user.rolle in LEVERANDOER_ROLLER
            and team is not None
            and team.leverandoer_id == leverandoer.pk
        )
    team = medarbejder.myndighed_team
    return (
        kommune is not None
        and user.rolle in MYNDIGHED_ROLLER
        and team is not None
        and team.kommune_id == kommune.pk
    )


@transaction.atomic
def apiklient_create(
    *,
    navn: str,
    service_user: User,
    scopes: list[str],
    kommune: Kommune | None = None,
    leverandoer: Leverandoer | None = None,
    expires_at: datetime | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> tuple[ApiKlient, str]:
    """Create a client and return it with its raw token. The token is not stored and cannot be
    shown again; lost tokens are revoked and a new client is created."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if (kommune is None) == (leverandoer is None):
        errors["organisation"] = _("Vælg enten en kommune eller en leverandør.")
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        errors["scopes"] = _("Ukendte operationer: %(navne)s.") % {"navne": ", ".join(unknown)}
    elif Scope.CPR_READ in scopes and kommune is None:
        errors["scopes"] = _("Kun kommunens egne systemer kan få adgang til CPR-numre.")
    if not errors.get("organisation") and not _service_user_belongs(
        user=service_user, kommune=kommune, leverandoer=leverandoer
    ):
        errors["service_user"] = _(
            "Servicebrugeren skal være en aktiv medarbejder i den valgte organisation med en rolle fra samme side."
        )
    if expires_at is not None and expires_at <= now:
        errors["expires_at"] = _("Udløbstidspunktet skal ligge i fremtiden.")
    if errors:
        raise ValidationError(errors)
    raw = _new_token()
    klient = ApiKlient(
        navn=navn.strip(),
        kommune=kommune,
        leverandoer=leverandoer,
        service_user=service_user,
        scopes=sorted(set(scopes)),
        token_hash=token_hash(raw),
        token_prefix=raw[:PREFIX_LENGTH],
        created_at=now,
        expires_at=expires_at,
        oprettet_af=actor,
    )
    klient.full_clean()
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="API-klient oprettet"):
        klient.save()
    return klient, raw


@transaction.atomic
def apiklient_revoke(
    *, klient: ApiKlient, actor: User | None, now: datetime | None = None
) -> ApiKlient:
    now = now or timezone.now()
    klient = ApiKlient.objects.select_for_update().get(pk=klient.pk)
    if klient.revoked_at is not None:
        raise ApplicationError(
            _("API-klienten er allerede tilbagekaldt."), code="allerede_tilbagekaldt"
        )
    klient.revoked_at = now
    klient.tilbagekaldt_af = actor
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="API-klient tilbagekaldt"):
        klient.save(update_fields=["revoked_at", "tilbagekaldt_af", "updated_at"])
    return klient


def apiklient_touch(*, klient: ApiKlient, now: datetime | None = None) -> bool:
    """Record use, at most once a minute (a conditional UPDATE: no write on most requests, and
    concurrent requests do not race). Returns whether a row was written."""
    now = now or timezone.now()
    if klient.last_used_at is not None and now - klient.last_used_at < LAST_USED_RESOLUTION:
        return False
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    written = ApiKlient.objects.filter(stale, pk=klient.pk).update(last_used_at=now)
    if written:
        klient.last_used_at = now
    return bool(written)

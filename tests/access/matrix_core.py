from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from bostotte.core.services.sag import sag_adgang_give

from .routes import Route


def _give_grant(c: SimpleNamespace) -> None:
    c.grant = sag_adgang_give(
        sag=c.sag_erik, user=c.carl, udloeber_at=timezone.now() + timedelta(days=7), begrundelse="Vikar", actor=c.bo
    )

MYNDIGHED_NORD = {"anna": 200, "anders": 200, "bo": 200}

ROUTES = [
    Route("core:sag-detail", kwargs=lambda c: {"uuid": c.sag_erik.uuid}, ok=MYNDIGHED_NORD, logs_access=True),
    Route("core:borger-detail", kwargs=lambda c: {"uuid": c.erik.uuid}, ok=MYNDIGHED_NORD, logs_access=True),
    Route(
        "core:journal-create",
        kwargs=lambda c: {"uuid": c.sag_erik.uuid},
        method="POST",
        data=lambda c: {"art": "opkald", "emne": "Opkald", "tekst": "Erik ringede."},
        ok={"anna": 302, "anders": 302, "bo": 302},
    ),
    Route(
        "core:journal-correct",
        kwargs=lambda c: {"uuid": c.sag_erik.uuid, "note_uuid": c.sag_erik.journal.first().uuid},
        ok=MYNDIGHED_NORD,
    ),
    Route(
        "core:adgang-give",
        kwargs=lambda c: {"uuid": c.sag_erik.uuid},
        method="POST",
        data=lambda c: {"user": c.carl.pk, "udloeber_on": "2099-01-01", "begrundelse": "Ferie"},
        ok={"bo": 422},  # more than 3 months: refused with a message
        forbidden=frozenset({"anna", "anders"}),
    ),
    Route(
        "core:adgang-revoke",
        setup=_give_grant,
        kwargs=lambda c: {"uuid": c.sag_erik.uuid, "grant_id": c.grant.pk},
        method="POST",
        ok={"bo": 302},
        # Users are tried in CAST_USERS order: bo revokes carl's grant, so carl then gets 404.
        forbidden=frozenset({"anna", "anders"}),
    ),
    Route(
        "core:sag-bevaring",
        kwargs=lambda c: {"uuid": c.sag_erik.uuid},
        method="POST",
        data=lambda c: {"bevares": "1", "grund": "arkiv", "begrundelse": "Skal afleveres til Rigsarkivet"},
        ok={"bo": 302},
        forbidden=frozenset({"anna", "anders"}),
    ),
]

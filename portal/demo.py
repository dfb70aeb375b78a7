"""Demo data for the portal: WHO-5 answers over the last 9 months for about 70 % of the
citizens (mostly improving), a couple of relatives with consent, and a request to move a
planned visit. Uses the portal's services (and levering's visits when they exist).

Reads ctx.now, ctx.rng, ctx.borgere, ctx.sager; adds nothing to ctx."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from .models import WHO5_ITEMS
from .services import (
    besoegsanmodning_create,
    portal_indstillinger_get,
    portal_paaroerende_create,
    trivselsmaaling_create,
)

KEYS = [key for key, _label in WHO5_ITEMS]
RELATIVES = [("Mona", "mor", ["kontakt", "plan"]), ("Jens", "bror", ["kontakt"]), ("Sara", "søster", ["plan", "besoeg", "moeder"])]


def seed(ctx: SimpleNamespace) -> None:
    rng, now = ctx.rng, ctx.now
    settings_row = portal_indstillinger_get()
    if not settings_row.kontakt_telefon:
        settings_row.kontakt_telefon = "70 10 20 30"
        settings_row.kontakt_tekst = "Borgerservice har åbent mandag til fredag kl. 9–15."
        settings_row.save()

    for idx, borger in enumerate(ctx.borgere):
        if rng.random() > 0.7:
            continue
        # Citizens without a portal login answered on paper; the sagsbehandler typed it in.
        user = borger.user or ctx.sager[idx].ansvarlig
        start_level = rng.randint(1, 3)  # average answer at the start (0–5)
        improving = rng.random() < 0.75
        for i, months_ago in enumerate((9, 6, 3, 0)):
            if months_ago == 0 and rng.random() < 0.4:
                break  # some have not answered this quarter yet: the reminder shows
            level = start_level + (i * 0.6 if improving else -i * 0.3)
            answers = {k: max(0, min(5, round(level + rng.uniform(-1, 1)))) for k in KEYS}
            at = now - timedelta(days=months_ago * 30 + rng.randint(0, 10), hours=rng.randint(0, 8))
            trivselsmaaling_create(
                borger=borger, who5=answers, actor=user,
                livstilfredshed=max(0, min(10, round(level * 2 + rng.uniform(-1, 1)))),
                livsmod={"haab": max(1, min(5, round(level))), "tryghed": rng.randint(2, 5)} if rng.random() < 0.6 else None,
                now=at,
            )

    for i, (borger, (navn, relation, omfang)) in enumerate(zip(ctx.borgere[:3], RELATIVES, strict=False)):
        # Given in the portal, or registered by the sagsbehandler when the citizen has no login.
        actor = borger.user or ctx.sager[i].ansvarlig
        portal_paaroerende_create(
            borger=borger, navn=f"{navn} {borger.efternavn}", relation=relation, omfang=omfang, actor=actor,
            telefon=f"2{rng.randint(1000000, 9999999)}", now=now - timedelta(days=rng.randint(20, 200)),
        )

    _one_visit_request(ctx)


def _one_visit_request(ctx: SimpleNamespace) -> None:
    """A planned visit of a citizen with a portal login gets a request to move it."""
    from levering.models import Besoeg  # noqa: PLC0415 (optional: levering may have no visits)

    with_login = [b for b in ctx.borgere if b.user_id]
    visit = (
        Besoeg.objects.filter(sag__borger__in=with_login, status="planlagt", starts_at__gt=ctx.now + timedelta(days=1))
        .select_related("sag__borger")
        .order_by("starts_at", "id")
        .first()
    )
    if visit is None:
        return
    besoegsanmodning_create(
        borger=visit.sag.borger, besoeg=visit, art="flyt", begrundelse="Jeg skal til lægen den dag.",
        oensket_tid="Gerne dagen efter om eftermiddagen", actor=visit.sag.borger.user, now=ctx.now,
    )

"""Letters: the afgørelsesbrev (stored on the Afgoerelse) and the notice of a delayed decision
(RSL § 3, stk. 2). Both through the same PDF machinery (visitation/pdf.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from bostotte.core.queue import enqueue

from ..models import Afgoerelse, Henvendelse, SupplerendeKontakt
from ..pdf import render_pdf
from .afgoerelse import maanedstimer


def afgoerelse_brev_context(afgoerelse: Afgoerelse) -> dict[str, Any]:
    a = afgoerelse
    return {
        "a": a,
        "sag": a.sag,
        "borger": a.borger,
        "ks": a.kvalitetsstandard,
        "kommune_navn": getattr(a.sag.handlekommune, "navn", "") or settings.KOMMUNE_NAVN,
        "ydelser": list(a.ydelser.order_by("path")),
        "maalgruppe": a.maalgruppe,
        "maanedstimer": maanedstimer(a),
        "supplerende": [str(SupplerendeKontakt(k).label) for k in a.supplerende_kontakt if k in SupplerendeKontakt.values],
        "dato": a.truffet_at or timezone.now(),
    }


def afgoerelse_brev_render(*, afgoerelse: Afgoerelse) -> bytes:
    return render_pdf("visitation/pdf/afgoerelsesbrev.html", afgoerelse_brev_context(afgoerelse))


def afgoerelse_brev_generate(*, afgoerelse_id: int, now: datetime | None = None, force: bool = False) -> bool:
    """Render and store the letter of a decision that has been made. Idempotent: a letter that
    exists is kept unless `force`. Returns whether a letter was written."""
    now = now or timezone.now()
    afg = (
        Afgoerelse.objects.select_related("sag", "sag__handlekommune", "sag__ansvarlig", "borger", "kvalitetsstandard", "maalgruppe")
        .filter(pk=afgoerelse_id, status=Afgoerelse.Status.TRUFFET)
        .first()
    )
    if afg is None or (afg.brev and not force):
        return False
    pdf = afgoerelse_brev_render(afgoerelse=afg)
    with transaction.atomic():
        locked = Afgoerelse.objects.select_for_update().get(pk=afg.pk)
        if locked.brev and not force:
            return False
        locked.brev.save(f"afgoerelse-{locked.uuid}.pdf", ContentFile(pdf), save=False)
        locked.brev_dannet_at = now
        locked.save(update_fields=["brev", "brev_dannet_at", "updated_at"])
    return True


# The sweep leaves fresh decisions to their own on-commit task, and does not wake decisions older
# than the window (those are an operator's job: docs/operations.md, "Redis nede").
BREV_SWEEP_GRACE = timedelta(minutes=5)
BREV_SWEEP_WINDOW = timedelta(days=14)
BREV_SWEEP_BATCH = 200


def afgoerelse_brev_sweep(*, now: datetime | None = None) -> int:
    """Enqueue the letter task again for decisions made without a letter (the broker was down
    when they were made, or a worker died mid-render). Safe to overlap with the original task:
    afgoerelse_brev_generate stores at most one letter. Returns the number enqueued; stops at the
    first broker failure (the next sweep tries again)."""
    from ..tasks import afgoerelse_brev_task  # noqa: PLC0415 (tasks import this module)

    now = now or timezone.now()
    ids = list(
        Afgoerelse.objects.filter(
            status=Afgoerelse.Status.TRUFFET, brev="",
            truffet_at__lte=now - BREV_SWEEP_GRACE, truffet_at__gte=now - BREV_SWEEP_WINDOW,
        ).order_by("truffet_at", "pk").values_list("pk", flat=True)[:BREV_SWEEP_BATCH]
    )
    sent = 0
    for pk in ids:
        if not enqueue(afgoerelse_brev_task, pk):
            break
        sent += 1
    return sent


def underretning_context(henvendelse: Henvendelse) -> dict[str, Any]:
    return {
        "h": henvendelse,
        "sag": henvendelse.sag,
        "borger": henvendelse.sag.borger,
        "kommune_navn": getattr(henvendelse.sag.handlekommune, "navn", "") or settings.KOMMUNE_NAVN,
        "dato": henvendelse.underretning_sendt_on,
    }


def underretning_pdf_render(*, henvendelse: Henvendelse) -> bytes:
    return render_pdf("visitation/pdf/underretning.html", underretning_context(henvendelse))

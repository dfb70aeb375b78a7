"""In-app notifications (the inbox) and the e-mail that tells about them."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from bostotte.core.exceptions import NotAllowedError
from bostotte.core.models import Sag, User
from bostotte.core.queue import enqueue, enqueue_on_commit

from ..models import Notifikation, Opgave


def notifikation_create(
    *,
    modtager_id: int,
    titel: str,
    tekst: str = "",
    url: str = "",
    opgave: Opgave | None = None,
    sag: Sag | None = None,
    send_email: bool = True,
    now: datetime | None = None,
) -> Notifikation:
    """Put a message in the user's inbox and, after commit, enqueue the e-mail (ids only)."""
    now = now or timezone.now()
    n = Notifikation(
        modtager_id=modtager_id, opgave=opgave, sag=sag, titel=titel[:200], tekst=tekst, url=url[:300],
        send_email=send_email,
    )
    n.full_clean(exclude=["modtager", "opgave", "sag"])
    n.save()
    if n.send_email:
        from ..tasks import notifikation_email_send_task

        # Broker down: logged, not raised; notifikation_email_sweep sends it later.
        enqueue_on_commit(notifikation_email_send_task, n.pk)
    return n


def notifikation_email_send(*, notifikation_id: int, now: datetime | None = None) -> bool:
    """Send the e-mail for one notification at most once.

    Claims `email_sent_at` with a conditional UPDATE before sending; if sending fails the claim
    is released and the error re-raised (the task retries). A task redelivered after a successful
    send finds the claim taken and does nothing. The mail holds no personal data: the kind of
    task, the case number and a link (login required)."""
    now = now or timezone.now()
    claimed = Notifikation.objects.filter(pk=notifikation_id, send_email=True, email_sent_at__isnull=True).update(email_sent_at=now)
    if not claimed:
        return False
    n = Notifikation.objects.select_related("modtager", "sag").get(pk=notifikation_id)
    if not n.modtager.email or not n.modtager.is_active:
        return False
    context = {"notifikation": n, "link": f"{settings.SITE_URL}{n.url}" if n.url else settings.SITE_URL, "kommune": settings.KOMMUNE_NAVN}
    try:
        send_mail(
            subject=render_to_string("tilsyn/email/notifikation_subject.txt", context).strip(),
            message=render_to_string("tilsyn/email/notifikation_body.txt", context),
            from_email=None,
            recipient_list=[n.modtager.email],
        )
    except Exception:
        Notifikation.objects.filter(pk=notifikation_id).update(email_sent_at=None)
        raise
    return True


# Fresh notifications are left to their own on-commit task; e-mails older than the window are
# not sent any more (the message is still in the inbox).
EMAIL_SWEEP_GRACE = timedelta(minutes=5)
EMAIL_SWEEP_WINDOW = timedelta(days=3)
EMAIL_SWEEP_BATCH = 500


def notifikation_email_sweep(*, now: datetime | None = None) -> int:
    """Enqueue the e-mail task again for notifications whose e-mail was never sent (the broker
    was down when they were created). The task claims `email_sent_at`, so a notification that
    is also still in the queue is mailed once. Returns the number enqueued; stops at the first
    broker failure."""
    from ..tasks import notifikation_email_send_task

    now = now or timezone.now()
    ids = list(
        Notifikation.objects.filter(
            send_email=True, email_sent_at__isnull=True,
            created_at__lte=now - EMAIL_SWEEP_GRACE, created_at__gte=now - EMAIL_SWEEP_WINDOW,
        ).order_by("created_at", "pk").values_list("pk", flat=True)[:EMAIL_SWEEP_BATCH]
    )
    sent = 0
    for pk in ids:
        if not enqueue(notifikation_email_send_task, pk):
            break
        sent += 1
    return sent


@transaction.atomic
def notifikation_mark_read(*, notifikation: Notifikation, actor: User, now: datetime | None = None) -> Notifikation:
    now = now or timezone.now()
    if notifikation.modtager_id != actor.pk:
        raise NotAllowedError("Det er ikke din besked.", code="ikke_din")
    Notifikation.objects.filter(pk=notifikation.pk, read_at__isnull=True).update(read_at=now)
    notifikation.refresh_from_db(fields=["read_at"])
    return notifikation


def notifikation_mark_all_read(*, actor: User, now: datetime | None = None) -> int:
    now = now or timezone.now()
    # uses index tilsyn_notif_ulaest
    return Notifikation.objects.filter(modtager=actor, read_at__isnull=True).update(read_at=now)

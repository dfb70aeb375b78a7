"""In-app notifications (the inbox) and the e-mail that tells about them."""
# ruff: noqa: PLC0415  (cross-app imports are lazy: app loading order and import cycles)

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from bostotte.core.exceptions import NotAllowedError
from bostotte.core.models import Sag, User

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

        notifikation_email_send_task.delay_on_commit(n.pk)
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

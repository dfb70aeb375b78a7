"""Demo data for levering (called by `manage.py seed_demo` after visitation).

Uses `ctx.bestillinger` (sent bestillinger from visitation's seed; nothing happens without them).
Leaves two in the inbox, declines one with a reason, accepts the rest, assigns bostøtter of the
same leverandør matching the citizen's wishes, logs ~3 months of visits (≈ the frame with
variance, ~10 % cancelled/no-show, some phone/sms), a weekly group session at a værested,
planned visits for the coming two weeks (incl. today for every bostøtte), admissions (one
ongoing, one discharged) and a few status reports. Sets `ctx.tildelinger`.

Speed: the first visit per bestilling and everything planned go through the services; the
historic bulk goes in with `bulk_create` (the database constraints and triggers still apply)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from django.utils import timezone

from bostotte.core.models import User
from visitation.models import Bestilling

from .access import leverandoer_id_for
from .models import Besoeg, Tildeling
from .services import (
    GruppeDeltager,
    besoeg_create,
    bestilling_accept,
    bestilling_decline,
    gruppesession_create,
    indlaeggelse_create,
    indlaeggelse_udskriv,
    statusrapport_create,
    tildeling_create,
)

DAY_SLOTS = (9, 11, 13, 15)
EVENING = (18, 19, 20)


def _at(d: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(hour, minute)))


def _weekly_hours(b: Bestilling) -> float:
    if b.timer is None:
        return 2.0
    return float(b.timer) * (12 / 52 if b.timer_periode == "maaned" else 1)


def seed(ctx: SimpleNamespace) -> None:  # noqa: PLR0915
    bestillinger = [b for b in getattr(ctx, "bestillinger", None) or [] if b.pk]
    if not bestillinger:
        ctx.tildelinger = []
        return
    rng, now = ctx.rng, ctx.now
    today = timezone.localdate(now)
    bestillinger = list(Bestilling.objects.filter(pk__in=[b.pk for b in bestillinger], status="sendt").select_related("sag__borger", "afgoerelse").order_by("id"))
    ledere: dict[int, User] = {}
    for u in getattr(ctx, "leverandoerledere", []):
        lev = leverandoer_id_for(u)
        if lev is not None:
            ledere.setdefault(lev, u)
    staff: dict[int, list[User]] = defaultdict(list)
    for u in getattr(ctx, "bostoetter", []):
        lev = leverandoer_id_for(u)
        if lev is not None:
            staff[lev].append(u)

    inbox, declined, accept = bestillinger[:2], bestillinger[2:3], bestillinger[3:]
    for b in declined:
        bestilling_decline(bestilling=b, begrundelse="Det bevilgede timetal er urealistisk i forhold til borgerens behov; vi foreslår en ny vurdering.", actor=ledere.get(b.leverandoer_id), now=now)
    load: dict[int, int] = defaultdict(int)
    busy: set[tuple[int, date, int]] = set()
    tildelinger: list[Tildeling] = []
    accepted: list[tuple[Bestilling, Tildeling]] = []
    for sendt in accept:
        candidates = staff.get(sendt.leverandoer_id) or []
        if not candidates:
            continue
        b = bestilling_accept(bestilling=sendt, actor=ledere.get(sendt.leverandoer_id), now=now)
        borger = b.sag.borger

        def score(u: User, borger=borger) -> tuple[int, int]:
            m = getattr(u, "medarbejder", None)
            match = int(bool(borger.oensket_koen) and m is not None and m.koen == borger.oensket_koen)
            return (-match, load[u.pk])

        medarbejder = sorted(candidates, key=score)[0]
        load[medarbejder.pk] += 1
        start = max(b.starts_on, today - timedelta(days=91))
        start = min(start, today)
        t = tildeling_create(bestilling=b, medarbejder=medarbejder, starts_on=start, actor=ledere.get(b.leverandoer_id), now=now)
        tildelinger.append(t)
        accepted.append((b, t))
    ctx.tildelinger = tildelinger

    # Admissions: one ongoing (support pauses), one discharged 3 weeks ago.
    paused: dict[int, tuple[date, date]] = {}
    if len(accepted) >= 3:
        b, _t = accepted[1]
        ind = indlaeggelse_create(sag=b.sag, indlagt_on=today - timedelta(days=4), pause=True, pause_begrundelse="Borgeren er indlagt på psykiatrisk afdeling; støtten holder pause efter aftale." if not _standard(b) else "", actor=b.sag.ansvarlig, now=now)
        paused[b.pk] = (ind.indlagt_on, today + timedelta(days=30))
        b2, t2 = accepted[2]
        ind2 = indlaeggelse_create(sag=b2.sag, indlagt_on=today - timedelta(days=35), actor=t2.medarbejder, now=now)
        paused[b2.pk] = (ind2.indlagt_on, today - timedelta(days=21))
        indlaeggelse_udskriv(indlaeggelse=ind2, udskrevet_on=today - timedelta(days=21), actor=t2.medarbejder, now=now)

    # Weekly group session at a værested per bostøtte with at least two citizens (Thursdays 13–15).
    by_staff: dict[int, list[tuple[Bestilling, Tildeling]]] = defaultdict(list)
    for b, t in accepted:
        by_staff[t.medarbejder_id].append((b, t))
    for uid, items in by_staff.items():
        if len(items) < 2:
            continue
        d = today - timedelta(days=(today.weekday() - 3) % 7 or 7)
        for _w in range(12):
            if d < max(t.starts_on for _b, t in items[:3]):
                break
            deltagere = [GruppeDeltager(bestilling=b, minutter=rng.choice([60, 90, 120]), status="gennemfoert" if rng.random() > 0.1 else "udeblevet")
                         for b, _t in items[:3] if not _in(paused.get(b.pk), d)]
            if deltagere:
                gruppesession_create(medarbejder=items[0][1].medarbejder, titel="Fællesskab på værestedet", sted="Værestedet Fyrtårnet",
                                     starts_at=_at(d, 13), ends_at=_at(d, 15), deltagere=deltagere, actor=None, now=now)
                busy.update({(uid, d, 13), (uid, d, 14)})
            d -= timedelta(days=7)

    # Historic visits: about the frame per week, with variance.
    bulk: list[Besoeg] = []
    for b, t in accepted:
        first = True
        week = t.starts_on - timedelta(days=t.starts_on.weekday())
        while week <= today:
            target = _weekly_hours(b) * rng.uniform(0.7, 1.15) * 60
            minutes_left = target
            days = [week + timedelta(days=i) for i in range(5)]
            rng.shuffle(days)
            for d in days:
                if minutes_left < 20 or d < t.starts_on or d >= today or _in(paused.get(b.pk), d):
                    continue
                phone = rng.random() < 0.15
                hours = EVENING if phone else DAY_SLOTS
                free = [h for h in hours if (t.medarbejder_id, d, h) not in busy and (t.medarbejder_id, d, h + 1) not in busy]
                if not free:
                    continue
                h = rng.choice(free)
                dur = rng.choice([15, 20, 30]) if phone else int(min(max(minutes_left, 45), 120) // 15 * 15)
                r = rng.random()
                status = "aflyst_borger" if r < 0.05 else "aflyst_medarbejder" if r < 0.07 else "udeblevet" if r < 0.10 else "gennemfoert"
                kontaktform = rng.choice(["telefon", "sms_chat"]) if phone else rng.choice(["hjemmebesoeg"] * 4 + ["ledsagelse", "video"])
                busy.update({(t.medarbejder_id, d, h), (t.medarbejder_id, d, h + 1)})
                start = _at(d, h)
                if first and status == "gennemfoert":
                    besoeg_create(bestilling=b, medarbejder=t.medarbejder, starts_at=start, ends_at=start + timedelta(minutes=dur), kontaktform=kontaktform,
                                  planlagt=not phone, status=status, actor=None, now=now)
                    first = False
                else:
                    bulk.append(Besoeg(bestilling=b, sag_id=b.sag_id, medarbejder_id=t.medarbejder_id, starts_at=start, ends_at=start + timedelta(minutes=dur),
                                       kontaktform=kontaktform, planlagt=not phone, status=status, registreret_at=start + timedelta(minutes=dur)))
                if status == "gennemfoert":
                    minutes_left -= dur
            week += timedelta(days=7)
    Besoeg.objects.bulk_create(bulk, batch_size=500)

    # Planned visits for the coming two weeks, incl. today for every bostøtte.
    today_done: set[int] = set()
    for b, t in accepted:
        if _in(paused.get(b.pk), today):
            continue
        for offset in range(0, 15):
            d = today + timedelta(days=offset)
            if d.weekday() >= 5:
                continue
            want_today = offset == 0 and t.medarbejder_id not in today_done
            if not want_today and offset % 3 != 1:
                continue
            for h in (DAY_SLOTS if not want_today else (16, 17, 15, 14, 10)):
                if (t.medarbejder_id, d, h) in busy:
                    continue
                busy.add((t.medarbejder_id, d, h))
                besoeg_create(bestilling=b, medarbejder=t.medarbejder, starts_at=_at(d, h), ends_at=_at(d, h, 55), kontaktform="hjemmebesoeg",
                              planlagt=True, status="planlagt", actor=None, now=now)
                if offset == 0:
                    today_done.add(t.medarbejder_id)
                break

    # A few status reports.
    for b, t in accepted[3:6]:
        statusrapport_create(bestilling=b, periode_fra=min(max(t.starts_on, today - timedelta(days=90)), today - timedelta(days=1)), periode_til=today - timedelta(days=1),
                             hvad_virkede="Faste ugentlige besøg og ledsagelse til indkøb har givet ro og struktur.",
                             borgers_perspektiv="Det er blevet lettere at komme ud af døren, når jeg ved, hvornår bostøtten kommer.",
                             samlet_vurdering="Vi anbefaler, at støtten fortsætter i samme omfang frem til opfølgningen.", actor=t.medarbejder, now=now)
    del inbox  # left unanswered on purpose: the leader's inbox shows them


def _in(period: tuple[date, date] | None, d: date) -> bool:
    return period is not None and period[0] <= d < period[1]


def _standard(b: Bestilling) -> bool:
    from .services.indlaeggelse import pause_standard_for_sag  # noqa: PLC0415

    return pause_standard_for_sag(b.sag)

"""Demo data for the plans (called by `manage.py seed_demo` after visitation and levering).

Uses `ctx.bestillinger` (visitation) and `ctx.tildelinger` (levering); without them it does
nothing. What it makes, deterministically from `ctx.rng`:
* § 141 handleplan offered for ~60 % of the cases with a bestilling; of those ~70 % said yes
  (a written plan, some in two versions, mostly accepted by the citizen, a few comments), some
  said no, some have not decided. The other cases have no offer, so those whose bevilling is
  older than the kvalitetsstandard's deadline show up in `handleplan_ikke_tilbudt`.
* a pædagogisk plan for every assigned bestilling, 1–3 delmål per indsatsmål in the citizen's
  own words, and progress ratings over the last months (most improving).
Sets `ctx.handleplaner` (the Handleplan rows) for later apps.

Speed: plans, versions, delmål and the first rating per goal go through the services; the
older ratings go in with `bulk_create` (constraints and triggers still apply)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from visitation.models import Bestilling

from .models import Evaluering, Handleplan, HandleplanVersion
from .services import (
    delmaal_create,
    evaluering_create,
    handleplan_accept,
    handleplan_answer,
    handleplan_kommentar_create,
    handleplan_offer,
    handleplan_version_create,
    paedagogisk_plan_create,
)

DELMAAL = [
    ("Lave aftensmad selv to gange om ugen", "Jeg vil gerne kunne lave rigtig mad og ikke kun spise toast.", "Vi finder en ret sammen og handler ind om tirsdagen.", ["recovery", "sft"]),
    ("Åbne og læse posten hver uge", "Jeg bliver bange, når der kommer breve. Jeg vil gerne turde åbne dem.", "Vi åbner posten sammen om mandagen og skriver ned, hvad der skal gøres.", ["kognitiv"]),
    ("Betale regningerne til tiden", "Jeg vil ikke have flere rykkere.", "Vi sætter betalingsservice op og kigger i netbanken sammen hver anden uge.", ["sft"]),
    ("Gå en tur hver dag", "Når jeg kommer ud, har jeg det bedre.", "En fast gåtur efter frokost – først sammen, senere alene.", ["recovery", "motiverende"]),
    ("Komme op om morgenen på hverdage", "Jeg vil gerne have en fast rytme, så dagen ikke bare forsvinder.", "Vækkeur og en morgenplan på køleskabet. Sms fra bostøtten de første uger.", ["kognitiv"]),
    ("Tage bussen alene til jobcentret", "Jeg vil kunne klare det selv uden at få angst.", "Vi tager turen sammen tre gange. Derefter følger jeg kun med til stoppestedet.", ["kognitiv", "cti"]),
    ("Holde lejligheden ryddelig", "Jeg vil gerne kunne invitere min søster hjem.", "Ti minutters oprydning hver dag og støvsugning om fredagen.", ["sft"]),
    ("Komme på værestedet en gang om ugen", "Jeg savner at snakke med nogen.", "Vi går derhen sammen om torsdagen de første gange.", ["recovery"]),
    ("Ringe selv til lægen", "Jeg vil gerne selv kunne bestille tid.", "Vi øver samtalen og skriver stikord på en seddel.", ["sft", "motiverende"]),
    ("Handle ind efter en liste", "Jeg køber for meget, når jeg ikke har en liste.", "Indkøbsliste om søndagen og et budget for ugen.", ["kognitiv"]),
    ("Sove bedre om natten", "Jeg ligger vågen og tænker for meget.", "Faste sengetider, ingen kaffe efter kl. 16 og en aftenrutine vi laver sammen.", ["kognitiv", "recovery"]),
    ("Tage min medicin hver dag", "Jeg glemmer den, når dagene ligner hinanden.", "Doseringsæske og en påmindelse på telefonen.", ["icm"]),
]
NOTER = [
    "Det gik fint i denne uge.", "Har haft en hård periode, men holder fast.", "Klarede det selv to gange!",
    "Vi har justeret planen lidt.", "Borgeren er stolt af det.", "", "", "",
]
BOLIG = ["Bor alene i en lejlighed og vil gerne blive boende.", "Bor i en lille lejlighed; der er problemer med naboerne.", ""]
ARBEJDE = ["Er i et praktikforløb gennem jobcentret.", "Vil gerne i gang med noget uddannelse på sigt.", ""]
BEHANDLING = ["Går til samtaler i distriktspsykiatrien hver anden uge.", "Har en fast læge og får medicin.", ""]


def _score_path(rng: Any, n: int, improving: bool) -> list[int]:
    start = rng.choice([-2, -1, -1])
    if not improving:
        return [max(-2, min(2, start + rng.choice([-1, 0, 0, 1]))) for _ in range(n)]
    out, s = [], start
    for _ in range(n):
        out.append(s)
        s = min(2, s + rng.choice([0, 1, 1]))
    return out


def seed(ctx: SimpleNamespace) -> None:  # noqa: PLR0912, PLR0915
    raw = [b for b in getattr(ctx, "bestillinger", None) or [] if getattr(b, "pk", None)]
    if not raw:
        ctx.handleplaner = []
        return
    rng, now = ctx.rng, ctx.now
    today = timezone.localdate(now)
    bestillinger = list(
        Bestilling.objects.filter(pk__in=[b.pk for b in raw])
        .select_related("sag__borger__user", "sag__ansvarlig", "afgoerelse__udredning")
        .order_by("id")
    )

    # --- § 141 handleplan -------------------------------------------------------------------
    handleplaner: list[Handleplan] = []
    seen: set[int] = set()
    for b in bestillinger:
        sag = b.sag
        if sag.pk in seen or b.afgoerelse.truffet_at is None:
            continue
        seen.add(sag.pk)
        if rng.random() >= 0.6:
            continue  # not offered: flagged once the bevilling is older than the deadline
        actor = sag.ansvarlig
        truffet_on = timezone.localdate(b.afgoerelse.truffet_at)
        tilbudt_on = min(today, truffet_on + timedelta(days=rng.randint(2, 25)))
        hp = handleplan_offer(sag=sag, tilbudt_on=tilbudt_on, tilbudt_maade=rng.choice(["moede", "moede", "telefon", "brev"]), actor=actor, now=now)
        roll = rng.random()
        svar = "accepteret" if roll < 0.7 else "afslaaet" if roll < 0.85 else "ikke_besluttet"
        if svar != "ikke_besluttet":
            svar_on = min(today, tilbudt_on + timedelta(days=rng.randint(0, 10)))
            hp = handleplan_answer(handleplan=hp, svar=svar, svar_on=svar_on, del_med_leverandoer=rng.random() < 0.85, actor=actor, now=now)
        handleplaner.append(hp)
        if svar == "afslaaet":
            continue
        borger = sag.borger
        udredning = b.afgoerelse.udredning
        borgers_ord = (udredning.borgers_maal_og_oensker if udredning and udredning.borgers_maal_og_oensker else
                       "Jeg vil gerne klare mig selv i min egen lejlighed og have nogen at snakke med.")
        timer = f"{b.timer:g} timer {b.get_timer_periode_display()}" if b.timer else "et fast antal timer"
        v = handleplan_version_create(
            handleplan=hp, expected_nummer=0, actor=actor, now=now,
            formaal=b.indsatsformaal,
            indsats=f"Socialpædagogisk støtte i eget hjem, {timer}. Bostøtten hjælper med hverdagen og med at nå målene herunder.",
            varighed="Et år. Vi ser på planen igen ved opfølgningen.",
            bolig=rng.choice(BOLIG), arbejde_uddannelse=rng.choice(ARBEJDE), behandling=rng.choice(BEHANDLING),
            borgers_ord=borgers_ord, udarbejdet_med_borger=True,
            udarbejdet_hvordan=f"Skrevet sammen med {borger.fornavn} ved et møde i hjemmet.",
        )
        if rng.random() < 0.3:
            values = {k: getattr(v, k) for k in HandleplanVersion.INDHOLD}
            values["andet"] = f"{borger.fornavn} vil gerne have sin søster med til næste opfølgningsmøde."
            v = handleplan_version_create(
                handleplan=hp, expected_nummer=1, actor=actor, now=now, aendringer="Tilføjet ønske om at have søsteren med til møder.", **values,
            )
        if svar == "accepteret" and rng.random() < 0.85:
            accepter = borger.user if borger.user_id and borger.user.is_active else actor
            handleplan_accept(version=v, actor=accepter, now=now)
        if borger.user_id and rng.random() < 0.3:
            handleplan_kommentar_create(version=v, tekst="Jeg vil også gerne have hjælp til at komme ud at gå.", actor=borger.user, now=now)
    ctx.handleplaner = handleplaner

    # --- Pædagogiske planer, delmål and progress --------------------------------------------
    bulk: list[Evaluering] = []
    for t in getattr(ctx, "tildelinger", None) or []:
        b = Bestilling.objects.select_related("sag__ansvarlig").get(pk=t.bestilling_id)
        if b.status not in ("accepteret", "startet") or hasattr(b, "paedagogisk_plan") and b.paedagogisk_plan is not None:
            continue
        bostoette = t.medarbejder
        start = max(t.starts_on, today - timedelta(days=120))
        plan = paedagogisk_plan_create(
            bestilling=b, actor=bostoette, borger_tilbudt_forberedelse=rng.random() < 0.8, forberedelse_on=start,
            udarbejdet=rng.choice(["sammen", "sammen", "mest_borger", "mest_bostoette"]),
            borgers_ord="Jeg vil gerne klare mere selv og have det godt derhjemme.", tilgang="Recovery-orienteret: borgerens egne mål først.",
            now=now,
        )
        weeks = max(0, (today - start).days // 14)
        for maal in b.indsatsmaal.all():
            for titel, ord_, akt, metoder in rng.sample(DELMAAL, rng.randint(1, 3)):
                d = delmaal_create(plan=plan, indsatsmaal=maal, titel=titel, borgers_ord=ord_, aktiviteter=akt, metoder=metoder, actor=bostoette, now=now)
                n = min(weeks, rng.randint(2, 6))
                scores = _score_path(rng, n + 1, improving=rng.random() < 0.75)
                evaluering_create(delmaal=d, score=scores[-1], note=rng.choice(NOTER), actor=bostoette, now=now)
                for i, score in enumerate(scores[:-1]):
                    when = now - timedelta(days=14 * (n - i))
                    bulk.append(Evaluering(delmaal=d, score=score, note=rng.choice(NOTER), vurderet_af=bostoette, rolle="bostoette", vurderet_at=when))
            if rng.random() < 0.5:
                evaluering_create(indsatsmaal=maal, score=rng.choice([-1, 0, 0, 1]), note="Vurderet ved opfølgningssamtale.", actor=b.sag.ansvarlig, now=now)
    Evaluering.objects.bulk_create(bulk, batch_size=500)

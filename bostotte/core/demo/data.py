"""The core part of the demo municipality: organisation, staff, citizens and their cases.

Distributions follow the source documents (SFI 2012): most citizens are 25–60, a little more
than half are men, many come from a psychiatric ward or an earlier bostøtte."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

from django.contrib.auth.hashers import make_password
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from bostotte.core.models import Kommune, Leverandoer, LeverandoerTeam, MyndighedTeam, Rolle, User
from bostotte.core.services.borger import borger_create, paaroerende_create, samtykke_give
from bostotte.core.services.sag import sag_create
from bostotte.core.services.users import medarbejder_create, user_set_rolle

DEMO_PASSWORD = "demo-bostotte-2026"  # noqa: S105 - documented demo password, dev settings only
ADMIN_STATIC_TOKEN = "demo123456"  # noqa: S105 - TOTP fallback for the demo administrator only

FORNAVNE_K = ["Mette", "Hanne", "Susanne", "Camilla", "Louise", "Maria", "Sara", "Julie", "Nadia", "Birgitte", "Karina", "Amalie", "Fatima", "Trine", "Pia", "Rikke", "Emma", "Line"]
FORNAVNE_M = ["Jens", "Peter", "Michael", "Lars", "Thomas", "Søren", "Martin", "Jesper", "Ali", "Kasper", "Mads", "Rasmus", "Henrik", "Nikolaj", "Jonas", "Morten", "Ahmed", "Frederik", "Kim", "Bo", "Jakob", "Christian"]
EFTERNAVNE = ["Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen", "Johansen", "Møller", "Mortensen", "Holm", "Yilmaz", "Hussein", "Karlsen", "Bech"]
VEJE = ["Skovvej", "Engtoften", "Bøgealle", "Møllegade", "Havnegade", "Kirkestræde", "Åboulevarden", "Lindevej", "Vestergade", "Søndergade"]
SPROG = ["", "", "", "", "", "arabisk", "tyrkisk", "engelsk", "somali"]

MYNDIGHED = [
    ("Team Psykiatri Nord", ("Birthe", "Bang"), [("Anna", "Andersen"), ("Mikkel", "Mørch"), ("Yasmin", "Ali")]),
    ("Team Psykiatri Syd", ("Ole", "Overgaard"), [("Carl", "Carlsen"), ("Signe", "Skov"), ("Tobias", "Thrane")]),
]
LEVERANDOERER = [
    ("Bostøtten Demo Kommune", "29189919", Leverandoer.Art.KOMMUNAL, [
        ("Bostøtte Øst", ("Lise", "Lund"), [("Dorte", "Dahl", "kvinde", 1978, "socialpaedagog", ""), ("Frank", "Fisker", "mand", 1990, "sosu_assistent", ""), ("Hiba", "Hamid", "kvinde", 1993, "socialpaedagog", "arabisk")]),
        ("Bostøtte Vest", ("Karsten", "Krog"), [("Gry", "Gram", "kvinde", 1965, "ergoterapeut", "engelsk"), ("Emil", "Eskildsen", "mand", 1998, "peer", "")]),
    ]),
    ("Recovery Støtte ApS", "38465721", Leverandoer.Art.PRIVAT, [
        ("Team Recovery", ("Lars", "Lauritsen"), [("Nanna", "Nørgaard", "kvinde", 1985, "socialpaedagog", ""), ("Omar", "Osman", "mand", 1988, "socialpaedagog", "somali")]),
    ]),
]


def _username(rolle: str, fornavn: str) -> str:
    ascii_name = fornavn.lower().replace("ø", "oe").replace("æ", "ae").replace("å", "aa")
    return f"demo-{rolle}-{ascii_name}"


def _staff(rolle: str, fornavn: str, efternavn: str, **kwargs: object) -> User:
    # No password here: one hash is computed once and set on all demo users at the end (fast).
    m = medarbejder_create(
        username=_username(rolle, fornavn), first_name=fornavn, last_name=efternavn,
        email=f"{_username(rolle, fornavn)}@demo-kommune.invalid", rolle=rolle, actor=None, **kwargs,
    )
    return m.user


def _cpr(birth: date, serial: int, male: bool) -> str:
    century = "0" if birth.year < 2000 else "4"
    last = serial * 2 % 10 + (1 if male else 0)
    last = last if last % 2 == (1 if male else 0) else (last + 1) % 10
    return f"{birth:%d%m%y}{century}{serial % 100:02d}{last}"


def seed_core(ctx: SimpleNamespace, *, antal_borgere: int = 40) -> None:
    rng = ctx.rng
    today = ctx.now.date()
    kommune = Kommune.objects.get_or_create(kommunenummer="999", defaults={"navn": "Demo Kommune"})[0]
    nabo = Kommune.objects.get_or_create(kommunenummer="998", defaults={"navn": "Nabo Kommune"})[0]
    ctx.kommune, ctx.nabokommune = kommune, nabo

    ctx.teams, ctx.sagsbehandlere, ctx.myndighedsledere = [], [], []
    for navn, (lf, le), medarbejdere in MYNDIGHED:
        team = MyndighedTeam.objects.create(kommune=kommune, navn=navn)
        leder = _staff(Rolle.MYNDIGHEDSLEDER, lf, le, myndighed_team=team, uddannelse="socialraadgiver")
        team.leder = leder
        team.save(update_fields=["leder"])
        ctx.teams.append(team)
        ctx.myndighedsledere.append(leder)
        for fn, en in medarbejdere:
            ctx.sagsbehandlere.append(_staff(Rolle.SAGSBEHANDLER, fn, en, myndighed_team=team, uddannelse="socialraadgiver"))

    ctx.leverandoerer, ctx.leverandoerledere, ctx.bostoetter = [], [], []
    for navn, cvr, art, teams in LEVERANDOERER:
        lev = Leverandoer.objects.create(navn=navn, cvr=cvr, art=art, kommune=kommune, telefon="70 10 20 30", email=f"kontakt@{cvr}.invalid")
        ctx.leverandoerer.append(lev)
        for tnavn, (lf, le), staff in teams:
            lt = LeverandoerTeam.objects.create(leverandoer=lev, navn=tnavn)
            leder = _staff(Rolle.LEVERANDOERLEDER, lf, le, leverandoer_team=lt, uddannelse="socialpaedagog")
            lt.leder = leder
            lt.save(update_fields=["leder"])
            ctx.leverandoerledere.append(leder)
            for fn, en, koen, aar, udd, sprog in staff:
                ctx.bostoetter.append(
                    _staff(Rolle.BOSTOETTE, fn, en, leverandoer_team=lt, koen=koen, foedselsaar=aar, uddannelse=udd, sprog=sprog, telefon=f"20 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
                )
    ctx.analytiker = _staff(Rolle.ANALYTIKER, "Helle", "Hedegaard")
    admin = _staff(Rolle.ADMINISTRATOR, "Ida", "Iversen")
    device = StaticDevice.objects.create(user=admin, name="Demo-nødkode")
    StaticToken.objects.create(device=device, token=ADMIN_STATIC_TOKEN)
    ctx.administrator = admin

    ctx.borgere, ctx.sager = [], []
    used: set[str] = set()
    for i in range(antal_borgere):
        male = rng.random() < 0.55
        fornavn = rng.choice(FORNAVNE_M if male else FORNAVNE_K)
        efternavn = rng.choice(EFTERNAVNE)
        alder = int(min(72, max(19, rng.gauss(40, 12))))
        birth = today - timedelta(days=alder * 365 + rng.randint(0, 364))
        cpr = _cpr(birth, i + 11, male)
        if cpr in used:
            continue
        used.add(cpr)
        user = None
        if i < 12:  # the first citizens can log in to the portal in the demo
            user = User.objects.create_user(username=_username(Rolle.BORGER, f"{fornavn}{i}"), first_name=fornavn, last_name=efternavn)
            user_set_rolle(user=user, rolle=Rolle.BORGER, actor=None)
        borger = borger_create(
            cpr=cpr, fornavn=fornavn, efternavn=efternavn, kommune=kommune, actor=None,
            adresse=f"{rng.choice(VEJE)} {rng.randint(1, 120)}", postnummer=str(rng.choice([8000, 8200, 8210, 8220, 8230])),
            by="Demoby", telefon=f"{rng.randint(20, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            oensket_koen=rng.choice(["", "", "kvinde", "mand"]), oensket_alder=rng.choice(["", "", "samme", "aeldre", "yngre"]),
            oensket_sprog=rng.choice(SPROG), user=user,
        )
        ansvarlig = rng.choice(ctx.sagsbehandlere)
        opened = today - timedelta(days=rng.randint(20, 900))
        sag = sag_create(
            borger=borger, ansvarlig=ansvarlig, team=ansvarlig.medarbejder.myndighed_team, handlekommune=kommune,
            betalingskommune=nabo if i % 15 == 7 else kommune, opened_on=opened, actor=None, now=ctx.now,
        )
        if rng.random() < 0.3:
            p = paaroerende_create(borger=borger, navn=f"{rng.choice(FORNAVNE_K + FORNAVNE_M)} {efternavn}", relation=rng.choice(["mor", "far", "søster", "bror", "ven"]), actor=None, telefon="30 30 30 30")
            if rng.random() < 0.7:
                samtykke_give(paaroerende=p, omfang=rng.sample(["kontakt", "plan", "besoeg", "moeder"], k=2), actor=None, now=ctx.now)
        ctx.borgere.append(borger)
        ctx.sager.append(sag)
    User.objects.filter(username__startswith="demo-").update(password=make_password(DEMO_PASSWORD))

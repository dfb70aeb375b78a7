"""Shared builders for tests. Multi-step state is built by calling services, not raw ORM."""

from __future__ import annotations

import itertools
from datetime import date

from bostotte.core.models import (
    Borger,
    Kommune,
    Leverandoer,
    LeverandoerTeam,
    Medarbejder,
    MyndighedTeam,
    Rolle,
    Sag,
    User,
)
from bostotte.core.services.borger import borger_create
from bostotte.core.services.sag import sag_create
from bostotte.core.services.users import medarbejder_create, user_set_rolle

PASSWORD = "test-password-123"
_seq = itertools.count(1)


def cpr_for(birth: date, serial: int) -> str:
    """A syntactically valid CPR for a birth date (7th digit chosen for the century)."""
    century_digit = "0" if birth.year < 2000 else "4"
    return f"{birth:%d%m%y}{century_digit}{serial % 1000:03d}"


def make_kommune(nummer: str = "999", navn: str = "Bøgelund Kommune") -> Kommune:
    return Kommune.objects.get_or_create(kommunenummer=nummer, defaults={"navn": navn})[0]


def make_staff(
    rolle: str,
    *,
    username: str | None = None,
    myndighed_team: MyndighedTeam | None = None,
    leverandoer_team: LeverandoerTeam | None = None,
    first_name: str = "Test",
    last_name: str = "Person",
    **profil: object,
) -> User:
    n = next(_seq)
    m: Medarbejder = medarbejder_create(
        username=username or f"{rolle}-{n}",
        first_name=first_name,
        last_name=last_name,
        email=f"{rolle}{n}@kommune.invalid",
        rolle=rolle,
        actor=None,
        password=PASSWORD,
        myndighed_team=myndighed_team,
        leverandoer_team=leverandoer_team,
        **profil,
    )
    return m.user


def make_myndighed_team(navn: str, kommune: Kommune | None = None, leder: User | None = None) -> MyndighedTeam:
    return MyndighedTeam.objects.create(kommune=kommune or make_kommune(), navn=navn, leder=leder)


def make_leverandoer(navn: str, cvr: str, kommune: Kommune | None = None) -> Leverandoer:
    return Leverandoer.objects.create(navn=navn, cvr=cvr, art=Leverandoer.Art.KOMMUNAL, kommune=kommune or make_kommune())


def make_borger(
    fornavn: str = "Erik",
    efternavn: str = "Eriksen",
    *,
    birth: date = date(1985, 3, 14),
    kommune: Kommune | None = None,
    with_login: bool = False,
    username: str | None = None,
) -> Borger:
    n = next(_seq)
    user = None
    if with_login:
        user = User.objects.create_user(username=username or f"borger-{n}", password=PASSWORD, first_name=fornavn, last_name=efternavn)
        user_set_rolle(user=user, rolle=Rolle.BORGER, actor=None)
    return borger_create(
        cpr=cpr_for(birth, n),
        fornavn=fornavn,
        efternavn=efternavn,
        kommune=kommune or make_kommune(),
        actor=None,
        adresse="Skovvej 1",
        postnummer="5000",
        by="Bøgelund",
        user=user,
    )


def make_sag(borger: Borger, ansvarlig: User, team: MyndighedTeam | None = None) -> Sag:
    team = team or ansvarlig.medarbejder.myndighed_team
    assert team is not None
    return sag_create(
        borger=borger, ansvarlig=ansvarlig, team=team, handlekommune=borger.kommune, actor=None
    )

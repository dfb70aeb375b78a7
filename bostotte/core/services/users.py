from __future__ import annotations

import pghistory
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import (
    LEVERANDOER_ROLLER,
    MYNDIGHED_ROLLER,
    LeverandoerTeam,
    Medarbejder,
    MyndighedTeam,
    Rolle,
    User,
)


def roles_ensure_groups() -> None:
    """One auth Group per role (idempotent; also run by a data migration)."""
    for value in Rolle.values:
        Group.objects.get_or_create(name=value)


@transaction.atomic
def user_set_rolle(*, user: User, rolle: str, actor: User | None) -> User:
    if rolle not in Rolle.values:
        raise ValidationError({"rolle": _("Ukendt rolle.")})
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="rolle ændret"):
        user.rolle = rolle
        user.is_staff = rolle == Rolle.ADMINISTRATOR
        user.save(update_fields=["rolle", "is_staff"])
        role_groups = Group.objects.filter(name__in=Rolle.values)
        user.groups.remove(*role_groups)
        group, _created = Group.objects.get_or_create(name=rolle)
        user.groups.add(group)
    return user


@transaction.atomic
def medarbejder_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    rolle: str,
    actor: User | None,
    password: str | None = None,
    myndighed_team: MyndighedTeam | None = None,
    leverandoer_team: LeverandoerTeam | None = None,
    **profil: object,
) -> Medarbejder:
    """Create a staff user with a role and a team. Myndighed roles need a myndighed team,
    leverandør roles a leverandør team; analysts and administrators need neither."""
    errors: dict[str, str] = {}
    if rolle in MYNDIGHED_ROLLER and myndighed_team is None:
        errors["myndighed_team"] = _("En medarbejder i myndigheden skal have et team.")
    if rolle in LEVERANDOER_ROLLER and leverandoer_team is None:
        errors["leverandoer_team"] = _("En medarbejder hos en leverandør skal have et team.")
    if rolle not in MYNDIGHED_ROLLER and myndighed_team is not None:
        errors["myndighed_team"] = _("Kun medarbejdere i myndigheden kan være i et myndighedsteam.")
    if rolle not in LEVERANDOER_ROLLER and leverandoer_team is not None:
        errors["leverandoer_team"] = _("Kun leverandørens medarbejdere kan være i et leverandørteam.")
    if rolle == Rolle.BORGER:
        errors["rolle"] = _("Borgere oprettes som borgere, ikke som medarbejdere.")
    if errors:
        raise ValidationError(errors)
    with pghistory.context(actor_id=getattr(actor, "pk", None), reason="medarbejder oprettet"):
        user = User(username=username, first_name=first_name, last_name=last_name, email=email)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        user_set_rolle(user=user, rolle=rolle, actor=actor)
        medarbejder = Medarbejder(
            user=user, myndighed_team=myndighed_team, leverandoer_team=leverandoer_team, **profil
        )
        medarbejder.full_clean()
        medarbejder.save()
    return medarbejder

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, transaction

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from handleplaner.models import Handleplan, HandleplanKommentar, HandleplanVersion
from handleplaner.services import (
    handleplan_accept,
    handleplan_kommentar_create,
    handleplan_version_create,
)

from ..factories import NOW, written


def _v2(v1: HandleplanVersion, actor) -> HandleplanVersion:  # type: ignore[no-untyped-def]
    values = {k: getattr(v1, k) for k in HandleplanVersion.INDHOLD}
    values["varighed"] = "Halvandet år."
    return handleplan_version_create(handleplan=v1.handleplan, expected_nummer=1, aendringer="Længere varighed.", actor=actor, now=NOW, **values)


@pytest.mark.django_db
class HandleplanKommentarTests:
    def test_the_citizen_comments_with_the_author_role_kept(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        k = handleplan_kommentar_create(version=v1, tekst="Jeg vil også gerne i gang med at cykle.", actor=cast.erik_user)
        assert (k.forfatter, k.forfatter_rolle) == (cast.erik_user, "borger")

    def test_the_sagsbehandler_comments(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        k = handleplan_kommentar_create(version=v1, tekst="Vi taler om cyklen næste gang.", actor=cast.anna)
        assert k.forfatter_rolle == "sagsbehandler"

    def test_others_may_not_comment(self, plan, ffb) -> None:
        v1 = written(plan.sag_erik, plan.anna)
        for user in (plan.gitte_user, plan.dorte, plan.carl):
            with pytest.raises(NotAllowedError):
                handleplan_kommentar_create(version=v1, tekst="Hej", actor=user)

    def test_it_refuses_an_empty_comment(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        with pytest.raises(ValidationError) as exc:
            handleplan_kommentar_create(version=v1, tekst="  ", actor=cast.erik_user)
        assert "tekst" in exc.value.message_dict

    def test_it_refuses_comments_on_an_old_version(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        _v2(v1, cast.anna)
        with pytest.raises(ApplicationError):
            handleplan_kommentar_create(version=v1, tekst="Hej", actor=cast.erik_user)

    def test_the_database_keeps_comments_unchanged(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        k = handleplan_kommentar_create(version=v1, tekst="Godt", actor=cast.erik_user)
        with pytest.raises(ProgrammingError), transaction.atomic():
            HandleplanKommentar.objects.filter(pk=k.pk).update(tekst="Skidt")


@pytest.mark.django_db
class HandleplanAcceptTests:
    def test_the_citizen_accepts_the_current_version(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna, svar="ikke_besluttet")
        v1 = handleplan_accept(version=v1, actor=cast.erik_user, now=NOW)
        assert (v1.accepteret_af, v1.accepteret_rolle, v1.accepteret_at) == (cast.erik_user, "borger", NOW)
        plan = Handleplan.objects.get(pk=v1.handleplan_id)
        assert (plan.svar, plan.svar_on) == ("accepteret", NOW.date())

    def test_staff_may_record_the_acceptance(self, cast, ffb) -> None:
        v1 = handleplan_accept(version=written(cast.sag_erik, cast.anna), actor=cast.anna, now=NOW)
        assert v1.accepteret_rolle == "sagsbehandler"

    def test_it_refuses_accepting_twice(self, cast, ffb) -> None:
        v1 = handleplan_accept(version=written(cast.sag_erik, cast.anna), actor=cast.erik_user, now=NOW)
        with pytest.raises(ApplicationError) as exc:
            handleplan_accept(version=v1, actor=cast.erik_user, now=NOW)
        assert exc.value.code == "allerede_accepteret"

    def test_it_refuses_accepting_an_old_version(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        _v2(v1, cast.anna)
        with pytest.raises(ApplicationError) as exc:
            handleplan_accept(version=v1, actor=cast.erik_user, now=NOW)
        assert exc.value.code == "ikke_gaeldende"

    def test_another_citizen_or_the_leverandoer_may_not_accept(self, plan, ffb) -> None:
        v1 = written(plan.sag_erik, plan.anna)
        for user in (plan.gitte_user, plan.dorte):
            with pytest.raises(NotAllowedError):
                handleplan_accept(version=v1, actor=user, now=NOW)

    def test_the_database_refuses_accepting_an_old_version(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        _v2(v1, cast.anna)
        with pytest.raises(IntegrityError), transaction.atomic():
            HandleplanVersion.objects.filter(pk=v1.pk).update(accepteret_at=NOW, accepteret_rolle="borger")

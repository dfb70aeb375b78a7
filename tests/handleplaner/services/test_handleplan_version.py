from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, ProgrammingError, transaction

from bostotte.core.exceptions import ApplicationError, ConflictError, NotAllowedError
from handleplaner.models import HandleplanVersion
from handleplaner.services import handleplan_get_or_create, handleplan_version_create

from ..factories import INDHOLD, NOW, offered, written


def _next(version: HandleplanVersion, actor, expected: int | None = None, **changes):  # type: ignore[no-untyped-def]
    values = {k: getattr(version, k) for k in HandleplanVersion.INDHOLD}
    values.update(changes)
    values.setdefault("aendringer", "Rettet formålet efter samtale med Erik.")
    return handleplan_version_create(
        handleplan=version.handleplan, expected_nummer=version.nummer if expected is None else expected,
        actor=actor, now=NOW, **values,
    )


@pytest.mark.django_db
class HandleplanVersionTests:
    def test_it_writes_the_first_version_as_current(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        assert (v1.nummer, v1.er_gaeldende, v1.oprettet_af) == (1, True, cast.anna)

    def test_a_new_version_replaces_the_current_one(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        v2 = _next(v1, cast.anna, formaal="Erik vil bo godt og komme ud blandt andre.")
        v1.refresh_from_db()
        assert (v1.er_gaeldende, v2.er_gaeldende, v2.nummer) == (False, True, 2)
        assert HandleplanVersion.objects.filter(handleplan=v1.handleplan, er_gaeldende=True).count() == 1
        assert v1.formaal == INDHOLD["formaal"]  # the old text is kept as it was

    def test_it_requires_a_what_changed_summary_from_version_2(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        with pytest.raises(ValidationError) as exc:
            _next(v1, cast.anna, formaal="Nyt formål", aendringer="")
        assert "aendringer" in exc.value.message_dict

    def test_it_refuses_a_version_without_changes(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        with pytest.raises(ValidationError):
            _next(v1, cast.anna)

    def test_it_requires_the_stk3_content(self, cast, ffb) -> None:
        plan = offered(cast.sag_erik, cast.anna)
        with pytest.raises(ValidationError) as exc:
            handleplan_version_create(handleplan=plan, expected_nummer=0, formaal=" ", indsats="", varighed="", actor=cast.anna, now=NOW)
        assert {"formaal", "indsats", "varighed"} <= set(exc.value.message_dict)

    def test_it_asks_why_when_not_written_with_the_citizen(self, cast, ffb) -> None:
        plan = offered(cast.sag_erik, cast.anna)
        with pytest.raises(ValidationError) as exc:
            handleplan_version_create(handleplan=plan, expected_nummer=0, actor=cast.anna, now=NOW, **{**INDHOLD, "udarbejdet_med_borger": False})
        assert "udarbejdet_hvordan" in exc.value.message_dict

    def test_it_refuses_a_stale_edit(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        _next(v1, cast.anna, formaal="Anna skrev først.")
        with pytest.raises(ConflictError):
            _next(v1, cast.anders, expected=1, formaal="Anders skrev bagefter.")

    def test_it_refuses_when_the_citizen_declined(self, cast, ffb) -> None:
        plan = offered(cast.sag_erik, cast.anna, svar="afslaaet")
        with pytest.raises(ApplicationError) as exc:
            handleplan_version_create(handleplan=plan, expected_nummer=0, actor=cast.anna, now=NOW, **INDHOLD)
        assert exc.value.code == "afslaaet"

    def test_it_refuses_before_the_offer(self, cast, ffb) -> None:
        plan = handleplan_get_or_create(sag=cast.sag_erik, actor=cast.anna)
        with pytest.raises(ApplicationError):
            handleplan_version_create(handleplan=plan, expected_nummer=0, actor=cast.anna, now=NOW, **INDHOLD)

    def test_only_the_myndighed_writes_the_plan(self, plan, ffb) -> None:
        v1 = written(plan.sag_erik, plan.anna)
        for user in (plan.dorte, plan.lise, plan.carl):
            with pytest.raises(NotAllowedError):
                _next(v1, user, formaal="Skrevet af en anden")

    def test_the_database_allows_one_current_version_only(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        with pytest.raises(IntegrityError), transaction.atomic():
            HandleplanVersion.objects.create(handleplan=v1.handleplan, nummer=2, aendringer="x", **INDHOLD)

    def test_the_database_refuses_changes_to_an_old_version(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        _next(v1, cast.anna, formaal="Nyt formål")
        with pytest.raises(IntegrityError), transaction.atomic():
            HandleplanVersion.objects.filter(pk=v1.pk).update(formaal="Omskrevet historie")
        with pytest.raises(IntegrityError), transaction.atomic():
            HandleplanVersion.objects.filter(pk=v1.pk).update(er_gaeldende=True)

    def test_the_database_refuses_changes_to_the_current_text_too(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        with pytest.raises(IntegrityError), transaction.atomic():
            HandleplanVersion.objects.filter(pk=v1.pk).update(behandling="Ændret uden ny version")

    def test_the_database_refuses_deleting_a_version(self, cast, ffb) -> None:
        v1 = written(cast.sag_erik, cast.anna)
        with pytest.raises(ProgrammingError), transaction.atomic():
            HandleplanVersion.objects.filter(pk=v1.pk).delete()

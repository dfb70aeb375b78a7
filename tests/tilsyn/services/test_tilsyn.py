"""tilsyn_create: personrelateret tilsyn (§ 148)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from tests.factories import make_kommune
from tests.tilsyn import builders as b
from tilsyn.models import Opgave, Tilsyn
from tilsyn.services.frister import frister_scan
from tilsyn.services.tilsyn import tilsyn_create
from visitation.models import Afgoerelse

pytestmark = pytest.mark.django_db


def _create(cast, w, **kw):  # type: ignore[no-untyped-def]
    args = {
        "sag": w.sag, "afgoerelse": w.bevilling, "udfoert_on": date(2027, 3, 20), "form": "moede_borger",
        "formaal_opfyldt": "ja", "borgers_beretning": "Jeg er glad for min bostøtte.", "sikkerhed_ok": "ja",
        "paaroerende": "ja", "konklusion": "Støtten virker efter hensigten.", "handling": "ingen",
        "actor": cast.anna, "now": b.at(2027, 3, 20, 12),
    }
    args.update(kw)
    return tilsyn_create(**args)


class TilsynCreateTests:
    def test_it_records_the_tilsyn_and_closes_the_task(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        frister_scan(now=b.at(2027, 3, 10))
        assert Opgave.objects.get(art="tilsyn").due_on == date(2027, 4, 1)
        t = _create(cast, w)
        assert not t.anden_kommune
        frister_scan(now=b.at(2027, 3, 21))
        assert Opgave.objects.get(art="tilsyn").status == "udfoert"

    def test_it_marks_a_citizen_placed_in_another_kommune(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        w.sag.handlekommune = make_kommune("101", "København")
        w.sag.save(update_fields=["handlekommune"])
        assert _create(cast, w).anden_kommune

    def test_a_problem_needs_a_follow_up_action(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        with pytest.raises(ValidationError) as exc:
            _create(cast, w, formaal_opfyldt="nej")
        assert "handling" in exc.value.message_dict
        t = _create(cast, w, formaal_opfyldt="delvist", handling="plan", handling_beskrivelse="Flere timer til økonomi i handleplanen.")
        assert t.handling == "plan"

    def test_the_database_refuses_a_problem_without_an_action(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        t = _create(cast, w)
        with pytest.raises(IntegrityError), transaction.atomic():
            Tilsyn.objects.filter(pk=t.pk).update(sikkerhed_ok="nej")

    def test_revisitation_starts_one(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        t = _create(cast, w, formaal_opfyldt="nej", handling="revisitation", handling_beskrivelse="Behovet er ændret.")
        assert t.revisitation.er_revisitation and t.revisitation.sag == w.sag

    def test_it_needs_the_citizens_own_account(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        with pytest.raises(ValidationError) as exc:
            _create(cast, w, borgers_beretning=" ")
        assert "borgers_beretning" in exc.value.message_dict

    def test_it_refuses_an_inactive_bevilling_and_a_leverandoer(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        with pytest.raises(NotAllowedError):
            _create(cast, w, actor=cast.lise)
        Afgoerelse.objects.filter(pk=w.bevilling.pk).update(er_aktiv=False)
        with pytest.raises(ApplicationError):
            _create(cast, w)

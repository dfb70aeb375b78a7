from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError
from visitation import services as s
from visitation.models import Klage

from ..builders import NOW, make_draft


@pytest.fixture
def afslag(cast, ks):  # type: ignore[no-untyped-def]
    d = make_draft(cast.sag_erik, cast.anna, resultat="afslag")
    return s.afgoerelse_traef(afgoerelse=d, version=d.version, actor=cast.anna, now=NOW)


@pytest.mark.django_db
class KlageTests:
    def test_it_registers_with_a_four_week_genvurdering_frist(self, cast, afslag) -> None:
        k = s.klage_create(afgoerelse=afslag, modtaget_on=date(2026, 3, 20), form="mundtlig", beskrivelse="Uenig i afslaget.", actor=cast.anna, now=NOW)
        assert k.genvurdering_frist_on == date(2026, 4, 17)

    def test_it_refuses_a_draft_decision(self, cast, ks) -> None:
        with pytest.raises(ApplicationError):
            s.klage_create(afgoerelse=make_draft(cast.sag_erik, cast.anna), modtaget_on=date(2026, 3, 20), form="skriftlig", beskrivelse="x", actor=cast.anna, now=NOW)

    def test_it_refuses_bad_input(self, cast, afslag) -> None:
        with pytest.raises(ValidationError) as exc:
            s.klage_create(afgoerelse=afslag, modtaget_on=date(2026, 3, 21), form="brevdue", beskrivelse="", actor=cast.anna, now=NOW)
        assert set(exc.value.message_dict) == {"modtaget_on", "form", "beskrivelse"}

    def test_a_fastholdt_klage_goes_to_ankestyrelsen_and_gets_an_outcome(self, cast, afslag) -> None:
        k = s.klage_create(afgoerelse=afslag, modtaget_on=date(2026, 3, 20), form="skriftlig", beskrivelse="x", actor=cast.anna, now=NOW)
        k = s.klage_genvurder(klage=k, genvurdering="fastholdt", begrundelse="Ingen nye oplysninger.", genvurderet_on=date(2026, 3, 20), actor=cast.anna, now=NOW)
        k = s.klage_send_ankestyrelsen(klage=k, sendt_on=date(2026, 3, 20), actor=cast.anna, now=NOW)
        k = s.klage_anke_resultat(klage=k, resultat="stadfaestet", resultat_on=date(2026, 3, 20), actor=cast.anna, now=NOW)
        assert k.anke_resultat == "stadfaestet"

    def test_medhold_is_not_sent_to_ankestyrelsen(self, cast, afslag) -> None:
        k = s.klage_create(afgoerelse=afslag, modtaget_on=date(2026, 3, 20), form="skriftlig", beskrivelse="x", actor=cast.anna, now=NOW)
        k = s.klage_genvurder(klage=k, genvurdering="medhold", begrundelse="Nye oplysninger.", genvurderet_on=date(2026, 3, 20), actor=cast.anna, now=NOW)
        with pytest.raises(ApplicationError, match="fastholdt"):
            s.klage_send_ankestyrelsen(klage=k, sendt_on=date(2026, 3, 20), actor=cast.anna, now=NOW)
        with pytest.raises(ApplicationError):
            s.klage_anke_resultat(klage=k, resultat="aendret", resultat_on=date(2026, 3, 20), actor=cast.anna, now=NOW)

    def test_it_cannot_be_genvurderet_twice(self, cast, afslag) -> None:
        k = s.klage_create(afgoerelse=afslag, modtaget_on=date(2026, 3, 20), form="skriftlig", beskrivelse="x", actor=cast.anna, now=NOW)
        s.klage_genvurder(klage=k, genvurdering="delvist", begrundelse="x", genvurderet_on=date(2026, 3, 20), actor=cast.anna, now=NOW)
        with pytest.raises(ApplicationError):
            s.klage_genvurder(klage=k, genvurdering="fastholdt", begrundelse="x", genvurderet_on=date(2026, 3, 20), actor=cast.anna, now=NOW)

    def test_the_database_sends_only_upheld_complaints(self, cast, afslag) -> None:
        k = s.klage_create(afgoerelse=afslag, modtaget_on=date(2026, 3, 20), form="skriftlig", beskrivelse="x", actor=cast.anna, now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            Klage.objects.filter(pk=k.pk).update(sendt_ankestyrelsen_on=date(2026, 3, 20))

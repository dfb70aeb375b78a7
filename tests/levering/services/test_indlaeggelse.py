from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from levering.models import Indlaeggelse, Tildeling
from levering.selectors import indlaeggelse_udskrivninger_uden_opfoelgning
from levering.services import (
    indlaeggelse_create,
    indlaeggelse_opfoelgning_afslut,
    indlaeggelse_udskriv,
)

from .. import builders
from ..conftest import NOW


class IndlaeggelseCreateTests:
    def test_pause_defaults_from_the_kvalitetsstandard(self, cast, erik):
        builders.kvalitetsstandard(pause_ved_indlaeggelse=True)
        ind = indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 2, 20), actor=cast.dorte, now=NOW)
        assert ind.pause and ind.pause_standard and ind.registreret_af == cast.dorte
        assert Tildeling.objects.filter(pk=erik.tildeling.pk, ends_on__isnull=True).exists()  # the bostøtte stays assigned
        assert cast.sag_erik.journal.filter(emne="Indlæggelse registreret").exists()

    def test_an_override_needs_a_reason(self, cast, erik):
        with pytest.raises(ValidationError) as exc:
            indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 2, 20), pause=True, actor=cast.lise, now=NOW)
        assert "pause_begrundelse" in exc.value.message_dict
        ind = indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 2, 20), pause=True, pause_begrundelse="Borgeren ønsker ro", actor=cast.lise, now=NOW)
        assert ind.pause and not ind.pause_standard

    def test_the_database_refuses_an_override_without_reason(self, cast, erik):
        with pytest.raises(IntegrityError), transaction.atomic():
            Indlaeggelse.objects.create(sag=cast.sag_erik, borger=cast.erik, indlagt_on=date(2026, 2, 1), pause=True, pause_standard=False)

    def test_only_one_open_admission(self, cast, erik):
        indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 2, 20), actor=cast.anna, now=NOW)
        with pytest.raises(ValidationError):
            indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 2, 25), actor=cast.anna, now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            Indlaeggelse.objects.create(sag=cast.sag_erik, borger=cast.erik, indlagt_on=date(2026, 2, 25), pause=False, pause_standard=False)

    def test_someone_not_on_the_case_cannot_register(self, cast, erik):
        for user in (cast.lars, cast.frank, cast.carl):
            with pytest.raises(NotAllowedError):
                indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 2, 20), actor=user, now=NOW)


class IndlaeggelseUdskrivTests:
    def test_discharge_creates_a_follow_up(self, cast, erik):
        ind = indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 2, 10), actor=cast.anna, now=NOW)
        indlaeggelse_udskriv(indlaeggelse=ind, udskrevet_on=date(2026, 2, 20), actor=cast.dorte, now=NOW)
        assert cast.sag_erik.journal.filter(emne="Udskrevet – opfølgning").exists()
        assert list(indlaeggelse_udskrivninger_uden_opfoelgning()) == [ind]
        with pytest.raises(NotAllowedError):
            indlaeggelse_opfoelgning_afslut(indlaeggelse=ind, actor=cast.dorte, now=NOW)
        indlaeggelse_opfoelgning_afslut(indlaeggelse=ind, actor=cast.anna, now=NOW)
        assert not indlaeggelse_udskrivninger_uden_opfoelgning().exists()

    def test_discharge_before_admission_is_refused(self, cast, erik):
        ind = indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 2, 10), actor=cast.anna, now=NOW)
        with pytest.raises(ValidationError):
            indlaeggelse_udskriv(indlaeggelse=ind, udskrevet_on=date(2026, 2, 9), actor=cast.anna, now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            Indlaeggelse.objects.filter(pk=ind.pk).update(udskrevet_on=date(2026, 2, 9))

    def test_twice_is_refused(self, cast, erik):
        ind = indlaeggelse_create(sag=cast.sag_erik, indlagt_on=date(2026, 2, 10), actor=cast.anna, now=NOW)
        indlaeggelse_udskriv(indlaeggelse=ind, udskrevet_on=date(2026, 2, 20), actor=cast.anna, now=NOW)
        with pytest.raises(ApplicationError):
            indlaeggelse_udskriv(indlaeggelse=ind, udskrevet_on=date(2026, 2, 21), actor=cast.anna, now=NOW)

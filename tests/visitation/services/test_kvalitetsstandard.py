from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from visitation import services as s
from visitation.models import Kvalitetsstandard

from ..builders import NOW, make_bevilling


@pytest.mark.django_db
class KvalitetsstandardTests:
    def test_it_publishes_a_new_version_and_supersedes_the_old(self, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        assert draft.version == 2 and draft.status == "kladde"
        assert set(draft.ydelser.all()) == set(ks.ydelser.all())
        draft = s.kvalitetsstandard_update(kvalitetsstandard=draft, actor=cast.bo, sagsbehandlingsfrist_ny_uger=6)
        s.kvalitetsstandard_publish(kvalitetsstandard=draft, actor=cast.bo, now=NOW)
        ks.refresh_from_db()
        assert ks.status == "afloest"
        assert s.kvalitetsstandard_gaeldende(lovgrundlag="sel_85").pk == draft.pk

    def test_it_keeps_decisions_on_the_version_they_were_made_under(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        s.kvalitetsstandard_publish(kvalitetsstandard=draft, actor=cast.bo, now=NOW)
        afg.refresh_from_db()
        assert afg.kvalitetsstandard_id == ks.pk

    def test_it_refuses_a_sagsbehandler(self, cast, ks) -> None:
        with pytest.raises(NotAllowedError):
            s.kvalitetsstandard_new_version(fra=ks, actor=cast.anna, now=NOW)

    def test_it_refuses_to_edit_a_published_version(self, cast, ks) -> None:
        with pytest.raises(ApplicationError, match="ny version"):
            s.kvalitetsstandard_update(kvalitetsstandard=ks, actor=cast.bo, titel="x")

    def test_it_refuses_a_second_draft(self, cast, ks) -> None:
        s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        with pytest.raises(ApplicationError, match="kladde"):
            s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)

    def test_it_refuses_to_publish_an_incomplete_draft(self, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        s.kvalitetsstandard_update(kvalitetsstandard=draft, actor=cast.bo, kontakt="")
        with pytest.raises(ApplicationError, match="kontaktoplysninger"):
            s.kvalitetsstandard_publish(kvalitetsstandard=draft, actor=cast.bo, now=NOW)

    def test_the_database_allows_one_published_version(self, cast, ks) -> None:
        draft = s.kvalitetsstandard_new_version(fra=ks, actor=cast.bo, now=NOW)
        with pytest.raises(IntegrityError), transaction.atomic():
            Kvalitetsstandard.objects.filter(pk=draft.pk).update(status="publiceret")

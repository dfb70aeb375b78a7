from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, ConflictError
from bostotte.core.services.borger import borger_update
from bostotte.ffb.selectors import FUNKTIONSEVNENIVEAU_LET, kode_get
from visitation import services as s
from visitation.models import Bestilling, Indsatsmaal

from ..builders import NOW, maal, make_bestilling, make_bevilling, make_draft, undertema_other


@pytest.mark.django_db
class BestillingCreateTests:
    def test_it_creates_a_draft_from_the_bevilling(self, cast, ks) -> None:
        borger_update(borger=cast.erik, actor=None, oensket_koen="kvinde", oensket_sprog="engelsk")
        afg = make_bevilling(cast.sag_erik, cast.anna)
        best = make_bestilling(afg, cast.anna, cast.lev_nord)
        assert best.status == "kladde" and best.timer == afg.timer and best.timer_periode == "uge"
        assert set(best.ydelser.all()) == set(afg.ydelser.all())
        assert "kvinde" in best.borgers_oensker and "engelsk" in best.borgers_oensker
        m = best.indsatsmaal.get()
        assert m.opfoelgning_on == date(2026, 10, 1)  # start + 6 months from the kvalitetsstandard
        assert best.delte_tilstande.count() == 1

    def test_it_accepts_an_expected_level_instead_of_a_maaltype(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        best = s.bestilling_create(afgoerelse=afg, leverandoer=cast.lev_nord, indsatsformaal="Formål", starts_on=date(2026, 4, 1),
                                   indsatsmaal=[maal(maaltype=None, forventet_niveau=kode_get(FUNKTIONSEVNENIVEAU_LET), opfoelgning_on=date(2026, 7, 1))],
                                   actor=cast.anna, now=NOW)
        assert best.indsatsmaal.get().opfoelgning_on == date(2026, 7, 1)

    def test_it_refuses_hours_above_the_frame_and_bad_goals(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        with pytest.raises(ValidationError) as exc:
            s.bestilling_create(afgoerelse=afg, leverandoer=cast.lev_nord, indsatsformaal="", starts_on=date(2026, 3, 1),
                                timer=Decimal("20"), timer_periode="maaned",
                                indsatsmaal=[maal(undertema=undertema_other()), maal(undertema=undertema_other(), maaltype=None)],
                                actor=cast.anna, now=NOW)
        errors = exc.value.message_dict
        assert set(errors) == {"indsatsformaal", "starts_on", "timer", "indsatsmaal"}
        assert any("Aktivitet og deltagelse" in e for e in errors["indsatsmaal"])
        assert any("måltype eller et forventet" in e for e in errors["indsatsmaal"])

    def test_it_refuses_a_decision_that_is_not_an_active_bevilling(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna)
        with pytest.raises(ApplicationError, match="aktiv bevilling"):
            make_bestilling(afg, cast.anna, cast.lev_nord)

    def test_it_refuses_a_second_live_order(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        make_bestilling(afg, cast.anna, cast.lev_nord)
        with pytest.raises(ApplicationError, match="allerede en bestilling"):
            make_bestilling(afg, cast.anna, cast.lev_privat)

    def test_the_database_ties_goals_to_aktivitet_og_deltagelse(self, cast, ks) -> None:
        best = make_bestilling(make_bevilling(cast.sag_erik, cast.anna), cast.anna, cast.lev_nord)
        with pytest.raises(DatabaseError), transaction.atomic():
            Indsatsmaal.objects.filter(bestilling=best).update(undertema=undertema_other())


@pytest.mark.django_db
class BestillingUpdateTests:
    def test_it_changes_a_draft(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        best = make_bestilling(afg, cast.anna, cast.lev_nord)
        best = s.bestilling_update(bestilling=best, version=best.version, actor=cast.anna, leverandoer=cast.lev_privat,
                                   indsatsformaal="Nyt", starts_on=date(2026, 4, 2), indsatsmaal=[maal(), ], ydelser=[],
                                   timer=Decimal("2"), timer_periode="uge", delte_tilstande=[], del_borgers_maal=False)
        assert best.leverandoer == cast.lev_privat and best.delte_tilstande.count() == 0 and not best.del_borgers_maal

    def test_it_refuses_a_sent_order(self, cast, ks) -> None:
        best = make_bestilling(make_bevilling(cast.sag_erik, cast.anna), cast.anna, cast.lev_nord, send=True)
        with pytest.raises(ApplicationError, match="sendt"):
            s.bestilling_update(bestilling=best, version=best.version, actor=cast.anna, leverandoer=cast.lev_nord,
                                indsatsformaal="x", starts_on=date(2026, 4, 1), indsatsmaal=[maal()], ydelser=[], timer=Decimal(1), timer_periode="uge")

    def test_it_refuses_a_stale_version(self, cast, ks) -> None:
        best = make_bestilling(make_bevilling(cast.sag_erik, cast.anna), cast.anna, cast.lev_nord)
        s.bestilling_send(bestilling=best, version=best.version, actor=cast.anders, now=NOW)
        with pytest.raises(ConflictError):
            s.bestilling_send(bestilling=best, version=best.version, actor=cast.anna, now=NOW)


@pytest.mark.django_db
class BestillingSendWithdrawTests:
    def test_it_sends_and_the_leverandoer_sees_it(self, cast, ks) -> None:
        best = make_bestilling(make_bevilling(cast.sag_erik, cast.anna), cast.anna, cast.lev_nord, send=True)
        assert best.status == "sendt" and best.sendt_at == NOW
        assert Bestilling.objects.visible_to(cast.lise).filter(pk=best.pk).exists()
        assert not Bestilling.objects.visible_to(cast.lars).filter(pk=best.pk).exists()

    def test_a_draft_is_not_in_the_inbox(self, cast, ks) -> None:
        best = make_bestilling(make_bevilling(cast.sag_erik, cast.anna), cast.anna, cast.lev_nord)
        assert not Bestilling.objects.visible_to(cast.lise).filter(pk=best.pk).exists()

    def test_it_cannot_be_sent_twice(self, cast, ks) -> None:
        best = make_bestilling(make_bevilling(cast.sag_erik, cast.anna), cast.anna, cast.lev_nord, send=True)
        with pytest.raises(ApplicationError, match="allerede sendt"):
            s.bestilling_send(bestilling=best, version=None, actor=cast.anna, now=NOW)

    def test_it_withdraws_with_a_reason(self, cast, ks) -> None:
        best = make_bestilling(make_bevilling(cast.sag_erik, cast.anna), cast.anna, cast.lev_nord, send=True)
        with pytest.raises(ValidationError):
            s.bestilling_withdraw(bestilling=best, begrundelse="", actor=cast.anna, now=NOW)
        best = s.bestilling_withdraw(bestilling=best, begrundelse="Borgeren er flyttet.", actor=cast.anna, now=NOW)
        assert best.status == "tilbagekaldt"
        with pytest.raises(ApplicationError):
            s.bestilling_withdraw(bestilling=best, begrundelse="igen", actor=cast.anna, now=NOW)

    def test_the_database_requires_a_reason_for_a_decline(self, cast, ks) -> None:
        best = make_bestilling(make_bevilling(cast.sag_erik, cast.anna), cast.anna, cast.lev_nord, send=True)
        with pytest.raises(IntegrityError), transaction.atomic():
            Bestilling.objects.filter(pk=best.pk).update(status="afvist")

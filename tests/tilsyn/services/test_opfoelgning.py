"""opfoelgning_create: re-ratings, results, revisitation and 'ændres inden for rammen'."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, NotAllowedError
from bostotte.core.models import Journalnotat
from bostotte.ffb import codes
from bostotte.ffb.selectors import kode_get
from tests.tilsyn import builders as b
from tilsyn.models import Notifikation, Opfoelgning, Opgave, TilstandVurdering
from tilsyn.services.frister import frister_scan
from tilsyn.services.opfoelgning import VurderingInput, opfoelgning_create
from visitation.models import Bestilling, Indsatsmaal, Udredning

pytestmark = pytest.mark.django_db
NOW = b.at(2026, 9, 28, 10)


def _create(cast, w, **kw):  # type: ignore[no-untyped-def]
    args = {
        "sag": w.sag, "bestilling": w.bestilling, "indsatsmaal": w.maal, "udfoert_on": date(2026, 9, 28),
        "form": "moede_borger", "deltagere": "Erik, Dorte (bostøtte), Anna",
        "vurderinger": [VurderingInput(undertema=b.undertema_ad(), niveau=b.niveau(2), beskrivelse="Handler selv ind")],
        "stoettebehov": kode_get(codes.STOETTEBEHOV_LET), "borgers_vurdering": "Jeg klarer det meste selv nu.",
        "resultat": "fortsaet", "naeste_opfoelgning_on": date(2027, 3, 28), "gas_score": 1, "actor": cast.anna, "now": NOW,
    }
    args.update(kw)
    return opfoelgning_create(**args)


class OpfoelgningCreateTests:
    def test_it_keeps_the_level_before_and_after(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        opf = _create(cast, w)
        [tv] = opf.vurderinger.all()
        assert (tv.foer_niveau.ordinal, tv.efter_niveau.ordinal) == (3, 2)  # from the udredning
        assert opf.status_kode.code == codes.STATUS_FORTSAETTELSE
        opf2 = _create(cast, w, udfoert_on=date(2026, 10, 5), naeste_opfoelgning_on=date(2027, 4, 5),
                       vurderinger=[VurderingInput(undertema=b.undertema_ad(), niveau=b.niveau(1))], now=b.at(2026, 10, 5, 10))
        [tv2] = opf2.vurderinger.all()
        assert (tv2.foer_niveau.ordinal, tv2.efter_niveau.ordinal) == (2, 1)  # before = the last re-rating

    def test_it_sets_the_next_follow_up_and_closes_the_task(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        frister_scan(now=b.at(2026, 9, 20))
        _create(cast, w)
        w.maal.refresh_from_db()
        assert w.maal.opfoelgning_on == date(2027, 3, 28)
        frister_scan(now=b.at(2026, 9, 29))
        assert list(Opgave.objects.filter(art="opfoelgning").values_list("status", flat=True)) == ["udfoert"]
        assert Journalnotat.objects.filter(sag=w.sag, emne="Opfølgning").exists()

    def test_it_requires_every_addressed_undertema_re_rated(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        with pytest.raises(ValidationError) as exc:
            _create(cast, w, vurderinger=[])
        assert f"vurdering_{b.undertema_ad().pk}" in exc.value.message_dict

    def test_it_refuses_a_rating_outside_aktivitet_og_deltagelse(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        with pytest.raises(ValidationError) as exc:
            _create(cast, w, vurderinger=[VurderingInput(undertema=b.undertema_ad(), niveau=b.niveau(2)),
                                          VurderingInput(undertema=b.undertema_other(), niveau=b.niveau(2))])
        assert "Aktivitet og deltagelse" in str(exc.value.message_dict[f"vurdering_{b.undertema_other().pk}"])

    def test_the_database_refuses_a_rating_outside_aktivitet_og_deltagelse(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        opf = _create(cast, w)
        with pytest.raises(IntegrityError), transaction.atomic():
            TilstandVurdering.objects.create(opfoelgning=opf, undertema=b.undertema_other(), efter_niveau=b.niveau(1))
        with pytest.raises(IntegrityError), transaction.atomic():
            TilstandVurdering.objects.create(opfoelgning=opf, undertema=b.undertema_ad2(), efter_niveau=kode_get(codes.STOETTEBEHOV_LET))

    def test_the_database_refuses_an_ffb_result_without_its_code(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        opf = _create(cast, w)
        with pytest.raises(IntegrityError), transaction.atomic():
            Opfoelgning.objects.filter(pk=opf.pk).update(status_kode=None)
        with pytest.raises(IntegrityError), transaction.atomic():
            Opfoelgning.objects.filter(pk=opf.pk).update(gas_score=3)
        with pytest.raises(IntegrityError), transaction.atomic():
            Opfoelgning.objects.filter(pk=opf.pk).update(stoettebehov=b.niveau(1))

    def test_it_needs_a_next_date_to_continue(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        with pytest.raises(ValidationError) as exc:
            _create(cast, w, naeste_opfoelgning_on=None)
        assert "naeste_opfoelgning_on" in exc.value.message_dict

    def test_it_ends_the_goal(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        opf = _create(cast, w, resultat="afslut", naeste_opfoelgning_on=None)
        w.maal.refresh_from_db()
        assert w.maal.status == "afsluttet" and opf.status_kode.code == codes.STATUS_AFSLUTNING
        with pytest.raises(ApplicationError):
            _create(cast, w)

    def test_end_and_revisitate_starts_a_revisitation(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        opf = _create(cast, w, resultat="afslut_ny", naeste_opfoelgning_on=None)
        udr = Udredning.objects.get(pk=opf.revisitation_id)
        assert udr.er_revisitation and udr.status == "kladde" and udr.forrige == w.udredning
        assert opf.status_kode.code == codes.STATUS_AFSLUTNING_OG_NY_VISITATION

    def test_adjust_within_the_frame_changes_the_order_and_tells_the_leverandoer(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)  # 3 hours a week granted
        opf = _create(cast, w, resultat="aendres", ny_timer=Decimal("2.5"))
        assert opf.status_kode is None
        best = Bestilling.objects.get(pk=w.bestilling.pk)
        assert best.timer == Decimal("2.5") and best.version == w.bestilling.version + 1
        assert Notifikation.objects.filter(modtager=cast.lise, titel="Bestilling ændret inden for rammen").count() == 1
        assert Journalnotat.objects.filter(sag=w.sag, emne="Bestillingen ændret inden for rammen").exists()

    def test_adjust_within_the_frame_never_exceeds_the_granted_hours(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        with pytest.raises(ValidationError) as exc:
            _create(cast, w, resultat="aendres", ny_timer=Decimal("4"))
        assert "ny afgørelse" in exc.value.message_dict["ny_timer"][0]
        assert Bestilling.objects.get(pk=w.bestilling.pk).timer == Decimal("3")

    def test_it_follows_up_on_the_whole_social_indsats(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        Indsatsmaal.objects.create(bestilling=w.bestilling, undertema=b.undertema_ad2(), beskrivelse="Betaler regninger", maaltype=kode_get(codes.MAALTYPE_UDVIKLE), opfoelgning_on=date(2026, 10, 1))
        opf = _create(cast, w, indsatsmaal=None, vurderinger=[
            VurderingInput(undertema=b.undertema_ad(), niveau=b.niveau(2)), VurderingInput(undertema=b.undertema_ad2(), niveau=b.niveau(1))])
        assert opf.vurderinger.count() == 2
        assert set(Indsatsmaal.objects.filter(bestilling=w.bestilling).values_list("opfoelgning_on", flat=True)) == {date(2027, 3, 28)}

    def test_it_refuses_a_leverandoer(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        with pytest.raises(NotAllowedError):
            _create(cast, w, actor=cast.lise)

    def test_it_refuses_a_future_date(self, cast, ffb) -> None:  # type: ignore[no-untyped-def]
        w = b.make_world(cast)
        with pytest.raises(ValidationError) as exc:
            _create(cast, w, udfoert_on=date(2026, 10, 1))
        assert "udfoert_on" in exc.value.message_dict

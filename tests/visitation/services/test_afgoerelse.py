from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from bostotte.core.exceptions import ApplicationError, ConflictError, NotAllowedError
from bostotte.ffb.models import Kode
from tests.factories import make_borger, make_sag
from visitation import services as s
from visitation.models import Afgoerelse, Henvendelse

from ..builders import (
    NOW,
    complete_fields,
    make_bevilling,
    make_draft,
    make_henvendelse,
    make_kvalitetsstandard,
    make_udredning,
)


@pytest.mark.django_db
class AfgoerelseValidateCompleteTests:
    def test_a_complete_bevilling_has_nothing_missing(self, cast, ks) -> None:
        assert s.afgoerelse_validate_complete(make_draft(cast.sag_erik, cast.anna), now=NOW) == []

    @pytest.mark.parametrize(
        "field,value,missing",
        [
            ("maalgruppe", None, "primær målgruppe"),
            ("form", "", "form (individuel, gruppebaseret eller kombineret)"),
            ("starts_on", None, "startdato"),
            ("revisitation_maaneder", None, "interval for revisitation"),
            ("tilsyn_maaneder", None, "interval for personrelateret tilsyn"),
            ("begrundelse_regler", "", "begrundelse: de regler, afgørelsen bygger på"),
            ("begrundelse_hovedhensyn", "", "begrundelse: de hovedhensyn, der er lagt vægt på"),
            ("begrundelse_fakta", "", "begrundelse: de oplysninger, der er lagt vægt på"),
            ("partshoering", "", "partshøring (gennemført eller hvorfor den ikke er nødvendig)"),
            ("partshoering_ikke_begrundelse", "", "begrundelse for, at partshøring ikke er nødvendig"),
            ("klagevejledning", "", "klagevejledning"),
            ("forhoejet_uger", 8, "både timer og uger for den forhøjede ramme efter udskrivning"),
        ],
    )
    def test_it_names_each_missing_item(self, cast, ks, field, value, missing) -> None:
        afg = make_draft(cast.sag_erik, cast.anna, **{field: value})
        assert s.afgoerelse_validate_complete(afg, now=NOW) == [missing]

    def test_it_requires_an_udmaaling(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna, timer=None, timer_periode="")
        afg.ydelser.clear()
        assert s.afgoerelse_validate_complete(afg, now=NOW) == ["udmåling (timer pr. uge eller måned og/eller ydelser)"]

    def test_it_requires_partshoering_date(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna, partshoering="gennemfoert")
        assert s.afgoerelse_validate_complete(afg, now=NOW) == ["dato for partshøring"]

    def test_fuldt_medhold_needs_no_begrundelse(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna, fuldt_medhold=True, begrundelse_regler="", begrundelse_hovedhensyn="", begrundelse_fakta="")
        assert s.afgoerelse_validate_complete(afg, now=NOW) == []

    def test_it_requires_a_finished_udredning(self, cast, ks) -> None:
        udr = make_udredning(cast.sag_erik, cast.anna, finish=False)
        afg = make_draft(cast.sag_erik, cast.anna, udredning=udr)
        assert s.afgoerelse_validate_complete(afg, now=NOW) == ["en afsluttet udredning"]

    def test_it_requires_the_citizen_to_be_18(self, cast, ks) -> None:
        ung = make_borger("Unge", "Ung", birth=date(2008, 6, 1), kommune=cast.kommune)
        sag = make_sag(ung, cast.anna)
        afg = make_draft(sag, cast.anna, starts_on=date(2026, 4, 1))
        assert s.afgoerelse_validate_complete(afg, now=NOW) == ["borgeren skal være fyldt 18 år (serviceloven gælder kun voksne)"]


@pytest.mark.django_db
class AfgoerelseTraefTests:
    def test_it_makes_a_bevilling_active(self, cast, ks, django_capture_on_commit_callbacks) -> None:
        h = make_henvendelse(cast.sag_erik, cast.anna)
        udr = make_udredning(cast.sag_erik, cast.anna, henvendelse=h)
        afg = make_draft(cast.sag_erik, cast.anna, udredning=udr)
        with django_capture_on_commit_callbacks() as callbacks:
            afg = s.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=cast.anna, now=NOW)
        assert afg.status == "truffet" and afg.er_aktiv and afg.meddelt_on == date(2026, 3, 20)
        assert len(callbacks) == 1  # the letter task is enqueued after commit
        h.refresh_from_db()
        assert h.status == Henvendelse.Status.AFGJORT

    def test_it_refuses_an_incomplete_decision_naming_what_is_missing(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna, maalgruppe=None, klagevejledning="")
        with pytest.raises(ApplicationError) as exc:
            s.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=cast.anna, now=NOW)
        assert "primær målgruppe" in exc.value.message and "klagevejledning" in exc.value.message
        afg.refresh_from_db()
        assert afg.status == "kladde"

    def test_the_database_refuses_an_incomplete_truffet_decision(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna, klagevejledning="")
        with pytest.raises(IntegrityError), transaction.atomic():
            Afgoerelse.objects.filter(pk=afg.pk).update(status="truffet", truffet_at=NOW)

    def test_the_database_refuses_a_grouping_maalgruppe(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna)
        group = Kode.objects.maalgrupper(leaf_only=False).filter(is_leaf=False).first()
        with pytest.raises(DatabaseError), transaction.atomic():
            Afgoerelse.objects.filter(pk=afg.pk).update(maalgruppe=group)

    def test_the_service_refuses_a_grouping_maalgruppe(self, cast, ks) -> None:
        group = Kode.objects.maalgrupper(leaf_only=False).filter(is_leaf=False).first()
        with pytest.raises(ValidationError, match="laveste niveau"):
            make_draft(cast.sag_erik, cast.anna, maalgruppe=group)

    def test_it_refuses_a_stale_version(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna)
        stale = afg.version
        s.afgoerelse_update(afgoerelse=afg, version=stale, actor=cast.anders, begrundelse_fakta="Nye fakta")
        with pytest.raises(ConflictError, match="Anders Kollega"):
            s.afgoerelse_traef(afgoerelse=afg, version=stale, actor=cast.anna, now=NOW)

    def test_it_refuses_a_second_active_bevilling(self, cast, ks) -> None:
        make_bevilling(cast.sag_erik, cast.anna)
        afg = s.afgoerelse_create(sag=cast.sag_erik, resultat="bevilling", udredning=make_udredning(cast.sag_erik, cast.anna), actor=cast.anna, now=NOW)
        afg = s.afgoerelse_update(afgoerelse=afg, version=afg.version, actor=cast.anna, **complete_fields())
        with pytest.raises(ApplicationError, match="allerede en aktiv bevilling"):
            s.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=cast.anna, now=NOW)

    def test_an_afslag_is_never_active(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna, resultat="afslag")
        afg = s.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=cast.anna, now=NOW)
        assert afg.status == "truffet" and not afg.er_aktiv


@pytest.mark.django_db
class SupersessionTests:
    def test_a_change_supersedes_the_old_bevilling_in_one_step(self, cast, ks) -> None:
        old = make_bevilling(cast.sag_erik, cast.anna)
        new = s.afgoerelse_create(sag=cast.sag_erik, resultat="bevilling", udredning=old.udredning, erstatter=old, actor=cast.anna, now=NOW)
        assert new.timer == old.timer and set(new.ydelser.all()) == set(old.ydelser.all())
        new = s.afgoerelse_update(afgoerelse=new, version=new.version, actor=cast.anna, timer=5,
                                  **{k: v for k, v in complete_fields().items() if k.startswith(("begrundelse", "partshoering"))})
        new = s.afgoerelse_traef(afgoerelse=new, version=new.version, actor=cast.anna, now=NOW)
        old.refresh_from_db()
        assert new.er_aktiv and not old.er_aktiv and new.erstatter_id == old.pk
        assert old.status == "truffet"  # history stays

    def test_an_ophoer_ends_the_bevilling(self, cast, ks) -> None:
        old = make_bevilling(cast.sag_erik, cast.anna)
        ophoer = s.afgoerelse_create(sag=cast.sag_erik, resultat="ophoer", erstatter=old, actor=cast.anna, now=NOW)
        ophoer = s.afgoerelse_update(afgoerelse=ophoer, version=ophoer.version, actor=cast.anna, ends_on=date(2026, 6, 30),
                                     **{k: v for k, v in complete_fields().items() if k.startswith(("begrundelse", "partshoering"))})
        ophoer = s.afgoerelse_traef(afgoerelse=ophoer, version=ophoer.version, actor=cast.anna, now=NOW)
        old.refresh_from_db()
        assert not old.er_aktiv and not ophoer.er_aktiv

    def test_the_database_allows_one_active_bevilling_per_lovgrundlag(self, cast, ks) -> None:
        old = make_bevilling(cast.sag_erik, cast.anna)
        other = make_draft(cast.sag_erik, cast.anna, resultat="afslag")
        other = s.afgoerelse_traef(afgoerelse=other, version=other.version, actor=cast.anna, now=NOW)
        Afgoerelse.objects.filter(pk=other.pk).update(resultat="bevilling", starts_on=date(2026, 4, 1), maalgruppe=old.maalgruppe, form="individuel", timer=2, timer_periode="uge")
        with pytest.raises(IntegrityError), transaction.atomic():
            Afgoerelse.objects.filter(pk=other.pk).update(er_aktiv=True)

    def test_it_refuses_to_change_an_inactive_bevilling(self, cast, ks) -> None:
        afslag = s.afgoerelse_traef(afgoerelse=(d := make_draft(cast.sag_erik, cast.anna, resultat="afslag")), version=d.version, actor=cast.anna, now=NOW)
        with pytest.raises(ValidationError):
            s.afgoerelse_create(sag=cast.sag_erik, resultat="bevilling", erstatter=afslag, actor=cast.anna, now=NOW)


@pytest.mark.django_db
class ApprovalTests:
    @pytest.fixture
    def ks(self, cast, ffb):  # type: ignore[no-untyped-def]
        return make_kvalitetsstandard(cast.bo, kraever_ledergodkendelse=True)

    def test_it_waits_for_the_leader_and_then_is_made(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        assert afg.status == "afventer" and not afg.er_aktiv and afg.indstillet_af == cast.anna
        afg = s.afgoerelse_approve(afgoerelse=afg, actor=cast.bo, now=NOW)
        assert afg.status == "truffet" and afg.er_aktiv and afg.godkendt_af == cast.bo

    def test_the_leader_can_send_it_back_with_a_comment(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        afg = s.afgoerelse_send_back(afgoerelse=afg, kommentar="Uddyb hovedhensyn.", actor=cast.bo, now=NOW)
        assert afg.status == "kladde" and afg.leder_kommentar == "Uddyb hovedhensyn."
        afg = s.afgoerelse_update(afgoerelse=afg, version=afg.version, actor=cast.anna, begrundelse_hovedhensyn="Uddybet.")
        afg = s.afgoerelse_traef(afgoerelse=afg, version=afg.version, actor=cast.anna, now=NOW)
        assert afg.status == "afventer"

    def test_a_sagsbehandler_cannot_approve(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        with pytest.raises(NotAllowedError):
            s.afgoerelse_approve(afgoerelse=afg, actor=cast.anna, now=NOW)

    def test_another_teams_leader_cannot_approve(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        with pytest.raises(NotAllowedError):
            s.afgoerelse_approve(afgoerelse=afg, actor=cast.sofie, now=NOW)

    def test_sending_back_needs_a_comment(self, cast, ks) -> None:
        afg = make_bevilling(cast.sag_erik, cast.anna)
        with pytest.raises(ValidationError):
            s.afgoerelse_send_back(afgoerelse=afg, kommentar=" ", actor=cast.bo, now=NOW)

    def test_a_draft_cannot_be_approved(self, cast, ks) -> None:
        afg = make_draft(cast.sag_erik, cast.anna)
        with pytest.raises(ApplicationError, match="venter ikke"):
            s.afgoerelse_approve(afgoerelse=afg, actor=cast.bo, now=NOW)

"""FFB report bundles (KL FFB reporting model) checked against the rules in DOMAIN.md section 5."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from bostotte.ffb.models import Kode
from tilsyn.maaling import fhir
from visitation.models import Afgoerelse, Bestilling, Indsatsmaal

pytestmark = pytest.mark.django_db
DAG = date(2026, 6, 15)


@pytest.fixture
def erik_bundle(data, cast):  # type: ignore[no-untyped-def]
    afg = Afgoerelse.objects.get(sag=data.sag_erik)
    afg.ydelser.set(Kode.objects.current().ydelser_85()[:2])
    return fhir.bundle_for_borger(cast.erik, dag=DAG)


def resources(bundle, rt):  # type: ignore[no-untyped-def]
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == rt]


class BundleTests:
    def test_it_builds_a_valid_bundle_without_free_text(self, erik_bundle) -> None:  # type: ignore[no-untyped-def]
        assert fhir.bundle_validate(erik_bundle, fhir.Koder.load()) == []
        types = {e["resource"]["resourceType"] for e in erik_bundle["entry"]}
        assert types == {"Patient", "Encounter", "Condition", "Observation", "CarePlan", "ServiceRequest", "Goal"}
        text = json.dumps(erik_bundle, ensure_ascii=False)
        for free in ("Beskrivelse", "Kan selv handle ind", "Det går bedre", "At kunne bo i egen bolig", "Erik"):
            assert free not in text
        follow_ups = [o for o in resources(erik_bundle, "Observation") if o["code"]["coding"][0]["code"] == fhir.C.STATUS_PAA_INDSATS]
        assert len(follow_ups) == 2 and all(o["status"] == "final" and o["focus"] for o in follow_ups)
        assert len(resources(erik_bundle, "CarePlan")) == 1 and len(resources(erik_bundle, "ServiceRequest")) == 2

    def test_ids_are_stable_uuids_and_change_with_ydelser(self, erik_bundle, data, cast) -> None:  # type: ignore[no-untyped-def]
        again = fhir.bundle_for_borger(cast.erik, dag=DAG)
        assert [e["fullUrl"] for e in again["entry"]] == [e["fullUrl"] for e in erik_bundle["entry"]]
        afg = Afgoerelse.objects.get(sag=data.sag_erik)
        afg.ydelser.set(Kode.objects.current().ydelser_85()[2:3])
        changed = fhir.bundle_for_borger(cast.erik, dag=DAG)
        assert resources(changed, "CarePlan")[0]["id"] != resources(erik_bundle, "CarePlan")[0]["id"]


class ValidateTests:
    @pytest.fixture
    def koder(self, ffb):  # type: ignore[no-untyped-def]
        return fhir.Koder.load()

    def broken(self, bundle, rt, change):  # type: ignore[no-untyped-def]
        b = copy.deepcopy(bundle)
        change(resources(b, rt))
        return b

    def test_an_aktivitet_og_deltagelse_condition_needs_a_severity(self, erik_bundle, koder) -> None:  # type: ignore[no-untyped-def]
        b = self.broken(erik_bundle, "Condition", lambda rs: rs[0].pop("severity"))
        assert any("skal have et funktionsevneniveau" in e for e in fhir.bundle_validate(b, koder))

    def test_other_conditions_must_not_have_one(self, erik_bundle, koder) -> None:  # type: ignore[no-untyped-def]
        other = Kode.objects.current().undertemaer().filter(kraever_funktionsevneniveau=False).first()

        def change(rs):  # type: ignore[no-untyped-def]
            rs[0]["code"] = {"coding": [{"system": fhir.C.FFB_URL, "code": other.code}]}

        assert any("kun Aktivitet og deltagelse" in e for e in fhir.bundle_validate(self.broken(erik_bundle, "Condition", change), koder))

    def test_a_goal_has_exactly_one_primary_condition(self, erik_bundle, koder) -> None:  # type: ignore[no-untyped-def]
        b = self.broken(erik_bundle, "Goal", lambda rs: rs[0]["addresses"].append(copy.deepcopy(rs[0]["addresses"][0])))
        assert any("præcis én primær" in e for e in fhir.bundle_validate(b, koder))

    def test_a_careplan_has_at_most_one_primary_maalgruppe_and_a_follow_up(self, erik_bundle, koder) -> None:  # type: ignore[no-untyped-def]
        def change(rs):  # type: ignore[no-untyped-def]
            groups = [x for x in rs[0]["extension"] if x["url"] == fhir.EXT_TARGET_GROUP]
            rs[0]["extension"] = [*groups, *groups]

        errors = fhir.bundle_validate(self.broken(erik_bundle, "CarePlan", change), koder)
        assert any("højst én primær målgruppe" in e for e in errors)
        assert any("planlagt opfølgning" in e for e in errors)

    def test_a_follow_up_is_final_with_one_status_code(self, erik_bundle, koder) -> None:  # type: ignore[no-untyped-def]
        def change(rs):  # type: ignore[no-untyped-def]
            for r in rs:
                r["status"] = "preliminary"

        errors = fhir.bundle_validate(self.broken(erik_bundle, "Observation", change), koder)
        assert any("final eller entered-in-error" in e for e in errors)

    def test_free_text_non_uuid_ids_and_a_missing_cpr_are_refused(self, erik_bundle, koder) -> None:  # type: ignore[no-untyped-def]
        def change(rs):  # type: ignore[no-untyped-def]
            rs[0]["text"] = {"div": "<div>Erik</div>"}
            rs[0]["id"] = "erik"
            rs[0]["identifier"] = []

        errors = fhir.bundle_validate(self.broken(erik_bundle, "Patient", change), koder)
        assert any("Fritekst" in e for e in errors) and any("UUID" in e for e in errors) and any("CPR" in e for e in errors)

    def test_an_ended_ydelse_needs_an_end_date(self, erik_bundle, koder) -> None:  # type: ignore[no-untyped-def]
        def change(rs):  # type: ignore[no-untyped-def]
            rs[0]["status"] = "completed"

        assert any("slutdato" in e for e in fhir.bundle_validate(self.broken(erik_bundle, "ServiceRequest", change), koder))


class RapportWriteTests:
    def test_it_writes_one_bundle_per_changed_citizen_and_refuses_invalid_ones(self, data, cast) -> None:  # type: ignore[no-untyped-def]
        today = timezone.localdate()
        assert {cast.erik.pk, cast.gitte.pk, data.mona.pk} <= set(fhir.changed_borger_ids(today))
        assert fhir.changed_borger_ids(date(2020, 1, 1)) == []
        # Mona's indsatsmål has no udredning behind it: her bundle breaks the Goal rule
        with pytest.raises(ValueError, match="præcis én primær"):
            fhir.ffb_rapport_write(dag=today)

        # once Mona's rows did not change today, the day's report holds only valid bundles
        Indsatsmaal.objects.filter(bestilling=data.best_mona).update(updated_at=timezone.now() - timezone.timedelta(days=3))
        Bestilling.objects.filter(pk=data.best_mona.pk).update(updated_at=timezone.now() - timezone.timedelta(days=3))
        Afgoerelse.objects.filter(sag=data.sag_mona).update(updated_at=timezone.now() - timezone.timedelta(days=3))
        paths = fhir.ffb_rapport_write(dag=today)
        assert len(paths) == len(fhir.changed_borger_ids(today)) >= 2
        bundle = json.loads(default_storage.open(paths[0]).read())
        assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
        assert fhir.ffb_rapport_write(dag=today) == paths  # a rerun overwrites the same files

"""FFB-coded data following KL's FFB reporting model (DOMAIN.md 2.11, 5, 8.9): per day, one FHIR
R4 bundle per citizen whose case data changed that day.

Resources (ids are stable UUIDs: the model's `uuid`, or a UUID5 of a stable key):
* Patient — the citizen by CPR, `managingOrganization` by STS organisation code;
* Encounter (InformationGathering) per finished udredning; Condition per tilstand (undertema),
  with a severity (funktionsevneniveau) exactly for Aktivitet og deltagelse;
* Observation (støttebehov) per udredning — at most one per CarePlan;
* CarePlan per truffet bevilling: sagsnummer, bevillingsdato, at most one primary målgruppe
  (rank 1), secondary ones (rank 2); its id is a UUID5 over the ydelser, målgrupper and tilbud,
  so a change of those gives a new CarePlan id;
* ServiceRequest per ydelse (code, start, end once ended);
* Goal per indsatsmål: one primary Aktivitet og deltagelse Condition (rank 1), target a
  funktionsevneniveau, change value a måltype;
* Encounter (planned follow-up) for an ordered, not completed indsats;
* Observation (follow-up) per opfølgning with an FFB result (T5), status final.

No free text anywhere: descriptions, notes and begrundelser are never copied. `bundle_validate`
checks the rules from DOMAIN.md section 5; `ffb_rapport_write` refuses to write an invalid bundle.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from bostotte.core.models import Borger
from bostotte.ffb import codes as C
from bostotte.ffb.models import Kode
from tilsyn.models import Opfoelgning
from visitation.models import Afgoerelse, Bestilling, Indsatsmaal, Tilstand, Udredning

CPH = ZoneInfo("Europe/Copenhagen")
NS = uuid.UUID("6f1c5a0e-9d43-4c1e-8f6b-2a7d0c3b9e51")  # our namespace for derived ids
CPR_SYSTEM = "urn:oid:1.2.208.176.1.2"
STS_SYSTEM = "urn:oid:1.2.208.176.1.3.4"  # to confirm with KL (docs/measures.md)
KL = "http://gateway.kl.dk/1.0/StructureDefinition/"
PROFILE = {
    "Bundle": KL + "klgateway-care-delivery-report",
    "Patient": KL + "klgateway-care-citizen",
    "Encounter": KL + "klgateway-care-encounter",
    "Condition": KL + "klgateway-care-condition",
    "Observation": KL + "klgateway-care-observation",
    "CarePlan": KL + "klgateway-care-social-careplan",
    "ServiceRequest": KL + "klgateway-care-intervention",
    "Goal": KL + "klgateway-care-goal",
}
EXT_TARGET_GROUP = KL + "klgateway-care-targetgroup"
EXT_RANK = KL + "klgateway-care-rank"
EXT_CHANGE_VALUE = KL + "klgateway-care-goal-change-value"
EXT_FOLLOW_UP = KL + "klgateway-care-planned-follow-up"
FREE_TEXT_KEYS = {"text", "note", "comment", "description_text"}
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def did(key: str) -> str:
    return str(uuid.uuid5(NS, key))


def coding(kode: Any) -> dict[str, Any]:
    return {"coding": [{"system": kode.kodesystem.url, "code": kode.code}]}


def ref(resource_type: str, rid: str) -> dict[str, str]:
    return {"reference": f"{resource_type}/{rid}"}


def sts_code(kommune: Any) -> str:
    return getattr(settings, "FFB_STS_ORGANISATIONSKODE", "") or kommune.kommunenummer


@dataclass
class Koder:
    """The FFB codes the rules check against (loaded once per run)."""

    ad_undertemaer: set[str]
    funktionsevneniveauer: set[str]
    stoettebehov: set[str]
    maaltyper: set[str]
    status: set[str]
    maalgrupper: set[str]
    ydelser: set[str]

    @classmethod
    def load(cls) -> Koder:

        k = Kode.objects.current()
        return cls(
            ad_undertemaer=set(k.aktivitet_deltagelse_undertemaer().values_list("code", flat=True)),
            funktionsevneniveauer=set(k.funktionsevneniveauer().values_list("code", flat=True)),
            stoettebehov=set(k.stoettebehov().values_list("code", flat=True)),
            maaltyper=set(k.maaltyper().values_list("code", flat=True)),
            status=set(k.status_paa_indsats().filter(is_leaf=True).values_list("code", flat=True)),
            maalgrupper=set(k.maalgrupper().values_list("code", flat=True)),
            ydelser=set(k.ydelser(leaf_only=True).values_list("code", flat=True)),
        )


def _meta(resource_type: str, last_updated: datetime) -> dict[str, Any]:
    return {"profile": [PROFILE[resource_type]], "lastUpdated": last_updated.astimezone(CPH).isoformat()}


def bundle_for_borger(borger: Any, *, dag: date, now: datetime | None = None) -> dict[str, Any]:
    """One delivery bundle for the citizen: the current state of their coded case data."""

    now = now or timezone.now()
    entries: list[dict[str, Any]] = []

    def add(resource: dict[str, Any], updated: datetime) -> None:
        resource["meta"] = _meta(resource["resourceType"], updated)
        entries.append({"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource})

    patient_id = str(borger.uuid)
    add({"resourceType": "Patient", "id": patient_id, "identifier": [{"system": CPR_SYSTEM, "value": borger.cpr}],
         "managingOrganization": {"identifier": {"system": STS_SYSTEM, "value": sts_code(borger.kommune)}}}, borger.updated_at)
    subject = ref("Patient", patient_id)

    udredninger = list(Udredning.objects.filter(sag__borger=borger, status="afsluttet").select_related("stoettebehov__kodesystem").order_by("afsluttet_at"))
    tilstande = list(Tilstand.objects.filter(udredning__in=udredninger).select_related(
        "undertema__kodesystem", "funktionsevneniveau__kodesystem").order_by("udredning__afsluttet_at", "id"))
    condition_for: dict[tuple[int, int], str] = {}  # (sag id, undertema id) → latest Condition id
    for u in udredninger:
        add({"resourceType": "Encounter", "id": str(u.uuid), "status": "finished",
             "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HH"},
             "type": [{"coding": [{"system": C.CARESOCIAL_URL, "code": "InformationGathering"}]}],
             "subject": subject, "period": {"start": u.afsluttet_at.astimezone(CPH).isoformat()}}, u.updated_at)
        if u.stoettebehov_id:
            add({"resourceType": "Observation", "id": did(f"stoettebehov:{u.pk}"), "status": "final",
                 "code": {"coding": [{"system": C.FFB_URL, "code": C.STOETTEBEHOVSNIVEAU}]},
                 "valueCodeableConcept": coding(u.stoettebehov), "subject": subject, "encounter": ref("Encounter", str(u.uuid)),
                 "effectiveDateTime": u.afsluttet_at.astimezone(CPH).isoformat()}, u.updated_at)
    enc_of = {u.pk: str(u.uuid) for u in udredninger}
    for t in tilstande:
        cid = did(f"tilstand:{t.pk}")
        cond: dict[str, Any] = {"resourceType": "Condition", "id": cid, "code": coding(t.undertema), "subject": subject,
                                "encounter": ref("Encounter", enc_of[t.udredning_id])}
        if t.funktionsevneniveau_id:
            cond["severity"] = coding(t.funktionsevneniveau)
        add(cond, t.updated_at)
        sag_id = next(u.sag_id for u in udredninger if u.pk == t.udredning_id)
        condition_for[(sag_id, t.undertema_id)] = cid

    afgoerelser = list(
        Afgoerelse.objects.filter(borger=borger, status="truffet", resultat="bevilling")
        .select_related("sag", "maalgruppe__kodesystem").prefetch_related("ydelser__kodesystem", "maalgrupper_sekundaere__kodesystem")
        .order_by("truffet_at")
    )
    latest_stoettebehov = {u.sag_id: did(f"stoettebehov:{u.pk}") for u in udredninger if u.stoettebehov_id}
    bestillinger = list(Bestilling.objects.filter(afgoerelse__in=afgoerelser).exclude(status="kladde"))
    maal = list(Indsatsmaal.objects.filter(bestilling__in=bestillinger).select_related(
        "undertema__kodesystem", "maaltype__kodesystem", "forventet_niveau__kodesystem", "bestilling"))
    opfoelgninger = list(Opfoelgning.objects.filter(bestilling__in=bestillinger, status_kode__isnull=False).select_related("status_kode__kodesystem", "bestilling"))
    for afg in afgoerelser:
        ydelser = sorted(afg.ydelser.all(), key=lambda k: k.code)
        sekundaere = sorted(afg.maalgrupper_sekundaere.all(), key=lambda k: k.code)
        key = "|".join([f"{afg.uuid}", ",".join(k.code for k in ydelser), afg.maalgruppe.code if afg.maalgruppe else "",
                        ",".join(k.code for k in sekundaere), afg.form])
        cp_id = did(f"careplan:{key}")
        ended = afg.ends_on is not None and afg.ends_on < dag or not afg.er_aktiv
        mine = [b for b in bestillinger if b.afgoerelse_id == afg.pk]
        goals = [m for m in maal if m.bestilling.afgoerelse_id == afg.pk]
        sr_ids = []
        for y in ydelser:
            sr_id = did(f"ydelse:{afg.pk}:{y.code}")
            sr_ids.append(sr_id)
            period = {"start": afg.starts_on.isoformat()}
            if ended and afg.ends_on:
                period["end"] = afg.ends_on.isoformat()
            add({"resourceType": "ServiceRequest", "id": sr_id, "status": "completed" if ended else "active", "intent": "plan",
                 "code": coding(y), "subject": subject, "occurrencePeriod": period, "basedOn": [ref("CarePlan", cp_id)]}, afg.updated_at)
        for m in goals:
            primary = condition_for.get((afg.sag_id, m.undertema_id))
            goal: dict[str, Any] = {
                "resourceType": "Goal", "id": str(m.uuid), "lifecycleStatus": "active" if m.status == "aktiv" else "completed",
                "description": coding(m.undertema), "subject": subject,
                "addresses": [{**ref("Condition", primary), "extension": [{"url": EXT_RANK, "valuePositiveInt": 1}]}] if primary else [],
                "target": [{"detailCodeableConcept": coding(m.forventet_niveau)}] if m.forventet_niveau_id else [],
            }
            if m.maaltype_id:
                goal["extension"] = [{"url": EXT_CHANGE_VALUE, "valueCodeableConcept": coding(m.maaltype)}]
            add(goal, m.updated_at)
        target_groups = []
        if afg.maalgruppe:
            target_groups.append({"url": EXT_TARGET_GROUP, "extension": [
                {"url": "targetGroup", "valueCodeableConcept": coding(afg.maalgruppe)}, {"url": "rank", "valuePositiveInt": 1}]})
        for k in sekundaere:
            target_groups.append({"url": EXT_TARGET_GROUP, "extension": [
                {"url": "targetGroup", "valueCodeableConcept": coding(k)}, {"url": "rank", "valuePositiveInt": 2}]})
        careplan: dict[str, Any] = {
            "resourceType": "CarePlan", "id": cp_id, "status": "completed" if ended else "active", "intent": "order",
            "identifier": [{"system": f"urn:kommune:{afg.sag.handlekommune_id}:sagsnummer", "value": afg.sag.sagsnummer}],
            "subject": subject, "period": {"start": afg.starts_on.isoformat(), **({"end": afg.ends_on.isoformat()} if afg.ends_on else {})},
            "extension": target_groups,
            "activity": [{"reference": ref("ServiceRequest", s)} for s in sr_ids],
            "goal": [ref("Goal", str(m.uuid)) for m in goals],
        }
        if afg.sag_id in latest_stoettebehov:
            careplan["supportingInfo"] = [ref("Observation", latest_stoettebehov[afg.sag_id])]
        ordered = any(b.status in ("sendt", "accepteret", "startet") for b in mine)
        if ordered and not ended:
            next_on = min((m.opfoelgning_on for m in goals if m.status == "aktiv"), default=None)
            if next_on:
                enc_id = did(f"opfoelgning-planlagt:{afg.pk}")
                add({"resourceType": "Encounter", "id": enc_id, "status": "planned",
                     "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "HH"},
                     "type": [{"coding": [{"system": C.CARESOCIAL_URL, "code": "FollowUp"}]}], "subject": subject,
                     "period": {"start": next_on.isoformat()}}, afg.updated_at)
                careplan["extension"] = [*careplan["extension"], {"url": EXT_FOLLOW_UP, "valueReference": ref("Encounter", enc_id)}]
        add(careplan, afg.updated_at)
        for o in (o for o in opfoelgninger if o.bestilling.afgoerelse_id == afg.pk):
            add({"resourceType": "Observation", "id": str(o.uuid), "status": "final",
                 "code": {"coding": [{"system": C.FFB_URL, "code": C.STATUS_PAA_INDSATS}]}, "valueCodeableConcept": coding(o.status_kode),
                 "effectiveDateTime": o.udfoert_on.isoformat(), "subject": subject, "focus": [ref("CarePlan", cp_id)]}, o.updated_at)
    return {
        "resourceType": "Bundle", "id": did(f"bundle:{borger.pk}:{dag.isoformat()}"), "type": "collection",
        "meta": _meta("Bundle", now), "timestamp": now.astimezone(CPH).isoformat(), "entry": entries,
    }


def _walk_keys(node: Any) -> Iterable[str]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield k
            yield from _walk_keys(v)
    elif isinstance(node, list):
        for v in node:
            yield from _walk_keys(v)


def _codes(cc: dict[str, Any] | None) -> set[str]:
    return {c["code"] for c in (cc or {}).get("coding", [])}


def bundle_validate(bundle: dict[str, Any], koder: Koder) -> list[str]:
    """The rules from DOMAIN.md section 5 (KL FFB reporting guide). Empty list = valid."""
    errors: list[str] = []
    resources = [e["resource"] for e in bundle.get("entry", [])]
    by_id = {(r["resourceType"], r["id"]): r for r in resources}
    if not UUID_RE.match(bundle.get("id", "")):
        errors.append("Bundle: id er ikke et UUID")
    for key in _walk_keys(bundle):
        if key in FREE_TEXT_KEYS:
            errors.append(f"Fritekst er ikke tilladt ({key})")
    for r in resources:
        rt, rid = r["resourceType"], r["id"]
        where = f"{rt}/{rid}"
        if not UUID_RE.match(rid):
            errors.append(f"{where}: id er ikke et UUID")
        if not r.get("meta", {}).get("profile") or not r.get("meta", {}).get("lastUpdated"):
            errors.append(f"{where}: mangler meta.profile eller meta.lastUpdated")
        if rt == "Patient":
            cpr = [i["value"] for i in r.get("identifier", []) if i.get("system") == CPR_SYSTEM]
            if len(cpr) != 1 or not re.fullmatch(r"\d{10}", cpr[0]):
                errors.append(f"{where}: borgeren skal have ét gyldigt CPR-nummer")
            if not r.get("managingOrganization", {}).get("identifier", {}).get("value"):
                errors.append(f"{where}: mangler STS-organisationskode")
        elif rt == "Condition":
            ad = bool(_codes(r.get("code")) & koder.ad_undertemaer)
            if ad and not (_codes(r.get("severity")) & koder.funktionsevneniveauer):
                errors.append(f"{where}: Aktivitet og deltagelse skal have et funktionsevneniveau")
            if not ad and "severity" in r:
                errors.append(f"{where}: kun Aktivitet og deltagelse må have et funktionsevneniveau")
        elif rt == "Goal":
            primary = [a for a in r.get("addresses", []) if any(x.get("valuePositiveInt") == 1 for x in a.get("extension", []))]
            if len(primary) != 1:
                errors.append(f"{where}: indsatsmålet skal have præcis én primær tilstand")
            else:
                cond = by_id.get(("Condition", primary[0]["reference"].split("/", 1)[1]))
                if cond is None or not (_codes(cond.get("code")) & koder.ad_undertemaer):
                    errors.append(f"{where}: den primære tilstand skal være under Aktivitet og deltagelse")
            for t in r.get("target", []):
                if not (_codes(t.get("detailCodeableConcept")) <= koder.funktionsevneniveauer):
                    errors.append(f"{where}: målet skal være et funktionsevneniveau")
            for x in r.get("extension", []):
                if x["url"] == EXT_CHANGE_VALUE and not (_codes(x.get("valueCodeableConcept")) <= koder.maaltyper):
                    errors.append(f"{where}: ændringsværdien skal være en måltype")
            if not r.get("target") and not any(x["url"] == EXT_CHANGE_VALUE for x in r.get("extension", [])):
                errors.append(f"{where}: indsatsmålet mangler mål eller måltype")
        elif rt == "CarePlan":
            if not r.get("identifier") or not r["identifier"][0].get("value"):
                errors.append(f"{where}: mangler sagsnummer")
            if not r.get("period", {}).get("start"):
                errors.append(f"{where}: mangler bevillingsdato")
            groups = [x for x in r.get("extension", []) if x["url"] == EXT_TARGET_GROUP]
            ranks = [next((e["valuePositiveInt"] for e in g["extension"] if e["url"] == "rank"), None) for g in groups]
            if ranks.count(1) > 1:
                errors.append(f"{where}: højst én primær målgruppe")
            for g in groups:
                cc = next((e["valueCodeableConcept"] for e in g["extension"] if e["url"] == "targetGroup"), None)
                if not (_codes(cc) <= koder.maalgrupper) or not _codes(cc):
                    errors.append(f"{where}: målgruppen skal være en bladkode")
            if len(r.get("supportingInfo", [])) > 1:
                errors.append(f"{where}: højst én støttebehovsvurdering")
            if r.get("status") == "active" and r.get("activity") and not any(x["url"] == EXT_FOLLOW_UP for x in r.get("extension", [])):
                errors.append(f"{where}: en bestilt, ikke afsluttet indsats skal have en planlagt opfølgning")
        elif rt == "ServiceRequest":
            if not (_codes(r.get("code")) & koder.ydelser):
                errors.append(f"{where}: ydelsen skal være en FFB-ydelse")
            period = r.get("occurrencePeriod", {})
            if not period.get("start"):
                errors.append(f"{where}: ydelsen mangler startdato")
            if r.get("status") == "completed" and not period.get("end"):
                errors.append(f"{where}: en afsluttet ydelse skal have en slutdato")
        elif rt == "Observation" and _codes(r.get("code")) == {C.STATUS_PAA_INDSATS}:
            if len(_codes(r.get("valueCodeableConcept"))) != 1 or not (_codes(r.get("valueCodeableConcept")) <= koder.status):
                errors.append(f"{where}: opfølgningen skal have én kode fra Status på indsats")
            if r.get("status") not in ("final", "entered-in-error"):
                errors.append(f"{where}: opfølgningens status skal være final eller entered-in-error")
            if not r.get("effectiveDateTime") or not any(f["reference"].startswith("CarePlan/") for f in r.get("focus", [])):
                errors.append(f"{where}: opfølgningen mangler tidspunkt eller indsats")
    return errors


def changed_borger_ids(dag: date) -> list[int]:
    """Citizens with a change in their coded case data on `dag` (Copenhagen)."""

    lo = datetime.combine(dag, time.min, tzinfo=CPH)
    hi = datetime.combine(dag + timedelta(days=1), time.min, tzinfo=CPH)
    window = Q(updated_at__gte=lo, updated_at__lt=hi)
    ids: set[int] = set()
    ids |= set(Udredning.objects.filter(window).values_list("sag__borger_id", flat=True))
    ids |= set(Tilstand.objects.filter(window).values_list("udredning__sag__borger_id", flat=True))
    ids |= set(Afgoerelse.objects.filter(window, status="truffet").values_list("borger_id", flat=True))
    ids |= set(Bestilling.objects.filter(window).values_list("sag__borger_id", flat=True))
    ids |= set(Indsatsmaal.objects.filter(window).values_list("bestilling__sag__borger_id", flat=True))
    ids |= set(Opfoelgning.objects.filter(window).values_list("sag__borger_id", flat=True))
    return sorted(ids)


def ffb_rapport_write(*, dag: date, now: datetime | None = None) -> list[str]:
    """Write the day's bundles to private storage (`ffb/<dag>/<bundle id>.json`); invalid bundles
    are not written and raise, so the operator sees them. Rerunning the day overwrites (same ids)."""

    now = now or timezone.now()
    koder = Koder.load()
    paths = []
    for borger in Borger.objects.filter(pk__in=changed_borger_ids(dag)).select_related("kommune"):
        bundle = bundle_for_borger(borger, dag=dag, now=now)
        errors = bundle_validate(bundle, koder)
        if errors:
            raise ValueError(f"FFB-bundle {bundle['id']} er ugyldig: " + "; ".join(errors))
        path = f"ffb/{dag.isoformat()}/{bundle['id']}.json"
        if default_storage.exists(path):
            default_storage.delete(path)
        paths.append(default_storage.save(path, ContentFile(json.dumps(bundle, ensure_ascii=False, indent=1).encode())))
    return paths

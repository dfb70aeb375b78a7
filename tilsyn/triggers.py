"""Database guards for cross-table rules (the services check the same rules first, in Danish)."""

from __future__ import annotations

import pgtrigger

# Re-ratings only for Aktivitet og deltagelse undertemaer, and levels must be funktionsevneniveauer.
tilstandvurdering_scope = pgtrigger.Trigger(
    name="tilsyn_tilstandvurdering_scope",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NOT EXISTS (
        SELECT 1 FROM ffb_kode k WHERE k.id = NEW.undertema_id AND k.gruppe = 'undertema' AND k.kraever_funktionsevneniveau
    ) THEN
        RAISE EXCEPTION 'tilsyn_tilstandvurdering_undertema: kun undertemaer under Aktivitet og deltagelse kan genvurderes'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM ffb_kode k WHERE k.id = NEW.efter_niveau_id AND k.gruppe = 'funktionsevneniveau')
       OR (NEW.foer_niveau_id IS NOT NULL AND NOT EXISTS (
           SELECT 1 FROM ffb_kode k WHERE k.id = NEW.foer_niveau_id AND k.gruppe = 'funktionsevneniveau'))
    THEN
        RAISE EXCEPTION 'tilsyn_tilstandvurdering_niveau: koden er ikke et funktionsevneniveau'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)

# The new støttebehov is a T3 code and the result a T5 "Status på indsats" code.
opfoelgning_koder = pgtrigger.Trigger(
    name="tilsyn_opfoelgning_koder",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NOT EXISTS (SELECT 1 FROM ffb_kode k WHERE k.id = NEW.stoettebehov_id AND k.gruppe = 'stoettebehov') THEN
        RAISE EXCEPTION 'tilsyn_opfoelgning_stoettebehov: koden er ikke et støttebehovsniveau'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status_kode_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM ffb_kode k WHERE k.id = NEW.status_kode_id AND k.gruppe = 'status_paa_indsats' AND k.is_leaf
    ) THEN
        RAISE EXCEPTION 'tilsyn_opfoelgning_status_kode: koden er ikke en FFB-status på indsats'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)

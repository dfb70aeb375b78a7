"""Database-level guards for the plan rules that a CheckConstraint cannot express.

The services check the same rules first and give a Danish message; these are the second guard."""

from __future__ import annotations

import pgtrigger

# Columns of a handleplan version that may still change after it is written: whether it is the
# current one (only true → false, when a newer version replaces it) and the citizen's acceptance
# (only once, only on the current version). Everything else is the plan text and never changes.
_MUTABLE = "'er_gaeldende' - 'accepteret_at' - 'accepteret_af_id' - 'accepteret_rolle' - 'updated_at'"

handleplan_version_immutable = pgtrigger.Trigger(
    name="handleplaner_handleplanversion_immutable",
    when=pgtrigger.Before,
    operation=pgtrigger.Update,
    func=f"""
    IF (to_jsonb(NEW) - {_MUTABLE}) IS DISTINCT FROM (to_jsonb(OLD) - {_MUTABLE}) THEN
        RAISE EXCEPTION 'handleplaner_handleplanversion_immutable: en version af handleplanen kan ikke ændres - lav en ny version'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.er_gaeldende AND NOT OLD.er_gaeldende THEN
        RAISE EXCEPTION 'handleplaner_handleplanversion_immutable: en tidligere version kan ikke blive gældende igen'
            USING ERRCODE = 'check_violation';
    END IF;
    IF (NEW.accepteret_at IS DISTINCT FROM OLD.accepteret_at OR NEW.accepteret_af_id IS DISTINCT FROM OLD.accepteret_af_id
        OR NEW.accepteret_rolle IS DISTINCT FROM OLD.accepteret_rolle)
       AND (OLD.accepteret_at IS NOT NULL OR NOT OLD.er_gaeldende) THEN
        RAISE EXCEPTION 'handleplaner_handleplanversion_immutable: kun den gældende version kan accepteres, og kun én gang'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)

handleplan_version_no_delete = pgtrigger.Protect(
    name="handleplaner_handleplanversion_no_delete", operation=pgtrigger.Delete
)

# A delmål sits under an indsatsmål of the same bestilling as its pædagogiske plan.
delmaal_same_bestilling = pgtrigger.Trigger(
    name="handleplaner_delmaal_same_bestilling",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NOT EXISTS (
        SELECT 1 FROM visitation_indsatsmaal m JOIN handleplaner_paedagogiskplan p ON p.bestilling_id = m.bestilling_id
        WHERE m.id = NEW.indsatsmaal_id AND p.id = NEW.plan_id
    ) THEN
        RAISE EXCEPTION 'handleplaner_delmaal_same_bestilling: delmålet skal høre under et indsatsmål i samme bestilling'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)

# A pædagogisk plan is written for an order the leverandør has accepted.
paedagogiskplan_bestilling_live = pgtrigger.Trigger(
    name="handleplaner_paedagogiskplan_bestilling_live",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert,
    func="""
    IF NOT EXISTS (
        SELECT 1 FROM visitation_bestilling b WHERE b.id = NEW.bestilling_id AND b.status IN ('accepteret', 'startet')
    ) THEN
        RAISE EXCEPTION 'handleplaner_paedagogiskplan_bestilling_live: en pædagogisk plan kræver en accepteret bestilling'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)

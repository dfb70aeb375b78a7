"""Database-level guards for rules that look across tables (a CheckConstraint cannot).

The services check the same rules first and give the Danish message; these are the second guard."""

from __future__ import annotations

import pgtrigger

# Only staff of the leverandør the bestilling is addressed to can be assigned.
tildeling_same_leverandoer = pgtrigger.Trigger(
    name="levering_tildeling_same_leverandoer",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NOT EXISTS (
        SELECT 1
        FROM visitation_bestilling b
        JOIN core_leverandoerteam t ON t.leverandoer_id = b.leverandoer_id
        JOIN core_medarbejder m ON m.leverandoer_team_id = t.id
        JOIN core_user u ON u.id = m.user_id
        WHERE b.id = NEW.bestilling_id AND m.user_id = NEW.medarbejder_id AND u.rolle = 'bostoette'
    ) THEN
        RAISE EXCEPTION 'levering_tildeling_same_leverandoer: kun leverandørens egne bostøttemedarbejdere kan tildeles'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)

# A visit belongs to the bestilling's case, and its staff member must be assigned to the bestilling
# on the visit's (Copenhagen) date.
besoeg_within_tildeling = pgtrigger.Trigger(
    name="levering_besoeg_within_tildeling",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NOT EXISTS (SELECT 1 FROM visitation_bestilling b WHERE b.id = NEW.bestilling_id AND b.sag_id = NEW.sag_id) THEN
        RAISE EXCEPTION 'levering_besoeg_sag_matches: besøget skal høre til bestillingens sag'
            USING ERRCODE = 'check_violation';
    END IF;
    IF NOT EXISTS (
        SELECT 1 FROM levering_tildeling t
        WHERE t.bestilling_id = NEW.bestilling_id
          AND t.medarbejder_id = NEW.medarbejder_id
          AND t.starts_on <= (NEW.starts_at AT TIME ZONE 'Europe/Copenhagen')::date
          AND (t.ends_on IS NULL OR t.ends_on >= (NEW.starts_at AT TIME ZONE 'Europe/Copenhagen')::date)
    ) THEN
        RAISE EXCEPTION 'levering_besoeg_within_tildeling: besøg kan kun registreres inden for en aktiv tildeling'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)

indlaeggelse_borger_matches_sag = pgtrigger.Trigger(
    name="levering_indlaeggelse_borger_matches_sag",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NOT EXISTS (SELECT 1 FROM core_sag s WHERE s.id = NEW.sag_id AND s.borger_id = NEW.borger_id) THEN
        RAISE EXCEPTION 'levering_indlaeggelse_borger_matches_sag: indlæggelsen skal høre til sagens borger'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
    """,
)

# A staff member is not in two places at once (cancelled visits do not count). Visits of one
# group session share the time. The advisory lock serialises concurrent writes per staff member,
# so two simultaneous inserts cannot both pass the check.
besoeg_no_overlap = pgtrigger.Trigger(
    name="levering_besoeg_no_overlap",
    when=pgtrigger.Before,
    operation=pgtrigger.Insert | pgtrigger.Update,
    func="""
    IF NEW.status NOT IN ('aflyst_borger', 'aflyst_medarbejder') THEN
        PERFORM pg_advisory_xact_lock(hashtext('levering_besoeg_no_overlap'), NEW.medarbejder_id::integer);
        IF EXISTS (
            SELECT 1 FROM levering_besoeg b
            WHERE b.medarbejder_id = NEW.medarbejder_id
              AND b.id <> NEW.id
              AND b.status NOT IN ('aflyst_borger', 'aflyst_medarbejder')
              AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at
              -- No visit lasts more than 12 hours (CHECK levering_besoeg_max_12h), so an
              -- overlapping visit starts less than 12 hours before NEW: this bound changes no
              -- answer and lets levering_besoeg_medarb_tid read a few rows instead of the staff
              -- member's whole history.
              AND b.starts_at > NEW.starts_at - interval '12 hours'
              AND COALESCE(b.gruppesession_id, -b.id) <> COALESCE(NEW.gruppesession_id, -NEW.id)
        ) THEN
            RAISE EXCEPTION 'levering_besoeg_no_overlap: medarbejderen har allerede et besøg i tidsrummet'
                USING ERRCODE = 'exclusion_violation';
        END IF;
    END IF;
    RETURN NEW;
    """,
)

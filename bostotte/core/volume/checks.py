"""Set-based versions of levering_besoeg's per-row guard triggers, for the bulk load of visits.

seed_volume loads ~2.2 million visits with COPY. Per row, `levering_besoeg_within_tildeling` costs
two index look-ups and `levering_besoeg_no_overlap` an advisory lock and a look-up of the staff
member's visits — and with the load's indexes dropped that look-up scans the table, so the load
grows with the square of the rows. `copy.bulk_load` therefore disables exactly these two
triggers for the load and runs the queries below over the whole table afterwards, in the same
transaction; a violation rolls everything back, and the triggers are enabled again before commit.
So the database still checks the rules for generated data, once per table instead of per row.

Each query selects the ids of the rows that break the rule; bulk_load counts them (with a LIMIT
the planner walks an index in random heap order — 17 s instead of 3.5 s at N=5,000; counting all
gets a hash anti join over one sequential scan). `trigger_hash` is the hash of the trigger
function the query was written from; `bulk_load` refuses to run when the trigger has changed
since, so a changed rule cannot silently go unchecked here."""
# ruff: noqa: S608  (no input in the SQL)

from __future__ import annotations

from levering import triggers

from .copy import SetCheck

NOT_CANCELLED = "status NOT IN ('aflyst_borger', 'aflyst_medarbejder')"

BESOEG_CHECKS = (
    # levering_besoeg_within_tildeling, first rule: the visit belongs to the bestilling's case.
    SetCheck(
        trigger=triggers.besoeg_within_tildeling,
        trigger_hash="a24e87e812bbc70a6e65885ff85cee1d05c58e9a",
        sql="""SELECT b.id FROM levering_besoeg b
               WHERE NOT EXISTS (SELECT 1 FROM visitation_bestilling s
                                 WHERE s.id = b.bestilling_id AND s.sag_id = b.sag_id)""",
        message="levering_besoeg_sag_matches: besøget skal høre til bestillingens sag",
    ),
    # Second rule: the staff member is assigned to the bestilling on the visit's Copenhagen date.
    SetCheck(
        trigger=triggers.besoeg_within_tildeling,
        trigger_hash="a24e87e812bbc70a6e65885ff85cee1d05c58e9a",
        sql="""SELECT b.id FROM levering_besoeg b
               WHERE NOT EXISTS (
                   SELECT 1 FROM levering_tildeling t
                   WHERE t.bestilling_id = b.bestilling_id
                     AND t.medarbejder_id = b.medarbejder_id
                     AND t.starts_on <= (b.starts_at AT TIME ZONE 'Europe/Copenhagen')::date
                     AND (t.ends_on IS NULL
                          OR t.ends_on >= (b.starts_at AT TIME ZONE 'Europe/Copenhagen')::date))""",
        message=(
            "levering_besoeg_within_tildeling: besøg kan kun registreres inden for en aktiv tildeling"
        ),
    ),
    # levering_besoeg_no_overlap: no staff member has two overlapping (not cancelled) visits,
    # except visits of the same group session. Sorted by start, a visit overlaps an earlier one
    # exactly when it starts before the latest end among the earlier ones (window max), so only
    # those candidates get the trigger's own pairwise test (which knows about group sessions).
    SetCheck(
        trigger=triggers.besoeg_no_overlap,
        trigger_hash="6e1a829c04e36d5bb8ba57d24af615cf4dc84666",
        sql=f"""WITH v AS (
                    SELECT id, medarbejder_id, starts_at, ends_at, gruppesession_id,
                           max(ends_at) OVER (PARTITION BY medarbejder_id ORDER BY starts_at
                                              ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                               AS earlier_end
                    FROM levering_besoeg WHERE {NOT_CANCELLED})
                SELECT v.id FROM v
                WHERE v.starts_at < v.earlier_end
                  AND EXISTS (
                      SELECT 1 FROM levering_besoeg b
                      WHERE b.medarbejder_id = v.medarbejder_id AND b.id <> v.id
                        AND b.{NOT_CANCELLED}
                        AND b.starts_at < v.ends_at AND v.starts_at < b.ends_at
                        AND b.starts_at > v.starts_at - interval '12 hours'
                        AND COALESCE(b.gruppesession_id, -b.id) <> COALESCE(v.gruppesession_id, -v.id))""",
        message="levering_besoeg_no_overlap: medarbejderen har allerede et besøg i tidsrummet",
    ),
)
